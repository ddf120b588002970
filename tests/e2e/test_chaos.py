"""Chaos: oracles and workers SIGKILLed at random moments and the chain reorganised under a stream of jobs.

Every role is its own OS process on the session's anvil node
(``ProcessNetwork``): 3 `gpuhive oracle run` (k = 2, one confirmation, a
6-second leader takeover bound) and 3 `gpuhive worker run`, with a miner
thread adding a block every half second. While ``JOBS`` small compute jobs
are submitted, a seeded RNG (the seed is printed; set ``GPUHIVE_CHAOS_SEED``
to replay a run) picks, every few seconds, one of: SIGKILL an oracle (back
after 3–20 s, often after its jobs were taken over), SIGKILL a worker
(back after 2–8 s), or reorganise the newest 1–4 blocks away (``anvil_reorg``,
below and above the confirmation depth: creates, settles and claims in those
blocks are dropped). At most one oracle and one worker are down at a time
(k = 2 of 3 must be able to sign).

Then, for every job the canonical chain created: settled on-chain exactly
once (one ``JobSettled``), its sums equal to its budget, equal to what its
result manifest implies, no worker paid twice for a task, and every oracle's
database agreeing that it is settled. Once with the oracles on SQLite and
once on PostgreSQL (three databases on one pgserver).
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


JOBS = 20
SUBMIT_EVERY_S = (1.5, 3.0)
CHAOS_EVERY_S = (3.0, 7.0)
ORACLE_DOWN_S = (3.0, 20.0)
WORKER_DOWN_S = (2.0, 8.0)
REORG_DEPTH = (1, 4)
CONFIRMATIONS = 1
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
    """ProcessNetwork whose oracle ``i`` uses ``database_urls[i]`` when given."""

    database_urls: list[str] | None = None

    def write_configs(self) -> None:
        super().write_configs()
        for i, url in enumerate(self.database_urls or []):
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

    def log(self, t0: float, what: str) -> None:
        self.actions.append(f"{time.monotonic() - t0:6.1f}s {what}")
        print(self.actions[-1], flush=True)


def _run(workdir: Any, anvil_uri: str, database_urls: list[str] | None) -> None:
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
        _check(net, chaos)
        print(_what_the_oracles_did(net), flush=True)
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
    while len(chaos.submitted) < JOBS:
        now = time.monotonic()
        for (kind, i), back_at in list(chaos.down.items()):
            if now >= back_at:
                (net.start_oracle(i, wait=False) if kind == "oracle" else net.start_worker(i))
                del chaos.down[(kind, i)]
                chaos.log(t0, f"{kind}{i + 1} restarted")
        if now >= next_job:
            spec = load_spec(
                spec_yaml(
                    "compute",
                    kernel={
                        "name": "sha256_chain",
                        "chains": rng.randint(2, 4),
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
        if now >= next_chaos:
            _act(net, miner, rng, chaos, t0, now)
            next_chaos = now + rng.uniform(*CHAOS_EVERY_S)
        time.sleep(0.05)
    for kind, i in list(chaos.down):
        (net.start_oracle(i, wait=False) if kind == "oracle" else net.start_worker(i))
        chaos.log(t0, f"{kind}{i + 1} restarted (end of the storm)")
    chaos.down.clear()
    for i in range(3):
        net.wait_oracle(i)


def _act(net: _Network, miner: BlockMiner, rng: random.Random, chaos: _Chaos, t0: float, now: float) -> None:
    choice = rng.choice(["oracle", "worker", "reorg"])
    if choice == "reorg":
        depth = rng.randint(*REORG_DEPTH)
        miner.pause()
        head = miner.w3.eth.block_number
        miner.reorg(depth)
        miner.resume()
        chaos.log(t0, f"reorg: blocks {head - depth + 1}..{head} replaced by empty ones (depth {depth})")
        return
    if any(kind == choice for kind, _ in chaos.down):
        return  # one of each down at a time: two oracles of three must stay able to sign
    i = rng.randrange(3)
    (net.kill_oracle if choice == "oracle" else net.kill_worker)(i)
    chaos.down[(choice, i)] = now + rng.uniform(*(ORACLE_DOWN_S if choice == "oracle" else WORKER_DOWN_S))
    chaos.log(t0, f"{choice}{i + 1} SIGKILLed")


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


def test_chaos__kills_and_reorgs_over_20_jobs_on_sqlite__each_canonical_job_settled_once_and_balanced(
    anvil, anvil_uri, tmp_path
):
    _run(tmp_path / "net", anvil_uri, None)


def test_chaos__kills_and_reorgs_over_20_jobs_on_postgres__each_canonical_job_settled_once_and_balanced(
    anvil, anvil_uri, tmp_path, postgres
):
    _run(tmp_path / "net", anvil_uri, [fresh_database(postgres, f"chaos_oracle{i}") for i in range(3)])


def _what_the_oracles_did(net: _Network) -> str:
    text = "".join(net.oracles[i].log_text() for i in range(3))
    return "oracles: " + ", ".join(f"{name} {text.count(line)}" for name, line in REPORTED.items())
