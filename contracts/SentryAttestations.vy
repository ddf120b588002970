# pragma version ~=0.4.3
"""
@title SentryAttestations
@notice Once per epoch each eligible sentry posts one Merkle root over its
        observations of every worker, leaf
        `(address worker, uint64 epoch, uint16 uptime_bps, uint32 perf_score, uint8 flags)`
        (OpenZeppelin StandardMerkleTree rules), plus the CID of the full
        attestation file. Posting costs O(1) gas whatever the number of
        workers. Anyone can jail a worker by showing the same leaf, with
        the OFFLINE flag, under the roots of at least `quorum` distinct
        sentries for one epoch: no single sentry can jail anyone.
        Trust: the owner (two-step ownership) sets the quorum and the jail
        duration; sentry eligibility (stake, not jailed) is WorkerRegistry's.
"""

from snekmate.auth import ownable
from snekmate.auth import ownable_2step
from snekmate.utils import merkle_proof_verification as merkle
from interfaces import IWorkerRegistry

initializes: ownable
initializes: ownable_2step[ownable := ownable]

exports: (
    ownable_2step.owner,
    ownable_2step.pending_owner,
    ownable_2step.transfer_ownership,
    ownable_2step.accept_ownership,
    ownable_2step.renounce_ownership,
)


ROLE_SENTRY: constant(uint8) = 2
FLAG_OFFLINE: public(constant(uint8)) = 1
MAX_QUORUM: public(constant(uint256)) = 16
MAX_PROOF_DEPTH: constant(uint256) = 32
# WorkerRegistry.MAX_JAIL_DURATION
MAX_JAIL_DURATION: public(constant(uint256)) = 365 * 86_400


event AttestationPosted:
    epoch: indexed(uint256)
    sentry: indexed(address)
    root: bytes32
    cid: String[128]


event WorkerJailed:
    worker: indexed(address)
    epoch: indexed(uint256)
    sentries: DynArray[address, MAX_QUORUM]


event QuorumSet:
    quorum: uint256


event JailDurationSet:
    duration: uint256


registry: public(immutable(IWorkerRegistry))
epoch_length: public(immutable(uint256))
genesis: public(immutable(uint256))
quorum: public(uint256)
jail_duration: public(uint256)
roots: public(HashMap[uint256, HashMap[address, bytes32]])
jailed_for_epoch: public(HashMap[address, HashMap[uint256, bool]])


@deploy
def __init__(registry_: IWorkerRegistry, epoch_length_: uint256, quorum_: uint256, jail_duration_: uint256):
    """
    @notice Deploys the attestation board.
    @param registry_ The WorkerRegistry that knows sentries and jails workers.
    @param epoch_length_ Seconds per epoch; epoch 0 starts at deployment.
    @param quorum_ Distinct sentries whose roots must hold an offline leaf to jail.
    @param jail_duration_ Seconds a worker stays jailed.
    """
    ownable.__init__()
    ownable_2step.__init__()
    assert epoch_length_ > 0, "sentry: zero epoch length"
    registry = registry_
    epoch_length = epoch_length_
    genesis = block.timestamp
    self._set_quorum(quorum_)
    self._set_jail_duration(jail_duration_)


@external
@view
def current_epoch() -> uint256:
    """
    @notice The epoch that is running now.
    @return Epoch number, 0 at deployment.
    """
    return self._current_epoch()


@external
def post(epoch: uint256, root: bytes32, cid: String[128]):
    """
    @notice Posts the caller's attestation root for `epoch` (the current one
            or the one just finished). One root per sentry per epoch.
    @param epoch The epoch the observations cover.
    @param root Merkle root over the sentry's leaves.
    @param cid CID of the full attestation file (leaves and proofs).
    """
    assert staticcall registry.is_eligible(msg.sender, ROLE_SENTRY), "sentry: caller is not an eligible sentry"
    current: uint256 = self._current_epoch()
    # epoch is current or current - 1; the wrapping subtraction (never `epoch + 1`,
    # which overflows on a huge `epoch`) also refuses future epochs.
    assert unsafe_sub(current, epoch) <= 1, "sentry: epoch not open"
    assert root != empty(bytes32), "sentry: empty root"
    assert self.roots[epoch][msg.sender] == empty(bytes32), "sentry: already posted for epoch"
    self.roots[epoch][msg.sender] = root
    log AttestationPosted(epoch=epoch, sentry=msg.sender, root=root, cid=cid)


@external
def jail(
    worker: address,
    epoch: uint64,
    uptime_bps: uint16,
    perf_score: uint32,
    flags: uint8,
    sentries: DynArray[address, MAX_QUORUM],
    proofs: DynArray[DynArray[bytes32, MAX_PROOF_DEPTH], MAX_QUORUM],
):
    """
    @notice Jails `worker` if the same OFFLINE leaf is proven under the
            roots of at least `quorum` distinct sentries for `epoch`.
            Anyone may call; one jailing per worker per epoch.
    @param worker The worker seen offline.
    @param epoch The epoch of the observation.
    @param uptime_bps Leaf field: uptime in basis points.
    @param perf_score Leaf field: performance score.
    @param flags Leaf field: must include FLAG_OFFLINE.
    @param sentries The attesting sentries, sorted ascending (distinct).
    @param proofs One Merkle proof per sentry, same order.
    """
    assert flags & FLAG_OFFLINE != 0, "sentry: leaf is not offline"
    assert len(sentries) == len(proofs), "sentry: length mismatch"
    assert len(sentries) >= self.quorum, "sentry: below quorum"
    e: uint256 = convert(epoch, uint256)
    assert not self.jailed_for_epoch[worker][e], "sentry: already jailed for epoch"
    leaf: bytes32 = keccak256(keccak256(abi_encode(worker, epoch, uptime_bps, perf_score, flags)))
    previous: address = empty(address)
    for i: uint256 in range(len(sentries), bound=MAX_QUORUM):
        sentry: address = sentries[i]
        assert convert(sentry, uint160) > convert(previous, uint160), "sentry: sentries not sorted or repeated"
        root: bytes32 = self.roots[e][sentry]
        assert root != empty(bytes32), "sentry: no root from sentry"
        assert merkle._verify(proofs[i], root, leaf), "sentry: invalid proof"
        previous = sentry
    self.jailed_for_epoch[worker][e] = True
    log WorkerJailed(worker=worker, epoch=e, sentries=sentries)
    extcall registry.jail(worker, self.jail_duration)


@external
def set_quorum(quorum_: uint256):
    """
    @notice Sets how many distinct sentries must agree to jail. Owner only.
    @param quorum_ 1..MAX_QUORUM.
    """
    ownable._check_owner()
    self._set_quorum(quorum_)


@external
def set_jail_duration(duration: uint256):
    """
    @notice Sets how long a jailed worker stays out. Owner only.
    @param duration Seconds, at most MAX_JAIL_DURATION (WorkerRegistry's cap,
           so a jailing can never fail on the duration).
    """
    ownable._check_owner()
    self._set_jail_duration(duration)


@internal
@view
def _current_epoch() -> uint256:
    return (block.timestamp - genesis) // epoch_length


@internal
def _set_quorum(quorum_: uint256):
    assert quorum_ >= 1 and quorum_ <= MAX_QUORUM, "sentry: quorum out of range"
    self.quorum = quorum_
    log QuorumSet(quorum=quorum_)


@internal
def _set_jail_duration(duration: uint256):
    assert duration <= MAX_JAIL_DURATION, "sentry: jail too long"
    self.jail_duration = duration
    log JailDurationSet(duration=duration)
