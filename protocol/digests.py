"""Result digests: the 32 bytes a worker signs in its ``TaskResult``.

Workers compute a digest over what a task *means*, not over file bytes that
can differ run to run; the oracle compares digests of replicas (the ``hash``
policy) and keeps them in the result manifest. Both sides call these
functions, so they must never change for a given ``*_V1`` domain tag.

- render: decoded pixels of every output image, in the task's output order
  (PNG metadata such as timestamps differs between runs; pixels do not);
- train: the model and optimizer tensors of the task's last checkpoint;
- compute: the canonical bytes of the output chunk.

All digests are sha-256 with a domain tag and length-prefixed fields, so two
different inputs can never be framed into the same byte string.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

RENDER_V1 = b"gpuhive:digest:render:v1"
TENSORS_V1 = b"gpuhive:digest:tensors:v1"
BYTES_V1 = b"gpuhive:digest:bytes:v1"


def _field(h: Any, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "big"))
    h.update(data)


def image_digest(images: Iterable[tuple[str, Any]]) -> bytes:
    """Digest of decoded images, given as ``(output name, numpy array)`` in output order.

    Arrays are height × width × channels (rows from the top, as PIL and
    Blender's image writers store them); their dtype and shape are part of
    the digest.
    """
    import numpy as np

    h = hashlib.sha256(RENDER_V1)
    for name, pixels in images:
        arr = np.ascontiguousarray(pixels)
        _field(h, name.encode())
        _field(h, arr.dtype.str.encode())
        _field(h, ",".join(map(str, arr.shape)).encode())
        _field(h, arr.tobytes())
    return h.digest()


def tensors_digest(tensors: Mapping[str, Any]) -> bytes:
    """Digest of named tensors (numpy arrays), independent of insertion order."""
    import numpy as np

    h = hashlib.sha256(TENSORS_V1)
    for name in sorted(tensors):
        arr = np.ascontiguousarray(tensors[name])
        _field(h, name.encode())
        _field(h, arr.dtype.str.encode())
        _field(h, ",".join(map(str, arr.shape)).encode())
        _field(h, arr.tobytes())
    return h.digest()


def bytes_digest(parts: Iterable[bytes]) -> bytes:
    """Digest of a sequence of byte strings (a compute task's outputs, in order)."""
    h = hashlib.sha256(BYTES_V1)
    for part in parts:
        _field(h, part)
    return h.digest()


def crop_slices(crop: Any, tile: Mapping[str, int]) -> tuple[slice, slice]:
    """``(rows, cols)`` of a crop inside its tile's image array.

    Crops and tiles use Blender's border coordinates (pixels, half-open, ``y``
    from the *bottom*); image arrays have row 0 at the *top*.
    """
    height = tile["max_y"] - tile["min_y"]
    if not (
        tile["min_x"] <= crop.min_x < crop.max_x <= tile["max_x"]
        and tile["min_y"] <= crop.min_y < crop.max_y <= tile["max_y"]
    ):
        raise ValueError(f"crop {crop} is not inside tile {dict(tile)}")
    rows = slice(height - (crop.max_y - tile["min_y"]), height - (crop.min_y - tile["min_y"]))
    cols = slice(crop.min_x - tile["min_x"], crop.max_x - tile["min_x"])
    return rows, cols
