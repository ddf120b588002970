# pragma version ~=0.4.3
"""
@title JobEscrow
@notice Holds each job's budget from `create_job` until it has all gone
        out again, to workers (`claim`), oracle signers (`claim_fees`)
        and the requester (`claim_refund`, `reject`, `reclaim`, `sweep`).
        The oracle committee fixes how a budget is split with a signed
        EIP-712 `Settlement` (domain: this contract, this chain):
        `total_payout + oracle_fee + refund == budget`, payouts as a Merkle
        root over `(job_id, worker, amount)` leaves, so settlement gas does
        not grow with the number of tasks. A dispute window follows; a
        requester dispute holds claims until the committee `resolve`s it,
        or until the resolve timeout, after which the original settlement
        stands.
        Ways out for every token that comes in:
        open budget -> settle | reject (full refund) | reclaim (full refund
        after deadline + grace); payouts -> claim, or sweep to the requester
        after the claim expiry; refund -> claim_refund; dispute bond ->
        claim_refund (dispute won, or no worker to pay) or claim (the
        workers, pro rata, when the dispute fails) and sweep; fees ->
        claim_fees.
        Committee per job: a job is judged (settle, reject, resolve) by
        the committee epoch in force when it was created
        (OracleCommittee.verify_at), so no later change of signers or
        threshold reaches it; the timing parameters are immutable.
        Oracle fee: paid to every signer of the settlement, not only those
        the submitter chose to include. Until the dispute window's end
        (`join_end`, fixed at settle) any signer of the job's epoch can
        `add_fee_signatures` over the same round-0 settlement; after it the
        fee is split equally among all of them (the remainder of the
        division to the signer in the lowest position) by `claim_fees`.
        Dispute: the requester locks `dispute_bond`. If the committee
        changes the split, the bond goes back with the refund. If the
        dispute fails (the committee re-signs the same split, or does not
        answer before the resolve timeout), the bond pays the workers'
        wait: each claim adds amount * bond / total_payout (nothing to
        pay workers: the bond goes back).
        Token: whatever `create_job` and `dispute` pull must arrive in
        full (balance before/after), so a fee-on-transfer token cannot make
        one job's budget pay for another's; rebasing tokens are not
        supported. Payout leaves are keyed by (job, worker): one leaf per
        worker per job.
        zk jobs: when the deployer has wired a ProofRegistry
        (`set_proof_registry`, once, before the first job), a job is zk
        only if it was created as one (`create_zk_job`, which fixes a zk
        flag in the job's packed state and registers it there in the same
        transaction; the registry accepts registrations from this contract
        alone, so no job becomes zk once work has begun).
        `settle` and `resolve` pay a zk job at most
        budget * proven tasks / tasks (one view call, O(1)): money follows
        proofs, whoever submits the settlement.
"""

from ethereum.ercs import IERC20
from snekmate.tokens.interfaces import IERC20Permit
from snekmate.utils import eip712_domain_separator as eip712
from snekmate.utils import merkle_proof_verification as merkle
from interfaces import IOracleCommittee
from interfaces import IWorkerRegistry


interface IProofRegistry:
    def max_payout(job_id: uint256, budget: uint256) -> uint256: view
    def register_job(job_id: uint256, verifier: address, weights_hash: uint256, inputs_root: bytes32, num_tasks: uint32): nonpayable

initializes: eip712

exports: eip712.eip712Domain


STATUS_NONE: constant(uint8) = 0
STATUS_OPEN: constant(uint8) = 1
STATUS_SETTLED: constant(uint8) = 2
STATUS_DISPUTED: constant(uint8) = 3
STATUS_REJECTED: constant(uint8) = 4
STATUS_RECLAIMED: constant(uint8) = 5

MAX_SIGNATURES: constant(uint256) = 32
MAX_SLASHES: constant(uint256) = 64
# A claim's calldata is copied into memory sized by these bounds, and memory
# gas grows with the square of its size: 128 jobs x 32-hash proofs cost every
# claim ~50,000 gas. 50 jobs per claim and 16-hash proofs (2**16 payees per
# job) keep a single claim within ~5,000 gas of the smallest bounds.
MAX_CLAIMS: public(constant(uint256)) = 50
MAX_PROOF_DEPTH: public(constant(uint256)) = 16
MAX_AMOUNT: constant(uint256) = 2**128 - 1
MAX_TIMESTAMP: constant(uint256) = 2**40 - 1
MAX_EPOCH: constant(uint256) = 2**24 - 1
MASK_32: constant(uint256) = 2**32 - 1
# Bit 7 of the packed round byte: a failed dispute's bond pays the workers.
BOND_TO_WORKERS: constant(uint256) = 1 << 215
# Bit 6 of the packed round byte (rounds are 0 and 1): the job was created as a zk job
# (`create_zk_job`), fixed for its life; only such a job's settlement asks the ProofRegistry.
ZK_JOB: constant(uint256) = 1 << 214
# Upper bound of every timing parameter, so that a window end (timestamp +
# period) always fits the 40 bits it is packed into.
MAX_PERIOD: constant(uint256) = 10 * 365 * 86_400

SETTLEMENT_TYPEHASH: public(constant(bytes32)) = keccak256(
    "Settlement(uint256 jobId,bytes32 payoutRoot,uint256 totalPayout,uint256 oracleFee,uint256 refund,bytes32 slashesHash,bytes32 resultHash,uint256 round)"
)
REJECT_TYPEHASH: public(constant(bytes32)) = keccak256("Reject(uint256 jobId,uint8 reason)")


