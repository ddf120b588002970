"""Moving a job forward after results arrive: judge tasks, draw and create spot checks, finish.

Runs off the request path (a background thread woken by the dispatcher).
A job goes through three phases:

1. every task runs its replicas; a task gets a *candidate* result (hash
   policy: the strict majority digest, with a tie-break replica when there
   is none; render/train: the run). For train, a candidate unblocks the
   next segment, which resumes from its checkpoint.
2. as soon as a task has a candidate, its spot check is drawn: from the
   hash of the first block mined ``reveal_wait_blocks`` after the result
   arrived (its *reveal block*, whose hash no worker could know while it
   could still change the result), with ``spot_check_drawn(reveal_seed(
   job_seed, hash), task, bps)``. A drawn task gets an extra replica (hash),
   a crop re-render (render) or a segment replay (train), leased before the
   job's remaining runs to a worker that did not run the task, so checks
   run while the job computes rather than in a round after it. A task not
   drawn is accepted — once the job has at least one check; until then it
   waits, because a job none of whose tasks was drawn gets one check
   anyway, picked from a block mined after its last result (the fallback).
3. a passed check accepts the task. A failed one is not a verdict yet: the
   same check is leased again, with seeds of its own, to a *second* checker
   (neither the worker nor the first checker), and the confirmation decides
   (``oracles.verify.confirmation``): the worker's fault — the run is slashed
   and the task goes back for another round (train: later segments are
   superseded and re-run); the first checker's fault — it is slashed and the
   run accepted; ambiguous — nobody is slashed and the task is run again by
   someone else. When every task is accepted or failed, the job settles.

A job's runs are leased for at most ``run_window_s`` after its first lease
(``protocol.jobspec.horizon``): then it winds down like at its deadline, so
every slash its runs can earn (at the settlement, or at a dispute's resolve)
lands before stake a worker starts unbonding after its lease can be withdrawn.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from oracles.checks import CheckUnusable, evaluate_check, output_problems
from oracles.config import OracleConfig
from oracles.dispatcher import Dispatcher
from oracles.jobcache import JobCache, JobEntry
from oracles.judging import Record, judge_task
from oracles.labeling.settle import label_output_problems
from oracles.models import Job, JobState, Slot, SlotState, TaskRow, TaskState
from protocol.jobspec import job_seed, render_check, reveal_seed, select_spot_checks, spot_check_drawn
from protocol.jobspec.horizon import run_window
from protocol.jobspec.label import LabelSpec
from protocol.jobspec.policies import RenderPolicy, TrainPolicy
from protocol.jobspec.seeds import confirmation_seeds, train_check
from protocol.leases import CHECK_REPLICA_BASE
from protocol.storage import Store

log = logging.getLogger(__name__)

OPEN = (SlotState.BLOCKED, SlotState.PENDING, SlotState.LEASED)


class Advancer:
    def __init__(
        self,
        sessions: sessionmaker,
        config: OracleConfig,
        jobs: JobCache,
        dispatcher: Dispatcher,
        store: Store,
        head: Callable[[], tuple[int, bytes]],
        on_settling: Callable[[int], None] = lambda job_id: None,
        run_window_s: float | None = None,
    ) -> None:
        """``run_window_s``: how long after its first lease a job's runs are leased (default
        ``protocol.jobspec.horizon.run_window()`` of the default deployment's periods; the dispatcher gets the same)."""
        self.sessions = sessions
        self.config = config
        self.jobs = jobs
        self.dispatcher = dispatcher
        self.store = store
        self.head = head  # () -> (number, hash) of the chain head
        self.on_settling = on_settling
        self.run_window_s = run_window() if run_window_s is None else run_window_s
        self._lock = threading.Lock()
        self._new_slots = 0  # slots this pass made leasable (checks, more runs, re-queues, unblocked segments)
        self._candidates: list[TaskRow] = []  # tasks given a candidate result in this pass (drawn in it)
        # a kind's own checks of a run's outputs: (job, spec, task, output cid) -> problems (oracles.verify.zk_jobs)
        self.output_checks: list[Callable[[int, Any, int, str], list[str]]] = []

    # ------------------------------------------------------------ entry points

    def advance(self, job_id: int) -> None:
        """Judge what arrived for one job and move it on; safe to call any time."""
        with self._lock:
            settling = False
            self._new_slots = 0
            self._candidates = []
            with self.sessions.begin() as s:
                job = s.get(Job, job_id)
                if job is None or job.state != JobState.RUNNING or not job.leader:
                    return
                entry = self.jobs.get(job)
                if not job.wind_down and self._window_closed(job):
                    job.wind_down = True
                    log.warning("run window over: winding down", extra={"job_id": job.job_id})
                if job.wind_down:
                    self._wind_down(s, job)
                else:
                    self._judge_runs(s, job, entry)
                    self._draw_spot_checks(s, job, entry)
                    self._judge_checks(s, job, entry)
                settling = self._maybe_finish(s, job)
            # wake long-polling workers only for new work, and only as many as there are new slots: each
            # wake-up is a lease query per woken worker, and in a job's tail every worker waits
            if self._new_slots:
                self.dispatcher.notify_work(self._new_slots)
            if settling:
                self.on_settling(job_id)

    def _window_closed(self, job: Job) -> bool:
        """Round 0 only: a dispute's round 1 re-checks after the settlement, within the resolve timeout."""
        started = job.first_lease_at
        return job.round == 0 and started is not None and self.dispatcher.clock() >= started + self.run_window_s

    def advance_all(self) -> None:
        with self.sessions() as s:
            ids = (
                s.execute(select(Job.job_id).where(Job.state == JobState.RUNNING, Job.leader.is_(True))).scalars().all()
            )
        for job_id in ids:
            try:
                self.advance(job_id)
            except Exception:  # one broken job must not stop the others; it is retried next round
                log.exception("advance failed", extra={"job_id": job_id})

    # ------------------------------------------------------------ phase 1: runs

    def _judge_runs(self, s: Session, job: Job, entry: JobEntry) -> None:
        method = entry.spec.verification.method
        tasks = self._tasks_to_judge(s, job, method)
        by_task: dict[int, list[Slot]] = {}
        for chunk in range(0, len(tasks), 500):  # one query per 500 tasks, not one per task
            indices = [t.task_index for t in tasks[chunk : chunk + 500]]
            for slot in s.execute(
                select(Slot).where(Slot.job_id == job.job_id, Slot.task_index.in_(indices)).order_by(Slot.id)
            ).scalars():
                by_task.setdefault(slot.task_index, []).append(slot)
        for task in tasks:
            rejudge = method == "hash" and task.checked  # the spot-check replica joins the vote
            if task.candidate_slot is not None and not rejudge:
                continue
            slots = by_task.get(task.task_index, [])
            runs = [x for x in slots if x.role == "run" and x.state not in (SlotState.VOID, SlotState.SUPERSEDED)]
            if not self._outputs_ok(s, job, entry, runs):
                continue
            if any(x.state in OPEN for x in runs):
                continue
            done = [x for x in runs if x.state == SlotState.DONE]
            if not done:
                self._fail_task(
                    s,
                    job,
                    entry,
                    task,
                    "every attempt failed: " + "; ".join(x.failure or "" for x in runs if x.failure)[:500],
                )
                continue
            if method == "hash":
                outcome = judge_task("hash", [_record(x) for x in done])
                if outcome.accepted_slot is None:
                    if not self._add_run(s, job, entry, task, "no strict majority among replicas"):
                        self._fail_task(s, job, entry, task, "replicas disagree and no tie-break is possible")
                    continue
                task.candidate_slot = outcome.accepted_slot
                if rejudge:
                    task.state = TaskState.ACCEPTED
                    continue
            else:
                task.candidate_slot = done[-1].id
            self._on_candidate(s, job, entry, task)

    def _tasks_to_judge(self, s: Session, job: Job, method: str) -> list[TaskRow]:
        """Running tasks the loop in ``_judge_runs`` can change: a run arrived since the last pass
        (its outputs are unchecked) or no run is open any more. The others are skipped there anyway;
        finding these two kinds in SQL keeps a pass proportional to what arrived, not to the job."""
        undecided: ColumnElement[bool] = TaskRow.candidate_slot.is_(None)
        if method == "hash":  # the spot-check replica joins the vote
            undecided = or_(undecided, TaskRow.checked.is_(True))
        fresh = select(Slot.task_index).where(
            Slot.job_id == job.job_id, Slot.role == "run", Slot.state == SlotState.DONE, Slot.evidence.is_(None)
        )
        # two uncorrelated lists, each built once per pass: a correlated NOT EXISTS here made SQLite scan
        # every open slot of the job for every task (12 s per pass for 20,000 tasks)
        still_open = select(Slot.task_index).where(Slot.job_id == job.job_id, Slot.role == "run", Slot.state.in_(OPEN))
        return list(
            s.execute(
                select(TaskRow)
                .where(
                    TaskRow.job_id == job.job_id,
                    TaskRow.state == TaskState.RUNNING,
                    undecided,
                    or_(TaskRow.task_index.in_(fresh), TaskRow.task_index.not_in(still_open)),
                )
                .order_by(TaskRow.task_index)
            ).scalars()
        )

    def _outputs_ok(self, s: Session, job: Job, entry: JobEntry, runs: list[Slot]) -> bool:
        """Check that each new run's output manifest names every expected file; release those that do not."""
        ok = True
        for slot in runs:
            if slot.state != SlotState.DONE or slot.evidence is not None:
                continue
            if isinstance(entry.spec, LabelSpec):  # an answers file, not a folder of outputs
                problems = label_output_problems(
                    self.store, entry.spec, slot.task_index, slot.output_cid or "", slot.digest or ""
                )
            else:
                problems = output_problems(self.store, slot.output_cid or "", entry.tasks[slot.task_index].outputs)
                for extra in self.output_checks if not problems else ():
                    problems += extra(job.job_id, entry.spec, slot.task_index, slot.output_cid or "")
            if problems:
                log.warning(
                    "unusable output",
                    extra={"job_id": job.job_id, "task": slot.task_index, "worker": slot.worker, "problems": problems},
                )
                self._requeue_done(slot, "output unusable: " + "; ".join(problems))
                ok = False
            else:
                slot.evidence = {"outputs": "ok"}
        return ok

    def _requeue_done(self, slot: Slot, why: str) -> None:
        slot.history = [*(slot.history or []), {"worker": slot.worker, "why": why[:500]}]
        slot.attempts += 1
        slot.digest = slot.output_cid = slot.signature = None
        slot.worker = None
        slot.evidence = None
        slot.state = SlotState.PENDING if slot.attempts < self.config.max_failures else SlotState.FAILED
        self._new_slots += slot.state == SlotState.PENDING
        slot.failure = why[:2_000] if slot.state == SlotState.FAILED else None

    def _on_candidate(self, s: Session, job: Job, entry: JobEntry, task: TaskRow) -> None:
        self._candidates.append(task)
        if entry.spec.kind == "train" and task.task_index + 1 < len(entry.tasks):
            self._new_slots += self.dispatcher.unblock(s, job.job_id, task.task_index + 1)
        if task.reveal_block is not None:  # drawn before (a re-run after a failed check, a dispute)
            self._check_or_accept(s, job, entry, task)
        # otherwise _draw_spot_checks draws it, in this pass if the block it needs is there

    def _add_run(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, why: str) -> bool:
        """Another replica of the task (tie-break or re-run), if rounds and budget allow."""
        # a re-run after a failed check needs its own check too
        extra = 2 if task.must_check and entry.spec.verification.method != "hash" else 1
        if task.rounds >= self.config.policy.max_rounds or not self._budget_allows(s, job, entry, extra):
            return False
        task.rounds += 1
        task.note = why
        s.add(
            Slot(
                job_id=job.job_id,
                task_index=task.task_index,
                role="run",
                replica=_next_replica(s, job.job_id, task.task_index),
                round=task.rounds,
                state=SlotState.PENDING,
            )
        )
        self._new_slots += 1
        return True

    def _budget_allows(self, s: Session, job: Job, entry: JobEntry, extra: int) -> bool:
        """Whether ``extra`` more paid slots still fit the budget.

        Counted as paid: every slot not void, superseded or failed, except
        runs whose first check failed (slashed or run again, not paid) — or,
        when the confirmation faulted the first checker, that checker.
        """
        live = (
            s.execute(
                select(func.count()).where(
                    Slot.job_id == job.job_id,
                    Slot.state.not_in((SlotState.VOID, SlotState.SUPERSEDED, SlotState.FAILED)),
                )
            ).scalar()
            or 0
        )
        checks = s.execute(
            select(Slot.evidence, Slot.subject_slot, Slot.check).where(
                Slot.job_id == job.job_id, Slot.role == "check", Slot.state == SlotState.DONE
            )
        ).all()
        # not paid: runs whose first check failed, unless a confirmation faulted that checker instead (then
        # the checker is not paid)
        failed = {subject for evidence, subject, check in checks if _failed_first(evidence, check)}
        cleared = [subject for evidence, subject, check in checks if _verdict(evidence, check) == "checker"]
        rejected = len(failed - set(cleared)) + len(cleared)
        available = int(job.budget) - int(job.fixed_fee or 0)
        return (live - rejected + extra) * entry.spec.reward_per_task <= available

    def _fail_task(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, why: str) -> None:
        task.state = TaskState.FAILED
        task.note = why
        self._void_open(s, job.job_id, task.task_index)
        if entry.spec.kind == "train":  # later segments can never resume
            for later in range(task.task_index + 1, len(entry.tasks)):
                row = s.get(TaskRow, (job.job_id, later))
                if row is not None and row.state != TaskState.FAILED:
                    row.state, row.note = TaskState.FAILED, f"segment {task.task_index} failed"
                    self._void_open(s, job.job_id, later)
        log.warning("task failed", extra={"job_id": job.job_id, "task": task.task_index, "why": why})

    def _void_open(self, s: Session, job_id: int, task_index: int) -> None:
        s.execute(
            update(Slot)
            .where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.state.in_(OPEN))
            .values(state=SlotState.VOID, lease_id=None)
        )

    # ------------------------------------------------------------ phase 2: draw the spot checks

    def _draw_spot_checks(self, s: Session, job: Job, entry: JobEntry) -> None:
        bps = entry.spec.verification.spot_check_bps
        with_result = (
            TaskRow.job_id == job.job_id,
            TaskRow.state == TaskState.RUNNING,
            TaskRow.candidate_slot.is_not(None),
        )
        # Without autoflush: flushing this pass's changes here took SQLite's write lock, held to the commit,
        # and the head is read from the chain below — every /v1/work on the API's event loop waited on it
        # (benchmarks/e2e.py: a result exchange of 2.4 ms took 10.7 ms on average). The tasks given a
        # candidate in this pass are not in the database yet, so they are added from memory, and every task
        # is kept by its in-memory state (the query read the database's).
        with s.no_autoflush:
            stored = s.execute(select(TaskRow).where(*with_result, TaskRow.reveal_block.is_(None))).scalars().all()
        undrawn = sorted(
            (
                task
                for task in dict.fromkeys([*stored, *self._candidates])  # (one object per row: the identity map)
                if task.state == TaskState.RUNNING and task.candidate_slot is not None and task.reveal_block is None
            ),
            key=lambda task: task.task_index,
        )
        ready: list[TaskRow] = []
        if undrawn:
            number, block_hash = self.head()
            for task in undrawn:
                if task.draw_after is None:  # the result arrived in this pass (or before a restart: later is safe)
                    task.draw_after = number + self.config.reveal_wait_blocks
                if task.draw_after <= number:
                    ready.append(task)
            if ready:
                hashes = dict(job.reveal_hashes or {})
                hashes[str(number)] = "0x" + block_hash.hex()
                job.reveal_hashes = hashes  # (a new dict: the JSON column sees the change)
                seed = _reveal_seed(job, block_hash)
                drawn = []
                for task in ready:
                    task.reveal_block = number
                    if spot_check_drawn(seed, task.task_index, bps):
                        task.selected = True
                        drawn.append(task.task_index)
                    if task.selected or task.must_check:
                        self._check_or_accept(s, job, entry, task)
                if drawn:
                    log.info("spot checks drawn", extra={"job_id": job.job_id, "reveal_block": number, "tasks": drawn})
        if job.round == 1:
            # reopened by a dispute: every task round 0 accepted unchecked is due a check (a re-run after a
            # failed check gets its own through _on_candidate)
            for task in s.execute(
                select(TaskRow).where(
                    *with_result,
                    TaskRow.must_check.is_(True),
                    TaskRow.checked.is_(False),
                    TaskRow.reveal_block.is_not(None),
                )
            ).scalars():
                self._check_or_accept(s, job, entry, task)
        has_check = (
            bps == 0
            or s.execute(
                select(TaskRow.task_index).where(TaskRow.job_id == job.job_id, TaskRow.selected.is_(True)).limit(1)
            ).first()
            is not None
        )
        fallback = False
        if not has_check:
            has_check = fallback = self._maybe_draw_fallback(s, job, entry)
        # tasks drawn "no" wait only while the job has no check: accept this pass's, or all at the first check
        if has_check and (ready or fallback or job.round == 1):
            # the tasks drawn "no" are accepted in one statement (what _check_or_accept does for each of them)
            s.execute(
                update(TaskRow)
                .where(
                    *with_result,
                    TaskRow.reveal_block.is_not(None),
                    TaskRow.checked.is_(False),
                    TaskRow.selected.is_(False),
                    TaskRow.must_check.is_(False),
                )
                .values(state=TaskState.ACCEPTED)
                # the accepted rows' objects in this session are found by primary key (RETURNING), not by
                # evaluating the WHERE clause in Python over every task object the pass loaded
                .execution_options(synchronize_session="fetch")
            )

    def _maybe_draw_fallback(self, s: Session, job: Job, entry: JobEntry) -> bool:
        """No task was drawn: once every task has its result and its draw, check one picked from the head.
        Returns whether the job now has a check.

        The head is at or after every task's reveal block, each mined at least ``reveal_wait_blocks``
        after that task's result, so no worker could know it while it could still change a result."""
        if job.reveal_block is not None:
            return True  # (its pick was a failed task: nothing to check)
        # the first task without a result or a draw, if any (not a count: this runs on every pass)
        waiting = s.execute(
            select(TaskRow.task_index)
            .where(
                TaskRow.job_id == job.job_id,
                TaskRow.state == TaskState.RUNNING,
                or_(TaskRow.candidate_slot.is_(None), TaskRow.reveal_block.is_(None)),
            )
            .limit(1)
        ).first()
        if waiting is not None:
            return False
        number, block_hash = self.head()
        job.reveal_block, job.reveal_block_hash = number, "0x" + block_hash.hex()
        seed = _reveal_seed(job, block_hash)
        picked = select_spot_checks(seed, entry.tasks, entry.spec.verification.spot_check_bps, count=1)
        log.info(
            "spot check drawn for the job (no task was drawn on its own)",
            extra={"job_id": job.job_id, "reveal_block": number, "tasks": list(picked)},
        )
        for index in picked:
            task = s.get(TaskRow, (job.job_id, index))
            if task is not None:
                task.selected = True
                self._check_or_accept(s, job, entry, task)
        return True

    @staticmethod
    def _task_seed(job: Job, task: TaskRow) -> bytes:
        """The seed of a drawn task's check parameters (crops, segments): from its reveal block."""
        block_hash = (job.reveal_hashes or {}).get(str(task.reveal_block))
        if block_hash is None:
            raise RuntimeError(f"job {job.job_id} task {task.task_index}: no hash for its reveal block")
        return _reveal_seed(job, bytes.fromhex(block_hash[2:]))

    def _check_or_accept(self, s: Session, job: Job, entry: JobEntry, task: TaskRow) -> None:
        if task.checked or task.state != TaskState.RUNNING:
            return
        if not (task.selected or task.must_check):
            task.state = TaskState.ACCEPTED
            return
        task.checked = True
        policy = entry.spec.verification
        if policy.method == "hash":
            if not self._add_run(s, job, entry, task, "spot check: one more replica"):
                task.state = TaskState.ACCEPTED
                task.note = "spot check skipped: budget or rounds exhausted"
            return
        subject = s.get(Slot, task.candidate_slot)
        assert subject is not None
        check = self._check_params(s, job, entry, task, subject)
        replica = CHECK_REPLICA_BASE + _check_count(s, job.job_id, task.task_index)
        s.add(
            Slot(
                job_id=job.job_id,
                task_index=task.task_index,
                replica=replica,
                role="check",
                round=task.rounds,
                subject_slot=subject.id,
                check=check,
                state=SlotState.PENDING,
            )
        )
        self._new_slots += 1

    def _check_params(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, subject: Slot) -> dict[str, Any]:
        spec_task = entry.tasks[task.task_index]
        seed = self._task_seed(job, task)
        policy = entry.spec.verification
        if isinstance(policy, RenderPolicy):  # (a render job's; a hash policy never gets a check slot)
            rc = render_check(seed, spec_task, policy)
            frames = spec_task.params["frames"]
            return {
                "kind": "render",
                "frame": rc.frame,
                "crops": [[c.min_x, c.max_x, c.min_y, c.max_y] for c in rc.crops],
                "seeds": list(rc.seeds),
                "subject": {"cid": subject.output_cid, "path": spec_task.outputs[frames.index(rc.frame)]},
            }
        if not isinstance(policy, TrainPolicy):  # label and zk tasks have no re-run check (no must_check either)
            raise RuntimeError(f"job {job.job_id}: no check for a task of a {policy.method} policy")
        segments = []
        names = dict(zip(spec_task.params["checkpoint_steps"], spec_task.outputs))
        for seg in train_check(seed, spec_task, policy):
            if seg.step_from == 0:
                start = None
            elif seg.step_from == spec_task.params["step_start"]:
                prev = entry.tasks[task.task_index - 1]
                prev_row = s.get(TaskRow, (job.job_id, prev.index))
                prev_slot = s.get(Slot, prev_row.candidate_slot) if prev_row and prev_row.candidate_slot else None
                start = {"cid": prev_slot.output_cid if prev_slot else None, "path": prev.outputs[-1]}
            else:
                start = {"cid": subject.output_cid, "path": names[seg.step_from]}
            segments.append(
                {
                    "step_from": seg.step_from,
                    "step_to": seg.step_to,
                    "start": start,
                    "submitted": {"cid": subject.output_cid, "path": names[seg.step_to]},
                }
            )
        return {
            "kind": "train",
            "segments": segments,
            "tolerance": policy.tolerance,
            "noise_floor": policy.noise_floor,
            "outlier_tolerance": policy.outlier_tolerance,
        }

    # ------------------------------------------------------------ phase 3: checks

    def _judge_checks(self, s: Session, job: Job, entry: JobEntry) -> None:
        checks = (
            s.execute(
                select(Slot).where(
                    Slot.job_id == job.job_id,
                    Slot.role == "check",
                    Slot.state == SlotState.DONE,
                    Slot.evidence.is_(None),
                )
            )
            .scalars()
            .all()
        )
        for check in checks:
            task = s.get(TaskRow, (job.job_id, check.task_index))
            assert task is not None
            confirms = (check.check or {}).get("confirms")
            first = s.get(Slot, confirms) if confirms is not None else None
            try:
                evidence = evaluate_check(self.store, entry, check, first)
            except CheckUnusable as exc:
                log.warning(
                    "check unusable",
                    extra={"job_id": job.job_id, "task": check.task_index, "worker": check.worker, "why": str(exc)},
                )
                self._requeue_done(check, f"check output unusable: {exc}")
                continue
            if first is not None:
                evidence["faulted"] = self._faulted(s, evidence.get("verdict"), check, first)
            check.evidence = evidence
            if task.state != TaskState.RUNNING:
                continue
            if first is not None:
                self._confirmed(s, job, entry, task, evidence)
            elif evidence["passed"]:
                task.state = TaskState.ACCEPTED
            else:
                self._confirm(s, job, entry, task, check)
        # a check slot that failed for good: accept the candidate unchecked rather than stall the job; a
        # confirmation nobody could run leaves the failed check unconfirmed: run the task again, slash nobody
        for check in s.execute(
            select(Slot).where(Slot.job_id == job.job_id, Slot.role == "check", Slot.state == SlotState.FAILED)
        ).scalars():
            task = s.get(TaskRow, (job.job_id, check.task_index))
            if task is not None and task.state == TaskState.RUNNING and task.candidate_slot == check.subject_slot:
                if (check.check or {}).get("confirms") is not None:
                    self._check_failed(s, job, entry, task, "unconfirmed")
                else:
                    task.state, task.note = TaskState.ACCEPTED, "accepted unchecked: no worker could run its check"

    def _confirm(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, first: Slot) -> None:
        """A first check failed: lease the same check, with seeds of its own, to a second checker (the
        dispatcher never gives a check to a worker that ran or checked the task). Without room in the budget
        the failure stays unconfirmed: nobody is slashed and the task runs again (if the budget allows)."""
        log.warning("check failed: confirming", extra={"job_id": job.job_id, "task": task.task_index})
        if not self._budget_allows(s, job, entry, 1):
            self._check_failed(s, job, entry, task, "unconfirmed (no budget for a second checker)")
            return
        params = dict(first.check or {})
        params["confirms"] = first.id
        if params.get("kind") == "render":
            params["seeds"] = list(
                confirmation_seeds(self._task_seed(job, task), task.task_index, tuple(params.get("seeds") or ()))
            )
        s.add(
            Slot(
                job_id=job.job_id,
                task_index=task.task_index,
                replica=CHECK_REPLICA_BASE + _check_count(s, job.job_id, task.task_index),
                role="check",
                round=task.rounds,
                subject_slot=first.subject_slot,
                check=params,
                state=SlotState.PENDING,
            )
        )
        self._new_slots += 1

    def _confirmed(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, evidence: dict[str, Any]) -> None:
        verdict = evidence.get("verdict")
        log.warning(
            "check confirmed",
            extra={"job_id": job.job_id, "task": task.task_index, "verdict": verdict, "faulted": evidence["faulted"]},
        )
        if verdict == "checker":  # the worker passed against the second checker: its run stands
            task.state, task.note = TaskState.ACCEPTED, "accepted: the first checker's references were at fault"
        else:
            self._check_failed(s, job, entry, task, str(verdict))

    @staticmethod
    def _faulted(s: Session, verdict: str | None, check: Slot, first: Slot) -> str | None:
        """Who a confirmation's verdict slashes: the checked run's worker, the first checker, or nobody."""
        if verdict == "checker":
            return first.worker
        if verdict == "worker":
            subject = s.get(Slot, check.subject_slot)
            return subject.worker if subject is not None else None
        return None

    def _check_failed(self, s: Session, job: Job, entry: JobEntry, task: TaskRow, verdict: str) -> None:
        """The run is not accepted (its worker's fault, or a failure no one could confirm): run it again."""
        log.warning(
            "run rejected",
            extra={"job_id": job.job_id, "task": task.task_index, "subject": task.candidate_slot, "verdict": verdict},
        )
        task.candidate_slot = None
        task.checked = False
        task.must_check = True
        if entry.spec.kind == "train":
            self._supersede_after(s, job, entry, task.task_index)
        if not self._add_run(s, job, entry, task, f"check failed ({verdict}): run again by another worker"):
            self._fail_task(s, job, entry, task, f"check failed ({verdict}) and no further round is possible")

    def _supersede_after(self, s: Session, job: Job, entry: JobEntry, index: int) -> None:
        """Train: segments after ``index`` resumed from a rejected checkpoint; run them again."""
        for later in range(index + 1, len(entry.tasks)):
            row = s.get(TaskRow, (job.job_id, later))
            if row is None or row.state == TaskState.FAILED:
                continue
            s.execute(
                update(Slot)
                .where(Slot.job_id == job.job_id, Slot.task_index == later, Slot.state == SlotState.DONE)
                .values(state=SlotState.SUPERSEDED)
            )
            s.execute(
                update(Slot)
                .where(Slot.job_id == job.job_id, Slot.task_index == later, Slot.state.in_(OPEN))
                .values(state=SlotState.VOID, lease_id=None)
            )
            row.state, row.candidate_slot, row.checked = TaskState.RUNNING, None, False
            s.add(
                Slot(
                    job_id=job.job_id,
                    task_index=later,
                    replica=_next_replica(s, job.job_id, later),
                    role="run",
                    round=row.rounds,
                    state=SlotState.BLOCKED,
                )
            )

    # ------------------------------------------------------------ finishing

    def _wind_down(self, s: Session, job: Job) -> None:
        """Deadline near or cancel requested: stop handing out work and keep what was delivered."""
        s.execute(
            update(Slot)
            .where(Slot.job_id == job.job_id, Slot.state.in_(OPEN))
            .values(state=SlotState.VOID, lease_id=None)
        )
        for task in s.execute(
            select(TaskRow).where(TaskRow.job_id == job.job_id, TaskRow.state == TaskState.RUNNING)
        ).scalars():
            if task.candidate_slot is not None:
                task.state, task.note = TaskState.ACCEPTED, "accepted at wind-down (deadline or cancel)"
            else:
                task.state, task.note = TaskState.FAILED, "not finished before the deadline or cancel"

    def _maybe_finish(self, s: Session, job: Job) -> bool:
        running = s.execute(
            select(TaskRow.task_index).where(TaskRow.job_id == job.job_id, TaskRow.state == TaskState.RUNNING).limit(1)
        ).first()
        if running is not None:
            return False
        s.execute(
            update(Slot)
            .where(Slot.job_id == job.job_id, Slot.state.in_(OPEN))
            .values(state=SlotState.VOID, lease_id=None)
        )
        job.state = JobState.SETTLING
        job.ready_at = time.time()
        log.info("job ready to settle", extra={"job_id": job.job_id})
        return True


