# pragma version ~=0.4.3
"""
@title ProofRegistry
@notice Records, for zk jobs, each task whose result carries a valid
        Groth16 proof: `(job_id, task_index) -> output commitment`, and a
        per-job count of proven tasks that a settlement can be held to in
        O(1). Anyone may submit a proof (the worker, an oracle, the
        requester); the registry checks it on-chain with the job's
        catalogue verifier (contracts/zk/, generated from the circuit's
        verification key) against public signals it assembles itself:
        `[weights_hash, input_hash, output_hash, job_id, task_index]`.
        So a proof only counts for the weights the requester registered,
        for the input committed for that task (a Merkle proof against the
        job's inputs root, OpenZeppelin StandardMerkleTree leaves
        `(uint32 taskIndex, uint256 inputHash)`: no job id, so a requester
        computes the root before JobEscrow assigns the id and no job created
        in between can make it wrong; the proof binds the job id), for this
        job and this task; a task is proven once (a replay reverts).
        A job is registered by JobEscrow alone, in the transaction that
        creates it (`JobEscrow.create_zk_job`: its verifier from the
        catalogue fixed at deployment, the weights commitment, the inputs
        root and the escrow's task count), so zk-ness is a term of the job
        from its creation: nobody can turn an open job into a zk job and
        cap the pay of work already done. Proofs are accepted only while
        the job is open, so the count is fixed once the job is settled.
        Trust: the verifiers' keys (a development setup is forgeable); the
        requester for its job's weights commitment and inputs root (workers
        and oracles check them against the spec before working).
"""

from snekmate.utils import merkle_proof_verification as merkle


interface IGroth16Verifier:
    def verify_proof(a: uint256[2], b: uint256[2][2], c: uint256[2], public_signals: uint256[5]) -> bool: view


# What this contract reads of JobEscrow.get_job (the same field order).
struct EscrowJob:
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


interface IJobEscrow:
    def get_job(job_id: uint256) -> EscrowJob: view


STATUS_OPEN: constant(uint8) = 1
MAX_VERIFIERS: constant(uint256) = 16
MAX_PROOF_DEPTH: constant(uint256) = 32
# BN254 scalar field: public signals must be below it.
R: constant(uint256) = 21888242871839275222246405745257275088548364400416034343698204186575808495617


event ZkJobRegistered:
    job_id: indexed(uint256)
    verifier: indexed(address)
    weights_hash: uint256
    inputs_root: bytes32
    num_tasks: uint32


event ProofVerified:
    job_id: indexed(uint256)
    task_index: uint32
    output_hash: uint256
    submitter: indexed(address)


struct ZkJob:
    verifier: address
    num_tasks: uint32
    proven: uint32
    weights_hash: uint256
    inputs_root: bytes32


escrow: public(immutable(IJobEscrow))
is_verifier: public(HashMap[address, bool])
jobs: public(HashMap[uint256, ZkJob])
# Output commitment of each proven task; 0 = not proven (a Poseidon hash is never 0 in practice,
# and `proven_task` is the authoritative flag).
output_hash: public(HashMap[uint256, HashMap[uint32, uint256]])
proven_task: public(HashMap[uint256, HashMap[uint32, bool]])


@deploy
def __init__(escrow_: address, verifiers: DynArray[address, MAX_VERIFIERS]):
    """
    @param escrow_ JobEscrow, whose jobs this registry follows.
    @param verifiers The catalogue's verifier contracts (fixed for this deployment).
    """
    escrow = IJobEscrow(escrow_)
    for v: address in verifiers:
        assert v.is_contract, "proof_registry: verifier is not a contract"
        self.is_verifier[v] = True