event JobCreated:
    job_id: indexed(uint256)
    requester: indexed(address)
    spec_hash: indexed(bytes32)
    spec_cid: String[128]
    num_tasks: uint32
    budget: uint256
    deadline: uint256


event CancelRequested:
    job_id: indexed(uint256)
    requester: indexed(address)


event JobSettled:
    job_id: indexed(uint256)
    round: indexed(uint256)
    payout_root: bytes32
    total_payout: uint256
    oracle_fee: uint256
    refund: uint256
    slashes_hash: bytes32
    result_hash: bytes32
    window_end: uint256


event JobRejected:
    job_id: indexed(uint256)
    reason: uint8
    refund: uint256


event JobReclaimed:
    job_id: indexed(uint256)
    requester: indexed(address)
    amount: uint256


event JobDisputed:
    job_id: indexed(uint256)
    requester: indexed(address)
    bond: uint256
    resolve_by: uint256


event DisputeResolved:
    job_id: indexed(uint256)
    upheld: bool
    bond: uint256


event PayoutClaimed:
    job_id: indexed(uint256)
    worker: indexed(address)
    amount: uint256


event RefundClaimed:
    job_id: indexed(uint256)
    requester: indexed(address)
    amount: uint256


event UnclaimedSwept:
    job_id: indexed(uint256)
    requester: indexed(address)
    amount: uint256


event FeeSigners:
    job_id: indexed(uint256)
    epoch: indexed(uint256)
    signers: uint256
    join_end: uint256


event FeeClaimed:
    job_id: indexed(uint256)
    signer: indexed(address)
    amount: uint256


event SlashApplied:
    job_id: indexed(uint256)
    worker: indexed(address)
    requested: uint256
    slashed: uint256


struct Settlement:
    job_id: uint256
    payout_root: bytes32
    total_payout: uint256
    oracle_fee: uint256
    refund: uint256
    slashes_hash: bytes32
    result_hash: bytes32
    round: uint256


struct Slash:
    worker: address
    amount: uint256


# What `get_job` returns: the packed storage below, unpacked.
struct Job:
    requester: address
    status: uint8
    round: uint8
    deadline: uint256
    window_end: uint256
    budget: uint256
    spec_hash: bytes32
    payout_root: bytes32
    unclaimed_payout: uint256
    refund: uint256
    dispute_bond: uint256


# What `fee_state` returns.
struct FeeState:
    fee: uint256
    epoch: uint256
    signers: uint256
    paid: uint256
    join_end: uint256


token: public(immutable(IERC20))
committee: public(immutable(IOracleCommittee))
registry: public(immutable(IWorkerRegistry))
dispute_window: public(immutable(uint256))
resolve_timeout: public(immutable(uint256))
settle_grace: public(immutable(uint256))
claim_expiry: public(immutable(uint256))
dispute_bond: public(immutable(uint256))

job_count: public(uint256)
# zk jobs (contracts/ProofRegistry.vy): a settlement may pay a registered zk job's workers at most
# the budget's share of its proven tasks. Set once by the deployer before the first job, never after;
# empty: no zk jobs in this deployment.
proof_registry: public(IProofRegistry)
_deployer: address

# Per job, packed to keep create/settle/claim cheap (one slot each):
#   _meta:     requester (bits 0-159) | deadline (160-199) | status (200-207)
#              | round (208-213) | ZK_JOB (214) | BOND_TO_WORKERS (215) | window_end (216-255)
#   _budget:   budget (bits 0-127) | while open, created_at (128-167); once
#              settled, committee epoch (128-151) | join_end (152-191)
#              | fee signers bitmap (192-223) | fee paid bitmap (224-255)
#   _amounts:  unclaimed payout (bits 0-127) | pending refund (128-255)
#   _fee:      oracle fee (bits 0-127) | top 128 bits of the round-0
#              settlement digest (128-255), which fee signers must match
#   _bond:     dispute bond left (bits 0-127) | total payout when disputed (128-255)
_meta: HashMap[uint256, uint256]
_budget: HashMap[uint256, uint256]
_amounts: HashMap[uint256, uint256]
_payout_root: HashMap[uint256, bytes32]
_fee: HashMap[uint256, uint256]
_bond: HashMap[uint256, uint256]
spec_hash: public(HashMap[uint256, bytes32])
# Claimed payout leaves: bit (job_id % 256) of word (job_id // 256), per worker.
_claimed: HashMap[address, HashMap[uint256, uint256]]


