"""The agent's batched path against three real oracles on anvil: one ``POST /v1/work`` round trip reports
what finished and leases the next tasks, up to ``max_held_leases``; urgent leases first; queued leases
heartbeated, journalled (a crash settles them all) and released when the worker stops; a failure reported
for its lease alone. The single-lease endpoints are never used by the loop (only by recovery)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

from protocol.contracts import JobStatus
from protocol.leases import Lease
from tests.support.agent_network import (
    build_network,
    key_of,
    result_manifest,
    slots_of,
    spec_yaml,
    staked_agent,
    stub_lease,
    wait_for,
    worker_config,
)
from worker_node import agent as agent_module
from worker_node.agent import Agent
from worker_node.journal import LEASED, READY, HeldLease
from worker_node.runtimes.sandbox import RuntimeFailure

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


def compute_spec(tasks: int, length: int = 1_000) -> str:
    """Two replicas per task, no spot checks: one agent alone runs one replica of every task (never two of
    one task), deterministically; a second worker is needed only to settle."""
    return spec_yaml(
        "compute",
        replication=2,
        kernel={"name": "sha256_chain", "chains": tasks, "length": length, "seed": 5},
        verification={"method": "hash", "spot_check_bps": 0},
    )


def by_state(held: list[HeldLease]) -> tuple[HeldLease, HeldLease]:
    """The journal's two leases: the one run (outputs ready) and the one queued (never started)."""
    assert sorted(h.state for h in held) == [LEASED, READY]
    ready = next(h for h in held if h.state == READY)
    return ready, next(h for h in held if h.state == LEASED)


def done_by(net: Any, job_id: int, worker: str) -> list[Any]:
    return [s for s in slots_of(net, job_id) if s.state == "done" and s.worker == worker]


@dataclass
class Exchange:
    url: str
    results: int
    failures: int
    want: int
    leases: int
    held_after: int  # slots of the watched job leased to the worker once the oracle answered


def spy_exchanges(agent: Agent, net: Any, job: dict[str, int]) -> list[Exchange]:
    """Record every ``/v1/work`` round trip of ``agent`` (the real call is made); forbid the single-lease
    endpoints, which the loop must not use."""
    calls: list[Exchange] = []
    for oracle in agent.oracles.values():
        client, real = oracle.client, oracle.client.exchange

        def spy(
            results: list,
            want: int,
            wait_s: float = 0.0,
            failures: list | None = None,
            real: Any = real,
            url: str = oracle.url,
        ) -> Any:
            reply = real(results, want, wait_s, failures)
            held = (
                sum(s.state == "leased" and s.worker == agent.address for s in slots_of(net, job["id"]))
                if "id" in job
                else 0
            )
            calls.append(Exchange(url, len(results), len(failures or []), want, len(reply.leases), held))
            return reply

        def single(*_a: Any, **_k: Any) -> None:
            raise AssertionError("the agent's loop used a single-lease endpoint")

        client.exchange = spy  # type: ignore[method-assign]
        client.lease = client.submit = client.fail = single  # type: ignore[method-assign]
    return calls


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def test_exchange__result_finished__reported_and_next_lease_granted_in_one_round_trip(net, accounts, tmp_path):
    agent = staked_agent(net, tmp_path, accounts[4], "batched")
    job: dict[str, int] = {}
    calls = spy_exchanges(agent, net, job)
    try:
        agent.start()
        job["id"] = net.create_job(compute_spec(tasks=5))
        wait_for(lambda: len(done_by(net, job["id"], agent.address)) == 5, 60, "a replica of every task done")
        # the spy records a round trip when its reply comes: the last report may ride on a long-poll
        wait_for(lambda: sum(c.results for c in calls) == 5, 10, "the last report's reply")
        assert any(c.results >= 1 and c.leases >= 1 for c in calls), calls
        wait_for(lambda: agent.journal.held() == [], 10, "the journal to empty")
    finally:
        agent.stop()


@dataclass
class Grant:
    """One lease request of a worker as an oracle's dispatcher served it."""

    want: int
    leases: int
    held: int  # slots leased to the worker at that oracle once the request was served


def spy_grants(net: Any, worker: str) -> list[Grant]:
    """Record every lease request of ``worker`` at each oracle's dispatcher, with the slots it holds there just
    after, counted under the dispatcher's lock (the lock each exchange, heartbeat and expiry takes): nothing comes
    between a grant and its count. (Counted from the agent's side once the reply came, the count also held
    whatever changed at the oracle meanwhile.)"""
    from sqlalchemy import func, select

    from oracles.models import Slot, SlotState

    grants: list[Grant] = []
    for svc in net.oracles:
        dispatcher = svc.dispatcher

        def exchange(who: str, items: list, kinds: tuple, want: int, dispatcher: Any = dispatcher) -> Any:
            with dispatcher._lock:  # (re-entrant: the real exchange takes it again)
                outcomes, leases = type(dispatcher).exchange(dispatcher, who, items, kinds, want)
                if who == worker and want:
                    leased = (Slot.state == SlotState.LEASED) & (Slot.worker == worker)
                    with dispatcher.sessions() as s:
                        held = s.scalar(select(func.count()).select_from(Slot).where(leased))
                    grants.append(Grant(want, len(leases), held))
            return outcomes, leases

        dispatcher.exchange = exchange
    return grants


