"""Render spot checks: crops of a submitted tile against re-rendered crops (PSNR / SSIM)."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from eth_utils import keccak
from PIL import Image

from oracles.verify import BadReference, UnsupportedImage, check_crops, load_image, ssim_window
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
POLICY = RenderPolicy()  # 30 dB, SSIM 0.95, 3 crops of 10 % of the tile side
SEED = keccak(b"later block")


def render_frame(variant: int = 0) -> np.ndarray:
    """A synthetic full frame, RGBA uint8, row 0 at the top: R = x, G = y from the bottom, B = shapes.

    R and G encode each pixel's Blender coordinates (the frame is 128 × 96), so a
    wrong crop mapping picks visibly wrong values; B has a smooth gradient, a
    few shapes and fine texture, so a shifted region does not look alike.
    """
    y_from_bottom = np.arange(FRAME_H - 1, -1, -1)[:, None] * np.ones((1, FRAME_W))
    x = np.ones((FRAME_H, 1)) * np.arange(FRAME_W)[None, :]
    blue = 40 + x * 0.6 + 30 * np.sin(x * 0.9 + variant) * np.cos(y_from_bottom * 0.7)
    blue += 80 * (((x - 90) ** 2 + (y_from_bottom - 70) ** 2) < 15**2)  # a disc inside the tile
    blue += 60 * ((x > 100) & (x < 120) & (y_from_bottom > 50) & (y_from_bottom < 60))  # a box
    alpha = np.full_like(x, 255)
    pixels = np.stack([x * 2, y_from_bottom * 2, blue, alpha], axis=-1)
    return np.clip(np.round(pixels), 0, 255).astype(np.uint8)


def tile_of(frame: np.ndarray, tile: dict[str, int] = TILE) -> np.ndarray:
    """The tile's image as the render runtime writes it (rows from the top of the tile)."""
    return frame[FRAME_H - tile["max_y"] : FRAME_H - tile["min_y"], tile["min_x"] : tile["max_x"]].copy()


def rerender(frame: np.ndarray, crop: Crop) -> np.ndarray:
    """What a checker re-rendering ``crop`` (Blender border, y from the bottom) returns."""
    return frame[FRAME_H - crop.max_y : FRAME_H - crop.min_y, crop.min_x : crop.max_x].copy()


def crops_for(frame: np.ndarray, policy: RenderPolicy = POLICY) -> list[tuple[Crop, np.ndarray]]:
    check = render_check(SEED, TASK, policy)
    return [(crop, rerender(frame, crop)) for crop in check.crops]


def with_noise(pixels: np.ndarray, sigma: float, seed: int = 7) -> np.ndarray:
    """Cross-hardware-like differences: Gaussian noise on the colour channels, alpha untouched."""
    noisy = pixels.astype(np.float64)
    noisy[..., :3] += np.random.default_rng(seed).normal(0.0, sigma, noisy[..., :3].shape)
    return np.clip(np.round(noisy), 0, 255).astype(np.uint8)


def png_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- crop mapping


def test_render_check_crops__tile_off_origin__cut_the_pixels_at_their_coordinates():
    frame = render_frame()
    submitted = tile_of(frame)
    check = render_check(SEED, TASK, RenderPolicy(crops=5))
    assert check.frame in (1, 2)
    for crop in check.crops:
        region = submitted[crop_slices(crop, TILE)]
        xs = np.arange(crop.min_x, crop.max_x)
        ys_top_down = np.arange(crop.max_y - 1, crop.min_y - 1, -1)
        assert region.shape[:2] == (crop.max_y - crop.min_y, crop.max_x - crop.min_x)
        assert (region[..., 0] == 2 * xs[None, :]).all()
        assert (region[..., 1] == 2 * ys_top_down[:, None]).all()


def test_check_crops__re_rendered_identically__passes_with_infinite_psnr():
    frame = render_frame()
    verdict = check_crops(tile_of(frame), TILE, crops_for(frame), POLICY)
    assert verdict.passed and verdict.reason == ""
    assert len(verdict.crops) == POLICY.crops
    assert all(score.psnr_db == math.inf and score.ssim == pytest.approx(1.0) for score in verdict.crops)


