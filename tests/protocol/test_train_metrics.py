"""The loss curve in a checkpoint's metadata: bucketing, strict parsing, and a head-only read."""

from __future__ import annotations

import json
import struct

import pytest

from protocol.storage import LocalStore
from protocol.train_metrics import (
    MAX_LOSS_POINTS,
    LossError,
    encode_losses,
    loss_points,
    parse_losses,
    read_losses,
)


def _header(meta: dict) -> bytes:
    return json.dumps({"__metadata__": meta}).encode()


def test_loss_points__short_interval__one_point_per_step():
    assert loss_points(10, [3.0, 2.0, 1.0]) == [[11, 3.0], [12, 2.0], [13, 1.0]]


def test_loss_points__long_interval__bucket_means_ending_at_the_interval_end():
    points = loss_points(0, [float(i) for i in range(1024)])
    assert len(points) == MAX_LOSS_POINTS and points[0] == [4, 1.5] and points[-1][0] == 1024


def test_parse_losses__malformed__loss_error():
    assert parse_losses(_header({"format": "x"})) == []
    for bad in ('{"a":1}', "[[1]]", "[[1.5, 2]]", '[[1, "x"]]', "[[1, NaN]]", "not json"):
        with pytest.raises(LossError):
            parse_losses(_header({"losses": bad}))
    with pytest.raises(LossError):
        parse_losses(_header({"losses": encode_losses([[i, 1.0] for i in range(MAX_LOSS_POINTS + 1)])}))


def test_read_losses__large_file__reads_the_head_only(tmp_path):
    header = _header({"losses": encode_losses([[1, 2.5], [2, 2.0]])})
    store = LocalStore(tmp_path)
    cid = store.put_bytes(struct.pack("<Q", len(header)) + header + b"\0" * (8 * 2**20))
    assert read_losses(store, cid) == [(1, 2.5), (2, 2.0)]
    short = store.put_bytes(struct.pack("<Q", 10_000) + b"{}")
    with pytest.raises(LossError, match="ends before"):
        read_losses(store, short)
