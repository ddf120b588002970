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

**Who ran it.** Where the oracles serve a settled job's verified result manifest (``ComputeEnds``, below), its
runs' workers (slots of role ``run``, not superseded) replace the registered workers, at their attested speeds
(``AttestedSpeeds``): the sentries' ``AttestationPosted`` events in the index (rewound with the chain) and their
verified files (``SentryScores``), in the newest epoch first posted at or before the job's settlement block,
``perf_score`` over the epoch's median (``protocol.aicore.speed``, the dispatcher's rule; not attested: 1.0). The
sample is then ``wall / (runs / sum v + 1 / max v)`` on those speeds ``v`` (a train job: ``wall x v / (tasks + spot
checks)``, ``v`` the harmonic mean of its runs' speeds), the job calibrates on them and the going rate counts
its seconds per task the same way. On a history whose jobs
ran on 2x or 0.5x workers half and half, the median |log(predicted / actual)| of new jobs' wall time on their
workers falls from 0.71 (every job 2-fold off) to 0.14, the jobs' own spread
(``tests/frontend_api/test_estimates_worker_speeds.py``). Jobs without a manifest keep the registered workers.

**Calibration.** Every fit is ``protocol.aicore.estimate.fit_calibrated``: a quarter of the settled jobs, chosen by
a seeded hash of the job id (the same jobs on every run), is held out of the fit and calibrates each kind's 80 %
interval (split-conformal, on the job's wall time as the index recorded it against the estimate on the registered
workers, ``history_job``); with fewer than 20 held-out jobs of a kind the estimate says "interval not calibrated:
N of 20 held-out jobs" (the CLI's ``80%`` line, the new-job page's card). On a simulated index of 400
settled jobs per kind (``benchmarks/aicore_estimate.py``) this path's 80 % interval covers 77-81 % of new jobs
(70-78 % before calibration; 56-68 % with the old per-task formula above); with 60 jobs (16 held out, not
calibrated) 68-81 %.

**Going rate.** The same settled jobs give the reward advice its going rate (``protocol.aicore.advice.going_rate``):
each job's reward per task (its spec's) over its seconds per task, handed down as plain numbers (``SettledJob``);
with too few jobs of a kind the advice uses the assumed rate and says so. What workers accept is paid for their
computing, so these seconds per task come from the job's *compute span*, not its wall time: from its creation to
its last task's result, the settlement (the committee's signatures, a label job's wait for its gold answers, a
leader's takeover) left out. The chain holds no task events (JobEscrow logs a job's creation and settlement only),
so the end of the span comes from the job's result manifest, which the index's settlement commits to
(``result_hash``): every task's ``reveal_block`` is the block its spot check was drawn from, ``reveal_wait_blocks``
after its result arrived; the latest one, as a time (its block's timestamp from the chain, else interpolated
between the job's creation and settlement blocks), ends the span (``ComputeEnds``: the manifests from the
oracles, verified against the settled hash and cached). A job whose manifest no oracle serves is counted at its
wall time, as before. The span still holds the wait for the first lease (no event records it). The duration
model keeps fitting whole wall times: that is what a requester waits for.

**On whose workers.** ``gpuhive job estimate --oracles URL[,URL]`` estimates on the spec's eligible workers at
their attested speeds, as the new-job page does: ``POST /v1/eligible`` on the first oracle that answers
(``frontend_api/eligible_workers.py``: bounded to 8 KiB before parsing, 2 s per oracle); with no ``--oracles``, or
none answering, on ``--workers`` at ``--speed`` and it says so; none eligible: nothing would run it (exit 1).

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from frontend_api.eligible_workers import EligibleWorkers, ask_eligible
from frontend_api.indexer.models import IndexedJob, IndexedSettlement, IndexedWorker
from frontend_api.indexer.sentry_scores import SentryScores
from protocol import eip712
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
from protocol.aicore.speed import median_score, relative_speed
from protocol.bounded_http import read_bounded
from protocol.contracts import TOKEN, Role
from protocol.jobspec import load_spec_file
from protocol.jobspec.errors import SpecError
from protocol.result_manifest import ResultManifest

