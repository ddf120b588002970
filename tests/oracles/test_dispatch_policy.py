"""oracles/dispatch_policy.py through the real dispatcher (SQLite, real signatures, a simulated clock): heavier
tasks to faster workers, the tail rule, backup copies whose first result wins, and a task paid once (the real
advancer judges the job and the manifest's settlement plan is computed from it)."""

from __future__ import annotations

from collections import Counter

import pytest

from oracles.advancer import Advancer
from oracles.dispatch_policy import PolicyConfig, time_left
from oracles.dispatcher import LeaseError, Submitted
from oracles.manifest_audit import build_manifest
from oracles.models import Job
from oracles.worker_selection import WorkerSelection
from protocol.config import CommitteePolicy
from protocol.jobspec import load_spec
from protocol.result_manifest import plan_from_manifest
from protocol.sentry_leaf import Leaf, offline_leaf
from tests.support.dispatch_sim import DOMAIN, SimOracle, workers_of
from tests.support.labelers import LabelJob
from tests.support.oracle_network import spec_yaml

KINDS = ("compute",)


def compute_spec(chains: int, per_task: int = 1, replication: int = 1):
    return load_spec(
        spec_yaml(
            "compute",
            replication=replication,
            items_per_task=per_task,
            verification={"method": "hash", "spot_check_bps": 100 if replication == 1 else 0},
            kernel={"name": "sha256_chain", "chains": chains, "length": 100, "seed": 1},
        )
    )


def sim(tmp_path, speeds, **policy) -> SimOracle:
    return SimOracle(tmp_path, workers_of(speeds), policy=PolicyConfig(**policy))


def leased_tasks(net: SimOracle, worker: int, want: int = 1) -> list[int]:
    return [lease.task_index for lease in net.dispatcher.lease_many(net.workers[worker].address, KINDS, want)]


def test_arrange__tasks_of_unequal_work__fast_worker_heaviest_slow_worker_lightest(tmp_path):
    net = sim(tmp_path, [4.0, 0.5], tail=False)
    net.add_job(1, compute_spec(chains=7, per_task=3))  # tasks of 3, 3 and 1 chains
    assert leased_tasks(net, 0) == [0]  # the fast worker: a heavy task
    assert leased_tasks(net, 1) == [2]  # the slow worker (below the mean of those asking): the light one


def test_tail__queue_near_its_end__straggler_refused_faster_worker_leases(tmp_path):
    net = sim(tmp_path, [4.0, 0.2])
    net.add_job(1, compute_spec(chains=10))
    assert leased_tasks(net, 0) == [0]  # the fast worker asks first: it counts in the active speed
    # S = 4.2, v_max = 4: the straggler finishes a task after the fast worker would while fewer than
    # 4.2 x (1/0.2 - 1/4) ~ 20 tasks are pending; 9 are
    assert leased_tasks(net, 1) == []
    assert leased_tasks(net, 0) == [1]


def test_tail__long_queue__straggler_leases(tmp_path):
    net = sim(tmp_path, [4.0, 0.2])
    net.add_job(1, compute_spec(chains=40))
    assert leased_tasks(net, 0) == [0]
    assert leased_tasks(net, 1) == [1]


def test_tail__fast_workers_stop_asking__straggler_leases_again(tmp_path):
    net = sim(tmp_path, [4.0, 0.2])
    net.add_job(1, compute_spec(chains=10))
    assert leased_tasks(net, 0) == [0]
    assert leased_tasks(net, 1) == []
    net.clock.now += 31  # the fast worker has not asked for 31 s: it leaves S and v_max
    assert leased_tasks(net, 1) == [1]


def straggler_and_idle_worker(tmp_path, **policy) -> tuple[SimOracle, object]:
    """Job of 2 tasks: the straggler (0.2x) holds task 0, the fast worker (4x) did task 1 in 10 s and is idle."""
    net = sim(tmp_path, [4.0, 0.2], tail=False, **policy)
    net.add_job(1, compute_spec(chains=2))
    fast, slow = net.workers
    [held] = net.dispatcher.lease_many(slow.address, KINDS, 1)
    [done] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    net.clock.now += 10
    assert isinstance(net.dispatcher.submit(**vars_of(net.signed(fast, done)), worker=fast.address), Submitted)
    net.clock.now += 1
    return net, held


