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
        Trust: the owner (two-step ownership) adds and removes signers and
        sets the threshold; a removed signer's signatures stop counting at
        once, also for verdicts signed before its removal.
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


is_signer: public(HashMap[address, bool])
threshold: public(uint256)
_signers: DynArray[address, MAX_SIGNERS]


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


@external
def add_signer(signer: address):
    """
    @notice Adds an oracle signer. Owner only.
    @param signer The signer's address.
    """
    ownable._check_owner()
    self._add_signer(signer)


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


@external
def set_threshold(new_threshold: uint256):
    """
    @notice Sets how many distinct signers a verdict needs. Owner only.
    @param new_threshold The new threshold, 1..signer_count().
    """
    ownable._check_owner()
    self._set_threshold(new_threshold)


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