log = logging.getLogger(__name__)
console = Console()
REFRESH_S = 3_600.0
MAX_JOBS = 5_000  # the most recent settled jobs read per fit
MAX_SPEC_BYTES = 1024 * 1024  # a stored spec read for the history
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # a stored result manifest read for a compute span
MAX_MANIFEST_FETCHES = 200  # manifests asked of the oracles per refit (the cache fills over refits)
MAX_ORACLE_REPLY_BYTES = 64 * 1024  # an oracle's job status read for its manifest CID
ORACLE_TIMEOUT = 3.0

#: (job, its standing settlement's result hash) -> the unix time its last task's result was in, or None
ComputeEnd = Callable[[IndexedJob, str], float | None]


def samples_from_index(sessions: sessionmaker, spec_of: Callable[[str], Any]) -> list[TaskSample]:
    """Task samples from the settled jobs in the index (see the module docstring); ``spec_of(cid)``: the spec."""
    return history_from_index(sessions, spec_of)[0]


def history_from_index(
    sessions: sessionmaker, spec_of: Callable[[str], Any]
) -> tuple[list[TaskSample], list[SettledJob]]:
    """(task samples, settled jobs for the going rate) from the settled jobs in the index (the module docstring)."""
    jobs, settled = jobs_from_index(sessions, spec_of)
    return [sample for job in jobs for sample in job.samples], settled


def history_job(
    job_id: int, shape: JobShape, wall: float, pool: int, speeds: Sequence[float] | None = None
) -> HistoryJob:
    """What one settled job of ``wall`` seconds gives the model: its sample (one task's seconds on a median, 1x,
    worker) and itself as a calibration job. ``speeds``: the attested speeds of the workers who ran it (one per
    worker; for a sequential job, train, one per run), else ``pool`` registered workers at the median speed (the
    module docstring). The sample inverts the estimate's own formula on those speeds, so an estimate of this job
    on them gives back ``wall``: ``d1 (runs / sum v + 1 / max v)``; a sequential job's runs one after another at
    their harmonic mean speed."""
    given = tuple(v for v in speeds or () if v > 0)
    if shape.sequential:
        # runs one after another: (tasks + spot checks) x d1 / v at the runs' harmonic mean v
        v_runs = len(given) / sum(1.0 / v for v in given) if given else 1.0
        per_task = wall * v_runs / max(shape.tasks + shape.spot_checks, 1)
        on: tuple[float, ...] = (v_runs,) if given else (1.0,) * pool
    else:
        # the inverse of DurationModel._walls on ``on``: an estimate of this job on them gives back ``wall``
        on = given or (1.0,) * pool
        per_task = wall / (shape.runs / sum(on) + 1.0 / max(on))
    features = task_features(shape.kind, shape.params, shape.work, 1.0)
    sample = TaskSample(shape.kind, features, shape.work, 1.0, per_task)
    return HistoryJob(job_id, (sample,), CalibrationJob(shape, on, wall))


def last_result_block(manifest: ResultManifest) -> int | None:
    """The block the last task's spot check was drawn from (``reveal_wait_blocks`` after its result arrived), or
    the job-wide draw's when no task has its own; None when the manifest names neither."""
    blocks = [task.reveal_block for task in manifest.tasks if task.reveal_block is not None]
    if not blocks and manifest.reveal_block is not None:
        blocks = [manifest.reveal_block]
    return max(blocks) if blocks else None


def interpolated_time(job: IndexedJob, block: int) -> float | None:
    """``block``'s time on a line through the job's creation and settlement (block, time), within them."""
    if job.created_time is None or job.settled_time is None or job.settled_block is None:
        return None
    if job.settled_block <= job.created_block:
        return None
    share = min(max((block - job.created_block) / (job.settled_block - job.created_block), 0.0), 1.0)
    return job.created_time + share * (job.settled_time - job.created_time)


