"""A worker that crashes comes back and settles what its journal holds — at once, not at lease expiry.

- in-process: outputs that were complete when the agent "died" (journal state ``ready``, digest
  recomputed and matching) are submitted; outputs that no longer match are released;
- a real ``gpuhive worker run`` subprocess is SIGKILLed while its runtime child runs, restarted, kills
  the child it left behind, releases the lease and finishes the task: done exactly once, paid once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from protocol.contracts import REPO_ROOT, TOKEN, JobStatus
from protocol.result_manifest import plan_from_manifest
from tests.support.agent_network import (
    build_network,
    key_of,
    result_manifest,
    slots_of,
    spec_yaml,
    stake_worker,
    staked_agent,
    to_toml,
    wait_for,
    worker_config,
)
from worker_node import orphans
from worker_node.agent import Agent
from worker_node.execute import RUNNING
from worker_node.journal import READY, Journal

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

LONG_LEASE = 300.0  # a lease left to expire would stall the job for minutes


def compute_spec(chains: int, length: int) -> str:
    return spec_yaml(
        "compute",
        replication=2,
        kernel={"name": "sha256_chain", "chains": chains, "length": length, "seed": 3},
        verification={"method": "hash", "spot_check_bps": 0},
    )


def test_agent_restart__journal__complete_outputs_submitted_corrupt_ones_released(
    accounts, anvil_uri, chain_snapshot, tmp_path, monkeypatch
):
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=LONG_LEASE)
    agents: list[Agent] = []
    try:
        crashed = staked_agent(net, tmp_path, accounts[4], "crashing")
        monkeypatch.setattr(crashed, "_publish", lambda *a: None)  # dies after the runtime, before reporting
        job_id = net.create_job(compute_spec(chains=2, length=1_000))
        wait_for(
            lambda: crashed.poll_once() and [h.state for h in crashed.journal.held()] == [READY, READY],
            30,
            "two leases run",
        )
        held = crashed.journal.held()
        assert [h.state for h in held] == [READY, READY]
        keep, corrupt = held
        next(iter(corrupt.files.values())).write_bytes(b"half-written")
        crashed.close()

        restarted = Agent(crashed.config, key_of(accounts[4]))
        agents.append(restarted)
        report = restarted.recover()
        assert report.submitted == [keep.lease.lease_id]
        assert report.released == [corrupt.lease.lease_id]
        assert restarted.journal.held() == []

        agents.append(staked_agent(net, tmp_path, accounts[5], "helper").start())
        restarted.start()
        net.wait_status(job_id, JobStatus.SETTLED, timeout=60)
        manifest, cid = result_manifest(net, job_id)
        for task in manifest.tasks:
            assert task.status == "accepted" and sorted(s.worker for s in task.slots) == sorted(
                [accounts[4].address, accounts[5].address]
            )
        assert plan_from_manifest(manifest, TOKEN, cid).payouts == {
            accounts[4].address: 2 * TOKEN,
            accounts[5].address: 2 * TOKEN,
        }
        histories = [h for slot in slots_of(net, job_id) for h in (slot.history or [])]
        assert {"released"} == {h["why"] for h in histories}
    finally:
        for agent in agents:
            agent.stop()
        net.close()


def _start_cli_agent(config_path: Path, key_env: str, key: bytes, log: Path) -> subprocess.Popen:
    env = {**os.environ, key_env: "0x" + key.hex()}
    env.pop(orphans.MARKER, None)
    return subprocess.Popen(
        [sys.executable, "-m", "gpuhive.cli", "worker", "run", "--config", str(config_path)],
        cwd=REPO_ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def test_agent_restart__cli_worker_killed_mid_task__restart_releases_and_task_done_once(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=LONG_LEASE)
    helper: Agent | None = None
    proc: subprocess.Popen | None = None
    key_env = "GPUHIVE_TEST_WORKER_KEY"
    victim = accounts[4]
    log = tmp_path / "worker.log"
    try:
        config = worker_config(net, tmp_path, "cli-worker", key_env=key_env, claim_interval_seconds=600)
        stake_worker(net, config, victim)
        config_path = tmp_path / "worker.toml"
        config_path.write_text(to_toml(config))
        marker = orphans.agent_id(config.journal_path)

        proc = _start_cli_agent(config_path, key_env, key_of(victim), log)
        job_id = net.create_job(compute_spec(chains=1, length=9_000_000))  # ~6 s of hashing per replica
        children = wait_for(lambda: orphans.marked_processes(marker), 60, "the worker's runtime child to start")
        wait_for(
            lambda: any(s.state == "leased" and s.progress >= RUNNING for s in slots_of(net, job_id)),
            10,
            "a heartbeat reporting progress while the runtime runs",
        )
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        killed_at = time.monotonic()
        assert net.oracle(0).job_status(job_id) is not None
        leader = next(svc for svc in net.oracles if svc and svc.job_status(job_id).slots_leased)
        assert leader.job_status(job_id).slots_leased == 1  # the dead worker still holds it

        for pid in children:  # freeze the orphan, so it is surely still there when the worker restarts
            os.kill(pid, signal.SIGSTOP)
        helper = staked_agent(net, tmp_path, accounts[5], "helper").start()
        proc = _start_cli_agent(config_path, key_env, key_of(victim), log)
        net.wait_status(job_id, JobStatus.SETTLED, timeout=120)
        took = time.monotonic() - killed_at
        assert took < LONG_LEASE / 3, f"settled {took:.0f}s after the kill: the lease was left to expire"
        assert not any(pid in orphans.marked_processes(marker) for pid in children)  # the restart killed it

        manifest, cid = result_manifest(net, job_id)
        (task,) = manifest.tasks
        assert task.status == "accepted"
        runs = [s for s in task.slots if s.role == "run" and not s.superseded]
        assert sorted(s.worker for s in runs) == sorted([victim.address, accounts[5].address])  # once each
        assert len({s.digest for s in runs}) == 1
        assert plan_from_manifest(manifest, TOKEN, cid).payouts == {victim.address: TOKEN, accounts[5].address: TOKEN}
        histories = [h for slot in slots_of(net, job_id) for h in (slot.history or [])]
        assert histories == [{"worker": victim.address, "why": "released", "at": histories[0]["at"]}]

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
        text = log.read_text()
        assert "journal recovered" in text
        assert "killed a runtime child left running" in text and "killed=1" in text
        assert Journal(config.journal_path).held() == []
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        orphans.kill_marked(orphans.agent_id(tmp_path / "cli-worker" / "journal.db"))
        if helper is not None:
            helper.stop()
        net.close()
