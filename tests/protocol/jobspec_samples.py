"""Minimal valid job specs (fresh dicts) for the job spec tests; plain functions, not fixtures,
so hypothesis tests can use them too."""

from __future__ import annotations

from typing import Any

SCENE_CID = "bafybeigdcs62mrnwbryy6sgavwcfskbcidrugoe4rii7kgsoj5tikulkie"  # CIDv1 dag-pb sha2-256
DATASET_CID = "bafkreicmjkvgta5lggqiwpawob7xxgitde4rips7v6djumwgnpzygtihli"  # CIDv1 raw sha2-256
CIDV0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"  # the classic "readme" CIDv0
DEADLINE = 1_893_456_000  # 2030-01-01T00:00:00Z


def render(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "kind": "render",
        "name": "test render",
        "scene_cid": SCENE_CID,
        "frame_start": 1,
        "frame_end": 10,
        "resolution_x": 640,
        "resolution_y": 480,
        "reward_per_task": 100,
        "budget": 1_400,  # (10 tasks × 1 replica + 4 spot checks: 10 % each, mean 1 + 3 sd) × 100
        "deadline": DEADLINE,
    }
    spec.update(overrides)
    return spec


def train(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "kind": "train",
        "name": "test train",
        "architecture": {"name": "mlp", "input_dim": 16, "output_dim": 4},
        "dataset": {"cid": DATASET_CID, "format": "npz", "examples": 1_000},
        "optimizer": {"name": "sgd", "lr": 0.1},
        "epochs": 2,
        "batch_size": 10,  # 100 steps per epoch, 200 in all
        "checkpoint_interval": 10,
        "steps_per_task": 50,  # 4 tasks
        "reward_per_task": 10,
        "budget": 80,  # (4 tasks × 1 replica + 4 spot checks: 20 % each, mean 0.8 + 3 sd) × 10
        "deadline": DEADLINE,
    }
    spec.update(overrides)
    return spec


def compute(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "kind": "compute",
        "name": "test compute",
        "kernel": {"name": "matmul_blocked", "n": 100, "block": 16},  # 7 row blocks
        "items_per_task": 2,  # 4 tasks
        "replication": 2,
        "reward_per_task": 5,
        "budget": 55,  # (4 tasks × 2 replicas + 3 spot checks: 10 % each, mean 0.4 + 3 sd) × 5
        "deadline": DEADLINE,
    }
    spec.update(overrides)
    return spec


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" YAML spec: each anchor is a list of ``width`` aliases of the one before, and
    ``kind`` is the last, which expands to ``width ** levels`` strings (9 ** 9: 387 million) from a few
    hundred bytes. At nine levels it is the 424-byte spec that stopped an oracle's intake for good."""
    lines = ["a0: &a0 [" + ",".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"kind: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def nested_yaml(depth: int) -> str:
    """A compute spec (as YAML flow text) whose kernel holds a list nested ``depth`` levels deep."""
    doc = compute(kernel={"name": "matmul_blocked", "n": 100, "block": 16})
    text = "\n".join(f"{key}: {value!r}" for key, value in doc.items() if key != "kernel")
    return text + "\nkernel: {name: matmul_blocked, n: 100, block: 16, extra: " + "[" * depth + "]" * depth + "}\n"