def compute_span(job: IndexedJob, end: float | None) -> float:
    """The seconds the going rate counts for a settled job: its creation to ``end`` (its last task's result),
    or its whole wall time when ``end`` is unknown or outside it."""
    wall = float(job.settled_time - job.created_time)  # type: ignore[operator]
    if end is None:
        return wall
    span = end - job.created_time  # type: ignore[operator]
    return span if 0 < span <= wall else wall


def bounded_get(url: str, timeout: float) -> httpx.Response:
    """GET ``url``, reading at most ``MAX_ORACLE_REPLY_BYTES`` of its body (an oracle is outside: its answer is
    bounded before it is parsed); a longer answer raises ``httpx.HTTPError``."""
    with httpx.stream("GET", url, timeout=timeout) as response:
        return httpx.Response(response.status_code, content=read_bounded(response, MAX_ORACLE_REPLY_BYTES))


@dataclass(frozen=True)
class ManifestFacts:
    """What the estimates read from a settled job's verified manifest: when its last task's result was in (None:
    not known), and the workers of its runs (slots of role ``run`` not superseded, one per run, lower case)."""

    end: float | None
    runs: tuple[str, ...]


def run_workers(manifest: ResultManifest) -> tuple[str, ...]:
    """The worker of each run the manifest counts (role ``run``, not superseded), in task order, lower case."""
    return tuple(
        slot.worker.lower()
        for task in manifest.tasks
        for slot in task.slots
        if slot.role == "run" and not slot.superseded
    )


class ManifestReader:
    """One refit's view of ``ComputeEnds``: ``reader(job, result_hash)`` is its ``ComputeEnd`` and
    ``reader.runs(job, result_hash)`` the workers of its runs (None: no verified manifest); both read one
    manifest fetch per job, within the refit's budget."""

    def __init__(self, ends: ComputeEnds) -> None:
        self.ends = ends
        self.budget = ends.max_fetches
        self.down: set[str] = set()
        self.missed: set[tuple[int, str]] = set()  # asked in this refit, not found: not asked again

    def __call__(self, job: IndexedJob, result_hash: str) -> float | None:
        facts = self.facts(job, result_hash)
        return None if facts is None else facts.end

    def runs(self, job: IndexedJob, result_hash: str) -> tuple[str, ...] | None:
        facts = self.facts(job, result_hash)
        return facts.runs if facts is not None and facts.runs else None

    def facts(self, job: IndexedJob, result_hash: str) -> ManifestFacts | None:
        ends = self.ends
        key = (int(job.job_id), result_hash.lower())
        with ends._lock:
            if key in ends._facts:
                return ends._facts[key]
        if key in self.missed or self.budget <= 0 or len(self.down) == len(ends.oracle_urls):
            return None
        self.budget -= 1
        manifest = ends.manifest(int(job.job_id), result_hash, self.down)
        if manifest is None:
            self.missed.add(key)
            return None
        block = last_result_block(manifest)
        at = None
        if block is not None:
            found = ends.block_time(block) if ends.block_time is not None else None
            at = float(found) if found is not None else interpolated_time(job, block)
        facts = ManifestFacts(at, run_workers(manifest))
        with ends._lock:  # the manifest is the one the chain settled: its facts do not change
            ends._facts[key] = facts
        return facts


