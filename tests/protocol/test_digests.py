"""Result digests (what workers sign) and the crop → array mapping shared by worker and oracle."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from protocol.digests import bytes_digest, crop_slices, image_digest, tensors_digest
from protocol.jobspec.seeds import Crop

TILE = {"min_x": 10, "max_x": 30, "min_y": 40, "max_y": 52}  # 20 × 12 px, not at the origin


def pixels() -> np.ndarray:
    rng = np.random.default_rng(3)
    return rng.integers(0, 256, size=(12, 20, 4), dtype=np.uint8)


def png(array: np.ndarray, *, comment: str | None = None, compress_level: int = 6) -> bytes:
    info = PngInfo()
    if comment is not None:
        info.add_text("Comment", comment)
        info.add_text("Date", comment[::-1])
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", pnginfo=info, compress_level=compress_level)
    return buffer.getvalue()


def decoded(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image)


# --------------------------------------------------------------------------- image_digest


def test_image_digest__same_pixels_other_png_metadata__same_digest():
    first = png(pixels(), comment="rendered 2024-01-01 on gpu0", compress_level=1)
    second = png(pixels(), comment="rendered 2025-06-30 on gpu7", compress_level=9)
    assert first != second  # the files differ ...
    name = "frame_0000001.png"
    assert image_digest([(name, decoded(first))]) == image_digest([(name, decoded(second))])  # ... pixels do not


def test_image_digest__one_pixel_changed__other_digest():
    changed = pixels()
    changed[5, 7, 1] ^= 1
    name = "frame_0000001.png"
    assert image_digest([(name, decoded(png(pixels())))]) != image_digest([(name, decoded(png(changed)))])


def test_image_digest__name_order_dtype_shape__all_matter():
    a, b = pixels(), pixels()[::-1]
    base = image_digest([("a.png", a), ("b.png", b)])
    assert base != image_digest([("b.png", b), ("a.png", a)])
    assert base != image_digest([("a2.png", a), ("b.png", b)])
    assert image_digest([("a", a)]) != image_digest([("a", a.reshape(20, 12, 4))])
    assert image_digest([("a", a.astype(np.float32))]) != image_digest([("a", a.astype(np.float64))])


def test_image_digest__non_contiguous_view__same_as_copy():
    view = pixels()[:, ::2]
    assert image_digest([("a", view)]) == image_digest([("a", view.copy())])


# --------------------------------------------------------------------------- tensors_digest


def test_tensors_digest__independent_of_dict_order():
    w, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.ones(3, dtype=np.float32)
    assert tensors_digest({"model.w": w, "model.b": b}) == tensors_digest({"model.b": b, "model.w": w})


def test_tensors_digest__value_name_or_dtype_change__other_digest():
    w = np.arange(6, dtype=np.float32)
    base = tensors_digest({"model.w": w})
    assert base != tensors_digest({"model.w": w + np.float32(1e-6) * (np.arange(6) == 5)})
    assert base != tensors_digest({"model.v": w})
    assert base != tensors_digest({"model.w": w.astype(np.float64)})


# --------------------------------------------------------------------------- bytes_digest


def test_bytes_digest__length_framing__no_ambiguity():
    assert bytes_digest([b"ab", b"c"]) != bytes_digest([b"a", b"bc"])
    assert bytes_digest([b"abc"]) != bytes_digest([b"abc", b""])
    assert bytes_digest([b"ab", b"c"]) == bytes_digest(iter([b"ab", b"c"]))


def test_digests__domain_tags__differ_across_kinds():
    assert bytes_digest([]) != tensors_digest({}) != image_digest([])


# --------------------------------------------------------------------------- crop_slices


def test_crop_slices__y_from_bottom__maps_to_rows_from_top():
    # The crop's top edge is the tile's top edge (max_y 52): rows 0..3 of the tile image.
    rows, cols = crop_slices(Crop(min_x=12, max_x=15, min_y=49, max_y=52), TILE)
    assert (rows, cols) == (slice(0, 3), slice(2, 5))
    # Bottom edge of the tile (min_y 40): the last rows.
    rows, _ = crop_slices(Crop(min_x=10, max_x=11, min_y=40, max_y=42), TILE)
    assert rows == slice(10, 12)


def test_crop_slices__pixels_have_the_crop_coordinates():
    height, width = TILE["max_y"] - TILE["min_y"], TILE["max_x"] - TILE["min_x"]
    ys = np.arange(TILE["max_y"] - 1, TILE["min_y"] - 1, -1)  # row 0 is the top of the tile
    xs = np.arange(TILE["min_x"], TILE["max_x"])
    image = np.stack(np.broadcast_arrays(ys[:, None], xs[None, :]), axis=-1)
    assert image.shape == (height, width, 2)
    crop = Crop(min_x=20, max_x=26, min_y=43, max_y=47)
    region = image[crop_slices(crop, TILE)]
    assert sorted(set(region[..., 0].ravel())) == list(range(43, 47))
    assert sorted(set(region[..., 1].ravel())) == list(range(20, 26))


def test_crop_slices__whole_tile__whole_image():
    crop = Crop(TILE["min_x"], TILE["max_x"], TILE["min_y"], TILE["max_y"])
    assert crop_slices(crop, TILE) == (slice(0, 12), slice(0, 20))


@pytest.mark.parametrize(
    "crop",
    [
        Crop(9, 12, 41, 43),  # left of the tile
        Crop(28, 31, 41, 43),  # right of it
        Crop(12, 14, 39, 42),  # below it
        Crop(12, 14, 50, 53),  # above it
        Crop(12, 12, 41, 43),  # empty
        Crop(14, 12, 41, 43),  # inverted
    ],
)
def test_crop_slices__crop_outside_tile__rejected(crop):
    with pytest.raises(ValueError, match="not inside tile"):
        crop_slices(crop, TILE)
