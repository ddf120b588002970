"""A small, complete history on the session's anvil for the explorer's indexer and read API tests: two
staked workers, a settled job with a slash and a claimed payout, a rejected job, an open job with a
cancel request, a refund taken and an unbond begun (through Ape, on the session's deployment)."""

from __future__ import annotations

from dataclasses import dataclass

from eth_utils import keccak

from protocol import eip712
from protocol.contracts import TOKEN, Capability, Role
from protocol.settlement import plan_settlement


@dataclass
class ExplorerChain:
    settled_job: int
    rejected_job: int
    open_job: int
    requester: str
    paid_worker: str
    slashed_worker: str
    payout: int
    slash: int


def build_explorer_chain(deployed, accounts) -> ExplorerChain:
    from ape import chain

    _, c, params = deployed
    escrow, token, registry = c["JobEscrow"], c["HiveToken"], c["WorkerRegistry"]
    deployer, requester, workers = accounts[0], accounts[8], [accounts[6], accounts[7]]
    keys = [a.private_key for a in accounts[1:4]]  # 3 of the committee's 5 signers (threshold 3)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    for i, worker in enumerate(workers):
        token.transfer(worker, 1_000 * TOKEN, sender=deployer)
        registry.register(int(Role.WORKER), int(Capability.COMPUTE), f"bafk-meta-{i}", sender=worker)
        token.approve(registry, 300 * TOKEN, sender=worker)
        registry.stake(200 * TOKEN, sender=worker)
    token.transfer(requester, 1_000 * TOKEN, sender=deployer)
    token.approve(escrow, 1_000 * TOKEN, sender=requester)

    def create(tag: str, budget: int) -> int:
        tx = escrow.create_job(
            f"bafk-{tag}", keccak(text=tag), 4, budget, chain.pending_timestamp + 86_400, sender=requester
        )
        return tx.decode_logs(escrow.JobCreated)[0].job_id

    settled, rejected, open_job = (
        create("settled", 100 * TOKEN),
        create("rejected", 50 * TOKEN),
        create("open", 30 * TOKEN),
    )
    plan = plan_settlement(
        settled,
        100 * TOKEN,
        {workers[0].address: 60 * TOKEN, workers[1].address: 20 * TOKEN},
        10 * TOKEN,
        slashes=[(workers[1].address, 5 * TOKEN)],
    )
    escrow.settle(
        plan.settlement.as_tuple(),
        plan.slashes_arg(),
        eip712.committee_signatures(keys, domain, plan.settlement),
        sender=accounts[1],
    )
    reject = eip712.Reject(rejected, eip712.REJECT_INVALID_SPEC)
    escrow.reject(rejected, reject.reason, eip712.committee_signatures(keys, domain, reject), sender=accounts[2])
    escrow.request_cancel(open_job, sender=requester)
    chain.pending_timestamp += params.dispute_window + 1
    chain.mine()
    amount, proof = plan.proof(workers[0].address)
    escrow.claim(workers[0], [settled], [amount], [proof], sender=workers[0])
    escrow.claim_refund(settled, sender=requester)
    registry.begin_unbond(50 * TOKEN, sender=workers[1])
    return ExplorerChain(
        settled_job=settled,
        rejected_job=rejected,
        open_job=open_job,
        requester=requester.address,
        paid_worker=workers[0].address,
        slashed_worker=workers[1].address,
        payout=60 * TOKEN,
        slash=5 * TOKEN,
    )