def test_check_crops__submitted_upside_down__fails():
    """A tile stored bottom-up (or a y-from-top mapping) compares the wrong rows."""
    frame = render_frame()
    verdict = check_crops(tile_of(frame)[::-1], TILE, crops_for(frame), POLICY)
    assert not verdict.passed


def test_check_crops__mild_noise__passes_default_thresholds():
    frame = render_frame()
    for seed in range(5):
        submitted = with_noise(tile_of(frame), sigma=1.5, seed=seed)
        verdict = check_crops(submitted, TILE, crops_for(frame), POLICY)
        assert verdict.passed, verdict.reason
        for score in verdict.crops:
            assert 30.0 <= score.psnr_db < math.inf
            assert 0.95 <= score.ssim < 1.0


def test_check_crops__different_image__fails_with_scores():
    frame = render_frame()
    submitted = tile_of(render_frame(variant=2))
    submitted[..., :2] = 0  # and nothing of the real coordinates
    verdict = check_crops(submitted, TILE, crops_for(frame), POLICY)
    assert not verdict.passed
    assert all(not score.passed and score.psnr_db < 30.0 for score in verdict.crops)
    assert "PSNR" in verdict.reason


def test_check_crops__region_blacked_out__that_crop_fails():
    frame = render_frame()
    pairs = crops_for(frame)
    submitted = tile_of(frame)
    blacked = pairs[0][0]
    submitted[crop_slices(blacked, TILE)] = (0, 0, 0, 255)
    verdict = check_crops(submitted, TILE, pairs, POLICY)
    assert not verdict.passed
    by_crop = {score.crop: score for score in verdict.crops}
    assert not by_crop[blacked].passed
    assert by_crop[blacked].psnr_db < 15.0 and by_crop[blacked].ssim < 0.5
    assert "1 of 3" in verdict.reason or all(not s.passed for s in verdict.crops)


def test_check_crops__shifted_by_three_pixels__fails():
    frame = render_frame()
    shifted = np.roll(frame, 3, axis=1)
    verdict = check_crops(tile_of(shifted), TILE, crops_for(frame), POLICY)
    assert not verdict.passed
    assert all(not score.passed for score in verdict.crops)


# --------------------------------------------------------------------------- metrics and edge cases


def test_check_crops__uint8_off_by_one__psnr_uses_255_range():
    frame = render_frame()
    crop = Crop(70, 80, 60, 70)
    reference = rerender(frame, crop)
    submitted = tile_of(frame)
    submitted[crop_slices(crop, TILE)] = np.minimum(reference.astype(np.int16) + 1, 255).astype(np.uint8)
    submitted[crop_slices(crop, TILE)][..., 3] = 254  # alpha is 255: +1 would saturate, so step down
    verdict = check_crops(submitted, TILE, [(crop, reference)], POLICY)
    assert verdict.crops[0].psnr_db == pytest.approx(20 * math.log10(255), abs=1e-6)  # MSE = 1


def test_check_crops__float_exr__range_one_and_clamped():
    reference = np.full((6, 8, 4), 0.5, dtype=np.float32)
    reference[0, 0] = (4.0, 2.0, 1.5, 1.0)  # HDR values above 1 are clamped on both sides
    submitted = np.zeros((48, 64, 4), dtype=np.float32)
    crop = Crop(64, 72, 90, 96)  # the top-left corner of the tile: rows 0..6
    submitted[0:6, 0:8] = reference + np.float32(0.01)
    submitted[0, 0] = (9.0, 3.0, 1.2, 1.0)
    verdict = check_crops(submitted, TILE, [(crop, reference)], POLICY)
    mse = np.mean((np.clip(submitted[0:6, 0:8], 0, 1) - np.clip(reference, 0, 1)) ** 2)
    assert verdict.crops[0].psnr_db == pytest.approx(10 * math.log10(1.0 / mse), rel=1e-4)
    assert verdict.passed


