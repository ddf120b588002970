"""HiveToken: snekmate's ERC-20 + EIP-2612 permit, with two-step ownership
that carries the minter role along."""

from __future__ import annotations

import boa
import pytest
from boa_system import TOKEN, keyed_account
from contract_helpers import (
    NOT_PENDING_OWNER_REVERT,
    OWNER_REVERT,
    ZERO_ADDRESS,
    deployer,
    events,
    one_event,
    sign_permit,
)

MAX_UINT256 = 2**256 - 1


@pytest.fixture
def token(system):
    return system.token


@pytest.fixture
def holder(system) -> str:
    """An account holding 1,000 tokens."""
    holder = keyed_account("holder")[0]
    system.fund(holder, 1_000 * TOKEN)
    return holder


@pytest.fixture
def holder_key() -> bytes:
    return keyed_account("holder")[1]


@pytest.fixture
def spender() -> str:
    return keyed_account("spender")[0]


@pytest.fixture
def recipient() -> str:
    return keyed_account("recipient")[0]


@pytest.fixture
def minter(system, owner) -> str:
    minter = keyed_account("minter")[0]
    system.token.set_minter(minter, True, sender=owner)
    return minter


@pytest.fixture
def new_owner() -> str:
    return keyed_account("new-owner")[0]


# ---------------------------------------------------------------- constructor


def test_init__initial_supply__minted_to_deployer_who_owns_and_mints():
    token_deployer = keyed_account("token-deployer")[0]
    with boa.env.anchor(), boa.env.prank(token_deployer):
        token = deployer("HiveToken").deploy("Hive Token", "HIVE", 5 * TOKEN)
        assert token.name() == "Hive Token"
        assert token.symbol() == "HIVE"
        assert token.decimals() == 18
        assert token.totalSupply() == 5 * TOKEN
        assert token.balanceOf(token_deployer) == 5 * TOKEN
        assert token.owner() == token_deployer
        assert token.pending_owner() == ZERO_ADDRESS
        assert token.is_minter(token_deployer)


def test_init__zero_supply__mints_nothing(token, owner):
    # The system's token is deployed with an initial supply of 0.
    assert token.totalSupply() == 0
    assert token.balanceOf(owner) == 0


# ---------------------------------------------------------------- mint / minters


def test_mint__by_owner__credits_and_logs_transfer(token, owner, recipient):
    token.mint(recipient, 7 * TOKEN, sender=owner)
    log = one_event(token, "Transfer")
    assert (log.sender, log.receiver, log.value) == (ZERO_ADDRESS, recipient, 7 * TOKEN)
    assert token.balanceOf(recipient) == 7 * TOKEN
    assert token.totalSupply() == 7 * TOKEN


def test_mint__by_appointed_minter__credits(token, minter, recipient):
    token.mint(recipient, 3, sender=minter)
    assert token.balanceOf(recipient) == 3


def test_mint__by_non_minter__reverts(token, non_owner, recipient):
    with boa.reverts("erc20: access is denied"):
        token.mint(recipient, 1, sender=non_owner)
    assert token.totalSupply() == 0


def test_mint__to_zero_address__reverts(token, owner):
    with boa.reverts("erc20: mint to the zero address"):
        token.mint(ZERO_ADDRESS, 1, sender=owner)


def test_set_minter__by_owner__grants_and_logs(token, owner, spender):
    token.set_minter(spender, True, sender=owner)
    log = one_event(token, "RoleMinterChanged")
    assert (log.minter, log.status) == (spender, True)
    assert token.is_minter(spender)


def test_set_minter__revoked__minter_can_no_longer_mint(token, owner, minter, recipient):
    token.set_minter(minter, False, sender=owner)
    assert (one_event(token, "RoleMinterChanged").status) is False
    assert not token.is_minter(minter)
    with boa.reverts("erc20: access is denied"):
        token.mint(recipient, 1, sender=minter)


def test_set_minter__by_non_owner__reverts(token, non_owner):
    with boa.reverts(OWNER_REVERT):
        token.set_minter(non_owner, True, sender=non_owner)
    assert not token.is_minter(non_owner)


def test_set_minter__minter_can_not_appoint_minters__reverts(token, minter, spender):
    with boa.reverts(OWNER_REVERT):
        token.set_minter(spender, True, sender=minter)


def test_set_minter__zero_address__reverts(token, owner):
    with boa.reverts("erc20: minter is the zero address"):
        token.set_minter(ZERO_ADDRESS, True, sender=owner)


