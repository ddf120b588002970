# pragma version ~=0.4.3
"""
@title OracleCommittee
@notice The oracle signer set and its threshold `k`. Contracts that act
        on an oracle verdict (JobEscrow's settle, reject and resolve)
        hash the verdict as EIP-712 typed data under their own domain and
        ask `verify` whether at least `k` distinct current signers signed
        that digest.
        Signatures must come sorted by signer address, strictly
        ascending, so duplicates are refused with one comparison per
        signature. Malleable (high-s) signatures are refused by
        snekmate's `ecdsa` module.
        Epochs: every change of the signer set or the threshold opens a
        new epoch, applying from the next second (`epoch_start`); the
        signer list and threshold of every epoch are kept for ever.
        JobEscrow judges a job's verdicts by the epoch in force when the
        job was created (`verify_at`), so no change reaches a job that is
        already open: a signer added later cannot sign for it, a removed
        signer still can, and the job's threshold stays what it was.
        `verify` (the current epoch) is for callers without such a rule.
        Trust: the owner (two-step ownership; a deployment hands it to the
        GovernanceTimelock, so every change is public for the timelock's
        delay before it applies) adds and removes signers and sets the
        threshold, for jobs created after the change only.
"""

from snekmate.auth import ownable
from snekmate.auth import ownable_2step
from snekmate.utils import ecdsa

initializes: ownable
initializes: ownable_2step[ownable := ownable]

exports: (
    ownable_2step.owner,
    ownable_2step.pending_owner,
    ownable_2step.transfer_ownership,
    ownable_2step.accept_ownership,
    ownable_2step.renounce_ownership,
)


MAX_SIGNERS: public(constant(uint256)) = 32


event SignerAdded:
    signer: indexed(address)
    signer_count: uint256


event SignerRemoved:
    signer: indexed(address)
    signer_count: uint256


event ThresholdChanged:
    old_threshold: uint256
    new_threshold: uint256


event EpochOpened:
    epoch: indexed(uint256)
    start: uint256
    signer_count: uint256
    threshold: uint256


is_signer: public(HashMap[address, bool])
threshold: public(uint256)
_signers: DynArray[address, MAX_SIGNERS]
# The epoch in force now (the last one opened); epochs count from 1.
current_epoch: public(uint256)
# Per epoch: the first timestamp it applies to, its signers in order, each
# signer's position + 1 (0: not a signer of that epoch), its threshold.
epoch_start: public(HashMap[uint256, uint256])
_members: HashMap[uint256, DynArray[address, MAX_SIGNERS]]
_position: HashMap[uint256, HashMap[address, uint256]]
epoch_threshold: public(HashMap[uint256, uint256])


@deploy
def __init__(signers: DynArray[address, MAX_SIGNERS], threshold_: uint256):
    """
    @notice Creates the committee with its first signer set.
    @param signers The oracle signing addresses (distinct, non-zero).
    @param threshold_ How many distinct signers a verdict needs (1..len).
    """
    ownable.__init__()
    ownable_2step.__init__()
    for signer: address in signers:
        self._add_signer(signer)
    self._set_threshold(threshold_)
    self._open_epoch(0)


@external
def add_signer(signer: address):
    """
    @notice Adds an oracle signer. Owner only.
    @param signer The signer's address.
    """
    ownable._check_owner()
    self._add_signer(signer)
    self._open_epoch(block.timestamp + 1)


@external
def remove_signer(signer: address):
    """
    @notice Removes an oracle signer. Owner only. Refused if the remaining
            signers could no longer reach the threshold.
    @param signer The signer's address.
    """
    ownable._check_owner()
    assert self.is_signer[signer], "committee: not a signer"
    assert len(self._signers) - 1 >= self.threshold, "committee: threshold above signer count"
    self.is_signer[signer] = False
    kept: DynArray[address, MAX_SIGNERS] = []
    for s: address in self._signers:
        if s != signer:
            kept.append(s)
    self._signers = kept
    log SignerRemoved(signer=signer, signer_count=len(kept))
    self._open_epoch(block.timestamp + 1)


@external
def set_threshold(new_threshold: uint256):
    """
    @notice Sets how many distinct signers a verdict needs. Owner only.
    @param new_threshold The new threshold, 1..signer_count().
    """
    ownable._check_owner()
    self._set_threshold(new_threshold)
    self._open_epoch(block.timestamp + 1)


@external
@view
def signers() -> DynArray[address, MAX_SIGNERS]:
    """
    @notice The current signer set, in the order they were added.
    @return The signer addresses.
    """
    return self._signers


@external
@view
def signer_count() -> uint256:
    """
    @notice How many signers the committee has.
    @return The number of current signers.
    """
    return len(self._signers)


@external
@view
def epoch_at(timestamp: uint256) -> uint256:
    """
    @notice The epoch in force at `timestamp`: the last one whose
            `epoch_start` is at most `timestamp`.
    @param timestamp A Unix time (a job's creation time).
    @return The epoch number.
    """
    return self._epoch_at(timestamp)


@external
@view
def members(epoch: uint256) -> DynArray[address, MAX_SIGNERS]:
    """
    @notice The signers of `epoch`, in their positions (bit i of a
            `verify_at` bitmap is `members(epoch)[i]`).
    @param epoch The epoch.
    @return The signer addresses.
    """
    return self._members[epoch]


