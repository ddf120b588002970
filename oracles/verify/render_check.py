"""Render spot checks: compare crops of a submitted tile with crops re-rendered elsewhere.

Renders of one scene differ slightly across GPUs and drivers, so the oracle
cannot compare digests; as Golem's Brass verifier did, another worker
re-renders a few small crops of the checked frame (chosen by
``protocol.jobspec.seeds.render_check``) and each crop is compared with the
same pixels of the submitted tile by PSNR and SSIM (scikit-image).

Conventions:

- images are height × width × channels numpy arrays, row 0 at the *top*
  (as Pillow decodes PNG and the render runtime decodes EXR); crops and tiles
  are Blender border boxes with ``y`` from the *bottom*, mapped to rows by
  ``protocol.digests.crop_slices``;
- data range by dtype: integers use their full range (255 for uint8, 65535
  for uint16); floats (EXR) are compared on ``[0, 1]``: values are clamped to
  it, NaN counts as 0 and +inf as 1, so HDR highlights above 1 are not
  compared;
- SSIM uses the largest odd window ≤ 7 that fits the crop's shorter side; a
  crop with a side shorter than 3 px has no SSIM (``ssim`` is None) and is
  judged by PSNR alone;
- identical crops have infinite PSNR and pass; ``evidence()`` writes that
  PSNR as the string ``"inf"`` (JSON has no infinity);
- the submitted tile having the wrong size, or a channel count or dtype that
  differs from the re-rendered crop, fails the check with a reason. A
  re-rendered crop whose height × width is not its crop box's is the
  checker's fault, not the worker's: that raises ``BadReference``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oracles.verify.errors import BadReference
from oracles.verify.evidence import json_float
from protocol.digests import crop_slices
from protocol.errors import GPUHiveError
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import Crop

#: Largest SSIM window (scikit-image's default), and the smallest usable one.
SSIM_MAX_WIN = 7
SSIM_MIN_WIN = 3

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_EXR_MAGIC = b"\x76\x2f\x31\x01"
_NPY_MAGIC = b"\x93NUMPY"


class UnsupportedImage(GPUHiveError, ValueError):
    """The file is not an image format this verifier decodes (PNG, or a ``.npy`` array)."""


@dataclass(frozen=True)
class CropScore:
    """How one crop compared; ``psnr_db``/``ssim`` are None when they could not be computed."""

    crop: Crop
    psnr_db: float | None
    ssim: float | None
    passed: bool
    reason: str = ""

    def evidence(self) -> dict[str, Any]:
        """JSON-serialisable form; an infinite PSNR is the string ``"inf"``."""
        return {
            "crop": {
                "min_x": self.crop.min_x,
                "max_x": self.crop.max_x,
                "min_y": self.crop.min_y,
                "max_y": self.crop.max_y,
            },
            "psnr_db": json_float(self.psnr_db),
            "ssim": self.ssim,
            "passed": self.passed,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CropVerdict:
    """Outcome of a render spot check: passed only if every crop passed."""

    passed: bool
    crops: list[CropScore]
    reason: str
    psnr_min_db: float
    ssim_min: float

    def evidence(self) -> dict[str, Any]:
        """JSON-serialisable record for the result manifest (see ``CropScore.evidence``)."""
        return {
            "method": "render",
            "passed": self.passed,
            "reason": self.reason,
            "psnr_min_db": self.psnr_min_db,
            "ssim_min": self.ssim_min,
            "crops": [score.evidence() for score in self.crops],
        }


# --------------------------------------------------------------------------- decoding


def load_image(source: str | Path | bytes) -> np.ndarray:
    """Decode a PNG (with Pillow) or a ``.npy`` array into height × width × channels, row 0 at the top.

    ``.npy`` is how the render runtime hands over EXR pixels (decoded by
    Blender, float32 RGBA); it is loaded without pickle. An EXR file itself
    raises ``UnsupportedImage``: no installed library decodes it here.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data.startswith(_NPY_MAGIC):
        return _as_hwc(np.load(io.BytesIO(data), allow_pickle=False))
    if data.startswith(_EXR_MAGIC):
        raise UnsupportedImage(
            "OpenEXR images cannot be decoded by the verifier: decode them with the render "
            "runtime (Blender) to a .npy array first"
        )
    if not data.startswith(_PNG_MAGIC):
        raise UnsupportedImage("not a PNG image or a .npy array")
    return _decode_png(data)


