"""Worker agents training with real PyTorch (CPU) for three real oracles on anvil: segment 1 resumes
from segment 0's accepted checkpoint (the lease's ``inputs.resume``), and the Proof-of-Learning spot
checks replay checkpoint segments on another agent and match exactly."""

from __future__ import annotations

import pytest

from protocol.contracts import JobStatus
from tests.support.agent_network import build_network, result_manifest, spec_yaml, staked_agent
from worker_node.runtimes.train import make_dataset

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


def test_agent__train_job_real_pytorch__resumed_segments_and_replays_pass(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    net = build_network(accounts, anvil_uri, tmp_path)
    agents = []
    try:
        dataset = make_dataset(tmp_path / "data.npz", examples=64, classes=2, input_dim=4, seed=5)
        dataset_cid = net.store.put_file(dataset)
        agents = [staked_agent(net, tmp_path, accounts[i], f"train{i}").start() for i in (4, 5)]
        spec = spec_yaml(
            "train",
            dataset_cid=dataset_cid,
            verification={"method": "train", "spot_check_bps": 10_000, "replay_segments": 1},
        )
        job_id = net.create_job(spec)
        net.wait_status(job_id, JobStatus.SETTLED, timeout=150)
        manifest, _ = result_manifest(net, job_id)
        assert [t.status for t in manifest.tasks] == ["accepted", "accepted"]
        for task in manifest.tasks:
            run = next(s for s in task.slots if s.role == "run")
            check = next(s for s in task.slots if s.role == "check")
            assert check.worker != run.worker
            assert check.evidence["passed"] is True
            assert [seg["distance"] for seg in check.evidence["segments"]] == [0.0]
    finally:
        for agent in agents:
            agent.stop()
        net.close()
