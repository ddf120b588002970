"""The dispatch policy as the oracle service wires it (issue 21): ``OracleConfig.dispatch_policy`` and
``Dispatcher(selection=...)``, through the real dispatcher (SQLite, real EIP-712 signatures, a simulated clock).
With "aicore" a fast worker gets the heavy tasks and near a job's end an idle worker gets a backup copy of the
slowest running task, whose first valid result wins (the other lease released, each replica paid once); with
"fifo" the dispatcher leases as before. And the sentries' heavy rule prefers fast workers for heavy kinds
without starving an idle slow worker."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import ValidationError

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.dispatch_policy import DispatchPolicy
from oracles.dispatcher import LeaseError, Submitted
from oracles.manifest_audit import build_manifest
from oracles.models import Job
from oracles.worker_selection import WorkerSelection
from protocol.config import CommitteePolicy
from protocol.jobspec import load_spec
from protocol.result_manifest import plan_from_manifest
from protocol.sentry_leaf import Leaf
from tests.oracles.test_dispatch_policy import compute_spec
from tests.support.dispatch_sim import DOMAIN, SPEC_CID, SimOracle, workers_of
from tests.support.oracle_network import spec_yaml

KINDS = ("compute",)


def wired(tmp_path, speeds, policy: str, attested=None) -> SimOracle:
    return SimOracle(tmp_path, workers_of(speeds, attested), dispatch=policy)


def lease(net: SimOracle, worker: int, kinds=KINDS, want: int = 1) -> list:
    return net.dispatcher.lease_many(net.workers[worker].address, kinds, want)


def runs(net: SimOracle) -> Counter:
    return Counter((slot.task_index, slot.replica, slot.state) for slot in net.slots(1) if slot.role == "run")


def test_config__dispatch_policy__aicore_or_fifo_only():
    assert OracleConfig(dispatch_policy="aicore").dispatch_policy == "aicore"
    with pytest.raises(ValidationError, match="dispatch_policy"):
        OracleConfig(dispatch_policy="fastest")


@pytest.mark.parametrize(("policy", "slow_gets"), [("aicore", 20), ("fifo", 1)])
def test_dispatch_policy__heavy_and_light_tasks__aicore_gives_the_slow_worker_the_light_one(
    tmp_path, policy, slow_gets
):
    net = wired(tmp_path, [4.0, 0.5], policy)
    net.add_job(1, compute_spec(chains=61, per_task=3))  # 20 tasks of 3 chains, the last one of 1
    assert (net.dispatcher.policy is not None) == (policy == "aicore")
    [fast] = lease(net, 0)  # the fast worker asks first: a heavy task either way
    [slow] = lease(net, 1)
    assert fast.task_index < 20
    assert slow.task_index == slow_gets  # aicore: the lightest; fifo: the oldest left


def straggler_holds_the_last_task(tmp_path, policy: str):
    """Job of 2 tasks: the straggler (0.2x) holds task 0; the fast worker (4x) did task 1 in 10 s and is idle."""
    net = wired(tmp_path, [4.0, 0.2], policy)
    net.add_job(1, compute_spec(chains=2))
    fast, slow = net.workers
    [held] = lease(net, 1)  # (the straggler asks first, alone: nothing to keep it off)
    [done] = lease(net, 0)
    net.clock.now += 10
    assert isinstance(net.dispatcher.submit_many(fast.address, [net.signed(fast, done)])[0], Submitted)
    net.clock.now += 1
    return net, held


def test_dispatch_policy_aicore__job_end__idle_fast_worker_gets_a_copy_first_result_wins(tmp_path):
    net, held = straggler_holds_the_last_task(tmp_path, "aicore")
    fast, slow = net.workers
    [copy] = lease(net, 0)
    assert (copy.task_index, copy.replica, copy.role) == (held.task_index, held.replica, "run")
    assert runs(net)[(0, 1, "leased")] == 2
    net.clock.now += 5
    assert isinstance(net.dispatcher.submit_many(fast.address, [net.signed(fast, copy)])[0], Submitted)
    assert runs(net) == Counter({(0, 1, "done"): 1, (0, 1, "void"): 1, (1, 1, "done"): 1})
    with pytest.raises(LeaseError, match="another copy of the task reported first") as beat:
        net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5)  # the straggler's lease is released
    assert beat.value.status == 410
    [late] = net.dispatcher.submit_many(slow.address, [net.signed(slow, held)])
    assert isinstance(late, LeaseError) and late.status == 410


def test_dispatch_policy_aicore__job_end_holder_on_time_heartbeating_its_stage__no_copy(tmp_path):
    """Two workers of one speed: one did task 1 in 10 s, the other holds task 0 since as long and heartbeats the
    agent's stage progress (0.1: running, worker_node/heartbeat.py). That is not 10 % done: the holder is on
    time, so the idle worker gets no copy (read as LATE's progress it looked 90 s from done, and was copied)."""
    net = wired(tmp_path, [1.0, 1.0], "aicore")
    net.add_job(1, compute_spec(chains=2))
    first, second = net.workers
    [held] = lease(net, 1)
    [done] = lease(net, 0)
    net.clock.now += 10
    net.dispatcher.heartbeat(held.lease_id, second.address, 0.1)
    assert isinstance(net.dispatcher.submit_many(first.address, [net.signed(first, done)])[0], Submitted)
    net.clock.now += 1
    net.dispatcher.heartbeat(held.lease_id, second.address, 0.1)
    assert lease(net, 0) == []
    assert net.dispatcher.policy.copies_made == 0  # type: ignore[union-attr]


def test_dispatch_policy_fifo__job_end__no_copy_straggler_keeps_its_lease(tmp_path):
    net, held = straggler_holds_the_last_task(tmp_path, "fifo")
    fast, slow = net.workers
    assert lease(net, 0) == []
    assert runs(net) == Counter({(0, 1, "leased"): 1, (1, 1, "done"): 1})
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5)