def _decode_png(data: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
        if image.mode == "P":
            return _as_hwc(np.asarray(image.convert("RGBA")))
        if image.mode == "1":
            return _as_hwc(np.asarray(image.convert("L")))
        return _as_hwc(np.asarray(image))


def _as_hwc(array: np.ndarray) -> np.ndarray:
    if array.ndim == 2:
        array = array[:, :, np.newaxis]
    if array.ndim != 3:
        raise UnsupportedImage(f"expected an image array of height × width × channels, got shape {array.shape}")
    return array


# --------------------------------------------------------------------------- comparison


def check_crops(
    submitted: np.ndarray,
    tile: Mapping[str, int],
    crops: Sequence[tuple[Crop, np.ndarray]],
    policy: RenderPolicy,
) -> CropVerdict:
    """Compare each re-rendered crop with the same region of the submitted tile image.

    ``submitted`` is the decoded output of the checked frame for ``tile`` (the
    task's ``params["tile"]``); ``crops`` pairs each ``Crop`` with the pixels a
    checker re-rendered for it. Raises ``BadReference`` if a re-rendered crop
    does not have its box's height and width, and ``ValueError`` if a crop is
    not inside the tile (crops from ``render_check`` always are).
    """
    submitted = _as_hwc(np.asarray(submitted))
    for crop, reference in crops:
        _check_reference(crop, reference)

    def verdict(passed: bool, scores: list[CropScore], reason: str) -> CropVerdict:
        return CropVerdict(passed, scores, reason, policy.psnr_min_db, policy.ssim_min)

    if not crops:
        return verdict(False, [], "no crops to compare")
    expected = (tile["max_y"] - tile["min_y"], tile["max_x"] - tile["min_x"])
    if submitted.shape[:2] != expected:
        return verdict(False, [], f"submitted image is {_hw(submitted.shape)} px but the tile is {_hw(expected)} px")
    scores = [_score(crop, submitted[crop_slices(crop, tile)], np.asarray(ref), policy) for crop, ref in crops]
    failed = [score for score in scores if not score.passed]
    if failed:
        return verdict(False, scores, f"{len(failed)} of {len(scores)} crops failed; first: {failed[0].reason}")
    return verdict(True, scores, "")


def _hw(shape: tuple[int, ...]) -> str:
    return f"{shape[1]}×{shape[0]}"


def _check_reference(crop: Crop, reference: np.ndarray) -> None:
    box = (crop.max_y - crop.min_y, crop.max_x - crop.min_x)
    shape = np.shape(reference)
    if len(shape) not in (2, 3) or shape[:2] != box:
        raise BadReference(f"re-rendered crop {crop} has shape {shape}, expected {box[0]} rows × {box[1]} columns")


def _score(crop: Crop, region: np.ndarray, reference: np.ndarray, policy: RenderPolicy) -> CropScore:
    reference = _as_hwc(reference)
    if region.shape != reference.shape:
        return CropScore(
            crop,
            None,
            None,
            False,
            f"crop {_box(crop)}: submitted has shape {region.shape}, re-render {reference.shape}",
        )
    if region.dtype != reference.dtype:
        return CropScore(
            crop, None, None, False, f"crop {_box(crop)}: submitted is {region.dtype}, re-render {reference.dtype}"
        )
    a, b, data_range = _normalised(region), _normalised(reference), _data_range(region.dtype)
    psnr = _psnr(a, b, data_range)
    ssim = _ssim(a, b, data_range)
    problems = []
    if psnr < policy.psnr_min_db:
        problems.append(f"PSNR {psnr:.2f} dB < {policy.psnr_min_db} dB")
    if ssim is not None and ssim < policy.ssim_min:
        problems.append(f"SSIM {ssim:.4f} < {policy.ssim_min}")
    reason = f"crop {_box(crop)}: " + ", ".join(problems) if problems else ""
    return CropScore(crop, psnr, ssim, not problems, reason)


def _box(crop: Crop) -> str:
    return f"x {crop.min_x}..{crop.max_x}, y {crop.min_y}..{crop.max_y}"


def _data_range(dtype: np.dtype) -> float:
    if np.issubdtype(dtype, np.integer):
        return float(np.iinfo(dtype).max)
    if np.issubdtype(dtype, np.floating):
        return 1.0
    raise UnsupportedImage(f"cannot compare images of dtype {dtype}")


def _normalised(pixels: np.ndarray) -> np.ndarray:
    """float64 pixels; floats clamped to [0, 1] (NaN → 0, ±inf → 1/0)."""
    if np.issubdtype(pixels.dtype, np.floating):
        return np.clip(np.nan_to_num(pixels.astype(np.float64), nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
    return pixels.astype(np.float64)


def _psnr(a: np.ndarray, b: np.ndarray, data_range: float) -> float:
    from skimage.metrics import peak_signal_noise_ratio

    if np.array_equal(a, b):
        return math.inf
    return float(peak_signal_noise_ratio(a, b, data_range=data_range))


def ssim_window(height: int, width: int) -> int | None:
    """Largest odd SSIM window ≤ 7 that fits the shorter side, or None below 3 px."""
    side = min(height, width, SSIM_MAX_WIN)
    if side < SSIM_MIN_WIN:
        return None
    return side if side % 2 else side - 1


def _ssim(a: np.ndarray, b: np.ndarray, data_range: float) -> float | None:
    from skimage.metrics import structural_similarity

    win_size = ssim_window(a.shape[0], a.shape[1])
    if win_size is None:
        return None
    return float(structural_similarity(a, b, win_size=win_size, channel_axis=-1, data_range=data_range))
