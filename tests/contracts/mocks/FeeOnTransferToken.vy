# pragma version ~=0.4.3
"""
@title FeeOnTransferToken (test only)
@notice An ERC-20 that keeps `fee_bps` of every transfer (burnt), as some
        real tokens do. The attacker in test_job_escrow_token.py: a job
        paid in it would be credited more than the escrow received, and
        the difference paid from other jobs' budgets.
"""

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)
fee_bps: public(uint256)


@external
def mint(to: address, amount: uint256):
    """
    @notice Mints `amount` to `to` (anyone; a test token).
    @param to The receiver.
    @param amount Base units.
    """
    self.balanceOf[to] += amount
    self.totalSupply += amount


@external
def set_fee_bps(fee_bps: uint256):
    """
    @notice Sets the share of each transfer the token keeps.
    @param fee_bps Basis points, at most 10,000.
    """
    assert fee_bps <= 10_000
    self.fee_bps = fee_bps


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Sets `spender`'s allowance.
    @param spender The spender.
    @param amount Base units.
    @return True.
    """
    self.allowance[msg.sender][spender] = amount
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice Moves `amount` less the fee to `to`.
    @param to The receiver.
    @param amount Base units taken from the caller.
    @return True.
    """
    self._move(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    """
    @notice Moves `amount` less the fee from `owner` to `to`.
    @param owner The payer (needs an allowance).
    @param to The receiver.
    @param amount Base units taken from `owner`.
    @return True.
    """
    self.allowance[owner][msg.sender] -= amount
    self._move(owner, to, amount)
    return True


@internal
def _move(owner: address, to: address, amount: uint256):
    fee: uint256 = amount * self.fee_bps // 10_000
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - fee
    self.totalSupply -= fee
