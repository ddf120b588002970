# pragma version ~=0.4.3
"""
@title SentryAttestations
@notice Once per epoch each eligible sentry posts one Merkle root over its
        observations of every worker, leaf
        `(address worker, uint64 epoch, uint16 uptime_bps, uint32 perf_score, uint8 flags)`
        (OpenZeppelin StandardMerkleTree rules), plus the CID of the full
        attestation file. Posting costs O(1) gas whatever the number of
        workers.

        Jailing. A sentry that got no answer from a worker in a whole epoch
        writes the canonical OFFLINE leaf `(worker, epoch, 0, 0, FLAG_OFFLINE)`
        (`offline_leaf`; protocol/sentry_leaf.py builds the same bytes), so
        independent sentries that saw the same absence hold the identical
        leaf. Anyone can jail the worker by proving that leaf under the roots
        of sentries that, at the time of the jail, are
          * at least `quorum` distinct eligible sentries,
          * each holding at least the registry's minimum WORKER stake
            (a sentry's minimum stake is tied to the worker stake), and
          * together holding at least `stake_quorum` and at least the
            jailed worker's own stake;
        and only while the observation is fresh: at most `evidence_epochs`
        epochs before the current one. Older evidence jails no one.

        Accountability. A jail can be wrong. The oracle committee, which sees
        every lease and result of the worker, signs an EIP-712
        `WrongfulJail(address worker,uint256 epoch)` verdict (domain: name
        GPUHive, version 1, this chain's id, this contract) with at least its
        threshold of signers; `lift` then ends the worker's jail term in the
        registry and slashes the whole stake (active and unbonding) of every
        sentry whose root carried the OFFLINE leaf: the jail's signers at
        once, and any other sentry whose root is proven to hold it
        (`slash_liar`). The verdict is spent by the lift (one lift per jail),
        so it cannot be replayed, nor used on another chain or deployment.
        Slashed stake goes to the registry's treasury (WorkerRegistry.slash),
        as every slash does.

        Why a false jail costs the attackers more than the worker. Let S be
        the summed stake of the sentries that jail, W the worker's stake,
        m the minimum worker stake, q the quorum and I the worker's income
        over one jail term (`jail_duration`). A jail needs
        S >= max(stake_quorum, W, q * m). A jail never touches the worker's
        stake; the worker loses at most I (less if the verdict comes early).
        Each lying sentry loses its whole stake, so the attackers lose S.
        The rule holds when the owner keeps the minimum worker stake above
        a worker's income over one jail term (m > I): then
        S >= q * m > I and S >= W. With the defaults (m = 100 tokens,
        q = 2, stake_quorum = 200 tokens, a one-day jail) two colluding
        sentries risk 200 tokens to take at most a day of a worker's income.
        A verdict must come within the registry's unbonding period to reach
        stake a lying sentry starts unbonding after the jail. Lifting ends
        the worker's jail if this board's term is the one in force (a longer
        term from another slasher stands; two board jails of the same worker
        in the same second share a term, and lifting one ends both).

        Trust: the owner (two-step ownership; a deployment hands it to the
        GovernanceTimelock) sets the quorum, the stake quorum, the evidence
        window and the jail duration; sentry eligibility (stake, not jailed)
        is WorkerRegistry's; verdicts are the OracleCommittee's.
"""

from snekmate.auth import ownable
from snekmate.auth import ownable_2step
from snekmate.utils import eip712_domain_separator as eip712
from snekmate.utils import merkle_proof_verification as merkle
from interfaces import IOracleCommittee
from interfaces import IWorkerRegistry

initializes: ownable
initializes: ownable_2step[ownable := ownable]
initializes: eip712

exports: (
    ownable_2step.owner,
    ownable_2step.pending_owner,
    ownable_2step.transfer_ownership,
    ownable_2step.accept_ownership,
    ownable_2step.renounce_ownership,
    eip712.eip712Domain,
)


ROLE_WORKER: constant(uint8) = 1
ROLE_SENTRY: constant(uint8) = 2
FLAG_OFFLINE: public(constant(uint8)) = 1
MAX_QUORUM: public(constant(uint256)) = 16
MAX_PROOF_DEPTH: constant(uint256) = 32
MAX_SIGNATURES: constant(uint256) = 32
# WorkerRegistry.MAX_JAIL_DURATION
MAX_JAIL_DURATION: public(constant(uint256)) = 365 * 86_400
MAX_EVIDENCE_EPOCHS: public(constant(uint256)) = 64
WRONGFUL_JAIL_TYPEHASH: public(constant(bytes32)) = keccak256("WrongfulJail(address worker,uint256 epoch)")
# jail_record value of a jail that a verdict lifted.
LIFTED: constant(bytes32) = 0x0000000000000000000000000000000000000000000000000000000000000001


