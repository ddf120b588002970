"""The off-chain half of the encodings (protocol/) against the deployed
contracts on a real chain: digests, signatures and Merkle proofs made in
Python are accepted; tampered ones are refused."""

from __future__ import annotations

import pytest
from ape.exceptions import ContractLogicError
from eth_utils import keccak, to_checksum_address

from protocol import eip712
from protocol.contracts import TOKEN, JobStatus
from protocol.settlement import plan_settlement

pytestmark = [pytest.mark.anvil]


def _create_job(c, requester, deployer, budget, num_tasks=100):
    from ape import chain

    c["HiveToken"].transfer(requester, budget, sender=deployer)
    c["HiveToken"].approve(c["JobEscrow"], budget, sender=requester)
    tx = c["JobEscrow"].create_job(
        "bafkreiboundary", keccak(text="spec"), num_tasks, budget, chain.pending_timestamp + 86_400, sender=requester
    )
    return tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id


def _addresses(n, salt):
    return [to_checksum_address(keccak(text=f"{salt}-{i}")[:20]) for i in range(n)]


def test_settlement_digest__python_and_contract__agree(deployed, accounts, chain_snapshot):
    from ape import chain

    _, c, _ = deployed
    domain = eip712.Domain(chain.chain_id, c["JobEscrow"].address)
    s = eip712.Settlement(7, keccak(text="root"), 5, 1, 2, eip712.slashes_hash([]), keccak(text="result"), 1)
    assert bytes(c["JobEscrow"].settlement_digest(s.as_tuple())) == eip712.digest(domain, s)
    assert bytes(c["JobEscrow"].reject_digest(7, 3)) == eip712.digest(domain, eip712.Reject(7, 3))


def test_settle__ten_thousand_leaf_tree__sampled_proofs_claim_on_chain(deployed, accounts, chain_snapshot):
    from ape import chain

    _, c, params = deployed
    escrow = c["JobEscrow"]
    payees = _addresses(10_000, "payee")
    budget = 10_000 * TOKEN + 100 * TOKEN
    job = _create_job(c, accounts[9], accounts[0], budget, num_tasks=10_000)
    plan = plan_settlement(job, budget, {p: TOKEN for p in payees}, 100 * TOKEN)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    keys = [a.private_key for a in accounts[1:4]]
    escrow.settle(
        plan.settlement.as_tuple(), [], eip712.committee_signatures(keys, domain, plan.settlement), sender=accounts[1]
    )
    assert escrow.get_job(job).status == JobStatus.SETTLED
    chain.pending_timestamp += params.dispute_window + 1
    chain.mine()
    for payee in (payees[0], payees[4_999], payees[-1]):
        amount, proof = plan.proof(payee)
        assert len(proof) >= 13
        escrow.claim(payee, [job], [amount], [proof], sender=accounts[2])
        assert c["HiveToken"].balanceOf(payee) == TOKEN
        assert escrow.is_claimed(payee, job)
    # a proof for one payee does not pay another
    amount, proof = plan.proof(payees[1])
    with pytest.raises(ContractLogicError, match="escrow: invalid proof"):
        escrow.claim(payees[2], [job], [amount], [proof], sender=accounts[2])


def test_settle__signature_for_another_chain__refused(deployed, accounts, chain_snapshot):
    from ape import chain

    _, c, _ = deployed
    escrow = c["JobEscrow"]
    job = _create_job(c, accounts[9], accounts[0], 100 * TOKEN)
    plan = plan_settlement(job, 100 * TOKEN, {accounts[4].address: 90 * TOKEN}, 10 * TOKEN)
    keys = [a.private_key for a in accounts[1:4]]
    wrong_chain = eip712.Domain(chain.chain_id + 1, escrow.address)
    with pytest.raises(ContractLogicError, match="committee: "):
        escrow.settle(
            plan.settlement.as_tuple(),
            [],
            eip712.committee_signatures(keys, wrong_chain, plan.settlement),
            sender=accounts[1],
        )
    right = eip712.Domain(chain.chain_id, escrow.address)
    escrow.settle(
        plan.settlement.as_tuple(), [], eip712.committee_signatures(keys, right, plan.settlement), sender=accounts[1]
    )
    assert escrow.get_job(job).status == JobStatus.SETTLED


def test_reject__committee_signed__refunds_whole_budget_on_chain(deployed, accounts, chain_snapshot):
    from ape import chain

    _, c, _ = deployed
    escrow, token, requester = c["JobEscrow"], c["HiveToken"], accounts[9]
    before = token.balanceOf(requester)
    job = _create_job(c, requester, accounts[0], 50 * TOKEN)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    reject = eip712.Reject(job, eip712.REJECT_INVALID_SPEC)
    keys = [a.private_key for a in accounts[1:4]]
    tx = escrow.reject(job, reject.reason, eip712.committee_signatures(keys, domain, reject), sender=accounts[2])
    assert tx.decode_logs(escrow.JobRejected)[0].refund == 50 * TOKEN
    assert token.balanceOf(requester) == before + 50 * TOKEN
    assert escrow.get_job(job).status == JobStatus.REJECTED