def test_prefetch__job_larger_than_capacity__never_holds_more_than_max_held_leases(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    # leases that outlast any heartbeat gap of a loaded machine: with the usual 5 s, a lease expired under load (its
    # result refused, the task leased again) and the oracle counted it held until its sweep; not this test's case
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=120.0)
    try:
        agent = staked_agent(net, tmp_path, accounts[4], "prefetching", max_held_leases=3)
        spy_exchanges(agent, net, {})  # (the loop never uses the single-lease endpoints)
        grants = spy_grants(net, agent.address)
        try:
            job_id = net.create_job(compute_spec(tasks=10))
            agent.start()
            wait_for(lambda: len(done_by(net, job_id, agent.address)) == 10, 300, "a replica of every task done")
        finally:
            agent.stop()
        assert max(g.held for g in grants if g.leases) == 3, grants  # it prefetches up to the capacity ...
        assert [g for g in grants if g.want + g.held - g.leases > 3] == [], grants  # ... and never asks for more
        assert sum(g.leases for g in grants) == 10, grants
        assert not any(s.history for s in slots_of(net, job_id))  # each task leased once: no expiry, no release
    finally:
        net.close()


def test_agent_crash__two_held_leases__restart_submits_finished_and_releases_queued(
    net, accounts, tmp_path, monkeypatch
):
    crashed = staked_agent(net, tmp_path, accounts[4], "crashing")
    monkeypatch.setattr(crashed, "_publish", lambda *a: None)  # dies after the runtime, before reporting
    job_id = net.create_job(compute_spec(tasks=2))
    helper: Agent | None = None
    restarted: Agent | None = None
    try:
        wait_for(crashed.poll_once, 30, "a lease run")
        finished, queued = by_state(crashed.journal.held())  # both journalled, the second never started
        crashed.close()

        restarted = Agent(crashed.config, key_of(accounts[4]))
        report = restarted.recover()
        assert report.submitted == [finished.lease.lease_id]
        assert report.released == [queued.lease.lease_id]
        assert restarted.journal.held() == []

        helper = staked_agent(net, tmp_path, accounts[5], "helper").start()
        restarted.start()
        net.wait_status(job_id, JobStatus.SETTLED, timeout=60)
        manifest, _cid = result_manifest(net, job_id)
        assert [t.status for t in manifest.tasks] == ["accepted"] * 2
        for task in manifest.tasks:  # each task once by each worker: the released replica was run again
            assert sorted(s.worker for s in task.slots) == sorted([accounts[4].address, accounts[5].address])
        histories = [h for slot in slots_of(net, job_id) for h in (slot.history or [])]
        assert [(h["worker"], h["why"]) for h in histories] == [(accounts[4].address, "released")]
    finally:
        for agent in (restarted, helper):
            if agent is not None:
                agent.stop()


def test_agent_stop__lease_queued_not_started__released_and_finished_one_reported(net, accounts, tmp_path):
    agent = staked_agent(net, tmp_path, accounts[4], "stopping")
    job_id = net.create_job(compute_spec(tasks=2))
    wait_for(agent.poll_once, 30, "a lease run")
    ran, queued = by_state(agent.journal.held())
    agent.stop()  # graceful: report what finished, give back what was not started
    later = Agent(agent.config, key_of(accounts[4]))
    assert later.journal.held() == []
    later.close()
    slots = {(s.task_index, s.replica): s for s in slots_of(net, job_id)}
    ran_slot = slots[(ran.lease.task_index, ran.lease.replica)]
    queued_slot = slots[(queued.lease.task_index, queued.lease.replica)]
    assert (ran_slot.state, ran_slot.worker) == ("done", accounts[4].address)
    assert (queued_slot.state, queued_slot.worker) == ("pending", None)
    assert [(h["worker"], h["why"]) for h in queued_slot.history] == [(accounts[4].address, "released")]


def test_failure__one_of_two_held_leases_fails__reported_for_that_lease_alone(net, accounts, tmp_path, monkeypatch):
    honest = agent_module.run_lease
    failed: list[int] = []

    def fail_task_0_once(lease: Lease, *args: Any, **kwargs: Any) -> Any:
        if lease.task_index == 0 and not failed:
            failed.append(lease.task_index)
            raise RuntimeFailure("simulated: CUDA out of memory")
        return honest(lease, *args, **kwargs)

    monkeypatch.setattr(agent_module, "run_lease", fail_task_0_once)
    agent = staked_agent(net, tmp_path, accounts[4], "failing")
    job: dict[str, int] = {}
    calls = spy_exchanges(agent, net, job)
    try:
        job["id"] = net.create_job(compute_spec(tasks=2))
        agent.start()
        wait_for(lambda: len(done_by(net, job["id"], agent.address)) == 2, 60, "a replica of each task done")
    finally:
        agent.stop()
    assert failed == [0]
    assert sum(c.failures for c in calls) == 1
    histories = {
        s.task_index: [
            h["why"] for s2 in slots_of(net, job["id"]) if s2.task_index == s.task_index for h in (s2.history or [])
        ]
        for s in slots_of(net, job["id"])
    }
    assert histories == {0: ["failed: simulated: CUDA out of memory"], 1: []}


