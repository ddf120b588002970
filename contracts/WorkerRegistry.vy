# pragma version ~=0.4.3
"""
@title WorkerRegistry
@notice Nodes (workers that run tasks, sentries that attest liveness,
        labelers who label data by hand) register here with a role, a
        capability bitmask and a metadata CID, and lock stake in the
        stake token. A node is eligible for its role while its active stake is at least the role's minimum
        and it is not jailed. Leaving takes two steps: `begin_unbond`
        moves stake out of the active balance, `withdraw` pays it out
        after the unbonding period. Stake that is unbonding still counts
        for slashing, so a cheater cannot outrun its punishment.
        Trust: the owner (two-step ownership) sets minimum stakes, the
        unbonding period, the treasury that receives slashed stake, and
        which contracts (JobEscrow, SentryAttestations) may slash, jail
        and release a jail term they imposed (SentryAttestations, on a
        committee verdict that the jail was wrong). A slash never takes
        more than the node's total stake.
"""

from ethereum.ercs import IERC20
from snekmate.auth import ownable
from snekmate.auth import ownable_2step

initializes: ownable
initializes: ownable_2step[ownable := ownable]

exports: (
    ownable_2step.owner,
    ownable_2step.pending_owner,
    ownable_2step.transfer_ownership,
    ownable_2step.accept_ownership,
    ownable_2step.renounce_ownership,
)


ROLE_WORKER: public(constant(uint8)) = 1
ROLE_SENTRY: public(constant(uint8)) = 2
ROLE_LABELER: public(constant(uint8)) = 3
MAX_UNBONDING_PERIOD: public(constant(uint256)) = 90 * 86_400
MAX_JAIL_DURATION: public(constant(uint256)) = 365 * 86_400


event NodeRegistered:
    node: indexed(address)
    role: indexed(uint8)
    capabilities: uint256
    metadata_cid: String[128]


event NodeUpdated:
    node: indexed(address)
    capabilities: uint256
    metadata_cid: String[128]


event Staked:
    node: indexed(address)
    amount: uint256
    staked: uint256


event UnbondStarted:
    node: indexed(address)
    amount: uint256
    unbonding: uint256
    ready_at: uint256


event Withdrawn:
    node: indexed(address)
    amount: uint256


event Slashed:
    node: indexed(address)
    slasher: indexed(address)
    reason: indexed(bytes32)
    requested: uint256
    slashed: uint256


event Jailed:
    node: indexed(address)
    jailer: indexed(address)
    jailed_until: uint256


event Released:
    node: indexed(address)
    releaser: indexed(address)
    jailed_until: uint256


event SlasherSet:
    slasher: indexed(address)
    allowed: bool


event MinStakeSet:
    role: indexed(uint8)
    amount: uint256


event UnbondingPeriodSet:
    period: uint256


event TreasurySet:
    treasury: indexed(address)


struct Node:
    role: uint8
    capabilities: uint256
    staked: uint256
    unbonding: uint256
    unbond_ready_at: uint256
    jailed_until: uint256


stake_token: public(immutable(IERC20))
nodes: public(HashMap[address, Node])
metadata_cid: public(HashMap[address, String[128]])
min_stake: public(HashMap[uint8, uint256])
unbonding_period: public(uint256)
treasury: public(address)
is_slasher: public(HashMap[address, bool])
# Active plus unbonding stake of every node: always equals the registry's token balance.
total_bonded: public(uint256)


@deploy
def __init__(
    stake_token_: IERC20,
    min_worker_stake: uint256,
    min_sentry_stake: uint256,
    min_labeler_stake: uint256,
    unbonding_period_: uint256,
    treasury_: address,
):
    """
    @notice Deploys the registry.
    @param stake_token_ The ERC-20 nodes stake.
    @param min_worker_stake Minimum active stake of an eligible worker.
    @param min_sentry_stake Minimum active stake of an eligible sentry.
    @param min_labeler_stake Minimum active stake of an eligible labeler
           (small: a labeler's batch is worth far less than a GPU task).
    @param unbonding_period_ Seconds between `begin_unbond` and `withdraw`.
    @param treasury_ Receives slashed stake.
    """
    ownable.__init__()
    ownable_2step.__init__()
    stake_token = stake_token_
    self._set_min_stake(ROLE_WORKER, min_worker_stake)
    self._set_min_stake(ROLE_SENTRY, min_sentry_stake)
    self._set_min_stake(ROLE_LABELER, min_labeler_stake)
    self._set_unbonding_period(unbonding_period_)
    self._set_treasury(treasury_)


