"""End-to-end with faults, every role its own OS process on anvil (``gpuhive.demo.processes.ProcessNetwork``).

One network for the module (the session's anvil node, fresh contracts with a
10-minute dispute window and settle grace, 6-second leases): 3 `gpuhive oracle
run` processes (k = 2), 3 `gpuhive worker run` processes with the real
runtimes, and the requester in this process. The tests run in file order;
the last one takes every oracle down.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest
import yaml
from PIL import Image

from frontend_api.requester import RequesterError
from gpuhive.demo.processes import STAKE_TOKENS, ProcessNetwork, _wait
from protocol.contracts import REPO_ROOT, TOKEN, JobStatus
from protocol.jobspec import load_spec
from protocol.result_manifest import manifest_slash, plan_from_manifest
from tests.support.oracle_network import spec_yaml
from worker_node.config import WorkerConfig

pytestmark = [pytest.mark.anvil, pytest.mark.slow, pytest.mark.e2e]

LEASE_SECONDS = 6.0
MAX_HELD_LEASES = WorkerConfig.model_fields["max_held_leases"].default  # what ProcessNetwork's workers use
WINDOW = 600  # dispute window and settle grace of this module's deployment, seconds of chain time


@pytest.fixture
def _function_isolation():
    """Replaces Ape's per-test chain revert here: the oracle processes keep their databases across the
    module's tests, and a revert under them would hand out job ids they already know. (Ape's
    module-scoped revert still restores the chain when the module ends.)"""
    yield


@pytest.fixture(scope="module")
def net(anvil, anvil_uri, tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e-faults")
    with ProcessNetwork(
        work,
        rpc_url=anvil_uri,
        deploy_params={"dispute_window": WINDOW, "settle_grace": WINDOW},
        oracle_options={"lease_seconds": LEASE_SECONDS, "heartbeat_seconds": 1.0},
    ) as network:
        yield network


def _compute(chains: int, length: int, **over) -> object:
    return load_spec(
        spec_yaml(
            "compute",
            kernel={"name": "sha256_chain", "chains": chains, "length": length, "seed": chains * 7 + length % 97},
            **over,
        )
    )


def _worker_slots(net: ProcessNetwork, job_id: int, address: str, states: tuple[str, ...]) -> list:
    return [s for s in net.slots(job_id) if s.worker == address and s.state in states]


# --------------------------------------------------------------------------- bad input


def test_e2e__invalid_spec__rejected_on_chain_full_refund(net):
    requester = net.requester_account.address
    before = net.balance(requester)
    job_id = net.create_raw_job(b"kind: compute\nname: broken\nreplication: 0\n", b"\x11" * 32, 1, 5 * TOKEN)
    assert net.balance(requester) == before - 5 * TOKEN
    net.wait_status(job_id, JobStatus.REJECTED, timeout=60)
    (event,) = net.events("JobRejected", job_id)
    assert event["args"]["refund"] == 5 * TOKEN
    assert net.balance(requester) == before  # the whole budget back, at once
    assert net.slots(job_id) == []  # nothing was ever leased


# --------------------------------------------------------------------------- the requester disputes


def test_e2e__dispute_within_window__held_then_resolved_by_committee(net):
    requester = net.requester()
    spec = _compute(4, 4, replication=1, budget=40 * TOKEN, verification={"method": "hash", "spot_check_bps": 1})
    job_id = requester.submit(spec)
    net.wait_status(job_id, JobStatus.SETTLED, timeout=90)
    round0 = net.job(job_id)
    balance = net.balance(requester.address)
    bond = requester.dispute(job_id)
    held = net.job(job_id)
    assert held.status == JobStatus.DISPUTED and held.dispute_bond == bond > 0  # payouts held, bond locked
    assert net.balance(requester.address) == balance - bond
    net.wait_status(job_id, JobStatus.SETTLED, timeout=120, also=lambda: net.job(job_id).round == 1)
    (resolved,) = net.events("DisputeResolved", job_id)
    assert resolved["args"]["upheld"]  # honest workers: the committee re-checked every task and upheld round 0
    assert [e["args"]["round"] for e in net.events("JobSettled", job_id)] == [0, 1]
    after = net.job(job_id)
    assert (after.payout_root, after.unclaimed_payout, after.refund) == (
        round0.payout_root,
        round0.unclaimed_payout,
        round0.refund,
    )
    manifest, _ = net.manifest(job_id)
    assert manifest.round == 1 and all(t.status == "accepted" for t in manifest.tasks)
    assert all(
        any(s.role == "run" and s.replica >= 1 for s in t.slots) or t.selected_for_check for t in manifest.tasks
    )  # every task unchecked in round 0 was re-checked


# --------------------------------------------------------------------------- a worker dies


def test_e2e__worker_killed_mid_task__lease_expires_others_finish_paid_only_delivered(net):
    victim = net.worker_address(0)
    requester = net.requester()
    spec = _compute(9, 2_500_000, replication=1, verification={"method": "hash", "spot_check_bps": 1})
    job_id = requester.submit(spec)
    try:
        _wait(
            lambda: (
                _worker_slots(net, job_id, victim, ("done",))
                and any(s.progress >= 0.1 for s in _worker_slots(net, job_id, victim, ("leased",)))
            ),
            90,
            "worker1 to deliver a task and be running another",
        )
        net.kill_worker(0)  # SIGKILL, runtime child included: no release, no goodbye
        killed_at = time.time()
        delivered = {s.task_index for s in _worker_slots(net, job_id, victim, ("done",))}
        held = _worker_slots(net, job_id, victim, ("leased",))  # the running task, and any it had prefetched
        assert 1 <= len(held) <= MAX_HELD_LEASES
        net.wait_status(job_id, JobStatus.SETTLED, timeout=180)
    finally:
        net.start_worker(0)  # back for the next tests (its journal gives nothing back: the lease is gone)
    manifest, cid = net.manifest(job_id)
    assert all(t.status == "accepted" for t in manifest.tasks)
    for lease in held:
        task = manifest.tasks[lease.task_index]
        assert task.paid and victim not in task.paid  # another worker finished each task the victim held
        slot = next(s for s in net.slots(job_id) if s.id == lease.id)
        # the lease ran out, or (dispatch_policy "aicore", the default) an idle worker's backup copy reported first
        assert [h["why"] for h in slot.history] in (["lease expired"], ["another copy of the task reported first"])
        assert slot.history[0]["worker"] == victim
        if slot.history[0]["why"] == "lease expired":
            assert slot.history[0]["at"] - killed_at >= LEASE_SECONDS - 2  # it waited for the lease to run out
    plan = plan_from_manifest(manifest, spec.reward_per_task, cid)
    assert plan.payouts[victim] == len(delivered) * spec.reward_per_task  # paid for what it delivered only
    assert {t.index for t in manifest.tasks if victim in t.paid} == delivered
    for t in manifest.tasks:  # each delivered replica paid once (a drawn spot check is a second replica)
        assert sorted(s.worker for s in t.slots if s.role == "run" and not s.superseded) == sorted(t.paid)


# --------------------------------------------------------------------------- the leader dies


def test_e2e__leader_oracle_killed_mid_job_and_restarted__settles_once_nobody_paid_twice(net):
    requester = net.requester()
    spec = _compute(8, 1_500_000, replication=2, verification={"method": "hash", "spot_check_bps": 0})
    job_id = requester.submit(spec)
    leader = net.leader_index(job_id)
    _wait(lambda: net.oracle_status(leader, job_id).get("slots_done", 0) >= 4, 90, "the leader to get results")
    net.kill_oracle(leader)  # SIGKILL mid-job
    assert net.job(job_id).status == JobStatus.OPEN
    net.start_oracle(leader)  # from its database, under the same config
    net.wait_status(job_id, JobStatus.SETTLED, timeout=180)
    assert len(net.events("JobSettled", job_id)) == 1
    manifest, cid = net.manifest(job_id)
    assert all(t.status == "accepted" for t in manifest.tasks)
    for task in manifest.tasks:  # each task paid exactly its two replicas, to two different workers
        assert len(task.paid) == 2 and len(set(task.paid)) == 2
    plan = plan_from_manifest(manifest, spec.reward_per_task, cid)
    assert plan.settlement.total_payout == 2 * spec.num_tasks * spec.reward_per_task

    net.advance_time(WINDOW + 1)  # the window passes: the worker agents claim on their schedule
    _wait(lambda: net.job(job_id).unclaimed_payout == 0, 60, "the workers to claim")
    claims = net.events("PayoutClaimed", job_id)
    assert sorted(e["args"]["worker"] for e in claims) == sorted(plan.payouts)  # one claim per worker
    assert {e["args"]["worker"]: e["args"]["amount"] for e in claims} == plan.payouts


# --------------------------------------------------------------------------- a worker lies


def test_e2e__liar_worker_returns_wrong_frames__caught_slashed_unpaid_results_right(net, tmp_path):
    from worker_node.runtimes.scenes import make_test_scene

    registry = net.registry
    scene = make_test_scene(tmp_path / "scene.blend", frames=4)
    doc = yaml.safe_load(
        spec_yaml(
            "render",
            scene_cid=net.store.put_file(scene),
            split={"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
            verification={"method": "render", "spot_check_bps": 10_000, "crops": 2, "crop_size_bps": 5_000},
        )
    )
    # room, per spoilt task, for the confirming check, the re-run and the re-run's check
    doc["budget"] = load_spec(yaml.safe_dump(doc)).budget_needed + 12 * TOKEN
    spec = load_spec(yaml.safe_dump(doc))

    # the liar: a real agent process (tests/e2e/liar_worker.py) staked like any worker
    liar_account = net.worker_account(net.n_workers)
    config = net.worker_config(net.n_workers, name="liar")
    net.stake_worker(net.n_workers, config=config, account=liar_account)
    liar = net.worker_child(
        net.workdir / "liar.toml",
        liar_account,
        "liar",
        argv=[
            sys.executable,
            str(REPO_ROOT / "tests" / "e2e" / "liar_worker.py"),
            "--config",
            str(net.workdir / "liar.toml"),
        ],
    )
    net.extra.append(liar)
    stake_before = registry.stake_of(liar_account.address)
    for i in range(net.n_workers):  # the liar gets a head start on the queue
        net.stop_worker(i)
    liar.start()
    job_id = net.requester().submit(spec)
    try:
        _wait(
            lambda: len(_worker_slots(net, job_id, liar_account.address, ("done",))) >= 2,
            120,
            "the liar to deliver two frames",
        )
    finally:
        liar.stop()  # it finishes (and spoils) the frame it holds, then leaves: only runs, no checks
        for i in range(net.n_workers):
            net.start_worker(i)
    net.wait_status(job_id, JobStatus.SETTLED, timeout=240)

    manifest, cid = net.manifest(job_id)
    assert all(t.status == "accepted" for t in manifest.tasks), [
        (t.index, t.status, [(s.role, s.worker[:8], s.output_cid is not None) for s in t.slots]) for t in manifest.tasks
    ]
    lied = {t.index: s for t in manifest.tasks for s in t.slots if s.worker == liar_account.address}
    assert len(lied) >= 2 and all(s.role == "run" for s in lied.values())
    for index, slot in lied.items():
        task = manifest.tasks[index]
        assert liar_account.address in task.slashed and liar_account.address not in task.paid
        assert task.accepted_output_cid != slot.output_cid and task.paid
    plan = plan_from_manifest(manifest, spec.reward_per_task, cid)
    assert liar_account.address not in plan.payouts
    slash = manifest_slash(manifest)
    assert (
        registry.stake_of(liar_account.address)
        == stake_before - slash * len(lied)
        == (STAKE_TOKENS * TOKEN - slash * len(lied))
    )

    # what the requester downloads is the honest render: frames of a spoilt task equal a fresh local render
    out = tmp_path / "results"
    files = net.requester().results(job_id, out)
    assert len(files) == 4
    from protocol.jobspec import slice_tasks
    from worker_node.runtimes.render import render_task
    from worker_node.runtimes.sandbox import Limits

    index = min(lied)
    reference = render_task(
        spec, slice_tasks(spec)[index], scene, tmp_path / "reference", device="cpu", limits=Limits(wall_seconds=300)
    )
    got = np.asarray(Image.open(out / f"task_{index:05d}" / slice_tasks(spec)[index].outputs[0]))
    want = np.asarray(Image.open(reference.files[0]))
    assert got.shape == want.shape and got.shape[:2] == (48, 64)
    assert np.abs(got.astype(int) - want.astype(int)).max() <= 2


# --------------------------------------------------------------------------- joining a running network


def test_e2e__demo_joins_running_network__requester_only_job_settled(net, tmp_path):
    account = net.worker_account(net.n_workers + 1)  # a requester of its own (the liar's neighbour)
    net.transfer(account, 100 * TOKEN)
    env = {
        **os.environ,
        "COLUMNS": "200",
        "GPUHIVE_E2E_REQUESTER_KEY": "0x" + str(account.private_key).removeprefix("0x"),
    }
    jobs_before = len(net.events("JobCreated"))
    proc = subprocess.run(
        [
            str(REPO_ROOT / ".venv" / "bin" / "gpuhive"),
            "demo",
            "--rpc",
            net.rpc_url,
            "--deployment",
            str(net.deployment_path),
            "--oracles",
            ",".join(net.oracle_urls),
            "--key-env",
            "GPUHIVE_E2E_REQUESTER_KEY",
            "--store",
            str(net.store_path),
            "--workdir",
            str(tmp_path),
        ],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "GPUHIVE_E2E_REQUESTER_KEY" in proc.args and env["GPUHIVE_E2E_REQUESTER_KEY"] not in " ".join(proc.args)
    (created,) = net.events("JobCreated")[jobs_before:]
    job_id = created["args"]["job_id"]
    assert created["args"]["requester"] == account.address
    assert net.job(job_id).status == JobStatus.SETTLED
    assert proc.stdout.count("accepted") == 4 and f"job {job_id} settled" in proc.stdout
    assert len(list((tmp_path / "output").rglob("frame_*.png"))) == 4


# --------------------------------------------------------------------------- every oracle is down


def test_e2e__all_oracles_down_past_deadline__requester_reclaims_whole_budget(net):
    requester = net.requester()
    deadline = net.chain_time() + 3_600
    spec = _compute(
        3, 6_000_000, replication=1, deadline=deadline, verification={"method": "hash", "spot_check_bps": 1}
    )
    before = net.balance(requester.address)
    job_id = requester.submit(spec)
    for i in range(net.n_oracles):  # the whole committee goes down with the job under way
        net.kill_oracle(i)
    assert net.job(job_id).status == JobStatus.OPEN
    assert net.balance(requester.address) == before - spec.budget
    with pytest.raises(RequesterError, match="can be reclaimed after deadline"):
        requester.reclaim(job_id)
    net.advance_time(3_600 + WINDOW + 1)  # past deadline + settle grace
    requester.reclaim(job_id)
    assert net.job(job_id).status == JobStatus.RECLAIMED
    (event,) = net.events("JobReclaimed", job_id)
    assert event["args"]["amount"] == spec.budget
    assert net.balance(requester.address) == before
