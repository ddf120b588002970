"""JobEscrow: opening jobs (create_job, create_job_with_permit), request_cancel, get_job."""

import boa
import pytest
from boa_system import keyed_account
from escrow_helpers import (
    ZERO32,
    assert_solvent,
    create_and_settle,
    deploy_false_token_escrow,
    events,
    sign_permit,
)

from protocol.contracts import JobStatus

SPEC_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
SPEC_HASH = b"\x5e" * 32
MAX_UINT128 = 2**128 - 1


def _deadline(seconds: int = 3_600) -> int:
    return boa.env.evm.patch.timestamp + seconds


# ---- create_job ---------------------------------------------------------


def test_create_job__valid__pulls_budget_and_emits_job_created(system, requester, budget):
    system.fund_and_approve(requester, budget)
    deadline = _deadline()

    job_id = system.escrow.create_job(SPEC_CID, SPEC_HASH, 12, budget, deadline, sender=requester)

    assert job_id == 1
    [created] = events(system.escrow, "JobCreated")
    assert created.job_id == 1
    assert created.requester == requester
    assert created.spec_hash == SPEC_HASH
    assert created.spec_cid == SPEC_CID
    assert created.num_tasks == 12
    assert created.budget == budget
    assert created.deadline == deadline
    assert system.token.balanceOf(requester) == 0
    assert system.token.balanceOf(system.escrow.address) == budget
    job = system.escrow.get_job(job_id)
    assert job.requester == requester
    assert job.status == JobStatus.OPEN
    assert job.round == 0
    assert job.deadline == deadline
    assert job.window_end == 0
    assert job.budget == budget
    assert job.spec_hash == SPEC_HASH
    assert job.payout_root == ZERO32
    assert (job.unclaimed_payout, job.refund, job.dispute_bond) == (0, 0, 0)
    assert system.escrow.spec_hash(job_id) == SPEC_HASH
    assert system.escrow.job_count() == 1
    assert_solvent(system)


def test_create_job__second_job__gets_next_id(system, requester, budget):
    first = system.create_job(requester, budget)
    second = system.create_job(requester, 2 * budget)

    assert (first, second) == (1, 2)
    assert system.escrow.job_count() == 2
    assert system.escrow.get_job(second).budget == 2 * budget
    assert_solvent(system)


def test_create_job__largest_budget__accepted(system, requester):
    largest = MAX_UINT128 - system.params.dispute_bond
    system.fund_and_approve(requester, largest)

    job_id = system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, largest, _deadline(), sender=requester)

    assert system.escrow.get_job(job_id).budget == largest
    assert_solvent(system)


def test_create_job__zero_budget__reverts(system, requester):
    with boa.reverts("escrow: zero budget"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, 0, _deadline(), sender=requester)


@pytest.mark.parametrize("excess", [1, 10**18, 2**200])
def test_create_job__budget_plus_bond_above_uint128__reverts(system, requester, excess):
    # A budget must leave room for the dispute bond in the packed 128-bit refund.
    too_large = MAX_UINT128 - system.params.dispute_bond + excess
    system.fund_and_approve(requester, too_large)
    with boa.reverts("escrow: budget too large"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, too_large, _deadline(), sender=requester)


def test_create_job__zero_tasks__reverts(system, requester, budget):
    system.fund_and_approve(requester, budget)
    with boa.reverts("escrow: no tasks"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 0, budget, _deadline(), sender=requester)


def test_create_job__empty_spec_hash__reverts(system, requester, budget):
    system.fund_and_approve(requester, budget)
    with boa.reverts("escrow: empty spec hash"):
        system.escrow.create_job(SPEC_CID, ZERO32, 1, budget, _deadline(), sender=requester)


@pytest.mark.parametrize("offset", [0, -1])
def test_create_job__deadline_not_in_future__reverts(system, requester, budget, offset):
    system.fund_and_approve(requester, budget)
    with boa.reverts("escrow: deadline in the past"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, budget, _deadline(offset), sender=requester)


def test_create_job__deadline_beyond_uint40__reverts(system, requester, budget):
    system.fund_and_approve(requester, budget)
    with boa.reverts("escrow: deadline too far"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, budget, 2**40, sender=requester)


def test_create_job__without_allowance__reverts(system, requester, budget):
    system.fund(requester, budget)
    with boa.reverts("erc20: insufficient allowance"):
        system.escrow.create_job(SPEC_CID, SPEC_HASH, 1, budget, _deadline(), sender=requester)
    assert system.escrow.job_count() == 0


def test_create_job__token_returns_false__reverts(system, requester, budget):
    token, escrow = deploy_false_token_escrow(system)
    token.mint(requester, budget)
    token.approve(escrow.address, budget, sender=requester)
    token.set_fail(True)

    with boa.reverts("escrow: transfer failed"):
        escrow.create_job(SPEC_CID, SPEC_HASH, 1, budget, _deadline(), sender=requester)
    assert escrow.job_count() == 0


# ---- create_job_with_permit ---------------------------------------------


def test_create_job_with_permit__signed_permit__creates_job_without_approve(system, budget):
    requester, key = keyed_account("requester")
    system.fund(requester, budget)
    permit_deadline = _deadline(600)
    v, r, s = sign_permit(system, key, system.escrow.address, budget, permit_deadline)
    deadline = _deadline()

    system.escrow.create_job_with_permit(
        SPEC_CID, SPEC_HASH, 4, budget, deadline, permit_deadline, v, r, s, sender=requester
    )

    [created] = events(system.escrow, "JobCreated")
    assert (created.job_id, created.requester, created.budget, created.deadline) == (1, requester, budget, deadline)
    assert system.token.nonces(requester) == 1
    assert system.token.allowance(requester, system.escrow.address) == 0
    assert system.token.balanceOf(system.escrow.address) == budget
    assert system.escrow.get_job(1).status == JobStatus.OPEN
    assert_solvent(system)


