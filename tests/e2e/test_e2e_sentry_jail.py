"""A worker agent killed mid-job, every role a real OS process on anvil: the sentries jail it on-chain AND
the oracles re-lease what it held (issue 19's "a worker killed is jailed within the bounded number of
epochs, and its open leases are re-leased", in one run), the job settles with every task paid once to a
live worker, and every oracle's attested scores then leave the killed worker out.

The network (``gpuhive.demo.processes.ProcessNetwork`` with sentries added): 3 `gpuhive oracle run`
processes (k = 2), 6 `gpuhive worker run` processes, each answering sentry probes on its own
``sentry_port``, and 3 `gpuhive sentry run` processes (quorum 2, each staking the minimum worker stake,
so two of them meet the 200-token stake quorum). Epochs are 12 s and leases 6 s; a thread mines a block a
second, as a live chain does (the contract's clock moves only with blocks). The sentries start once
every worker agent has published its probe endpoint (sooner, they would jail a worker whose agent was
still starting), and boot while the job runs.

Why the issue's full size: with 3 workers instead of 6 the test took as long here (~100 s either way
on a shared, loaded 2-core machine): its time is process start-up and the epoch of silence a jail needs,
not the number of workers.

The jail makes the killed worker unusable for any later test on this deployment, so this module holds
one test and the chain is reverted when it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from gpuhive.demo.processes import Child, ProcessNetwork, _wait
from protocol.contracts import TOKEN, JobStatus, Role
from protocol.jobspec import load_spec
from protocol.result_manifest import plan_from_manifest
from tests.support.oracle_network import spec_yaml
from tests.support.sentry_processes import block_miner, join, sentry_child, sentry_running, wait_for
from worker_node.config import WorkerConfig

pytestmark = [pytest.mark.anvil, pytest.mark.slow, pytest.mark.e2e]

EPOCH = 12  # seconds; the jail needs one whole epoch of silence, so this sets the test's length
LEASE_SECONDS = 6.0
MAX_HELD_LEASES = WorkerConfig.model_fields["max_held_leases"].default
QUORUM = 2
N_WORKERS = 6  # the network


@dataclass
class SentriedNetwork(ProcessNetwork):
    """ProcessNetwork whose workers answer sentry probes, plus ``n_sentries`` staked sentry processes."""

    n_sentries: int = 3
    sentries: list[Child] = field(default_factory=list)
    sentry_accounts: list[Any] = field(default_factory=list)
    _generated: dict[int, Any] = field(default_factory=dict)

    def _funded_account(self) -> Any:
        account = self.accounts.generate_test_account()
        self.deployer.transfer(account, 10**18)  # gas
        return account

    def worker_account(self, i: int) -> Any:
        """Test accounts 4..8 as usual; a worker past those (the session has ten accounts, the requester's
        is the tenth) gets a generated one."""
        if 1 + self.n_oracles + i < 9:
            return super().worker_account(i)
        if i not in self._generated:
            self._generated[i] = self._funded_account()
        return self._generated[i]

    def worker_config(self, i: int, name: str | None = None) -> Any:
        name = name or f"worker{i + 1}"
        # "auto": each agent binds a port the system picks (a free_port() chosen here could be taken before the
        # agent binds it: one CI run lost a worker to "Address already in use")
        config = super().worker_config(i, name).model_copy(update={"sentry_port": "auto"})
        (self.workdir / f"{name}.toml").write_text(config.to_toml())
        return config

    def enrol_sentries(self) -> None:
        """Register and stake ``n_sentries`` funded accounts as sentries; their processes, not started."""
        from ape.logging import logger

        from protocol.abi import load_abi

        load_abi("SentryAttestations")  # the build manifest fresh before the sentry processes read it
        for i in range(self.n_sentries):
            account = self._funded_account()
            with logger.at_level("WARNING"):
                join(self.token, self.registry, self.deployer, account, Role.SENTRY)
            child = sentry_child(
                self.workdir,
                f"sentry{i + 1}",
                account,
                rpc_url=self.rpc_url,
                deployment=self.deployment_path,
                store=self.store_path,
            )
            self.sentry_accounts.append(account)
            self.sentries.append(child)
            self.extra.append(child)  # stopped with the workers by close()

    def start(self) -> SentriedNetwork:
        """ProcessNetwork.start with the workers and sentries staked while the oracles boot; the sentry
        processes start once every worker's agent has published its probe endpoint: a registered worker
        that answers no probe for a whole epoch is OFFLINE, and an agent takes longer than a 12 s epoch to
        start on a loaded machine (the 1-hour default epoch leaves an operator time)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start_chain()
        self.deploy()
        self.write_configs()
        for i in range(self.n_oracles):
            self.start_oracle(i, wait=False)
        for i in range(self.n_workers):
            self.stake_worker(i)
        self.enrol_sentries()
        for i in range(self.n_oracles):
            self.wait_oracle(i)
        for i in range(self.n_workers):
            self.start_worker(i)
        client = self._chain_client()
        _wait(
            lambda: all(client.metadata_cid(self.worker_address(i)) for i in range(self.n_workers)),
            90,
            "every worker agent to publish its probe endpoint",
            self.workers,  # an agent that exits (its port taken, say) fails here at once, with its log
        )
        for child in self.sentries:
            child.start()
        return self

    @property
    def sentry_logs(self) -> list[Any]:
        return [c.log for c in self.sentries] + [self.logs / "oracle1.log"]


