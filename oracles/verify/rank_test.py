"""Is the submitted render a third honest render? A rank test on (submitted, reference A, reference B) triplets.

A checker renders the same pixels twice more, with two Cycles seeds the
worker did not use. When the worker was honest, the submitted value ``w``
and the re-rendered ``a`` and ``b`` of one pixel are three independent draws
of the same path-tracing estimator — *exchangeable*, whatever the scene
and the sample count (and, up to rounding, the hardware). Then, for every
pixel whose three values are not all equal:

- ``w`` is the **median** of the three with chance exactly 1/3;
- ``w`` is the **outlier** — the extreme farther from the median (the odd
  one out when two values are equal) — with chance exactly 1/3;
- when the three values are distinct and ``w`` is an extreme, it is the
  **lowest** with chance exactly 1/2.

Ties break by a coin fixed by the pixel's position and a salt (never by the
data): a ``w`` equal to one reference counts as a median with chance 1/2; a
``w`` at the end of two equal gaps counts as the outlier with chance 1/2;
both keep the chances at exactly 1/3. Pixels are independent (Cycles
decorrelates every pixel's samples), so each count is Binomial(n, 1/3) and
its tail is an exact p-value, with no threshold to tune per scene:

- too many medians: ``w`` has less noise than the references (denoised,
  downscaled and upscaled, recompressed, blurred);
- too many outliers: ``w`` has more noise or is different (fewer samples,
  another frame, another tile, added noise);
- too many or too few lows: ``w`` is biased darker or brighter (light
  paths cut short), even where the bias is small next to the noise.

The test runs on several views of the pixels — R+G+B, R−G, B−G (chroma:
JPEG's subsampling shows there), alpha — each at 1×1, 2×2 and 4×4 block
sums (a bias too small for one noisy pixel adds up over a block), in the
four directions. The family's chance of rejecting an honest render is at most
``alpha`` by Bonferroni: the smallest p-value times the number of p-values
is compared with ``alpha``. Real renders are exchangeable only up to small
effects, so every count's spread is widened by ``DISPERSION`` before its
tail is read (measured in ``benchmarks/verification_render.py``: without
it, honest renders at 128 samples failed 3–6 checks in 1,200 at
``alpha`` = 1e-3; with it, none).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Block sides at which the test is run (1 = single pixels).
SCALES = (1, 2, 4)
#: Real renders are exchangeable only up to small effects (measured on Cycles: the counts' variance over
#: crops is 0.9–1.07 × the binomial's, which makes the far tails up to a few times too likely), so every
#: count's spread is taken as this many times the binomial's: the test stays at most its nominal size.
DISPERSION = 1.25

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class RankCounts:
    """Triplets with something to compare (``n``); how often ``w`` was the median and the outlier; and, among
    the ``extremes`` (all three values distinct, ``w`` the lowest or highest), how often it was the lowest."""

    n: int
    medians: int
    outliers: int
    extremes: int = 0
    lows: int = 0

    def p_smooth(self) -> float:
        """P(at least ``medians`` of ``n``) under Binomial(n, 1/3): small when ``w`` is too smooth."""
        return _upper_tail(self.medians, self.n, 1 / 3)

    def p_far(self) -> float:
        """P(at least ``outliers`` of ``n``) under Binomial(n, 1/3): small when ``w`` is too noisy or different."""
        return _upper_tail(self.outliers, self.n, 1 / 3)

    def p_dark(self) -> float:
        """P(at least ``lows`` of ``extremes``) under Binomial(extremes, 1/2): small when ``w`` is biased low."""
        return _upper_tail(self.lows, self.extremes, 1 / 2)

    def p_bright(self) -> float:
        """P(at least ``extremes − lows``) under Binomial(extremes, 1/2): small when ``w`` is biased high."""
        return _upper_tail(self.extremes - self.lows, self.extremes, 1 / 2)

    def p_values(self) -> dict[str, float]:
        """The four one-sided p-values, by the way ``w`` would deviate."""
        return {"smooth": self.p_smooth(), "far": self.p_far(), "dark": self.p_dark(), "bright": self.p_bright()}


#: One-sided p-values per test (``RankCounts.p_values``): the family's Bonferroni factor per test.
SIDES = 4

_DIRECTIONS = {
    "smooth": (
        "too smooth: the submitted value was the median of the three renders {k} times in {n}",
        "less noise than the declared samples give (denoised, downscaled, blurred or recompressed?)",
    ),
    "far": (
        "too different: the submitted value was the outlier of the three renders {k} times in {n}",
        "more noise than the declared samples give, or other content (fewer samples, another frame or tile, "
        "added noise?)",
    ),
    "dark": (
        "biased low: the submitted value was the lowest of three distinct values {k} times in {n}",
        "systematically darker than the re-renders (light paths cut short, another exposure?)",
    ),
    "bright": (
        "biased high: the submitted value was the highest of three distinct values {k} times in {n}",
        "systematically brighter than the re-renders",
    ),
}


@dataclass(frozen=True)
class RankTest:
    """One view (``value``) at one block ``scale``: the counts and the four one-sided p-values."""

    value: str
    scale: int
    counts: RankCounts

    @property
    def p_min(self) -> float:
        return min(self.counts.p_values().values())

    def evidence(self) -> dict[str, Any]:
        c = self.counts
        return {
            "value": self.value,
            "scale": self.scale,
            "n": c.n,
            "medians": c.medians,
            "outliers": c.outliers,
            "extremes": c.extremes,
            "lows": c.lows,
            **{f"p_{side}": p for side, p in c.p_values().items()},
        }

    def describe(self) -> str:
        """Which way the submitted pixels deviate most, in words, with the counts."""
        c = self.counts
        side, p = min(c.p_values().items(), key=lambda item: item[1])
        k, n, chance = {
            "smooth": (c.medians, c.n, 1 / 3),
            "far": (c.outliers, c.n, 1 / 3),
            "dark": (c.lows, c.extremes, 1 / 2),
            "bright": (c.extremes - c.lows, c.extremes, 1 / 2),
        }[side]
        what, why = _DIRECTIONS[side]
        spread = (n * chance * (1 - chance)) ** 0.5
        return (
            f"{what.format(k=k, n=n)} (expected {n * chance:.0f} ± {spread:.0f}) on {self.value} at "
            f"{self.scale}×{self.scale} px, p = {p:.2g} — {why}"
        )


def _upper_tail(k: int, n: int, chance: float) -> float:
    """P(at least ``k`` of ``n``), the count's spread widened by ``DISPERSION`` (see there).

    P(X ≥ k) for X ~ Binomial(n, p) is the regularised incomplete beta I_p(k, n − k + 1), which is
    continuous in k and n; a count whose variance is D × the binomial's is read as n / D trials with its
    deviation from the mean shrunk by D (z falls by √D).
    """
    from scipy.special import betainc

    if n == 0 or k <= 0:
        return 1.0
    trials = n / DISPERSION
    shrunk = trials * chance + (k - n * chance) / DISPERSION
    if shrunk <= 0:
        return 1.0
    if shrunk > trials:
        return 0.0
    return float(betainc(shrunk, trials - shrunk + 1, chance))


def _coins(n: int, salt: int) -> np.ndarray:
    """n fair bits fixed by position and salt (splitmix64 of index ⊕ salt), independent of the pixel values."""
    with np.errstate(over="ignore"):
        z = np.arange(n, dtype=np.uint64) + np.uint64(salt & 0xFFFFFFFFFFFFFFFF) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9) & _MASK64
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB) & _MASK64
        z = z ^ (z >> np.uint64(31))
    return (z & np.uint64(1)).astype(bool)


def rank_counts(w: np.ndarray, a: np.ndarray, b: np.ndarray, salt: int = 0) -> RankCounts:
    """Count, over equal-shaped arrays of values, the triplets where ``w`` is the median and the outlier."""
    w, a, b = (np.ravel(x) for x in (w, a, b))
    lo = np.minimum(np.minimum(w, a), b)
    hi = np.maximum(np.maximum(w, a), b)
    mid = np.maximum(np.minimum(w, a), np.minimum(np.maximum(w, a), b))  # exact for ints and floats
    low_gap, high_gap = mid - lo, hi - mid
    informative = lo != hi
    pair = informative & ((low_gap == 0) | (high_gap == 0))  # two values equal, one odd
    distinct = informative & ~pair
    coin = _coins(w.size, salt)

    w_is_mid = w == mid
    w_low, w_high = distinct & (w == lo), distinct & (w == hi)
    farther = (w_high & (high_gap > low_gap)) | (w_low & (low_gap > high_gap))
    even = distinct & (low_gap == high_gap) & (w_low | w_high) & coin  # equal gaps: either extreme, by coin
    odd_value = np.where(low_gap == 0, hi, lo)
    w_odd = pair & (w == odd_value)

    medians = int(np.count_nonzero(distinct & w_is_mid) + np.count_nonzero(pair & ~w_odd & coin))
    outliers = int(np.count_nonzero(farther) + np.count_nonzero(even) + np.count_nonzero(w_odd))
    extremes = int(np.count_nonzero(w_low) + np.count_nonzero(w_high))
    return RankCounts(int(np.count_nonzero(informative)), medians, outliers, extremes, int(np.count_nonzero(w_low)))


def _views(channels: int) -> list[tuple[str, Callable[[np.ndarray], np.ndarray]]]:
    if channels >= 3:
        views: list[tuple[str, Callable[[np.ndarray], np.ndarray]]] = [
            ("R+G+B", lambda x: x[..., 0] + x[..., 1] + x[..., 2]),
            ("R-G", lambda x: x[..., 0] - x[..., 1]),
            ("B-G", lambda x: x[..., 2] - x[..., 1]),
        ]
        if channels >= 4:
            views.append(("alpha", lambda x: x[..., 3]))
        return views
    return [(f"channel {c}", _channel(c)) for c in range(channels)]


def _channel(c: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: x[..., c]


def _blocks(values: np.ndarray, side: int) -> np.ndarray:
    """Sums over side × side blocks (rows and columns beyond a whole block dropped)."""
    if side == 1:
        return values
    h, w = (values.shape[0] // side) * side, (values.shape[1] // side) * side
    return values[:h, :w].reshape(h // side, side, w // side, side).sum(axis=(1, 3))


def _numeric(pixels: np.ndarray) -> np.ndarray:
    """int64 for integer images; float64 for float ones with NaN → 0 and ±inf → ±1e30 (a fixed map for all three)."""
    if np.issubdtype(pixels.dtype, np.integer):
        return pixels.astype(np.int64)
    return np.nan_to_num(pixels.astype(np.float64), nan=0.0, posinf=1e30, neginf=-1e30)


def rank_tests(
    triplets: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], salt: int = 0, scales: Sequence[int] | None = None
) -> list[RankTest]:
    """The rank test of every view at every scale, pooled over ``triplets`` (one per crop: h × w × c arrays).

    Views or scales where no triplet is informative (flat regions, crops
    smaller than a block) are left out.
    """
    if not triplets:
        return []
    channels = triplets[0][0].shape[-1]
    numeric = [tuple(_numeric(image) for image in crop) for crop in triplets]  # once, not per view and scale
    tests = []
    for v, (name, view) in enumerate(_views(channels)):
        values = [tuple(view(image) for image in crop) for crop in numeric]
        for scale in scales or SCALES:
            w, a, b = (np.concatenate([np.ravel(_blocks(crop[k], scale)) for crop in values]) for k in range(3))
            counts = rank_counts(w, a, b, salt=salt * 131 + v * 8 + scale)
            if counts.n:
                tests.append(RankTest(name, scale, counts))
    return tests


def family_p_value(tests: Sequence[RankTest]) -> float:
    """Bonferroni: the smallest one-sided p-value times the number of p-values (capped at 1)."""
    if not tests:
        return 1.0
    return min(1.0, min(t.p_min for t in tests) * SIDES * len(tests))


# --------------------------------------------------------------------------- distance sign tests


@dataclass(frozen=True)
class SignCounts:
    """Pairs of distances ``(d1, d2)`` that differ (``n``) and how often ``d1`` was the smaller (``closer``)."""

    n: int
    closer: int

    def p_values(self) -> dict[str, float]:
        """Two one-sided p-values under Binomial(n, 1/2): ``closer`` (d1 too often the smaller), ``farther``."""
        return {
            "closer": _upper_tail(self.closer, self.n, 1 / 2),
            "farther": _upper_tail(self.n - self.closer, self.n, 1 / 2),
        }


#: One-sided p-values per sign test (``SignCounts.p_values``).
SIGN_SIDES = 2


@dataclass(frozen=True)
class SignTest:
    """One view at one block scale: is ``|p − q|`` exchangeable with ``|r − s|``? (``distance_sign_tests``)"""

    name: str
    value: str
    scale: int
    counts: SignCounts

    @property
    def p_min(self) -> float:
        return min(self.counts.p_values().values())

    def evidence(self) -> dict[str, Any]:
        c = self.counts
        return {
            "test": self.name,
            "value": self.value,
            "scale": self.scale,
            "n": c.n,
            "closer": c.closer,
            **{f"p_{side}": p for side, p in c.p_values().items()},
        }

    def describe(self) -> str:
        c = self.counts
        side, p = min(self.counts.p_values().items(), key=lambda item: item[1])
        k = c.closer if side == "closer" else c.n - c.closer
        return (
            f"{self.name}: the first distance was the {'smaller' if side == 'closer' else 'larger'} {k} times in "
            f"{c.n} (expected {c.n / 2:.0f} ± {(c.n / 4) ** 0.5:.0f}) on {self.value} at {self.scale}×{self.scale} "
            f"px, p = {p:.2g}"
        )


def distance_sign_tests(
    name: str,
    quads: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    scales: Sequence[int] | None = None,
) -> list[SignTest]:
    """Sign tests of ``|p − q|`` against ``|r − s|``, pooled over ``quads`` (one per crop: h × w × c arrays),
    for every view at every block scale.

    When the two distances are exchangeable (for example ``p`` and ``r`` are two independent honest renders and
    ``q = s`` is any fixed image, or all four are independent honest renders), each of the pixels where they
    differ has the first one smaller with chance exactly 1/2: the count is Binomial(n, 1/2), its spread widened
    by ``DISPERSION`` like the rank test's. Ties carry no evidence and are left out.
    """
    if not quads:
        return []
    channels = quads[0][0].shape[-1]
    numeric = [tuple(_numeric(image) for image in quad) for quad in quads]
    tests = []
    for name_v, view in _views(channels):
        values = [tuple(view(image) for image in quad) for quad in numeric]
        for scale in scales or SCALES:
            p, q, r, s = (np.concatenate([np.ravel(_blocks(quad[k], scale)) for quad in values]) for k in range(4))
            d1, d2 = np.abs(p - q), np.abs(r - s)
            differ = d1 != d2
            counts = SignCounts(int(np.count_nonzero(differ)), int(np.count_nonzero(d1 < d2)))
            if counts.n:
                tests.append(SignTest(name, name_v, scale, counts))
    return tests