class ComputeEnds:
    """When each settled job's last task result was in (``ComputeEnd``), and who ran its tasks, from its result
    manifest: its CID asked of ``oracle_urls`` (``/v1/jobs/{id}``'s ``manifest_cid``), kept only if it hashes to
    the settled ``result_hash``, the manifest read from ``store``; its last reveal block as a time by
    ``block_time`` (the chain's), else interpolated. What a verified manifest gives is cached by (job, result
    hash); a refit asks at most ``max_fetches`` manifests, and no oracle again once it failed (``for_refit``
    starts a refit's budget)."""

    def __init__(
        self,
        oracle_urls: Sequence[str],
        store: Any,
        block_time: Callable[[int], int | None] | None = None,
        max_fetches: int = MAX_MANIFEST_FETCHES,
        timeout: float = ORACLE_TIMEOUT,
        http_get: Callable[..., Any] | None = None,
    ) -> None:
        self.oracle_urls = list(oracle_urls)
        self.http_get = http_get or bounded_get
        self.store = store
        self.block_time = block_time
        self.max_fetches = max_fetches
        self.timeout = timeout
        self._facts: dict[tuple[int, str], ManifestFacts] = {}
        self._lock = threading.Lock()

    def for_refit(self) -> ManifestReader:
        return ManifestReader(self)

    def manifest(self, job_id: int, result_hash: str, down: set[str]) -> ResultManifest | None:
        """The manifest the chain settled (its CID hashes to ``result_hash``), from the first oracle that has it."""
        want = bytes.fromhex(result_hash.removeprefix("0x"))
        for url in self.oracle_urls:
            if url in down:
                continue
            try:
                response = self.http_get(f"{url}/v1/jobs/{job_id}", timeout=self.timeout)
                cid = response.json().get("manifest_cid") if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError, AttributeError):  # down, or not answering JSON objects
                down.add(url)
                continue
            if isinstance(cid, str) and eip712.cid_hash(cid) == want:
                try:
                    return ResultManifest.model_validate_json(self.store.get_bytes(cid, max_bytes=MAX_MANIFEST_BYTES))
                except Exception as exc:  # not in this store (yet), or unreadable: the job counts its wall time
                    log.debug(
                        "estimate history: manifest unreadable", extra={"job_id": job_id, "error": str(exc)[:200]}
                    )
                    return None
        return None


#: (a settled job, its standing settlement's result hash) -> the workers of its runs, or None when not known
Runs = Callable[[IndexedJob, str], tuple[str, ...] | None]
#: (a block, workers) -> each worker's attested speed then (1.0: the median worker, or not attested)
WorkerSpeeds = Callable[[int, Sequence[str]], tuple[float, ...]]


class AttestedSpeeds:
    """Workers' attested speeds at a block, from the index's ``AttestationPosted`` events (rewound with the chain)
    and the sentries' verified files in ``store`` (``SentryScores``): at block ``b`` the epoch used is the newest
    of those whose first post is at or before ``b``; a worker's speed in it is its median ``perf_score`` over the
    median of the epoch's workers not OFFLINE (``protocol.aicore.speed``, the dispatcher's rule). A worker not
    attested in that epoch, or OFFLINE in it (it ran the job all the same), and any worker at a block before the
    first attested epoch, counts as the median worker, 1.0. ``for_refit`` reads the newest ``epochs`` epochs."""

    def __init__(self, sessions: sessionmaker, store: Any, scores: SentryScores | None = None, epochs: int = 24):
        self.sessions = sessions
        self.store = store
        self.scores = scores or SentryScores()
        self.epochs = epochs

    def for_refit(self) -> WorkerSpeeds:
        with self.sessions() as s:
            posts = self.scores.posts(s)
            by_worker, _ = self.scores.for_workers(s, self.store, self.epochs)
        first_post: dict[int, int] = {}
        for post in posts:
            first_post[post.epoch] = min(first_post.get(post.epoch, post.block_number), post.block_number)
        per_epoch: dict[int, dict[str, int | None]] = {}
        for worker, scores in by_worker.items():
            for score in scores.epochs:
                per_epoch.setdefault(score.epoch, {})[worker] = None if score.offline else score.perf_score
        medians = {epoch: median_score(p for p in perf.values() if p is not None) for epoch, perf in per_epoch.items()}

        def speeds(block: int, workers: Sequence[str]) -> tuple[float, ...]:
            epoch = max((e for e in per_epoch if first_post.get(e, block + 1) <= block), default=None)
            perf = per_epoch.get(epoch, {}) if epoch is not None else {}
            median = medians.get(epoch, 1.0) if epoch is not None else 1.0
            return tuple(relative_speed(perf.get(w.lower()), median) for w in workers)

        return speeds


