"""The render section of ``benchmarks/results/verification.json``: honest false rejection, cheat detection, cost.

    .venv/bin/python benchmarks/verification_render.py [--quick]     (prints the section as JSON)

The setting is the one issue 17 measured the old PSNR/SSIM check on: the project's animated test scene
(``worker_node.runtimes.scenes.make_test_scene``) at 320×240, split 2×2 (tiles of 160×120), frame 2 checked,
with the default ``RenderPolicy`` (4 crops of 20 % of the tile side, one per cell of a 2×2 grid: 3,072 px per
check, re-rendered twice; ``max_false_rejection`` 1e-3). Per sample count:

- one Blender process renders the bank: the whole frame with ``SEEDS`` Cycles seeds, and every render a cheat
  needs (``tests.support.render_cheats``: fewer samples, the denoiser on fewer samples, fewer light bounces,
  the next frame, a later frame);
- each check draws its tile, frame crops and seeds with the real ``protocol.jobspec.seeds.render_check`` from a
  fresh check seed, and the real ``oracles.verify.check_crops`` judges the submitted tile against two honest
  renders of the crops. **Shortcut**: the re-rendered crops are cut from the bank's whole-frame renders
  instead of rendered per check (a border render equals that region of the whole frame with the same seed:
  ``tests/worker_node/test_render_runtime.py`` proves it), and the two reference seeds are two of the bank's
  seeds other than the worker's (the bank: the worker's seed 0 and large seeds drawn as checks draw theirs). So the honest checks reuse a few renders (listed as ``distinct_renders``)
  with different crops, tiles and tie-breaking salts each time;
- honest: the worker's render is one bank seed, the references two others — different seeds are the
  pessimistic stand-in for different hardware (a GPU-vs-CPU pair is added whenever the machine has a GPU);
- every cheat of ``CHEATS`` is built from the bank (``cheat_tile``) and checked the same way.

Rates come with 95 % Clopper–Pearson intervals (``scipy.stats.binomtest``). Cost: on the warm Blender engine
a worker keeps loaded, the real ``render_task`` of one tile and the real ``render_crops`` of its check
(4 crops × 2 seeds) alternate ``COST_REPEATS`` times; ``check_share_of_task`` is the median ratio and
``share_of_job_compute`` = ``spot_check_bps``/10,000 × that ratio (the expected checks per task), plus the
oracle's own comparison time.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from eth_utils import keccak  # noqa: E402

from oracles.verify import check_crops  # noqa: E402
from protocol.jobspec.models import RenderSpec, RenderSplit  # noqa: E402
from protocol.jobspec.policies import RenderPolicy  # noqa: E402
from protocol.jobspec.seeds import MAX_RENDER_SEED, render_check  # noqa: E402
from protocol.jobspec.slicing import slice_tasks  # noqa: E402
from tests.support.render_cheats import CHEATS, NEEDS, Variant, cheat_tile, render_variants, tile_region  # noqa: E402

WIDTH, HEIGHT, TILES, FRAME = 320, 240, 2, 2
FULL = {"samples": [32, 128], "seeds": 6, "honest_checks": 1_200, "cheat_checks": 200}
QUICK = {"samples": [32], "seeds": 4, "honest_checks": 200, "cheat_checks": 40}
COST_REPEATS = 3
#: Cheats beyond the issue's list (a goal of ≥ 99 % applies to the others): reported, not part of the goal.
EXTRA_CHEATS = ("fewer_bounces", "half_tile_quarter_samples", "blurred", "six_bit")


def spec_for(samples: int, policy: RenderPolicy) -> RenderSpec:
    return RenderSpec(
        kind="render",
        name="verification benchmark",
        scene_cid="bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        frame_start=FRAME,
        frame_end=FRAME,
        scene_frame_count=4,
        resolution_x=WIDTH,
        resolution_y=HEIGHT,
        samples=samples,
        split=RenderSplit(tiles_x=TILES, tiles_y=TILES),
        verification=policy,
        reward_per_task=1,
        budget=10**9,
        deadline=2_000_000_000,
    )


def rate(rejected: int, checks: int) -> dict[str, Any]:
    from scipy.stats import binomtest

    ci = binomtest(rejected, checks).proportion_ci(confidence_level=0.95, method="exact")
    return {
        "checks": checks,
        "rejected": rejected,
        "rate": round(rejected / checks, 5),
        "ci95": [round(ci.low, 5), round(ci.high, 5)],
    }


def bank_seeds(count: int) -> list[int]:
    """The worker's seed 0 and ``count`` − 1 large seeds drawn as a check draws its re-render seeds."""
    return [0] + [
        1 + int.from_bytes(keccak(f"bank seed {s}".encode())[:4], "big") % MAX_RENDER_SEED for s in range(1, count)
    ]


