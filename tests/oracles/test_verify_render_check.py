"""Render spot checks: the submitted tile against two re-renders with other seeds (the exact rank test).

A synthetic "path tracer" stands in for Blender here (fast, and exact about
what honest noise is): every render seed adds independent per-pixel noise
to the same smooth image. ``tests/oracles/test_render_cheats.py`` does the
same with real Blender renders and every cheat of ``tests/support/render_cheats``.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from eth_utils import keccak
from PIL import Image

from oracles.verify import BadReference, UnsupportedImage, check_crops, load_image, rank_counts, rank_test
from oracles.verify.rank_test import family_p_value, rank_tests
from protocol.digests import crop_slices
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import Crop, render_check
from protocol.jobspec.slicing import Task

FRAME_W, FRAME_H = 128, 96
# The top-right tile of a 2 × 2 split: x 64..128, y 48..96 from the bottom, i.e. the *top* rows of the frame.
TILE = {"x": 1, "y": 1, "min_x": 64, "max_x": 128, "min_y": 48, "max_y": 96}
TASK = Task(
    index=3,
    kind="render",
    params={"frames": [1, 2], "tile": TILE},
    outputs=("frame_0000001_tile_01_01.png", "frame_0000002_tile_01_01.png"),
)
POLICY = RenderPolicy(crops=4, crop_size_bps=5_000)  # 4 crops of 32×24 in the 64×48 tile: 3,072 px
SEED = keccak(b"later block")


def scene(variant: int = 0) -> np.ndarray:
    """The noise-free image, float RGBA in 0..255, row 0 at the top: gradients, a disc, a box, fine texture."""
    y_from_bottom = np.arange(FRAME_H - 1, -1, -1)[:, None] * np.ones((1, FRAME_W))
    x = np.ones((FRAME_H, 1)) * np.arange(FRAME_W)[None, :]
    blue = 40 + x * 0.6 + 30 * np.sin(x * 0.9 + variant) * np.cos(y_from_bottom * 0.7)
    blue += 80 * (((x - 90) ** 2 + (y_from_bottom - 70) ** 2) < 15**2)  # a disc inside the tile
    blue += 60 * ((x > 100) & (x < 120) & (y_from_bottom > 50) & (y_from_bottom < 60))  # a box
    return np.stack([20 + x * 1.5, 20 + y_from_bottom * 2, blue, np.full_like(x, 255)], axis=-1)


def render(samples: int = 64, seed: int = 0, variant: int = 0) -> np.ndarray:
    """A full frame as a path tracer with ``samples`` per pixel would give it: noise σ = 40/√samples, uint8."""
    pixels = scene(variant)
    rng = np.random.default_rng([seed, samples, variant])
    pixels[..., :3] += rng.normal(0.0, 40.0 / np.sqrt(samples), pixels[..., :3].shape)
    return np.clip(np.round(pixels), 0, 255).astype(np.uint8)


def tile_of(frame: np.ndarray, tile: dict[str, int] = TILE) -> np.ndarray:
    """The tile's image as the render runtime writes it (rows from the top of the tile)."""
    return frame[FRAME_H - tile["max_y"] : FRAME_H - tile["min_y"], tile["min_x"] : tile["max_x"]].copy()


def rerender(frame: np.ndarray, crop: Crop) -> np.ndarray:
    """What a checker re-rendering ``crop`` (Blender border, y from the bottom) returns."""
    return frame[FRAME_H - crop.max_y : FRAME_H - crop.min_y, crop.min_x : crop.max_x].copy()


def crops_for(a: np.ndarray, b: np.ndarray, policy: RenderPolicy = POLICY, seed: bytes = SEED) -> list:
    check = render_check(seed, TASK, policy)
    return [(crop, rerender(a, crop), rerender(b, crop)) for crop in check.crops]


def checked(submitted_frame: np.ndarray, n: int = 0, policy: RenderPolicy = POLICY):
    """Check the tile of ``submitted_frame`` against two honest renders with seeds other than the worker's."""
    refs = crops_for(render(seed=100 + 2 * n), render(seed=101 + 2 * n), policy, keccak(n.to_bytes(4, "big")))
    return check_crops(tile_of(submitted_frame), TILE, refs, policy, salt=n)


def png_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- the rank test itself


