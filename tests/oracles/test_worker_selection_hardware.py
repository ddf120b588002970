"""oracles/worker_selection.py: a spec's hardware requirements matched against the sentries' leaves (score and
FLAG_CLASS_MISMATCH) and the workers' claimed GPUs, and the count of eligible workers a spec would have."""

from __future__ import annotations

from oracles.worker_selection import WorkerSelection
from protocol.jobspec.hardware import HardwareRequirements
from protocol.sentry_leaf import FLAG_CLASS_MISMATCH, Leaf, offline_leaf

H100, RTX, LIAR, LAPTOP, DOWN, NEW = (f"0x{i:040x}" for i in range(1, 7))
GIB = 2**30
METADATA = {
    H100: {"gpus": [{"name": "NVIDIA H100 80GB HBM3", "vram_bytes": 80 * GIB}]},
    RTX: {"gpus": [{"name": "NVIDIA GeForce RTX 4090", "vram_bytes": 24 * GIB}]},
    LIAR: {"gpus": [{"name": "NVIDIA H100", "vram_bytes": 80 * GIB}]},  # the sentries' probes say otherwise
    LAPTOP: {},
    DOWN: {"gpus": [{"name": "NVIDIA A100", "vram_bytes": 40 * GIB}]},
    NEW: {"gpus": [{"name": "NVIDIA H200", "vram_bytes": 141 * GIB}]},
}


def selection() -> WorkerSelection:
    chosen = WorkerSelection()
    chosen.update(
        {
            sentry: [
                Leaf(H100, 4, 10_000, 400),
                Leaf(RTX, 4, 10_000, 45),
                Leaf(LIAR, 4, 10_000, 30, FLAG_CLASS_MISMATCH if sentry != "s3" else 0),  # 2 of 3 flag it
                Leaf(LAPTOP, 4, 10_000, 8),
                offline_leaf(DOWN, 4),
            ]
            for sentry in ("s1", "s2", "s3")
        }
    )
    return chosen


def test_meets__class_vram_and_score__from_what_the_sentries_measured():
    chosen = selection()
    datacenter = HardwareRequirements(gpu_class="datacenter", min_vram_gb=40)
    assert [chosen.meets(w, datacenter, METADATA[w]) for w in (H100, RTX, LIAR, LAPTOP, DOWN, NEW)] == [
        True,
        False,  # a consumer card
        False,  # claims an H100, flagged by a majority of its sentries
        False,
        False,  # offline
        False,  # unattested: nothing measured
    ]
    consumer = HardwareRequirements(gpu_class="consumer", min_vram_gb=16)
    assert [chosen.meets(w, consumer, METADATA[w]) for w in (H100, RTX, LAPTOP)] == [True, True, False]


def test_eligible__spec_requirements__speeds_of_the_attested_workers_that_meet_them():
    chosen = selection()
    # every live attested worker (DOWN is offline), fastest first, each score over the median one (30: LIAR's)
    assert chosen.eligible(None, METADATA.get) == ([400 / 30, 45 / 30, 1.0, 8 / 30], 4)
    assert chosen.eligible(HardwareRequirements(min_perf_score=40), METADATA.get) == ([400 / 30, 45 / 30], 4)
    assert chosen.eligible(HardwareRequirements(gpu_class="workstation"), METADATA.get) == ([400 / 30], 4)
