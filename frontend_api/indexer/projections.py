"""What each contract event does to the index: one handler per event and table family (``@on_``).

Three projections, each rebuildable on its own from the stored events (``Indexer`` replays them after a
reorg rewind): ``JobProjection`` keys on the event's ``job_id``, ``WorkerProjection`` on its
``account`` (the node or worker), ``NetworkProjection`` is global (committee and registry settings).
An event may feed several (``PayoutClaimed``: the job's claimed sum and the worker's earnings).
Handlers read ``Event.args`` (ints as decimal strings) of a stored ``IndexedEvent`` (a replay) or a new
``EventRecord``, and never raise on a missing row: an event for a job or node the index never saw
created (a start block after its creation) is skipped with a warning.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar, cast

from sqlalchemy import Table, delete, insert
from sqlalchemy.orm import Session

from frontend_api.indexer.models import (
    INT64_MAX,
    CommitteeSigner,
    Event,
    IndexBase,
    IndexedJob,
    IndexedSettlement,
    IndexedWorker,
    IndexTotal,
    NetworkParam,
)
from protocol.contracts import JobStatus
from protocol.follower import on_

log = logging.getLogger(__name__)

ROWS = "index_rows"  # Session.info key of the rows this session touched
PENDING_SETTLEMENTS = "index_pending_settlements"  # settlement rows inserted in one batch (write_pending)
TOTALS = "index_totals_delta"  # Session.info key: changes to IndexTotal, written by write_pending
LOCKED = (JobStatus.OPEN.label, JobStatus.DISPUTED.label)
SETTLED = (JobStatus.SETTLED.label, JobStatus.DISPUTED.label)
T = TypeVar("T", bound=IndexBase)


def _int(args: dict[str, Any], key: str) -> int:
    return int(args[key])


def _clamped(args: dict[str, Any], key: str) -> int:
    """A uint256 that should be a time or a count, kept within SQL's BIGINT."""
    return min(int(args[key]), INT64_MAX)


def _get(s: Session, model: type[T], key: object) -> T | None:
    """The row of ``model`` with primary key ``key``: from this session's cache of rows touched, else the
    database. The indexer runs without autoflush (a range's rows are inserted in batches at its commit),
    so rows added in this session are found here, not by ``Session.get``."""
    cache = s.info.setdefault(ROWS, {})
    row = cache.get((model, key))
    if row is None:
        row = s.get(model, key)
        if row is not None:
            cache[(model, key)] = row
    return row


def _seen(s: Session, model: type[IndexBase], key: object) -> bool:
    """Whether this session already holds the row (no database read: for creation events, which the
    contracts emit once per id: JobEscrow numbers jobs itself, WorkerRegistry refuses a second
    registration, and a rewind deletes what it replays first)."""
    return (model, key) in s.info.get(ROWS, {})


def _add(s: Session, row: IndexBase, key: object) -> None:
    s.add(row)
    s.info.setdefault(ROWS, {})[(type(row), key)] = row


def _remove(s: Session, model: type[IndexBase], key: object) -> None:
    row = _get(s, model, key)
    if row is not None:
        s.info[ROWS].pop((model, key), None)
        if row in s.new:
            s.expunge(row)
        else:
            s.delete(row)


def job_totals(job: IndexedJob | None) -> dict[str, int]:
    """What one job adds to the network totals (``IndexTotal``)."""
    if job is None:
        return {}
    totals = {f"jobs:{job.state}": 1, "jobs:claimed": job.claimed, "jobs:refunded": job.refund or 0}
    if job.state in LOCKED:
        totals["jobs:locked"] = job.budget
    if job.state in SETTLED:
        totals["jobs:paid"], totals["jobs:fees"] = job.payout or 0, job.oracle_fee or 0
    return totals


def node_totals(node: IndexedWorker | None) -> dict[str, int]:
    if node is None:
        return {}
    return {
        f"nodes:role:{node.role}": 1,
        "nodes:staked": node.staked,
        "nodes:unbonding": node.unbonding,
        "nodes:slashed": node.slashed,
    }


def add_totals(s: Session, before: dict[str, int], after: dict[str, int]) -> None:
    """Record the change from ``before`` to ``after`` (one row's contributions) in this session's deltas."""
    delta = s.info.setdefault(TOTALS, {})
    for key in before.keys() | after.keys():
        change = after.get(key, 0) - before.get(key, 0)
        if change:
            delta[key] = delta.get(key, 0) + change


def peek(s: Session, model: type[T], key: object, *, cached_only: bool = False) -> T | None:
    """The row as it stands in this session (``cached_only``: without reading the database)."""
    if cached_only:
        return s.info.get(ROWS, {}).get((model, key))
    return _get(s, model, key)


