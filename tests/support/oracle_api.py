"""Helpers for the oracle API tests (``test_oracle_api_*.py``): one network per test module, fresh
staked workers, raw HTTP clients that log in through the real challenge, and small compute jobs.

A module-scoped network keeps the files fast: the contracts are deployed and the three oracles
started once per module, inside a chain snapshot that is restored at the end. Tests then stay
independent by giving every test its own fresh worker accounts and its own job, and by closing
the job on the leader when the test is done (so a later test's workers never lease its slots).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from oracles.committee import leader_of
from oracles.config import OracleConfig
from oracles.models import Job, JobState, Slot
from oracles.service import OracleService
from protocol import eip712
from protocol.contracts import Role
from protocol.jobspec import load_spec
from protocol.leases import Lease
from protocol.storage.folder_manifest import put_manifest
from tests.support.oracle_network import ALL_CAPS, STAKE, Network, _outputs_run, build_network, spec_yaml
from worker_node.oracle_client import OracleClient

ConfigureOracle = Callable[[int, OracleConfig], OracleConfig]


@pytest.fixture
def _function_isolation() -> Iterator[None]:
    """Replaces Ape's per-test chain revert in the modules that import it.

    The oracles of a module-scoped network keep their databases across tests; reverting the chain
    under them after every test would reuse job ids they already know. ``api_network`` restores
    its own snapshot when the module ends instead.
    """
    yield


@contextmanager
def api_network(
    accounts: Any, anvil_uri: str, tmp: Path, configure: ConfigureOracle | None = None, **config: Any
) -> Iterator[Network]:
    """Deploy and start three oracles with ``config`` overrides; the chain is restored afterwards."""
    from ape import chain

    snapshot = chain.snapshot()
    net = build_network(accounts, anvil_uri, tmp, start=False)
    try:
        net.configs = [c.model_copy(update=config) for c in net.configs]
        if configure is not None:
            net.configs = [configure(i, c) for i, c in enumerate(net.configs)]
        for i in range(3):
            net.start_oracle(i)
        yield net
    finally:
        net.close()
        chain.restore(snapshot)


def next_job_id(net: Network) -> int:
    """The id ``create_job`` assigns next (JobEscrow numbers jobs from 1)."""
    escrow = net.contracts["JobEscrow"]
    n = 1
    while escrow.get_job(n).status != 0:
        n += 1
    return n


def leader_index(net: Network, job_id: int) -> int:
    """Index (into ``net.oracles``) of the oracle that leads ``job_id``."""
    leader = leader_of(job_id, list(net.contracts["OracleCommittee"].signers()))
    return next(i for i, oracle in enumerate(net.accounts[1:4]) if oracle.address == leader)


# --------------------------------------------------------------------------- workers


def fresh_account(net: Network) -> Any:
    """A new funded account (the ten test accounts are shared by the whole session)."""
    from ape import accounts as ape_accounts
    from ape import chain

    account = ape_accounts.test_accounts.generate_test_account()
    chain.provider.set_balance(account.address, 10**21)
    return account


def key_of(account: Any) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


def new_worker(net: Network, *, register: bool = True, stake: int = STAKE, caps: int = ALL_CAPS) -> Any:
    """A fresh account registered as a worker with ``stake`` (0: registered but not staked)."""
    account = fresh_account(net)
    token, registry = net.contracts["HiveToken"], net.contracts["WorkerRegistry"]
    if register:
        registry.register(Role.WORKER, caps, "", sender=account)
    if stake:
        token.transfer(account, stake, sender=net.accounts[0])
        token.approve(registry, stake, sender=account)
        registry.stake(stake, sender=account)
    return account


def logged_in(svc: OracleService, account: Any) -> OracleClient:
    """An ``OracleClient`` of ``account`` logged in to ``svc`` through the real challenge."""
    client = OracleClient(svc.url, key_of(account), timeout=15.0)
    client.login()
    return client


def signed_login(
    svc: OracleService,
    account: Any,
    *,
    signer_key: bytes | None = None,
    oracle: str | None = None,
    challenge_from: OracleService | None = None,
) -> dict[str, Any]:
    """A login body for ``account``: challenge from ``challenge_from`` (default ``svc``), the ``Login``
    signed by ``signer_key`` (default the worker's key) naming ``oracle`` (default the challenge's)."""
    source = challenge_from or svc
    ch = httpx.get(f"{source.url}/v1/auth/challenge", params={"worker": account.address}).json()
    payload = eip712.Login(account.address, oracle or ch["oracle"], bytes.fromhex(ch["nonce"][2:]), ch["expires"])
    signature = eip712.sign(signer_key or key_of(account), eip712.Domain(ch["chain_id"], ch["registry"]), payload)
    return {
        "worker": account.address,
        "nonce": ch["nonce"],
        "expires": ch["expires"],
        "signature": "0x" + signature.hex(),
    }


# --------------------------------------------------------------------------- jobs


def small_compute_spec(seed: int, tasks: int = 1, **over: Any) -> str:
    """A compute job of ``tasks`` one-replica tasks, each spot-checked by a second worker."""
    doc: dict[str, Any] = {
        "replication": 1,
        "verification": {"method": "hash", "spot_check_bps": 10_000},
        "kernel": {"name": "sha256_chain", "chains": tasks, "length": 5, "seed": seed},
    }
    doc.update(over)
    return spec_yaml("compute", **doc)


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def running_job(net: Network, spec_text: str) -> tuple[int, OracleService]:
    """Create a job and wait until its leader serves leases; returns (job_id, leader)."""
    job_id = net.create_job(spec_text)
    leader = net.oracle(leader_index(net, job_id))

    def running() -> bool:
        with leader.sessions() as s:
            job = s.get(Job, job_id)
            return job is not None and job.state == "running"

    wait_for(running, what=f"job {job_id} running on its leader")
    return job_id, leader


def close_job(leader: OracleService, job_id: int) -> None:
    """Test isolation: the leader stops serving and judging a job a test is done with."""
    with leader.sessions.begin() as s:
        job = s.get(Job, job_id)
        if job is not None and job.state == "running":
            job.state = JobState.CLOSED


def slots_of(svc: OracleService, job_id: int) -> list[Slot]:
    from sqlalchemy import select

    with svc.sessions() as s:
        slots = list(s.execute(select(Slot).where(Slot.job_id == job_id).order_by(Slot.id)).scalars())
        s.expunge_all()
    return slots


def slot_of_lease(svc: OracleService, lease: Lease) -> Slot:
    return next(
        x for x in slots_of(svc, lease.job_id) if x.task_index == lease.task_index and x.replica == lease.replica
    )


def honest_body(net: Network, client: OracleClient, lease: Lease) -> dict[str, str]:
    """A correct result for ``lease``: the simulated engine's outputs, uploaded, signed by ``client``."""
    spec = load_spec(net.store.get_bytes(lease.spec_cid))
    files, digest = _outputs_run(spec, lease, liar=False)
    cid = put_manifest(net.store, {name: net.store.put_bytes(data) for name, data in files.items()})
    return result_body(client, lease, digest, cid)


def result_body(
    client: OracleClient,
    lease: Lease,
    digest: bytes = b"\x07" * 32,
    output_cid: str = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    signature: bytes | None = None,
) -> dict[str, str]:
    signature = signature if signature is not None else client.sign_result(lease, digest, output_cid)
    return {"digest": "0x" + digest.hex(), "output_cid": output_cid, "signature": "0x" + signature.hex()}
