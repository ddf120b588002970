"""JobEscrow's other ways out: reject, reclaim, claim_refund, sweep; and
is_final. (Fees: test_job_escrow_fees.py.)"""

import boa
from escrow_helpers import (
    assert_solvent,
    claim,
    create_and_settle,
    deploy_false_token_escrow,
    dispute,
    events,
    make_split,
    past_window,
    reject,
    resolve,
    settle,
    standard_split,
    with_round,
)

from protocol import eip712
from protocol.contracts import JobStatus

# ---- reject -------------------------------------------------------------


def test_reject__k_signatures__refunds_whole_budget(system, requester, budget):
    job_id = system.create_job(requester, budget)

    reject(system, job_id, eip712.REJECT_SPEC_HASH_MISMATCH)

    [rejected] = events(system.escrow, "JobRejected")
    assert (rejected.job_id, rejected.reason, rejected.refund) == (job_id, eip712.REJECT_SPEC_HASH_MISMATCH, budget)
    assert system.token.balanceOf(requester) == budget
    job = system.escrow.get_job(job_id)
    assert job.status == JobStatus.REJECTED
    assert not system.escrow.is_final(job_id)
    assert all(system.escrow.fee_share(job_id, s) == 0 for s in system.params.oracle_signers)
    assert_solvent(system)


def test_reject__settled_job__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: job not open"):
        reject(system, split.settlement.job_id)


def test_reject__twice__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    reject(system, job_id)
    with boa.reverts("escrow: job not open"):
        reject(system, job_id)


def test_reject__after_deadline_plus_grace__still_refunds(system, requester, budget):
    job_id = system.create_job(requester, budget)
    boa.env.time_travel(seconds=10 * system.params.settle_grace)

    reject(system, job_id)

    assert system.token.balanceOf(requester) == budget


def test_reject__token_returns_false__reverts(system, requester, budget):
    token, escrow = deploy_false_token_escrow(system)
    token.mint(requester, budget)
    token.approve(escrow.address, budget, sender=requester)
    job_id = escrow.create_job(
        "bafyspec", b"\x01" * 32, 1, budget, boa.env.evm.patch.timestamp + 3_600, sender=requester
    )
    domain = eip712.Domain(boa.env.evm.patch.chain_id, escrow.address)
    sigs = eip712.committee_signatures(system.oracle_keys[:3], domain, eip712.Reject(job_id, 1))
    token.set_fail(True)

    with boa.reverts("escrow: transfer failed"):
        escrow.reject(job_id, 1, sigs)
    assert escrow.get_job(job_id).status == JobStatus.OPEN


# ---- reclaim ------------------------------------------------------------


def test_reclaim__after_deadline_plus_grace__refunds_requester(system, requester, budget, non_owner):
    job_id = system.create_job(requester, budget)
    job = system.escrow.get_job(job_id)
    boa.env.evm.patch.timestamp = job.deadline + system.params.settle_grace + 1

    system.escrow.reclaim(job_id, sender=non_owner)  # anyone may call; the requester is paid

    [reclaimed] = events(system.escrow, "JobReclaimed")
    assert (reclaimed.job_id, reclaimed.requester, reclaimed.amount) == (job_id, requester, budget)
    assert system.token.balanceOf(requester) == budget
    assert system.token.balanceOf(non_owner) == 0
    assert system.escrow.get_job(job_id).status == JobStatus.RECLAIMED
    assert_solvent(system)


def test_reclaim__at_deadline_plus_grace__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(job_id).deadline + system.params.settle_grace
    with boa.reverts("escrow: deadline + grace not reached"):
        system.escrow.reclaim(job_id, sender=requester)


def test_reclaim__settled_job__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    boa.env.time_travel(seconds=30 * 86_400)
    with boa.reverts("escrow: job not open"):
        system.escrow.reclaim(split.settlement.job_id, sender=requester)


def test_reclaim__twice__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(job_id).deadline + system.params.settle_grace + 1
    system.escrow.reclaim(job_id, sender=requester)
    with boa.reverts("escrow: job not open"):
        system.escrow.reclaim(job_id, sender=requester)


def test_settle__reclaimed_job__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(job_id).deadline + system.params.settle_grace + 1
    system.escrow.reclaim(job_id, sender=requester)
    with boa.reverts("escrow: job not open"):
        settle(system, standard_split(job_id, workers, budget))


# ---- claim_refund -------------------------------------------------------


def test_claim_refund__after_window__pays_requester(system, requester, workers, budget, non_owner):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    past_window(system, job_id)

    paid = system.escrow.claim_refund(job_id, sender=non_owner)

    assert paid == split.settlement.refund
    [refunded] = events(system.escrow, "RefundClaimed")
    assert (refunded.job_id, refunded.requester, refunded.amount) == (job_id, requester, split.settlement.refund)
    assert system.token.balanceOf(requester) == split.settlement.refund
    job = system.escrow.get_job(job_id)
    assert job.refund == 0
    assert job.unclaimed_payout == split.settlement.total_payout  # payouts untouched
    assert_solvent(system)


def test_claim_refund__twice__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    past_window(system, split.settlement.job_id)
    system.escrow.claim_refund(split.settlement.job_id, sender=requester)
    with boa.reverts("escrow: nothing to refund"):
        system.escrow.claim_refund(split.settlement.job_id, sender=requester)