@deploy
def __init__(
    token_: IERC20,
    committee_: IOracleCommittee,
    registry_: IWorkerRegistry,
    dispute_window_: uint256,
    resolve_timeout_: uint256,
    settle_grace_: uint256,
    claim_expiry_: uint256,
    dispute_bond_: uint256,
):
    """
    @notice Deploys the escrow; all parameters are immutable. Every period
            is at most MAX_PERIOD (ten years); the dispute window is not
            zero (it is also the time signers have to join the fee).
    @param token_ The payment token.
    @param committee_ The OracleCommittee whose signatures count.
    @param registry_ The WorkerRegistry; this contract must be a slasher there.
    @param dispute_window_ Seconds after settlement in which the requester may dispute.
    @param resolve_timeout_ Seconds the committee has to resolve a dispute.
    @param settle_grace_ Seconds after a job's deadline in which it may still be settled; after them the requester may reclaim.
    @param claim_expiry_ Seconds after finality after which unclaimed payouts may be swept back to the requester.
    @param dispute_bond_ Bond, in the payment token, a requester locks to dispute.
    """
    assert max(max(dispute_window_, resolve_timeout_), max(settle_grace_, claim_expiry_)) <= MAX_PERIOD, "escrow: period too long"
    assert dispute_window_ > 0, "escrow: zero dispute window"
    assert dispute_bond_ < MAX_AMOUNT, "escrow: dispute bond too large"
    eip712.__init__("GPUHive", "1")
    token = token_
    committee = committee_
    registry = registry_
    dispute_window = dispute_window_
    resolve_timeout = resolve_timeout_
    settle_grace = settle_grace_
    claim_expiry = claim_expiry_
    dispute_bond = dispute_bond_
    self._deployer = msg.sender


@external
def set_proof_registry(proof_registry_: IProofRegistry):
    """
    @notice Wires the ProofRegistry that caps zk jobs' payouts. The deployer,
            once, before any job exists, so no open job's terms change.
    @param proof_registry_ The ProofRegistry (whose escrow is this contract).
    """
    assert msg.sender == self._deployer, "escrow: caller is not the deployer"
    assert self.job_count == 0, "escrow: jobs exist"
    assert self.proof_registry.address == empty(address), "escrow: proof registry already set"
    assert proof_registry_.address.is_contract, "escrow: proof registry is not a contract"
    self.proof_registry = proof_registry_


@external
@nonreentrant
def create_job(spec_cid: String[128], spec_hash: bytes32, num_tasks: uint32, budget: uint256, deadline: uint256) -> uint256:
    """
    @notice Opens a job and pulls its budget from the caller (needs an allowance).
    @param spec_cid CID of the job spec (for the oracles; event only).
    @param spec_hash keccak256 of the spec's canonical bytes.
    @param num_tasks How many tasks the spec slices into (event only).
    @param budget Payment-token base units locked for the job; at most
           2**128 - 1 - dispute_bond, so a refund plus a returned bond fits.
    @param deadline Unix time by which the job should be settled.
    @return The new job id (ids start at 1).
    """
    return self._create_job(spec_cid, spec_hash, num_tasks, budget, deadline)


@external
@nonreentrant
def create_job_with_permit(
    spec_cid: String[128],
    spec_hash: bytes32,
    num_tasks: uint32,
    budget: uint256,
    deadline: uint256,
    permit_deadline: uint256,
    v: uint8,
    r: bytes32,
    s: bytes32,
) -> uint256:
    """
    @notice `create_job` with an EIP-2612 permit, so the requester signs once
            instead of sending an `approve`. If the allowance is already
            there (say the permit was front-run), the permit is skipped.
    @param spec_cid CID of the job spec.
    @param spec_hash keccak256 of the spec's canonical bytes.
    @param num_tasks How many tasks the spec slices into.
    @param budget Base units locked for the job (the permit's value).
    @param deadline Unix time by which the job should be settled.
    @param permit_deadline The permit signature's deadline.
    @param v Permit signature v.
    @param r Permit signature r.
    @param s Permit signature s.
    @return The new job id.
    """
    if staticcall token.allowance(msg.sender, self) < budget:
        extcall IERC20Permit(token.address).permit(msg.sender, self, budget, permit_deadline, v, r, s)
    return self._create_job(spec_cid, spec_hash, num_tasks, budget, deadline)


@external
@nonreentrant
def create_zk_job(
    spec_cid: String[128],
    spec_hash: bytes32,
    num_tasks: uint32,
    budget: uint256,
    deadline: uint256,
    verifier: address,
    weights_hash: uint256,
    inputs_root: bytes32,
) -> uint256:
    """
    @notice `create_job` for a zk job: the job is registered in the
            ProofRegistry in the same transaction (its circuit's verifier,
            weights commitment, inputs root and this task count), so from
            its first block on a settlement pays only proven tasks. The
            only way a job becomes zk.
    @param spec_cid CID of the job spec.
    @param spec_hash keccak256 of the spec's canonical bytes.
    @param num_tasks How many tasks the spec slices into (the proofs' count is held to it).
    @param budget Base units locked for the job.
    @param deadline Unix time by which the job should be settled.
    @param verifier The catalogue verifier of the job's circuit.
    @param weights_hash The Poseidon commitment to the model's weights.
    @param inputs_root StandardMerkleTree root over (task_index, input_hash).
    @return The new job id.
    """
    proofs: IProofRegistry = self.proof_registry
    assert proofs.address != empty(address), "escrow: no proof registry"
    job_id: uint256 = self._create_job(spec_cid, spec_hash, num_tasks, budget, deadline)
    self._meta[job_id] |= ZK_JOB
    extcall proofs.register_job(job_id, verifier, weights_hash, inputs_root, num_tasks)
    return job_id


@external
def request_cancel(job_id: uint256):
    """
    @notice Asks the oracles to stop the job: they settle the work already
            done and refund the rest. Requester only, while the job is open.
    @param job_id The job.
    """
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_OPEN, "escrow: job not open"
    assert msg.sender == self._requester(meta), "escrow: caller is not the requester"
    log CancelRequested(job_id=job_id, requester=msg.sender)