def test_set_minter__owner_itself__reverts(token, owner):
    with boa.reverts("erc20: minter is owner address"):
        token.set_minter(owner, False, sender=owner)
    assert token.is_minter(owner)


# ---------------------------------------------------------------- transfer / approve / transferFrom


def test_transfer__within_balance__moves_tokens_and_logs(token, holder, recipient):
    assert token.transfer(recipient, 40 * TOKEN, sender=holder) is True
    log = one_event(token, "Transfer")
    assert (log.sender, log.receiver, log.value) == (holder, recipient, 40 * TOKEN)
    assert token.balanceOf(holder) == 960 * TOKEN
    assert token.balanceOf(recipient) == 40 * TOKEN
    assert token.totalSupply() == 1_000 * TOKEN


def test_transfer__more_than_balance__reverts(token, holder, recipient):
    with boa.reverts("erc20: transfer amount exceeds balance"):
        token.transfer(recipient, 1_000 * TOKEN + 1, sender=holder)
    assert token.balanceOf(holder) == 1_000 * TOKEN


def test_transfer__to_zero_address__reverts(token, holder):
    with boa.reverts("erc20: transfer to the zero address"):
        token.transfer(ZERO_ADDRESS, 1, sender=holder)


def test_approve__spender__sets_allowance_and_logs(token, holder, spender):
    assert token.approve(spender, 25 * TOKEN, sender=holder) is True
    log = one_event(token, "Approval")
    assert (log.owner, log.spender, log.value) == (holder, spender, 25 * TOKEN)
    assert token.allowance(holder, spender) == 25 * TOKEN


def test_approve__again__overwrites_allowance(token, holder, spender):
    token.approve(spender, 25 * TOKEN, sender=holder)
    token.approve(spender, 3, sender=holder)
    assert token.allowance(holder, spender) == 3


def test_approve__zero_spender__reverts(token, holder):
    with boa.reverts("erc20: approve to the zero address"):
        token.approve(ZERO_ADDRESS, 1, sender=holder)


def test_transfer_from__within_allowance__moves_tokens_and_spends_allowance(token, holder, spender, recipient):
    token.approve(spender, 30 * TOKEN, sender=holder)
    assert token.transferFrom(holder, recipient, 20 * TOKEN, sender=spender) is True
    transfer = one_event(token, "Transfer")
    assert (transfer.sender, transfer.receiver, transfer.value) == (holder, recipient, 20 * TOKEN)
    assert token.balanceOf(recipient) == 20 * TOKEN
    assert token.balanceOf(holder) == 980 * TOKEN
    assert token.allowance(holder, spender) == 10 * TOKEN


def test_transfer_from__above_allowance__reverts(token, holder, spender, recipient):
    token.approve(spender, 30 * TOKEN, sender=holder)
    with boa.reverts("erc20: insufficient allowance"):
        token.transferFrom(holder, recipient, 30 * TOKEN + 1, sender=spender)
    assert token.balanceOf(holder) == 1_000 * TOKEN


def test_transfer_from__no_allowance__reverts(token, holder, spender, recipient):
    with boa.reverts("erc20: insufficient allowance"):
        token.transferFrom(holder, recipient, 1, sender=spender)


def test_transfer_from__infinite_allowance__is_not_spent(token, holder, spender, recipient):
    token.approve(spender, MAX_UINT256, sender=holder)
    token.transferFrom(holder, recipient, 5 * TOKEN, sender=spender)
    assert token.allowance(holder, spender) == MAX_UINT256
    assert token.balanceOf(recipient) == 5 * TOKEN


def test_burn__own_tokens__reduces_supply(token, holder):
    token.burn(100 * TOKEN, sender=holder)
    log = one_event(token, "Transfer")
    assert (log.sender, log.receiver, log.value) == (holder, ZERO_ADDRESS, 100 * TOKEN)
    assert token.balanceOf(holder) == 900 * TOKEN
    assert token.totalSupply() == 900 * TOKEN


def test_burn__more_than_balance__reverts(token, holder):
    with boa.reverts("erc20: burn amount exceeds balance"):
        token.burn(1_000 * TOKEN + 1, sender=holder)


def test_burn_from__with_allowance__burns_and_spends_allowance(token, holder, spender):
    token.approve(spender, 10 * TOKEN, sender=holder)
    token.burn_from(holder, 4 * TOKEN, sender=spender)
    assert token.balanceOf(holder) == 996 * TOKEN
    assert token.allowance(holder, spender) == 6 * TOKEN
    assert token.totalSupply() == 996 * TOKEN


