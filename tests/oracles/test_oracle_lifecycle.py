"""Oracle life-cycle on anvil: a leader killed mid-job and restarted from its database (run as
`gpuhive oracle run`, killed with SIGKILL), a requester's cancel, and a deadline that comes
before the work is done — each settles once, pays only delivered work and refunds the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from oracles.config import OracleConfig
from protocol.contracts import TOKEN, JobStatus
from protocol.result_manifest import plan_from_manifest
from tests.support.oracle_network import Network, build_network, job_manifest, spec_yaml

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


def _toml(config: OracleConfig, deployment: Path, rpc_url: str, key_env: str) -> str:
    """The config as `oracle.toml` text, pointing at the chain, the manifest and the key's variable."""
    return config.model_copy(update={"rpc_url": rpc_url, "deployment": str(deployment), "key_env": key_env}).to_toml()


def _spawn(net: Network, i: int, tmp: Path) -> subprocess.Popen:
    deployment = net.manifest.save(tmp / "deployment.json")
    path = tmp / f"oracle{i}.toml"
    path.write_text(_toml(net.configs[i], deployment, net.anvil_uri, "GPUHIVE_TEST_ORACLE_KEY"))
    env = {**os.environ, "GPUHIVE_TEST_ORACLE_KEY": net.oracle_keys[i].hex()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gpuhive.cli", "oracle", "run", "--config", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{net.configs[i].api_port}/v1/health"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise AssertionError(f"oracle {i} exited: {proc.stdout.read() if proc.stdout else ''}")
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("oracle subprocess did not start")


def _status(net: Network, i: int, job_id: int) -> dict:
    response = httpx.get(f"http://127.0.0.1:{net.configs[i].api_port}/v1/jobs/{job_id}", timeout=5)
    return response.json() if response.status_code == 200 else {}


def test_leader_killed_mid_job_and_restarted__settles_once_nobody_paid_twice(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    net = build_network(accounts, anvil_uri, tmp_path, start=False)
    escrow = net.contracts["JobEscrow"]
    next_id = 1
    while escrow.get_job(next_id).status != 0:
        next_id += 1
    leader = next_id % 3
    procs: list[subprocess.Popen] = []
    try:
        for i in range(3):
            if i != leader:
                net.start_oracle(i)
        procs.append(_spawn(net, leader, tmp_path))
        for i in (4, 5, 6):
            net.add_worker(accounts[i], compute_s=0.3).start()
        job_id = net.create_job(
            spec_yaml("compute", kernel={"name": "sha256_chain", "chains": 8, "length": 5, "seed": 4})
        )
        assert job_id == next_id
        deadline = time.monotonic() + 60
        while _status(net, leader, job_id).get("slots_done", 0) < 4:
            assert time.monotonic() < deadline, "the leader never got results"
            time.sleep(0.1)
        procs[-1].send_signal(signal.SIGKILL)  # mid-job, no chance to clean up
        procs[-1].wait(timeout=10)
        time.sleep(1.0)
        procs.append(_spawn(net, leader, tmp_path))
        net.wait_status(job_id, JobStatus.SETTLED, timeout=120)
        from ape import chain

        settled = [log for log in escrow.JobSettled.range(0, chain.blocks.head.number + 1) if log.job_id == job_id]
        assert len(settled) == 1
        manifest, cid = _manifest_from_api(net, leader, job_id)
        assert all(t.status == "accepted" for t in manifest.tasks)
        for task in manifest.tasks:  # each task paid exactly its two replicas, to two different workers
            assert len(task.paid) == 2 and len(set(task.paid)) == 2
        plan = plan_from_manifest(manifest, TOKEN, cid)
        assert plan.settlement.total_payout == 16 * TOKEN
        assert escrow.get_job(job_id).unclaimed_payout == 16 * TOKEN
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=20)
        net.close()


def _manifest_from_api(net: Network, i: int, job_id: int):
    from protocol.result_manifest import ResultManifest

    cid = _status(net, i, job_id)["manifest_cid"]
    return ResultManifest.model_validate_json(net.store.get_bytes(cid)), cid


@pytest.fixture
def slow_net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def test_cancel_requested__done_work_paid_rest_refunded(slow_net, accounts):
    net = slow_net
    escrow, token = net.contracts["JobEscrow"], net.contracts["HiveToken"]
    net.add_worker(accounts[4], compute_s=0.4).start()
    spec = spec_yaml(
        "compute",
        replication=1,
        kernel={"name": "sha256_chain", "chains": 20, "length": 3, "seed": 5},
        verification={"method": "hash", "spot_check_bps": 1},
    )
    job_id = net.create_job(spec)
    deadline = time.monotonic() + 60
    while not any(svc and svc.job_status(job_id) and svc.job_status(job_id).slots_done >= 3 for svc in net.oracles):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    before = token.balanceOf(net.requester)
    escrow.request_cancel(job_id, sender=net.requester)
    net.wait_status(job_id, JobStatus.SETTLED, timeout=60)
    manifest, cid = job_manifest(net, job_id)
    accepted = [t for t in manifest.tasks if t.status == "accepted"]
    assert 3 <= len(accepted) < 20, "cancel did not stop the job early"
    plan = plan_from_manifest(manifest, TOKEN, cid)
    assert plan.settlement.total_payout == len(accepted) * TOKEN
    job = escrow.get_job(job_id)
    assert job.refund == plan.settlement.refund > 0
    assert job.refund + job.unclaimed_payout + plan.settlement.oracle_fee == job.budget
    assert token.balanceOf(net.requester) == before  # the refund waits for the dispute window


def test_deadline_near__settles_what_was_done(accounts, anvil_uri, chain_snapshot, tmp_path):
    net = build_network(accounts, anvil_uri, tmp_path, start=False)
    for config in net.configs:
        # wind down once chain time is within 86_400 - 30 s of the deadline: 30 s after the job is created
        config.settle_margin_seconds = 86_400 - 30
    try:
        for i in range(3):
            net.start_oracle(i)
        net.add_worker(accounts[4], compute_s=1.0).start()
        spec = spec_yaml(
            "compute",
            replication=1,
            kernel={"name": "sha256_chain", "chains": 60, "length": 3, "seed": 6},
            # 10 %: with 0.01 % a fault in this 60-task job would slash 180 tokens (3 rewards / its 1.7 % chance
            # of a check), more than the worker's 100-token stake covers, and the stake cover would lease nothing
            verification={"method": "hash", "spot_check_bps": 1_000},
        )
        job_id = net.create_job(spec)
        deadline = time.monotonic() + 60
        while not any(svc.job_status(job_id) and svc.job_status(job_id).slots_done >= 3 for svc in net.oracles):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        from ape import chain

        chain.pending_timestamp += 60  # the deadline comes near while most tasks are still queued
        chain.mine()
        net.wait_status(job_id, JobStatus.SETTLED, timeout=90)
        manifest, cid = job_manifest(net, job_id)
        accepted = sum(t.status == "accepted" for t in manifest.tasks)
        failed = [t for t in manifest.tasks if t.status == "failed"]
        assert 0 < accepted < 60 and failed
        assert all("deadline" in (t.note or "") for t in failed)
        plan = plan_from_manifest(manifest, TOKEN, cid)
        assert net.contracts["JobEscrow"].get_job(job_id).refund == plan.settlement.refund
        assert plan.settlement.refund >= len(failed) * TOKEN
    finally:
        net.close()