@external
def register(role: uint8, capabilities: uint256, metadata_cid: String[128]):
    """
    @notice Registers the caller as a node.
    @param role ROLE_WORKER (1), ROLE_SENTRY (2) or ROLE_LABELER (3).
    @param capabilities Bitmask of what the node can run (see protocol/).
    @param metadata_cid CID of the node's self-description (hardware, region).
    """
    assert self._known_role(role), "registry: unknown role"
    assert self.nodes[msg.sender].role == 0, "registry: already registered"
    self.nodes[msg.sender].role = role
    self.nodes[msg.sender].capabilities = capabilities
    self.metadata_cid[msg.sender] = metadata_cid
    log NodeRegistered(node=msg.sender, role=role, capabilities=capabilities, metadata_cid=metadata_cid)


@external
def update_node(capabilities: uint256, metadata_cid: String[128]):
    """
    @notice Updates the caller's capabilities and metadata CID.
    @param capabilities The new capability bitmask.
    @param metadata_cid The new metadata CID.
    """
    assert self.nodes[msg.sender].role != 0, "registry: not registered"
    self.nodes[msg.sender].capabilities = capabilities
    self.metadata_cid[msg.sender] = metadata_cid
    log NodeUpdated(node=msg.sender, capabilities=capabilities, metadata_cid=metadata_cid)


@external
@nonreentrant
def stake(amount: uint256):
    """
    @notice Adds `amount` of the stake token to the caller's active stake
            (needs an allowance).
    @param amount Base units to stake.
    """
    assert self.nodes[msg.sender].role != 0, "registry: not registered"
    assert amount > 0, "registry: zero amount"
    staked: uint256 = self.nodes[msg.sender].staked + amount
    self.nodes[msg.sender].staked = staked
    self.total_bonded += amount
    log Staked(node=msg.sender, amount=amount, staked=staked)
    assert extcall stake_token.transferFrom(msg.sender, self, amount, default_return_value=True), "registry: transfer failed"


@external
def begin_unbond(amount: uint256):
    """
    @notice Moves `amount` from active stake to unbonding; it can be
            withdrawn after the unbonding period and stays slashable until
            then. Unbonding more restarts the clock for the whole amount.
    @param amount Base units to unbond.
    """
    assert amount > 0, "registry: zero amount"
    node: Node = self.nodes[msg.sender]
    assert amount <= node.staked, "registry: amount exceeds stake"
    node.staked -= amount
    node.unbonding += amount
    node.unbond_ready_at = block.timestamp + self.unbonding_period
    self.nodes[msg.sender] = node
    log UnbondStarted(node=msg.sender, amount=amount, unbonding=node.unbonding, ready_at=node.unbond_ready_at)


@external
@nonreentrant
def withdraw():
    """
    @notice Pays out the caller's unbonded stake once the period is over.
    """
    amount: uint256 = self.nodes[msg.sender].unbonding
    assert amount > 0, "registry: nothing unbonding"
    assert block.timestamp >= self.nodes[msg.sender].unbond_ready_at, "registry: still unbonding"
    self.nodes[msg.sender].unbonding = 0
    self.total_bonded -= amount
    log Withdrawn(node=msg.sender, amount=amount)
    assert extcall stake_token.transfer(msg.sender, amount, default_return_value=True), "registry: transfer failed"


@external
@nonreentrant
def slash(node: address, amount: uint256, reason: bytes32) -> uint256:
    """
    @notice Takes up to `amount` of `node`'s stake (active first, then
            unbonding) and sends it to the treasury. Authorised slashers only.
    @param node The node to slash.
    @param amount The most to take; capped at the node's total stake.
    @param reason An identifier of the offence (e.g. the job id).
    @return The amount actually slashed.
    """
    assert self.is_slasher[msg.sender], "registry: caller is not a slasher"
    n: Node = self.nodes[node]
    taken: uint256 = min(amount, n.staked + n.unbonding)
    from_active: uint256 = min(taken, n.staked)
    n.staked -= from_active
    n.unbonding -= taken - from_active
    self.nodes[node] = n
    self.total_bonded -= taken
    log Slashed(node=node, slasher=msg.sender, reason=reason, requested=amount, slashed=taken)
    if taken > 0:
        assert extcall stake_token.transfer(self.treasury, taken, default_return_value=True), "registry: transfer failed"
    return taken


