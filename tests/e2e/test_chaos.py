"""Chaos: oracles and workers SIGKILLed at random moments and the chain reorganised under a stream of jobs.

Every role is its own OS process on the session's anvil node
(``ProcessNetwork``): 3 `gpuhive oracle run` (k = 2, one confirmation, a
6-second leader takeover bound) and 3 `gpuhive worker run`, with a miner
thread adding a block every half second. Oracles 1 and 3 keep their state in
SQLite, oracle 2 in PostgreSQL (pgserver), so both back ends are killed,
restarted, rewound by reorgs and lead, take over and countersign each other's
jobs in the one run. While ``JOBS`` small compute jobs are submitted, a seeded
RNG (the seed is printed; set ``GPUHIVE_CHAOS_SEED`` to replay a run) makes,
every few seconds, the next move of a shuffled bag: SIGKILL an oracle (twice a
bag; back after 3–14 s, often after its jobs were taken over; of the first two
victims one is on SQLite and one on PostgreSQL), SIGKILL a worker (back after
2–8 s), or reorganise the newest block away (``anvil_reorg``, within the
confirmation depth). Two reorgs beyond the confirmation depth are aimed: as
soon as an oracle has followed the newest ``JobCreated`` (or has seen a job
settled), that event's block and every block after it are replaced by empty
ones, so the create (the settle) is dropped and the oracles must rewind it. At
most one oracle and one worker are down at a time (k = 2 of 3 must be able to
sign). The storm (jobs too) goes on until ``JOBS`` jobs are submitted AND every
fault in ``FAULTS`` has happened, whatever the seed; the oracles' logs must show
a creation and a settlement undone.

Then, for every job the canonical chain created: settled on-chain exactly
once (one ``JobSettled``), its sums equal to its budget, equal to what its
result manifest implies, no worker paid twice for a task, and every oracle's
database agreeing that it is settled.

This was two runs of 20 jobs with a random fault every few seconds (SQLite, then
PostgreSQL: 80–230 s each on CI), and a seed could miss a fault kind or never drop
a settle (one run here: one 1-block reorg, nothing undone). One run of both back
ends with the bag and the aimed reorgs covers every kind and both rewinds, every
run, for about a third of the CPU time of the two.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from gpuhive.demo.processes import ProcessNetwork, _wait
from protocol.contracts import JobStatus
from protocol.jobspec import load_spec
from protocol.result_manifest import plan_from_manifest
from tests.support.oracle_network import BlockMiner, spec_yaml
from tests.support.postgres import fresh_database, postgres_server

pytestmark = [pytest.mark.anvil, pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    yield from postgres_server(tmp_path_factory)


JOBS = 12
SUBMIT_EVERY_S = (1.5, 3.0)
CHAOS_EVERY_S = (3.0, 6.0)
ORACLE_DOWN_S = (3.0, 14.0)
WORKER_DOWN_S = (2.0, 8.0)
CONFIRMATIONS = 1
SHALLOW_REORG = (1, CONFIRMATIONS)  # blocks not yet confirmed
MAX_AIMED_DEPTH = 6  # an aimed reorg's target is at most this deep when found
AIM_WAIT_S = 20.0  # how long the miner holds still for an oracle to follow the target
BACKENDS = ("sqlite", "postgres", "sqlite")  # oracle i's database
# One bag of moves, shuffled and refilled: two oracle kills (the victims' order covers both back ends), a worker
# kill and a reorg within the confirmation depth. Two reorgs beyond it are armed at the first move and made as
# soon as their target is there: one drops the newest job's create_job once an oracle has followed it, one
# drops a settle once an oracle has seen its job settled.
BAG = ("oracle", "oracle", "worker", "shallow reorg")
FAULTS = frozenset(
    {
        "oracle on sqlite killed",
        "oracle on postgres killed",
        "worker killed",
        "shallow reorg",
        "creation reorg",
        "settlement reorg",
    }
)
AIMED = ("creation reorg", "settlement reorg")
STORM_LIMIT_S = 600  # a clear failure instead of a hang
ORACLE_OPTIONS = {
    "confirmations": CONFIRMATIONS,
    "poll_interval": 0.3,
    "lease_seconds": 5.0,
    "heartbeat_seconds": 1.0,
    "leader_takeover_after_s": 6.0,
    "peer_timeout_seconds": 5.0,
}


REPORTED = {  # oracle log lines counted in the run's summary
    "takeovers": "leader silent: job taken over",
    "step-downs": "stepping down",
    "settlements undone by a reorg": "final event undone",
    "creations undone by a reorg": "job creation undone",
    "draws redone after a reorg": "spot-check draws from blocks no longer canonical",
}


@pytest.fixture
def _function_isolation():
    """No per-test chain revert under the processes (as in tests/e2e/test_e2e_faults.py)."""
    yield


class _Network(ProcessNetwork):
    """ProcessNetwork whose oracle ``i`` uses ``database_urls[i]`` when given (None: its own SQLite file)."""

    database_urls: list[str | None] | None = None

    def write_configs(self) -> None:
        super().write_configs()
        for i, url in enumerate(self.database_urls or []):
            if url is None:
                continue
            config = self.oracle_configs[i].model_copy(update={"database_url": url})
            (self.workdir / f"oracle{i + 1}.toml").write_text(config.to_toml())
            self.oracle_configs[i] = config


@dataclass
class _Chaos:
    """What the run did, for the report and the assertion messages."""

    seed: int
    actions: list[str] = field(default_factory=list)
    down: dict[tuple[str, int], float] = field(default_factory=dict)  # (kind, index) -> when it comes back
    submitted: list[int] = field(default_factory=list)
    faults: set[str] = field(default_factory=set)  # the FAULTS that happened
    bag: list[str] = field(default_factory=list)  # moves left in the current bag
    victims: list[int] = field(default_factory=list)  # the next oracles to kill
    armed: set[str] = field(default_factory=set)  # aimed reorgs waiting for their target
    targets: dict[str, tuple[int, int, float]] = field(default_factory=dict)  # move -> (block, job, since)
    next_look: float = 0.0  # when the armed reorgs next look for a target

    def log(self, t0: float, what: str) -> None:
        self.actions.append(f"{time.monotonic() - t0:6.1f}s {what}")
        print(self.actions[-1], flush=True)


def _run(workdir: Any, anvil_uri: str, database_urls: list[str | None]) -> None:
    seed = int(os.environ.get("GPUHIVE_CHAOS_SEED") or random.SystemRandom().randrange(2**32))
    print(f"\nchaos seed {seed} (GPUHIVE_CHAOS_SEED={seed} replays the choices)", flush=True)
    rng = random.Random(seed)
    chaos = _Chaos(seed)
    net = _Network(workdir, rpc_url=anvil_uri, oracle_options=dict(ORACLE_OPTIONS))
    net.database_urls = database_urls
    miner = BlockMiner(anvil_uri, period=0.5)
    try:
        net.start()
        miner.start()
        _storm(net, miner, rng, chaos)
        assert chaos.faults == FAULTS, f"faults that never happened: {sorted(FAULTS - chaos.faults)}"
        _check(net, chaos)
        did = _what_the_oracles_did(net)
        print("oracles: " + ", ".join(f"{name} {n}" for name, n in did.items()), flush=True)
        # the aimed reorgs dropped events an oracle had followed: each must have rewound them
        assert did["creations undone by a reorg"] >= 1 and did["settlements undone by a reorg"] >= 1, did
    except BaseException as exc:
        exc.add_note(f"chaos seed {seed}; actions:\n" + "\n".join(chaos.actions) + f"\nlogs in {net.logs}")
        raise
    finally:
        miner.stop()
        net.close()


def _storm(net: _Network, miner: BlockMiner, rng: random.Random, chaos: _Chaos) -> None:
    """Submit the jobs while killing, restarting and reorganising; then bring everyone back."""
    requester = net.requester()
    t0 = time.monotonic()
    next_job = t0
    next_chaos = t0 + rng.uniform(*CHAOS_EVERY_S)
    while len(chaos.submitted) < JOBS or chaos.faults != FAULTS:
        now = time.monotonic()
        for (kind, i), back_at in list(chaos.down.items()):
            if now >= back_at:
                (net.start_oracle(i, wait=False) if kind == "oracle" else net.start_worker(i))
                del chaos.down[(kind, i)]
                chaos.log(t0, f"{kind}{i + 1} restarted")
        assert now - t0 < STORM_LIMIT_S, f"faults still missing after {STORM_LIMIT_S} s: {FAULTS - chaos.faults}"
        # past JOBS while a fault is missing, one job at a time: the aimed settlement reorg needs a target
        if now >= next_job and (len(chaos.submitted) < JOBS or net.job(chaos.submitted[-1]).status != JobStatus.OPEN):
            spec = load_spec(
                spec_yaml(
                    "compute",
                    kernel={
                        "name": "sha256_chain",
                        "chains": rng.randint(2, 3),
                        "length": 20_000,
                        "seed": rng.randrange(10**6),
                    },
                    replication=2,
                    verification={"method": "hash", "spot_check_bps": 0},
                )
            )
            job_id = requester.submit(spec)
            chaos.submitted.append(job_id)
            chaos.log(t0, f"job {job_id} submitted ({spec.num_tasks} tasks)")
            next_job = now + rng.uniform(*SUBMIT_EVERY_S)
        # random moves until JOBS are in and the bag's faults done; then only the aimed reorgs wait for targets
        if now >= next_chaos and (len(chaos.submitted) < JOBS or not chaos.faults >= FAULTS - set(AIMED)):
            _act(net, miner, rng, chaos, t0, now)
            next_chaos = now + rng.uniform(*CHAOS_EVERY_S)
        if chaos.armed and now >= chaos.next_look:
            _aimed_reorgs(net, miner, chaos, t0)
            chaos.next_look = time.monotonic() + 0.3
        time.sleep(0.05)
    for kind, i in list(chaos.down):
        (net.start_oracle(i, wait=False) if kind == "oracle" else net.start_worker(i))
        chaos.log(t0, f"{kind}{i + 1} restarted (end of the storm)")
    chaos.down.clear()
    for i in range(3):
        net.wait_oracle(i)


def _act(net: _Network, miner: BlockMiner, rng: random.Random, chaos: _Chaos, t0: float, now: float) -> None:
    """The first move of the bag that can be made now (an oracle kill waits while another oracle is down)."""
    if not chaos.bag:
        chaos.bag = rng.sample(BAG, len(BAG))
    if not chaos.faults and not chaos.armed:  # the first move: aim the two deep reorgs
        chaos.armed.update(AIMED)
    oracle_down = any(kind == "oracle" for kind, _ in chaos.down)
    worker_down = any(kind == "worker" for kind, _ in chaos.down)
    possible = [m for m in chaos.bag if not (m == "oracle" and oracle_down) and not (m == "worker" and worker_down)]
    if not possible:
        return
    move = possible[0]
    chaos.bag.remove(move)
    if move == "shallow reorg":
        depth = rng.randint(*SHALLOW_REORG)
        miner.pause()
        head = miner.w3.eth.block_number
        miner.reorg(depth)
        miner.resume()
        chaos.faults.add(move)
        chaos.log(t0, f"{move}: blocks {head - depth + 1}..{head} replaced by empty ones (depth {depth})")
        return
    if move == "oracle":
        if not chaos.victims:  # the first two of each round: one oracle of each back end
            order = rng.sample(range(3), 3)
            while BACKENDS[order[0]] == BACKENDS[order[1]]:
                order = rng.sample(range(3), 3)
            chaos.victims = order
        i = chaos.victims.pop(0)
        net.kill_oracle(i)
        chaos.faults.add(f"oracle on {BACKENDS[i]} killed")
    else:
        i = rng.randrange(3)
        net.kill_worker(i)
        chaos.faults.add("worker killed")
    chaos.down[(move, i)] = now + rng.uniform(*(ORACLE_DOWN_S if move == "oracle" else WORKER_DOWN_S))
    chaos.log(t0, f"{move}{i + 1} SIGKILLed" + (f" ({BACKENDS[i]})" if move == "oracle" else ""))


def _aimed_reorgs(net: _Network, miner: BlockMiner, chaos: _Chaos, t0: float) -> None:
    """Make an armed reorg once its target is there: the newest JobCreated (JobSettled) event, confirmed, and
    an oracle that has followed it (knows the job; reports it settled). The miner holds still from when the
    event is confirmed until an oracle has it (at most ``AIM_WAIT_S``); the reorg drops the event's block and
    every block after it."""
    for move in sorted(chaos.armed):
        name, seen = (
            ("JobCreated", lambda state: bool(state))
            if move == "creation reorg"
            else ("JobSettled", lambda state: state == "settled")
        )
        target = chaos.targets.get(move)
        if target is None:
            events = net.events(name)
            head = miner.w3.eth.block_number
            fresh = [e for e in events if CONFIRMATIONS < head - e["blockNumber"] + 1 <= MAX_AIMED_DEPTH]
            if not fresh:
                continue
            newest = max(fresh, key=lambda e: (e["blockNumber"], e["logIndex"]))
            miner.pause()  # let the oracles catch up with the chain as it is
            target = chaos.targets[move] = (newest["blockNumber"], int(newest["args"]["job_id"]), time.monotonic())
        block, job_id, since = target
        if any(seen(net.oracle_status(i, job_id).get("state")) for i in range(3)):
            head = miner.w3.eth.block_number
            depth = head - block + 1
            miner.reorg(depth)
            chaos.armed.discard(move)
            chaos.faults.add(move)
            chaos.log(t0, f"{move}: job {job_id}'s {name} dropped with blocks {block}..{head} (depth {depth})")
        elif time.monotonic() - since < AIM_WAIT_S:
            continue
        del chaos.targets[move]
        if not chaos.targets:
            miner.resume()


def _check(net: _Network, chaos: _Chaos) -> None:
    """Every canonical job settled exactly once, its money balanced and what its manifest says; every oracle agrees."""
    canonical = sorted({int(e["args"]["job_id"]) for e in net.events("JobCreated")})
    assert len(canonical) >= JOBS // 2, f"most jobs were reorganised away: {canonical}"
    deadline = time.monotonic() + 240
    for job_id in canonical:
        net.wait_status(job_id, JobStatus.SETTLED, timeout=max(5.0, deadline - time.monotonic()))
    for job_id in canonical:
        settled = net.events("JobSettled", job_id)
        assert len(settled) == 1, f"job {job_id} settled {len(settled)} times"
        args = settled[0]["args"]
        job = net.job(job_id)
        assert args["total_payout"] + args["oracle_fee"] + args["refund"] == job.budget, job_id
        manifest, cid = net.manifest(job_id)  # checked against the result hash settled on-chain
        spec = load_spec(net.store.get_bytes(manifest.spec_cid))
        plan = plan_from_manifest(manifest, spec.reward_per_task, cid)
        assert (plan.settlement.total_payout, plan.settlement.oracle_fee, plan.settlement.refund) == (
            args["total_payout"],
            args["oracle_fee"],
            args["refund"],
        ), job_id
        for task in manifest.tasks:  # nobody paid twice for one task
            assert len(task.paid) == len(set(task.paid)), (job_id, task.index, task.paid)
    _wait(
        lambda: all(net.oracle_status(i, j).get("state") == "settled" for i in range(3) for j in canonical),
        60,
        "every oracle to see every job settled",
    )


def test_chaos__kills_and_reorgs_over_12_jobs_oracles_on_sqlite_and_postgres__each_job_settled_once_and_balanced(
    anvil, anvil_uri, tmp_path, postgres
):
    urls = [fresh_database(postgres, f"chaos_oracle{i}") if b == "postgres" else None for i, b in enumerate(BACKENDS)]
    _run(tmp_path / "net", anvil_uri, urls)


def _what_the_oracles_did(net: _Network) -> dict[str, int]:
    text = "".join(net.oracles[i].log_text() for i in range(3))
    return {name: text.count(line) for name, line in REPORTED.items()}