def test_dispatch_policy_aicore__replicated_job_with_hidden_stragglers__copies_and_each_replica_paid_once(tmp_path):
    # the stragglers were attested at 1x and run at 0.2x: the tail rule cannot keep them off, the backups must
    net = wired(tmp_path, [4.0, 4.0, 2.0, 0.2, 0.2], "aicore", attested=[None, None, None, 1.0, 1.0])
    spec = compute_spec(chains=12, replication=2)
    net.add_job(1, spec, upload=True)
    result = net.run(1, KINDS, lambda task: 10.0, seed=1)
    assert result.copies_made >= 1 and result.copies_voided == result.copies_made
    assert result.results_recorded == 24
    advancer = Advancer(net.sessions, net.config, net.jobs, net.dispatcher, net.store, head=lambda: (100, b"\x01" * 32))
    advancer.advance(1)
    with net.sessions() as s:
        job = s.get(Job, 1)
        manifest = build_manifest(s, job, net.jobs.get(job), 31337, DOMAIN.verifying_contract, CommitteePolicy())
    assert result.results_refused + result.copies_voided >= 1
    assert [task.status for task in manifest.tasks] == ["accepted"] * 12
    assert all(len(task.paid) == 2 and len(set(task.paid)) == 2 for task in manifest.tasks)
    assert all(sum(1 for x in task.slots if x.role == "run") == 2 for task in manifest.tasks)
    plan = plan_from_manifest(manifest, spec.reward_per_task, "bafy")
    assert plan.settlement.total_payout == 24 * spec.reward_per_task


# ------------------------------------------------------------ the heavy rule: preferred, not forbidden


def render_and_compute(net: SimOracle) -> None:
    net.add_job(1, load_spec(spec_yaml("render", scene_cid=SPEC_CID)))  # 8 heavy tasks
    net.add_job(2, compute_spec(chains=12))  # 12 light ones


