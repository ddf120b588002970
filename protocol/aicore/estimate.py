"""Estimates of a job's wall time and cost, with an interval, learned from the network's history (issue 21).

**The model.** Per job kind, three scikit-learn quantile models (``HistGradientBoostingRegressor`` with
``loss="quantile"`` at 0.1, 0.5 and 0.9) of a task's *rate*: ``log(seconds x speed / work)``, from the task's
features (``log work``, the kind's parameters: render pixels, samples and frames; train parameters, steps
and batch; compute and label items) and the worker's ``log speed`` (its attested score relative to the
median worker). A rate, not a duration, so a job larger than any seen extrapolates at the largest jobs' rate
instead of the trees' flat edge. A kind with fewer than ``MIN_SAMPLES`` samples in the history uses its
**cold-start rate** (``COLD_RATES``: measured by the benchmarks, each entry says where) and the estimate says
so (``Estimate.source``).

**A job from its tasks.** ``n`` runs (tasks x replication + the spot checks the budget covers) on workers of
speeds ``v_1..v_k``: a task of work ``w`` takes ``d(w, v)``; the queue drains in ``n / sum_i 1/d(w, v_i)`` and the
last task ends about ``d(w, v_max)`` later (with the dispatch policy's tail rule the last tasks go to the fast
workers): ``wall = n / sum_i 1/d(w, v_i) + d(w, v_max)``; capped below by one task on the fastest worker. A
train job's tasks run one after another (each resumes the previous checkpoint): ``wall = tasks x d(w, v_max)``.
The interval is the 0.1 and 0.9 quantile models' wall times, then calibrated (``calibrate``): per-task quantiles
do not make a job's 80 % interval (a job's runs share factors no feature shows, and their noise averages out), so
on a calibration fold of jobs the model was not fitted on, split-conformal quantile regression (CQR, Romano et al.
2019) takes each job's score ``max(log low - log actual, log actual - log high)`` and widens (or narrows) the
interval by the ``ceil((n + 1) 0.8) / n`` quantile ``q`` of the scores: ``(low e^-q, high e^q)``, which covers 80 %
of new jobs drawn like the fold's (exchangeability; ``MIN_CALIBRATION`` jobs of a kind at least).

**The fold, live** (``fit_calibrated``, used by ``gpuhive job estimate --index-db`` and ``gpuhive web``'s refit):
a settled job belongs to the calibration fold when ``sha256(CALIBRATION_SEED:job_id)`` falls in the lowest
``CALIBRATION_SHARE`` (a quarter) of its range: whole jobs, the same ones on every run and every machine, and a
job never changes fold as the index grows. The fold is not fitted on; while a kind's fold has fewer than
``MIN_CALIBRATION`` jobs (a kind with fewer than about 80 settled jobs) it is fitted on after all (nothing to
calibrate with it, and a young network needs every job to leave the cold start) and the estimate says "interval
not calibrated: N of 20 held-out jobs" (``Estimate.calibration``). Cost: the rewards of every run and of the
expected spot checks (``reward x (tasks x replication + tasks x spot_check_bps / 10 000)``); the budget is
the most it can cost (what is not paid is refunded).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from protocol.aicore.work import job_work, model_parameters

QUANTILES = (0.1, 0.5, 0.9)
MIN_SAMPLES = 40  # a kind's task samples needed before its learned model replaces the cold-start rate
MAX_SAMPLES = 200_000  # the most recent samples a model is fitted on
COVERAGE = 0.8  # the interval's target coverage (the 0.1 and 0.9 quantiles)
MIN_CALIBRATION = 20  # a kind's held-out jobs needed before its interval is calibrated
CALIBRATION_SHARE = 0.25  # of the settled jobs, held out as the calibration fold (``in_calibration_fold``)
CALIBRATION_SEED = "gpuhive estimate calibration v1"  # the fold's hash key: the same split on every run

# Cold start: seconds per work unit on a 1x (median) worker, and a fixed per-task start, from the benchmarks.
COLD_RATES: dict[str, tuple[float, float, str]] = {
    # 26.12 s (compute_s_median) for one 320x240 frame at 64 samples: 26.12 / (320 * 240 * 64)
    "render": (26.1243 / (320 * 240 * 64), 0.0, "benchmarks/results/worker.json render.compute_s_median (Cycles CPU)"),
    # 6.44 s in the child for 64 steps of batch 32 of cnn_small (94,762 parameters), + 3.84 s child start-up
    "train": (
        6.4438 / (64 * 32 * 94_762),
        3.8449,
        "benchmarks/results/worker.json train.child_own_s_median and child_startup_exit_s_median (torch CPU)",
    ),
    # one sha256 iteration (or 1,000 multiply-adds): 1.5 us, measured by benchmarks/aicore.py (fastest of 5 timings)
    "compute": (1.5e-6, 0.05, "benchmarks/results/aicore.json cold_rates.compute (hashlib sha256, one thread)"),
    # no measurement of people yet: an assumption, said as such
    "label": (5.0, 0.0, "assumed 5 s per item (no benchmark measures human labelers)"),
}


@dataclass(frozen=True)
class TaskSample:
    """One task's observed duration: the training row."""

    kind: str
    features: tuple[float, ...]  # task_features(...)
    work: float
    speed: float
    seconds: float


