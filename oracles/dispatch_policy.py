"""Which pending slot goes to which worker, and backup copies of stragglers (issue 21): the dispatcher's policy.

The dispatcher (``oracles/dispatcher.py``) finds the slots a worker may lease; this module only orders and
filters them, and near a job's end adds copies, so every rule of who may lease what (stake cover, never two
runs of one task on one worker, checks never to the worker that ran the task) still holds for every lease.
Speeds are the sentries' attested scores relative to the median worker (``WorkerSelection.speed``); work is
``protocol.aicore.work.task_work``.

1. **Heavier tasks to faster workers.** Of a window of leasable slots, a worker at least as fast as the mean of
   the workers asking for work takes the heaviest first, a slower one the lightest first (checks and added runs
   still come first).
   When every task of the jobs in reach weighs the same there is nothing to sort: the policy then reads as many
   rows as fifo and keeps their order, and reads the window again for ``ACTIVE_SECONDS`` after a job of unequal
   task works was among the rows (the first lease that reaches such a job takes it in fifo's order).
2. **The tail rule** (selection). A worker of speed ``v`` takes the ``j``-th task of weight ``w`` in its batch
   only if it would not finish after a faster worker would: with ``S`` the summed speed of the workers that
   asked for work in the last ``ACTIVE_SECONDS`` and ``v_max`` the fastest of them, the job's pending queue
   (``P`` tasks of mean weight ``m``) drains in about ``P m / S``, so the slot is skipped when
   ``j w / v > P m / S + w / v_max``, i.e. ``P < S w (j / v - 1 / v_max) / m``. A straggler at 0.2x stops
   leasing when the queue is about ``5 S`` tasks from its end; a worker as fast as the fastest never does. If
   the fast workers stop asking, they leave ``S`` and ``v_max`` and the slow ones lease again.
3. **Backup copies** (MapReduce's backup tasks, with LATE's time-left rule where the runtime reports progress). A
   worker that found nothing to lease may get a copy of a running task held by another worker when that task's
   time left exceeds ``BACKUP_MARGIN`` times the copy's expected duration on the idle worker. The time left is
   LATE's ``elapsed (1 - f) / f`` when the holder's heartbeats carry the runtime's own completion fraction ``f``
   (``Heartbeat.fraction``: render frames done, train steps done) of at least ``MIN_FRACTION``, reported within
   the last ``PolicyConfig.fraction_fresh_s``; ``elapsed`` counts from the
   holder's last heartbeat without a fraction (queued behind another lease, fetching inputs), else from the
   lease. Otherwise (compute and zk report none, nor do older agents) it is the task's expected duration on the
   holder less the time elapsed, and once overdue as long again as it has taken; so is a one-frame render (a
   tile), whose fraction stays near 0 until it is done (Cycles, in the background, reports a frame's samples
   only at its start and end). A heartbeat's ``progress`` is
   never used: it is the lease's stage, creeping with time while the runtime runs (``worker_node/heartbeat.py``).
   A holder that overstates its fraction only delays copies of its own task (the straggler guard), as an
   old agent does; it is paid only for a result recorded first, as before.
   A copy is a new ``run`` slot with the same job, task and replica, so its worker
   signs the very TaskResult the original's worker would. Expected durations use the job's own measured rate
   (seconds per work unit at speed 1, the median of its recorded results), so no copy is made before a job
   has results. At most one copy per run. Never of a labeling batch (``PolicyConfig.no_copy_kinds``): that is a
   person's work, and the losing copy's person would go unpaid.

**First valid result wins; the other is released unpaid.** When a run's result is recorded (its signature
checked), every other open copy of that (job, task, replica) becomes ``void`` in the same transaction, and its
worker's next heartbeat or result hears 410. So each replica has one recorded result, the judging and spot
checks see the same slots as without copies, and the settlement pays the task once. The losing copy is
unpaid: only recorded results are paid (as for a lease that expires), copies go only to idle workers, and
a straggler is not paid for a result that came after another worker's. A recorded result that later fails
its check is handled as any other (a check, a re-run); the voided copy is not revived.

State kept in memory (when each lease began, its last reported fraction, each job's rate, who asked recently)
is advisory: after a
restart no copy is made until the job records new results, and the rest of the queue's state is in the
database as before.

**Cost** (the leader's CPU is issue 14's budget): per lease the policy does O(rows read + held leases) work, never
O(tasks), and on jobs of equal task works reads no more rows than fifo and sorts nothing (in issue 14's shape,
benchmarks/aicore.py, the dispatcher's CPU with the policy is within a few percent of fifo's). Each task's work
is computed once per job (a list, and whether it is flat), the active workers' summed and fastest speed once
per ``ACTIVE_REFRESH_S`` (or when a new worker asks), each worker's speed once per ``SPEED_TTL_S``; a result only
records its (seconds x speed, task), divided into a job's median rate when a backup decision needs it (once per
new result at most); the tail rule (only for a worker slower than the fastest active one) reuses its bounded
count of a job's pending slots for ``PENDING_TTL_S`` (less the leases taken since); a backup search that found
nothing is not repeated for the same speed and kinds for ``BACKUP_RECHECK_S``; a heartbeat costs the policy one
dict update; and voiding copies reads the
database only for runs known to have one (every open duplicate is read once after a start, so copies made before
a restart are voided too).
"""

