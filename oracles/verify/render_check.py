"""Render spot checks: is each submitted tile a third honest render of the checked crops?

Renders of one scene differ across GPUs, drivers and CPUs by path-tracing
noise, so a fixed PSNR/SSIM threshold either rejects honest workers on other
hardware or passes cheaters (measured in ``benchmarks/verification.py``).
Instead, another worker re-renders a few crops of the checked frame twice,
with two seeds the worker did not use (``protocol.jobspec.seeds.render_check``
chooses the frame, the crops — one per cell of a grid over the tile — and
the seeds), and ``oracles.verify.rank_test`` asks whether the submitted
pixels behave like a third independent render: an exact rank test whose
chance of rejecting an honest render is at most the policy's
``max_false_rejection``, whatever the scene, sample count or hardware.

Conventions:

- images are height × width × channels numpy arrays, row 0 at the *top*
  (as Pillow decodes PNG and the render runtime decodes EXR); crops and tiles
  are Blender border boxes with ``y`` from the *bottom*, mapped to rows by
  ``protocol.digests.crop_slices``;
- integer images (PNG) are compared as exact integers, float ones (EXR) as
  float64 with NaN → 0 and ±inf → ±1e30 (the same map for all three renders);
- crops where all three renders agree on every pixel carry no evidence and
  pass (a flat region cannot tell renders apart; it also cannot hide a cheat);
- the submitted tile having the wrong size, or a channel count or dtype that
  differs from the re-rendered crops, fails the check with a reason. A
  re-rendered crop whose height × width is not its crop box's, two
  re-renders that differ in shape or dtype, or two re-renders that are
  bit-identical (the checker did not use the two seeds) are the checker's
  fault, not the worker's: they raise ``BadReference``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oracles.verify.errors import BadReference
from oracles.verify.rank_test import SIDES, RankTest, family_p_value, rank_tests
from protocol.digests import crop_slices
from protocol.errors import GPUHiveError
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import Crop

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_EXR_MAGIC = b"\x76\x2f\x31\x01"
_NPY_MAGIC = b"\x93NUMPY"


class UnsupportedImage(GPUHiveError, ValueError):
    """The file is not an image format this verifier decodes (PNG, or a ``.npy`` array)."""


@dataclass(frozen=True)
class CropVerdict:
    """Outcome of a render spot check: the rank tests pooled over the crops, and the family p-value."""

    passed: bool
    reason: str
    crops: list[Crop]
    tests: list[RankTest]
    p_value: float
    max_false_rejection: float

    def evidence(self) -> dict[str, Any]:
        """JSON-serialisable record for the result manifest."""
        return {
            "method": "render",
            "passed": self.passed,
            "reason": self.reason,
            "p_value": self.p_value,
            "max_false_rejection": self.max_false_rejection,
            "pixels_compared": max((t.counts.n for t in self.tests if t.scale == 1), default=0),
            "crops": [{"min_x": c.min_x, "max_x": c.max_x, "min_y": c.min_y, "max_y": c.max_y} for c in self.crops],
            "tests": [t.evidence() for t in self.tests],
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
    crops: Sequence[tuple[Crop, np.ndarray, np.ndarray]],
    policy: RenderPolicy,
    salt: int = 0,
) -> CropVerdict:
    """Test whether ``submitted`` (the checked frame's tile image) is a third honest render of the crops.

    ``crops`` pairs each ``Crop`` with the two re-renders a checker made of
    it (with the check's two seeds); ``salt`` fixes the tie-breaking coins
    (the check's first seed: every oracle then reaches the same verdict).
    Raises ``BadReference`` when the re-renders are unusable (see the module
    docstring) and ``ValueError`` if a crop is not inside the tile (crops
    from ``render_check`` always are).
    """
    submitted = _as_hwc(np.asarray(submitted))
    boxes = [crop for crop, _, _ in crops]

    def verdict(passed: bool, reason: str, tests: list[RankTest] | None = None, p: float = 1.0) -> CropVerdict:
        return CropVerdict(passed, reason, boxes, tests or [], p, policy.max_false_rejection)

    references = [(crop, _as_hwc(np.asarray(a)), _as_hwc(np.asarray(b))) for crop, a, b in crops]
    for crop, a, b in references:
        _check_reference(crop, a)
        _check_reference(crop, b)
        if a.shape != b.shape or a.dtype != b.dtype:
            raise BadReference(
                f"the two re-renders of crop {_box(crop)} differ: {a.shape} {a.dtype}, {b.shape} {b.dtype}"
            )
    if not references:
        return verdict(False, "no crops to compare")
    if all(np.array_equal(a, b) for _, a, b in references) and any(a.min() != a.max() for _, a, _ in references):
        raise BadReference("the two re-renders are bit-identical: the checker did not render with the two seeds")
    expected = (tile["max_y"] - tile["min_y"], tile["max_x"] - tile["min_x"])
    if submitted.shape[:2] != expected:
        return verdict(False, f"submitted image is {_hw(submitted.shape)} px but the tile is {_hw(expected)} px")
    triplets = []
    for crop, a, b in references:
        region = submitted[crop_slices(crop, tile)]
        if region.shape != a.shape:
            return verdict(False, f"crop {_box(crop)}: submitted has shape {region.shape}, re-render {a.shape}")
        if region.dtype != a.dtype:
            return verdict(False, f"crop {_box(crop)}: submitted is {region.dtype}, re-render {a.dtype}")
        triplets.append((region, a, b))
    _data_kind(references[0][1].dtype)
    tests = rank_tests(triplets, salt=salt)
    p = family_p_value(tests)
    if p <= policy.max_false_rejection:
        worst = min(tests, key=lambda t: t.p_min)
        return verdict(
            False,
            f"{worst.describe()}; over {SIDES * len(tests)} one-sided tests p ≤ {p:.2g}, "
            f"at most {policy.max_false_rejection:g} for an honest render",
            tests,
            p,
        )
    return verdict(True, "", tests, p)


def _hw(shape: tuple[int, ...]) -> str:
    return f"{shape[1]}×{shape[0]}"


def _check_reference(crop: Crop, reference: np.ndarray) -> None:
    box = (crop.max_y - crop.min_y, crop.max_x - crop.min_x)
    shape = np.shape(reference)
    if len(shape) not in (2, 3) or shape[:2] != box:
        raise BadReference(f"re-rendered crop {crop} has shape {shape}, expected {box[0]} rows × {box[1]} columns")


def _box(crop: Crop) -> str:
    return f"x {crop.min_x}..{crop.max_x}, y {crop.min_y}..{crop.max_y}"


def _data_kind(dtype: np.dtype) -> None:
    if not (np.issubdtype(dtype, np.integer) or np.issubdtype(dtype, np.floating)):
        raise UnsupportedImage(f"cannot compare images of dtype {dtype}")