def job_speeds(
    job: IndexedJob, shape: JobShape, runs: tuple[str, ...], speeds: WorkerSpeeds | None
) -> tuple[float, ...]:
    """The speeds ``history_job`` takes for a job whose runs ``runs`` ran: one per worker (one per run for a
    sequential job), attested at its settlement block (``speeds``), else all 1.0."""
    workers = runs if shape.sequential else tuple(dict.fromkeys(runs))
    if speeds is None or job.settled_block is None:
        return (1.0,) * len(workers)
    return speeds(int(job.settled_block), workers)


def _standing_result_hashes(s: Any, job_ids: list[int]) -> dict[int, str]:
    """Each job's standing settlement's result hash (the latest round's)."""
    hashes: dict[int, str] = {}
    for start in range(0, len(job_ids), 500):
        rows = s.execute(
            select(IndexedSettlement.job_id, IndexedSettlement.result_hash)
            .where(IndexedSettlement.job_id.in_(job_ids[start : start + 500]))
            .order_by(IndexedSettlement.round, IndexedSettlement.id)
        ).all()
        hashes.update({int(job_id): result_hash for job_id, result_hash in rows})
    return hashes


def jobs_from_index(
    sessions: sessionmaker,
    spec_of: Callable[[str], Any],
    compute_end: ComputeEnd | None = None,
    runs: Runs | None = None,
    speeds: WorkerSpeeds | None = None,
) -> tuple[list[HistoryJob], list[SettledJob]]:
    """(history jobs for ``fit_calibrated``, settled jobs for the going rate) from the index's settled jobs; the
    going rate counts each job's compute span where ``compute_end`` finds its last task's result (else its wall
    time); a job whose ``runs`` are known is fitted on its workers' attested ``speeds`` (all 1.0 without them),
    else on the registered workers at the median speed (see the module docstring)."""
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
        wanted = compute_end is not None or runs is not None
        result_hashes = _standing_result_hashes(s, [int(job.job_id) for job in jobs]) if wanted else {}
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
        result_hash = result_hashes.get(int(job.job_id))
        ran = runs(job, result_hash) if runs is not None and result_hash else None
        on = job_speeds(job, shape, ran, speeds) if ran else None
        record = history_job(int(job.job_id), shape, wall, pool, on)
        rows.append(record)
        end = compute_end(job, result_hash) if compute_end is not None and result_hash else None
        span = compute_span(job, end)
        seconds = (
            record.samples[0].seconds if span == wall else history_job(0, shape, span, pool, on).samples[0].seconds
        )
        settled.append(SettledJob(shape.kind, int(spec.reward_per_task), seconds))
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


def index_history(
    sessions: sessionmaker, store: Any, compute_ends: ComputeEnds | None = None, attested: AttestedSpeeds | None = None
) -> Callable[[], tuple[list[HistoryJob], list[SettledJob]]]:
    """``history()`` for ``start_refits``: the index's settled jobs with their specs from ``store`` (to fit on, and
    for the going rate, on their compute spans where ``compute_ends`` finds them); with ``compute_ends`` a job
    whose manifest names its runs' workers is fitted on their speeds (``attested``, by default from this index
    and ``store``)."""
    from protocol.jobspec import load_spec

    speeds_source = attested if attested is not None or compute_ends is None else AttestedSpeeds(sessions, store)

    def history() -> tuple[list[HistoryJob], list[SettledJob]]:
        reader = None if compute_ends is None else compute_ends.for_refit()
        speeds = None
        if speeds_source is not None:
            try:
                speeds = speeds_source.for_refit()
            except Exception:  # the fit goes on, its workers at the median speed
                log.warning("estimate history: attested speeds unreadable; runs counted at 1x", exc_info=True)
        return jobs_from_index(
            sessions,
            lambda cid: load_spec(store.get_bytes(cid, max_bytes=MAX_SPEC_BYTES)),
            reader,
            None if reader is None else reader.runs,
            speeds,
        )

    return history