@external
@nonreentrant
def settle(settlement: Settlement, slashes: DynArray[Slash, MAX_SLASHES], signatures: DynArray[Bytes[65], MAX_SIGNATURES]):
    """
    @notice Fixes how an open job's budget is split, on k signatures of
            the job's committee epoch over the EIP-712 `Settlement`. Opens
            the dispute window; records the included signers as the first
            fee signers (others may join until the window ends); applies
            slashes.
    @param settlement The signed settlement; `round` must be 0.
    @param slashes Stake to slash; keccak256(abi.encode(slashes)) must equal `slashes_hash`.
    @param signatures Committee signatures, sorted by signer address.
    """
    job_id: uint256 = settlement.job_id
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_OPEN, "escrow: job not open"
    assert block.timestamp <= self._deadline(meta) + settle_grace, "escrow: too late to settle"
    assert settlement.round == 0, "escrow: wrong round"
    word: uint256 = self._budget[job_id]
    budget: uint256 = word & MAX_AMOUNT
    assert settlement.total_payout + settlement.oracle_fee + settlement.refund == budget, "escrow: amounts must add up to budget"
    assert keccak256(abi_encode(slashes)) == settlement.slashes_hash, "escrow: slashes do not match hash"
    self._check_proven(meta, job_id, settlement.total_payout, budget)
    digest: bytes32 = self._settlement_digest(settlement)
    epoch: uint256 = 0
    signed: uint256 = 0
    epoch, signed = staticcall committee.verify_at(word >> 128, digest, signatures)
    assert epoch <= MAX_EPOCH, "escrow: committee epoch too large"

    window_end: uint256 = block.timestamp + dispute_window
    self._meta[job_id] = self._pack_meta(self._requester(meta), self._deadline(meta), STATUS_SETTLED, 0, window_end) | (meta & ZK_JOB)
    self._budget[job_id] = budget | (epoch << 128) | (window_end << 152) | (signed << 192)
    self._apply_settlement(job_id, settlement, window_end)
    if settlement.oracle_fee > 0:
        self._fee[job_id] = settlement.oracle_fee | ((convert(digest, uint256) >> 128) << 128)
        log FeeSigners(job_id=job_id, epoch=epoch, signers=signed, join_end=window_end)
    self._apply_slashes(job_id, slashes)


@external
@nonreentrant
def reject(job_id: uint256, reason: uint8, signatures: DynArray[Bytes[65], MAX_SIGNATURES]):
    """
    @notice Rejects an open job (bad spec, unreachable inputs) on k committee
            signatures over the EIP-712 `Reject`; the whole budget goes back.
    @param job_id The job.
    @param reason Reason code (see protocol/).
    @param signatures Committee signatures, sorted by signer address.
    """
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_OPEN, "escrow: job not open"
    digest: bytes32 = eip712._hash_typed_data_v4(keccak256(abi_encode(REJECT_TYPEHASH, job_id, reason)))
    word: uint256 = self._budget[job_id]
    # Only the check matters here: verify_at reverts unless k signers of
    # the job's epoch signed.
    epoch: uint256 = 0
    signed: uint256 = 0
    epoch, signed = staticcall committee.verify_at(word >> 128, digest, signatures)
    requester: address = self._requester(meta)
    self._meta[job_id] = self._pack_meta(requester, self._deadline(meta), STATUS_REJECTED, 0, 0)
    budget: uint256 = word & MAX_AMOUNT
    log JobRejected(job_id=job_id, reason=reason, refund=budget)
    self._transfer(requester, budget)


@external
@nonreentrant
def reclaim(job_id: uint256):
    """
    @notice The escape hatch: once `deadline + settle_grace` has passed with
            nothing settled, the whole budget goes back to the requester.
            Anyone may call; the tokens go to the requester.
    @param job_id The job.
    """
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_OPEN, "escrow: job not open"
    assert block.timestamp > self._deadline(meta) + settle_grace, "escrow: deadline + grace not reached"
    requester: address = self._requester(meta)
    self._meta[job_id] = self._pack_meta(requester, self._deadline(meta), STATUS_RECLAIMED, 0, 0)
    budget: uint256 = self._budget[job_id] & MAX_AMOUNT
    log JobReclaimed(job_id=job_id, requester=requester, amount=budget)
    self._transfer(requester, budget)


@external
@nonreentrant
def dispute(job_id: uint256):
    """
    @notice The requester contests a settlement within the dispute window,
            locking `dispute_bond` (needs an allowance). Claims wait until
            the committee resolves it or the resolve timeout passes. The
            bond comes back only if the committee changes the split (or
            the settlement pays no worker); otherwise it pays the workers'
            wait, pro rata to their payouts.
    @param job_id The job.
    """
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_SETTLED and self._round(meta) == 0, "escrow: job not disputable"
    assert block.timestamp < self._window_end(meta), "escrow: dispute window closed"
    requester: address = self._requester(meta)
    assert msg.sender == requester, "escrow: caller is not the requester"
    resolve_by: uint256 = block.timestamp + resolve_timeout
    self._meta[job_id] = self._pack_meta(requester, self._deadline(meta), STATUS_DISPUTED, 0, resolve_by) | (meta & ZK_JOB)
    self._bond[job_id] = dispute_bond | ((self._amounts[job_id] & MAX_AMOUNT) << 128)
    log JobDisputed(job_id=job_id, requester=requester, bond=dispute_bond, resolve_by=resolve_by)
    if dispute_bond > 0:
        self._pull(msg.sender, dispute_bond)