def _reveal_seed(job: Job, block_hash: bytes) -> bytes:
    """reveal_seed(job_seed, hash) for a block mined after the results it draws for."""
    return reveal_seed(job_seed(bytes.fromhex(job.created_block_hash[2:]), job.job_id), block_hash)


def _next_replica(s: Session, job_id: int, task_index: int) -> int:
    return 1 + (
        s.execute(
            select(func.max(Slot.replica)).where(
                Slot.job_id == job_id, Slot.task_index == task_index, Slot.replica < CHECK_REPLICA_BASE
            )
        ).scalar()
        or 0
    )


def _record(slot: Slot) -> Record:
    return Record(
        slot.id,
        slot.replica,
        slot.role,
        slot.round,
        slot.worker or "",
        slot.digest or "",
        slot.output_cid or "",
        slot.state == SlotState.SUPERSEDED,
        slot.subject_slot,
        (slot.evidence or {}).get("passed") if slot.role == "check" else None,
        (slot.check or {}).get("confirms") if slot.role == "check" else None,
        (slot.evidence or {}).get("verdict") if slot.role == "check" else None,
    )


def _check_count(s: Session, job_id: int, task_index: int) -> int:
    return (
        s.execute(
            select(func.count()).where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.role == "check")
        ).scalar()
        or 0
    )


def _failed_first(evidence: dict | None, check: dict | None) -> bool:
    """A first check (not a confirmation) that failed."""
    if not evidence:
        return False
    return evidence.get("passed") is False and (check or {}).get("confirms") is None


def _verdict(evidence: dict | None, check: dict | None) -> str | None:
    """A confirmation's verdict (None for a first check or one not judged)."""
    return (evidence or {}).get("verdict") if (check or {}).get("confirms") is not None else None
