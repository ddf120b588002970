"""The ``train`` section of ``benchmarks/results/verification.json``: the Proof-of-Learning check on honest and cheating segments.

    .venv/bin/python benchmarks/verification_train.py [--quick]      (prints the section as JSON;
                                                                    ~10 minutes, --quick ~1-2 minutes)

``benchmarks/verification.py`` calls ``run(quick)``. What is measured (issue 17):

- **Segments.** Several small jobs per setup (mlp with Adam, AdamW or SGD with momentum, cnn_small with
  Adam; checkpoint intervals of 2 to 16 steps; each job its own seed, so its own initialisation and data
  order). The worker's run of each job is the train runtime's child code (``train_child.handle``, in this
  process rather than a sandboxed child so that thousands of segments fit in minutes), with a checkpoint
  at every interval; every interval is one segment to check, the first ones starting from the
  initialisation. The checker's replay of a segment is ``tests.support.train_cheats.train`` with no knob,
  which is bit-identical to the real ``replay_segment`` (checked here on one segment per setup with the
  real sandboxed child: ``replay_segment_bit_identical``). Verdicts come from the real check,
  ``oracles.verify.compare_checkpoints``, with the default ``TrainPolicy``.
- **Classes** (``tests.support.train_cheats``): honest with 2 torch threads instead of 1 (other CPU
  kernels); honest from a start 1 float32 ulp away (the pessimistic stand-in for a GPU-vs-CPU pair,
  whose every rounding differs); honest on CUDA when ``torch.cuda.is_available()`` (else reported as not
  measured); and every cheat: skipped steps, lower precision, wrong data, fabricated, interpolated,
  extrapolated, unchanged or copied checkpoints. Each class reports checks, rejections, the rate, its
  95 % Wilson interval, the distances seen (as a share of the segment's move), and how the former rule
  (1 % of the replayed weights' norm) would have judged the same checkpoints.
- **Detection per checked task.** A cheat on every segment of a task is caught by any replayed segment,
  so the per-segment rate is the per-task rate. ``partial_cheating`` gives the chance that a checked task
  whose cheat touches only some of its intervals is caught, for the default policy's segment draw.
- **Cost.** One task of 10 checkpoint intervals (the default spec's shape) is trained by the real
  ``train_task`` and two of its segments (the default ``replay_segments``) replayed by the real
  ``replay_segment``, each a sandboxed child as on a worker; the verification share is
  ``spot_check_bps`` × replay seconds / training seconds, with and without the children's start-up
  (interpreter and ``import torch``, measured as a one-step replay).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from oracles.verify import compare_checkpoints  # noqa: E402
from protocol.jobspec.models import TrainSpec  # noqa: E402
from protocol.jobspec.policies import TrainPolicy  # noqa: E402
from protocol.jobspec.seeds import train_check  # noqa: E402
from protocol.jobspec.slicing import slice_tasks  # noqa: E402
from protocol.jobspec.types import BPS  # noqa: E402
from tests.support import train_cheats  # noqa: E402
from tests.support.train_cheats import CHEATS, Segment  # noqa: E402
from worker_node.runtimes.train import make_dataset, read_checkpoint, replay_segment, train_task  # noqa: E402

DATASET_CID = "bafkreicmjkvgta5lggqiwpawob7xxgitde4rips7v6djumwgnpzygtihli"
FORMER_TOLERANCE = 0.01  # the former rule: ‖submitted − replayed‖ / ‖replayed‖ ≤ 1 %
MLP = {"name": "mlp", "input_dim": 32, "hidden": [128, 128], "output_dim": 10}
CNN = {"name": "cnn_small", "in_channels": 3, "image_size": 16, "num_classes": 10, "width": 8, "depth": 2}


@dataclass(frozen=True)
class Setup:
    """One kind of job: architecture, optimizer, checkpoint interval; ``jobs`` seeds of it."""

    name: str
    architecture: dict[str, Any]
    optimizer: dict[str, Any]
    interval: int
    epochs: int
    jobs: int
    cheat_every: int  # cheats run on every n-th eligible segment
    examples: int = 1024
    batch_size: int = 32

    def spec(self, seed: int) -> TrainSpec:
        return TrainSpec.model_validate(
            {
                "kind": "train",
                "name": f"verification benchmark {self.name}",
                "architecture": self.architecture,
                "dataset": {"cid": DATASET_CID, "format": "npz", "examples": self.examples},
                "optimizer": self.optimizer,
                "epochs": self.epochs,
                "batch_size": self.batch_size,
                "seed": seed,
                "checkpoint_interval": self.interval,
                "steps_per_task": self.interval * 4,
                "reward_per_task": 1,
                "budget": 10**9,
                "deadline": 1_893_456_000,
            }
        )

    def dataset(self, path: Path, seed: int) -> Path:
        shape = {"image_shape": (3, 16, 16)} if self.architecture["name"] == "cnn_small" else {"input_dim": 32}
        return make_dataset(path, examples=self.examples, classes=10, seed=seed, **shape)


# 1024 examples / batch 32 = 32 steps per epoch.
FULL = (  # ~1000 honest segments (0 rejections would bound the rate below 0.4 %), ~400 per cheat
    Setup("mlp_adam_every_8", MLP, {"name": "adam", "lr": 0.001}, 8, 4, 16, 1),
    Setup("mlp_sgd_momentum_every_16", MLP, {"name": "sgd", "lr": 0.05, "momentum": 0.9}, 16, 8, 12, 2),
    Setup("mlp_adamw_every_2", MLP, {"name": "adamw", "lr": 0.002}, 2, 2, 10, 4),
    Setup("cnn_adam_every_4", CNN, {"name": "adam", "lr": 0.002}, 4, 2, 14, 2),
)
QUICK = (
    Setup("mlp_adam_every_8", MLP, {"name": "adam", "lr": 0.001}, 8, 2, 2, 1),
    Setup("mlp_adamw_every_2", MLP, {"name": "adamw", "lr": 0.002}, 2, 1, 2, 4),
    Setup("cnn_adam_every_4", CNN, {"name": "adam", "lr": 0.002}, 4, 1, 2, 2),
)


@dataclass
class Trial:
    """One segment to check: the worker's start, the checker's replay, and what a cheat needs."""

    setup: str
    segment: Segment
    replayed: Path
    cheats: bool  # whether the cheats run on this segment


def run(quick: bool = False) -> dict[str, Any]:
    """Measure every class on the setups and the verification cost; return the JSON-able ``train`` section."""
    started = time.monotonic()
    policy = TrainPolicy()
    setups = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="gpuhive-verify-train-") as tmp:
        root = Path(tmp)
        trials, identical = _prepare(setups, root)
        verdicts: dict[str, list[Any]] = {}
        # One thread first (replays, jitter, cheats), then two: re-sizing torch's thread pool is slow.
        for trial in trials:
            honest = train_cheats.HONEST["jitter_1ulp"](trial.segment, trial.replayed.with_name("jitter.st"))
            verdicts.setdefault("honest_jitter_1ulp", []).append(_check(honest, trial.replayed, policy))
            if trial.cheats:
                for name, produce in _cheats(trial).items():
                    out = trial.replayed.with_name(f"cheat_{name}.st")
                    verdicts.setdefault(name, []).append(_check(produce(trial.segment, out), trial.replayed, policy))
        _with_threads(2, lambda: _honest_class(trials, "threads_2", "honest_threads_1_vs_2", verdicts, policy))
        cuda = _cuda(trials, verdicts, policy)
        classes = {name: _summary(name, found) for name, found in verdicts.items()}
        if cuda is not None:
            classes["honest_cuda"] = cuda
        cost = _cost(root / "cost", policy, quick)
    cheats = {name: c for name, c in classes.items() if c.get("kind") == "cheat"}
    weakest = min(cheats.values(), key=lambda c: c["rejection_rate"])
    return {
        "method": "Proof-of-Learning replay of a checkpoint segment, L2 distance measured against the segment's "
        "move, noise floor relative to the weights (oracles.verify.train_check)",
        "quick": quick,
        "policy": policy.model_dump(mode="json"),
        "setups": [_describe(setup) for setup in setups],
        "replay_segment_bit_identical": identical,
        "classes": classes,
        "detection_min": {"class": weakest["class"], "rate": weakest["rejection_rate"], "ci95": weakest["ci95"]},
        "partial_cheating": _partial(policy),
        "cost": cost,
        "machine": {"python": platform.python_version(), "torch": _torch_version(), "cpus": _cpus()},
        "seconds": round(time.monotonic() - started, 1),
    }


# --------------------------------------------------------------------------- segments


def _prepare(setups: tuple[Setup, ...], root: Path) -> tuple[list[Trial], bool]:
    """Train every job as a worker would and replay each of its segments; check one replay per setup for real."""
    from worker_node.runtimes import train_child

    trials: list[Trial] = []
    identical = True
    for setup in setups:
        base = root / setup.name
        dataset = setup.dataset(base / "data.npz", seed=1)
        other_dataset = setup.dataset(base / "other.npz", seed=2)
        chains = []
        for job in range(setup.jobs):
            spec = setup.spec(seed=100 + job)
            steps = list(range(setup.interval, spec.total_steps + 1, setup.interval))
            files = {step: base / f"job{job}" / f"{step:06d}.st" for step in steps}
            with contextlib.redirect_stdout(io.StringIO()):  # the child's "device" line: stdout is the JSON
                train_child.handle(
                    {
                        "spec": spec.model_dump(mode="json"),
                        "dataset": str(dataset),
                        "resume": None,
                        "step_start": 0,
                        "step_end": steps[-1],
                        "checkpoints": [[step, str(path)] for step, path in files.items()],
                        "device": "cpu",
                    }
                )
            chains.append((spec, files))
        for job, (spec, files) in enumerate(chains):
            other_files = chains[(job + 1) % len(chains)][1]
            steps = sorted(files)
            bounds = [0, *steps]
            for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
                seg = Segment(
                    spec,
                    dataset,
                    files.get(a),
                    a,
                    b,
                    previous=(bounds[k - 1], files[bounds[k - 1]]) if k >= 2 else None,
                    later=(bounds[k + 2], files[bounds[k + 2]]) if k + 2 < len(bounds) else None,
                    other_job=other_files[b],
                    other_dataset=other_dataset,
                )
                folder = base / f"job{job}" / f"seg{k:04d}"
                folder.mkdir(parents=True)
                replayed = train_cheats.train(seg, folder / "replay.st")
                eligible = seg.previous is not None and seg.later is not None
                trials.append(Trial(setup.name, seg, replayed, eligible and k % setup.cheat_every == 0))
        # the in-process replay against the real one (sandboxed child), on the last segment of the setup
        last = trials[-1]
        real = replay_segment(
            last.segment.spec,
            last.segment.dataset,
            last.segment.start,
            last.segment.step_from,
            last.segment.step_to,
            last.replayed.with_name("real_replay.st"),
        )
        ours, theirs = read_checkpoint(last.replayed)[0], read_checkpoint(real)[0]
        identical = identical and ours.keys() == theirs.keys() and all(np.array_equal(ours[n], theirs[n]) for n in ours)
    return trials, identical


def _cheats(trial: Trial) -> dict[str, Callable[[Segment, Path], Path]]:
    produce: dict[str, Callable[[Segment, Path], Path]] = dict(CHEATS)
    produce["fabricated_noise"] = lambda seg, out: train_cheats.fabricated_noise(seg, out, trial.replayed)
    return produce


def _honest_class(trials: list[Trial], producer: str, name: str, verdicts: dict[str, list[Any]], policy: Any) -> None:
    for trial in trials:
        out = train_cheats.HONEST[producer](trial.segment, trial.replayed.with_name(f"{producer}.st"))
        verdicts.setdefault(name, []).append(_check(out, trial.replayed, policy))


def _with_threads(threads: int, work: Callable[[], None]) -> None:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        work()
    finally:
        torch.set_num_threads(before)


def _cuda(trials: list[Trial], verdicts: dict[str, list[Any]], policy: Any) -> dict[str, Any] | None:
    """Run the honest CUDA class when there is a GPU; else say why it is not measured."""
    if not train_cheats.cuda_available():
        return {
            "kind": "honest",
            "measured": False,
            "why": f"torch.cuda.is_available() is False on this machine (torch {_torch_version()}); "
            "the 1-ulp start jitter class stands in for a GPU-vs-CPU pair",
        }
    for trial in trials:
        out = train_cheats.honest_cuda(trial.segment, trial.replayed.with_name("cuda.st"))
        verdicts.setdefault("honest_cuda", []).append(_check(out, trial.replayed, policy))
    return None


def _check(submitted: Path, replayed: Path, policy: Any) -> Any:
    return compare_checkpoints(
        submitted,
        replayed,
        policy.tolerance,
        noise_floor=policy.noise_floor,
        outlier_tolerance=policy.outlier_tolerance,
    )


# --------------------------------------------------------------------------- statistics


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion k/n (scipy's when installed)."""
    if n == 0:
        return (0.0, 1.0)
    try:
        from scipy.stats import binomtest
    except ImportError:  # the Wilson score interval: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
        z = 1.959963984540054
        p = k / n
        centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return (max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n)))
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return (float(ci.low), float(ci.high))


