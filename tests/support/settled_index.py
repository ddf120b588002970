"""Rows of an index's settled jobs, for the estimate tests: a job created at ``CREATED_BLOCK`` / ``CREATED_TIME`` and
settled at a given block and time, with the settlement whose ``result_hash`` commits to its manifest's CID."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from frontend_api.indexer.models import IndexedJob, IndexedSettlement, IndexedWorker
from protocol import eip712
from protocol.config import CommitteePolicy
from protocol.jobspec import load_spec
from protocol.result_manifest import ResultManifest, TaskRecord

RENDER = Path(__file__).resolve().parents[2] / "examples" / "render.yaml"
ORACLE = "http://oracle.test"
BLOCK_S = 12
CREATED_BLOCK, CREATED_TIME = 100, 1_000_000


def registered_worker(address: str) -> IndexedWorker:
    return IndexedWorker(address=address, role=1, capabilities=0, metadata_cid="", registered_block=1, updated_block=1)


def settled_job(
    job_id: int, spec_cid: str, manifest_cid: str, *, num_tasks: int, settled_block: int, settled_time: int
) -> tuple[IndexedJob, IndexedSettlement]:
    """The job's row and its round-0 settlement (``manifest_cid`` hashed into ``result_hash``)."""
    job = IndexedJob(
        job_id=job_id,
        requester="0x" + "22" * 20,
        state="settled",
        budget=0,
        num_tasks=num_tasks,
        spec_cid=spec_cid,
        spec_hash="0x",
        deadline=0,
        created_block=CREATED_BLOCK,
        created_time=CREATED_TIME,
        created_tx="0x",
        settled_block=settled_block,
        settled_time=settled_time,
        updated_block=settled_block,
    )
    settlement = IndexedSettlement(
        job_id=job_id,
        round=0,
        payout_root="0x",
        total_payout=0,
        oracle_fee=0,
        refund=0,
        slashes_hash="0x",
        result_hash="0x" + eip712.cid_hash(manifest_cid).hex(),
        window_end=0,
        block_number=settled_block,
        block_time=settled_time,
        tx_hash="0x",
    )
    return job, settlement


def manifest_of(job_id: int, spec_cid: str, tasks: list[TaskRecord]) -> ResultManifest:
    """A result manifest of ``tasks`` for the job (the fields the estimates do not read are placeholders)."""
    return ResultManifest(
        chain_id=31337,
        escrow="0x" + "11" * 20,
        job_id=job_id,
        spec_cid=spec_cid,
        spec_hash="0x" + "00" * 32,
        budget="0",
        created_block_hash="0x" + "00" * 32,
        reveal_block=None,
        reveal_block_hash=None,
        policy=CommitteePolicy(),
        tasks=tasks,
    )


def stub_oracle(served: dict[int, str], asked: list[int] | None = None) -> Callable[[str, float], httpx.Response]:
    """An oracle's ``GET /v1/jobs/{id}`` serving ``served[id]`` as the job's manifest CID (``asked``: each id asked)."""

    def get(url: str, timeout: float) -> httpx.Response:
        job_id = int(url.rsplit("/", 1)[1])
        if asked is not None:
            asked.append(job_id)
        return httpx.Response(200, json={"job_id": job_id, "manifest_cid": served.get(job_id)})

    return get


def spec_of(store: Any) -> Callable[[str], Any]:
    """The index's spec reader over ``store``."""
    return lambda cid: load_spec(store.get_bytes(cid))
