"""``/network`` (the explorer's dashboard numbers) and ``/committee``."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from frontend_api.api.deps import SessionDep
from frontend_api.api.schemas import CommitteeOut, NetworkOut
from frontend_api.api.views import indexed_time
from frontend_api.indexer.indexer import STREAM
from frontend_api.indexer.models import CommitteeSigner, IndexedEvent, IndexedJob, IndexedWorker, NetworkParam
from protocol.contracts import JobStatus, Role
from protocol.follower import FollowerCursor

router = APIRouter(tags=["network"])

LOCKED = (JobStatus.OPEN.label, JobStatus.DISPUTED.label)
SETTLED = (JobStatus.SETTLED.label, JobStatus.DISPUTED.label)


def _param(s, key: str) -> str | None:
    row = s.get(NetworkParam, key)
    return row.value if row else None


@router.get("/network", response_model=NetworkOut, summary="Network summary: workers, stake, jobs, money")
def network(s: SessionDep) -> NetworkOut:
    now = indexed_time(s)
    min_stake = int(_param(s, f"min_stake_{int(Role.WORKER)}") or 0)
    workers = select(func.count()).where(IndexedWorker.role == int(Role.WORKER))
    eligible = workers.where(IndexedWorker.staked >= min_stake, IndexedWorker.jailed_until <= (now or 0))
    staked = unbonding = slashed = 0
    for node_staked, node_unbonding, node_slashed in s.execute(
        select(IndexedWorker.staked, IndexedWorker.unbonding, IndexedWorker.slashed)
    ):
        staked, unbonding, slashed = staked + node_staked, unbonding + node_unbonding, slashed + node_slashed
    by_state = {state: 0 for state in (js.label for js in JobStatus if js != JobStatus.NONE)}
    locked = paid = claimed = fees = refunded = 0
    for state, count in s.execute(select(IndexedJob.state, func.count()).group_by(IndexedJob.state)):
        by_state[state] = count
    amounts = s.execute(
        select(IndexedJob.state, IndexedJob.budget, IndexedJob.payout, IndexedJob.claimed)
        .add_columns(IndexedJob.oracle_fee, IndexedJob.refund)
        .execution_options(yield_per=2_000)
    )
    for state, budget, payout, job_claimed, fee, refund in amounts:
        if state in LOCKED:
            locked += budget
        if state in SETTLED:
            paid += payout or 0
            fees += fee or 0
        refunded += refund or 0  # a settlement's, reject's or reclaim's (open jobs have none)
        claimed += job_claimed
    cursor = s.get(FollowerCursor, STREAM)
    return NetworkOut(
        workers_registered=s.scalar(workers) or 0,
        workers_eligible=s.scalar(eligible) or 0,
        sentries_registered=s.scalar(select(func.count()).where(IndexedWorker.role == int(Role.SENTRY))) or 0,
        total_staked=str(staked),
        total_unbonding=str(unbonding),
        total_slashed=str(slashed),
        jobs_by_state=by_state,
        jobs_total=sum(by_state.values()),
        budget_locked=str(locked),
        paid_out=str(paid),
        claimed_by_workers=str(claimed),
        oracle_fees=str(fees),
        refunded=str(refunded),
        indexed_block=cursor.last_block if cursor else -1,
        indexed_time=now,
        events_indexed=s.scalar(select(func.count()).select_from(IndexedEvent)) or 0,
    )


@router.get("/committee", response_model=CommitteeOut, summary="The oracle committee: signers and threshold")
def committee(s: SessionDep) -> CommitteeOut:
    def number(key: str) -> int | None:
        value = _param(s, key)
        return int(value) if value is not None else None

    return CommitteeOut(
        signers=list(s.scalars(select(CommitteeSigner.address).order_by(CommitteeSigner.added_block))),
        threshold=number("threshold"),
        epoch=number("epoch"),
        epoch_start=number("epoch_start"),
    )
