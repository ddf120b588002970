"""JobEscrow's oracle fee: every signer of a settlement gets its share,
whoever submitted `settle` and whichever k signatures it chose to include.

Rule: the signers included in `settle` are the first fee signers; until
`join_end` (the end of the dispute window, fixed at settle) any signer of
the job's committee epoch may join with `add_fee_signatures`, proving its
signature over exactly the settled round-0 digest; from `join_end` on,
`claim_fees` pays each an equal share (the remainder of the division to
the lowest position). Settle's gas does not depend on how many sign.
"""

import boa
from boa_system import keyed_account
from escrow_helpers import (
    RESULT_HASH,
    assert_solvent,
    claim_all_fees,
    create_and_settle,
    dispute,
    events,
    make_split,
    reject,
    resolve,
    settle,
    standard_split,
    with_round,
)
from eth_utils import keccak

from protocol import eip712


def past_join_end(system, job_id: int) -> None:
    join_end = system.escrow.fee_state(job_id).join_end
    if boa.env.evm.patch.timestamp < join_end:
        boa.env.time_travel(seconds=join_end - boa.env.evm.patch.timestamp)


def join(system, split, keys, sender=None):
    sigs = system.oracle_sigs(split.settlement, keys)
    return system.escrow.add_fee_signatures(split.settlement.as_tuple(), sigs, sender=sender or keyed_account("x")[0])


# ---- the steering attack ------------------------------------------------


def test_add_fee_signatures__signer_left_out_by_submitter__joins_and_gets_equal_share(
    system, requester, workers, budget, oracle_signers
):
    # The leader (oracle 0) collected four signatures but submitted only k = 3,
    # leaving oracle 3 out of the fee. Oracle 3 proves its signature itself.
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    settle(system, split, sigs=system.oracle_sigs(split.settlement, system.oracle_keys[:3]))
    assert system.escrow.fee_share(job_id, oracle_signers[3]) == 0

    signers = join(system, split, [system.oracle_keys[3]], sender=oracle_signers[3])

    assert signers == 0b01111
    [joined] = events(system.escrow, "FeeSigners")
    assert (joined.job_id, joined.signers) == (job_id, 0b01111)
    past_join_end(system, job_id)
    fee = split.settlement.oracle_fee
    paid = {s: claim_all_fees(system, s) for s in oracle_signers[:4]}
    share = fee // 4
    assert paid == {
        oracle_signers[0]: share + fee - 4 * share,
        oracle_signers[1]: share,
        oracle_signers[2]: share,
        oracle_signers[3]: share,
    }
    assert sum(paid.values()) == fee
    assert_solvent(system)