def register(app: typer.Typer) -> None:
    """Add ``estimate`` to the ``job`` sub-app."""

    @app.command("estimate")
    def estimate_cmd(
        spec: Path = typer.Argument(..., help="Job spec (YAML or JSON)."),
        workers: int = typer.Option(
            10, min=1, max=100_000, help="Eligible workers, when no oracle counts them (see --oracles)."
        ),
        speed: float = typer.Option(
            1.0, min=0.01, max=100.0, help="Their mean speed, the median worker being 1 (when no oracle sends speeds)."
        ),
        index_db: str | None = typer.Option(
            None, envvar="GPUHIVE_INDEX_DB", help="Indexer database URL to learn from (else the benchmarks' rates)."
        ),
        store: Path | None = typer.Option(None, envvar="GPUHIVE_STORE", help="Store holding the indexed specs."),
        oracles: str = typer.Option(
            "",
            envvar="GPUHIVE_ORACLES",
            help="Oracle URLs (comma-separated): the estimate runs on the spec's eligible workers at their attested "
            "speeds (POST /v1/eligible, the first oracle that answers; else --workers at --speed), and the going rate "
            "counts settled jobs' compute time, read from their result manifests, instead of their wall time.",
        ),
        budget: float | None = typer.Option(None, min=0, help="Budget in tokens for the advice (default: the spec's)."),
        deadline_h: float | None = typer.Option(None, min=0, help="Deadline in hours from now for the advice."),
    ) -> None:
        """Predicted wall time and cost with an 80% interval, and suggested reward, split and replicas."""
        try:
            job_spec = load_spec_file(spec)
        except (SpecError, OSError) as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
        oracle_urls = [u.strip() for u in oracles.split(",") if u.strip()]
        counted = ask_eligible(oracle_urls, getattr(job_spec, "hardware", None)) if oracle_urls else None
        console.print(f"[bold]{job_spec.name}[/bold]: {job_spec.kind}, {job_spec.num_tasks} tasks")
        console.print(_workers_line(counted, oracle_urls, workers, speed))
        if counted is not None and counted.eligible == 0:
            console.print(
                "no attested worker meets this spec's hardware: nothing would run it (lower its GPU class, VRAM or score)"
            )
            raise typer.Exit(1)
        model = DurationModel()
        settled: list[SettledJob] = []
        if index_db is not None:
            jobs, settled = _index_history(index_db, store, oracle_urls)
            model = fit_calibrated(jobs)
        if counted is not None and counted.speeds:
            speeds, on = counted.speeds, "at their attested speeds"
        else:
            speeds = [speed] * (workers if counted is None else counted.eligible)
            on = f"at {speed:g}x" + (" (assumed)" if counted is None else "")
        estimate = model.estimate(shape_of(job_spec), speeds)
        lines = estimate.lines()
        console.print(f"{lines[0]} {on}")
        for line in lines[1:]:
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


def _workers_line(counted: EligibleWorkers | None, oracle_urls: Sequence[str], workers: int, speed: float) -> str:
    """Whose workers the estimate runs on, said as the new-job page says it."""
    if counted is not None:
        epoch = "" if counted.epoch is None else f", sentry epoch {counted.epoch}"
        speeds = "their attested speeds" if counted.speeds else f"no speeds sent: {speed:g}x (--speed)"
        return (
            f"workers    {counted.eligible} of {counted.attested} attested meet this spec ({counted.url}{epoch}; "
            f"{speeds})"
        )
    if oracle_urls:
        return f"workers    unknown: no oracle answered; {workers} (--workers) at {speed:g}x (--speed) assumed"
    return (
        f"workers    {workers} (--workers) at {speed:g}x (--speed) assumed; --oracles URL estimates on the spec's "
        "eligible workers at their attested speeds"
    )


def _index_history(
    url: str, store_path: Path | None, oracle_urls: Sequence[str] = ()
) -> tuple[list[HistoryJob], list[SettledJob]]:
    from protocol.sqldb import make_engine
    from protocol.storage import LocalStore

    store = LocalStore(store_path or Path.home() / ".gpuhive" / "store")
    ends = ComputeEnds(oracle_urls, store) if oracle_urls else None
    return index_history(sessionmaker(make_engine(url)), store, ends)()