def test_rank_counts__hand_made_triplets__medians_outliers_and_ties():
    w = np.array([5, 1, 9, 3, 7, 4, 4])
    a = np.array([1, 5, 5, 3, 7, 4, 4])
    b = np.array([9, 9, 6, 3, 8, 8, 4])
    # 5 in (1, 9): median; 1 in (5, 9): low extreme, gap 4 = 4 (coin); 9 in (5, 6): outlier;
    # 3,3,3: no information; 7,7,8: w in the pair (coin for median); 4,4,8 same; 4,4,4: no information
    counts = rank_counts(w, a, b, salt=0)
    assert counts.n == 5
    coins_median = counts.medians - 1
    assert 0 <= coins_median <= 2 and 1 <= counts.outliers <= 2


def test_rank_counts__w_equals_the_odd_one__counts_as_outlier():
    counts = rank_counts(np.array([9, 9, 9]), np.array([1, 2, 3]), np.array([1, 2, 3]))
    assert counts == type(counts)(n=3, medians=0, outliers=3)


@pytest.mark.parametrize("levels", [3, 12, 1000])
def test_rank_test__exchangeable_values__each_p_value_is_exact(levels, monkeypatch):
    """Under exchangeability the counts are Binomial (1/3, and 1/2 for lows): P(p ≤ 0.05) ≤ 0.05, ties included."""
    monkeypatch.setattr(rank_test, "DISPERSION", 1.0)
    rates = _null_rates(levels)
    for rate in rates.values():
        assert 0.02 <= rate <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / 1_500), rates


def test_rank_test__widened_spread__p_values_conservative(monkeypatch):
    widened = _null_rates(12)
    monkeypatch.setattr(rank_test, "DISPERSION", 1.0)
    exact = _null_rates(12)
    assert all(widened[side] <= exact[side] for side in exact) and sum(widened.values()) < sum(exact.values())


def _null_rates(levels: int) -> dict[str, float]:
    rng = np.random.default_rng(levels)
    p_values: dict[str, list[float]] = {"smooth": [], "far": [], "dark": [], "bright": []}
    for t in range(1_500):
        w, a, b = rng.integers(0, levels, (3, 400))
        for side, p in rank_counts(w, a, b, salt=t).p_values().items():
            p_values[side].append(p)
    return {side: float((np.array(ps) <= 0.05).mean()) for side, ps in p_values.items()}


@pytest.mark.parametrize(("k", "n", "chance"), [(5, 5, 0.5), (1, 3, 1 / 3), (140, 300, 1 / 3), (0, 10, 0.5)])
def test_upper_tail__no_widening__the_binomial_tail(k, n, chance, monkeypatch):
    from scipy.stats import binom

    monkeypatch.setattr(rank_test, "DISPERSION", 1.0)
    assert rank_test._upper_tail(k, n, chance) == pytest.approx(binom.sf(k - 1, n, chance), rel=1e-9)


def test_rank_test__honest_noisy_renders__family_false_rejections_within_alpha():
    rejections = sum(family_p_value(rank_tests([_triplet(t)], salt=t)) <= 0.01 for t in range(600))
    assert rejections <= 6 + 3 * np.sqrt(6)  # at most 1 % by Bonferroni (plus sampling noise)