def test_check_crops__float_nan__fails_and_evidence_is_json():
    reference = np.full((6, 8, 4), 0.5, dtype=np.float32)
    submitted = np.full((48, 64, 4), 0.5, dtype=np.float32)
    submitted[0:6, 0:8, 0] = np.nan
    verdict = check_crops(submitted, TILE, [(Crop(64, 72, 90, 96), reference)], POLICY)
    assert not verdict.passed
    json.dumps(verdict.evidence(), allow_nan=False)


def test_check_crops__tiny_crop__psnr_only():
    frame = render_frame()
    crop = Crop(90, 92, 70, 72)  # 2 × 2 px: no SSIM window fits
    same = check_crops(tile_of(frame), TILE, [(crop, rerender(frame, crop))], POLICY)
    assert same.passed and same.crops[0].ssim is None
    black = np.zeros((2, 2, 4), dtype=np.uint8)
    different = check_crops(tile_of(frame), TILE, [(crop, black)], POLICY)
    assert not different.passed and different.crops[0].ssim is None and different.crops[0].psnr_db < 30


@pytest.mark.parametrize(
    ("height", "width", "window"),
    [(5, 7, 5), (8, 8, 7), (100, 6, 5), (4, 10, 3), (3, 3, 3), (2, 10, None), (1, 1, None)],
)
def test_ssim_window__largest_odd_that_fits(height, width, window):
    assert ssim_window(height, width) == window


def test_check_crops__submitted_wrong_size__fails_with_reason():
    frame = render_frame()
    verdict = check_crops(frame, TILE, crops_for(frame), POLICY)  # the whole frame, not the tile
    assert not verdict.passed
    assert "128×96" in verdict.reason and "64×48" in verdict.reason


def test_check_crops__channel_mismatch__fails_with_reason():
    frame = render_frame()
    verdict = check_crops(tile_of(frame)[..., :3], TILE, crops_for(frame), POLICY)
    assert not verdict.passed and "shape" in verdict.reason


def test_check_crops__dtype_mismatch__fails_with_reason():
    frame = render_frame()
    verdict = check_crops(tile_of(frame).astype(np.float32) / 255, TILE, crops_for(frame), POLICY)
    assert not verdict.passed and "float32" in verdict.reason


def test_check_crops__reference_wrong_size__bad_reference():
    frame = render_frame()
    crop = Crop(70, 80, 60, 70)
    with pytest.raises(BadReference, match="re-rendered crop"):
        check_crops(tile_of(frame), TILE, [(crop, rerender(frame, Crop(70, 80, 60, 69)))], POLICY)


def test_check_crops__no_crops__fails():
    verdict = check_crops(tile_of(render_frame()), TILE, [], POLICY)
    assert not verdict.passed and verdict.reason == "no crops to compare"


def test_check_crops__stricter_policy__same_noise_fails():
    frame = render_frame()
    submitted = with_noise(tile_of(frame), sigma=1.5)
    verdict = check_crops(submitted, TILE, crops_for(frame), RenderPolicy(psnr_min_db=60.0))
    assert not verdict.passed and "PSNR" in verdict.reason


def test_evidence__identical__json_with_inf_string():
    frame = render_frame()
    verdict = check_crops(tile_of(frame), TILE, crops_for(frame), POLICY)
    record = json.loads(json.dumps(verdict.evidence(), allow_nan=False))
    assert record["passed"] is True and record["psnr_min_db"] == 30.0 and record["ssim_min"] == 0.95
    assert [c["psnr_db"] for c in record["crops"]] == ["inf"] * 3
    assert record["crops"][0]["crop"].keys() == {"min_x", "max_x", "min_y", "max_y"}


# --------------------------------------------------------------------------- decoding


def test_load_image__png_round_trip__same_pixels_and_passes(tmp_path):
    frame = render_frame()
    data = png_bytes(tile_of(frame))
    decoded = load_image(data)
    assert decoded.dtype == np.uint8 and np.array_equal(decoded, tile_of(frame))
    path = tmp_path / "frame_0000001_tile_01_01.png"
    path.write_bytes(data)
    crops = [(crop, load_image(png_bytes(pixels))) for crop, pixels in crops_for(frame)]
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