def vars_of(item) -> dict:
    return {
        "lease_id": item.lease_id,
        "digest": item.digest,
        "output_cid": item.output_cid,
        "signature": item.signature,
    }


def runs(net: SimOracle) -> Counter:
    return Counter((slot.task_index, slot.replica, slot.state) for slot in net.slots(1) if slot.role == "run")


def test_backup__straggler_holds_last_task__idle_fast_worker_gets_a_copy_of_the_same_run(tmp_path):
    net, held = straggler_and_idle_worker(tmp_path)
    fast, _ = net.workers
    [copy] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    assert (copy.task_index, copy.replica, copy.role) == (held.task_index, held.replica, "run")
    assert runs(net)[(0, 1, "leased")] == 2
    # at most one copy per run: asking again gives nothing more
    assert net.dispatcher.lease_many(fast.address, KINDS, 1) == []


def test_backup__copy_reports_first__original_voided_and_its_result_refused(tmp_path):
    net, held = straggler_and_idle_worker(tmp_path)
    fast, slow = net.workers
    [copy] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    net.clock.now += 10
    assert isinstance(net.dispatcher.submit_many(fast.address, [net.signed(fast, copy)])[0], Submitted)
    assert runs(net) == Counter({(0, 1, "done"): 1, (0, 1, "void"): 1, (1, 1, "done"): 1})
    with pytest.raises(LeaseError, match="another copy of the task reported first") as beat:
        net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5)
    assert beat.value.status == 410
    [late] = net.dispatcher.submit_many(slow.address, [net.signed(slow, held)])
    assert isinstance(late, LeaseError) and late.status == 410
    assert runs(net)[(0, 1, "done")] == 1


def test_backup__copy_reports_first__voided_original_keeps_its_holder_in_history(tmp_path):
    net, held = straggler_and_idle_worker(tmp_path)
    fast, slow = net.workers
    [copy] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    net.clock.now += 10
    net.dispatcher.submit_many(fast.address, [net.signed(fast, copy)])
    [void] = [slot for slot in net.slots(1) if slot.state == "void"]
    assert void.history == [
        {"worker": slow.address, "why": "another copy of the task reported first", "at": net.clock.now}
    ]


def test_backup__original_reports_first__copy_voided_and_refused(tmp_path):
    net, held = straggler_and_idle_worker(tmp_path)
    fast, slow = net.workers
    [copy] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    assert isinstance(net.dispatcher.submit_many(slow.address, [net.signed(slow, held)])[0], Submitted)
    [late] = net.dispatcher.submit_many(fast.address, [net.signed(fast, copy)])
    assert isinstance(late, LeaseError) and "another copy" in late.detail
    assert runs(net) == Counter({(0, 1, "done"): 1, (0, 1, "void"): 1, (1, 1, "done"): 1})


def test_backup__job_without_any_result_yet__no_copy(tmp_path):
    net = sim(tmp_path, [4.0, 0.2], tail=False)
    net.add_job(1, compute_spec(chains=1))
    assert leased_tasks(net, 1) == [0]
    net.clock.now += 30
    assert leased_tasks(net, 0) == []  # no measured rate: no estimate of the straggler's time left


def test_backup__holder_faster_than_idle_worker__no_copy(tmp_path):
    net = sim(tmp_path, [4.0, 0.2], tail=False)
    net.add_job(1, compute_spec(chains=2))
    fast, slow = net.workers
    [done] = net.dispatcher.lease_many(slow.address, KINDS, 1)
    net.dispatcher.lease_many(fast.address, KINDS, 1)
    net.clock.now += 50
    net.dispatcher.submit_many(slow.address, [net.signed(slow, done)])
    assert net.dispatcher.lease_many(slow.address, KINDS, 1) == []  # the 4x holder finishes long before it would