def _triplet(t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    region = Crop(70, 102, 50, 74)
    return tuple(rerender(render(samples=16, seed=3 * t + k), region) for k in range(3))


def test_family_p_value__no_tests__one():
    assert family_p_value([]) == 1.0


# --------------------------------------------------------------------------- honest renders pass


@pytest.mark.parametrize("samples", [1, 16, 256])
def test_check_crops__honest_render_other_seed__passes(samples):
    for n in range(5):
        refs = crops_for(render(samples, seed=10 + n), render(samples, seed=20 + n))
        verdict = check_crops(tile_of(render(samples, seed=n)), TILE, refs, POLICY, salt=n)
        assert verdict.passed, verdict.reason
        assert verdict.p_value > POLICY.max_false_rejection


def test_check_crops__flat_region_all_three_equal__passes_with_no_evidence():
    flat = np.full((FRAME_H, FRAME_W, 4), 128, dtype=np.uint8)
    refs = [(crop, rerender(flat, crop), rerender(flat, crop)) for crop in render_check(SEED, TASK, POLICY).crops]
    verdict = check_crops(tile_of(flat), TILE, refs, POLICY)
    assert verdict.passed and verdict.tests == [] and verdict.p_value == 1.0


def test_check_crops__float_exr_pixels_with_nan_and_inf__compared():
    def as_float(frame: np.ndarray) -> np.ndarray:
        pixels = frame.astype(np.float32) / 255
        pixels[0, 0, 0], pixels[1, 1, 1] = np.nan, np.inf  # the same NaN and inf in every render
        return pixels

    frames = [as_float(render(16, seed=s)) for s in (0, 1, 2)]
    refs = crops_for(frames[1], frames[2])
    assert check_crops(tile_of(frames[0]), TILE, refs, POLICY).passed
    assert not check_crops(tile_of(as_float(render(1, seed=0))), TILE, refs, POLICY).passed


# --------------------------------------------------------------------------- cheats fail


def _downscaled(frame: np.ndarray) -> np.ndarray:
    small = Image.fromarray(frame).resize((FRAME_W // 2, FRAME_H // 2), Image.Resampling.BILINEAR)
    return np.asarray(small.resize((FRAME_W, FRAME_H), Image.Resampling.BILINEAR)).copy()


def _jpeg(frame: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(frame[..., :3]).save(buffer, "JPEG", quality=quality)
    return np.concatenate([np.asarray(Image.open(buffer).convert("RGB")), frame[..., 3:]], axis=-1)


def _smoothed(frame: np.ndarray) -> np.ndarray:
    """What a denoiser does to a low-sample render: the noise averaged away (here: the noise-free image)."""
    return np.clip(np.round(scene()), 0, 255).astype(np.uint8)


CHEATS = {
    "quarter samples": lambda: render(16, seed=0),
    "wrong frame": lambda: render(64, seed=0, variant=1),
    "downscaled": lambda: _downscaled(render(64, seed=0)),
    "jpeg 95": lambda: _jpeg(render(64, seed=0), 95),
    "denoised": lambda: _smoothed(render(8, seed=0)),
    "copied tile": lambda: np.roll(render(64, seed=0), FRAME_W // 2, axis=1),
}


@pytest.mark.parametrize("kind", CHEATS)
def test_check_crops__cheat__fails_with_the_direction_in_the_reason(kind):
    verdict = checked(CHEATS[kind]())
    assert not verdict.passed
    assert verdict.p_value <= POLICY.max_false_rejection
    direction = "too smooth" if kind in ("denoised", "downscaled", "jpeg 95") else "too different"
    assert direction in verdict.reason, verdict.reason


def test_check_crops__stricter_policy__needs_more_evidence():
    slightly = render(40, seed=0)  # 40 of 64 samples: a small cut
    loose = checked(slightly, policy=RenderPolicy(crops=4, crop_size_bps=5_000, max_false_rejection=0.005))
    strict = checked(slightly, policy=RenderPolicy(crops=4, crop_size_bps=5_000, max_false_rejection=1e-12))
    assert loose.p_value == strict.p_value
    assert not loose.passed and strict.passed


# --------------------------------------------------------------------------- shapes, references, evidence


def test_render_check_crops__tile_off_origin__cut_the_pixels_at_their_coordinates():
    frame = np.zeros((FRAME_H, FRAME_W, 4), dtype=np.uint8)
    frame[..., 0] = np.arange(FRAME_W)[None, :]
    frame[..., 1] = np.arange(FRAME_H - 1, -1, -1)[:, None]
    submitted = tile_of(frame)
    for crop in render_check(SEED, TASK, RenderPolicy(crops=5, crop_size_bps=3_000)).crops:
        region = submitted[crop_slices(crop, TILE)]
        assert region.shape[:2] == (crop.max_y - crop.min_y, crop.max_x - crop.min_x)
        assert (region[..., 0] == np.arange(crop.min_x, crop.max_x)[None, :]).all()
        assert (region[..., 1] == np.arange(crop.max_y - 1, crop.min_y - 1, -1)[:, None]).all()


def test_check_crops__submitted_wrong_size__fails_with_reason():
    refs = crops_for(render(seed=1), render(seed=2))
    verdict = check_crops(render(seed=0), TILE, refs, POLICY)  # the whole frame, not the tile
    assert not verdict.passed
    assert "128×96" in verdict.reason and "64×48" in verdict.reason


def test_check_crops__channel_mismatch__fails_with_reason():
    refs = crops_for(render(seed=1), render(seed=2))
    verdict = check_crops(tile_of(render(seed=0))[..., :3], TILE, refs, POLICY)
    assert not verdict.passed and "shape" in verdict.reason


def test_check_crops__dtype_mismatch__fails_with_reason():
    refs = crops_for(render(seed=1), render(seed=2))
    verdict = check_crops(tile_of(render(seed=0)).astype(np.float32) / 255, TILE, refs, POLICY)
    assert not verdict.passed and "float32" in verdict.reason


def test_check_crops__reference_wrong_size__bad_reference():
    frame = render(seed=1)
    crop = Crop(70, 80, 60, 70)
    with pytest.raises(BadReference, match="re-rendered crop"):
        check_crops(
            tile_of(frame), TILE, [(crop, rerender(frame, Crop(70, 80, 60, 69)), rerender(frame, crop))], POLICY
        )


def test_check_crops__both_references_identical__bad_reference_not_a_failed_worker():
    same = render(seed=1)
    with pytest.raises(BadReference, match="bit-identical"):
        check_crops(tile_of(render(seed=0)), TILE, crops_for(same, same), POLICY)


def test_check_crops__references_of_different_dtypes__bad_reference():
    a, b = render(seed=1), render(seed=2)
    refs = [(crop, x, y.astype(np.uint16)) for crop, x, y in crops_for(a, b)]
    with pytest.raises(BadReference, match="differ"):
        check_crops(tile_of(render(seed=0)), TILE, refs, POLICY)


def test_check_crops__no_crops__fails():
    verdict = check_crops(tile_of(render()), TILE, [], POLICY)
    assert not verdict.passed and verdict.reason == "no crops to compare"


def test_evidence__json_with_counts_and_p_values():
    verdict = checked(render(seed=0))
    record = json.loads(json.dumps(verdict.evidence(), allow_nan=False))
    assert record["method"] == "render" and record["passed"] is True
    assert record["max_false_rejection"] == 1e-3 and record["p_value"] > 1e-3
    assert record["pixels_compared"] > 3_000 * 0.9  # 4 crops of 32×24, nearly all informative
    assert len(record["crops"]) == 4 and record["crops"][0].keys() == {"min_x", "max_x", "min_y", "max_y"}
    test = record["tests"][0]
    assert test.keys() == {
        "value",
        "scale",
        "n",
        "medians",
        "outliers",
        "extremes",
        "lows",
        "p_smooth",
        "p_far",
        "p_dark",
        "p_bright",
    }
    assert {(t["value"], t["scale"]) for t in record["tests"]} >= {("R+G+B", 1), ("R-G", 2), ("B-G", 4)}


# --------------------------------------------------------------------------- decoding


def test_load_image__png_round_trip__same_pixels_and_passes(tmp_path):
    frame = render(seed=0)
    data = png_bytes(tile_of(frame))
    decoded = load_image(data)
    assert decoded.dtype == np.uint8 and np.array_equal(decoded, tile_of(frame))
    path = tmp_path / "frame_0000001_tile_01_01.png"
    path.write_bytes(data)
    crops = [
        (crop, load_image(png_bytes(a)), load_image(png_bytes(b)))
        for crop, a, b in crops_for(render(seed=1), render(seed=2))
    ]
    assert check_crops(load_image(path), TILE, crops, POLICY).passed
    assert check_crops(load_image(str(path)), TILE, crops, POLICY).passed


def test_load_image__grey_and_rgb_png__height_width_channels():
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert load_image(png_bytes(grey)).shape == (3, 4, 1)
    assert load_image(png_bytes(np.zeros((3, 4, 3), dtype=np.uint8))).shape == (3, 4, 3)


def test_load_image__npy_float_array__loaded_without_pickle():
    pixels = np.random.default_rng(1).random((4, 5, 4), dtype=np.float32)
    buffer = io.BytesIO()
    np.save(buffer, pixels)
    assert np.array_equal(load_image(buffer.getvalue()), pixels)
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="pickle"):
        load_image(pickled.getvalue())


def test_load_image__exr__clear_error_naming_the_format():
    with pytest.raises(UnsupportedImage, match="OpenEXR"):
        load_image(b"\x76\x2f\x31\x01" + b"\x00" * 64)


def test_load_image__not_an_image__unsupported():
    jpeg = io.BytesIO()
    Image.fromarray(np.zeros((4, 4, 3), dtype=np.uint8)).save(jpeg, format="JPEG")
    with pytest.raises(UnsupportedImage, match="PNG"):
        load_image(jpeg.getvalue())