def test_create_job_with_permit__permit_front_run__skips_permit_and_creates_job(system, budget, non_owner):
    requester, key = keyed_account("requester")
    system.fund(requester, budget)
    permit_deadline = _deadline(600)
    v, r, s = sign_permit(system, key, system.escrow.address, budget, permit_deadline)
    # Someone watching the mempool submits the permit first: the nonce is used up.
    system.token.permit(requester, system.escrow.address, budget, permit_deadline, v, r, s, sender=non_owner)
    assert system.token.nonces(requester) == 1

    system.escrow.create_job_with_permit(
        SPEC_CID, SPEC_HASH, 4, budget, _deadline(), permit_deadline, v, r, s, sender=requester
    )

    assert system.escrow.get_job(1).requester == requester
    assert system.token.nonces(requester) == 1
    assert system.token.balanceOf(system.escrow.address) == budget
    assert_solvent(system)


def test_create_job_with_permit__allowance_already_approved__ignores_signature(system, requester, budget):
    system.fund_and_approve(requester, budget)

    system.escrow.create_job_with_permit(
        SPEC_CID, SPEC_HASH, 4, budget, _deadline(), 0, 0, ZERO32, ZERO32, sender=requester
    )

    assert system.escrow.get_job(1).budget == budget
    assert system.token.nonces(requester) == 0
    assert_solvent(system)


def test_create_job_with_permit__expired_permit__reverts(system, budget):
    requester, key = keyed_account("requester")
    system.fund(requester, budget)
    permit_deadline = _deadline(60)
    v, r, s = sign_permit(system, key, system.escrow.address, budget, permit_deadline)
    boa.env.time_travel(seconds=61)

    with boa.reverts("erc20: expired deadline"):
        system.escrow.create_job_with_permit(
            SPEC_CID, SPEC_HASH, 4, budget, _deadline(), permit_deadline, v, r, s, sender=requester
        )


def test_create_job_with_permit__permit_signed_by_another_key__reverts(system, budget, non_owner):
    requester, _ = keyed_account("requester")
    _, other_key = keyed_account("non-owner")
    system.fund(requester, budget)
    permit_deadline = _deadline(600)
    v, r, s = sign_permit(system, other_key, system.escrow.address, budget, permit_deadline)

    with boa.reverts("erc20: invalid signature"):
        system.escrow.create_job_with_permit(
            SPEC_CID, SPEC_HASH, 4, budget, _deadline(), permit_deadline, v, r, s, sender=requester
        )


def test_create_job_with_permit__permit_for_smaller_value__reverts(system, budget):
    requester, key = keyed_account("requester")
    system.fund(requester, budget)
    permit_deadline = _deadline(600)
    # The escrow asks the token for a permit of exactly `budget`.
    v, r, s = sign_permit(system, key, system.escrow.address, budget - 1, permit_deadline)

    with boa.reverts("erc20: invalid signature"):
        system.escrow.create_job_with_permit(
            SPEC_CID, SPEC_HASH, 4, budget, _deadline(), permit_deadline, v, r, s, sender=requester
        )


def test_create_job_with_permit__invalid_job__reverts_and_keeps_permit_unused(system, budget):
    requester, key = keyed_account("requester")
    system.fund(requester, budget)
    permit_deadline = _deadline(600)
    v, r, s = sign_permit(system, key, system.escrow.address, budget, permit_deadline)

    with boa.reverts("escrow: no tasks"):
        system.escrow.create_job_with_permit(
            SPEC_CID, SPEC_HASH, 0, budget, _deadline(), permit_deadline, v, r, s, sender=requester
        )
    assert system.token.nonces(requester) == 0
    assert system.token.allowance(requester, system.escrow.address) == 0


# ---- request_cancel -----------------------------------------------------


def test_request_cancel__requester_on_open_job__emits_cancel_requested(system, requester, budget):
    job_id = system.create_job(requester, budget)

    system.escrow.request_cancel(job_id, sender=requester)

    [cancel] = events(system.escrow, "CancelRequested")
    assert (cancel.job_id, cancel.requester) == (job_id, requester)
    # Only a signal to the oracles: the job stays open with its budget.
    assert system.escrow.get_job(job_id).status == JobStatus.OPEN
    assert_solvent(system)


def test_request_cancel__non_requester__reverts(system, requester, budget, non_owner):
    job_id = system.create_job(requester, budget)
    with boa.reverts("escrow: caller is not the requester"):
        system.escrow.request_cancel(job_id, sender=non_owner)


def test_request_cancel__unknown_job__reverts(system, requester):
    with boa.reverts("escrow: job not open"):
        system.escrow.request_cancel(7, sender=requester)


def test_request_cancel__settled_job__reverts(system, requester, workers, budget):
    split = create_and_settle(system, requester, workers, budget)
    with boa.reverts("escrow: job not open"):
        system.escrow.request_cancel(split.settlement.job_id, sender=requester)


# ---- get_job ------------------------------------------------------------


def test_get_job__unknown_job__is_empty(system):
    job = system.escrow.get_job(42)
    assert job.status == JobStatus.NONE
    assert job.requester == "0x0000000000000000000000000000000000000000"
    assert (job.budget, job.deadline, job.window_end, job.unclaimed_payout, job.refund, job.dispute_bond) == (
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert not system.escrow.is_final(42)