@external
@view
def member_position(epoch: uint256, signer: address) -> uint256:
    """
    @notice Where `signer` stands in `epoch`'s signer list, plus one.
    @param epoch The epoch.
    @param signer The address.
    @return The position + 1; 0 if `signer` is not a signer of `epoch`.
    """
    return self._position[epoch][signer]


@external
@view
def verify_at(timestamp: uint256, digest: bytes32, signatures: DynArray[Bytes[65], MAX_SIGNERS]) -> (uint256, uint256):
    """
    @notice `verify` against the epoch in force at `timestamp` (a job's
            creation time), so later changes do not apply.
    @param timestamp The time whose epoch judges the signatures.
    @param digest The EIP-712 digest the caller computed.
    @param signatures 65-byte signatures, sorted by signer address.
    @return The epoch, and a bitmap of the signers' positions in it.
    """
    epoch: uint256 = self._epoch_at(timestamp)
    return epoch, self._verify_epoch(epoch, digest, signatures, True)


@external
@view
def verify_epoch(epoch: uint256, digest: bytes32, signatures: DynArray[Bytes[65], MAX_SIGNERS], need_threshold: bool) -> uint256:
    """
    @notice Checks that every signature is by a distinct signer of
            `epoch` (and, if `need_threshold`, that there are at least the
            epoch's threshold of them); reverts with the reason otherwise.
    @param epoch The epoch whose signers count.
    @param digest The EIP-712 digest the caller computed.
    @param signatures 65-byte signatures, sorted by signer address.
    @param need_threshold Whether at least the epoch's threshold must sign.
    @return A bitmap of the signers' positions in the epoch.
    """
    return self._verify_epoch(epoch, digest, signatures, need_threshold)


@external
@view
def verify(digest: bytes32, signatures: DynArray[Bytes[65], MAX_SIGNERS]) -> DynArray[address, MAX_SIGNERS]:
    """
    @notice Checks that at least `threshold` distinct current signers
            signed `digest`; reverts with the reason otherwise.
    @param digest The EIP-712 digest the caller computed.
    @param signatures 65-byte (r, s, v) signatures, sorted by signer
           address, strictly ascending.
    @return The recovered signers, in the order given.
    """
    assert len(signatures) >= self.threshold, "committee: below threshold"
    recovered: DynArray[address, MAX_SIGNERS] = []
    previous: address = empty(address)
    for signature: Bytes[65] in signatures:
        assert len(signature) == 65, "committee: signature must be 65 bytes"
        signer: address = ecdsa._recover_sig(digest, signature)
        assert convert(signer, uint160) > convert(previous, uint160), "committee: signers not sorted or repeated"
        assert self.is_signer[signer], "committee: not a signer"
        recovered.append(signer)
        previous = signer
    return recovered


@internal
@view
def _verify_epoch(epoch: uint256, digest: bytes32, signatures: DynArray[Bytes[65], MAX_SIGNERS], need_threshold: bool) -> uint256:
    if need_threshold:
        assert len(signatures) >= self.epoch_threshold[epoch], "committee: below threshold"
    assert len(signatures) > 0, "committee: no signatures"
    bitmap: uint256 = 0
    previous: address = empty(address)
    for signature: Bytes[65] in signatures:
        assert len(signature) == 65, "committee: signature must be 65 bytes"
        signer: address = ecdsa._recover_sig(digest, signature)
        assert convert(signer, uint160) > convert(previous, uint160), "committee: signers not sorted or repeated"
        position: uint256 = self._position[epoch][signer]
        assert position != 0, "committee: not a signer"
        bitmap |= 1 << (position - 1)
        previous = signer
    return bitmap


@internal
@view
def _epoch_at(timestamp: uint256) -> uint256:
    # Epoch starts never decrease: the last epoch with start <= timestamp,
    # by binary search (the current epoch, the usual answer, is tried first).
    high: uint256 = self.current_epoch
    if self.epoch_start[high] <= timestamp:
        return high
    low: uint256 = 1
    high -= 1
    for _: uint256 in range(64):
        if low >= high:
            break
        middle: uint256 = (low + high + 1) // 2
        if self.epoch_start[middle] <= timestamp:
            low = middle
        else:
            high = middle - 1
    return low


@internal
def _open_epoch(start: uint256):
    epoch: uint256 = self.current_epoch + 1
    self.current_epoch = epoch
    self.epoch_start[epoch] = start
    self._members[epoch] = self._signers
    position: uint256 = 0
    for s: address in self._signers:
        position += 1
        self._position[epoch][s] = position
    self.epoch_threshold[epoch] = self.threshold
    log EpochOpened(epoch=epoch, start=start, signer_count=len(self._signers), threshold=self.threshold)


@internal
def _add_signer(signer: address):
    assert signer != empty(address), "committee: zero address"
    assert not self.is_signer[signer], "committee: already a signer"
    assert len(self._signers) < MAX_SIGNERS, "committee: too many signers"
    self.is_signer[signer] = True
    self._signers.append(signer)
    log SignerAdded(signer=signer, signer_count=len(self._signers))


@internal
def _set_threshold(new_threshold: uint256):
    assert new_threshold >= 1, "committee: threshold must be at least 1"
    assert new_threshold <= len(self._signers), "committee: threshold above signer count"
    log ThresholdChanged(old_threshold=self.threshold, new_threshold=new_threshold)
    self.threshold = new_threshold
