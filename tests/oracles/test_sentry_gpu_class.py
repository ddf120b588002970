"""oracles/sentry/gpu_class.py: the class a worker's metadata claims, the score range that contradicts it,
and the ranges a sentry.toml sets."""

from __future__ import annotations

import pytest

from oracles.sentry.config import SentryConfig, load_config
from oracles.sentry.gpu_class import CPU, DEFAULT_CLASSES, GpuClass, claimed_class, mismatched
from protocol.contracts import REPO_ROOT


def gpus(*names: str) -> dict:
    return {"sentry_url": "http://w:1", "gpus": [{"name": n, "vram_bytes": 2**34} for n in names]}


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        (gpus("NVIDIA H100 80GB HBM3"), "datacenter"),
        (gpus("NVIDIA A100-SXM4-40GB"), "datacenter"),  # not the workstation A10
        (gpus("NVIDIA L4"), "workstation"),
        (gpus("NVIDIA GeForce RTX 4090"), "consumer"),
        (gpus("NVIDIA GeForce RTX 4090", "NVIDIA H100 PCIe"), "datacenter"),  # the most demanding claim counts
        (gpus("Matrox G200"), "cpu"),  # unknown name: no class claimed
        (gpus(), "cpu"),
        ({"sentry_url": "http://w:1"}, "cpu"),
        ({"gpus": "H100"}, "cpu"),  # malformed: no claim
        ({"gpus": [None, 7, {"name": "rtx 3060"}]}, "consumer"),
        ([], "cpu"),
    ],
)
def test_claimed_class__metadata__class_by_gpu_name(metadata, expected):
    assert claimed_class(metadata).name == expected


def test_mismatched__score_outside_the_claimed_range__true():
    datacenter = DEFAULT_CLASSES[0]
    assert mismatched(datacenter, datacenter.min_score - 1)
    assert not mismatched(datacenter, datacenter.min_score)
    assert not mismatched(datacenter, None)  # nothing answered: OFFLINE says it, not this flag
    assert not mismatched(CPU, 0) and not mismatched(CPU, 10**6)
    capped = GpuClass(name="cpu-only", match=("none",), max_score=100)
    assert mismatched(capped, 101) and not mismatched(capped, 100)


def test_gpu_class__max_below_min__refused():
    with pytest.raises(ValueError, match="max_score below min_score"):
        GpuClass(name="x", min_score=10, max_score=5)


def test_sentry_toml__gpu_classes__loaded_in_order():
    config = load_config(REPO_ROOT / "examples" / "sentry.toml")
    assert [c.name for c in config.gpu_classes] == ["datacenter", "consumer"]
    assert claimed_class(gpus("H100"), config.gpu_classes).min_score == 150
    assert SentryConfig().gpu_classes == DEFAULT_CLASSES