event AttestationPosted:
    epoch: indexed(uint256)
    sentry: indexed(address)
    root: bytes32
    cid: String[128]


event WorkerJailed:
    worker: indexed(address)
    epoch: indexed(uint256)
    sentries: DynArray[address, MAX_QUORUM]
    jailed_until: uint256
    sentry_stake: uint256


event JailLifted:
    worker: indexed(address)
    epoch: indexed(uint256)
    slashed: uint256


event SentrySlashed:
    sentry: indexed(address)
    worker: indexed(address)
    epoch: indexed(uint256)
    amount: uint256


event QuorumSet:
    quorum: uint256


event StakeQuorumSet:
    stake_quorum: uint256


event EvidenceEpochsSet:
    evidence_epochs: uint256


event JailDurationSet:
    duration: uint256


registry: public(immutable(IWorkerRegistry))
committee: public(immutable(IOracleCommittee))
epoch_length: public(immutable(uint256))
genesis: public(immutable(uint256))
quorum: public(uint256)
stake_quorum: public(uint256)
evidence_epochs: public(uint256)
jail_duration: public(uint256)
roots: public(HashMap[uint256, HashMap[address, bytes32]])
# Per worker and epoch: empty (never jailed), keccak256(abi_encode(sentries,
# jailed_until)) of the jail in force, or LIFTED after a verdict.
jail_record: public(HashMap[address, HashMap[uint256, bytes32]])
# Sentries already slashed for a lifted (worker, epoch).
liar_slashed: public(HashMap[address, HashMap[uint256, HashMap[address, bool]]])


@deploy
def __init__(
    registry_: IWorkerRegistry,
    committee_: IOracleCommittee,
    epoch_length_: uint256,
    quorum_: uint256,
    stake_quorum_: uint256,
    jail_duration_: uint256,
    evidence_epochs_: uint256,
):
    """
    @notice Deploys the attestation board.
    @param registry_ The WorkerRegistry that knows sentries and jails workers.
    @param committee_ The OracleCommittee whose verdicts lift wrongful jails.
    @param epoch_length_ Seconds per epoch; epoch 0 starts at deployment.
    @param quorum_ Distinct sentries whose roots must hold the offline leaf to jail.
    @param stake_quorum_ Least summed stake of those sentries.
    @param jail_duration_ Seconds a worker stays jailed.
    @param evidence_epochs_ How many epochs an observation stays usable for a jail.
    """
    ownable.__init__()
    ownable_2step.__init__()
    eip712.__init__("GPUHive", "1")
    assert epoch_length_ > 0, "sentry: zero epoch length"
    registry = registry_
    committee = committee_
    epoch_length = epoch_length_
    genesis = block.timestamp
    self._set_quorum(quorum_)
    self._set_stake_quorum(stake_quorum_)
    self._set_jail_duration(jail_duration_)
    self._set_evidence_epochs(evidence_epochs_)


@external
@view
def current_epoch() -> uint256:
    """
    @notice The epoch that is running now.
    @return Epoch number, 0 at deployment.
    """
    return self._current_epoch()


@external
@pure
def offline_leaf(worker: address, epoch: uint64) -> bytes32:
    """
    @notice The canonical OFFLINE leaf of `worker` in `epoch`:
            `(worker, epoch, 0, 0, FLAG_OFFLINE)`, hashed as a StandardMerkleTree leaf.
    @param worker The worker.
    @param epoch The epoch.
    @return keccak256(keccak256(abi.encode(worker, epoch, 0, 0, FLAG_OFFLINE))).
    """
    return self._offline_leaf(worker, epoch)


@external
@pure
def leaf_hash(worker: address, epoch: uint64, uptime_bps: uint16, perf_score: uint32, flags: uint8) -> bytes32:
    """
    @notice Any attestation leaf, hashed as a StandardMerkleTree leaf.
    @param worker Leaf field.
    @param epoch Leaf field.
    @param uptime_bps Leaf field.
    @param perf_score Leaf field.
    @param flags Leaf field.
    @return keccak256(keccak256(abi.encode(worker, epoch, uptime_bps, perf_score, flags))).
    """
    return keccak256(keccak256(abi_encode(worker, epoch, uptime_bps, perf_score, flags)))


