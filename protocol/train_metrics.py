"""The training loss a worker publishes with its checkpoints, and how anyone reads it back.

The train runtime writes, in each checkpoint's safetensors metadata, ``losses``: a JSON list of
``[step, loss]`` pairs covering the steps since the previous checkpoint (the step is the count of steps done,
as in the checkpoint's own ``step``; the loss is the mean cross-entropy of the steps in its bucket). An
interval longer than ``MAX_LOSS_POINTS`` steps is bucketed into that many means, so a header stays small.

Why the metadata and not a file of its own: a run's digest is ``tensors_digest`` over the checkpoint's
tensors only (what replicas and Proof-of-Learning replays compare), so the metadata changes no digest and
no verdict, and the output folder keeps exactly the task's outputs (the oracles refuse extra names). The
losses are the worker's own report: nobody verifies them (the weights are verified), and a page that
shows them says so.

A reader needs only the file's head: 8 bytes of header length and the JSON header
(``read_losses`` reads at most ``MAX_HEADER_BYTES``, so a large model's checkpoint is not downloaded).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from typing import Any, BinaryIO, Protocol

LOSSES_KEY = "losses"
MAX_LOSS_POINTS = 256
MAX_HEADER_BYTES = 4 * 2**20


class LossError(ValueError):
    """A checkpoint's head is not a safetensors header with a well-formed ``losses`` entry."""


def loss_points(step_start: int, losses: Sequence[float]) -> list[list[float]]:
    """``[step, loss]`` for the steps ``step_start + 1 ...`` whose losses are given, in at most
    ``MAX_LOSS_POINTS`` bucket means (each at the last step of its bucket)."""
    n = len(losses)
    if n == 0:
        return []
    buckets = min(n, MAX_LOSS_POINTS)
    points = []
    for b in range(buckets):
        lo, hi = b * n // buckets, (b + 1) * n // buckets
        part = losses[lo:hi]
        points.append([step_start + hi, float(sum(part) / len(part))])
    return points


def encode_losses(points: list[list[float]]) -> str:
    return json.dumps([[int(step), float(loss)] for step, loss in points], separators=(",", ":"))


def parse_losses(header: bytes) -> list[tuple[int, float]]:
    """The ``losses`` of a safetensors JSON header (empty if it has none); raises ``LossError``."""
    try:
        meta = (json.loads(header).get("__metadata__") or {}) if header else {}
        raw = meta.get(LOSSES_KEY)
        if raw is None:
            return []
        items: Any = json.loads(raw)
    except (ValueError, AttributeError) as exc:
        raise LossError(f"checkpoint header is not JSON with string metadata: {exc}") from None
    if not isinstance(items, list) or len(items) > MAX_LOSS_POINTS:
        raise LossError(f"losses must be a list of at most {MAX_LOSS_POINTS} [step, loss] pairs")
    out = []
    for item in items:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or type(item[0]) is not int
            or not isinstance(item[1], (int, float))
            or not math.isfinite(item[1])
            or item[0] < 0
        ):
            raise LossError(f"bad loss point {str(item)[:60]}")
        out.append((item[0], float(item[1])))
    return out


class _HeadRead(Exception):
    pass


class _HeadSink:
    """A binary sink that keeps a safetensors file's head and stops the download once it has it."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.need: int | None = None

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        if self.need is None and len(self.data) >= 8:
            (length,) = struct.unpack("<Q", bytes(self.data[:8]))
            if length > MAX_HEADER_BYTES:
                raise LossError(f"checkpoint header of {length:,} bytes is over {MAX_HEADER_BYTES:,}")
            self.need = 8 + length
        if self.need is not None and len(self.data) >= self.need:
            raise _HeadRead
        return len(chunk)


class HeadSource(Protocol):
    """What ``read_losses`` reads from: a ``protocol.storage.Store``."""

    def get(self, cid: str, dest: BinaryIO, *, max_bytes: int | None = ...) -> int: ...


def read_losses(store: HeadSource, cid: str) -> list[tuple[int, float]]:
    """The losses in the checkpoint ``cid``, read from its head only. The head is not checked against the
    CID (that needs the whole file); the losses are an unverified report in any case."""
    sink = _HeadSink()
    try:
        store.get(cid, sink, max_bytes=None)  # type: ignore[arg-type]
    except _HeadRead:
        pass
    if sink.need is None or len(sink.data) < sink.need:
        raise LossError(f"{cid} ends before its safetensors header")
    return parse_losses(bytes(sink.data[8 : sink.need]))
