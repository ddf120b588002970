"""JobEscrow.claim and is_claimed: workers pull their payout leaves of final
jobs, many jobs per transaction, each (job, worker) leaf once."""

import dataclasses

import boa
import pytest
from escrow_helpers import (
    assert_solvent,
    claim,
    create_and_settle,
    dispute,
    events,
    make_split,
    past_window,
    reject,
    settle,
)

from protocol import eip712


def _final_jobs(system, requester, workers, budget, n=1):
    splits = [create_and_settle(system, requester, workers, budget) for _ in range(n)]
    for split in splits:
        past_window(system, split.settlement.job_id)
    return splits


def test_claim__many_jobs_one_transaction__pays_the_sum(system, requester, workers, budget):
    splits = _final_jobs(system, requester, workers, budget, n=3)
    worker = workers[0]
    expected = sum(s.payouts[worker] for s in splits)

    paid = claim(system, worker, splits)

    assert paid == expected
    assert system.token.balanceOf(worker) == expected
    claimed = events(system.escrow, "PayoutClaimed")
    assert [(e.job_id, e.worker, e.amount) for e in claimed] == [
        (s.settlement.job_id, worker, s.payouts[worker]) for s in splits
    ]
    for s in splits:
        assert system.escrow.is_claimed(worker, s.settlement.job_id)
        assert not system.escrow.is_claimed(workers[1], s.settlement.job_id)
        job = system.escrow.get_job(s.settlement.job_id)
        assert job.unclaimed_payout == s.settlement.total_payout - s.payouts[worker]
        assert job.refund == s.settlement.refund  # untouched
    assert_solvent(system)


def test_claim__third_party_caller__pays_the_worker(system, requester, workers, budget, non_owner):
    [split] = _final_jobs(system, requester, workers, budget)

    claim(system, workers[1], [split], sender=non_owner)

    assert system.token.balanceOf(workers[1]) == split.payouts[workers[1]]
    assert system.token.balanceOf(non_owner) == 0


def test_claim__same_leaf_twice__reverts(system, requester, workers, budget):
    [split] = _final_jobs(system, requester, workers, budget)
    claim(system, workers[0], [split])
    with boa.reverts("escrow: already claimed"):
        claim(system, workers[0], [split])


def test_claim__same_leaf_twice_in_one_call__reverts(system, requester, workers, budget):
    [split] = _final_jobs(system, requester, workers, budget)
    with boa.reverts("escrow: already claimed"):
        claim(system, workers[0], [split, split])
    assert not system.escrow.is_claimed(workers[0], split.settlement.job_id)


def test_claim__leaf_of_another_worker__reverts(system, requester, workers, budget):
    [split] = _final_jobs(system, requester, workers, budget)
    amount, proof = split.leaf(workers[0])
    with boa.reverts("escrow: invalid proof"):
        system.escrow.claim(workers[2], [split.settlement.job_id], [amount], [proof], sender=workers[2])


def test_claim__another_amount__reverts(system, requester, workers, budget):
    [split] = _final_jobs(system, requester, workers, budget)
    amount, proof = split.leaf(workers[0])
    with boa.reverts("escrow: invalid proof"):
        system.escrow.claim(workers[0], [split.settlement.job_id], [amount + 1], [proof], sender=workers[0])


def test_claim__leaf_of_another_job__reverts(system, requester, workers, budget):
    first, second = _final_jobs(system, requester, workers, budget, n=2)
    amount, proof = first.leaf(workers[0])
    with boa.reverts("escrow: invalid proof"):
        system.escrow.claim(workers[0], [second.settlement.job_id], [amount], [proof], sender=workers[0])


def test_claim__before_window_end__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(split.settlement.job_id).window_end - 1
    with boa.reverts("escrow: payouts not claimable yet"):
        claim(system, workers[0], [split])


def test_claim__at_window_end__pays(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(split.settlement.job_id).window_end

    assert claim(system, workers[0], [split]) == split.payouts[workers[0]]


def test_claim__during_dispute__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    # Past the original window end, but the dispute holds the claims.
    boa.env.time_travel(seconds=system.params.dispute_window + 1)
    with boa.reverts("escrow: payouts not claimable yet"):
        claim(system, workers[0], [split])


def test_claim__after_dispute_timeout__pays_original_split(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout)

    assert system.escrow.is_final(job_id)
    # Plus the worker's share of the failed dispute's bond.
    expected = split.payouts[workers[0]] * (split.settlement.total_payout + system.params.dispute_bond)
    expected //= split.settlement.total_payout
    assert claim(system, workers[0], [split]) == expected
    assert system.token.balanceOf(workers[0]) == expected
    assert_solvent(system)


def test_claim__one_job_not_final__reverts_whole_batch(system, requester, workers, budget):
    [final] = _final_jobs(system, requester, workers, budget)
    fresh = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: payouts not claimable yet"):
        claim(system, workers[0], [final, fresh])
    assert not system.escrow.is_claimed(workers[0], final.settlement.job_id)
    assert system.token.balanceOf(workers[0]) == 0


def test_claim__open_job__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: budget}, 0, 0)
    with boa.reverts("escrow: payouts not claimable yet"):
        claim(system, workers[0], [split])