@external
@nonreentrant
def resolve(settlement: Settlement, slashes: DynArray[Slash, MAX_SLASHES], signatures: DynArray[Bytes[65], MAX_SIGNATURES]):
    """
    @notice The committee's answer to a dispute: a new signed settlement
            (round 1, signed by the job's committee epoch) that replaces the
            old one and is final at once. The oracle fee cannot change. If
            the payouts and refund are unchanged the dispute failed and the
            bond pays the workers' wait (pro rata, added to their claims);
            otherwise the bond goes back to the requester with the refund.
    @param settlement The new settlement; `round` must be 1.
    @param slashes Stake to slash in addition to round 0's slashes, which
           stand (an upheld verdict re-signs with an empty list).
    @param signatures Committee signatures, sorted by signer address.
    """
    job_id: uint256 = settlement.job_id
    meta: uint256 = self._meta[job_id]
    assert self._status(meta) == STATUS_DISPUTED, "escrow: job not disputed"
    assert block.timestamp < self._window_end(meta), "escrow: dispute timed out"
    assert settlement.round == 1, "escrow: wrong round"
    amounts: uint256 = self._amounts[job_id]
    old_payout: uint256 = amounts & MAX_AMOUNT
    old_refund: uint256 = amounts >> 128
    word: uint256 = self._budget[job_id]
    old_fee: uint256 = (word & MAX_AMOUNT) - old_payout - old_refund
    assert settlement.oracle_fee == old_fee, "escrow: oracle fee cannot change"
    assert settlement.total_payout + settlement.refund == old_payout + old_refund, "escrow: amounts must add up to budget"
    self._check_proven(meta, job_id, settlement.total_payout, word & MAX_AMOUNT)
    assert keccak256(abi_encode(slashes)) == settlement.slashes_hash, "escrow: slashes do not match hash"
    signed: uint256 = staticcall committee.verify_epoch(self._epoch(word), self._settlement_digest(settlement), signatures, True)

    upheld: bool = (
        settlement.payout_root == self._payout_root[job_id]
        and settlement.total_payout == old_payout
        and settlement.refund == old_refund
    )
    bond: uint256 = self._bond[job_id] & MAX_AMOUNT
    refund: uint256 = settlement.refund
    new_meta: uint256 = self._pack_meta(self._requester(meta), self._deadline(meta), STATUS_SETTLED, 1, block.timestamp) | (meta & ZK_JOB)
    if upheld and old_payout > 0:
        # The dispute failed: the bond stays to pay the workers' wait.
        new_meta |= BOND_TO_WORKERS
    else:
        self._bond[job_id] = 0
        refund += bond
    self._meta[job_id] = new_meta
    self._apply_settlement(job_id, Settlement(
        job_id=job_id,
        payout_root=settlement.payout_root,
        total_payout=settlement.total_payout,
        oracle_fee=settlement.oracle_fee,
        refund=refund,
        slashes_hash=settlement.slashes_hash,
        result_hash=settlement.result_hash,
        round=1,
    ), block.timestamp)
    log DisputeResolved(job_id=job_id, upheld=upheld, bond=bond)
    self._apply_slashes(job_id, slashes)


@external
@nonreentrant
def claim(worker: address, job_ids: DynArray[uint256, MAX_CLAIMS], amounts: DynArray[uint256, MAX_CLAIMS], proofs: DynArray[DynArray[bytes32, MAX_PROOF_DEPTH], MAX_CLAIMS]) -> uint256:
    """
    @notice Pays `worker` its payout leaves of many final jobs in one
            transfer. Anyone may call; the tokens go to `worker`. Each
            (job, worker) leaf is paid once. A job whose dispute failed
            adds the worker's share of the bond, amount * bond / total payout.
    @param worker The payee named in the leaves.
    @param job_ids The jobs.
    @param amounts The leaf amounts, same order.
    @param proofs Merkle proofs of the leaves `(job_id, worker, amount)`.
    @return The total paid.
    """
    n: uint256 = len(job_ids)
    assert n > 0, "escrow: nothing to claim"
    assert len(amounts) == n and len(proofs) == n, "escrow: length mismatch"
    total: uint256 = 0
    for i: uint256 in range(n, bound=MAX_CLAIMS):
        job_id: uint256 = job_ids[i]
        amount: uint256 = amounts[i]
        meta: uint256 = self._meta[job_id]
        assert self._is_final(meta), "escrow: payouts not claimable yet"
        word: uint256 = self._claimed[worker][job_id >> 8]
        bit: uint256 = 1 << (job_id & 255)
        assert word & bit == 0, "escrow: already claimed"
        leaf: bytes32 = keccak256(keccak256(abi_encode(job_id, worker, amount)))
        assert merkle._verify(proofs[i], self._payout_root[job_id], leaf), "escrow: invalid proof"
        left: uint256 = self._amounts[job_id]
        assert amount <= left & MAX_AMOUNT, "escrow: payout exceeds what is left"
        self._amounts[job_id] = left - amount
        self._claimed[worker][job_id >> 8] = word | bit
        if self._bond_to_workers(meta):
            amount += self._take_bond_share(job_id, amount)
        total += amount
        log PayoutClaimed(job_id=job_id, worker=worker, amount=amount)
    self._transfer(worker, total)
    return total


