"""AI Core benchmark (issue 21) -> benchmarks/results/aicore.json.

    .venv/bin/python benchmarks/aicore.py                  (both parts)
    .venv/bin/python benchmarks/aicore.py --part makespan  (or --part estimates; the other part's numbers are kept)

**Makespan.** A 2,000-task job on 40 workers: 13 at 1x, 13 at 2x, 12 at 4x and two stragglers at 0.2x. The real
dispatcher runs (its SQLite database, lease queries, heartbeats, EIP-712 signatures recovered on every result,
``tests/support/dispatch_sim.py``); only the compute is replaced by a simulated duration on a simulated clock:
task i takes ``10 s x c_i`` on a 1x worker (c_i lognormal, sigma 0.25, the same in both arms: frames of uneven
complexity) times a per-run noise (lognormal, sigma 0.1) divided by the worker's speed. Each worker runs one
task at a time, heartbeats every 15 s and re-asks every 1 s when idle. The two arms run the same job, workers
and seeds in the same process, wired as the oracle service wires them (``Dispatcher(selection=...)``):
*without* (``OracleConfig.dispatch_policy = "fifo"``: oldest slot first, no copies) and *with* ("aicore":
``oracles.dispatch_policy``'s heavy-first, tail rule and backup copies). The ablations (one rule off) build the
policy with a ``PolicyConfig``. Ratio = with / without (goal <= 0.85). Scenarios: the sentries attest every worker's true speed
("attested"); the stragglers were attested at 1x but run at 0.2x ("hidden": only backups can help). The
ablations switch one rule off. Ideal = total work / total speed (no schedule beats it).

**Estimates** (``protocol.aicore``). The index of this young network holds too few settled jobs to learn
from, so the history is simulated from the documented model in ``protocol/aicore/history.py`` (say so: the
JSON's ``simulated``): per kind 350 jobs, 10 recorded task durations each; the model is fitted on 150 jobs, its
80% interval calibrated (split-conformal, ``DurationModel.calibrate``) on 100 others, and judged on the last 100:
median absolute percentage error of the predicted (median) wall time against the job's simulated wall time on
the 40-worker pool, the same for the cold start (the benchmarks' rates alone), the median of predicted /
actual, and how often the actual wall time falls in the 80% interval, calibrated and before calibration. Cost is not
scored: it follows from the spec (rewards of the runs and expected checks), not from a model. Also measured
here: the cold-start rate of ``compute`` (hashlib sha256 iterations per second on this machine).

**Dispatcher CPU** (``--part cpu``): the leader's CPU inside the dispatcher (every ``exchange`` and ``heartbeat``
call, ``time.process_time``) for one job with ``dispatch_policy`` "aicore" against "fifo", in pairs (same job,
workers and seed; which arm runs first alternates): issue 14's shape (40 workers of one speed, 0.1 s tasks, 8 held
leases, as benchmarks/e2e.py; 9 pairs, goal: the median of the pairs' ratios <= 1.05, for "aicore" as the
default) and the mixed pool above (3 pairs). The makespans are simulated time, so the machine's load does not
move them; the CPU seconds are this process's and do (compare the ratio, measured in the same run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # scikit-learn's threads only contend on a shared 2-core machine

from oracles.config import OracleConfig  # noqa: E402
from oracles.dispatch_policy import PolicyConfig  # noqa: E402
from protocol.jobspec import load_spec  # noqa: E402
from tests.support.dispatch_sim import SimOracle, workers_of  # noqa: E402
from tests.support.oracle_network import spec_yaml  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "aicore.json"
TASKS = 2_000
SPEEDS = [1.0] * 13 + [2.0] * 13 + [4.0] * 12 + [0.2, 0.2]
BASE_S = 10.0
TASK_SIGMA = 0.25
RUN_SIGMA = 0.1
SEEDS = (1, 2, 3)
CPU_SEEDS = tuple(range(1, 10))  # issue 14's shape: 9 paired runs (the machine is shared: the ratio is noisy)
GOAL = 0.85
CPU_GOAL = 1.05  # the dispatcher's CPU with 'aicore' over 'fifo' in issue 14's shape, for 'aicore' as the default


def job_spec(tasks: int) -> Any:
    return load_spec(
        spec_yaml(
            "compute",
            replication=1,
            items_per_task=1,
            verification={"method": "hash", "spot_check_bps": 100},
            kernel={"name": "sha256_chain", "chains": tasks, "length": 1_000, "seed": 1},
        )
    )


def one_run(tasks: int, attested: list[float | None], policy: PolicyConfig | str | None, seed: int) -> dict[str, Any]:
    """``policy``: a PolicyConfig (an ablation), or "aicore" / "fifo": the oracle service's wiring with that
    ``OracleConfig.dispatch_policy``."""
    rng = random.Random(seed)
    base = [BASE_S * rng.lognormvariate(0.0, TASK_SIGMA) for _ in range(tasks)]
    started = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(policy, str):
            net = SimOracle(Path(tmp), workers_of(SPEEDS, attested), dispatch=policy)
        else:
            net = SimOracle(Path(tmp), workers_of(SPEEDS, attested), policy=policy)
        net.add_job(1, job_spec(tasks))
        result = net.run(1, ("compute",), lambda i: base[i], seed=seed, run_noise=RUN_SIGMA)
    return {
        "makespan_s": round(result.makespan_s, 2),
        "ideal_s": round(sum(base) / sum(SPEEDS), 2),
        "leases": result.leases,
        "copies_made": result.copies_made,
        "copies_voided": result.copies_voided,
        "results_refused": result.results_refused,
        "cpu_s": round(time.process_time() - started, 1),
    }


def makespan(tasks: int, seeds: tuple[int, ...]) -> dict[str, Any]:
    hidden: list[float | None] = [None] * (len(SPEEDS) - 2) + [1.0, 1.0]
    arms: dict[str, tuple[list[float | None] | None, PolicyConfig | str | None, tuple[int, ...]]] = {
        "attested/without": (None, "fifo", seeds),
        "attested/with": (None, "aicore", seeds),
        "attested/tail_only": (None, PolicyConfig(backups=False), seeds[:1]),
        "attested/backups_only": (None, PolicyConfig(tail=False), seeds[:1]),
        "hidden/without": (hidden, "fifo", seeds[:1]),
        "hidden/with": (hidden, "aicore", seeds[:1]),
    }
    runs: dict[str, list[dict[str, Any]]] = {}
    for name, (attested, policy, arm_seeds) in arms.items():
        runs[name] = []
        for seed in arm_seeds:
            runs[name].append(one_run(tasks, attested or [None] * len(SPEEDS), policy, seed))
            print(name, seed, runs[name][-1], flush=True)

    def ratio(with_: str, without: str) -> float:
        pairs = zip(runs[with_], runs[without], strict=False)
        return round(statistics.mean(w["makespan_s"] / wo["makespan_s"] for w, wo in pairs), 3)

    main = ratio("attested/with", "attested/without")
    return {
        "what": "makespan of one 2,000-task job on 40 simulated workers, OracleConfig.dispatch_policy 'aicore' "
        "(heavy-first, tail rule, backup copies) as a ratio to 'fifo', both wired as the oracle service wires "
        "them (the sentries' selection), same run",
        "simulated": "only the compute: each task's duration is simulated (10 s x lognormal(0.25) per task x "
        "lognormal(0.1) per run / speed) on a simulated clock; leasing, heartbeats, signed results, copies and "
        "voiding run through the real dispatcher and its SQLite database",
        "tasks": tasks,
        "workers": {"1x": 13, "2x": 13, "4x": 12, "0.2x (stragglers)": 2},
        "seeds": list(seeds),
        "ratio_with_to_without": main,
        "goal": GOAL,
        "meets_goal": main <= GOAL,
        "ratio_tail_only": ratio("attested/tail_only", "attested/without"),
        "ratio_backups_only": ratio("attested/backups_only", "attested/without"),
        "ratio_hidden_stragglers": ratio("hidden/with", "hidden/without"),
        "runs": runs,
    }


def dispatcher_cpu(tasks: int, cpu_seeds: tuple[int, ...], seeds: tuple[int, ...]) -> dict[str, Any]:
    """The leader's CPU in the dispatcher (every ``exchange`` and ``heartbeat`` call, timed with
    ``time.process_time``) for one job, the oracle service's wiring with ``dispatch_policy`` "fifo" against
    "aicore", same workers, job and seed in each pair, the arm that runs first alternated. Two shapes: issue 14's
    (40 workers of one speed, 0.1 s tasks, up to 8 held leases each, as benchmarks/e2e.py; ``cpu_seeds``) and this
    benchmark's mixed pool (10 s tasks, 2 held; ``seeds``). The figure: the median of the pairs' ratios."""
    shapes: dict[str, tuple[list[float], float, int, tuple[int, ...]]] = {
        "uniform_e2e_shape": ([1.0] * 40, 0.1, 8, cpu_seeds),
        "mixed_pool": (SPEEDS, BASE_S, 2, seeds),
    }
    out: dict[str, Any] = {}
    for shape, (speeds, base_s, capacity, shape_seeds) in shapes.items():
        arms: dict[str, list[dict[str, float]]] = {"fifo": [], "aicore": []}
        for seed in shape_seeds:
            for arm in ("fifo", "aicore") if seed % 2 else ("aicore", "fifo"):  # alternate: machine drift hits both
                rng = random.Random(seed)
                base = [base_s * rng.lognormvariate(0.0, TASK_SIGMA) for _ in range(tasks)]
                with tempfile.TemporaryDirectory() as tmp:
                    net = SimOracle(Path(tmp), workers_of(speeds), dispatch=arm)
                    net.add_job(1, job_spec(tasks))
                    spent: list[float] = [0.0, 0.0]
                    for name in ("exchange", "heartbeat"):
                        real = getattr(net.dispatcher, name)

                        def timed(*args: Any, _real: Any = real, _spent: list[float] = spent) -> Any:
                            started = time.process_time()
                            try:
                                return _real(*args)
                            finally:
                                _spent[0] += time.process_time() - started
                                _spent[1] += 1

                        setattr(net.dispatcher, name, timed)
                    result = net.run(1, ("compute",), lambda i, b=base: b[i], seed=seed, capacity=capacity)
                arms[arm].append(
                    {
                        "dispatcher_cpu_s": round(spent[0], 3),
                        "calls": int(spent[1]),
                        "cpu_ms_per_call": round(1e3 * spent[0] / max(spent[1], 1), 3),
                        "makespan_s": round(result.makespan_s, 2),
                        "copies_made": result.copies_made,
                    }
                )
                print(shape, arm, seed, arms[arm][-1], flush=True)
        fifo = statistics.median(r["dispatcher_cpu_s"] for r in arms["fifo"])
        aicore = statistics.median(r["dispatcher_cpu_s"] for r in arms["aicore"])
        paired = [
            round(a["dispatcher_cpu_s"] / f["dispatcher_cpu_s"], 3)
            for a, f in zip(arms["aicore"], arms["fifo"], strict=True)
        ]
        out[shape] = {
            "seeds": list(shape_seeds),
            "cpu_ratio_aicore_to_fifo": statistics.median(paired),
            "paired_ratios": paired,
            "ratio_of_medians": round(aicore / fifo, 3),
            "median_dispatcher_cpu_s": {"fifo": round(fifo, 3), "aicore": round(aicore, 3)},
            "runs": arms,
        }
    return {
        "what": "the leader's dispatcher CPU per job (exchange + heartbeat calls, process time) with OracleConfig."
        "dispatch_policy 'aicore' against 'fifo', same job, workers and seed per pair, the first arm alternated; "
        "cpu_ratio_aicore_to_fifo is the median of the pairs' ratios",
        "tasks": tasks,
        "goal": CPU_GOAL,
        "meets_goal": out["uniform_e2e_shape"]["cpu_ratio_aicore_to_fifo"] <= CPU_GOAL,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        **out,
    }


def estimate_error(jobs: int = 350, held_out: int = 100, calibration: int = 100) -> dict[str, Any]:
    from protocol.aicore.estimate import CalibrationJob, DurationModel
    from protocol.aicore.history import SPEEDS as POOL
    from protocol.aicore.history import samples_of, simulated_jobs, wall_time

    per_kind: dict[str, Any] = {}
    for kind in ("render", "train", "compute", "label"):
        sims = simulated_jobs(kind, jobs, seed=21)
        fitted = jobs - held_out - calibration
        train, fold, test = sims[:fitted], sims[fitted : jobs - held_out], sims[jobs - held_out :]
        samples = [row for i, job in enumerate(train) for row in samples_of(job, i)]
        started = time.process_time()
        model = DurationModel().fit(samples)
        fit_s = time.process_time() - started
        raw = DurationModel().fit(samples)  # the same model, not calibrated
        model.calibrate(
            CalibrationJob(job.shape, tuple(POOL), wall_time(job, 50_000 + i, POOL)) for i, job in enumerate(fold)
        )
        cold = DurationModel()
        errors, cold_errors, ratios, inside, inside_raw = [], [], [], 0, 0
        for i, job in enumerate(test):
            actual = wall_time(job, 100_000 + i, POOL)
            low, mid, high = model.estimate(job.shape, POOL).wall_s
            errors.append(abs(mid - actual) / actual)
            ratios.append(mid / actual)
            inside += low <= actual <= high
            raw_low, _, raw_high = raw.estimate(job.shape, POOL).wall_s
            inside_raw += raw_low <= actual <= raw_high
            cold_errors.append(abs(cold.estimate(job.shape, POOL).wall_s[1] - actual) / actual)
        per_kind[kind] = {
            "mdape": round(statistics.median(errors), 3),
            "mdape_cold_start": round(statistics.median(cold_errors), 3),
            "median_predicted_over_actual": round(statistics.median(ratios), 3),
            "interval_80_coverage": round(inside / len(test), 3),
            "interval_80_coverage_uncalibrated": round(inside_raw / len(test), 3),
            "interval_log_widening": round(model.widen[kind][0], 3) if kind in model.widen else None,
            "training_samples": len(samples),
            "calibration_jobs": len(fold),
            "held_out_jobs": len(test),
            "fit_cpu_s": round(fit_s, 2),
        }
        print(kind, per_kind[kind], flush=True)
    return {
        "what": "wall-time estimate error on held-out jobs per kind: median absolute percentage error (mdape)",
        "simulated": "the history: the index has too few settled jobs; jobs and their task durations come from "
        "the documented network model in protocol/aicore/history.py (true rates unlike the benchmarks' for render "
        "and train, a hidden per-job complexity factor with sigma 0.2, run noise 0.1), wall times from its list "
        "schedule on the 40-worker pool",
        "model": "per kind, HistGradientBoostingRegressor(loss='quantile') at 0.1/0.5/0.9 of log(seconds x speed / "
        "work) from log work, the kind's parameters and log speed (protocol/aicore/estimate.py)",
        "calibration": "split-conformal quantile regression (CQR) on log wall time: per kind, the 80% interval is "
        "widened by the ceil(0.8 (n + 1))-th smallest of max(log low - log actual, log actual - log high) over the "
        "calibration fold's n jobs (protocol/aicore/estimate.py DurationModel.calibrate)",
        "per_kind": per_kind,
    }


def sha256_rate(iterations: int = 100_000, repeats: int = 5) -> dict[str, Any]:
    """Seconds per sha256 iteration on 32 bytes (the sha256_chain kernel's step), one thread: the fastest of
    ``repeats`` timings (the one the other processes on this shared machine disturbed least)."""
    times = []
    for _ in range(repeats):
        digest = bytes(32)
        started = time.perf_counter()
        for _ in range(iterations):
            digest = hashlib.sha256(digest).digest()
        times.append((time.perf_counter() - started) / iterations)
    return {
        "seconds_per_iteration": min(times),
        "all_timings": times,
        "iterations": iterations,
        "what": "hashlib sha256 of 32 bytes, chained; the fastest of the repeats",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("all", "makespan", "estimates", "cpu"), default="all")
    parser.add_argument("--tasks", type=int, default=TASKS)
    args = parser.parse_args()
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.part in ("all", "makespan"):
        results["makespan"] = makespan(args.tasks, SEEDS)
    if args.part in ("all", "cpu"):
        results["dispatcher_cpu"] = dispatcher_cpu(args.tasks, CPU_SEEDS, SEEDS)
    results["default_dispatch_policy"] = OracleConfig().dispatch_policy
    if args.part in ("all", "estimates"):
        results["estimates"] = estimate_error()
        results["cold_rates"] = {"compute": sha256_rate()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.get("makespan", {}).items() if k != "runs"}, indent=2))
    print(json.dumps(results.get("estimates", {}).get("per_kind", {}), indent=2))


if __name__ == "__main__":
    main()