from __future__ import annotations

import logging
import math
import statistics
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from oracles.jobcache import JobCache
from oracles.models import Job, JobState, Slot, SlotState
from protocol.aicore.work import task_work
from protocol.jobspec.horizon import run_window

log = logging.getLogger(__name__)

ACTIVE_SECONDS = 30.0  # a worker that asked for work this recently counts in S and v_max (as the batch cap)
BACKUP_MARGIN = 1.5  # a copy only when the original's time left exceeds this many times the copy's duration
BACKUP_CANDIDATES = 256  # running runs examined per backup decision
RATE_SAMPLES = 64  # recent results per job whose median is its rate
STARTED_KEPT = 200_000  # lease start times remembered (the oldest forgotten first)
JOBS_KEPT = 256  # jobs whose task work is remembered (the oldest forgotten first)
ACTIVE_REFRESH_S = 1.0  # the active workers' summed and fastest speed are recomputed this often
SPEED_TTL_S = 30.0  # a worker's speed is read again this long after it was read
PENDING_TTL_S = 1.0  # a job's pending count (the tail rule) is reused this long, less the leases taken since
BACKUP_RECHECK_S = 1.0  # a backup search that found nothing is not repeated this soon for the same speed and kinds
MIN_FRACTION = 0.05  # a reported completion fraction below this is too early to extrapolate (LATE's rule)
_OPEN = (SlotState.PENDING, SlotState.LEASED)

_HELD_BY = select(func.count()).where(Slot.state == SlotState.LEASED, Slot.worker == bindparam("worker"))
_PENDING_UP_TO = (
    select(func.count())
    .select_from(
        select(Slot.id)
        .where(Slot.state == SlotState.PENDING, Slot.job_id == bindparam("job_id"))
        .limit(bindparam("cap"))
        .subquery()
    )
    .scalar_subquery()
)


def ran_by_asking_worker() -> Any:
    """``exists``: the worker asking (bind parameter ``worker``) holds or has done a run of ``Slot``'s task — the
    dispatcher's rule that one task never runs twice on one worker, nor is checked by a worker that ran it."""
    mine = aliased(Slot)
    return exists().where(
        and_(
            mine.job_id == Slot.job_id,
            mine.task_index == Slot.task_index,
            mine.role == "run",
            mine.worker == bindparam("worker"),
            mine.state.in_((SlotState.LEASED, SlotState.DONE)),
        )
    )


