"""JobEscrow and a payment token that keeps a fee on transfer: whatever the
escrow pulls (a budget, a dispute bond) must arrive in full, or the call is
refused, so one requester's shortfall is never paid from another's budget.
Also the deploy-time and packing bounds that guard the escrow's books."""

from pathlib import Path

import boa
import pytest
from escrow_helpers import assert_solvent, deploy_escrow, escrow_deployer, standard_split

from protocol import eip712

FEE_TOKEN = Path(__file__).parent / "mocks" / "FeeOnTransferToken.vy"


@pytest.fixture
def fee_token():
    return boa.load(str(FEE_TOKEN))


@pytest.fixture
def fee_escrow(system, fee_token):
    escrow = deploy_escrow(system, token=fee_token.address)
    system.registry.set_slasher(escrow.address, True, sender=system.deployer)
    return escrow


def _create(escrow, token, requester: str, budget: int) -> int:
    token.mint(requester, budget)
    token.approve(escrow.address, budget, sender=requester)
    deadline = boa.env.evm.patch.timestamp + 3_600
    return escrow.create_job("bafyspec", b"\x01" * 32, 10, budget, deadline, sender=requester)


def test_create_job__fee_on_transfer_token__reverts_and_other_budgets_stay_whole(
    system, fee_token, fee_escrow, requester, non_owner, budget
):
    honest = _create(fee_escrow, fee_token, requester, budget)  # no fee yet
    fee_token.set_fee_bps(100)  # 1%: the token now keeps a cut of every transfer

    with boa.reverts("escrow: token kept a fee"):
        _create(fee_escrow, fee_token, non_owner, budget)

    # Without the check the escrow would hold 1.99 budgets and owe 2.
    assert fee_escrow.job_count() == 1
    assert fee_token.balanceOf(fee_escrow.address) == fee_escrow.get_job(honest).budget == budget


def test_dispute__bond_in_fee_on_transfer_token__reverts(system, fee_token, fee_escrow, requester, workers, budget):
    job_id = _create(fee_escrow, fee_token, requester, budget)
    split = standard_split(job_id, workers, budget)
    fee_escrow.settle(split.settlement.as_tuple(), split.slashes, _sigs(system, fee_escrow, split))
    fee_token.set_fee_bps(100)
    bond = system.params.dispute_bond
    fee_token.mint(requester, bond)
    fee_token.approve(fee_escrow.address, bond, sender=requester)

    with boa.reverts("escrow: token kept a fee"):
        fee_escrow.dispute(job_id, sender=requester)


def _sigs(system, escrow, split):
    domain = eip712.Domain(boa.env.evm.patch.chain_id, escrow.address)
    return eip712.committee_signatures(system.oracle_keys[:3], domain, split.settlement)


def test_create_job__plain_token__credits_exactly_what_arrived(system, requester, budget):
    job_id = system.create_job(requester, budget)
    assert system.token.balanceOf(system.escrow.address) == system.escrow.get_job(job_id).budget == budget
    assert_solvent(system)


def test_init__zero_dispute_window__reverts(system):
    # The dispute window is also the time fee signers have to join.
    with boa.reverts("escrow: zero dispute window"):
        deploy_escrow(system, dispute_window=0)


# A committee whose epochs have run past what a job's packed word can hold.
HUGE_EPOCH_COMMITTEE = """
# pragma version ~=0.4.3
@external
@view
def verify_at(timestamp: uint256, digest: bytes32, signatures: DynArray[Bytes[65], 32]) -> (uint256, uint256):
    return 2**24, 1
"""


def test_settle__committee_epoch_beyond_24_bits__reverts(system, requester, workers, budget):
    committee = boa.loads(HUGE_EPOCH_COMMITTEE)
    p = system.params
    escrow = escrow_deployer(system).deploy(
        system.token.address,
        committee.address,
        system.registry.address,
        p.dispute_window,
        p.resolve_timeout,
        p.settle_grace,
        p.claim_expiry,
        p.dispute_bond,
    )
    system.fund_and_approve(requester, budget, spender=escrow.address)
    job_id = escrow.create_job(
        "bafyspec", b"\x01" * 32, 10, budget, boa.env.evm.patch.timestamp + 3_600, sender=requester
    )
    split = standard_split(job_id, workers, budget)
    with boa.reverts("escrow: committee epoch too large"):
        escrow.settle(split.settlement.as_tuple(), split.slashes, [])