@external
@view
def wrongful_jail_digest(worker: address, epoch: uint256) -> bytes32:
    """
    @notice The EIP-712 digest committee members sign to lift `worker`'s jail for `epoch`.
    @param worker The wrongly jailed worker.
    @param epoch The epoch of the jail's evidence.
    @return The digest.
    """
    return self._wrongful_jail_digest(worker, epoch)


@external
@view
def jailed_for_epoch(worker: address, epoch: uint256) -> bool:
    """
    @notice Whether `worker` was jailed on evidence of `epoch` (lifted or not).
    @param worker The worker.
    @param epoch The epoch.
    @return True once jailed for that epoch.
    """
    return self.jail_record[worker][epoch] != empty(bytes32)


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
    sentries: DynArray[address, MAX_QUORUM],
    proofs: DynArray[DynArray[bytes32, MAX_PROOF_DEPTH], MAX_QUORUM],
):
    """
    @notice Jails `worker` if its canonical OFFLINE leaf for `epoch` is proven
            under the roots of enough sentries (see the contract's notice:
            count, stake, freshness). Anyone may call; one jailing per worker
            per epoch.
    @param worker The worker seen offline.
    @param epoch The epoch of the observation.
    @param sentries The attesting sentries, sorted ascending (distinct).
    @param proofs One Merkle proof per sentry, same order.
    """
    assert len(sentries) == len(proofs), "sentry: length mismatch"
    assert len(sentries) >= self.quorum, "sentry: below quorum"
    e: uint256 = convert(epoch, uint256)
    assert self._current_epoch() <= e + self.evidence_epochs, "sentry: evidence expired"
    assert self.jail_record[worker][e] == empty(bytes32), "sentry: already jailed for epoch"
    leaf: bytes32 = self._offline_leaf(worker, epoch)
    min_each: uint256 = staticcall registry.min_stake(ROLE_WORKER)
    total: uint256 = 0
    previous: address = empty(address)
    for i: uint256 in range(len(sentries), bound=MAX_QUORUM):
        sentry: address = sentries[i]
        assert convert(sentry, uint160) > convert(previous, uint160), "sentry: sentries not sorted or repeated"
        root: bytes32 = self.roots[e][sentry]
        assert root != empty(bytes32), "sentry: no root from sentry"
        assert merkle._verify(proofs[i], root, leaf), "sentry: invalid proof"
        assert staticcall registry.is_eligible(sentry, ROLE_SENTRY), "sentry: sentry not eligible"
        stake: uint256 = staticcall registry.stake_of(sentry)
        assert stake >= min_each, "sentry: sentry stake below worker minimum"
        total += stake
        previous = sentry
    assert total >= self.stake_quorum, "sentry: below stake quorum"
    assert total >= staticcall registry.stake_of(worker), "sentry: stake below worker's"
    # The board's own term: lifting releases the worker only while this term is
    # the one in force (a longer jail from another slasher stands).
    until: uint256 = block.timestamp + self.jail_duration
    extcall registry.jail(worker, self.jail_duration)
    self.jail_record[worker][e] = keccak256(abi_encode(sentries, until))
    log WorkerJailed(worker=worker, epoch=e, sentries=sentries, jailed_until=until, sentry_stake=total)


@external
@nonreentrant
def lift(
    worker: address,
    epoch: uint256,
    sentries: DynArray[address, MAX_QUORUM],
    jailed_until: uint256,
    signatures: DynArray[Bytes[65], MAX_SIGNATURES],
):
    """
    @notice Lifts a wrongful jail on a committee verdict and slashes the whole
            stake of the sentries that jailed (to the registry's treasury).
            Anyone may submit the verdict; each jail is lifted at most once.
    @param worker The wrongly jailed worker.
    @param epoch The epoch of the jail's evidence.
    @param sentries The jail's sentries, as in its WorkerJailed event.
    @param jailed_until The jail's term, as in its WorkerJailed event.
    @param signatures Committee signatures over `wrongful_jail_digest(worker, epoch)`,
           sorted by signer address, at least the committee's threshold.
    """
    record: bytes32 = self.jail_record[worker][epoch]
    assert record != empty(bytes32) and record != LIFTED, "sentry: no jail to lift"
    assert record == keccak256(abi_encode(sentries, jailed_until)), "sentry: not the jail's sentries"
    # reverts unless at least the committee's threshold of its current signers signed
    signers: DynArray[address, MAX_SIGNATURES] = staticcall committee.verify(self._wrongful_jail_digest(worker, epoch), signatures)
    self.jail_record[worker][epoch] = LIFTED
    extcall registry.release(worker, jailed_until)
    slashed: uint256 = 0
    for sentry: address in sentries:
        slashed += self._slash_liar(sentry, worker, epoch)
    log JailLifted(worker=worker, epoch=epoch, slashed=slashed)


