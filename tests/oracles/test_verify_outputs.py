"""A worker's output manifest against the task's expected outputs."""

from __future__ import annotations

from oracles.verify import check_output_manifest
from protocol.storage.cid import cid_of_bytes

EXPECTED = ("frame_0000001.png", "frame_0000002.png")
CID_1 = cid_of_bytes(b"frame 1")
CID_2 = cid_of_bytes(b"frame 2")


def test_manifest__every_expected_output_with_valid_cid__no_problem():
    assert check_output_manifest({"frame_0000001.png": CID_1, "frame_0000002.png": CID_2}, EXPECTED) == []


def test_manifest__cidv0__accepted():
    cid_v0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"
    assert check_output_manifest({"a": cid_v0}, ["a"]) == []


def test_manifest__missing_output__reported_in_expected_order():
    problems = check_output_manifest({"frame_0000002.png": CID_2}, EXPECTED)
    assert problems == ["missing output 'frame_0000001.png'"]
    assert check_output_manifest({}, EXPECTED) == [f"missing output {name!r}" for name in EXPECTED]


def test_manifest__invalid_cid__reported():
    problems = check_output_manifest({"frame_0000001.png": "not-a-cid", "frame_0000002.png": CID_2}, EXPECTED)
    assert len(problems) == 1
    assert problems[0].startswith("output 'frame_0000001.png': invalid CID 'not-a-cid'")


def test_manifest__cid_not_a_string__reported():
    problems = check_output_manifest({"frame_0000001.png": 7, "frame_0000002.png": CID_2}, EXPECTED)  # type: ignore[dict-item]
    assert problems == ["output 'frame_0000001.png': CID must be a string, got int"]


def test_manifest__unexpected_output__reported_unless_allowed():
    manifest = {"frame_0000001.png": CID_1, "frame_0000002.png": CID_2, "../escape": CID_1, "b.txt": CID_2}
    assert check_output_manifest(manifest, EXPECTED) == ["unexpected output '../escape'", "unexpected output 'b.txt'"]
    assert check_output_manifest(manifest, EXPECTED, allow_extra=True) == []