def test_add_fee_signatures__already_included_signers_again__only_new_ones_count(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    assert join(system, split, system.oracle_keys) == 0b11111
    with boa.reverts("escrow: no new fee signers"):
        join(system, split, system.oracle_keys[:3])


def test_add_fee_signatures__other_settlement_digest__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    other = make_split(
        job_id, split.payouts, split.settlement.oracle_fee, split.settlement.refund, result_hash=keccak(b"other")
    )
    with boa.reverts("escrow: not the settled settlement"):
        join(system, other, [system.oracle_keys[3]])
    with boa.reverts("escrow: not the settled settlement"):
        join(system, with_round(split, 1), [system.oracle_keys[3]])


def test_add_fee_signatures__non_member__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("committee: not a signer"):
        join(system, split, [keyed_account("outsider-oracle")[1]])


def test_add_fee_signatures__signer_added_after_job_created__reverts(system, requester, workers, budget, owner):
    job_id = system.create_job(requester, budget)
    newcomer, key = keyed_account("new-oracle")
    system.committee.add_signer(newcomer, sender=owner)
    boa.env.time_travel(seconds=1)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    with boa.reverts("committee: not a signer"):
        join(system, split, [key])


def test_add_fee_signatures__after_join_end__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    past_join_end(system, split.settlement.job_id)
    with boa.reverts("escrow: fee signing closed"):
        join(system, split, [system.oracle_keys[3]])


def test_add_fee_signatures__dispute_resolved_at_once__join_window_still_open(system, requester, workers, budget):
    # A requester and k signers colluding to finalise the job at once (dispute,
    # then resolve in the same block) still cannot shut the others out.
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    dispute(system, requester, job_id)
    resolve(system, with_round(split, 1))
    assert system.escrow.is_final(job_id)

    assert join(system, split, [system.oracle_keys[4]]) == 0b10111


def test_add_fee_signatures__zero_fee__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = make_split(job_id, {workers[0]: budget}, 0, 0)
    settle(system, split)
    with boa.reverts("escrow: no fee to share"):
        join(system, split, [system.oracle_keys[3]])


def test_add_fee_signatures__open_or_rejected_job__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    with boa.reverts("escrow: fee signing closed"):
        join(system, split, [system.oracle_keys[0]])
    reject(system, job_id)
    with boa.reverts("escrow: fee signing closed"):
        join(system, split, [system.oracle_keys[0]])


# ---- claim_fees ---------------------------------------------------------


def test_claim_fees__after_join_end__pays_share_once(system, requester, workers, budget, oracle_signers, non_owner):
    split = create_and_settle(system, requester, workers, budget)
    job_id = split.settlement.job_id
    signer = oracle_signers[1]
    share = split.settlement.oracle_fee // 3
    past_join_end(system, job_id)

    paid = system.escrow.claim_fees(signer, [job_id], sender=non_owner)

    assert paid == share
    [claimed] = events(system.escrow, "FeeClaimed")
    assert (claimed.job_id, claimed.signer, claimed.amount) == (job_id, signer, share)
    assert system.token.balanceOf(signer) == share
    assert system.escrow.fee_state(job_id).paid == 0b00010
    assert system.escrow.fee_share(job_id, signer) == 0
    assert_solvent(system)
    with boa.reverts("escrow: fee already claimed"):
        system.escrow.claim_fees(signer, [job_id], sender=signer)


def test_claim_fees__before_join_end__reverts(system, requester, workers, budget, oracle_signers):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: fees not claimable yet"):
        system.escrow.claim_fees(oracle_signers[0], [split.settlement.job_id], sender=oracle_signers[0])


def test_claim_fees__signer_who_did_not_sign__reverts(system, requester, workers, budget, oracle_signers, non_owner):
    split = create_and_settle(system, requester, workers, budget)  # signed by the first three
    past_join_end(system, split.settlement.job_id)
    for who in (oracle_signers[4], non_owner):
        with boa.reverts("escrow: not a fee signer"):
            system.escrow.claim_fees(who, [split.settlement.job_id], sender=who)


def test_claim_fees__fees_of_many_jobs__paid_in_one_transfer(system, requester, workers, budget, oracle_signers):
    splits = [create_and_settle(system, requester, workers, budget) for _ in range(3)]
    past_join_end(system, splits[-1].settlement.job_id)
    signer = oracle_signers[1]
    job_ids = [s.settlement.job_id for s in splits]
    expected = sum(system.escrow.fee_share(j, signer) for j in job_ids)

    assert system.escrow.claim_fees(signer, job_ids, sender=signer) == expected
    assert len(events(system.escrow, "FeeClaimed")) == 3
    assert_solvent(system)


def test_claim_fees__removed_signer__still_paid(system, requester, workers, budget, oracle_signers, owner):
    split = create_and_settle(system, requester, workers, budget)
    signer = oracle_signers[0]
    owed = system.escrow.fee_share(split.settlement.job_id, signer)
    system.committee.remove_signer(signer, sender=owner)
    past_join_end(system, split.settlement.job_id)

    assert system.escrow.claim_fees(signer, [split.settlement.job_id], sender=signer) == owed


def test_claim_fees__no_jobs__reverts(system, oracle_signers):
    with boa.reverts("escrow: nothing to claim"):
        system.escrow.claim_fees(oracle_signers[0], [], sender=oracle_signers[0])


def test_claim_fees__every_signer__whole_fee_paid_nothing_left(system, requester, workers, budget, oracle_signers):
    split = create_and_settle(system, requester, workers, budget)
    join(system, split, system.oracle_keys[3:])
    past_join_end(system, split.settlement.job_id)

    paid = sum(claim_all_fees(system, s) for s in oracle_signers)

    assert paid == split.settlement.oracle_fee
    assert system.escrow.fee_state(split.settlement.job_id).paid == 0b11111
    assert_solvent(system)


def test_settle__gas__same_for_k_and_for_every_signer(system, requester, workers, budget):
    # The fee is held, not credited per signer: settle's storage writes do
    # not grow with the number of signatures (only the signature checks do).
    gas = []
    for keys in (system.oracle_keys[:3], system.oracle_keys):
        job_id = system.create_job(requester, budget)
        split = standard_split(job_id, workers, budget)
        settle(system, split, sigs=system.oracle_sigs(split.settlement, keys))
        gas.append(system.escrow._computation.get_gas_used())
    per_extra_signature = (gas[1] - gas[0]) / 2
    assert per_extra_signature < 8_000, gas


__all__ = ["RESULT_HASH", "eip712"]
