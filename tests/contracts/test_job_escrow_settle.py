"""JobEscrow.settle: the committee fixes how an open job's budget is split,
holds the oracle fee for its signers and applies slashes; plus the deploy-time checks."""

import boa
import pytest
from escrow_helpers import (
    RESULT_HASH,
    assert_solvent,
    child_events,
    deploy_escrow,
    events,
    make_split,
    settle,
    standard_split,
)

from protocol import eip712
from protocol.contracts import TOKEN, JobStatus


def test_settle__k_signatures__fixes_split_and_opens_window(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    s = split.settlement

    settle(system, split)

    now = boa.env.evm.patch.timestamp
    [settled] = events(system.escrow, "JobSettled")
    assert settled.job_id == job_id
    assert settled.round == 0
    assert settled.payout_root == s.payout_root
    assert (settled.total_payout, settled.oracle_fee, settled.refund) == (s.total_payout, s.oracle_fee, s.refund)
    assert settled.slashes_hash == s.slashes_hash
    assert settled.result_hash == RESULT_HASH
    assert settled.window_end == now + system.params.dispute_window
    job = system.escrow.get_job(job_id)
    assert job.status == JobStatus.SETTLED
    assert job.round == 0
    assert job.window_end == now + system.params.dispute_window
    assert job.payout_root == s.payout_root
    assert job.unclaimed_payout == s.total_payout
    assert job.refund == s.refund
    assert job.budget == budget
    assert not system.escrow.is_final(job_id)
    assert_solvent(system)


def test_settle__split__payouts_fee_and_refund_sum_to_budget(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)

    settle(system, split)

    job = system.escrow.get_job(job_id)
    fees = sum(system.escrow.fee_share(job_id, signer) for signer in system.params.oracle_signers)
    assert job.unclaimed_payout + fees + job.refund == budget
    assert fees == split.settlement.oracle_fee
    assert_solvent(system)


@pytest.mark.parametrize("delta", [-1, 1])
def test_settle__amounts_not_adding_up_to_budget__reverts(system, requester, workers, budget, delta):
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: budget // 2}, budget // 10, budget - budget // 2 - budget // 10 + delta)
    with boa.reverts("escrow: amounts must add up to budget"):
        settle(system, split)


def test_settle__amounts_overflowing_to_budget__reverts(system, requester, workers, budget):
    # total_payout + oracle_fee + refund wraps to `budget` mod 2**256: checked arithmetic must refuse it.
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {}, 2**256 - 1, budget + 1)
    with boa.reverts():
        settle(system, split)
    assert system.escrow.get_job(job_id).status == JobStatus.OPEN


def test_settle__oracle_fee__held_for_included_signers_with_dust_to_lowest_position(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    members = system.params.oracle_signers  # positions 0..4 of the committee's first epoch
    fee = split.settlement.oracle_fee
    share, dust = divmod(fee, 3)
    assert dust > 0  # the case under test

    settle(system, split)

    [joined] = events(system.escrow, "FeeSigners")
    assert (joined.job_id, joined.epoch, joined.signers) == (job_id, 1, 0b00111)
    assert joined.join_end == boa.env.evm.patch.timestamp + system.params.dispute_window
    state = system.escrow.fee_state(job_id)
    assert (state.fee, state.epoch, state.signers, state.paid) == (fee, 1, 0b00111, 0)
    assert [system.escrow.fee_share(job_id, s) for s in members] == [share + dust, share, share, 0, 0]
    assert_solvent(system)


def test_settle__more_than_k_signatures__fee_split_among_all_signers(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)

    settle(system, split, sigs=system.oracle_sigs(split.settlement, system.oracle_keys))

    assert system.escrow.fee_state(job_id).signers == 0b11111
    assert all(
        system.escrow.fee_share(job_id, s) >= split.settlement.oracle_fee // 5 for s in system.params.oracle_signers
    )
    assert_solvent(system)


def test_settle__zero_fee__holds_nothing(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: budget}, 0, 0)

    settle(system, split)

    assert events(system.escrow, "FeeSigners") == []
    assert system.escrow.fee_state(job_id).fee == 0
    assert all(system.escrow.fee_share(job_id, s) == 0 for s in system.params.oracle_signers)
    assert_solvent(system)


def test_settle__anyone_submits__accepted(system, requester, workers, budget, non_owner):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)

    settle(system, split, sender=non_owner)

    assert system.escrow.get_job(job_id).status == JobStatus.SETTLED


def test_settle__round_1__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, round=1)
    with boa.reverts("escrow: wrong round"):
        settle(system, split)


def test_settle__at_deadline_plus_grace__accepted(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    job = system.escrow.get_job(job_id)
    boa.env.evm.patch.timestamp = job.deadline + system.params.settle_grace

    settle(system, standard_split(job_id, workers, budget))

    assert system.escrow.get_job(job_id).status == JobStatus.SETTLED


def test_settle__after_deadline_plus_grace__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    job = system.escrow.get_job(job_id)
    boa.env.evm.patch.timestamp = job.deadline + system.params.settle_grace + 1
    with boa.reverts("escrow: too late to settle"):
        settle(system, standard_split(job_id, workers, budget))


def test_settle__already_settled__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    with boa.reverts("escrow: job not open"):
        settle(system, split)


def test_settle__unknown_job__reverts(system, workers, budget):
    with boa.reverts("escrow: job not open"):
        settle(system, standard_split(99, workers, budget))


# ---- slashes ------------------------------------------------------------


def test_settle__slashes_hash_mismatch__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, slashes=[(workers[2], 10 * TOKEN)])
    split.slashes = [(workers[2], 11 * TOKEN)]  # not what the committee signed
    with boa.reverts("escrow: slashes do not match hash"):
        settle(system, split)


