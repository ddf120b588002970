"""Verification benchmark: do the spot checks tell honest hardware noise from cheating, and does cheating pay?

    .venv/bin/python benchmarks/verification.py [--quick]   (writes benchmarks/results/verification.json;
                                                            ~25 minutes, --quick ~4 minutes)

Three sections, each from its own module (read their docstrings for the exact setting):

- ``render`` (``benchmarks/verification_render.py``): per sample count and per class — honest renders with
  other seeds, and every cheat of ``tests/support/render_cheats.py`` — the rejection rate with its count and a
  95 % interval, and the cost of a check as a share of the job's render compute;
- ``train`` (``benchmarks/verification_train.py``): the same for the checkpoint-replay check — honest replays
  on other thread counts, and every cheat of ``tests/support/train_cheats.py`` — and its cost;
- ``economics`` (``benchmarks/verification_economics.py``): for each cheating strategy, the chance of being
  caught within one, 10 and 100 jobs and the expected profit against honest work, with the default policies,
  slash rule and stake, at the detection rates measured here (the lower end of the worst cheat's 95 %
  interval, per method) and at 0.99, 0.9 and 0.5;
- ``confirmation_cost`` (``confirmation_cost`` here, from the two sections above): a failed check is confirmed
  by a second checker before anyone is slashed, and only then, so an honest job pays for a confirmation only
  when an honest result fails its first check (measured: never; bounded by ``max_false_rejection``); a caught
  cheat's task costs one more check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
# this folder first: a site-packages package named ``benchmarks`` (installed by cchecksum) shadows ours
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(1, str(REPO))

import verification_economics  # noqa: E402
import verification_render  # noqa: E402
import verification_train  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "verification.json"


def measured_detection(render: dict[str, Any], train: dict[str, Any]) -> dict[str, float]:
    """Per method, the lower 95 % bound of the worst issue-listed cheat's detection rate."""
    lows = []
    for samples in render["samples"].values():
        for kind, row in samples["classes"].items():
            if kind != "honest" and kind not in verification_render.EXTRA_CHEATS:
                lows.append(row["ci95"][0])
    detection = {"render": min(lows)}
    if "detection_min" in train:
        detection["train"] = train["detection_min"]["ci95"][0]
    return detection


def confirmation_cost(render: dict[str, Any], train: dict[str, Any]) -> dict[str, Any]:
    """What second checkers add to a job's compute: a confirmation runs only after a failed check, so for honest
    work its share of the job is (check share of the job) × (chance an honest result fails its check)."""
    honest = render["honest_false_rejection_all_samples"]
    bound = render["policy"].get("max_false_rejection", 0.001) if isinstance(render.get("policy"), dict) else 0.001
    out: dict[str, Any] = {"render": {}, "train": {}}
    for samples, section in render["samples"].items():
        share = section["cost"]["share_of_job_compute"]
        out["render"][samples] = {
            "check_share_of_job_compute": share,
            "confirmation_share_of_honest_job_measured": share * honest["rate"],
            "confirmation_share_of_honest_job_bound": round(share * bound, 8),
            "confirmation_share_of_honest_job_ci95_upper": round(share * honest["ci95"][1], 8),
        }
    out["render"]["honest_first_checks_failed"] = f"{honest['rejected']} of {honest['checks']}"
    replays = [row for row in train["classes"].values() if row.get("kind") == "honest" and row.get("measured")]
    share = train["cost"]["share_compute"]
    rejected = sum(row["rejections"] for row in replays)
    checks = sum(row["checks"] for row in replays)
    out["train"] = {
        "check_share_of_job_compute": share,
        "honest_first_checks_failed": f"{rejected} of {checks}",
        "confirmation_share_of_honest_job_measured": share * rejected / checks if checks else None,
        "confirmation_share_of_honest_job_ci95_upper": round(share * max(row["ci95"][1] for row in replays), 8)
        if replays
        else None,  # fmt: skip
    }
    out["rule"] = (
        "a confirmation (the same check, other seeds, a third worker) runs only after a first check failed: honest "
        "cost unchanged up to max_false_rejection x the check's share; each caught cheat costs one more check, "
        "paid from the job's budget (the cheat's own reward is not paid)"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sample counts, seeds and checks")
    args = parser.parse_args()
    started = time.monotonic()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    render = verification_render.run(quick=args.quick, progress=progress)
    progress("train section")
    train = verification_train.run(quick=args.quick)
    detection = measured_detection(render, train)
    results = {
        "render": render,
        "train": train,
        "economics": verification_economics.run(detection),
        "measured_detection_used_for_economics": detection,
        "confirmation_cost": confirmation_cost(render, train),
        "quick": args.quick,
        "seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "economics"}, indent=2)[:4000])
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
