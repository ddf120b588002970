"""What a spec's verification policy can promise, in words: printed by ``gpuhive job validate``.

For the ``render`` policy the numbers follow from the rank test
(``oracles.verify.rank_test``): an honest render fails a check with chance at
most ``max_false_rejection``; a cheat is caught when it moves the submitted
pixels' ranks among three renders by more than the smallest shift the check
can see, which shrinks with the pixels compared (``smallest_rank_shift``).
Measured detection of each kind of cheat is in
``benchmarks/results/verification.json``.
"""

from __future__ import annotations

from statistics import NormalDist

from protocol.jobspec.canonical import AnySpec
from protocol.jobspec.label import LabelPolicy, LabelSpec
from protocol.jobspec.models import OutputFormat, RenderSpec, TrainSpec
from protocol.jobspec.policies import HashPolicy, RenderPolicy, TrainPolicy
from protocol.jobspec.zk import ZkSpec

#: Mirrors of ``oracles.verify.rank_test`` (protocol cannot import oracles): one-sided tests per check at most
#: (4 views × 3 block sizes × 4 directions) and the widening of every count's spread.
RANK_TESTS = 48
DISPERSION = 1.25
#: Above this many samples an 8-bit PNG rounds much of the honest noise away (fewer pixels carry evidence).
PNG_NOISE_FLOOR_SAMPLES = 1_024


def smallest_rank_shift(pixels: int, max_false_rejection: float, power: float = 0.99) -> float:
    """The smallest change of a rank share (1/3 for an honest render) that a check over ``pixels`` informative
    pixels catches with chance ``power``, by the normal approximation of the widened binomial."""
    if pixels <= 0:
        return 1.0
    z = NormalDist().inv_cdf
    spread = (DISPERSION * (2 / 9) / pixels) ** 0.5
    return (z(1 - max_false_rejection / RANK_TESTS) + z(power)) * spread


def verification_promise(spec: AnySpec) -> str:
    """One paragraph: how the spec's results are checked and what that catches."""
    policy = getattr(spec, "verification", None)
    share = f"{policy.spot_check_bps / 100:g} % of tasks" if policy is not None else ""
    if isinstance(spec, RenderSpec) and isinstance(policy, RenderPolicy):
        crop_w, crop_h = spec.check_crop_box
        shift = smallest_rank_shift(spec.check_pixels, policy.max_false_rejection)
        text = (
            f"render check on {share}: {policy.crops} crops of {crop_w}×{crop_h} px ({spec.check_pixels:,} px) "
            f"re-rendered twice with other seeds at {spec.samples} samples; an honest render fails with chance "
            f"≤ {policy.max_false_rejection:g}; a cheat that changes how often a submitted pixel is the median or the "
            f"outlier of the three by ≥ {100 * shift:.1f} points (33.3 % each for honest work; "
            "4× fewer samples, another frame, a denoised or downscaled render move them further) is caught "
            "with chance ≥ 99 %"
        )
        if spec.output_format == OutputFormat.PNG and spec.samples > PNG_NOISE_FLOOR_SAMPLES:
            text += (
                f"; at {spec.samples} samples 8-bit PNG rounds most honest noise away, so fewer pixels carry "
                "evidence: EXR output keeps it"
            )
        return text
    if isinstance(spec, TrainSpec) and isinstance(policy, TrainPolicy):
        return (
            f"train check on {share}: {policy.replay_segments} checkpoint segment(s) of each checked task "
            f"replayed; passes when the submitted weights are within {policy.tolerance:g} of the segment's move "
            "of the replay (skipped steps, other data, 16-bit training and made-up checkpoints are further off)"
        )
    if isinstance(spec, LabelSpec) and isinstance(policy, LabelPolicy) and spec.free_text:
        return (
            f"transcription check: {spec.replication} labelers per item, aggregated word by word with ROVER; "
            f"{spec.gold.items} hidden gold items; a labeler above {policy.max_gold_wer_bps / 100:g} % word error "
            f"rate on gold is not paid, one at or above {policy.spam_wer_bps / 100:g} % (junk, a constant) is slashed"
        )
    if isinstance(spec, LabelSpec) and isinstance(policy, LabelPolicy):
        return (
            f"label check: {spec.replication} labelers per item, aggregated with Dawid–Skene; {spec.gold.items} "
            f"hidden gold items; a labeler below {policy.min_gold_accuracy_bps / 100:g} % on gold is not paid, "
            "one whose answers do not depend on the item (random, always one class) is slashed"
        )
    if isinstance(spec, ZkSpec):
        return spec.promise()
    if isinstance(policy, HashPolicy):
        extra = f", and {share} run once more" if policy.spot_check_bps else ""
        return f"hash check: {spec.replication} replica(s) per task compared by digest{extra}"
    return "no verification policy"