def _running_runs() -> Any:
    """Leased runs of the leader's running jobs of ``kinds`` held by others, that ``worker`` never ran and that
    have no other open copy (parameters: worker, kinds, n)."""
    twin = aliased(Slot)
    ran = ran_by_asking_worker()
    copied = exists().where(
        and_(
            twin.job_id == Slot.job_id,
            twin.task_index == Slot.task_index,
            twin.role == "run",
            twin.replica == Slot.replica,
            twin.id != Slot.id,
            twin.state.in_(_OPEN),
        )
    )
    return (
        select(
            Slot.id,
            Slot.job_id,
            Slot.task_index,
            Slot.replica,
            Slot.round,
            Slot.worker,
            Job.spec_cid,
            Job.first_lease_at,
        )
        .join(Job, Job.job_id == Slot.job_id)
        .where(
            Slot.state == SlotState.LEASED,
            Slot.role == "run",
            Slot.worker != bindparam("worker"),
            Job.state == JobState.RUNNING,
            Job.leader.is_(True),
            Job.wind_down.is_(False),
            Job.kind.in_(bindparam("kinds", expanding=True)),
            # the run window (round 0), as for every run lease (oracles/dispatcher.py)
            or_(Job.first_lease_at.is_(None), Job.first_lease_at >= bindparam("window_start"), Job.round != 0),
            ~ran,
            ~copied,
        )
        .order_by(Slot.id)
        .limit(bindparam("n"))
    )


_RUNNING_RUNS = _running_runs()


def _copies_of() -> Any:
    """The other open copies of recorded runs (parameter: ids, the recorded run slots)."""
    done = aliased(Slot)
    return (
        select(Slot.id, Slot.lease_id, Slot.worker, Slot.history)
        .join(
            done,
            and_(
                done.job_id == Slot.job_id,
                done.task_index == Slot.task_index,
                done.role == Slot.role,
                done.replica == Slot.replica,
                done.id != Slot.id,
            ),
        )
        .where(done.id.in_(bindparam("ids", expanding=True)), Slot.role == "run", Slot.state.in_(_OPEN))
    )


_COPIES_OF = _copies_of()
# runs with more than one open copy (read once after a start: copies made before a restart)
_DUPLICATED = (
    select(Slot.job_id, Slot.task_index, Slot.replica)
    .where(Slot.role == "run", Slot.state.in_(_OPEN))
    .group_by(Slot.job_id, Slot.task_index, Slot.replica)
    .having(func.count() > 1)
)
_VOID = (
    update(Slot)
    .where(Slot.id == bindparam("slot_id"), Slot.state.in_(_OPEN))
    .values(state=SlotState.VOID, lease_id=None, lease_expires=None, worker=None, history=bindparam("b_history"))
)
LOST_TO_COPY = "another copy of the task reported first"  # a voided copy's history entry


class CopyRow(NamedTuple):
    """A backup copy, with the columns the dispatcher's lease loop reads from a leasable row."""

    id: int
    job_id: int
    task_index: int
    replica: int
    role: str
    check: Any
    rank: int
    spec_cid: str
    first_lease_at: float | None


@dataclass(frozen=True)
class PolicyConfig:
    heavy_first: bool = True  # rule 1
    tail: bool = True  # rule 2
    backups: bool = True  # rule 3
    window: int = 32  # leasable rows read per lease, for rule 1
    backup_margin: float = BACKUP_MARGIN
    # never copied: a labeler's batch is a person's work, and one of the two copies would go unpaid
    no_copy_kinds: tuple[str, ...] = ("label",)
    # a reported fraction older than this is not used (the oracle's default lease_seconds: a holder that beat
    # no later has lost its lease anyway)
    fraction_fresh_s: float = 60.0