@pytest.fixture
def net(anvil, anvil_uri, tmp_path):
    with (
        block_miner(anvil_uri),
        SentriedNetwork(
            tmp_path,
            rpc_url=anvil_uri,
            n_workers=N_WORKERS,
            deploy_params={"epoch_length": EPOCH, "sentry_quorum": QUORUM},
            oracle_options={"lease_seconds": LEASE_SECONDS, "heartbeat_seconds": 1.0},
        ) as network,
    ):
        yield network


def test_e2e_sentry_jail__worker_agent_killed_mid_lease__jailed_by_quorum_and_leases_re_leased_paid_once(net):
    from protocol.chain import ChainClient

    board = ChainClient(net.web3, net.deployment).sentry
    requester = net.requester()
    spec = load_spec(
        spec_yaml(
            "compute",
            kernel={"name": "sha256_chain", "chains": 6, "length": 400_000, "seed": 19},
            replication=1,
            verification={"method": "hash", "spot_check_bps": 1},
        )
    )
    job_id = requester.submit(spec)
    index = {net.worker_address(i): i for i in range(net.n_workers)}

    def leased_by() -> dict[str, list[Any]]:
        held: dict[str, list[Any]] = {}
        for s in net.slots(job_id):
            if s.state == "leased" and s.worker in index:
                held.setdefault(s.worker, []).append(s)
        return held

    # the victim: the first worker seen holding a lease (which one wins the race is the dispatcher's business)
    victim = min(_wait(leased_by, 90, "a worker to lease a task"), key=index.__getitem__)
    net.kill_worker(index[victim])  # SIGKILL, runtime child included: no release, no goodbye, no probe answered
    killed_epoch = int(board.functions.current_epoch().call())
    live = set(index) - {victim}
    held = leased_by()[victim]  # the task it was starting, and the one it had prefetched if any
    delivered = [s for s in net.slots(job_id) if s.worker == victim and s.state == "done"]
    assert 1 <= len(held) <= MAX_HELD_LEASES and not delivered

    # the oracles' half: the held leases expire and go to the other workers; the job settles
    net.wait_status(job_id, JobStatus.SETTLED, timeout=180)

    # the sentries' half: the bound counts from the epoch in which the victim was down and every sentry ran
    # (a loaded machine may still be starting one when the kill comes)
    wait_for(lambda: all(sentry_running(s) for s in net.sentries), 90, "the sentries to start", net.sentry_logs)
    bound = max(killed_epoch, int(board.functions.current_epoch().call())) + 1
    jails = wait_for(
        lambda: board.events.WorkerJailed.get_logs(
            from_block=net.deployment.start_block, argument_filters={"worker": victim}
        ),
        3 * EPOCH + 30,
        f"worker{index[victim] + 1}'s jail (killed in epoch {killed_epoch})",
        net.sentry_logs,
    )

    # --- jailed on-chain, by a quorum of distinct staked sentries, within the bound (a worker still down in
    # the next epochs is jailed for those epochs too: one jailing per worker per epoch, each extending the term)
    assert min(e["args"]["epoch"] for e in jails) <= bound, (killed_epoch, bound, [e["args"] for e in jails])
    for jail in jails:
        signers = list(jail["args"]["sentries"])
        assert len(signers) >= QUORUM and len(set(signers)) == len(signers)
        assert set(signers) <= {a.address for a in net.sentry_accounts}
        assert jail["args"]["sentry_stake"] >= QUORUM * 100 * TOKEN
    assert not net.registry.is_eligible(victim, Role.WORKER)
    assert all(net.registry.is_eligible(w, Role.WORKER) for w in live)  # busy workers still answer probes

    # --- and every oracle process reads those posts (each file verified against its root): the scores it
    # leases by count the live workers and not the victim (POST /v1/eligible: attested workers that may lease)
    first_jail = min(e["args"]["epoch"] for e in jails)

    def oracles_count_only_the_live() -> bool:
        replies = [httpx.post(f"{url}/v1/eligible", json={}, timeout=5).json() for url in net.oracle_urls]
        return all((r["epoch"] or -1) >= first_jail and r["attested"] == len(live) for r in replies)

    wait_for(oracles_count_only_the_live, 2 * EPOCH + 10, "the oracles' attested scores", net.sentry_logs)

    # --- its open leases re-leased: each task it held finished by a live worker, after the lease ran out or
    # (dispatch_policy "aicore", the default) when an idle worker's backup copy of it reported first
    manifest, cid = net.manifest(job_id)
    assert all(t.status == "accepted" for t in manifest.tasks)
    lost = ("lease expired", "another copy of the task reported first")
    for lease in held:
        slot = next(s for s in net.slots(job_id) if s.id == lease.id)
        assert slot.history[0]["worker"] == victim and slot.history[0]["why"] in lost, slot.history
        task = manifest.tasks[lease.task_index]
        assert task.paid and set(task.paid) <= live  # finished, and paid, by live workers only
        if slot.history[0]["why"] == "lease expired":  # the slot itself leased again (a copy's slot is its own)
            assert slot.worker in live and slot.state == "done" and slot.worker in task.paid

    # --- every task paid exactly once (a drawn spot check is a second, distinct replica) to a live worker
    for t in manifest.tasks:
        assert set(t.paid) <= live and len(set(t.paid)) == len(t.paid)
        assert sorted(s.worker for s in t.slots if s.role == "run" and not s.superseded) == sorted(t.paid)
        assert len(t.paid) == 1 or t.selected_for_check

    # --- funds: payouts + fee + refund == budget, on-chain and in the manifest's plan
    plan = plan_from_manifest(manifest, spec.reward_per_task, cid)
    assert victim not in plan.payouts
    paid_replicas = sum(len(t.paid) for t in manifest.tasks)
    assert sum(plan.payouts.values()) == plan.settlement.total_payout == paid_replicas * spec.reward_per_task
    (settled,) = net.events("JobSettled", job_id)
    s = settled["args"]
    assert (s["total_payout"], s["oracle_fee"], s["refund"]) == (
        plan.settlement.total_payout,
        plan.settlement.oracle_fee,
        plan.settlement.refund,
    )
    assert s["total_payout"] + s["oracle_fee"] + s["refund"] == spec.budget
    job = net.job(job_id)
    assert (job.unclaimed_payout, job.refund) == (s["total_payout"], s["refund"])