def run_checks(
    renders: dict[Variant, np.ndarray], spec: RenderSpec, kind: str, checks: int, seeds: list[int]
) -> dict[str, Any]:
    """``checks`` checks of one class: honest (``kind == "honest"``) or a cheat of ``CHEATS``."""
    policy = spec.verification
    tasks = slice_tasks(spec)
    rng = np.random.default_rng(int.from_bytes(keccak(kind.encode())[:8], "big"))
    rejected, pixels, p_values, seconds = 0, [], [], 0.0
    for i in range(checks):
        check_seed = keccak(f"{spec.samples}:{kind}:{i}".encode())
        task = tasks[check_seed[0] % len(tasks)]
        check = render_check(check_seed, task, policy)
        tile = task.params["tile"]
        if kind == "honest":
            worker = seeds[i % len(seeds)]
            others = [s for s in seeds if s != worker]
        else:
            worker = 0
            others = seeds[1:]
        a, b = rng.choice(others, size=2, replace=False)
        submitted = (
            tile_region(renders[Variant(seed=worker)], tile)
            if kind == "honest"
            else cheat_tile(kind, renders, tile, rng, honest_seed=0)
        )
        references = []
        for crop in check.crops:
            box = {"min_x": crop.min_x, "max_x": crop.max_x, "min_y": crop.min_y, "max_y": crop.max_y}
            references.append(
                (crop, tile_region(renders[Variant(seed=int(a))], box), tile_region(renders[Variant(seed=int(b))], box))
            )
        started = time.perf_counter()
        verdict = check_crops(submitted, tile, references, policy, salt=check.seeds[0])
        seconds += time.perf_counter() - started
        rejected += not verdict.passed
        pixels.append(max((t.counts.n for t in verdict.tests if t.scale == 1), default=0))
        p_values.append(verdict.p_value)
    return {
        **rate(rejected, checks),
        "median_pixels_compared": int(statistics.median(pixels)),
        "median_p_value": float(f"{statistics.median(p_values):.3g}"),
        "oracle_seconds_per_check": round(seconds / checks, 4),
    }


def measure_cost(scene: Path, spec: RenderSpec, work: Path) -> dict[str, Any]:
    """Warm engine: the real ``render_task`` of a tile vs the real ``render_crops`` of its check."""
    from worker_node.runtimes.render import render_crops, render_task, warm_engine

    task = slice_tasks(spec)[0]
    check = render_check(keccak(b"cost"), task, spec.verification)
    engine = warm_engine()
    tasks_s, checks_s, device = [], [], ""
    try:
        render_task(spec, task, scene, work / "warmup", engine=engine)  # loads Blender and the scene once
        for r in range(COST_REPEATS):
            started = time.perf_counter()
            result = render_task(spec, task, scene, work / f"task{r}", engine=engine)
            tasks_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            render_crops(spec, task, check, scene, work / f"check{r}", engine=engine)
            checks_s.append(time.perf_counter() - started)
            device = result.device
    finally:
        engine.close()
    ratio = statistics.median(c / t for c, t in zip(checks_s, tasks_s))
    return {
        "device": device,
        "task_seconds_median": round(statistics.median(tasks_s), 3),
        "check_render_seconds_median": round(statistics.median(checks_s), 3),
        "check_share_of_task": round(ratio, 4),
        "spot_check_bps": spec.verification.spot_check_bps,
        "share_of_job_compute": round(ratio * spec.verification.spot_check_bps / 10_000, 5),
    }


