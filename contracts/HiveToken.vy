# pragma version ~=0.4.3
"""
@title HiveToken
@notice The GPUHive payment, stake and reward token: an ERC-20 with
        EIP-2612 `permit`, so a wallet user can fund a job with one
        signature instead of an `approve` transaction.
        Everything token-shaped comes from snekmate's `erc20` module;
        this contract only swaps snekmate's one-step ownership transfer
        for `ownable_2step`, so the minting owner can never be handed to
        a mistyped address. snekmate's `erc20` ties the minter role to
        ownership (its own `transfer_ownership` moves it); the two-step
        `accept_ownership` and `renounce_ownership` here do the same, so
        a former owner never keeps minting.
        Trust: the owner and the minters it appoints can mint. A
        deployment may use any other ERC-20 (without transfer fees or
        rebasing) as its payment token instead.
"""

from snekmate.auth import ownable
from snekmate.auth import ownable_2step
from snekmate.tokens import erc20

initializes: ownable
initializes: ownable_2step[ownable := ownable]
initializes: erc20[ownable := ownable]

exports: (
    erc20.transfer,
    erc20.approve,
    erc20.transferFrom,
    erc20.burn,
    erc20.burn_from,
    erc20.mint,
    erc20.set_minter,
    erc20.permit,
    erc20.DOMAIN_SEPARATOR,
    erc20.eip712Domain,
    erc20.name,
    erc20.symbol,
    erc20.decimals,
    erc20.balanceOf,
    erc20.allowance,
    erc20.totalSupply,
    erc20.is_minter,
    erc20.nonces,
    ownable_2step.owner,
    ownable_2step.pending_owner,
    ownable_2step.transfer_ownership,
)


@deploy
def __init__(name_: String[25], symbol_: String[5], initial_supply: uint256):
    """
    @notice Deploys the token, makes the deployer its owner and only
            minter, and mints `initial_supply` base units to the deployer.
    @param name_ The token name, also the EIP-712 domain name of `permit`.
    @param symbol_ The token symbol.
    @param initial_supply Base units (18 decimals) minted to the deployer.
    """
    ownable.__init__()
    ownable_2step.__init__()
    erc20.__init__(name_, symbol_, 18, name_, "1")
    if initial_supply > 0:
        erc20._mint(msg.sender, initial_supply)


@external
def accept_ownership():
    """
    @notice Completes a two-step ownership transfer: the pending owner
            becomes the owner and takes over the owner's minter role.
    """
    assert ownable_2step.pending_owner == msg.sender, "ownable_2step: caller is not the new owner"
    previous_owner: address = ownable.owner
    erc20.is_minter[previous_owner] = False
    log erc20.RoleMinterChanged(minter=previous_owner, status=False)
    ownable_2step._transfer_ownership(msg.sender)
    erc20.is_minter[msg.sender] = True
    log erc20.RoleMinterChanged(minter=msg.sender, status=True)


@external
def renounce_ownership():
    """
    @notice Leaves the token without an owner; the owner also loses its
            minter role. Minters it appointed keep theirs, so remove them
            with `set_minter` first if minting should stop.
    """
    ownable._check_owner()
    erc20.is_minter[msg.sender] = False
    log erc20.RoleMinterChanged(minter=msg.sender, status=False)
    ownable_2step._transfer_ownership(empty(address))