def test_claim__rejected_job__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    reject(system, job_id, eip712.REJECT_INVALID_SPEC)
    split = make_split(job_id, {workers[0]: budget}, 0, 0)
    with boa.reverts("escrow: payouts not claimable yet"):
        claim(system, workers[0], [split])


def test_claim__no_jobs__reverts(system, workers):
    with boa.reverts("escrow: nothing to claim"):
        system.escrow.claim(workers[0], [], [], [], sender=workers[0])


@pytest.mark.parametrize("drop", ["amounts", "proofs"])
def test_claim__length_mismatch__reverts(system, requester, workers, budget, drop):
    first, second = _final_jobs(system, requester, workers, budget, n=2)
    job_ids = [first.settlement.job_id, second.settlement.job_id]
    amounts = [first.leaf(workers[0])[0], second.leaf(workers[0])[0]]
    proofs = [first.leaf(workers[0])[1], second.leaf(workers[0])[1]]
    if drop == "amounts":
        amounts = amounts[:1]
    else:
        proofs = proofs[:1]
    with boa.reverts("escrow: length mismatch"):
        system.escrow.claim(workers[0], job_ids, amounts, proofs, sender=workers[0])


def test_claim__leaves_above_total_payout__reverts(system, requester, workers, budget):
    # A committee bug: leaves worth more than total_payout. The escrow never
    # pays more than the job's payout share, whatever the tree says.
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: budget * 6 // 10, workers[1]: budget * 6 // 10}, 0, 0)
    split.settlement = dataclasses.replace(split.settlement, total_payout=budget)
    settle(system, split)
    past_window(system, job_id)
    claim(system, workers[0], [split])

    with boa.reverts("escrow: payout exceeds what is left"):
        claim(system, workers[1], [split])
    assert system.escrow.get_job(job_id).unclaimed_payout == budget - budget * 6 // 10
    assert_solvent(system)


def test_claim__payout_tree_of_10000_workers__sampled_leaves_accepted(system, requester):
    job_id = system.escrow.job_count() + 1
    payouts = {"0x" + (0xA11CE << 100 | i).to_bytes(20, "big").hex(): 1_000 + i for i in range(10_000)}
    total = sum(payouts.values())
    system.create_job(requester, total + 500)
    split = make_split(job_id, payouts, 0, 500)  # protocol.merkle.payout_tree underneath
    tree = split.tree
    assert len(tree.values) == 10_000
    settle(system, split)
    past_window(system, job_id)

    for index in (0, 5_000, 9_999):
        _, worker, amount = tree.values[index]
        proof = tree.proof(index)
        paid = system.escrow.claim(worker, [job_id], [amount], [proof], sender=requester)
        assert paid == amount
        assert system.token.balanceOf(worker) == amount
        assert system.escrow.is_claimed(worker, job_id)
    assert system.escrow.get_job(job_id).unclaimed_payout == total - sum(tree.values[i][2] for i in (0, 5_000, 9_999))
    # A proof from the big tree does not work for a neighbour's leaf.
    _, worker, amount = tree.values[1]
    with boa.reverts("escrow: invalid proof"):
        system.escrow.claim(worker, [job_id], [amount], [tree.proof(2)], sender=requester)
    assert_solvent(system)


# ---- is_claimed ---------------------------------------------------------


def test_is_claimed__before_and_after_claim__flips_only_that_leaf(system, requester, workers, budget):
    first, second = _final_jobs(system, requester, workers, budget, n=2)
    assert not system.escrow.is_claimed(workers[0], first.settlement.job_id)

    claim(system, workers[0], [first])

    assert system.escrow.is_claimed(workers[0], first.settlement.job_id)
    assert not system.escrow.is_claimed(workers[0], second.settlement.job_id)
    assert not system.escrow.is_claimed(workers[1], first.settlement.job_id)
    # Same bit in the next 256-job word is another job.
    assert not system.escrow.is_claimed(workers[0], first.settlement.job_id + 256)


def test_claim__bounds__match_protocol_limits(system):
    from protocol.merkle import MAX_PAYOUT_PROOF_DEPTH

    assert system.escrow.MAX_PROOF_DEPTH() == MAX_PAYOUT_PROOF_DEPTH
    assert system.escrow.MAX_CLAIMS() == 50


def test_claim__more_jobs_than_max_claims__reverts_and_pays_nothing(system, requester, workers, budget):
    splits = _final_jobs(system, requester, workers, budget // 60, n=51)
    with boa.reverts():
        claim(system, workers[0], splits)
    assert not any(system.escrow.is_claimed(workers[0], s.settlement.job_id) for s in splits)
    assert claim(system, workers[0], splits[:50]) == sum(s.leaf(workers[0])[0] for s in splits[:50])
    assert_solvent(system)