def test_burn_from__without_allowance__reverts(token, holder, spender):
    with boa.reverts("erc20: insufficient allowance"):
        token.burn_from(holder, 1, sender=spender)


# ---------------------------------------------------------------- permit (EIP-2612)


def test_domain_separator__matches_eth_account_domain(token):
    from eth_account.messages import encode_typed_data

    # hash of the EIP712Domain struct, as eth-account computes it ("header" of a signable message)
    message = encode_typed_data(
        domain_data={
            "name": "Hive Token",
            "version": "1",
            "chainId": boa.env.evm.patch.chain_id,
            "verifyingContract": str(token.address),
        },
        message_types={"Empty": []},
        message_data={},
    )
    assert token.DOMAIN_SEPARATOR() == message.header
    fields, name, version, chain_id, verifying_contract, _, _ = token.eip712Domain()
    assert (name, version, chain_id, verifying_contract) == (
        "Hive Token",
        "1",
        boa.env.evm.patch.chain_id,
        token.address,
    )
    assert fields == b"\x0f"


def test_permit__valid_signature__sets_allowance_and_bumps_nonce(token, holder, holder_key, spender, recipient):
    deadline = boa.env.evm.patch.timestamp + 3_600
    v, r, s = sign_permit(token, holder_key, spender, 50 * TOKEN, 0, deadline)
    token.permit(holder, spender, 50 * TOKEN, deadline, v, r, s, sender=spender)
    log = one_event(token, "Approval")
    assert (log.owner, log.spender, log.value) == (holder, spender, 50 * TOKEN)
    assert token.allowance(holder, spender) == 50 * TOKEN
    assert token.nonces(holder) == 1
    # the allowance is usable like any other
    token.transferFrom(holder, recipient, 50 * TOKEN, sender=spender)
    assert token.balanceOf(recipient) == 50 * TOKEN


def test_permit__deadline_is_now__accepted(token, holder, holder_key, spender):
    deadline = boa.env.evm.patch.timestamp
    v, r, s = sign_permit(token, holder_key, spender, 1, 0, deadline)
    token.permit(holder, spender, 1, deadline, v, r, s, sender=spender)
    assert token.allowance(holder, spender) == 1


def test_permit__expired_deadline__reverts(token, holder, holder_key, spender):
    deadline = boa.env.evm.patch.timestamp + 60
    v, r, s = sign_permit(token, holder_key, spender, 1, 0, deadline)
    boa.env.time_travel(seconds=61)
    with boa.reverts("erc20: expired deadline"):
        token.permit(holder, spender, 1, deadline, v, r, s, sender=spender)
    assert token.allowance(holder, spender) == 0
    assert token.nonces(holder) == 0


def test_permit__signed_by_someone_else__reverts(token, holder, spender):
    deadline = boa.env.evm.patch.timestamp + 3_600
    wrong_key = keyed_account("not-the-holder")[1]
    v, r, s = sign_permit(token, wrong_key, spender, 1, 0, deadline)
    with boa.reverts("erc20: invalid signature"):
        token.permit(holder, spender, 1, deadline, v, r, s, sender=spender)
    assert token.allowance(holder, spender) == 0


def test_permit__different_amount_than_signed__reverts(token, holder, holder_key, spender):
    deadline = boa.env.evm.patch.timestamp + 3_600
    v, r, s = sign_permit(token, holder_key, spender, 1, 0, deadline)
    with boa.reverts("erc20: invalid signature"):
        token.permit(holder, spender, 1_000 * TOKEN, deadline, v, r, s, sender=spender)


def test_permit__replayed_nonce__reverts(token, holder, holder_key, spender):
    deadline = boa.env.evm.patch.timestamp + 3_600
    v, r, s = sign_permit(token, holder_key, spender, 5, 0, deadline)
    token.permit(holder, spender, 5, deadline, v, r, s, sender=spender)
    token.transferFrom(holder, spender, 5, sender=spender)
    with boa.reverts("erc20: invalid signature"):
        token.permit(holder, spender, 5, deadline, v, r, s, sender=spender)
    assert token.allowance(holder, spender) == 0
    assert token.nonces(holder) == 1


def test_permit__next_nonce__accepted(token, holder, holder_key, spender):
    deadline = boa.env.evm.patch.timestamp + 3_600
    for nonce, amount in enumerate((5, 9)):
        v, r, s = sign_permit(token, holder_key, spender, amount, nonce, deadline)
        token.permit(holder, spender, amount, deadline, v, r, s, sender=spender)
    assert token.allowance(holder, spender) == 9
    assert token.nonces(holder) == 2