class DispatchPolicy:
    """Orders and filters a worker's leasable rows and makes backup copies; built with the dispatcher's job
    cache and ``speed_of(worker)`` (``WorkerSelection.speed``; None: every worker at 1.0)."""

    def __init__(
        self,
        jobs: JobCache,
        speed_of: Callable[[str], float] | None = None,
        config: PolicyConfig | None = None,
        run_window_s: float | None = None,
    ) -> None:
        """``run_window_s``: the dispatcher's (default ``protocol.jobspec.horizon.run_window()``, as there): no
        copy of a run of a job whose round-0 run window is over."""
        self.jobs = jobs
        self.run_window_s = run_window() if run_window_s is None else run_window_s
        self.speed_of = speed_of or (lambda worker: 1.0)
        self.config = config or PolicyConfig()
        self._seen: dict[str, float] = {}  # worker -> when it last asked for work
        self._started: dict[tuple[int, int, int, str], float] = {}  # (job, task, replica, worker) -> leased at
        # (job, task, replica, worker) -> (its runtime started by, fraction reported or None: none yet, at)
        self._fractions: dict[tuple[int, int, int, str], tuple[float, float | None, float]] = {}
        # job -> its recent results' (seconds x the worker's speed, task): their work is divided in when the rate
        # is needed (a backup decision), not per result
        self._rates: dict[int, deque[tuple[float, int]]] = {}
        self._rate: dict[
            int, float | None
        ] = {}  # job -> the median seconds per work unit at speed 1 (dropped on a result)
        self._mean_work: dict[int, float] = {}
        self._works: dict[int, list[float]] = {}  # job -> each task's work
        self._flat: dict[int, bool] = {}  # job -> every task has the same work (nothing for rule 1 to sort)
        self._mixed_at: float | None = None  # when rows last held a job of unequal works (None: no rows seen yet)
        self._last_now = float("-inf")  # the last arrange's time
        self._speeds: dict[str, tuple[float, float]] = {}  # worker -> (read at, speed)
        self._active_at = float("-inf")
        self._active_sum: tuple[float, float, int] = (0.0, 1.0, 0)
        self._pending: dict[int, tuple[float, int, int, bool]] = {}  # job -> (read at, cap, count less leases, exact)
        self._no_backup: dict[tuple[float, tuple[str, ...]], float] = {}  # (speed, kinds) -> when none was found
        self._copied: set[tuple[int, int, int]] | None = None  # runs with a copy (None: not read since the start)
        self.copies_made = 0
        self.copies_voided = 0

    # ------------------------------------------------------------ dispatcher hooks

    def fetch(self, want: int) -> int:
        """How many leasable rows the dispatcher should read for a batch of ``want``: the window (rule 1) while a
        job of unequal task works was among the rows in the last ACTIVE_SECONDS (or before any rows were seen),
        else fifo's count (every task of the jobs in reach weighs the same: sorting them would change nothing)."""
        mixed = self._mixed_at is None or self._last_now - self._mixed_at <= ACTIVE_SECONDS
        if self.config.heavy_first and mixed:
            return max(want * 2, self.config.window)
        return want if want == 1 else want * 2

    def arrange(self, s: Session, worker: str, now: float, rows: Sequence[Any], kinds: Sequence[str]) -> list[Any]:
        """``rows`` (the dispatcher's leasable rows) ordered and filtered for ``worker``; a backup copy when none
        is left and the worker would finish a running task well before its holder."""
        if worker not in self._seen:
            self._active_at = float("-inf")  # a new worker counts in S and v_max at once
        self._seen[worker] = now
        speed = self._speed(worker)
        if speed <= 0:
            return []
        self._last_now = now
        ordered = list(rows)
        if self.config.heavy_first and rows and self._mixed(s, rows, now):
            total, _, count = self._active(now)
            sign = -1.0 if speed * count >= total else 1.0  # at least the mean active speed: heaviest first
            ordered.sort(key=lambda r: (r.job_id, r.rank, sign * self._work(s, r.job_id, r.task_index), r.id))
        if self.config.tail and ordered:
            ordered = self._tail(s, worker, speed, now, ordered)
        if not ordered and not rows and self.config.backups:
            copy = self._backup(s, worker, speed, now, kinds)
            return [copy] if copy is not None else []
        return ordered

    def leased(self, worker: str, now: float, leases: Sequence[Any]) -> None:
        """Remember when each of ``leases`` began (for the time-left estimates)."""
        for lease in leases:
            if lease.role == "run":
                self._started[(lease.job_id, lease.task_index, lease.replica, worker)] = now
            pending = self._pending.get(lease.job_id)
            if pending is not None:
                self._pending[lease.job_id] = (pending[0], pending[1], pending[2] - 1, pending[3])
        while len(self._started) > STARTED_KEPT:
            del self._started[next(iter(self._started))]

    def beat(self, job_id: int, task_index: int, replica: int, worker: str, fraction: float | None, now: float) -> None:
        """A heartbeat of a held run: remember its runtime's completion fraction (None: it reports none, e.g.
        queued or fetching; the runtime started after the last such beat)."""
        key = (job_id, task_index, replica, worker)
        if key not in self._started:
            return  # not a run leased since the start: no elapsed time to extrapolate from
        last = self._fractions.get(key)
        if fraction is None:
            if last is None or last[1] is None:
                self._fractions[key] = (now, None, now)
            return
        begun = self._started[key] if last is None else last[0]
        self._fractions[key] = (begun, fraction, now)
        while len(self._fractions) > STARTED_KEPT:
            del self._fractions[next(iter(self._fractions))]

    def fraction_of(self, job_id: int, task_index: int, replica: int, worker: str) -> float | None:
        """The completion fraction kept for a held run, its last reported (None: none yet, or not held: a
        recorded run's is dropped with its result). Read only; for tests and status."""
        kept = self._fractions.get((job_id, task_index, replica, worker))
        return None if kept is None else kept[1]

    def recorded(self, s: Session, rows: Sequence[Any], now: float) -> list[str]:
        """Slots ``rows`` (id, job_id, task_index, replica, worker) had their results recorded: learn each job's
        rate, and void every other open copy of each run (always, from the database: copies made before a
        restart too). Returns the voided copies' lease ids."""
        for row in rows:
            started = self._started.pop((row.job_id, row.task_index, row.replica, row.worker), None)
            self._fractions.pop((row.job_id, row.task_index, row.replica, row.worker), None)
            if started is not None and now > started:
                samples = self._rates.get(row.job_id)
                if samples is None:
                    samples = self._rates[row.job_id] = deque(maxlen=RATE_SAMPLES)
                    if len(self._rates) > JOBS_KEPT:
                        self._rate.pop(next(iter(self._rates)), None)
                        del self._rates[next(iter(self._rates))]
                samples.append(((now - started) * self._speed(row.worker), row.task_index))
                self._rate.pop(row.job_id, None)
        if not rows:
            return []
        if self._copied is None:
            self._copied = {(r.job_id, r.task_index, r.replica) for r in s.connection().execute(_DUPLICATED)}
        ids = [row.id for row in rows if (row.job_id, row.task_index, row.replica) in self._copied]
        if not ids:
            return []  # no copy of these runs was made: nothing to read
        self._copied.difference_update((row.job_id, row.task_index, row.replica) for row in rows)
        conn = s.connection()
        voided = conn.execute(_COPIES_OF, {"ids": ids}).all()
        if voided:
            conn.execute(_VOID, [{"slot_id": v.id, "b_history": _lost(v, now)} for v in voided])
            self.copies_voided += len(voided)
            log.info("copies voided: another copy reported first", extra={"count": len(voided)})
        return [v.lease_id for v in voided if v.lease_id]

    # ------------------------------------------------------------ the rules

    def _speed(self, worker: str) -> float:
        now = time.monotonic()
        hit = self._speeds.get(worker)
        if hit is None or now - hit[0] > SPEED_TTL_S:
            hit = self._speeds[worker] = (now, max(float(self.speed_of(worker)), 0.0))
        return hit[1]

    def _work(self, s: Session, job_id: int, task_index: int) -> float:
        return self._job_works(s, job_id)[task_index]

    def _job_works(self, s: Session, job_id: int) -> list[float]:
        """Each task's work of ``job_id``, computed once per job with what derives from it (flat; the mean)."""
        works = self._works.get(job_id)
        if works is None:
            entry = self.jobs.entry(s, job_id)
            works = self._works[job_id] = _task_works(entry.spec, entry.tasks)
            self._flat[job_id] = not works or min(works) == max(works)
            self._mean_work[job_id] = (sum(works) / len(works) if works else 0.0) or 1.0
            while len(self._works) > JOBS_KEPT:
                oldest = next(iter(self._works))
                del self._works[oldest]
                self._flat.pop(oldest, None)
                self._mean_work.pop(oldest, None)
        return works

    def _mixed(self, s: Session, rows: Sequence[Any], now: float) -> bool:
        """Whether a job of ``rows`` has tasks of unequal work (else rule 1's order is the rows' own: per job,
        rank, then id). Remembers when one was last seen (``fetch``)."""
        last = -1
        for row in rows:
            job_id = row.job_id
            if job_id == last:
                continue
            last = job_id
            flat = self._flat.get(job_id)
            if flat is None:
                self._job_works(s, job_id)
                flat = self._flat[job_id]
            if not flat:
                self._mixed_at = now
                return True
        if self._mixed_at is None:
            self._mixed_at = float("-inf")
        return False

    def _job_rate(self, s: Session, job_id: int) -> float | None:
        if job_id in self._rate:
            return self._rate[job_id]
        samples = self._rates.get(job_id, ())
        rates = [spent / work for spent, task in samples if (work := self._work(s, job_id, task)) > 0]
        rate = self._rate[job_id] = statistics.median(rates) if rates else None
        return rate

    def _mean(self, s: Session, job_id: int) -> float:
        if job_id not in self._mean_work:
            self._job_works(s, job_id)
        return self._mean_work[job_id]

    def _active(self, now: float) -> tuple[float, float, int]:
        """(summed speed, fastest speed, count) of the workers that asked for work in the last ACTIVE_SECONDS."""
        if now - self._active_at >= ACTIVE_REFRESH_S or now < self._active_at:
            self._seen = {w: at for w, at in self._seen.items() if now - at <= ACTIVE_SECONDS}
            speeds = [self._speed(w) for w in self._seen]
            self._active_sum = (sum(speeds), max(speeds, default=1.0), len(speeds))
            self._active_at = now
        return self._active_sum

    def _tail(self, s: Session, worker: str, speed: float, now: float, rows: list[Any]) -> list[Any]:
        """Rule 2: drop the rows a faster worker would finish first (one bounded count per job). ``j`` counts
        the leases the worker holds already (a prefetched lease starts after the one running)."""
        total, fastest, _ = self._active(now)
        if speed >= fastest:
            return rows
        conn = s.connection()
        held = int(conn.execute(_HELD_BY, {"worker": worker}).scalar() or 0)
        needs: list[float] = []  # per row: the pending tasks below which a faster worker finishes it first
        counts: dict[int, int] = {}
        for row in rows:
            j = counts[row.job_id] = counts.get(row.job_id, held) + 1
            work = self._work(s, row.job_id, row.task_index)
            needs.append(total * work * (j / speed - 1 / fastest) / self._mean(s, row.job_id))
        pending: dict[int, int] = {}
        for row, need in sorted(zip(rows, needs, strict=True), key=lambda pair: -pair[1]):
            if row.job_id not in pending:  # the largest need of the job: count up to it, no further
                pending[row.job_id] = self._pending_count(conn, row.job_id, math.ceil(max(need, 0.0)) + 1, now)
        kept: list[Any] = []
        counts.clear()
        for row in rows:
            j = counts.get(row.job_id, held) + 1
            work = self._work(s, row.job_id, row.task_index)
            if pending[row.job_id] < total * work * (j / speed - 1 / fastest) / self._mean(s, row.job_id):
                continue  # a faster worker will finish it first
            counts[row.job_id] = j
            kept.append(row)
        return kept

    def _pending_count(self, conn: Any, job_id: int, cap: int, now: float) -> int:
        """``job_id``'s pending slots counted up to ``cap``: the last count when it is at most PENDING_TTL_S old
        and counted as far (less the leases taken since), else read again."""
        hit = self._pending.get(job_id)
        if hit is not None and 0 <= now - hit[0] <= PENDING_TTL_S and (cap <= hit[1] or hit[3]):
            return max(hit[2], 0)
        count = int(conn.execute(select(_PENDING_UP_TO), {"job_id": job_id, "cap": cap}).scalar() or 0)
        self._pending[job_id] = (now, cap, count, count < cap)
        if len(self._pending) > JOBS_KEPT:
            del self._pending[next(iter(self._pending))]
        return count

    def _backup(self, s: Session, worker: str, speed: float, now: float, kinds: Sequence[str]) -> CopyRow | None:
        if not self._rates:
            return None  # no job has a measured rate: no estimate of any time left
        kinds = [kind for kind in kinds if kind not in self.config.no_copy_kinds]
        if not kinds:
            return None
        key = (speed, tuple(kinds))
        if 0 <= now - self._no_backup.get(key, float("-inf")) < BACKUP_RECHECK_S:
            return None
        best: tuple[float, Any] | None = None
        conn = s.connection()
        params = {
            "worker": worker,
            "kinds": list(kinds),
            "n": BACKUP_CANDIDATES,
            "window_start": now - self.run_window_s,
        }
        for row in conn.execute(_RUNNING_RUNS, params):
            rate = self._job_rate(s, row.job_id)
            run = (row.job_id, row.task_index, row.replica, row.worker)
            started = self._started.get(run)
            if rate is None or started is None:
                continue
            work = self._work(s, row.job_id, row.task_index)
            copy_s = work * rate / speed
            expected = work * rate / max(self._speed(row.worker), 1e-6)
            reported = self._fractions.get(run)
            if (
                reported is not None
                and reported[1] is not None
                and reported[1] >= MIN_FRACTION
                and now - reported[2] <= self.config.fraction_fresh_s
            ):
                left = time_left(now - reported[0], expected, reported[1])
            else:
                left = time_left(now - started, expected)
            gain = left - self.config.backup_margin * copy_s
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, row)
        if best is None:
            self._no_backup[key] = now
            if len(self._no_backup) > 1_024:
                del self._no_backup[next(iter(self._no_backup))]
            return None
        self._no_backup.pop(key, None)
        row = best[1]
        slot_id = conn.execute(
            insert(Slot)
            .values(
                job_id=row.job_id,
                task_index=row.task_index,
                replica=row.replica,
                role="run",
                round=row.round,
                rank=0,
                state=SlotState.PENDING,
                not_before=0.0,
            )
            .returning(Slot.id)
        ).scalar_one()
        self.copies_made += 1
        if self._copied is not None:
            self._copied.add((row.job_id, row.task_index, row.replica))
        log.info(
            "backup copy",
            extra={"job_id": row.job_id, "task": row.task_index, "holder": row.worker, "worker": worker},
        )
        return CopyRow(
            slot_id, row.job_id, row.task_index, row.replica, "run", None, 0, row.spec_cid, row.first_lease_at
        )