def test_claim_refund__zero_refund__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    settle(system, make_split(job_id, {workers[0]: budget}, 0, 0))
    past_window(system, job_id)
    with boa.reverts("escrow: nothing to refund"):
        system.escrow.claim_refund(job_id, sender=requester)


def test_claim_refund__before_window_end__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: refund not claimable yet"):
        system.escrow.claim_refund(split.settlement.job_id, sender=requester)


def test_claim_refund__open_job__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    with boa.reverts("escrow: refund not claimable yet"):
        system.escrow.claim_refund(job_id, sender=requester)


def test_claim_refund__during_dispute__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout - 1)
    with boa.reverts("escrow: refund not claimable yet"):
        system.escrow.claim_refund(split.settlement.job_id, sender=requester)


def test_claim_refund__unresolved_dispute_timed_out__returns_refund_not_bond(system, requester, workers, budget):
    # The bond of a dispute the committee never answered pays the workers'
    # wait (test_job_escrow_dispute.py); the requester gets its refund only.
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    bond = system.params.dispute_bond
    boa.env.time_travel(seconds=system.params.resolve_timeout)

    paid = system.escrow.claim_refund(job_id, sender=requester)

    assert paid == split.settlement.refund
    [refunded] = events(system.escrow, "RefundClaimed")
    assert refunded.amount == split.settlement.refund
    assert system.token.balanceOf(requester) == split.settlement.refund
    job = system.escrow.get_job(job_id)
    assert (job.refund, job.dispute_bond) == (0, bond)
    assert_solvent(system)
    with boa.reverts("escrow: nothing to refund"):
        system.escrow.claim_refund(job_id, sender=requester)


def test_claim_refund__timed_out_dispute_paying_no_worker__returns_bond(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    settle(system, make_split(job_id, {}, 0, budget))
    dispute(system, requester, job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout)

    assert system.escrow.claim_refund(job_id, sender=requester) == budget + system.params.dispute_bond
    assert_solvent(system)


def test_claim_refund__upheld_dispute__returns_refund_without_bond(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    resolve(system, with_round(split, 1))

    assert system.escrow.claim_refund(job_id, sender=requester) == split.settlement.refund
    assert system.token.balanceOf(requester) == split.settlement.refund
    assert_solvent(system)


# ---- sweep --------------------------------------------------------------


def test_sweep__after_claim_expiry__returns_unclaimed_payouts(system, requester, workers, budget, non_owner):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    past_window(system, job_id)
    claim(system, workers[0], [split])
    boa.env.time_travel(seconds=system.params.claim_expiry)
    left = split.payouts[workers[1]]

    swept = system.escrow.sweep(job_id, sender=non_owner)

    assert swept == left
    [event] = events(system.escrow, "UnclaimedSwept")
    assert (event.job_id, event.requester, event.amount) == (job_id, requester, left)
    assert system.token.balanceOf(requester) == left
    job = system.escrow.get_job(job_id)
    assert job.unclaimed_payout == 0
    assert job.refund == split.settlement.refund  # the refund stays claimable
    assert_solvent(system)
    with boa.reverts("escrow: payout exceeds what is left"):
        claim(system, workers[1], [split])
    with boa.reverts("escrow: nothing to sweep"):
        system.escrow.sweep(job_id, sender=non_owner)


def test_sweep__claim_period_not_over__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    past_window(system, job_id)
    boa.env.time_travel(seconds=system.params.claim_expiry - 1)
    with boa.reverts("escrow: claim period not over"):
        system.escrow.sweep(job_id, sender=requester)


def test_sweep__not_final__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: payouts not claimable yet"):
        system.escrow.sweep(split.settlement.job_id, sender=requester)


def test_sweep__everything_claimed__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    past_window(system, split.settlement.job_id)
    claim(system, workers[0], [split])
    claim(system, workers[1], [split])
    boa.env.time_travel(seconds=system.params.claim_expiry)
    with boa.reverts("escrow: nothing to sweep"):
        system.escrow.sweep(split.settlement.job_id, sender=requester)


# ---- is_final -----------------------------------------------------------


def test_is_final__through_a_settled_job__flips_at_window_end(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    assert not system.escrow.is_final(job_id)
    settle(system, standard_split(job_id, workers, budget))
    assert not system.escrow.is_final(job_id)
    window_end = system.escrow.get_job(job_id).window_end
    boa.env.evm.patch.timestamp = window_end - 1
    assert not system.escrow.is_final(job_id)
    boa.env.evm.patch.timestamp = window_end
    assert system.escrow.is_final(job_id)


def test_is_final__disputed_job__only_after_resolve_timeout(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    resolve_by = system.escrow.get_job(job_id).window_end
    boa.env.evm.patch.timestamp = resolve_by - 1
    assert not system.escrow.is_final(job_id)
    boa.env.evm.patch.timestamp = resolve_by
    assert system.escrow.is_final(job_id)


def test_is_final__rejected_or_reclaimed_job__false(system, requester, budget):
    rejected = system.create_job(requester, budget)
    reject(system, rejected)
    reclaimed = system.create_job(requester, budget)
    boa.env.evm.patch.timestamp = system.escrow.get_job(reclaimed).deadline + system.params.settle_grace + 1
    system.escrow.reclaim(reclaimed, sender=requester)
    assert not system.escrow.is_final(rejected)
    assert not system.escrow.is_final(reclaimed)
