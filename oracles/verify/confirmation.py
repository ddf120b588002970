"""A failed check confirmed by a second checker: who is at fault, the worker or the first checker?

One checker's re-render or replay cannot slash anyone on its own: a lazy or
malicious checker (crops copied from the worker's own pixels, rendered with
fewer samples, a made-up replay) would make an honest worker fail. So a failed
check is not a verdict until a *second* checker — a worker other than the one
checked and the first checker, leased the same check with seeds of its own —
has run it too, and the three results are judged together
(``oracles.advancer``):

- the **worker against the second checker**: the same check as the first
  (``render_check.check_crops``, ``train_check.compare_checkpoints``) with the
  second checker's references. Null hypothesis: the worker is honest (its
  pixels a third independent render next to the second checker's two, its
  checkpoint within the replay tolerance); rejected with chance at most
  ``max_false_rejection`` for an honest worker (render), 0 in 992 measured
  replays per class (train).
- the **first checker against the second** (render): null hypothesis: the
  first checker's two crops are honest renders with the seeds its check named
  — independent of the worker's pixels and exchangeable with the second
  checker's two — *whatever the worker submitted*. The family, Bonferroni over
  all its p-values at the same ``max_false_rejection`` as a check:

  * each first-checker crop as the ``w`` of the rank test against the second
    checker's two (``rank_test.rank_tests``: wrong samples, frame, tile…);
  * ``|A1 − W|`` against ``|A2 − W|`` and ``|B1 − W|`` against ``|B2 − W|``
    (``rank_test.distance_sign_tests``): given the worker's pixels ``W``, an
    honest ``A1`` is as likely as ``A2`` to be the closer of the two to them;
    a crop copied from the worker's tile is closer every time;
  * ``|A1 − B1|`` against ``|A2 − B2|``: two honest renders differ as much as
    two others; one render submitted twice (or two copies) does not.

  For train, the first checker's replay compared with the second's by the
  policy's own rule (``compare_checkpoints``, the second replay as reference).

The verdict (``decide``):

- the worker fails against the second checker too, and the checkers agree →
  ``worker``: the worker is slashed (and not paid), both checkers are paid;
- the checkers disagree and the worker passes against the second → ``checker``:
  the first checker is slashed like a cheating worker and not paid; the worker's
  result is accepted and paid;
- anything else → ``ambiguous``: nobody is slashed, the task is run again by
  someone else and the first run is not paid, so the requester pays for one
  accepted run (the checks are paid).

An honest worker is then slashed only if the second checker's check also
rejects it (≤ ``max_false_rejection``) while the first checker's references
pass as honest — never on one checker's word; an honest first checker only if
the family above rejects it (≤ ``max_false_rejection``) in a confirmation, and
confirmations run only after a failed check. Two colluding checkers that fake
the same way can still get an honest worker slashed (both checks fail and the
fakes agree); one cannot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from oracles.verify.rank_test import SIDES, SIGN_SIDES, RankTest, SignTest, distance_sign_tests, rank_tests
from oracles.verify.render_check import CropVerdict, _as_hwc, _check_reference, check_crops
from oracles.verify.train_check import CheckpointVerdict, compare_checkpoints
from protocol.digests import crop_slices
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import Crop

WORKER = "worker"
CHECKER = "checker"
AMBIGUOUS = "ambiguous"


def decide(worker_fails_second: bool, checkers_agree: bool) -> str:
    """The verdict of a confirmation (module docstring): ``worker``, ``checker`` or ``ambiguous``."""
    if worker_fails_second and checkers_agree:
        return WORKER
    if not worker_fails_second and not checkers_agree:
        return CHECKER
    return AMBIGUOUS


@dataclass(frozen=True)
class ReferenceVerdict:
    """The first checker's references judged against the second checker's (render)."""

    agree: bool
    p_value: float
    reason: str
    rank: list[RankTest] = field(default_factory=list)
    signs: list[SignTest] = field(default_factory=list)

    def evidence(self) -> dict[str, Any]:
        return {
            "agree": self.agree,
            "p_value": self.p_value,
            "reason": self.reason,
            "tests": len(self.rank) * SIDES + len(self.signs) * SIGN_SIDES,
            "worst": self._worst(),
        }

    def _worst(self) -> dict[str, Any] | None:
        tests: list[RankTest | SignTest] = [*self.rank, *self.signs]
        if not tests:
            return None
        return min(tests, key=lambda t: t.p_min).evidence()


@dataclass(frozen=True)
class Confirmation:
    """A confirmation's outcome: the verdict and what it rests on (JSON evidence for the result manifest)."""

    verdict: str
    worker_passed: bool  # the worker against the second checker
    checkers_agree: bool
    worker_vs_second: dict[str, Any]
    first_vs_second: dict[str, Any]

    def evidence(self) -> dict[str, Any]:
        return {
            "passed": self.worker_passed,
            "verdict": self.verdict,
            "checkers_agree": self.checkers_agree,
            "worker_vs_second": self.worker_vs_second,
            "first_vs_second": self.first_vs_second,
        }


# --------------------------------------------------------------------------- render