@external
@nonreentrant
def claim_refund(job_id: uint256) -> uint256:
    """
    @notice Pays the requester its refund once the job is final (with the
            dispute bond when the committee changed the split, or when a
            timed-out dispute's settlement pays no worker). Anyone may
            call; the tokens go to the requester.
    @param job_id The job.
    @return The amount paid.
    """
    meta: uint256 = self._meta[job_id]
    assert self._is_final(meta), "escrow: refund not claimable yet"
    amounts: uint256 = self._amounts[job_id]
    amount: uint256 = amounts >> 128
    if self._status(meta) == STATUS_DISPUTED:
        # An unresolved dispute timed out: the settlement stands, and the
        # bond pays the workers' wait; with no worker to pay it returns.
        bond: uint256 = self._bond[job_id]
        if bond >> 128 == 0:
            amount += bond
            self._bond[job_id] = 0
    assert amount > 0, "escrow: nothing to refund"
    self._amounts[job_id] = amounts & MAX_AMOUNT
    requester: address = self._requester(meta)
    log RefundClaimed(job_id=job_id, requester=requester, amount=amount)
    self._transfer(requester, amount)
    return amount


@external
@nonreentrant
def sweep(job_id: uint256) -> uint256:
    """
    @notice After `claim_expiry` past finality, returns payouts nobody
            claimed (lost keys, leaves summing below `total_payout`), and
            what is left of a failed dispute's bond, to the requester, so no
            tokens stay stuck. Anyone may call.
    @param job_id The job.
    @return The amount swept.
    """
    meta: uint256 = self._meta[job_id]
    assert self._is_final(meta), "escrow: payouts not claimable yet"
    assert block.timestamp >= self._window_end(meta) + claim_expiry, "escrow: claim period not over"
    amounts: uint256 = self._amounts[job_id]
    unclaimed: uint256 = amounts & MAX_AMOUNT
    amount: uint256 = unclaimed
    if self._bond_to_workers(meta):
        amount += self._bond[job_id] & MAX_AMOUNT
        self._bond[job_id] = 0
    assert amount > 0, "escrow: nothing to sweep"
    self._amounts[job_id] = amounts - unclaimed
    requester: address = self._requester(meta)
    log UnclaimedSwept(job_id=job_id, requester=requester, amount=amount)
    self._transfer(requester, amount)
    return amount


@external
def add_fee_signatures(settlement: Settlement, signatures: DynArray[Bytes[65], MAX_SIGNATURES]) -> uint256:
    """
    @notice Joins more signers of a job's settled round-0 `Settlement` to
            its oracle fee, until `join_end` (the end of the dispute
            window, fixed at settle). Each signature must be by a signer
            of the job's committee epoch over exactly the settled digest.
            Anyone may call.
    @param settlement The round-0 settlement, as settled.
    @param signatures Signatures over its digest, sorted by signer address;
           signers already joined may be included again.
    @return The bitmap of fee signers (positions in the job's epoch).
    """
    job_id: uint256 = settlement.job_id
    status: uint8 = self._status(self._meta[job_id])
    word: uint256 = self._budget[job_id]
    assert (status == STATUS_SETTLED or status == STATUS_DISPUTED) and block.timestamp < self._join_end(word), "escrow: fee signing closed"
    fee_word: uint256 = self._fee[job_id]
    assert fee_word & MAX_AMOUNT > 0, "escrow: no fee to share"
    digest: bytes32 = self._settlement_digest(settlement)
    assert settlement.round == 0 and (convert(digest, uint256) >> 128) == (fee_word >> 128), "escrow: not the settled settlement"
    epoch: uint256 = self._epoch(word)
    added: uint256 = staticcall committee.verify_epoch(epoch, digest, signatures, False)
    signers: uint256 = self._fee_signers(word) | added
    assert signers != self._fee_signers(word), "escrow: no new fee signers"
    self._budget[job_id] = word | (added << 192)
    log FeeSigners(job_id=job_id, epoch=epoch, signers=signers, join_end=self._join_end(word))
    return signers


@external
@nonreentrant
def claim_fees(signer: address, job_ids: DynArray[uint256, MAX_CLAIMS]) -> uint256:
    """
    @notice Pays `signer` its share of the oracle fee of many jobs in one
            transfer, once each job's `join_end` has passed: the fee split
            equally among the job's fee signers, the remainder of the
            division to the one in the lowest position. Anyone may call;
            the tokens go to `signer`.
    @param signer A fee signer of every job listed.
    @param job_ids The jobs.
    @return The total paid.
    """
    assert len(job_ids) > 0, "escrow: nothing to claim"
    total: uint256 = 0
    for job_id: uint256 in job_ids:
        status: uint8 = self._status(self._meta[job_id])
        word: uint256 = self._budget[job_id]
        assert (status == STATUS_SETTLED or status == STATUS_DISPUTED) and block.timestamp >= self._join_end(word), "escrow: fees not claimable yet"
        position: uint256 = staticcall committee.member_position(self._epoch(word), signer)
        assert position != 0 and (self._fee_signers(word) >> (position - 1)) & 1 == 1, "escrow: not a fee signer"
        bit: uint256 = 1 << (position - 1)
        assert (word >> 224) & bit == 0, "escrow: fee already claimed"
        self._budget[job_id] = word | (bit << 224)
        share: uint256 = self._fee_share(self._fee[job_id] & MAX_AMOUNT, self._fee_signers(word), bit)
        total += share
        log FeeClaimed(job_id=job_id, signer=signer, amount=share)
    self._transfer(signer, total)
    return total