def test_queued_lease__longer_wait_than_lease_term__kept_alive_by_heartbeats(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=2.0)  # heartbeats every 1 s
    agent: Agent | None = None
    try:
        agent = staked_agent(net, tmp_path, accounts[4], "patient").start()
        job_id = net.create_job(compute_spec(tasks=2, length=4_000_000))  # a few seconds each: the second waits
        wait_for(lambda: len(done_by(net, job_id, agent.address)) == 2, 120, "a replica of each task done")
        assert not any(s.history for s in slots_of(net, job_id))  # no lease expired, though one waited > 2 s
    finally:
        if agent is not None:
            agent.stop()
        net.close()


def test_urgent_lease__queued_after_runs__taken_first(net, accounts, tmp_path):
    agent = Agent(worker_config(net, tmp_path, "ordering"), key_of(accounts[4]))  # never leases: not staked
    oracle = next(iter(agent.oracles.values()))

    try:
        for name, urgent in [("run-1", False), ("check-1", True), ("run-2", False), ("check-2", True)]:
            agent._hold(oracle, stub_lease(name, urgent=urgent))
        assert {h.lease.lease_id for h in agent.journal.held()} == {"run-1", "check-1", "run-2", "check-2"}
        order = []
        while (held := agent._pop()) is not None:
            order.append(held.lease.lease_id)
            held.beat.stop()
        assert order == ["check-1", "check-2", "run-1", "run-2"]
    finally:
        agent.close()


def test_dry_agent__home_known__owed_oracle_then_every_oracle_long_polled_at_once(net, accounts, tmp_path, monkeypatch):
    # never leases (not staked); a lease free for each oracle's long-poll
    agent = Agent(worker_config(net, tmp_path, "dry", max_held_leases=3), key_of(accounts[4]))
    calls: list[tuple[str, float]] = []
    monkeypatch.setattr(agent, "_exchange", lambda oracle, want, wait: calls.append((oracle.url, wait)))
    first, home, owed = list(agent.oracles)
    wait = agent.config.lease_wait_seconds
    try:
        assert agent._next() is None  # just started, no home: every oracle without waiting, then all long-polled
        assert calls[:3] == [(first, 0.0), (home, 0.0), (owed, 0.0)]
        assert sorted(calls[3:]) == sorted([(first, wait), (home, wait), (owed, wait)])

        calls.clear()
        agent._home = agent.oracles[home]
        agent._reports[owed] = [agent_module._Report(lease=None, reason="failed")]  # type: ignore[arg-type]
        assert agent._next() is None  # ran dry: report to the owed oracle, then every oracle long-polled at once
        assert calls[0] == (owed, 0.0)
        assert sorted(calls[1:]) == sorted([(first, wait), (home, wait), (owed, wait)])

        calls.clear()
        agent._reports.clear()
        assert agent._next() is None  # still idle: long-polls only
        assert sorted(calls) == sorted([(first, wait), (home, wait), (owed, wait)])
    finally:
        agent.close()


def test_long_polls__one_oracle_brings_work__the_others_polls_ended_and_their_asks_freed(
    net, accounts, tmp_path, monkeypatch
):
    agent = Agent(worker_config(net, tmp_path, "three-polls", max_held_leases=3), key_of(accounts[4]))
    busy, *idle = list(agent.oracles)
    ended = {url: threading.Event() for url in idle}
    calls: list[tuple[str, int, float]] = []

    def exchange(oracle: Any, want: int, wait: float) -> int:
        calls.append((oracle.url, want, wait))
        if oracle.url == busy and wait:
            time.sleep(0.05)  # the others are polling by now
            agent._hold(oracle, stub_lease("from-busy"))
            return 1
        if wait:  # an idle oracle's poll waits until this worker's next request ends it
            assert ended[oracle.url].wait(5)
        else:
            ended[oracle.url].set()
        return 0

    monkeypatch.setattr(agent, "_exchange", exchange)
    agent._had_work = False  # idle: long-polls only
    held = None
    try:
        held = agent._next()
        assert held is not None and held.lease.lease_id == "from-busy"
        assert sorted(c for c in calls if c[2]) == sorted(
            (url, 1, agent.config.lease_wait_seconds) for url in agent.oracles
        )
        agent._join_polls()
        assert all(e.is_set() for e in ended.values())  # each idle oracle was asked for nothing: its poll ended
        assert agent._free() == 3  # no ask in flight any more
    finally:
        if held is not None:
            held.beat.stop()
        agent.close()