def compare_references(
    first: Sequence[tuple[Crop, np.ndarray, np.ndarray]],
    second: Sequence[tuple[Crop, np.ndarray, np.ndarray]],
    submitted_crops: Sequence[np.ndarray] | None,
    policy: RenderPolicy,
    salt: int = 0,
) -> ReferenceVerdict:
    """Are the first checker's crops honest renders, judged against the second checker's (module docstring)?

    ``first`` and ``second`` pair each crop with the checker's two renders, in the same crop order;
    ``submitted_crops`` are the worker's pixels cut to the same crops (None: the worker's tile has the
    wrong shape, and the tests against its pixels are left out). Raises ``BadReference`` when the second
    checker's crops are malformed (``check_crops`` would have too).
    """
    firsts = [(_as_hwc(np.asarray(a)), _as_hwc(np.asarray(b))) for _, a, b in first]
    seconds = [(_as_hwc(np.asarray(a)), _as_hwc(np.asarray(b))) for _, a, b in second]
    for (crop, _, _), (a, b) in zip(second, seconds):
        _check_reference(crop, a)
        _check_reference(crop, b)
    for (crop, _, _), (a, b), (a2, _) in zip(first, firsts, seconds):
        if a.shape != a2.shape or b.shape != a2.shape or a.dtype != a2.dtype or b.dtype != a2.dtype:
            return ReferenceVerdict(
                False, 0.0, f"the first checker's crop at x {crop.min_x}, y {crop.min_y} is {a.shape} {a.dtype}, "
                f"the second's {a2.shape} {a2.dtype}"
            )  # fmt: skip
    rank = [
        *rank_tests([(a1, a2, b2) for (a1, _), (a2, b2) in zip(firsts, seconds)], salt=salt * 2 + 1),
        *rank_tests([(b1, a2, b2) for (_, b1), (a2, b2) in zip(firsts, seconds)], salt=salt * 2 + 2),
    ]
    signs = distance_sign_tests(
        "first pair's spread |A1 − B1| against the second's |A2 − B2|",
        [(a1, b1, a2, b2) for (a1, b1), (a2, b2) in zip(firsts, seconds)],
    )
    if submitted_crops is not None:
        signs += distance_sign_tests(
            "first checker's A1 against the second's A2, distance to the submitted pixels",
            [(a1, w, a2, w) for (a1, _), (a2, _), w in zip(firsts, seconds, submitted_crops)],
        )
        signs += distance_sign_tests(
            "first checker's B1 against the second's B2, distance to the submitted pixels",
            [(b1, w, b2, w) for (_, b1), (_, b2), w in zip(firsts, seconds, submitted_crops)],
        )
    count = len(rank) * SIDES + len(signs) * SIGN_SIDES
    if not count:
        return ReferenceVerdict(True, 1.0, "", rank, signs)
    tests: list[RankTest | SignTest] = [*rank, *signs]
    worst = min(tests, key=lambda t: t.p_min)
    p = min(1.0, worst.p_min * count)
    if p <= policy.max_false_rejection:
        what = f"the first checker's crop as a render: {worst.describe()}" if isinstance(worst, RankTest) else (
            worst.describe()
        )  # fmt: skip
        reason = (
            f"the first checker's crops are not honest renders next to the second checker's: {what}; over "
            f"{count} one-sided tests p ≤ {p:.2g}, at most {policy.max_false_rejection:g} for honest checkers"
        )
        return ReferenceVerdict(False, p, reason, rank, signs)
    return ReferenceVerdict(True, p, "", rank, signs)


def confirm_render(
    submitted: np.ndarray,
    tile: Mapping[str, int],
    first: Sequence[tuple[Crop, np.ndarray, np.ndarray]],
    second: Sequence[tuple[Crop, np.ndarray, np.ndarray]],
    policy: RenderPolicy,
    salt: int = 0,
) -> Confirmation:
    """Judge a failed render check with a second checker's crops (same boxes, other seeds).

    ``salt`` fixes the tie-breaking coins (the second checker's first seed). Raises ``BadReference`` when
    the second checker's crops are unusable: get another second checker, judge no one.
    """
    worker: CropVerdict = check_crops(submitted, tile, second, policy, salt=salt)
    image = _as_hwc(np.asarray(submitted))
    expected = (tile["max_y"] - tile["min_y"], tile["max_x"] - tile["min_x"])
    regions = [image[crop_slices(crop, tile)] for crop, _, _ in first] if image.shape[:2] == expected else None
    if regions is not None and any(r.shape != np.shape(a) or r.dtype != np.asarray(a).dtype for r, (_, a, _) in
                                   zip(regions, second)):  # fmt: skip
        regions = None
    references = compare_references(first, second, regions, policy, salt=salt)
    verdict = decide(not worker.passed, references.agree)
    evidence = worker.evidence()
    evidence.pop("tests", None)  # (the first check's evidence keeps the full tables; the verdict needs the summary)
    return Confirmation(verdict, worker.passed, references.agree, evidence, references.evidence())


# --------------------------------------------------------------------------- train


def confirm_train(
    segments: Sequence[tuple[bytes | Path, bytes | Path, bytes | Path]],
    tolerance: float,
    *,
    noise_floor: float = 0.0,
    outlier_tolerance: float = float("inf"),
) -> Confirmation:
    """Judge a failed train check with a second checker's replays: per segment ``(submitted, first replay,
    second replay)``. The worker's checkpoint and the first replay are each compared with the second replay
    by the policy's rule. Raises ``BadReference`` when the second replay is unusable."""
    worker: list[CheckpointVerdict] = []
    checkers: list[CheckpointVerdict] = []
    for submitted, first, second in segments:
        worker.append(
            compare_checkpoints(
                submitted, second, tolerance, noise_floor=noise_floor, outlier_tolerance=outlier_tolerance
            )
        )
        checkers.append(
            compare_checkpoints(first, second, tolerance, noise_floor=noise_floor, outlier_tolerance=outlier_tolerance)
        )
    worker_passed = all(v.passed for v in worker)
    agree = all(v.passed for v in checkers)
    return Confirmation(
        decide(not worker_passed, agree),
        worker_passed,
        agree,
        {"method": "train", "passed": worker_passed, "segments": [v.evidence() for v in worker]},
        {"agree": agree, "segments": [v.evidence() for v in checkers]},
    )
