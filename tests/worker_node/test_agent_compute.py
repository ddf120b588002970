"""Worker agents against three real oracles on anvil with the real compute runtime:
lease → run → upload → signed result → settled on-chain → claimed by each agent's own claim job."""

from __future__ import annotations

import httpx
import pytest

from protocol.contracts import TOKEN, JobStatus
from protocol.result_manifest import plan_from_manifest
from tests.support.agent_network import build_network, free_port, result_manifest, spec_yaml, staked_agent, wait_for

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def test_agent__compute_job__run_settled_and_claimed_by_claim_job(net, accounts, tmp_path):
    from ape import chain

    token, escrow = net.contracts["HiveToken"], net.contracts["JobEscrow"]
    workers = [accounts[4], accounts[5]]
    metrics_port = free_port()
    agents = [
        staked_agent(net, tmp_path, w, f"worker{i}", metrics_port=metrics_port if i == 0 else 0)
        for i, w in enumerate(workers)
    ]
    for agent in agents:
        agent.start()
    try:
        spec = spec_yaml(
            "compute",
            replication=2,
            kernel={"name": "sha256_chain", "chains": 3, "length": 1_000, "seed": 7},
            verification={"method": "hash", "spot_check_bps": 0},
        )
        job_id = net.create_job(spec)
        net.wait_status(job_id, JobStatus.SETTLED, timeout=60)
        manifest, cid = result_manifest(net, job_id)
        assert [t.status for t in manifest.tasks] == ["accepted"] * 3
        for task in manifest.tasks:  # both replicas ran, on the two agents, and agree
            assert sorted(s.worker for s in task.slots) == sorted(w.address for w in workers)
            assert len({s.digest for s in task.slots}) == 1
        plan = plan_from_manifest(manifest, TOKEN, cid)
        assert plan.payouts == {w.address: 3 * TOKEN for w in workers}
        for agent in agents:
            assert job_id in agent.journal.earned_jobs() and agent.journal.held() == []

        # still in the dispute window: nothing is claimable yet
        before = {w.address: token.balanceOf(w) for w in workers}
        report = agents[0].claim_matured()
        assert report.waiting == [job_id] and report.claimed == []

        chain.pending_timestamp += net.manifest.params["dispute_window"] + 1
        chain.mine()
        for w in workers:
            wait_for(lambda w=w: token.balanceOf(w) > before[w.address], 30, "the claim job to claim the payout")
            assert token.balanceOf(w) - before[w.address] == 3 * TOKEN
            assert escrow.is_claimed(w, job_id)
        for agent in agents:
            wait_for(lambda agent=agent: agent.journal.earned_jobs() == {}, 10, "the job to leave the journal")
            metrics = agent.metrics.text()
            assert 'gpuhive_worker_tasks_done_total{kind="compute",role="run"} 3.0' in metrics
            assert f"gpuhive_worker_claimed_base_units_total {float(3 * TOKEN)}" in metrics
        assert agents[0].claim_matured().matured == []  # claimed once; nothing left
        scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text  # the Prometheus endpoint
        assert 'gpuhive_worker_tasks_done_total{kind="compute",role="run"} 3.0' in scraped
        assert "gpuhive_worker_busy_seconds_total" in scraped and "gpuhive_worker_task_failures" in scraped
    finally:
        for agent in agents:
            agent.stop()