@external
def jail(node: address, duration: uint256):
    """
    @notice Makes `node` ineligible for `duration` seconds from now (a
            longer existing jail term is kept). Authorised slashers only.
    @param node The node to jail.
    @param duration Seconds, at most MAX_JAIL_DURATION.
    """
    assert self.is_slasher[msg.sender], "registry: caller is not a slasher"
    assert duration <= MAX_JAIL_DURATION, "registry: jail too long"
    until: uint256 = max(self.nodes[node].jailed_until, block.timestamp + duration)
    self.nodes[node].jailed_until = until
    log Jailed(node=node, jailer=msg.sender, jailed_until=until)


@external
def release(node: address, jailed_until: uint256):
    """
    @notice Ends `node`'s jail now if the term in force is `jailed_until`
            (the term the caller imposed and now lifts, e.g. on a committee
            verdict); a different term (a longer jail from elsewhere) stands.
            Authorised slashers only.
    @param node The node to release.
    @param jailed_until The jail term the caller lifts.
    """
    assert self.is_slasher[msg.sender], "registry: caller is not a slasher"
    if self.nodes[node].jailed_until == jailed_until and jailed_until > block.timestamp:
        self.nodes[node].jailed_until = block.timestamp
        log Released(node=node, releaser=msg.sender, jailed_until=jailed_until)


@external
@view
def is_eligible(node: address, role: uint8) -> bool:
    """
    @notice Whether `node` may act in `role` now: registered in that role,
            active stake at least the role's minimum, not jailed.
    @param node The node's address.
    @param role ROLE_WORKER, ROLE_SENTRY or ROLE_LABELER.
    @return True if eligible.
    """
    n: Node = self.nodes[node]
    return (
        n.role == role
        and role != 0
        and n.staked >= self.min_stake[role]
        and n.jailed_until <= block.timestamp
    )


@external
@view
def stake_of(node: address) -> uint256:
    """
    @notice Active plus unbonding stake of `node` (what a slash can take).
    @param node The node's address.
    @return Base units.
    """
    return self.nodes[node].staked + self.nodes[node].unbonding


@external
def set_slasher(slasher: address, allowed: bool):
    """
    @notice Allows or stops `slasher` slashing and jailing. Owner only.
    @param slasher A contract such as JobEscrow or SentryAttestations.
    @param allowed True to allow.
    """
    ownable._check_owner()
    assert slasher != empty(address), "registry: zero address"
    self.is_slasher[slasher] = allowed
    log SlasherSet(slasher=slasher, allowed=allowed)


@external
def set_min_stake(role: uint8, amount: uint256):
    """
    @notice Sets the minimum active stake of `role`. Owner only.
    @param role ROLE_WORKER, ROLE_SENTRY or ROLE_LABELER.
    @param amount Base units; must be non-zero.
    """
    ownable._check_owner()
    self._set_min_stake(role, amount)


@external
def set_unbonding_period(period: uint256):
    """
    @notice Sets the unbonding period for future `begin_unbond` calls. Owner only.
    @param period Seconds, at most MAX_UNBONDING_PERIOD.
    """
    ownable._check_owner()
    self._set_unbonding_period(period)


@external
def set_treasury(treasury_: address):
    """
    @notice Sets where slashed stake goes. Owner only.
    @param treasury_ The new treasury address.
    """
    ownable._check_owner()
    self._set_treasury(treasury_)


@internal
def _set_min_stake(role: uint8, amount: uint256):
    assert self._known_role(role), "registry: unknown role"
    assert amount > 0, "registry: minimum stake must be positive"
    self.min_stake[role] = amount
    log MinStakeSet(role=role, amount=amount)


@internal
@pure
def _known_role(role: uint8) -> bool:
    return role == ROLE_WORKER or role == ROLE_SENTRY or role == ROLE_LABELER


@internal
def _set_unbonding_period(period: uint256):
    assert period <= MAX_UNBONDING_PERIOD, "registry: unbonding period too long"
    self.unbonding_period = period
    log UnbondingPeriodSet(period=period)


@internal
def _set_treasury(treasury_: address):
    assert treasury_ != empty(address), "registry: zero address"
    self.treasury = treasury_
    log TreasurySet(treasury=treasury_)
