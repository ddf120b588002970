"""The requester's estimates (issue 21): the duration model trained from the indexer's history on a schedule,
and ``gpuhive job estimate spec.yaml``.

**History from the index.** The indexer records jobs, not task durations: a settled job gives its wall time
(``settled_time - created_time``, settlement included), its spec (by CID, from the store) and so its shape. Its
per-task duration ``d`` on a median worker is the one for which the estimate's own formula
(``protocol.aicore.estimate``) on the registered workers gives back the job's wall time: ``wall / (runs / workers
+ 1)`` (the runs shared by the workers, then the last one's tail); a train job's runs one after another:
``wall / (tasks + spot checks)``. (It was ``wall x min(workers, runs) / runs``, whose round trip overestimated a
job's median wall time by 5-28 %, ``benchmarks/results/aicore_estimate.json``.) Rough, and said so: the oracle
knows each lease's duration, the index does not. ``EstimateService`` refits when its model is older than
``refresh_s`` (the schedule), in the caller's thread, at most one fit at a time; until a kind has
``MIN_SAMPLES`` jobs' worth of samples its estimates use the benchmarks' rates and say so.

**Calibration.** Every fit is ``protocol.aicore.estimate.fit_calibrated``: a quarter of the settled jobs, chosen by
a seeded hash of the job id (the same jobs on every run), is held out of the fit and calibrates each kind's 80 %
interval (split-conformal, on the job's wall time as the index recorded it against the estimate on the registered
workers, ``history_job``); with fewer than 20 held-out jobs of a kind the estimate says "interval not calibrated:
N of 20 held-out jobs" (the CLI's ``80%`` line, the new-job page's card). On a simulated index of 400
settled jobs per kind (``benchmarks/aicore_estimate.py``) this path's 80 % interval covers 77-81 % of new jobs
(70-78 % before calibration; 56-68 % with the old per-task formula above); with 60 jobs (16 held out, not
calibrated) 68-81 %.

**Going rate.** The same settled jobs give the reward advice its going rate (``protocol.aicore.advice.going_rate``):
each job's reward per task (its spec's) over that measured seconds per task, handed down as plain numbers
(``SettledJob``); with too few jobs of a kind the advice uses the assumed rate and says so.

**In ``gpuhive web``** (``start_refits``) an APScheduler job refits every ``refresh_s`` in a background thread,
the first at once (each refit is fit and calibration together), and the pages read the last model without fitting
on the request path
(``refit_on_read=False``); a fit reads at most ``MAX_JOBS`` specs of ``MAX_SPEC_BYTES`` each from the store.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from frontend_api.indexer.models import IndexedJob, IndexedWorker
from protocol.aicore.advice import SettledJob, advise
from protocol.aicore.estimate import (
    CalibrationJob,
    DurationModel,
    HistoryJob,
    JobShape,
    TaskSample,
    fit_calibrated,
    shape_of,
    task_features,
)
from protocol.contracts import TOKEN, Role
from protocol.jobspec import load_spec_file
from protocol.jobspec.errors import SpecError

log = logging.getLogger(__name__)
console = Console()
REFRESH_S = 3_600.0
MAX_JOBS = 5_000  # the most recent settled jobs read per fit
MAX_SPEC_BYTES = 1024 * 1024  # a stored spec read for the history


def samples_from_index(sessions: sessionmaker, spec_of: Callable[[str], Any]) -> list[TaskSample]:
    """Task samples from the settled jobs in the index (see the module docstring); ``spec_of(cid)``: the spec."""
    return history_from_index(sessions, spec_of)[0]


def history_from_index(
    sessions: sessionmaker, spec_of: Callable[[str], Any]
) -> tuple[list[TaskSample], list[SettledJob]]:
    """(task samples, settled jobs for the going rate) from the settled jobs in the index (the module docstring)."""
    jobs, settled = jobs_from_index(sessions, spec_of)
    return [sample for job in jobs for sample in job.samples], settled


def history_job(job_id: int, shape: JobShape, wall: float, pool: int) -> HistoryJob:
    """What one settled job of ``wall`` seconds on ``pool`` registered workers gives the model: its sample (one
    task's seconds on a median worker, the module docstring) and itself as a calibration job on ``pool`` median
    workers (the speeds the live estimates assume)."""
    # the inverse of DurationModel._walls on ``pool`` median workers: an estimate of this job gives back ``wall``
    per_task = wall / max(shape.tasks + shape.spot_checks, 1) if shape.sequential else wall / (shape.runs / pool + 1)
    features = task_features(shape.kind, shape.params, shape.work, 1.0)
    sample = TaskSample(shape.kind, features, shape.work, 1.0, per_task)
    return HistoryJob(job_id, (sample,), CalibrationJob(shape, (1.0,) * pool, wall))


def jobs_from_index(sessions: sessionmaker, spec_of: Callable[[str], Any]) -> tuple[list[HistoryJob], list[SettledJob]]:
    """(history jobs for ``fit_calibrated``, settled jobs for the going rate) from the index's settled jobs."""
    with sessions() as s:
        workers = s.execute(select(IndexedWorker).where(IndexedWorker.role == int(Role.WORKER))).scalars().all()
        jobs = (
            s.execute(
                select(IndexedJob)
                .where(IndexedJob.settled_time.is_not(None), IndexedJob.created_time.is_not(None))
                .order_by(IndexedJob.job_id.desc())
                .limit(MAX_JOBS)
            )
            .scalars()
            .all()
        )
    pool = max(len(workers), 1)
    rows = []
    settled = []
    skipped = 0
    for job in jobs:
        try:
            spec = spec_of(job.spec_cid)
            shape = shape_of(spec)
        except Exception as exc:  # a spec the store no longer has, or one this version cannot read
            # one line per job, no traceback: a refit over thousands of jobs stored elsewhere must not flood the log
            log.debug("estimate history: job skipped", extra={"job_id": job.job_id, "error": str(exc)[:200]})
            skipped += 1
            continue
        wall = float(job.settled_time - job.created_time)  # type: ignore[operator]
        if wall <= 0:
            continue
        record = history_job(int(job.job_id), shape, wall, pool)
        rows.append(record)
        settled.append(SettledJob(shape.kind, int(spec.reward_per_task), record.samples[0].seconds))
    if skipped:
        log.info("estimate history: jobs without a readable spec skipped", extra={"skipped": skipped, "of": len(jobs)})
    return rows, settled


#: what a ``history()`` gives ``EstimateService``: the jobs to fit on, or those and the settled jobs' going rates
History = Sequence[HistoryJob] | tuple[Sequence[HistoryJob], Sequence[SettledJob]]


class EstimateService:
    """A duration model refitted and recalibrated from ``history()`` when older than ``refresh_s``, and the settled
    jobs the same refit read (``settled``: the reward advice's going rate, when ``history()`` gives them)."""

    def __init__(
        self,
        history: Callable[[], History],
        refresh_s: float = REFRESH_S,
        clock: Callable[[], float] = time.monotonic,
        refit_on_read: bool = True,
    ) -> None:
        self.history = history
        self.refresh_s = refresh_s
        self.clock = clock
        self.refit_on_read = refit_on_read
        self._model = DurationModel()
        self.settled: Sequence[SettledJob] = ()
        self._fitted_at = -math.inf
        self._lock = threading.Lock()

    def refit(self) -> None:
        """Fit and calibrate a new model from ``history()`` now (unless a fit is running); a failure keeps the last
        one (its fit and its calibration are replaced together, never one without the other)."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            got = self.history()
            jobs, settled = got if isinstance(got, tuple) else (got, ())
            self._model, self.settled = fit_calibrated(jobs), settled
            self._fitted_at = self.clock()
        except Exception:  # keep the last model (or the cold start) rather than fail an estimate
            log.warning("estimate model refit failed; the last model is kept", exc_info=True)
        finally:
            self._lock.release()

    def model(self) -> DurationModel:
        if self.refit_on_read and self.clock() - self._fitted_at >= self.refresh_s:
            self.refit()
        return self._model


def start_refits(app: Any, history: Callable[[], History], refresh_s: float = REFRESH_S) -> Any:
    """Put an ``EstimateService`` on ``app.state.estimates`` (the new-job page's) and refit it every
    ``refresh_s`` with APScheduler, the first fit at once; returns the started scheduler (``shutdown()`` it)."""
    from datetime import datetime

    from apscheduler.schedulers.background import BackgroundScheduler

    service = EstimateService(history, refresh_s=refresh_s, refit_on_read=False)
    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(
        service.refit,
        "interval",
        seconds=refresh_s,
        id="estimate_refit",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(),
    )
    scheduler.start()
    app.state.estimates = service
    return scheduler


def index_history(sessions: sessionmaker, store: Any) -> Callable[[], tuple[list[HistoryJob], list[SettledJob]]]:
    """``history()`` for ``start_refits``: the index's settled jobs with their specs from ``store`` (to fit on, and
    for the going rate)."""
    from protocol.jobspec import load_spec

    return lambda: jobs_from_index(sessions, lambda cid: load_spec(store.get_bytes(cid, max_bytes=MAX_SPEC_BYTES)))


def register(app: typer.Typer) -> None:
    """Add ``estimate`` to the ``job`` sub-app."""

    @app.command("estimate")
    def estimate_cmd(
        spec: Path = typer.Argument(..., help="Job spec (YAML or JSON)."),
        workers: int = typer.Option(10, min=1, max=100_000, help="Eligible workers (the dApp counts them for a spec)."),
        speed: float = typer.Option(1.0, min=0.01, max=100.0, help="Their mean speed, the median worker being 1."),
        index_db: str | None = typer.Option(
            None, envvar="GPUHIVE_INDEX_DB", help="Indexer database URL to learn from (else the benchmarks' rates)."
        ),
        store: Path | None = typer.Option(None, envvar="GPUHIVE_STORE", help="Store holding the indexed specs."),
        budget: float | None = typer.Option(None, min=0, help="Budget in tokens for the advice (default: the spec's)."),
        deadline_h: float | None = typer.Option(None, min=0, help="Deadline in hours from now for the advice."),
    ) -> None:
        """Predicted wall time and cost with an 80% interval, and suggested reward, split and replicas."""
        try:
            job_spec = load_spec_file(spec)
        except (SpecError, OSError) as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
        model = DurationModel()
        settled: list[SettledJob] = []
        if index_db is not None:
            jobs, settled = _index_history(index_db, store)
            model = fit_calibrated(jobs)
        speeds = [speed] * workers
        estimate = model.estimate(shape_of(job_spec), speeds)
        console.print(f"[bold]{job_spec.name}[/bold]: {job_spec.kind}, {job_spec.num_tasks} tasks")
        for line in estimate.lines():
            console.print(line)
        advice = advise(
            job_spec,
            model,
            speeds,
            budget=None if budget is None else int(budget * TOKEN),
            deadline_s=None if deadline_h is None else deadline_h * 3_600,
            settled=settled,
        )
        console.print("[bold]suggested[/bold]")
        for line in advice.lines():
            console.print(line)


def _index_history(url: str, store_path: Path | None) -> tuple[list[HistoryJob], list[SettledJob]]:
    from protocol.jobspec import load_spec
    from protocol.sqldb import make_engine
    from protocol.storage import LocalStore

    store = LocalStore(store_path or Path.home() / ".gpuhive" / "store")
    return jobs_from_index(
        sessionmaker(make_engine(url)), lambda cid: load_spec(store.get_bytes(cid, max_bytes=MAX_SPEC_BYTES))
    )