@external
def register_job(job_id: uint256, verifier: address, weights_hash: uint256, inputs_root: bytes32, num_tasks: uint32):
    """
    @notice Marks a job as a zk job as JobEscrow creates it: which catalogue
            circuit proves it, the weights it must use, the inputs of its
            tasks. JobEscrow only (`create_zk_job`), once per job.
    @param job_id The JobEscrow job, being created.
    @param verifier A catalogue verifier of this deployment.
    @param weights_hash The Poseidon commitment to the model's weights.
    @param inputs_root StandardMerkleTree root over (task_index, input_hash).
    @param num_tasks The job's task count (JobEscrow's).
    """
    assert msg.sender == escrow.address, "proof_registry: caller is not the escrow"
    assert self.jobs[job_id].verifier == empty(address), "proof_registry: job already registered"
    assert self.is_verifier[verifier], "proof_registry: unknown verifier"
    assert weights_hash < R, "proof_registry: weights hash not in the field"
    assert num_tasks > 0, "proof_registry: no tasks"
    self.jobs[job_id] = ZkJob(verifier=verifier, num_tasks=num_tasks, proven=0, weights_hash=weights_hash, inputs_root=inputs_root)
    log ZkJobRegistered(job_id=job_id, verifier=verifier, weights_hash=weights_hash, inputs_root=inputs_root, num_tasks=num_tasks)


@external
def submit_proof(
    job_id: uint256,
    task_index: uint32,
    input_hash: uint256,
    output_hash: uint256,
    a: uint256[2],
    b: uint256[2][2],
    c: uint256[2],
    input_proof: DynArray[bytes32, MAX_PROOF_DEPTH],
):
    """
    @notice Records a task's result once its Groth16 proof verifies for this
            job's weights, this task's committed input, this job and task.
    @param job_id The job.
    @param task_index The task.
    @param input_hash The task input's Poseidon commitment (a leaf of the inputs root).
    @param output_hash The output's Poseidon commitment, recorded for the task.
    @param a The proof's A.
    @param b The proof's B (EVM order: imaginary part first).
    @param c The proof's C.
    @param input_proof Merkle proof of (task_index, input_hash) under the inputs root.
    """
    zk: ZkJob = self.jobs[job_id]
    assert zk.verifier != empty(address), "proof_registry: not a zk job"
    assert task_index < zk.num_tasks, "proof_registry: task out of range"
    assert not self.proven_task[job_id][task_index], "proof_registry: task already proven"
    job: EscrowJob = staticcall escrow.get_job(job_id)
    assert job.status == STATUS_OPEN, "proof_registry: job not open"
    leaf: bytes32 = keccak256(keccak256(abi_encode(task_index, input_hash)))
    assert merkle._verify(input_proof, zk.inputs_root, leaf), "proof_registry: input not in the job's inputs"
    public_signals: uint256[5] = [zk.weights_hash, input_hash, output_hash, job_id, convert(task_index, uint256)]
    assert staticcall IGroth16Verifier(zk.verifier).verify_proof(a, b, c, public_signals), "proof_registry: invalid proof"
    self.proven_task[job_id][task_index] = True
    self.output_hash[job_id][task_index] = output_hash
    self.jobs[job_id].proven = zk.proven + 1
    log ProofVerified(job_id=job_id, task_index=task_index, output_hash=output_hash, submitter=msg.sender)


@external
@view
def proof_status(job_id: uint256) -> (bool, uint32, uint32):
    """
    @notice What a settlement of this job is held to, in O(1).
    @param job_id The job.
    @return (is a zk job, tasks proven, tasks in the job).
    """
    zk: ZkJob = self.jobs[job_id]
    return zk.verifier != empty(address), zk.proven, zk.num_tasks


@external
@view
def max_payout(job_id: uint256, budget: uint256) -> uint256:
    """
    @notice The most a zk job's settlement may pay its workers: the budget's
            share of the proven tasks, budget * proven // num_tasks (a job
            that is not zk: the whole budget).
    @param job_id The job.
    @param budget The job's budget.
    @return The payout cap.
    """
    zk: ZkJob = self.jobs[job_id]
    if zk.verifier == empty(address):
        return budget
    return budget * convert(zk.proven, uint256) // convert(zk.num_tasks, uint256)