def _summary(name: str, verdicts: list[Any]) -> dict[str, Any]:
    honest = name.startswith("honest")
    n = len(verdicts)
    rejected = sum(1 for v in verdicts if not v.passed)
    former = sum(1 for v in verdicts if v.weights_distance is None or v.weights_distance > FORMER_TOLERANCE)
    distances = [math.inf if v.distance is None else v.distance for v in verdicts]
    full = [math.inf if v.full_distance is None else v.full_distance for v in verdicts]
    finite = [d for d in distances if math.isfinite(d)]
    low, high = wilson(rejected, n)
    return {
        "class": name,
        "kind": "honest" if honest else "cheat",
        "measured": True,
        "checks": n,
        "rejections": rejected,
        "rejection_rate": rejected / n,
        "ci95": [round(low, 5), round(high, 5)],
        # as a share of the segment's move; None is a checkpoint the check refused outright (other tensors)
        "distance": {
            "min": _round(min(distances)),
            "median": _round(statistics.median(distances)),
            "max": _round(max(distances)),
            "finite": len(finite),
        },
        # every entry, the 1 % the tolerance leaves out included (judged by outlier_tolerance)
        "full_distance": {"min": _round(min(full)), "max": _round(max(full))},
        "former_rule_rejection_rate": former / n,
    }