def test_settle__slashes_dropped__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, slashes=[(workers[2], 10 * TOKEN)])
    split.slashes = []
    with boa.reverts("escrow: slashes do not match hash"):
        settle(system, split)


def test_settle__slash_below_stake__moves_stake_to_treasury(system, requester, workers, budget):
    cheater = workers[2]
    stake = system.registry.stake_of(cheater)
    treasury_before = system.token.balanceOf(system.treasury)
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, slashes=[(cheater, 30 * TOKEN)])

    settle(system, split)

    [applied] = events(system.escrow, "SlashApplied")
    assert (applied.job_id, applied.worker, applied.requested, applied.slashed) == (
        job_id,
        cheater,
        30 * TOKEN,
        30 * TOKEN,
    )
    [slashed] = child_events(system.escrow, system.registry, "Slashed")
    assert (slashed.node, slashed.slasher, slashed.slashed) == (cheater, system.escrow.address, 30 * TOKEN)
    assert slashed.reason == job_id.to_bytes(32, "big")
    assert system.registry.stake_of(cheater) == stake - 30 * TOKEN
    assert system.token.balanceOf(system.treasury) == treasury_before + 30 * TOKEN
    assert_solvent(system)


def test_settle__slash_above_stake__takes_only_the_stake(system, requester, workers, budget):
    cheater = workers[2]
    stake = system.registry.stake_of(cheater)
    treasury_before = system.token.balanceOf(system.treasury)
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, slashes=[(cheater, stake * 5)])

    settle(system, split)

    [applied] = events(system.escrow, "SlashApplied")
    assert (applied.requested, applied.slashed) == (stake * 5, stake)
    assert system.registry.stake_of(cheater) == 0
    assert system.token.balanceOf(system.treasury) == treasury_before + stake
    assert_solvent(system)


def test_settle__slash_of_unbonding_stake__still_taken(system, requester, workers, budget):
    cheater = workers[2]
    stake = system.registry.stake_of(cheater)
    system.registry.begin_unbond(stake, sender=cheater)
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget, slashes=[(cheater, stake // 2)])

    settle(system, split)

    assert system.registry.stake_of(cheater) == stake - stake // 2
    assert system.registry.nodes(cheater).unbonding == stake - stake // 2


def test_settle__several_slashes__each_applied(system, requester, workers, budget):
    stake = system.registry.stake_of(workers[0])
    job_id = system.create_job(requester, budget)
    slashes = [(workers[1], TOKEN), (workers[2], 2 * TOKEN)]
    split = standard_split(job_id, workers, budget, slashes=slashes)

    settle(system, split)

    applied = events(system.escrow, "SlashApplied")
    assert [(e.worker, e.slashed) for e in applied] == slashes
    assert system.registry.stake_of(workers[0]) == stake
    assert system.registry.stake_of(workers[1]) == stake - TOKEN
    assert system.registry.stake_of(workers[2]) == stake - 2 * TOKEN


def test_slashes_hash__protocol_encoding__matches_contract(system, requester, workers, budget):
    # protocol.eip712.slashes_hash is what the committee signs; the contract
    # hashes its DynArray[Slash, N] argument. A settle with slashes goes through
    # only if the two agree, and an empty list hashes like an empty array.
    job_id = system.create_job(requester, budget)
    slashes = [(workers[2].lower(), 1)]
    split = standard_split(job_id, workers, budget, slashes=slashes)
    settle(system, split)
    assert [e.worker for e in events(system.escrow, "SlashApplied")] == [workers[2]]


# ---- deploy-time checks -------------------------------------------------


@pytest.mark.parametrize("param", ["dispute_window", "resolve_timeout", "settle_grace", "claim_expiry"])
def test_init__period_above_ten_years__reverts(system, param):
    with boa.reverts("escrow: period too long"):
        deploy_escrow(system, **{param: 10 * 365 * 86_400 + 1})


def test_init__bond_of_uint128_max__reverts(system):
    with boa.reverts("escrow: dispute bond too large"):
        deploy_escrow(system, dispute_bond=2**128 - 1)


def test_init__parameters__readable(system):
    p = system.params
    escrow = system.escrow
    assert escrow.token() == system.token.address
    assert escrow.committee() == system.committee.address
    assert escrow.registry() == system.registry.address
    assert (
        escrow.dispute_window(),
        escrow.resolve_timeout(),
        escrow.settle_grace(),
        escrow.claim_expiry(),
        escrow.dispute_bond(),
    ) == (p.dispute_window, p.resolve_timeout, p.settle_grace, p.claim_expiry, p.dispute_bond)
    assert escrow.SETTLEMENT_TYPEHASH() == eip712.keccak(
        text="Settlement(uint256 jobId,bytes32 payoutRoot,uint256 totalPayout,uint256 oracleFee,uint256 refund,"
        "bytes32 slashesHash,bytes32 resultHash,uint256 round)"
    )
    assert escrow.REJECT_TYPEHASH() == eip712.keccak(text="Reject(uint256 jobId,uint8 reason)")