def run(quick: bool = False, progress: Any = print) -> dict[str, Any]:
    from worker_node.runtimes.scenes import make_test_scene

    setting = QUICK if quick else FULL
    policy = RenderPolicy()
    started = time.monotonic()
    classes = ["honest", *CHEATS]
    per_samples: dict[str, Any] = {}
    honest_total = [0, 0]
    worst_detection: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="gpuhive-verification-") as tmp:
        work = Path(tmp)
        scene = make_test_scene(work / "scene.blend", frames=4)
        for samples in setting["samples"]:
            spec = spec_for(samples, policy)
            seeds = bank_seeds(setting["seeds"])
            variants = [Variant(seed=s) for s in seeds] + sorted(set(NEEDS.values()), key=Variant.key)
            t0 = time.monotonic()
            renders = render_variants(
                scene, FRAME, variants, resolution=(WIDTH, HEIGHT), samples=samples, out_dir=work / f"bank{samples}"
            )
            progress(f"{samples} spp: {len(variants)} whole-frame renders in {time.monotonic() - t0:.0f} s")
            results = {}
            for kind in classes:
                checks = setting["honest_checks"] if kind == "honest" else setting["cheat_checks"]
                results[kind] = run_checks(renders, spec, kind, checks, seeds)
                if kind != "honest":
                    results[kind]["what"] = CHEATS[kind]
                    worst_detection[kind] = min(worst_detection.get(kind, 1.0), results[kind]["rate"])
                progress(f"  {kind:28s} rejected {results[kind]['rejected']}/{results[kind]['checks']}")
            honest_total[0] += results["honest"]["rejected"]
            honest_total[1] += results["honest"]["checks"]
            per_samples[str(samples)] = {
                "distinct_renders": {"honest_seeds": setting["seeds"], "cheat_renders": len(set(NEEDS.values()))},
                "classes": results,
                "cost": measure_cost(scene, spec, work / f"cost{samples}"),
            }
    issue_classes = [k for k in CHEATS if k not in EXTRA_CHEATS]
    return {
        "method": "rank test of the submitted pixels against two re-renders with other seeds "
        "(oracles.verify.rank_test)",
        "scene": f"make_test_scene, {WIDTH}×{HEIGHT}, {TILES}×{TILES} tiles, frame {FRAME}",
        "policy": policy.model_dump(),
        "pixels_per_check": spec_for(setting["samples"][0], policy).check_pixels,
        "shortcut": "re-rendered crops cut from whole-frame renders with the same seeds (equal pixels); "
        "honest checks reuse the bank's seeds with new crops, tiles and salts",
        "gpu_vs_cpu": _gpu_note(),
        "samples": per_samples,
        "honest_false_rejection_all_samples": rate(*honest_total),
        "goal_false_rejection_max": 0.005,
        "worst_detection_per_cheat": worst_detection,
        "worst_detection_of_the_issue_classes": min(worst_detection[k] for k in issue_classes),
        "extra_cheats_not_in_the_goal": list(EXTRA_CHEATS),
        "goal_detection_min": 0.99,
        "quick": quick,
        "seconds": round(time.monotonic() - started, 1),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }


def _gpu_note() -> str:
    try:
        import torch

        if torch.cuda.is_available():
            return "a CUDA device is present: run with a GPU Blender build to add the GPU-vs-CPU honest pair"
    except ImportError:
        pass
    return "not measured: this machine has no GPU (Cycles renders on the CPU); different seeds stand in"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one sample count, fewer seeds and checks (~1 min)")
    args = parser.parse_args()
    print(json.dumps(run(quick=args.quick, progress=lambda m: print(m, file=sys.stderr)), indent=2))


if __name__ == "__main__":
    main()