def _lost(copy: Any, now: float) -> list | None:
    """A voided copy's history: its holder (if it was leased) lost it to the copy that reported first."""
    if copy.worker is None:
        return copy.history
    return [*(copy.history or []), {"worker": copy.worker, "why": LOST_TO_COPY, "at": now}]


def _task_works(spec: Any, tasks: Sequence[Any]) -> list[float]:
    """Each task's work units (``protocol.aicore.work.task_work``); a kind without a work model (zk: one proof of
    a fixed circuit per task) weighs every task the same, so the policy leases it in fifo's order."""
    try:
        return [task_work(spec, task) for task in tasks]
    except ValueError:
        return [1.0] * len(tasks)


def time_left(elapsed: float, expected: float, fraction: float | None = None) -> float:
    """A running task's time left. With its runtime's completion ``fraction`` (at least ``MIN_FRACTION``), LATE's
    ``elapsed (1 - fraction) / fraction``; else its expected duration less the time elapsed, and once overdue as
    long again as it has taken. (Never a heartbeat's ``progress``: that is the lease's stage, creeping with time
    while the runtime runs, ``worker_node/heartbeat.py`` — read as a fraction it made every task 10 % "done" after
    its first seconds look nine times as long as it had run, and copied it.)"""
    if fraction is not None and fraction >= MIN_FRACTION:
        return elapsed * (1.0 - min(fraction, 1.0)) / fraction
    if elapsed < expected:
        return expected - elapsed
    return elapsed