@dataclass(frozen=True)
class CalibrationJob:
    """A job the model was not fitted on, with the wall time it took on workers of ``speeds``."""

    shape: JobShape
    speeds: tuple[float, ...]
    wall_s: float


@dataclass(frozen=True)
class HistoryJob:
    """One settled job of the history: its id (the fold's key), its task samples, and itself as a calibration job."""

    job_id: int
    samples: tuple[TaskSample, ...]
    job: CalibrationJob


@dataclass(frozen=True)
class JobShape:
    """What an estimate needs from a spec (``shape_of``): its tasks' work and features, how many runs."""

    kind: str
    tasks: int
    replication: int
    spot_checks: float  # expected spot checks (each one more unit of work)
    work: float  # mean work units of one task
    params: dict[str, float] = field(default_factory=dict)  # the kind's features (pixels, samples, ...)
    reward_per_task: int = 0
    budget: int = 0

    @property
    def runs(self) -> float:
        return self.tasks * self.replication + self.spot_checks

    @property
    def sequential(self) -> bool:
        return self.kind == "train"


FEATURES: dict[str, tuple[str, ...]] = {
    "render": ("pixels", "samples", "frames"),
    "train": ("parameters", "steps", "batch"),
    "compute": ("items",),
    "label": ("items",),
}


def shape_of(spec: Any) -> JobShape:
    """The estimate's view of a validated spec (any kind)."""
    total, _ = job_work(spec)
    tasks = spec.num_tasks
    kind = spec.kind
    if kind == "render":
        split = spec.split
        params = {
            "pixels": spec.resolution_x * spec.resolution_y / (split.tiles_x * split.tiles_y),
            "samples": float(spec.samples),
            "frames": float(min(split.frames_per_task, len(spec.frames))),
        }
    elif kind == "train":
        steps = min(spec.steps_per_task, spec.total_steps)
        params = {
            "parameters": float(model_parameters(spec.architecture)),
            "steps": float(steps),
            "batch": float(spec.batch_size),
        }
    elif kind == "compute":
        params = {"items": float(min(spec.items_per_task, spec.kernel.items))}
    elif kind == "label":
        params = {"items": float(min(spec.batch_size, spec.dataset.items))}
    else:
        raise ValueError(f"no estimate for job kind {kind!r}")
    bps = getattr(spec.verification, "spot_check_bps", 0)
    return JobShape(
        kind=kind,
        tasks=tasks,
        replication=spec.replication,
        spot_checks=tasks * bps / 10_000,
        work=total / max(tasks, 1),
        params=params,
        reward_per_task=spec.reward_per_task,
        budget=spec.budget,
    )


def task_features(kind: str, params: dict[str, float], work: float, speed: float) -> tuple[float, ...]:
    return (
        math.log(max(work, 1e-9)),
        math.log(max(speed, 1e-6)),
        *(math.log1p(params.get(n, 0.0)) for n in FEATURES[kind]),
    )


