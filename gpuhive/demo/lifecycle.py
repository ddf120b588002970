"""One job through its whole on-chain life, on whatever network Ape is connected to.

Deploy, stake three workers, create a job, settle it with k of n oracle
signatures, let the dispute window pass, claim every payout, the refund and
the oracle fees — and account for the gas of each step. `gpuhive demo` runs
it on the embedded chain; tests run it on anvil.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from protocol import eip712
from protocol.contracts import TOKEN, DeployParams, Role
from protocol.settlement import plan_settlement

if TYPE_CHECKING:
    from ape.api import ReceiptAPI


@dataclass
class Step:
    name: str
    actor: str
    gas: int


@dataclass
class LifecycleReport:
    chain_id: int
    network: str
    addresses: dict[str, str]
    job_id: int
    budget: int
    payouts: dict[str, int]
    oracle_fee: int
    refund: int
    steps: list[Step] = field(default_factory=list)
    balances_after: dict[str, int] = field(default_factory=dict)
    escrow_balance_after: int = -1

    @property
    def gas_total(self) -> int:
        return sum(s.gas for s in self.steps)


def run_lifecycle(progress=lambda message: None) -> LifecycleReport:
    """Runs the lifecycle with Ape's test accounts (local networks only)."""
    from ape import accounts, chain

    from protocol.deployment import deploy

    acct = accounts.test_accounts
    deployer, oracles, workers, requester = acct[0], [acct[1], acct[2], acct[3]], [acct[4], acct[5], acct[6]], acct[7]
    params = DeployParams(oracle_signers=[o.address for o in oracles], threshold=2)
    progress("deploying contracts")
    manifest, c = deploy(deployer, params)
    token, registry, escrow = c["HiveToken"], c["WorkerRegistry"], c["JobEscrow"]
    steps = [Step(f"deploy {name}", "deployer", rec.gas_used) for name, rec in manifest.contracts.items()]
    steps += [Step(name, "deployer", gas) for name, gas in manifest.wiring_gas.items()]

    def record(name: str, actor: str, receipt: ReceiptAPI) -> ReceiptAPI:
        steps.append(Step(name, actor, receipt.gas_used))
        return receipt

    progress("registering and staking 3 workers")
    stake = params.min_worker_stake
    for i, w in enumerate(workers):
        token.transfer(w, stake, sender=deployer)
        record("register worker", f"worker-{i}", registry.register(Role.WORKER, 1, f"bafkreiworker{i}", sender=w))
        record("approve stake", f"worker-{i}", token.approve(registry, stake, sender=w))
        record("stake", f"worker-{i}", registry.stake(stake, sender=w))
        assert registry.is_eligible(w, Role.WORKER)

    progress("requester creates a job")
    budget = 120 * TOKEN
    token.transfer(requester, budget, sender=deployer)
    record("approve budget", "requester", token.approve(escrow, budget, sender=requester))
    deadline = chain.pending_timestamp + 86_400
    tx = record(
        "create_job",
        "requester",
        escrow.create_job("bafkreidemospec", b"\x42" * 32, 12, budget, deadline, sender=requester),
    )
    job_id = tx.decode_logs(escrow.JobCreated)[0].job_id

    progress("oracles sign and submit the settlement (2 of 3)")
    payouts = {workers[0].address: 40 * TOKEN, workers[1].address: 40 * TOKEN, workers[2].address: 30 * TOKEN}
    oracle_fee = 6 * TOKEN
    plan = plan_settlement(job_id, budget, payouts, oracle_fee)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    signatures = eip712.committee_signatures([o.private_key for o in oracles[:2]], domain, plan.settlement)
    record(
        "settle (k=2 of 3)",
        "oracle-0",
        escrow.settle(plan.settlement.as_tuple(), plan.slashes_arg(), signatures, sender=oracles[0]),
    )

    progress("dispute window passes")
    chain.pending_timestamp += params.dispute_window + 1
    chain.mine()

    progress("workers claim, requester takes the refund, oracles their fees")
    for i, w in enumerate(workers):
        amount, proof = plan.proof(w.address)
        record("claim", f"worker-{i}", escrow.claim(w, [job_id], [amount], [proof], sender=w))
    record("claim_refund", "requester", escrow.claim_refund(job_id, sender=requester))
    for i, o in enumerate(oracles[:2]):
        record("claim_fees", f"oracle-{i}", escrow.claim_fees(o, [job_id], sender=o))

    report = LifecycleReport(
        chain_id=chain.chain_id,
        network=chain.provider.network_choice,
        addresses={name: rec.address for name, rec in manifest.contracts.items()},
        job_id=job_id,
        budget=budget,
        payouts={f"worker-{i}": payouts[w.address] for i, w in enumerate(workers)},
        oracle_fee=oracle_fee,
        refund=plan.settlement.refund,
        steps=steps,
    )
    for i, w in enumerate(workers):
        report.balances_after[f"worker-{i}"] = token.balanceOf(w)
    report.balances_after["requester"] = token.balanceOf(requester)
    for i, o in enumerate(oracles):
        report.balances_after[f"oracle-{i}"] = token.balanceOf(o)
    report.escrow_balance_after = token.balanceOf(escrow)
    return report