@external
@view
def get_job(job_id: uint256) -> Job:
    """
    @notice A job's state, unpacked.
    @param job_id The job.
    @return The job; status 0 means no such job.
    """
    meta: uint256 = self._meta[job_id]
    amounts: uint256 = self._amounts[job_id]
    return Job(
        requester=self._requester(meta),
        status=self._status(meta),
        round=self._round(meta),
        deadline=self._deadline(meta),
        window_end=self._window_end(meta),
        budget=self._budget[job_id] & MAX_AMOUNT,
        spec_hash=self.spec_hash[job_id],
        payout_root=self._payout_root[job_id],
        unclaimed_payout=amounts & MAX_AMOUNT,
        refund=amounts >> 128,
        dispute_bond=self._bond[job_id] & MAX_AMOUNT,
    )


@external
@view
def fee_state(job_id: uint256) -> FeeState:
    """
    @notice A settled job's oracle fee and who shares it.
    @param job_id The job.
    @return The fee, the committee epoch, bitmaps of the fee signers and
            of those already paid (positions in the epoch's `members`),
            and `join_end` (signers may join before, claim from then on).
    """
    word: uint256 = self._budget[job_id]
    if self._status(self._meta[job_id]) != STATUS_SETTLED and self._status(self._meta[job_id]) != STATUS_DISPUTED:
        return empty(FeeState)
    return FeeState(
        fee=self._fee[job_id] & MAX_AMOUNT,
        epoch=self._epoch(word),
        signers=self._fee_signers(word),
        paid=word >> 224,
        join_end=self._join_end(word),
    )


@external
@view
def fee_share(job_id: uint256, signer: address) -> uint256:
    """
    @notice What `claim_fees` pays (or will pay, if no one else joins)
            `signer` for `job_id`; 0 if it is not a fee signer or was paid.
    @param job_id The job.
    @param signer The oracle signer.
    @return Base units.
    """
    status: uint8 = self._status(self._meta[job_id])
    if status != STATUS_SETTLED and status != STATUS_DISPUTED:
        return 0
    word: uint256 = self._budget[job_id]
    position: uint256 = staticcall committee.member_position(self._epoch(word), signer)
    if position == 0:
        return 0
    bit: uint256 = 1 << (position - 1)
    if self._fee_signers(word) & bit == 0 or (word >> 224) & bit != 0:
        return 0
    return self._fee_share(self._fee[job_id] & MAX_AMOUNT, self._fee_signers(word), bit)


@external
@view
def is_zk_job(job_id: uint256) -> bool:
    """
    @notice Whether the job was created as a zk job (`create_zk_job`): its
            settlement pays only tasks proven in the ProofRegistry.
    @param job_id The job.
    @return True for a zk job.
    """
    return self._meta[job_id] & ZK_JOB != 0


@external
@view
def is_final(job_id: uint256) -> bool:
    """
    @notice Whether the job's payouts and refund can be claimed now.
    @param job_id The job.
    @return True once the dispute window (or an unresolved dispute) is over.
    """
    return self._is_final(self._meta[job_id])


@external
@view
def is_claimed(worker: address, job_id: uint256) -> bool:
    """
    @notice Whether `worker`'s payout leaf of `job_id` has been paid.
    @param worker The payee.
    @param job_id The job.
    @return True if paid.
    """
    return self._claimed[worker][job_id >> 8] & (1 << (job_id & 255)) != 0


@external
@view
def settlement_digest(settlement: Settlement) -> bytes32:
    """
    @notice The EIP-712 digest committee members sign for `settlement`.
    @param settlement The settlement.
    @return The digest.
    """
    return self._settlement_digest(settlement)


@external
@view
def reject_digest(job_id: uint256, reason: uint8) -> bytes32:
    """
    @notice The EIP-712 digest committee members sign to reject a job.
    @param job_id The job.
    @param reason The reason code.
    @return The digest.
    """
    return eip712._hash_typed_data_v4(keccak256(abi_encode(REJECT_TYPEHASH, job_id, reason)))


@internal
def _create_job(spec_cid: String[128], spec_hash: bytes32, num_tasks: uint32, budget: uint256, deadline: uint256) -> uint256:
    assert budget > 0, "escrow: zero budget"
    # An overturned dispute refunds up to budget + bond, packed in 128 bits.
    assert budget <= MAX_AMOUNT - dispute_bond, "escrow: budget too large"
    assert num_tasks > 0, "escrow: no tasks"
    assert spec_hash != empty(bytes32), "escrow: empty spec hash"
    assert deadline > block.timestamp, "escrow: deadline in the past"
    assert deadline <= MAX_TIMESTAMP, "escrow: deadline too far"
    job_id: uint256 = self.job_count + 1
    self.job_count = job_id
    self._meta[job_id] = self._pack_meta(msg.sender, deadline, STATUS_OPEN, 0, 0)
    self._budget[job_id] = budget | (block.timestamp << 128)
    self.spec_hash[job_id] = spec_hash
    log JobCreated(
        job_id=job_id,
        requester=msg.sender,
        spec_hash=spec_hash,
        spec_cid=spec_cid,
        num_tasks=num_tasks,
        budget=budget,
        deadline=deadline,
    )
    self._pull(msg.sender, budget)
    return job_id


