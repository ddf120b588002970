"""``/network`` (the explorer's dashboard numbers) and ``/committee``."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from frontend_api.api.deps import SessionDep
from frontend_api.api.schemas import CommitteeOut, NetworkOut
from frontend_api.api.views import indexed_time
from frontend_api.indexer.indexer import STREAM
from frontend_api.indexer.models import (
    CommitteeSigner,
    IndexedEvent,
    IndexedWorker,
    IndexTotal,
    NetworkParam,
)
from protocol.contracts import JobStatus, Role
from protocol.follower import FollowerCursor

router = APIRouter(tags=["network"])


def _param(s, key: str) -> str | None:
    row = s.get(NetworkParam, key)
    return row.value if row else None


@router.get("/network", response_model=NetworkOut, summary="Network summary: workers, stake, jobs, money")
def network(s: SessionDep) -> NetworkOut:
    now = indexed_time(s)
    min_stake = int(_param(s, f"min_stake_{int(Role.WORKER)}") or 0)
    workers = select(func.count()).where(IndexedWorker.role == int(Role.WORKER))
    eligible = workers.where(IndexedWorker.staked >= min_stake, IndexedWorker.jailed_until <= (now or 0))
    totals = {key: value for key, value in s.execute(select(IndexTotal.key, IndexTotal.value))}
    by_state = {js.label: totals.get(f"jobs:{js.label}", 0) for js in JobStatus if js != JobStatus.NONE}
    cursor = s.get(FollowerCursor, STREAM)
    priced = "gas:txs" in totals  # frontend_api.indexer.gas: nothing before the meter's first step
    return NetworkOut(
        workers_registered=totals.get(f"nodes:role:{int(Role.WORKER)}", 0),
        workers_eligible=s.scalar(eligible) or 0,
        sentries_registered=totals.get(f"nodes:role:{int(Role.SENTRY)}", 0),
        total_staked=str(totals.get("nodes:staked", 0)),
        total_unbonding=str(totals.get("nodes:unbonding", 0)),
        total_slashed=str(totals.get("nodes:slashed", 0)),
        jobs_by_state=by_state,
        jobs_total=sum(by_state.values()),
        budget_locked=str(totals.get("jobs:locked", 0)),
        paid_out=str(totals.get("jobs:paid", 0)),
        claimed_by_workers=str(totals.get("jobs:claimed", 0)),
        oracle_fees=str(totals.get("jobs:fees", 0)),
        refunded=str(totals.get("jobs:refunded", 0)),
        gas_spent=str(totals.get("gas:fees", 0)) if priced else None,
        gas_used=totals.get("gas:used", 0) if priced else None,
        gas_transactions=totals.get("gas:txs", 0) if priced else None,
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
