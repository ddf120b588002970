"""JobEscrow.dispute and JobEscrow.resolve: the requester contests a
settlement with a bond; the committee answers with a round-1 settlement."""

import boa
from boa_system import keyed_account
from escrow_helpers import (
    assert_solvent,
    claim,
    create_and_settle,
    deploy_false_token_escrow,
    dispute,
    events,
    fees_owed,
    make_split,
    resolve,
    settle,
    standard_split,
    with_round,
)

from protocol import eip712
from protocol.contracts import TOKEN, JobStatus

MAX_UINT128 = 2**128 - 1


def _overturned(split, workers, budget):
    """Round 1 of `split`: the first worker loses half its payout to the requester."""
    s = split.settlement
    cut = split.payouts[workers[0]] // 2
    payouts = {workers[0]: split.payouts[workers[0]] - cut, workers[1]: split.payouts[workers[1]]}
    return make_split(s.job_id, payouts, s.oracle_fee, s.refund + cut, round=1)


# ---- dispute ------------------------------------------------------------


def test_dispute__requester_within_window__locks_bond_and_holds_claims(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    bond = system.params.dispute_bond
    system.fund_and_approve(requester, bond)

    system.escrow.dispute(job_id, sender=requester)

    now = boa.env.evm.patch.timestamp
    [disputed] = events(system.escrow, "JobDisputed")
    assert (disputed.job_id, disputed.requester, disputed.bond) == (job_id, requester, bond)
    assert disputed.resolve_by == now + system.params.resolve_timeout
    job = system.escrow.get_job(job_id)
    assert job.status == JobStatus.DISPUTED
    assert job.dispute_bond == bond
    assert job.window_end == now + system.params.resolve_timeout
    assert system.token.balanceOf(requester) == 0
    assert not system.escrow.is_final(job_id)
    assert_solvent(system)


def test_dispute__last_second_of_window__accepted(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    boa.env.evm.patch.timestamp = system.escrow.get_job(job_id).window_end - 1

    dispute(system, requester, job_id)

    assert system.escrow.get_job(job_id).status == JobStatus.DISPUTED


def test_dispute__window_closed__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    boa.env.evm.patch.timestamp = system.escrow.get_job(job_id).window_end
    with boa.reverts("escrow: dispute window closed"):
        dispute(system, requester, job_id)


def test_dispute__non_requester__reverts(system, requester, workers, budget, non_owner):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: caller is not the requester"):
        dispute(system, non_owner, split.settlement.job_id)


def test_dispute__open_job__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    with boa.reverts("escrow: job not disputable"):
        dispute(system, requester, job_id)


def test_dispute__already_disputed__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    with boa.reverts("escrow: job not disputable"):
        dispute(system, requester, split.settlement.job_id)


def test_dispute__resolved_job__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    resolve(system, with_round(split, 1))
    with boa.reverts("escrow: job not disputable"):
        dispute(system, requester, split.settlement.job_id)


def test_dispute__without_bond_allowance__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    system.fund(requester, system.params.dispute_bond)
    with boa.reverts("erc20: insufficient allowance"):
        system.escrow.dispute(split.settlement.job_id, sender=requester)


def test_dispute__token_returns_false__reverts(system, requester, workers, budget):
    token, escrow = deploy_false_token_escrow(system)
    token.mint(requester, budget + system.params.dispute_bond)
    token.approve(escrow.address, budget + system.params.dispute_bond, sender=requester)
    job_id = escrow.create_job(
        "bafyspec", b"\x01" * 32, 1, budget, boa.env.evm.patch.timestamp + 3_600, sender=requester
    )
    split = standard_split(job_id, workers, budget)
    escrow.settle(
        split.settlement.as_tuple(),
        [],
        eip712.committee_signatures(
            system.oracle_keys[:3], eip712.Domain(boa.env.evm.patch.chain_id, escrow.address), split.settlement
        ),
    )
    token.set_fail(True)
    with boa.reverts("escrow: transfer failed"):
        escrow.dispute(job_id, sender=requester)


# ---- resolve ------------------------------------------------------------


def test_resolve__same_split__upholds_and_keeps_bond_for_the_workers(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    bond = system.params.dispute_bond
    fees_before = fees_owed(system)

    resolve(system, with_round(split, 1))

    now = boa.env.evm.patch.timestamp
    [resolved] = events(system.escrow, "DisputeResolved")
    assert (resolved.job_id, resolved.upheld, resolved.bond) == (job_id, True, bond)
    [settled] = events(system.escrow, "JobSettled")
    assert (settled.round, settled.refund, settled.window_end) == (1, split.settlement.refund, now)
    assert fees_owed(system) == fees_before  # the signers get no part of the bond
    job = system.escrow.get_job(job_id)
    assert (job.status, job.round, job.window_end) == (JobStatus.SETTLED, 1, now)
    assert job.dispute_bond == bond
    assert (job.unclaimed_payout, job.refund) == (split.settlement.total_payout, split.settlement.refund)
    assert system.escrow.is_final(job_id)  # final at once, claims open
    assert_solvent(system)


def test_claim__failed_dispute__each_worker_gets_its_pro_rata_share_of_the_bond(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    resolve(system, with_round(split, 1))
    bond, total = system.params.dispute_bond, split.settlement.total_payout

    paid = {w: claim(system, w, [split]) for w in workers[:2]}

    assert paid == {w: split.payouts[w] + split.payouts[w] * bond // total for w in workers[:2]}
    assert system.escrow.get_job(job_id).dispute_bond == bond - sum(paid.values()) + total
    assert_solvent(system)


def test_claim__dispute_timed_out__workers_get_the_bond_for_their_wait(system, requester, workers, budget):
    # The rule that makes a dispute cost the requester: a dispute the committee
    # does not answer fails, and its bond pays the workers who waited.
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout)
    bond, total = system.params.dispute_bond, split.settlement.total_payout

    paid = sum(claim(system, w, [split]) for w in workers[:2])
    refund = system.escrow.claim_refund(job_id, sender=requester)

    assert paid == total + sum(split.payouts[w] * bond // total for w in workers[:2])
    assert refund == split.settlement.refund
    assert system.escrow.get_job(job_id).dispute_bond == total + bond - paid  # rounding dust only
    assert_solvent(system)


def test_sweep__failed_dispute__returns_the_bond_nobody_claimed(system, requester, workers, budget, non_owner):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout)
    claim(system, workers[0], [split])
    left = system.escrow.get_job(job_id).dispute_bond
    boa.env.time_travel(seconds=system.params.claim_expiry)

    swept = system.escrow.sweep(job_id, sender=non_owner)

    assert swept == split.payouts[workers[1]] + left
    assert system.escrow.get_job(job_id).dispute_bond == 0
    assert_solvent(system)


def test_resolve__same_split_paying_no_worker__returns_bond(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {}, budget // 10, budget - budget // 10)
    settle(system, split)
    dispute(system, requester, job_id)

    resolve(system, with_round(split, 1))

    assert system.escrow.get_job(job_id).dispute_bond == 0
    assert system.escrow.claim_refund(job_id, sender=requester) == split.settlement.refund + system.params.dispute_bond
    assert_solvent(system)


def test_resolve__new_split__overturns_and_returns_bond_with_refund(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    bond = system.params.dispute_bond
    fees_before = fees_owed(system)
    new = _overturned(split, workers, budget)

    resolve(system, new)

    [resolved] = events(system.escrow, "DisputeResolved")
    assert (resolved.job_id, resolved.upheld, resolved.bond) == (job_id, False, bond)
    [settled] = events(system.escrow, "JobSettled")
    assert (settled.round, settled.payout_root, settled.refund) == (
        1,
        new.settlement.payout_root,
        new.settlement.refund + bond,
    )
    assert events(system.escrow, "FeesCredited") == []
    assert fees_owed(system) == fees_before
    job = system.escrow.get_job(job_id)
    assert job.payout_root == new.settlement.payout_root
    assert job.unclaimed_payout == new.settlement.total_payout
    assert job.refund == new.settlement.refund + bond
    assert job.dispute_bond == 0
    # The new split still adds up to the budget (the bond is the requester's own).
    assert new.settlement.total_payout + new.settlement.oracle_fee + new.settlement.refund == budget
    assert_solvent(system)

    paid = claim(system, workers[0], [new])
    assert paid == new.payouts[workers[0]]
    assert system.escrow.claim_refund(job_id, sender=requester) == new.settlement.refund + bond
    assert system.token.balanceOf(requester) == new.settlement.refund + bond
    assert_solvent(system)


def test_resolve__overturned__old_proof_refused(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    resolve(system, _overturned(split, workers, budget))
    with boa.reverts("escrow: invalid proof"):
        claim(system, workers[0], [split])


def test_resolve__largest_budget_overturned__refund_plus_bond_fits(system, requester, workers):
    # The largest budget the escrow takes leaves room for the bond in the
    # packed 128-bit refund; nothing is lost when a dispute is won.
    bond = system.params.dispute_bond
    budget = MAX_UINT128 - bond
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: 1}, 0, budget - 1)
    settle(system, split)
    dispute(system, requester, job_id)

    resolve(system, make_split(job_id, {}, 0, budget, round=1))

    assert system.escrow.get_job(job_id).refund == MAX_UINT128
    assert_solvent(system)
    assert system.escrow.claim_refund(job_id, sender=requester) == MAX_UINT128
    assert system.token.balanceOf(system.escrow.address) == 0


def test_resolve__with_slashes__slashes_worker(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    cheater = workers[1]
    stake = system.registry.stake_of(cheater)
    s = split.settlement
    new = make_split(
        s.job_id,
        {workers[0]: split.payouts[workers[0]]},
        s.oracle_fee,
        s.refund + split.payouts[cheater],
        slashes=[(cheater, 7 * TOKEN)],
        round=1,
    )

    resolve(system, new)

    [applied] = events(system.escrow, "SlashApplied")
    assert (applied.worker, applied.slashed) == (cheater, 7 * TOKEN)
    assert system.registry.stake_of(cheater) == stake - 7 * TOKEN
    assert_solvent(system)


def test_resolve__round_0__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    with boa.reverts("escrow: wrong round"):
        resolve(system, split)


def test_resolve__oracle_fee_changed__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    s = split.settlement
    new = make_split(s.job_id, split.payouts, s.oracle_fee + 1, s.refund - 1, round=1)
    with boa.reverts("escrow: oracle fee cannot change"):
        resolve(system, new)


def test_resolve__amounts_not_adding_up__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    s = split.settlement
    new = make_split(s.job_id, split.payouts, s.oracle_fee, s.refund + system.params.dispute_bond, round=1)
    with boa.reverts("escrow: amounts must add up to budget"):
        resolve(system, new)


def test_resolve__slashes_hash_mismatch__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    new = with_round(split, 1)
    new.slashes = [(workers[2], TOKEN)]
    with boa.reverts("escrow: slashes do not match hash"):
        resolve(system, new)


def test_resolve__settled_job_not_disputed__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: job not disputed"):
        resolve(system, with_round(split, 1))


def test_resolve__twice__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    resolve(system, with_round(split, 1))
    with boa.reverts("escrow: job not disputed"):
        resolve(system, _overturned(split, workers, budget))


def test_resolve__after_resolve_timeout__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    boa.env.time_travel(seconds=system.params.resolve_timeout)
    with boa.reverts("escrow: dispute timed out"):
        resolve(system, with_round(split, 1))


def test_resolve__round_0_signatures__reverts(system, requester, workers, budget):
    # The signatures of the original settlement cannot be replayed as a verdict.
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    with boa.reverts("committee: not a signer"):
        resolve(system, with_round(split, 1), sigs=system.oracle_sigs(split.settlement))


def test_resolve__fewer_than_k_signatures__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    new = with_round(split, 1)
    with boa.reverts("committee: below threshold"):
        resolve(system, new, sigs=system.oracle_sigs(new.settlement)[:2])


def test_resolve__duplicated_signer__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    new = with_round(split, 1)
    sigs = system.oracle_sigs(new.settlement)
    with boa.reverts("committee: signers not sorted or repeated"):
        resolve(system, new, sigs=[sigs[0], sigs[1], sigs[1]])


def test_resolve__signer_removed_after_job_created__still_counts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    new = with_round(split, 1)
    sigs = system.oracle_sigs(new.settlement)
    system.committee.remove_signer(system.params.oracle_signers[2], sender=system.deployer)
    boa.env.time_travel(seconds=1)
    resolve(system, new, sigs=sigs)
    assert system.escrow.get_job(split.settlement.job_id).round == 1


def test_resolve__signer_added_after_job_created__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    dispute(system, requester, split.settlement.job_id)
    newcomer, key = keyed_account("new-oracle")
    system.committee.add_signer(newcomer, sender=system.deployer)
    boa.env.time_travel(seconds=1)
    new = with_round(split, 1)
    with boa.reverts("committee: not a signer"):
        resolve(system, new, sigs=system.oracle_sigs(new.settlement, [*system.oracle_keys[:2], key]))
