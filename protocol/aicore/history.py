"""Training rows for the duration model: a documented simulated network, for a cold index and the benchmark.

The indexer records jobs, not task durations, and a young network has few of them, so the benchmark
(``benchmarks/aicore.py``) and the tests learn from this simulated history, and say so. The model of the
network (``NETWORK``):

* a task of work ``w`` on a worker of speed ``v`` takes ``start + w x rate x g(params) x c_job x e / v`` seconds:
  ``rate`` is the kind's true rate on a 1x worker (the network's GPUs are faster than the benchmark's CPU for
  render and train: the cold-start rates are off by design), ``g`` a kind-specific economy of scale (render:
  ``(samples / 64) ^ -0.1``, adaptive sampling; train: ``(batch / 32) ^ -0.2``, larger batches use a GPU
  better; compute and label: 1), ``c_job`` a per-job factor no feature shows (scene complexity, a dataset's
  difficulty; lognormal, sigma 0.2) and ``e`` per-run noise (lognormal, sigma 0.1);
* workers: the benchmark's mix (13 at 1x, 13 at 2x, 12 at 4x, two at 0.2x), each run on a worker drawn at
  random (what the history sees); a job's wall time is a list schedule of its runs on that pool (each run to
  the worker that would finish it first, as the dispatch policy's tail rule does; train's tasks one after
  another on the fastest worker);
* job parameters drawn from ranges per kind (``_draw``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from protocol.aicore.estimate import JobShape, TaskSample, task_features

SPEEDS = [1.0] * 13 + [2.0] * 13 + [4.0] * 12 + [0.2, 0.2]


@dataclass(frozen=True)
class KindModel:
    rate: float  # seconds per work unit on a 1x worker
    start: float  # seconds per task regardless of work


NETWORK = {
    "render": KindModel(rate=26.1243 / (320 * 240 * 64) * 0.2, start=2.0),
    "train": KindModel(rate=6.4438 / (64 * 32 * 94_762) * 0.3, start=4.0),
    "compute": KindModel(rate=1.0e-6, start=0.05),
    "label": KindModel(rate=7.0, start=0.0),
}
JOB_SIGMA = 0.2
RUN_SIGMA = 0.1


@dataclass(frozen=True)
class SimJob:
    shape: JobShape
    complexity: float  # c_job


def _draw(kind: str, rng: random.Random) -> JobShape:
    if kind == "render":
        w, h = rng.choice([(640, 360), (1280, 720), (1920, 1080)])
        tiles = rng.choice([1, 2, 4])
        frames = rng.choice([1, 2])
        samples = rng.choice([32, 64, 128, 256])
        params = {"pixels": w * h / tiles, "samples": float(samples), "frames": float(frames)}
        tasks, work = rng.randint(20, 400), w * h / tiles * samples * frames
    elif kind == "train":
        parameters = rng.choice([931.0, 94_762.0, 11_173_962.0])
        steps, batch = rng.choice([50, 100, 200]), rng.choice([16, 32, 64, 128])
        params = {"parameters": parameters, "steps": float(steps), "batch": float(batch)}
        tasks, work = rng.randint(5, 40), parameters * steps * batch
    elif kind == "compute":
        items, length = rng.randint(1, 10), rng.choice([10**5, 10**6, 10**7])
        params = {"items": float(items)}
        tasks, work = rng.randint(20, 500), items * length
    else:
        items = rng.choice([10, 20, 50])
        params = {"items": float(items)}
        tasks, work = rng.randint(10, 200), float(items)
    replication = 3 if kind == "label" else rng.choice([1, 1, 2])
    return JobShape(kind, tasks, replication, tasks * 0.05, float(work), params, reward_per_task=10**18)


def true_seconds(job: SimJob, speed: float, rng: random.Random) -> float:
    shape, model = job.shape, NETWORK[job.shape.kind]
    g = 1.0
    if shape.kind == "render":
        g = (shape.params["samples"] / 64) ** -0.1
    elif shape.kind == "train":
        g = (shape.params["batch"] / 32) ** -0.2
    noise = rng.lognormvariate(0.0, RUN_SIGMA)
    return model.start + shape.work * model.rate * g * job.complexity * noise / speed


def simulated_jobs(kind: str, count: int, seed: int) -> list[SimJob]:
    rng = random.Random(f"{kind}:{seed}")
    return [SimJob(_draw(kind, rng), rng.lognormvariate(0.0, JOB_SIGMA)) for _ in range(count)]


def samples_of(job: SimJob, seed: int, per_job: int = 10) -> list[TaskSample]:
    """Up to ``per_job`` of the job's runs, each on a worker drawn from the pool: what the history records."""
    rng = random.Random(seed)
    rows = []
    for _ in range(min(per_job, math.ceil(job.shape.runs))):
        speed = rng.choice(SPEEDS)
        seconds = true_seconds(job, speed, rng)
        features = task_features(job.shape.kind, job.shape.params, job.shape.work, speed)
        rows.append(TaskSample(job.shape.kind, features, job.shape.work, speed, seconds))
    return rows


def wall_time(job: SimJob, seed: int, speeds: list[float] | None = None) -> float:
    """The job's wall time on ``speeds`` (default the pool): a list schedule of its runs."""
    rng = random.Random(seed)
    pool = speeds or SPEEDS
    shape = job.shape
    if shape.sequential:
        fastest = max(pool)
        return sum(true_seconds(job, fastest, rng) for _ in range(math.ceil(shape.tasks + shape.spot_checks)))
    free = [0.0] * len(pool)
    end = 0.0
    for _ in range(math.ceil(shape.runs)):  # each run to the worker that would finish it first (the tail rule)
        base = true_seconds(job, 1.0, rng)
        i = min(range(len(pool)), key=lambda k: free[k] + base / pool[k])
        free[i] += base / pool[i]
        end = max(end, free[i])
    return end
