"""An oracle database's job row as its event handler leaves it, for tests that start from one (placeholders for the
columns a test does not read; ``over``: the columns it does)."""

from __future__ import annotations

from typing import Any


def job_row(job_id: int, state: str, leader: bool, **over: Any):  # type: ignore[no-untyped-def]  # -> oracles.models.Job
    from oracles.models import Job

    columns: dict[str, Any] = {
        "requester": "0x" + "22" * 20,
        "spec_cid": "bafy",
        "spec_hash": "0x" + "00" * 32,
        "num_tasks": 1,
        "budget": "1",
        "deadline": 2_000_000_000,
        "created_block": 1,
        "created_block_hash": "0x" + "00" * 32,
        "tx_hash": "0x" + "00" * 32,
    }
    return Job(job_id=job_id, state=state, leader=leader, **{**columns, **over})