@internal
@view
def _check_proven(meta: uint256, job_id: uint256, total_payout: uint256, budget: uint256):
    # zk jobs: money follows proofs; other jobs never call the registry (no gas for them)
    if meta & ZK_JOB != 0:
        assert total_payout <= staticcall self.proof_registry.max_payout(job_id, budget), "escrow: payout exceeds proven tasks"


@internal
def _apply_settlement(job_id: uint256, settlement: Settlement, window_end: uint256):
    self._payout_root[job_id] = settlement.payout_root
    self._amounts[job_id] = settlement.total_payout | (settlement.refund << 128)
    log JobSettled(
        job_id=job_id,
        round=settlement.round,
        payout_root=settlement.payout_root,
        total_payout=settlement.total_payout,
        oracle_fee=settlement.oracle_fee,
        refund=settlement.refund,
        slashes_hash=settlement.slashes_hash,
        result_hash=settlement.result_hash,
        window_end=window_end,
    )


@internal
def _take_bond_share(job_id: uint256, amount: uint256) -> uint256:
    # amount * bond / total payout when disputed: the shares of all leaves
    # (whose amounts add up to at most that total) never exceed the bond.
    left: uint256 = self._bond[job_id]
    if left >> 128 == 0:
        return 0
    share: uint256 = amount * dispute_bond // (left >> 128)
    self._bond[job_id] = left - share
    return share


@internal
@pure
def _fee_share(fee: uint256, signers: uint256, bit: uint256) -> uint256:
    count: uint256 = 0
    lowest: uint256 = 0
    for i: uint256 in range(32):
        if (signers >> i) & 1 == 1:
            if count == 0:
                lowest = 1 << i
            count += 1
    share: uint256 = fee // count
    if bit == lowest:
        share += fee - share * count
    return share


@internal
def _pull(sender: address, amount: uint256):
    # Credit only what arrives: a token that keeps a fee on transfer would
    # otherwise leave the escrow owing more than it holds.
    before: uint256 = staticcall token.balanceOf(self)
    assert extcall token.transferFrom(sender, self, amount, default_return_value=True), "escrow: transfer failed"
    assert staticcall token.balanceOf(self) == before + amount, "escrow: token kept a fee"


@internal
def _apply_slashes(job_id: uint256, slashes: DynArray[Slash, MAX_SLASHES]):
    for s: Slash in slashes:
        slashed: uint256 = extcall registry.slash(s.worker, s.amount, convert(job_id, bytes32))
        log SlashApplied(job_id=job_id, worker=s.worker, requested=s.amount, slashed=slashed)


@internal
def _transfer(to: address, amount: uint256):
    if amount > 0:
        assert extcall token.transfer(to, amount, default_return_value=True), "escrow: transfer failed"


@internal
@view
def _settlement_digest(s: Settlement) -> bytes32:
    return eip712._hash_typed_data_v4(
        keccak256(
            abi_encode(
                SETTLEMENT_TYPEHASH,
                s.job_id,
                s.payout_root,
                s.total_payout,
                s.oracle_fee,
                s.refund,
                s.slashes_hash,
                s.result_hash,
                s.round,
            )
        )
    )


@internal
@view
def _is_final(meta: uint256) -> bool:
    status: uint8 = self._status(meta)
    if status == STATUS_SETTLED or status == STATUS_DISPUTED:
        return block.timestamp >= self._window_end(meta)
    return False


@internal
@pure
def _pack_meta(requester: address, deadline: uint256, status: uint8, round: uint8, window_end: uint256) -> uint256:
    return (
        convert(requester, uint256)
        | (deadline << 160)
        | (convert(status, uint256) << 200)
        | (convert(round, uint256) << 208)
        | (window_end << 216)
    )


@internal
@pure
def _requester(meta: uint256) -> address:
    return convert(convert(meta & (2**160 - 1), uint160), address)


@internal
@pure
def _deadline(meta: uint256) -> uint256:
    return (meta >> 160) & MAX_TIMESTAMP


@internal
@pure
def _status(meta: uint256) -> uint8:
    return convert((meta >> 200) & 255, uint8)


@internal
@pure
def _round(meta: uint256) -> uint8:
    return convert((meta >> 208) & 63, uint8)


@internal
@pure
def _bond_to_workers(meta: uint256) -> bool:
    # A failed dispute: resolved with the same split, or timed out (a final
    # job still DISPUTED); the bond's upper half is the payout it shares.
    return meta & BOND_TO_WORKERS != 0 or convert((meta >> 200) & 255, uint8) == STATUS_DISPUTED


@internal
@pure
def _epoch(word: uint256) -> uint256:
    return (word >> 128) & MAX_EPOCH


@internal
@pure
def _join_end(word: uint256) -> uint256:
    return (word >> 152) & MAX_TIMESTAMP


@internal
@pure
def _fee_signers(word: uint256) -> uint256:
    return (word >> 192) & MASK_32


@internal
@pure
def _window_end(meta: uint256) -> uint256:
    return meta >> 216