def test_kinds_for__idle_slow_worker__heavy_kinds_too():
    fast, slow = (w.address for w in workers_of([4.0, 1.0]))
    selection = WorkerSelection()
    selection.update({"s": [Leaf(fast, 1, 10_000, 4_000), Leaf(slow, 1, 10_000, 1_000)]})
    assert selection.kinds_for(slow, ("render", "compute")) == ("compute",)
    assert selection.kinds_for(slow, ("render", "compute"), idle=True) == ("render", "compute")
    assert selection.kinds_for(fast, ("render", "compute")) == ("render", "compute")


@pytest.mark.parametrize("policy", ["fifo", "aicore"])
def test_dispatcher_selection__1x_worker_beside_a_4x_one__light_tasks_first(tmp_path, policy):
    net = wired(tmp_path, [4.0, 1.0], policy)
    render_and_compute(net)
    both = ("render", "compute")
    assert [x.job_id for x in lease(net, 0, both)] == [1]  # the fast worker: heavy
    assert [x.job_id for x in lease(net, 1, both)] == [2]  # the slow one: a light task while there are some


@pytest.mark.parametrize("policy", ["fifo", "aicore"])
def test_dispatcher_selection__idle_1x_worker_beside_a_busy_4x_one__heavy_task_not_starved(tmp_path, policy):
    net = wired(tmp_path, [4.0, 1.0], policy)
    net.add_job(1, load_spec(spec_yaml("render", scene_cid=SPEC_CID)))  # 8 heavy tasks, no light ones
    both = ("render", "compute")
    assert [x.job_id for x in lease(net, 0, both)] == [1]
    # before: nothing for the 1x worker while a 4x one was attested, however long the queue
    assert [x.job_id for x in lease(net, 1, both)] == [1]


def test_dispatcher_lease_filter_only__1x_worker_beside_a_4x_one__no_heavy_tasks(tmp_path):
    """Without ``selection`` (a bare ``lease_filter``) the filter is the whole rule, as before."""
    net = SimOracle(tmp_path, workers_of([4.0, 1.0]), dispatch=None)
    net.dispatcher.lease_filter = net.selection.kinds_for
    render_and_compute(net)
    assert lease(net, 1, ("render",)) == []


def test_dispatcher__default_config__aicore_policy_wired(tmp_path):
    net = SimOracle(tmp_path, workers_of([1.0]))  # neither a policy nor dispatch_policy given: the config's default
    assert OracleConfig().dispatch_policy == "aicore"
    assert isinstance(net.dispatcher.policy, DispatchPolicy)


def test_dispatch_policy_aicore__zk_job_without_a_work_model__leased_in_fifo_order(tmp_path, caplog):
    """A zk task has no work model (protocol.aicore.work): the policy weighs its tasks the same instead of failing
    every exchange that reaches the job (it answered 500 to the zk worker before)."""
    from protocol.contracts import REPO_ROOT
    from protocol.jobspec import load_spec_file

    net = wired(tmp_path, [1.0, 2.0], "aicore")
    net.add_job(1, load_spec_file(REPO_ROOT / "examples" / "zk.yaml"))
    assert [lease.task_index for lease in lease(net, 1, kinds=("zk",), want=2)] == [0, 1]
    assert "dispatch policy failed" not in caplog.text  # the policy's own order, not the dispatcher's fallback


def test_dispatcher__policy_raises__leases_in_fifo_order_and_logs(tmp_path, caplog):
    net = wired(tmp_path, [1.0, 1.0], "aicore")
    net.add_job(1, compute_spec(chains=4))

    def broken(*_args):
        raise RuntimeError("a bug in the policy")

    net.dispatcher.policy.arrange = broken  # type: ignore[union-attr,method-assign]
    assert [lease.task_index for lease in lease(net, 0, want=2)] == [0, 1]
    assert "dispatch policy failed: leasing in fifo order" in caplog.text