@external
@nonreentrant
def slash_liar(worker: address, epoch: uint64, sentry: address, proof: DynArray[bytes32, MAX_PROOF_DEPTH]) -> uint256:
    """
    @notice After a verdict lifted `worker`'s jail for `epoch`, slashes the
            whole stake of another sentry whose root for that epoch carries
            the same canonical OFFLINE leaf. Anyone may call; once per sentry.
    @param worker The worker whose jail was lifted.
    @param epoch The epoch of the jail's evidence.
    @param sentry The sentry whose root holds the false leaf.
    @param proof Merkle proof of the leaf under the sentry's root.
    @return The stake taken.
    """
    e: uint256 = convert(epoch, uint256)
    assert self.jail_record[worker][e] == LIFTED, "sentry: jail not lifted"
    assert not self.liar_slashed[worker][e][sentry], "sentry: already slashed"
    root: bytes32 = self.roots[e][sentry]
    assert root != empty(bytes32), "sentry: no root from sentry"
    assert merkle._verify(proof, root, self._offline_leaf(worker, epoch)), "sentry: invalid proof"
    return self._slash_liar(sentry, worker, e)


@external
def set_quorum(quorum_: uint256):
    """
    @notice Sets how many distinct sentries must agree to jail. Owner only.
    @param quorum_ 1..MAX_QUORUM.
    """
    ownable._check_owner()
    self._set_quorum(quorum_)


@external
def set_stake_quorum(stake_quorum_: uint256):
    """
    @notice Sets the least summed stake of the sentries that jail. Owner only.
    @param stake_quorum_ Base units of the stake token.
    """
    ownable._check_owner()
    self._set_stake_quorum(stake_quorum_)


@external
def set_evidence_epochs(evidence_epochs_: uint256):
    """
    @notice Sets how many epochs an observation stays usable for a jail. Owner only.
    @param evidence_epochs_ 1..MAX_EVIDENCE_EPOCHS.
    """
    ownable._check_owner()
    self._set_evidence_epochs(evidence_epochs_)


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
@pure
def _offline_leaf(worker: address, epoch: uint64) -> bytes32:
    return keccak256(keccak256(abi_encode(worker, epoch, empty(uint16), empty(uint32), FLAG_OFFLINE)))


@internal
@view
def _wrongful_jail_digest(worker: address, epoch: uint256) -> bytes32:
    return eip712._hash_typed_data_v4(keccak256(abi_encode(WRONGFUL_JAIL_TYPEHASH, worker, epoch)))


@internal
def _slash_liar(sentry: address, worker: address, epoch: uint256) -> uint256:
    self.liar_slashed[worker][epoch][sentry] = True
    taken: uint256 = extcall registry.slash(sentry, max_value(uint256), keccak256(abi_encode(worker, epoch)))
    log SentrySlashed(sentry=sentry, worker=worker, epoch=epoch, amount=taken)
    return taken


@internal
def _set_quorum(quorum_: uint256):
    assert quorum_ >= 1 and quorum_ <= MAX_QUORUM, "sentry: quorum out of range"
    self.quorum = quorum_
    log QuorumSet(quorum=quorum_)


@internal
def _set_stake_quorum(stake_quorum_: uint256):
    self.stake_quorum = stake_quorum_
    log StakeQuorumSet(stake_quorum=stake_quorum_)


@internal
def _set_evidence_epochs(evidence_epochs_: uint256):
    assert evidence_epochs_ >= 1 and evidence_epochs_ <= MAX_EVIDENCE_EPOCHS, "sentry: evidence window out of range"
    self.evidence_epochs = evidence_epochs_
    log EvidenceEpochsSet(evidence_epochs=evidence_epochs_)


@internal
def _set_jail_duration(duration: uint256):
    assert duration <= MAX_JAIL_DURATION, "sentry: jail too long"
    self.jail_duration = duration
    log JailDurationSet(duration=duration)