@dataclass(frozen=True)
class Estimate:
    """Wall time and cost of a job, each (low, median, high) at the 0.1 / 0.5 / 0.9 quantiles."""

    kind: str
    wall_s: tuple[float, float, float]
    task_s: tuple[float, float, float]  # one task on a median (1x) worker
    cost: int  # expected payout (runs and expected spot checks)
    max_cost: int  # the budget the spec needs
    workers: int
    source: str  # "learned from N samples" or "cold start: ..."
    calibration: str = ""  # "interval calibrated on N held-out jobs" or "interval not calibrated: N of 20 ..."

    def lines(self) -> list[str]:
        lo, mid, hi = self.wall_s
        return [
            f"wall time  {_duration(mid)}  (80% interval {_duration(lo)} - {_duration(hi)}) on {self.workers} workers",
            f"one task   {self.task_s[1]:.1f} s on a median worker ({self.task_s[0]:.1f} - {self.task_s[2]:.1f} s)",
            f"cost       {_tokens(self.cost)} tokens expected, at most {_tokens(self.max_cost)} (the rest is refunded)",
            f"model      {self.source}",
            f"80%        {self.calibration}",
        ]


class DurationModel:
    """Per-kind quantile models of the task rate; a kind without enough history uses its cold-start rate."""

    def __init__(self) -> None:
        self.models: dict[str, list[Any]] = {}
        self.samples: dict[str, int] = {}
        self.widen: dict[str, tuple[float, int]] = {}  # kind -> (CQR's log widening q, calibration jobs)
        self.held_out: dict[str, int] = {}  # kind -> calibration jobs seen by the last ``calibrate``, however few

    def fit(self, samples: Iterable[TaskSample]) -> DurationModel:
        from sklearn.ensemble import HistGradientBoostingRegressor

        by_kind: dict[str, list[TaskSample]] = {}
        for sample in samples:
            if sample.seconds > 0 and sample.work > 0 and sample.speed > 0:
                by_kind.setdefault(sample.kind, []).append(sample)
        for kind, rows in by_kind.items():
            rows = rows[-MAX_SAMPLES:]
            self.samples[kind] = len(rows)
            self.widen.pop(kind, None)  # a calibration is of the models it was made with
            self.held_out.pop(kind, None)
            if len(rows) < MIN_SAMPLES:
                continue
            x = np.array([r.features for r in rows])
            y = np.array([math.log(r.seconds * r.speed / r.work) for r in rows])
            self.models[kind] = [
                HistGradientBoostingRegressor(
                    loss="quantile", quantile=q, max_iter=100, min_samples_leaf=max(20, len(rows) // 40), random_state=0
                ).fit(x, y)
                for q in QUANTILES
            ]
        return self

    def calibrate(self, jobs: Iterable[CalibrationJob]) -> DurationModel:
        """Split-conformal calibration of each kind's wall-time interval on ``jobs`` (held out of ``fit``; the
        module docstring); a kind with fewer than ``MIN_CALIBRATION`` of them keeps its interval as it is."""
        by_kind: dict[str, list[float]] = {}
        for job in jobs:
            if job.wall_s > 0 and job.speeds:
                low, _, high = self._walls(job.shape, job.speeds)
                actual = math.log(job.wall_s)
                by_kind.setdefault(job.shape.kind, []).append(max(math.log(low) - actual, actual - math.log(high)))
        for kind, scores in by_kind.items():
            n = len(scores)
            self.held_out[kind] = n
            if n >= MIN_CALIBRATION:
                self.widen[kind] = (sorted(scores)[min(math.ceil((n + 1) * COVERAGE), n) - 1], n)
        return self

    def source(self, kind: str) -> str:
        if kind in self.models:
            return f"learned from {self.samples[kind]} task durations of the network's history"
        seen = self.samples.get(kind, 0)
        return f"cold start ({seen} of {MIN_SAMPLES} samples needed): {COLD_RATES[kind][2]}"

    def calibration(self, kind: str) -> str:
        """Whether ``kind``'s 80 % interval is calibrated, in words (the CLI and the new-job page show it)."""
        if kind in self.widen:
            return f"interval calibrated on {self.widen[kind][1]} held-out jobs"
        return f"interval not calibrated: {self.held_out.get(kind, 0)} of {MIN_CALIBRATION} held-out jobs"

    def task_seconds(self, shape: JobShape, speeds: Sequence[float]) -> np.ndarray:
        """Seconds of one task of ``shape`` on each of ``speeds``: an array (3 quantiles, len(speeds))."""
        speeds_a = np.asarray(speeds, dtype=float)
        models = self.models.get(shape.kind)
        if models is None:
            rate, start, _ = COLD_RATES[shape.kind]
            mid = start + shape.work * rate / speeds_a
            return np.vstack([mid * 0.67, mid, mid * 1.5])  # the cold start's interval: -33% / +50%
        distinct, back = np.unique(speeds_a, return_inverse=True)  # a pool is a few speeds many times over
        x = np.array([task_features(shape.kind, shape.params, shape.work, v) for v in distinct])
        rates = np.vstack([np.exp(m.predict(x)) for m in models])[:, back.reshape(-1)]
        rates.sort(axis=0)  # quantile models fitted apart may cross; keep low <= mid <= high
        return rates * shape.work / speeds_a

    def estimate(self, shape: JobShape, speeds: Sequence[float]) -> Estimate:
        if not speeds:
            raise ValueError("no eligible worker: nothing would run this job")
        low, mid, high = self._walls(shape, speeds)
        if shape.kind in self.widen:
            q = self.widen[shape.kind][0]
            low, high = min(low * math.exp(-q), mid), max(high * math.exp(q), mid)
        one = self.task_seconds(shape, [1.0])[:, 0]
        cost = int(shape.reward_per_task * (shape.tasks * shape.replication + shape.spot_checks))
        return Estimate(
            kind=shape.kind,
            wall_s=(low, mid, high),
            task_s=(float(one[0]), float(one[1]), float(one[2])),
            cost=cost,
            max_cost=shape.budget,
            workers=len(speeds),
            source=self.source(shape.kind),
            calibration=self.calibration(shape.kind),
        )

    def _walls(self, shape: JobShape, speeds: Sequence[float]) -> tuple[float, float, float]:
        """The wall time at each quantile's task durations (uncalibrated)."""
        per = self.task_seconds(shape, speeds)
        walls = []
        for q in range(3):
            d = per[q]
            last = float(d.min())
            if shape.sequential:
                walls.append(shape.tasks * last + shape.spot_checks * last)
            else:
                walls.append(max(shape.runs / float(np.sum(1.0 / d)) + last, last))
        return walls[0], walls[1], walls[2]


def in_calibration_fold(job_id: int) -> bool:
    """Whether a settled job is held out to calibrate (the module docstring): a seeded hash of its id."""
    digest = hashlib.sha256(f"{CALIBRATION_SEED}:{job_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < CALIBRATION_SHARE * 2**64


def fit_calibrated(history: Iterable[HistoryJob]) -> DurationModel:
    """A model fitted on ``history`` less each kind's calibration fold, then calibrated on that fold; a kind whose
    fold is smaller than ``MIN_CALIBRATION`` is fitted on all its jobs and left uncalibrated (the module docstring).
    Deterministic: the same history gives the same model."""
    fitted: list[TaskSample] = []
    folds: dict[str, list[HistoryJob]] = {}
    kept: list[HistoryJob] = []
    for record in history:
        if in_calibration_fold(record.job_id):
            folds.setdefault(record.job.shape.kind, []).append(record)
        else:
            kept.append(record)
    calibration: list[CalibrationJob] = []
    small: dict[str, int] = {}
    for kind, fold in folds.items():
        if len(fold) >= MIN_CALIBRATION:
            calibration.extend(r.job for r in fold)
        else:
            kept.extend(fold)  # too few to calibrate with: fitted on instead
            small[kind] = len(fold)
    kept.sort(key=lambda r: r.job_id)  # the fit's row order does not depend on the index's order
    for record in kept:
        fitted.extend(record.samples)
    model = DurationModel().fit(fitted).calibrate(calibration)
    model.held_out.update(small)
    return model


def _duration(seconds: float) -> str:
    if seconds < 10:  # two significant digits: a short job's interval ends do not round to the same "0 s"
        return f"{seconds:.2g} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7_200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3_600:.1f} h"


def _tokens(amount: int) -> str:
    return f"{amount / 10**18:,.4f}".rstrip("0").rstrip(".")