def _round(x: float) -> float | str:
    return "inf" if math.isinf(x) else float(f"{x:.4g}")


def _partial(policy: TrainPolicy, intervals: int = 10) -> dict[str, Any]:
    """Chance a checked task is caught when only ``c`` of its ``intervals`` segments are cheated."""
    r = min(policy.replay_segments, intervals)
    rows = {}
    for cheated in (1, 2, 5, intervals):
        miss = math.comb(intervals - cheated, r) / math.comb(intervals, r)
        rows[f"{cheated}_of_{intervals}"] = round(1 - miss, 4)
    return {
        "intervals_per_task": intervals,
        "replayed": r,
        "caught_given_checked": rows,
        "note": "1 − C(n−c, r)/C(n, r); a cheat on every interval is caught by any replay, assuming every "
        "cheated segment is detected (the per-class rates above)",
    }


# --------------------------------------------------------------------------- cost


def _cost(root: Path, policy: TrainPolicy, quick: bool) -> dict[str, Any]:
    """Real sandboxed children: one task of 10 intervals trained, its drawn segments replayed, one 1-step replay."""
    interval, width, features, batch = (20, 512, 64, 64) if quick else (100, 1024, 256, 128)
    spec = TrainSpec.model_validate(
        {
            "kind": "train",
            "name": "verification cost",
            "architecture": {"name": "mlp", "input_dim": features, "hidden": [width] * 3, "output_dim": 10},
            "dataset": {"cid": DATASET_CID, "format": "npz", "examples": 8192},
            "optimizer": {"name": "adam", "lr": 0.001},
            "epochs": -(-interval * 10 // (8192 // batch)),
            "batch_size": batch,
            "seed": 7,
            "checkpoint_interval": interval,
            "steps_per_task": interval * 10,
            "reward_per_task": 1,
            "budget": 10**9,
            "deadline": 1_893_456_000,
        }
    )
    dataset = make_dataset(root / "data.npz", examples=8192, classes=10, seed=3, input_dim=features)
    task = slice_tasks(spec)[0]
    t0 = time.monotonic()
    result = train_task(spec, task, dataset, None, root / "task")
    train_s = time.monotonic() - t0
    files = dict(zip(task.params["checkpoint_steps"], result.files, strict=True))
    segments = train_check(b"\x17" * 32, task, policy)
    t0 = time.monotonic()
    for seg in segments:
        start = files.get(seg.step_from)
        replay_segment(spec, dataset, start, seg.step_from, seg.step_to, root / f"replay_{seg.step_to}.st")
    replay_s = time.monotonic() - t0
    t0 = time.monotonic()
    replay_segment(spec, dataset, files[interval], interval, interval + 1, root / "startup.st")
    startup_s = time.monotonic() - t0
    share = policy.spot_check_bps / BPS
    task_steps = task.params["step_end"] - task.params["step_start"]
    replayed_steps = sum(seg.step_to - seg.step_from for seg in segments)
    compute_train = max(train_s - startup_s, 1e-9)
    compute_replay = max(replay_s - len(segments) * startup_s, 0.0)
    return {
        "task_steps": task_steps,
        "intervals": task_steps // interval,
        "replayed_segments": len(segments),
        "replayed_steps": replayed_steps,
        "spot_check_share": share,
        "train_seconds": round(train_s, 2),
        "replay_seconds": round(replay_s, 2),
        "child_startup_seconds": round(startup_s, 2),
        "share_of_steps": round(share * replayed_steps / task_steps, 4),
        "share_wall_clock": round(share * replay_s / train_s, 4),
        "share_compute": round(share * compute_replay / compute_train, 4),
        "note": "share = spot_check_bps × replay / training; wall clock counts each child's start-up "
        "(interpreter and import torch, measured by a one-step replay), compute subtracts it; the check's "
        "share falls as spot_check_bps × replay_segments / intervals per task",
    }


# --------------------------------------------------------------------------- helpers


def _describe(setup: Setup) -> dict[str, Any]:
    spec = setup.spec(seed=100)
    return {
        "name": setup.name,
        "architecture": setup.architecture,
        "optimizer": setup.optimizer,
        "checkpoint_interval": setup.interval,
        "jobs": setup.jobs,
        "segments_per_job": spec.total_steps // setup.interval,
        "examples": setup.examples,
        "batch_size": setup.batch_size,
    }


def _torch_version() -> str:
    import torch

    return str(torch.__version__)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer segments and a smaller cost task (~1-2 min)")
    args = parser.parse_args()
    print(json.dumps(run(quick=args.quick), indent=2))
