"""The heartbeat's completion fraction end to end: a real worker agent (the one ``gpuhive worker run`` builds)
trains a real PyTorch task (CPU, about 8k steps: a few seconds) for one real oracle on anvil, beating every
0.1 s; the train child's progress lines (``worker_node/runtimes/sandbox.py``) reach the agent's heartbeats
(``worker_node/heartbeat.py``), the oracle's heartbeat route hands them to its dispatch policy
(``DispatchPolicy.beat``), and the policy keeps a fraction for that lease that rises to near 1
(``DispatchPolicy.fraction_of``, read after every beat), and drops it with the recorded result.

Only the job's leader runs (no settlement is needed to see the beats), and the agent knows only it."""

from __future__ import annotations

from typing import Any

import pytest

from oracles.models import SlotState
from tests.support.agent_network import build_network, slots_of, spec_yaml, staked_agent, wait_for
from tests.support.oracle_api import leader_index, next_job_id
from worker_node.runtimes.train import make_dataset

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

EXAMPLES, INPUT_DIM, BATCH, EPOCHS = 4096, 64, 8, 16  # 8192 steps of a 64-256-256-2 MLP: a few seconds on a CPU
STEPS = EPOCHS * EXAMPLES // BATCH


def test_agent__long_train_task__policy_keeps_rising_fractions_of_its_lease_ending_near_one(
    accounts, anvil_uri, chain_snapshot, tmp_path, monkeypatch
):
    net = build_network(accounts, anvil_uri, tmp_path, start=False)
    agent = None
    try:
        job_id = next_job_id(net)
        leader = leader_index(net, job_id)
        oracle = net.start_oracle(leader)
        policy = oracle.dispatcher.policy
        assert policy is not None  # the default policy, "aicore"
        beats: list[tuple[tuple[int, int, int, str], float | None, float | None]] = []  # (run, sent, kept)
        real_beat = policy.beat

        def beat(job: int, task: int, replica: int, worker: str, fraction: float | None, now: float) -> Any:
            real_beat(job, task, replica, worker, fraction, now)
            beats.append(((job, task, replica, worker), fraction, policy.fraction_of(job, task, replica, worker)))

        monkeypatch.setattr(policy, "beat", beat)

        dataset = make_dataset(tmp_path / "data.npz", examples=EXAMPLES, classes=2, input_dim=INPUT_DIM, seed=5)
        dataset_cid = net.store.put_file(dataset)
        agent = staked_agent(
            net,
            tmp_path,
            accounts[4],
            "trainer",
            oracles=[f"http://127.0.0.1:{net.configs[leader].api_port}"],
            heartbeat_seconds=0.1,
        ).start()
        spec = spec_yaml(
            "train",
            dataset_cid=dataset_cid,
            architecture={"name": "mlp", "input_dim": INPUT_DIM, "hidden": [256, 256], "output_dim": 2},
            dataset={"cid": dataset_cid, "format": "npz", "examples": EXAMPLES},
            epochs=EPOCHS,
            batch_size=BATCH,
            checkpoint_interval=STEPS // 16,
            steps_per_task=STEPS,  # one task: its whole run is one lease
            verification={"method": "train", "spot_check_bps": 1, "replay_segments": 1},
        )
        assert net.create_job(spec) == job_id
        wait_for(
            lambda: any(s.role == "run" and s.state == SlotState.DONE for s in slots_of(net, job_id)),
            timeout=90,
            what="the train task's result recorded",
        )

        runs = {run for run, _, _ in beats if run[0] == job_id}
        assert len(runs) == 1, beats  # one lease of the one task, beaten by the agent
        [run] = runs
        assert run[1:3] == (0, 0) and run[3].lower() == accounts[4].address.lower()
        kept = [k for r, sent, k in beats if r == run and sent is not None]
        assert all(k is not None for k in kept), beats
        fractions = [k for k in kept if k is not None]
        assert len(set(fractions)) >= 3, fractions  # the runtime's fraction moved while the lease ran
        assert fractions == sorted(fractions), fractions  # and never went back
        assert 0.0 <= fractions[0] < 0.5, fractions
        assert fractions[-1] >= 0.9, fractions  # the last beats while running: the training (nearly) done
        assert all(f <= 1.0 for f in fractions), fractions
        assert policy.fraction_of(*run) is None  # dropped with the recorded result
    finally:
        if agent is not None:
            agent.stop()
        net.close()