def write_pending(s: Session) -> None:
    """Insert the settlement rows batched in this session and apply its changes to the totals."""
    pending = s.info.pop(PENDING_SETTLEMENTS, [])
    if pending:
        s.connection().execute(insert(cast(Table, IndexedSettlement.__table__)), pending)
    for key, change in s.info.pop(TOTALS, {}).items():
        row = s.get(IndexTotal, key)
        if row is None:
            s.add(IndexTotal(key=key, value=change))
        else:
            row.value += change


def forget_cached(s: Session) -> None:
    """Drop the session's row cache (before bulk deletes)."""
    s.info.pop(ROWS, None)


def _missing(kind: str, ev: Event) -> None:
    log.warning(
        "event for something the index never saw created; skipped",
        extra={"kind": kind, "event": ev.name, "job_id": ev.job_id, "account": ev.account, "block": ev.block_number},
    )


class JobProjection:
    """JobEscrow's events → ``index_jobs`` and ``index_settlements``."""

    def _job(self, ev: Event, s: Session) -> IndexedJob | None:
        job = _get(s, IndexedJob, ev.job_id) if ev.job_id is not None else None
        if job is None:
            _missing("job", ev)
        else:
            job.updated_block = ev.block_number
        return job

    @on_("JobCreated")
    def created(self, ev: Event, s: Session) -> None:
        a = ev.args
        if ev.job_id is None or _seen(s, IndexedJob, ev.job_id):
            return
        _add(
            s,
            IndexedJob(
                job_id=ev.job_id,
                requester=a["requester"],
                state=JobStatus.OPEN.label,
                cancel_requested=False,
                budget=_int(a, "budget"),
                num_tasks=_clamped(a, "num_tasks"),
                spec_cid=a["spec_cid"],
                spec_hash=a["spec_hash"],
                deadline=_clamped(a, "deadline"),
                created_block=ev.block_number,
                created_time=ev.block_time,
                created_tx=ev.tx_hash,
                slashed=0,
                slash_count=0,
                claimed=0,
                refund_claimed=0,
                fees_claimed=0,
                swept=0,
                updated_block=ev.block_number,
            ),
            ev.job_id,
        )

    @on_("CancelRequested")
    def cancel_requested(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.cancel_requested = True

    @on_("JobSettled")
    def settled(self, ev: Event, s: Session) -> None:
        a = ev.args
        job = self._job(ev, s)
        if job is None:
            return
        job.state = JobStatus.SETTLED.label
        job.round = _clamped(a, "round")
        job.payout = _int(a, "total_payout")
        job.oracle_fee = _int(a, "oracle_fee")
        job.refund = _int(a, "refund")
        job.window_end = _clamped(a, "window_end")
        job.settled_block = ev.block_number
        job.settled_time = ev.block_time
        s.info.setdefault(PENDING_SETTLEMENTS, []).append(
            dict(
                job_id=job.job_id,
                round=job.round,
                payout_root=a["payout_root"],
                total_payout=job.payout,
                oracle_fee=job.oracle_fee,
                refund=job.refund,
                slashes_hash=a["slashes_hash"],
                result_hash=a["result_hash"],
                window_end=job.window_end,
                block_number=ev.block_number,
                block_time=ev.block_time,
                tx_hash=ev.tx_hash,
            )
        )

    @on_("JobRejected")
    def rejected(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.state = JobStatus.REJECTED.label
            job.reject_reason = _clamped(ev.args, "reason")
            job.refund = _int(ev.args, "refund")
            job.settled_block, job.settled_time = ev.block_number, ev.block_time

    @on_("JobReclaimed")
    def reclaimed(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.state = JobStatus.RECLAIMED.label
            job.refund = _int(ev.args, "amount")
            job.settled_block, job.settled_time = ev.block_number, ev.block_time

    @on_("JobDisputed")
    def disputed(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.state = JobStatus.DISPUTED.label
            job.dispute_bond = _int(ev.args, "bond")
            job.window_end = _clamped(ev.args, "resolve_by")

    @on_("DisputeResolved")
    def resolved(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):  # the round-1 JobSettled came just before, in the same transaction
            job.state = JobStatus.SETTLED.label
            job.dispute_upheld = bool(ev.args["upheld"])

    @on_("PayoutClaimed")
    def payout_claimed(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.claimed += _int(ev.args, "amount")

    @on_("RefundClaimed")
    def refund_claimed(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.refund_claimed += _int(ev.args, "amount")

    @on_("UnclaimedSwept")
    def swept(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.swept += _int(ev.args, "amount")

    @on_("FeeClaimed")
    def fee_claimed(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.fees_claimed += _int(ev.args, "amount")

    @on_("SlashApplied")
    def slash_applied(self, ev: Event, s: Session) -> None:
        if job := self._job(ev, s):
            job.slashed += _int(ev.args, "slashed")
            job.slash_count += 1

    def forget(self, job_ids: set[int], s: Session) -> None:
        """Delete the rows derived for ``job_ids`` (before replaying their remaining events)."""
        forget_cached(s)
        s.execute(delete(IndexedSettlement).where(IndexedSettlement.job_id.in_(job_ids)))
        s.execute(delete(IndexedJob).where(IndexedJob.job_id.in_(job_ids)))


class WorkerProjection:
    """WorkerRegistry's node events and the escrow's payout claims → ``index_workers``."""

    def _node(self, ev: Event, s: Session) -> IndexedWorker | None:
        node = _get(s, IndexedWorker, ev.account) if ev.account else None
        if node is None:
            _missing("node", ev)
        else:
            node.updated_block = ev.block_number
        return node

    @on_("NodeRegistered")
    def registered(self, ev: Event, s: Session) -> None:
        a = ev.args
        if ev.account is None or _seen(s, IndexedWorker, ev.account):
            return
        _add(
            s,
            IndexedWorker(
                address=ev.account,
                role=_clamped(a, "role"),
                capabilities=_int(a, "capabilities"),
                metadata_cid=a["metadata_cid"],
                staked=0,
                unbonding=0,
                unbond_ready_at=0,
                jailed_until=0,
                slashed=0,
                slash_count=0,
                earned=0,
                claims=0,
                registered_block=ev.block_number,
                registered_time=ev.block_time,
                updated_block=ev.block_number,
            ),
            ev.account,
        )

    @on_("NodeUpdated")
    def updated(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):
            node.capabilities = _int(ev.args, "capabilities")
            node.metadata_cid = ev.args["metadata_cid"]

    @on_("Staked")
    def staked(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):
            node.staked = _int(ev.args, "staked")

    @on_("UnbondStarted")
    def unbond_started(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):
            node.staked = max(0, node.staked - _int(ev.args, "amount"))
            node.unbonding = _int(ev.args, "unbonding")
            node.unbond_ready_at = _clamped(ev.args, "ready_at")

    @on_("Withdrawn")
    def withdrawn(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):
            node.unbonding = 0

    @on_("Slashed")
    def slashed(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):  # as WorkerRegistry.slash: active stake first, then unbonding
            taken = _int(ev.args, "slashed")
            from_active = min(taken, node.staked)
            node.staked -= from_active
            node.unbonding = max(0, node.unbonding - (taken - from_active))
            node.slashed += taken
            node.slash_count += 1

    @on_("Jailed")
    def jailed(self, ev: Event, s: Session) -> None:
        if node := self._node(ev, s):
            node.jailed_until = _clamped(ev.args, "jailed_until")

    @on_("PayoutClaimed")
    def payout_claimed(self, ev: Event, s: Session) -> None:
        node = _get(s, IndexedWorker, ev.account) if ev.account else None
        if node is not None:  # anyone may be paid (a payee need not be registered)
            node.earned += _int(ev.args, "amount")
            node.claims += 1

    def forget(self, accounts: set[str], s: Session) -> None:
        forget_cached(s)
        s.execute(delete(IndexedWorker).where(IndexedWorker.address.in_(accounts)))


class NetworkProjection:
    """OracleCommittee's events and the registry's settings → ``index_committee_signers``, ``index_params``."""

    @staticmethod
    def _set(s: Session, key: str, value: object) -> None:
        row = _get(s, NetworkParam, key)
        if row is None:
            _add(s, NetworkParam(key=key, value=str(value)[:80]), key)
        else:
            row.value = str(value)[:80]

    @on_("SignerAdded")
    def signer_added(self, ev: Event, s: Session) -> None:
        signer = ev.args["signer"]
        if _get(s, CommitteeSigner, signer) is None:
            _add(s, CommitteeSigner(address=signer, added_block=ev.block_number), signer)

    @on_("SignerRemoved")
    def signer_removed(self, ev: Event, s: Session) -> None:
        _remove(s, CommitteeSigner, ev.args["signer"])

    @on_("ThresholdChanged")
    def threshold(self, ev: Event, s: Session) -> None:
        self._set(s, "threshold", _int(ev.args, "new_threshold"))

    @on_("EpochOpened")
    def epoch(self, ev: Event, s: Session) -> None:
        self._set(s, "epoch", _int(ev.args, "epoch"))
        self._set(s, "epoch_start", _int(ev.args, "start"))

    @on_("MinStakeSet")
    def min_stake(self, ev: Event, s: Session) -> None:
        self._set(s, f"min_stake_{_clamped(ev.args, 'role')}", _int(ev.args, "amount"))

    @on_("UnbondingPeriodSet")
    def unbonding_period(self, ev: Event, s: Session) -> None:
        self._set(s, "unbonding_period", _int(ev.args, "period"))

    @on_("TreasurySet")
    def treasury(self, ev: Event, s: Session) -> None:
        self._set(s, "treasury", ev.args["treasury"])

    def forget(self, s: Session) -> None:
        forget_cached(s)
        s.execute(delete(CommitteeSigner))
        s.execute(delete(NetworkParam))