# ---------------------------------------------------------------- ownership (Ownable2Step)


OWNER_CALLS = {
    "set_minter": lambda token, who: token.set_minter(keyed_account("minter")[0], True, sender=who),
    "transfer_ownership": lambda token, who: token.transfer_ownership(keyed_account("x")[0], sender=who),
    "renounce_ownership": lambda token, who: token.renounce_ownership(sender=who),
}


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_owner_function__non_owner__reverts(token, non_owner, function):
    with boa.reverts(OWNER_REVERT):
        OWNER_CALLS[function](token, non_owner)


def test_transfer_ownership__owner__sets_pending_owner_only(token, owner, new_owner):
    token.transfer_ownership(new_owner, sender=owner)
    log = one_event(token, "OwnershipTransferStarted")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert token.pending_owner() == new_owner
    assert token.owner() == owner
    # until accepted, the pending owner has no power
    with boa.reverts(OWNER_REVERT):
        token.set_minter(keyed_account("minter")[0], True, sender=new_owner)
    with boa.reverts("erc20: access is denied"):
        token.mint(new_owner, 1, sender=new_owner)


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_accept_ownership__pending_owner__takes_over_owner_functions(token, owner, new_owner, function):
    token.transfer_ownership(new_owner, sender=owner)
    token.accept_ownership(sender=new_owner)
    transferred = one_event(token, "OwnershipTransferred")
    assert (transferred.previous_owner, transferred.new_owner) == (owner, new_owner)
    assert token.owner() == new_owner
    assert token.pending_owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        OWNER_CALLS[function](token, owner)
    OWNER_CALLS[function](token, new_owner)


def test_accept_ownership__pending_owner__moves_minter_role(token, owner, new_owner, recipient):
    token.transfer_ownership(new_owner, sender=owner)
    token.accept_ownership(sender=new_owner)
    roles = [(log.minter, log.status) for log in events(token, "RoleMinterChanged")]
    assert roles == [(owner, False), (new_owner, True)]
    assert token.is_minter(new_owner)
    assert not token.is_minter(owner)
    token.mint(recipient, 2, sender=new_owner)
    assert token.balanceOf(recipient) == 2
    with boa.reverts("erc20: access is denied"):
        token.mint(recipient, 1, sender=owner)


def test_accept_ownership__appointed_minter__keeps_its_role(token, owner, minter, new_owner, recipient):
    token.transfer_ownership(new_owner, sender=owner)
    token.accept_ownership(sender=new_owner)
    token.mint(recipient, 1, sender=minter)
    assert token.balanceOf(recipient) == 1


def test_accept_ownership__someone_else__reverts(token, owner, new_owner, non_owner):
    token.transfer_ownership(new_owner, sender=owner)
    with boa.reverts(NOT_PENDING_OWNER_REVERT):
        token.accept_ownership(sender=non_owner)
    with boa.reverts(NOT_PENDING_OWNER_REVERT):
        token.accept_ownership(sender=owner)
    assert token.owner() == owner
    assert token.pending_owner() == new_owner


def test_accept_ownership__nothing_pending__reverts(token, non_owner):
    with boa.reverts(NOT_PENDING_OWNER_REVERT):
        token.accept_ownership(sender=non_owner)


def test_transfer_ownership__to_zero_address__cancels_pending_transfer(token, owner, new_owner):
    token.transfer_ownership(new_owner, sender=owner)
    token.transfer_ownership(ZERO_ADDRESS, sender=owner)
    assert token.pending_owner() == ZERO_ADDRESS
    with boa.reverts(NOT_PENDING_OWNER_REVERT):
        token.accept_ownership(sender=new_owner)


def test_renounce_ownership__owner__leaves_no_owner_and_no_owner_minting(token, owner, minter, recipient):
    token.renounce_ownership(sender=owner)
    assert [(log.minter, log.status) for log in events(token, "RoleMinterChanged")] == [(owner, False)]
    assert token.owner() == ZERO_ADDRESS
    with boa.reverts("erc20: access is denied"):
        token.mint(recipient, 1, sender=owner)
    with boa.reverts(OWNER_REVERT):
        token.set_minter(recipient, True, sender=owner)
    # minters the owner appointed keep their role (documented)
    token.mint(recipient, 1, sender=minter)
    assert token.balanceOf(recipient) == 1
