"""Leases: hand slots to workers, take heartbeats, results and failures, expire what is held too long.

The queue is the ``slots`` table (the GNUS.AI "locking queue with timeout"):
a lease is a row update under one process-wide lock, so a slot is never
held by two workers, and every state a restart needs is in the database.
A worker never gets two runs of one task, nor a check of a task it ran.
Results are recorded here and judged later by ``oracles.advancer`` (off
the request path).

Stake covers what a worker holds (given ``stake_of``): a run lease of a job
is refused while the slashes of the runs the worker holds or awaits a check's
verdict on, plus this job's slash per fault
(``CommitteePolicy.slash_per_fault``), would exceed its stake; and a worker
whose run failed a check in a job not yet settled leases nothing until that
job's settlement has slashed it (on-chain; the registry's event drops its
login, and it logs in again with the stake it has left). So a caught cheater
cannot pile up slashes its stake does not cover, nor go on cheating once
caught (``protocol.cheating_economics``; README, "Cheating is a losing bet").
A hash job's fault shows only in its vote (no check slot), so it neither
bars the worker nor counts as awaiting a verdict; its held runs count.
A failed check bars no one by itself: its confirmation (a second checker,
never the worker nor the first checker: a check is not leased to a worker
holding or having done any slot of its task) names whom it faults, the
worker or the first checker, and that one is barred.

A job whose slash per fault exceeds the whole stake of every worker that asks
for work would otherwise wait silently for its deadline: while it has no lease
yet, its ``error`` (the oracle's ``/v1/jobs/{id}``) says so. A job's runs are
leased for ``run_window_s`` after its first lease in round 0
(``protocol.jobspec.horizon``), so its slashes land before stake unbonded after
a lease can leave.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from oracles.config import OracleConfig
from oracles.dispatch_policy import DispatchPolicy, ran_by_asking_worker
from oracles.jobcache import JobCache
from oracles.models import Job, JobState, Slot, SlotState
from oracles.worker_selection import WorkerSelection
from protocol import eip712
from protocol.contracts import TOKEN
from protocol.errors import GPUHiveError
from protocol.jobspec.horizon import run_window
from protocol.leases import MAX_EXCHANGE, Lease
from protocol.result_manifest import job_slash

log = logging.getLogger(__name__)

RETIRED_LEASES_KEPT = 100_000
CHECKS_TTL_SECONDS = 2.0  # how long one read of the live jobs' checks is reused by the stake cover
_HELD_RUNS = select(Slot.job_id).where(
    Slot.state == SlotState.LEASED, Slot.worker == bindparam("worker"), Slot.role == "run"
)


def _live_checks() -> Select:
    """Every check of a job this oracle leads that is not settled yet, with the worker of the run it checks:
    (id, worker, job_id, judged, failed, confirms: the check a confirmation confirms, verdict and faulted: a
    judged confirmation's verdict and whom it faults, if anyone)."""
    run = aliased(Slot)
    return (
        select(
            Slot.id,
            run.worker,
            run.job_id,
            Slot.evidence.is_not(None).label("judged"),
            Slot.evidence["passed"].as_boolean().is_(False).label("failed"),
            Slot.check["confirms"].as_integer().label("confirms"),
            Slot.evidence["verdict"].as_string().label("verdict"),
            Slot.evidence["faulted"].as_string().label("faulted"),
        )
        .select_from(Slot)
        .join(run, run.id == Slot.subject_slot)
        .join(Job, Job.job_id == Slot.job_id)
        .where(
            Slot.role == "check",
            Slot.state.in_((SlotState.PENDING, SlotState.LEASED, SlotState.DONE)),
            Job.leader.is_(True),
            Job.state.in_((JobState.RUNNING, JobState.SETTLING)),
        )
    )


_LIVE_CHECKS = _live_checks()


@dataclass(frozen=True)
class _Checked:
    """Per worker, from the live jobs' checks: its runs whose check is not judged yet, and whether one failed."""

    read_at: float
    under_check: dict[str, list[int]]  # worker -> the job of each of its runs awaiting a check's verdict
    caught: frozenset[str]


def _leasable() -> Select:
    """The pending slots a worker may lease, with their job (parameters: worker, now, kinds, n): per job,
    checks and added runs first (``Slot.rank``), then the oldest.

    Built once: constructing this statement (an alias, a correlated ``exists``) cost more than
    running it, on every lease. Plain columns, no ORM objects: the lease path is the hot path.
    """
    checker = aliased(Slot)
    # never two runs of one task on one worker, never a check of a task the worker ran, and never a second check
    # of one run by one worker (a failed check's confirmation goes to a third worker; a check given back goes to
    # someone else). A worker that checked an earlier run of the task may check its re-run: with three workers,
    # a re-run after a confirmed fault is checked by one of the two checkers, or by no one. (Two ``exists``, each
    # an index search on ix_slots_task (job_id, task_index, role, worker) per candidate slot.)
    ran = ran_by_asking_worker()
    checked = exists().where(
        and_(
            checker.job_id == Slot.job_id,
            checker.task_index == Slot.task_index,
            checker.role == "check",
            checker.worker == bindparam("worker"),
            checker.subject_slot == Slot.subject_slot,
            checker.state.in_((SlotState.LEASED, SlotState.DONE)),
        )
    )
    return (
        select(
            Slot.id,
            Slot.job_id,
            Slot.task_index,
            Slot.replica,
            Slot.role,
            Slot.check,
            Slot.rank,
            Job.spec_cid,
            Job.first_lease_at,
        )
        .join(Job, Job.job_id == Slot.job_id)
        .where(
            Slot.state == SlotState.PENDING,
            Slot.not_before <= bindparam("now"),
            Job.state == JobState.RUNNING,
            Job.leader.is_(True),
            Job.kind.in_(bindparam("kinds", expanding=True)),
            # the run window (round 0): the advancer winds the job down once it is over
            or_(Job.first_lease_at.is_(None), Job.first_lease_at >= bindparam("window_start", 0.0), Job.round != 0),
            ~ran,
            ~and_(Slot.role == "check", checked),
        )
        .order_by(Slot.job_id, Slot.rank, Slot.id)
        .limit(bindparam("n"))
    )


_LEASABLE = _leasable()
# (bind names must differ from column names in UPDATE statements)
_TAKE = (
    update(Slot)
    .where(Slot.id == bindparam("slot_id"), Slot.state == SlotState.PENDING)
    .values(
        state=SlotState.LEASED,
        worker=bindparam("b_worker"),
        lease_id=bindparam("b_lease_id"),
        lease_expires=bindparam("b_expires"),
        progress=0.0,
    )
)
_TAKEN = select(Slot.lease_id).where(Slot.lease_id.in_(bindparam("lease_ids", expanding=True)))
_FIRST_LEASE = (
    update(Job)
    .where(Job.job_id == bindparam("b_job_id"), Job.first_lease_at.is_(None))
    .values(first_lease_at=bindparam("b_now"))
)
_PENDING_COUNT = (
    select(func.count())
    .select_from(Slot)
    .join(Job, Job.job_id == Slot.job_id)
    .where(Slot.state == SlotState.PENDING, Job.state == JobState.RUNNING, Job.leader.is_(True))
)
# whether at least at + 1 slots are pending: counting stops there (a count read every pending slot)
_PENDING_AT = (
    select(Slot.id)
    .select_from(Slot)
    .join(Job, Job.job_id == Slot.job_id)
    .where(Slot.state == SlotState.PENDING, Job.state == JobState.RUNNING, Job.leader.is_(True))
    .offset(bindparam("at"))
    .limit(1)
)
#: The start of a job's ``error`` while no eligible worker's stake covers its slash per fault (``_uncovered_slash``).
UNCOVERED_PREFIX = "no eligible worker's stake covers the slash"
_SET_UNCOVERED = (
    update(Job)
    .where(Job.job_id == bindparam("b_job_id"), or_(Job.error.is_(None), Job.error.startswith(UNCOVERED_PREFIX)))
    .values(error=bindparam("b_error"))
)
_CLEAR_UNCOVERED = (
    update(Job).where(Job.job_id == bindparam("b_job_id"), Job.error.startswith(UNCOVERED_PREFIX)).values(error=None)
)
_BY_LEASE_ID = select(Slot).where(Slot.lease_id == bindparam("lease_id"))
_HELD_ROWS = select(
    Slot.id, Slot.job_id, Slot.task_index, Slot.replica, Slot.worker, Slot.state, Slot.lease_expires, Slot.lease_id
).where(Slot.lease_id.in_(bindparam("lease_ids", expanding=True)))
_RECORD = (
    update(Slot)
    .where(Slot.id == bindparam("slot_id"))
    .values(
        state=SlotState.DONE,
        digest=bindparam("b_digest"),
        output_cid=bindparam("b_output_cid"),
        signature=bindparam("b_signature"),
        progress=1.0,
        lease_expires=None,
    )
)
ACTIVE_WORKER_SECONDS = 30.0  # a worker that leased this recently counts in the batch cap
BACKLOG_ROUNDS = 4  # a job has a backlog while its queue holds this many leases for every active worker
_PENDING_OF_JOB = (
    select(Slot.id)
    .where(Slot.state == SlotState.PENDING, Slot.job_id == bindparam("job_id"))
    .order_by(Slot.state, Slot.job_id, Slot.rank, Slot.id)  # (the lease index, no sort)
    .offset(bindparam("at"))
    .limit(1)
)


class LeaseError(GPUHiveError):
    """A lease request the worker must correct; ``status`` is the HTTP status the API answers."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Submitted:
    slot_id: int
    job_id: int


@dataclass(frozen=True)
class ResultItem:
    """One signed result a worker reports for a lease it holds."""

    lease_id: str
    digest: bytes
    output_cid: str
    signature: bytes


class Dispatcher:
    """Lease operations over the slots table, safe to call from API handlers and scheduler threads."""

    def __init__(
        self,
        sessions: sessionmaker,
        config: OracleConfig,
        jobs: JobCache,
        domain: eip712.Domain,
        clock: Callable[[], float] = time.time,
        stake_of: Callable[[str], int] | None = None,
        run_window_s: float | None = None,
        lease_filter: Callable[[str, tuple[str, ...]], tuple[str, ...]] | None = None,
        policy: DispatchPolicy | None = None,
        selection: WorkerSelection | None = None,
    ) -> None:
        """``stake_of(worker)``: its active stake in base units (``CachedStake`` over the registry); None leases
        without the stake cover (the module docstring). ``run_window_s``: how long after its first lease a job's
        runs are leased (default ``protocol.jobspec.horizon.run_window()``). ``lease_filter(worker, kinds)``: the
        kinds the sentries' scores let ``worker`` lease now (``oracles.worker_selection``); None: all. ``policy``:
        heavier tasks to faster workers, the tail rule and backup copies (``oracles.dispatch_policy``); None: the one
        ``config.dispatch_policy`` names ("fifo": oldest first, no copies). ``selection``: the sentries' scores
        (``oracles.worker_selection``): its ``kinds_for`` is the lease filter unless one is given, a worker that
        filter left without a lease gets a second pass with the kinds it may lease when idle, and its ``speed`` is
        the policy's."""
        self.sessions = sessions
        self.stake_of = stake_of
        self.run_window_s = run_window() if run_window_s is None else run_window_s
        self.selection = selection
        self.lease_filter = lease_filter or (selection.kinds_for if selection is not None else None)
        if policy is None and config.dispatch_policy == "aicore":
            policy = DispatchPolicy(jobs, selection.speed if selection else None, run_window_s=self.run_window_s)
        self.policy = policy
        self._uncovered: dict[int, int] = {}  # job with no lease yet -> the largest stake refused its slash
        self._checked = _Checked(float("-inf"), {}, frozenset())
        self._refusals: dict[str, float] = {}  # worker -> when its last refusal was logged
        self._slashes: dict[int, int] = {}  # job -> its slash per caught fault
        self.config = config
        self.jobs = jobs
        self.clock = clock
        self._separator = eip712.domain_separator(domain)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[int | None], None]] = []
        self._result_listeners: list[Callable[[int], None]] = []
        # lease ids taken back (expired, failed, released) -> why, so a late heartbeat or result hears
        # 410 "no longer held" rather than 404 once the slot row forgot the id (bounded, oldest dropped)
        self._retired: dict[str, str] = {}
        self._seen: dict[str, float] = {}  # worker -> when it last asked for work (for the batch cap)

    # ------------------------------------------------------------ notifications

    def on_work(self, listener: Callable[[int | None], None]) -> None:
        """Call ``listener(count)`` whenever slots may have become leasable (wakes long-polling workers):
        ``count`` slots, or None for an unknown or large number."""
        self._listeners.append(listener)

    def on_result(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(job_id)`` after a result or a failure was recorded."""
        self._result_listeners.append(listener)

    def notify_work(self, count: int | None = None) -> None:
        for listener in self._listeners:
            listener(count)

    def _notify_result(self, job_id: int) -> None:
        for listener in self._result_listeners:
            listener(job_id)

    # ------------------------------------------------------------ leasing

    def lease(self, worker: str, kinds: tuple[str, ...]) -> Lease | None:
        """Lease the oldest leasable slot for ``worker`` (of a job kind it can run), or None."""
        leases = self.lease_many(worker, kinds, 1)
        return leases[0] if leases else None

    def lease_many(self, worker: str, kinds: tuple[str, ...], want: int) -> list[Lease]:
        """Lease up to ``want`` slots of distinct tasks for ``worker``, oldest first.

        The batch is capped at the worker's fair share of what is pending (guided self-scheduling:
        pending / active workers, at least 1), so batches shrink as the queue drains and the last
        tasks are spread over every worker instead of waiting in one worker's batch. (Also counting
        what each worker already holds measured worse in benchmarks/e2e.py: workers at their share
        ran dry between round trips.)
        """
        return self.exchange(worker, [], kinds, max(1, want))[1]

    def exchange(
        self, worker: str, items: list[ResultItem], kinds: tuple[str, ...], want: int
    ) -> tuple[list[Submitted | LeaseError], list[Lease]]:
        """``submit_many(worker, items)`` then ``lease_many(worker, kinds, want)`` (none when ``want`` is 0), in
        one transaction: a worker's ``/v1/work`` reports and leases in one round trip, so one session and one
        commit instead of two (with the stake cover's plain-row reads, the dispatcher's CPU per 2,000-task job
        fell by a sixth in a harness of 40 simulated workers)."""
        allowed = self.lease_filter(worker, kinds) if want and self.lease_filter is not None else kinds
        outcomes: list[Submitted | LeaseError] = []
        leases: list[Lease] = []
        with self._lock, self.sessions.begin() as s:
            if items:
                outcomes = self._record(s, worker, items)
            if want and allowed:
                leases = self._lease(s, worker, allowed, want)
            if want and not leases and self.selection is not None:
                # heavy kinds are preferred for fast workers, not forbidden to an idle slow one (worker_selection)
                if extra := tuple(k for k in self.selection.kinds_for(worker, kinds, idle=True) if k not in allowed):
                    leases = self._lease(s, worker, extra, want)
        for job_id in sorted({o.job_id for o in outcomes if isinstance(o, Submitted)}):
            self._notify_result(job_id)
        for lease in leases:
            log.debug(
                "leased",
                extra={
                    "job_id": lease.job_id,
                    "task": lease.task_index,
                    "replica": lease.replica,
                    "role": lease.role,
                    "worker": worker,
                },
            )
        return outcomes, leases

    def _lease(self, s: Session, worker: str, kinds: tuple[str, ...], want: int) -> list[Lease]:
        """``lease_many``'s work inside the caller's transaction (under ``_lock``)."""
        now = self.clock()
        want = max(1, min(want, MAX_EXCHANGE))
        self._seen[worker] = now
        conn = s.connection()
        if want > 1:
            want = min(want, self._fair_share(conn, now, want))
        # a few extra rows: replicas of one task sit next to each other, and a batch takes one per task
        rows = conn.execute(
            _LEASABLE,
            {
                "worker": worker,
                "now": now,
                "kinds": list(kinds),
                "n": (want if want == 1 else want * 2) if self.policy is None else self.policy.fetch(want),
                "window_start": now - self.run_window_s,
            },
        ).all()
        if self.policy is not None:
            try:
                rows = self.policy.arrange(s, worker, now, rows, kinds)
            except Exception:  # a bug of the policy's must not refuse every lease: fifo's order this time
                log.exception("dispatch policy failed: leasing in fifo order", extra={"worker": worker})
        tasks: set[tuple[int, int]] = set()
        started: set[int] = set()
        cover = self._stake_cover(s, worker, now) if self.stake_of is not None and rows else None
        picked: list[tuple[Any, str]] = []  # (row, lease id)
        for row in rows:
            if len(picked) == want:
                break
            if (row.job_id, row.task_index) in tasks:
                continue
            if cover is not None and not cover.take(s, row):
                continue
            tasks.add((row.job_id, row.task_index))
            picked.append((row, secrets.token_hex(16)))
        # one statement for the batch (executemany): per lease, a statement's fixed cost was most of taking it
        expires = now + self.config.lease_seconds
        taken = (
            conn.execute(
                _TAKE,
                [
                    {"slot_id": row.id, "b_worker": worker, "b_lease_id": lid, "b_expires": expires}
                    for row, lid in picked
                ],
            )
            if picked
            else None
        )
        if taken is not None and not (conn.dialect.supports_sane_multi_rowcount and taken.rowcount == len(picked)):
            # some were voided by the advancer since we read them (wind-down, a failed task): keep the rest
            held = set(conn.execute(_TAKEN, {"lease_ids": [lid for _, lid in picked]}).scalars())
            picked = [(row, lid) for row, lid in picked if lid in held]
        leases: list[Lease] = []
        for row, lease_id in picked:
            if row.first_lease_at is None and row.job_id not in started:
                conn.execute(_FIRST_LEASE, {"b_job_id": row.job_id, "b_now": now})
                started.add(row.job_id)
                if self._uncovered.pop(row.job_id, None) is not None:
                    conn.execute(_CLEAR_UNCOVERED, {"b_job_id": row.job_id})
            leases.append(self._lease_body(s, row, lease_id, expires))
        if self.policy is not None:
            self.policy.leased(worker, now, leases)
        return leases

    def _stake_cover(self, s: Session, worker: str, now: float) -> _StakeCover:
        """What ``worker``'s stake still covers: its stake less the slashes of the runs it holds and of its
        runs whose check has not been judged yet (each could still cost its job's slash per fault)."""
        assert self.stake_of is not None
        if now - self._checked.read_at > CHECKS_TTL_SECONDS:
            under: dict[str, list[int]] = {}
            caught: set[str] = set()
            failed: dict[int, str] = {}  # failed first check -> the worker of the run it checked
            cleared: set[int] = set()  # failed first checks whose confirmation did not fault the worker
            for row in s.connection().execute(_LIVE_CHECKS):  # (plain rows: no ORM compile path)
                if not row.judged:
                    under.setdefault(row.worker, []).append(row.job_id)
                elif row.confirms is not None:
                    if row.faulted:
                        caught.add(row.faulted)
                    if row.verdict in ("checker", "ambiguous"):
                        cleared.add(row.confirms)
                elif row.failed:
                    failed[row.id] = row.worker
            # a failed check bars its worker while its confirmation runs (the first check's false rejection is
            # at most max_false_rejection), and for good if the confirmation faults it
            caught.update(worker for check, worker in failed.items() if check not in cleared)
            self._checked = _Checked(now, under, frozenset(caught))
        cover = _StakeCover(self, worker, now, self.stake_of(worker), caught=worker in self._checked.caught)
        for job_id in [
            *s.connection().execute(_HELD_RUNS, {"worker": worker}).scalars(),
            *self._checked.under_check.get(worker, []),
        ]:
            cover.free -= cover.slash(s, job_id)
        return cover

    def slash_of(self, s: Session, job_id: int) -> int:
        """The stake one caught fault costs in ``job_id`` (``result_manifest.job_slash``: its reward, check share
        and task count, the committee policy); computed once per job."""
        slash = self._slashes.get(job_id)
        if slash is None:
            slash = self._slashes[job_id] = job_slash(self.config.policy, self.jobs.entry(s, job_id).spec)
        return slash

    def _uncovered_slash(self, s: Session, row: Any, slash: int, stake: int) -> None:
        """``row``'s job slashes more per fault than ``stake``, a whole stake that asked for work: while the job has
        no lease, say so in its ``error`` (its status), with the largest such stake seen."""
        if row.first_lease_at is not None:
            return
        largest = max(stake, self._uncovered.get(row.job_id, -1))
        if self._uncovered.get(row.job_id) == largest:
            return
        self._uncovered[row.job_id] = largest
        s.connection().execute(
            _SET_UNCOVERED,
            {
                "b_job_id": row.job_id,
                "b_error": f"{UNCOVERED_PREFIX} of {_tokens(slash)} tokens per fault (the largest stake that asked "
                f"for work: {_tokens(largest)} tokens); the job waits for a worker staking that much, or for its "
                "deadline",
            },
        )

    def _refuse(self, worker: str, now: float, why: str, **extra: Any) -> None:
        if now - self._refusals.get(worker, float("-inf")) >= 60.0:  # once a minute per worker, not per lease
            self._refusals[worker] = now
            log.warning(why, extra={"worker": worker, **extra})

    def _fair_share(self, conn: Any, now: float, want: int) -> int:
        """ceil(pending / active workers), at least 1; ``want`` when that is at least ``want``."""
        active = self._active_workers(now)
        if conn.execute(_PENDING_AT, {"at": want * active - 1}).first() is not None:
            return want  # the cap does not bind: no need to count the whole queue
        pending = int(conn.execute(_PENDING_COUNT).scalar() or 0)
        return max(1, -(-pending // active))

    def has_backlog(self, job_id: int) -> bool:
        """Whether ``job_id``'s queue still holds ``BACKLOG_ROUNDS`` leases for every active worker: then
        none of its results is waited on soon (its checks are leased first, and its last runs are not
        leased yet), so judging them can wait for more (``judge_batch_seconds``)."""
        active = self._active_workers(self.clock())
        with self.sessions() as s:
            row = s.execute(_PENDING_OF_JOB, {"job_id": job_id, "at": BACKLOG_ROUNDS * active - 1}).first()
        return row is not None

    def _active_workers(self, now: float) -> int:
        """Workers that asked for work in the last ACTIVE_WORKER_SECONDS (at least 1); forgets the others."""
        self._seen = {w: seen for w, seen in list(self._seen.items()) if now - seen <= ACTIVE_WORKER_SECONDS}
        return max(len(self._seen), 1)

    def _lease_body(self, s: Session, row: Any, lease_id: str, expires: float) -> Lease:
        entry = self.jobs.entry(s, row.job_id)
        return Lease(
            lease_id=lease_id,
            job_id=row.job_id,
            task_index=row.task_index,
            replica=row.replica,
            role="check" if row.role == "check" else "run",
            job_kind=entry.spec.kind,
            spec_cid=row.spec_cid,
            task=entry.tasks[row.task_index].to_json(),
            inputs=self.jobs.inputs_for(s, row.job_id, entry, row.role, row.task_index),
            check=row.check,
            urgent=row.rank == 0,
            expires_at=expires,
            heartbeat_s=self.config.heartbeat_seconds,
        )

    def _held(self, s: Session, lease_id: str, worker: str) -> Slot:
        slot = s.execute(_BY_LEASE_ID, {"lease_id": lease_id}).scalar_one_or_none()
        self._check_held(slot, lease_id, worker)
        assert slot is not None
        return slot

    def _check_held(self, slot: Any, lease_id: str, worker: str) -> None:
        """Raise unless ``slot`` (a Slot, or a row with its columns) is leased to ``worker`` and unexpired."""
        if slot is None:
            if (why := self._retired.get(lease_id)) is not None:
                raise LeaseError(410, f"lease {lease_id} is no longer held ({why}); lease again")
            raise LeaseError(404, f"no lease {lease_id}")
        if slot.worker != worker:
            raise LeaseError(403, f"lease {lease_id} belongs to another worker")
        if slot.state != SlotState.LEASED:
            raise LeaseError(410, f"lease {lease_id} is no longer held (slot is {slot.state}); lease again")
        if (slot.lease_expires or 0) < self.clock():
            raise LeaseError(
                410, f"lease {lease_id} expired; its slot returns to the queue at the next expiry sweep (lease again)"
            )

    def heartbeat(self, lease_id: str, worker: str, progress: float, fraction: float | None = None) -> float:
        """Extend a held lease; returns the new expiry. ``progress`` (the lease's stage) is stored on the slot;
        ``fraction``, the runtime's own completion fraction (None: it reports none), goes to the dispatch policy,
        whose backup rule extrapolates the time left from it (kept in memory, as the lease's start)."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            slot.progress = progress
            now = self.clock()
            slot.lease_expires = now + self.config.lease_seconds
            if self.policy is not None and slot.role == "run":
                self.policy.beat(slot.job_id, slot.task_index, slot.replica, worker, fraction, now)
            return slot.lease_expires

    def submit(self, lease_id: str, worker: str, digest: bytes, output_cid: str, signature: bytes) -> Submitted:
        """Record a signed result for a held lease; the signature must be the worker's TaskResult."""
        outcome = self.submit_many(worker, [ResultItem(lease_id, digest, output_cid, signature)])[0]
        if isinstance(outcome, LeaseError):
            raise outcome
        return outcome

    def submit_many(self, worker: str, items: list[ResultItem]) -> list[Submitted | LeaseError]:
        """Record signed results for leases ``worker`` holds, in one transaction; one outcome per item.

        A refused item (not held, bad signature, a lease reported twice) does not stop the others from
        being recorded. The held slots are read in one statement and the results written in one
        (executemany): per result, two statements' fixed cost was a third of the API's time.
        """
        return self.exchange(worker, items, (), 0)[0]

    def _record(self, s: Session, worker: str, items: list[ResultItem]) -> list[Submitted | LeaseError]:
        """``submit_many``'s work inside the caller's transaction (under ``_lock``); the caller notifies."""
        outcomes: list[Submitted | LeaseError] = []
        conn = s.connection()
        held = {
            row.lease_id: row
            for row in conn.execute(_HELD_ROWS, {"lease_ids": list({item.lease_id for item in items})})
        }
        writes: list[dict[str, Any]] = []
        recorded: set[str] = set()
        for item in items:
            try:
                if item.lease_id in recorded:  # what a second exchange reporting it would be told
                    raise LeaseError(
                        410, f"lease {item.lease_id} is no longer held (slot is {SlotState.DONE}); lease again"
                    )
                submitted = self._verify_result(held.get(item.lease_id), worker, item)
            except LeaseError as exc:
                outcomes.append(exc)
                continue
            outcomes.append(submitted)
            recorded.add(item.lease_id)
            writes.append(
                {
                    "slot_id": submitted.slot_id,
                    "b_digest": "0x" + item.digest.hex(),
                    "b_output_cid": item.output_cid,
                    "b_signature": "0x" + item.signature.hex(),
                }
            )
        if writes:
            conn.execute(_RECORD, writes)
            if self.policy is not None:  # the first copy of a run to report wins; the others are voided
                for lost in self.policy.recorded(s, [held[lid] for lid in recorded], self.clock()):
                    self._retire(lost, "another copy of the task reported first")
        return outcomes

    def _verify_result(self, slot: Any, worker: str, item: ResultItem) -> Submitted:
        """The checks of ``_held`` on a plain row (None: no such lease), then the worker's signature over
        the TaskResult."""
        self._check_held(slot, item.lease_id, worker)
        result = eip712.TaskResult(
            slot.job_id, slot.task_index, slot.replica, item.digest, eip712.cid_hash(item.output_cid)
        )
        message_digest = eip712.task_result_digest(self._separator, result)
        try:
            signed = eip712.signed_by(message_digest, item.signature, worker)
        except Exception as exc:  # malformed signature bytes (bad v, s out of range)
            raise LeaseError(400, f"signature does not decode: {exc}") from None
        if not signed:
            signer = eip712.recover_digest(message_digest, item.signature)  # (only to say whose it is)
            raise LeaseError(400, f"TaskResult signed by {signer}, not by the lease holder {worker}")
        return Submitted(slot.id, slot.job_id)

    def fail(self, lease_id: str, worker: str, reason: str) -> None:
        """The worker gives the slot back with a reason; it is retried elsewhere after a backoff."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            self._release(slot, f"failed: {reason}")
            job_id = slot.job_id
        self.notify_work(1)
        self._notify_result(job_id)

    def _retire(self, lease_id: str | None, why: str) -> None:
        if lease_id:
            self._retired[lease_id] = why
            if len(self._retired) > RETIRED_LEASES_KEPT:
                del self._retired[next(iter(self._retired))]

    def _release(self, slot: Slot, why: str) -> None:
        self._retire(slot.lease_id, why.split(":")[0])
        slot.attempts += 1
        slot.history = [*(slot.history or []), {"worker": slot.worker, "why": why[:500], "at": self.clock()}]
        slot.lease_id = None
        slot.lease_expires = None
        slot.worker = None
        slot.progress = 0.0
        if slot.attempts >= self.config.max_failures:
            slot.state = SlotState.FAILED
            slot.failure = why[:2_000]
            log.warning("slot failed", extra={"job_id": slot.job_id, "task": slot.task_index, "why": why})
        else:
            slot.state = SlotState.PENDING
            slot.not_before = self.clock() + self.config.backoff_seconds * 2 ** (slot.attempts - 1)

    def expire_leases(self) -> int:
        """Put every lease past its expiry back in the queue (or fail its slot); returns how many."""
        now = self.clock()
        touched: set[int] = set()
        with self._lock, self.sessions.begin() as s:
            rows = (
                s.execute(select(Slot).where(Slot.state == SlotState.LEASED, Slot.lease_expires < now)).scalars().all()
            )
            for slot in rows:
                self._release(slot, "lease expired")
                touched.add(slot.job_id)
        if rows:
            log.info("leases expired", extra={"count": len(rows)})
            self.notify_work(len(rows))
            for job_id in touched:
                self._notify_result(job_id)
        return len(rows)

    def release_worker(self, lease_id: str, worker: str) -> None:
        """A restarted worker gives back a lease it can no longer finish (no failure counted)."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            slot.history = [*(slot.history or []), {"worker": worker, "why": "released", "at": self.clock()}]
            self._retire(lease_id, "released")
            slot.state, slot.worker, slot.lease_id, slot.lease_expires = SlotState.PENDING, None, None, None
        self.notify_work(1)

    def unblock(self, s: Session, job_id: int, task_index: int) -> int:
        """Make a task's blocked slots leasable (train: its predecessor was accepted)."""
        result = s.execute(
            update(Slot)
            .where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.state == SlotState.BLOCKED)
            .values(state=SlotState.PENDING)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]  # stubs: Result, not the UPDATE's CursorResult

    def counts(self, job_id: int) -> dict[str, Any]:
        with self.sessions() as s:
            rows = s.execute(select(Slot.state, func.count()).where(Slot.job_id == job_id).group_by(Slot.state)).all()
        return {state: n for state, n in rows}


def _tokens(amount: int) -> str:
    """Base units as tokens, without trailing zeros: 180000000000000000000 -> '180'."""
    whole, part = divmod(int(amount), TOKEN)
    return f"{whole}.{part:018d}".rstrip("0").rstrip(".") if part else str(whole)


class CachedStake:
    """``stake_of`` for the dispatcher: a worker's active stake read through ``read`` (the registry), reused
    for ``ttl_s`` so a lease does not wait on the chain. Active stake only: what a worker is unbonding is
    leaving and covers nothing new. The oracle service builds it as
    ``CachedStake(lambda worker: chain.node(worker).staked)``."""

    def __init__(self, read: Callable[[str], int], ttl_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.read = read
        self.ttl_s = ttl_s
        self.clock = clock
        self._cache: dict[str, tuple[float, int]] = {}

    def __call__(self, worker: str) -> int:
        now = self.clock()
        hit = self._cache.get(worker)
        if hit is None or now - hit[0] > self.ttl_s:
            try:
                hit = (now, int(self.read(worker)))
            except Exception:  # the node is unreachable: keep the last stake read, if any, rather than stall leases
                if hit is None:
                    raise
                log.warning("stake read failed; using the last one", extra={"worker": worker}, exc_info=True)
                return hit[1]
            self._cache[worker] = hit
        return hit[1]

    def prime(self, worker: str, staked: int) -> None:
        """Take ``staked`` as ``worker``'s stake read now (the login's eligibility read brings it along)."""
        self._cache[worker] = (self.clock(), int(staked))

    def forget(self, worker: str) -> None:
        """Read ``worker``'s stake again next time (a Staked, UnbondStarted or Slashed event)."""
        self._cache.pop(worker, None)


class _StakeCover:
    """One lease batch's stake check: each run lease taken spends its job's slash per fault."""

    def __init__(self, dispatcher: Dispatcher, worker: str, now: float, stake: int, caught: bool) -> None:
        self.dispatcher = dispatcher
        self.worker = worker
        self.now = now
        self.stake = stake
        self.free = stake
        self.caught = caught

    def slash(self, s: Session, job_id: int) -> int:
        return self.dispatcher.slash_of(s, job_id)

    def take(self, s: Session, row: Any) -> bool:
        """Whether ``worker`` may lease ``row``'s slot; a run spends its job's slash from what is free."""
        if self.caught:
            self.dispatcher._refuse(
                self.worker,
                self.now,
                "lease refused: a run of this worker failed its check in a job not settled yet; it gets work "
                "again once that settlement has slashed its stake",
            )
            return False
        if row.role != "run":
            return True  # a check is paid and never slashed
        slash = self.slash(s, row.job_id)
        if slash > self.stake:
            self.dispatcher._uncovered_slash(s, row, slash, self.stake)
        if slash > self.free:
            self.dispatcher._refuse(
                self.worker,
                self.now,
                f"lease refused: job {row.job_id} slashes {slash} per caught fault and the worker's stake "
                f"{self.stake} covers {max(self.free, 0)} beyond the runs it holds; stake more or finish a lease",
                job_id=row.job_id,
            )
            return False
        self.free -= slash
        return True