def test_backups__replicated_job_with_stragglers__every_replica_judged_and_paid_once(tmp_path):
    net = SimOracle(tmp_path, workers_of([4.0, 4.0, 2.0, 0.2, 0.2]), policy=PolicyConfig(tail=False))
    spec = compute_spec(chains=12, replication=2)
    net.add_job(1, spec, upload=True)
    result = net.run(1, KINDS, lambda task: 10.0, seed=1)
    assert result.copies_made >= 1 and result.copies_voided >= 1
    assert result.results_recorded == 24
    head = lambda: (100, b"\x01" * 32)  # noqa: E731
    advancer = Advancer(net.sessions, net.config, net.jobs, net.dispatcher, net.store, head=head)
    advancer.advance(1)
    with net.sessions() as s:
        job = s.get(Job, 1)
        manifest = build_manifest(s, job, net.jobs.get(job), 31337, DOMAIN.verifying_contract, CommitteePolicy())
    assert [task.status for task in manifest.tasks] == ["accepted"] * 12
    assert all(len(task.paid) == 2 and len(set(task.paid)) == 2 for task in manifest.tasks)
    assert all(sum(1 for x in task.slots if x.role == "run") == 2 for task in manifest.tasks)
    plan = plan_from_manifest(manifest, spec.reward_per_task, "bafy")
    assert plan.settlement.total_payout == 24 * spec.reward_per_task


@pytest.mark.parametrize(("fraction", "copied"), [(0.9, False), (0.1, True), (None, True)])
def test_backup__holder_reports_fraction__copied_only_when_late_rule_leaves_long_enough(tmp_path, fraction, copied):
    # the straggler (0.2x) is expected to take 200 s and the idle 4x worker 10 s: the stage rule copies after 11 s.
    # With the runtime's fraction LATE's rule decides: 11 s x 0.1 / 0.9 ~ 1.2 s left at f = 0.9 (no copy: under
    # 1.5 x 10 s), 11 s x 0.9 / 0.1 = 99 s at f = 0.1 (a copy); no fraction (an old agent): the stage rule
    net, held = straggler_and_idle_worker(tmp_path)
    fast, slow = net.workers
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5, fraction)
    got = net.dispatcher.lease_many(fast.address, KINDS, 1)
    assert [(lease.task_index, lease.replica) for lease in got] == ([(held.task_index, held.replica)] if copied else [])
    assert runs(net)[(0, 1, "leased")] == (2 if copied else 1)


def test_backup__holder_reported_fraction_long_ago__stage_rule_again(tmp_path):
    net, held = straggler_and_idle_worker(tmp_path, fraction_fresh_s=20.0)
    fast, slow = net.workers
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5, 0.95)
    assert net.dispatcher.lease_many(fast.address, KINDS, 1) == []  # nearly done: no copy
    net.clock.now += 21  # no fraction since (its runtime stopped reporting)
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.5)
    [copy] = net.dispatcher.lease_many(fast.address, KINDS, 1)
    assert (copy.task_index, copy.replica) == (held.task_index, held.replica)


def test_backup__holder_queued_before_its_runtime_started__elapsed_counts_from_its_last_beat_without_fraction(
    tmp_path,
):
    # the lease waited 31 s (queued behind another, fetching: beats without a fraction), then its runtime did half
    # the task in 4 s: 4 s left, no copy. Counted from the lease, 35 s would be left (over 1.5 x 10 s: a copy)
    net, held = straggler_and_idle_worker(tmp_path)
    fast, slow = net.workers
    net.clock.now += 20
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.05)  # fetching: no fraction
    net.clock.now += 4
    net.dispatcher.heartbeat(held.lease_id, slow.address, 0.1, 0.5)
    assert net.dispatcher.lease_many(fast.address, KINDS, 1) == []


@pytest.mark.parametrize(("elapsed", "fraction", "left"), [(10.0, 0.5, 10.0), (30.0, 0.25, 90.0), (5.0, 1.0, 0.0)])
def test_time_left__reported_fraction__late_rule(elapsed, fraction, left):
    assert time_left(elapsed, 1_000.0, fraction) == pytest.approx(left)


def test_time_left__fraction_too_small_to_extrapolate__expected_duration_rule():
    assert time_left(10.0, 50.0, 0.01) == pytest.approx(40.0)


@pytest.mark.parametrize(("elapsed", "expected", "left"), [(10.0, 50.0, 40.0), (60.0, 50.0, 60.0)])
def test_time_left__expected_duration_less_elapsed__as_long_again_once_overdue(elapsed, expected, left):
    assert time_left(elapsed, expected) == pytest.approx(left)


