"""Real worker agents on the oracle tests' network: three oracle services on anvil (``tests.support.oracle_network.build_network``), workers registered and staked through ``worker_node.staking``, agents built
from a ``WorkerConfig`` like the CLI builds them (in-process here; as a subprocess in the restart test).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gpuhive.ports import free_port
from protocol.contracts import TOKEN
from protocol.leases import Lease
from protocol.result_manifest import ResultManifest
from tests.support.oracle_network import Network, build_network, spec_yaml
from worker_node.agent import Agent
from worker_node.config import WorkerConfig
from worker_node.staking import connect, register, stake

__all__ = ["Network", "build_network", "free_port", "spec_yaml"]  # re-exported for the agent tests

ALL_KINDS = 0b111
STAKE_TOKENS = 100

__all__ = [
    "Network",
    "build_network",
    "free_port",
    "spec_yaml",
    "stake_worker",
    "to_toml",
    "key_of",
    "worker_config",
    "staked_agent",
    "wait_for",
    "result_manifest",
    "slots_of",
    "ALL_KINDS",
    "STAKE_TOKENS",
]


def key_of(account: Any) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


def worker_config(net: Network, tmp: Path, name: str, **over: Any) -> WorkerConfig:
    """A worker config pointing at the network's anvil node, deployment, oracles and store."""
    deployment = tmp / "deployment.json"
    if not deployment.exists():
        net.manifest.save(deployment)
    fields: dict[str, Any] = {
        "rpc_url": net.anvil_uri,
        "deployment": str(deployment),
        "oracles": [f"http://127.0.0.1:{c.api_port}" for c in net.configs],
        "storage": {"kind": "local", "path": str(tmp / "store")},
        "work_dir": str(tmp / name),
        "lease_wait_seconds": 1.5,
        "claim_interval_seconds": 0.5,
        "claim_threshold": 1,
        "oracle_timeout_seconds": 15.0,
        "limits": {"render": {"wall_seconds": 120, "memory_gib": 4}, "compute": {"wall_seconds": 120}},
    }
    fields.update(over)
    return WorkerConfig.model_validate(fields)


def stake_worker(net: Network, config: WorkerConfig, account: Any, caps: int = ALL_KINDS) -> None:
    """Fund the account, then register and stake through the worker's own staking code."""
    from web3 import Web3

    net.contracts["HiveToken"].transfer(account, STAKE_TOKENS * TOKEN, sender=net.accounts[0])
    chain = connect(config, key_of(account), Web3(Web3.HTTPProvider(net.anvil_uri)))
    register(chain, caps)
    stake(chain, STAKE_TOKENS * TOKEN)


def staked_agent(net: Network, tmp: Path, account: Any, name: str, **over: Any) -> Agent:
    config = worker_config(net, tmp, name, **over)
    stake_worker(net, config, account)
    return Agent(config, key_of(account))


def wait_for(condition: Callable[[], Any], timeout: float, what: str, poll: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")


def result_manifest(net: Network, job_id: int) -> tuple[ResultManifest, str]:
    for svc in net.oracles:
        status = svc.job_status(job_id) if svc else None
        if status and status.manifest_cid:
            return ResultManifest.model_validate_json(net.store.get_bytes(status.manifest_cid)), status.manifest_cid
    raise AssertionError(f"no oracle recorded a manifest for job {job_id}")


def slots_of(net: Network, job_id: int) -> list[Any]:
    """The leader oracle's slot rows of a job (state, worker, history, failure), detached."""
    from sqlalchemy import select

    from oracles.models import Slot

    rows: list[Any] = []
    for svc in net.oracles:
        if svc is None:
            continue
        with svc.sessions() as s:
            found = s.execute(select(Slot).where(Slot.job_id == job_id).order_by(Slot.id)).scalars().all()
            s.expunge_all()
        rows += found
    return rows


def to_toml(config: WorkerConfig) -> str:
    """The config as worker.toml text (kept for the tests that import it; see ``WorkerConfig.to_toml``)."""
    return config.to_toml()


def stub_lease(lease_id: str, *, urgent: bool = False, heartbeat_s: float = 600.0) -> Lease:
    """A run lease of job 1, task 0 that no oracle issued: for the agent's queue and heartbeat bookkeeping."""
    return Lease(
        lease_id=lease_id,
        job_id=1,
        task_index=0,
        replica=0,
        role="run",
        job_kind="compute",
        spec_cid="bafy-unused",
        task={},
        urgent=urgent,
        expires_at=0.0,
        heartbeat_s=heartbeat_s,
    )