def test_speed__attested_scores__relative_to_median_unattested_at_median_offline_zero():
    fast, mid, slow, down = (f"0x{i:040x}" for i in range(1, 5))
    selection = WorkerSelection()
    selection.update(
        {
            "s": [
                Leaf(fast, 3, 10_000, 4_000),
                Leaf(mid, 3, 10_000, 1_000),
                Leaf(slow, 3, 10_000, 200),
                offline_leaf(down, 3),
            ]
        }
    )
    assert [selection.speed(w) for w in (fast, mid, slow, down)] == [4.0, 1.0, 0.2, 0.0]
    assert selection.speed("0x" + "ee" * 20) == 1.0


def test_backup__run_window_over__no_copy(tmp_path):
    net, _ = straggler_and_idle_worker(tmp_path)
    fast, _ = net.workers
    net.dispatch_policy.run_window_s = 5.0  # the job's first lease was 11 s ago
    assert net.dispatcher.lease_many(fast.address, KINDS, 1) == []


def test_fetch__only_jobs_of_equal_task_work_in_reach__reads_fifos_count_and_leases_in_fifo_order(tmp_path):
    net = sim(tmp_path, [4.0, 1.0, 1.0])
    net.add_job(1, compute_spec(chains=40))  # 40 tasks of one chain each
    policy = net.dispatch_policy
    assert policy.fetch(1) == policy.config.window  # nothing seen yet: the window
    assert leased_tasks(net, 1) == [0]
    assert (policy.fetch(1), policy.fetch(4)) == (1, 8)  # every task weighs the same: nothing to sort
    assert leased_tasks(net, 0, want=3) == [1, 2, 3]
    assert leased_tasks(net, 2) == [4]


def test_fetch__job_of_unequal_work_comes_in_reach__window_again_and_slow_worker_lightest(tmp_path):
    net = sim(tmp_path, [4.0, 0.5], tail=False)
    net.add_job(1, compute_spec(chains=1))
    net.add_job(2, compute_spec(chains=61, per_task=3))  # 20 tasks of 3 chains, the last one of 1
    policy = net.dispatch_policy
    assert leased_tasks(net, 0) == [0]  # job 1's only task
    # (the window read job 2's rows as well: it stays in use)
    assert policy.fetch(1) == policy.config.window
    assert leased_tasks(net, 1) == [20]  # job 2's lightest task
    while leased_tasks(net, 0):  # job 2 leased out
        pass
    net.add_job(3, compute_spec(chains=10))
    assert leased_tasks(net, 0) == [0]  # (job 2's rows were in reach 0 s ago: the window still)
    assert policy.fetch(1) == policy.config.window
    net.clock.now += 31  # no row of a job of unequal work for 31 s: fifo's count
    assert leased_tasks(net, 0) == [1]
    assert policy.fetch(1) == 1


@pytest.mark.parametrize(("no_copy_kinds", "copies"), [(("label",), 0), ((), 1)])
def test_backup__labeling_batch_held_by_a_slow_labeler__never_copied_by_default(tmp_path, no_copy_kinds, copies):
    net = SimOracle(
        tmp_path, workers_of([0.2, 4.0, 4.0, 4.0]), policy=PolicyConfig(tail=False, no_copy_kinds=no_copy_kinds)
    )
    net.add_job(1, LabelJob(items=40, gold_items=4, batch_size=20, replication=2).spec)  # 2 batches x 2 replicas
    slow, *fast = net.workers
    assert len(net.dispatcher.lease_many(slow.address, ("label",), 1)) == 1  # batch 0, replica 0
    done = [net.dispatcher.lease_many(worker.address, ("label",), 1)[0] for worker in fast]
    net.clock.now += 10
    for worker, lease in zip(fast, done, strict=True):
        assert isinstance(net.dispatcher.submit_many(worker.address, [net.signed(worker, lease)])[0], Submitted)
    net.clock.now += 1
    idle = next(w for w, lease in zip(fast, done, strict=True) if lease.task_index == 1)  # it never ran batch 0
    assert len(net.dispatcher.lease_many(idle.address, ("label",), 1)) == copies
    assert net.dispatch_policy.copies_made == copies
