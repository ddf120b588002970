"""`gpuhive demo --kind zk`: one proven-inference job end to end, on whatever network Ape is connected to.

Deploy (with the zk verifier and ProofRegistry), stake two workers, store examples/zk.yaml's weights
and inputs, create the job with ``JobEscrow.create_zk_job``; each worker proves its task with the zk
runtime (a sandboxed child, the prover chosen at run time: snarkjs on the CPU on this machine, ~5 s a
task); an oracle checks the job's registration against the spec, checks each proof off-chain and posts
it to the ProofRegistry; the committee (2 of 3) settles paying ``reward_per_task`` per proven task;
the workers claim, the requester takes the refund. The job is kept tiny (2 tasks of 4 samples): proving
dominates everything else.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oracles.verify.zk_post import ZkPoster, zk_payouts
from protocol import eip712
from protocol.chain import ChainClient
from protocol.contracts import REPO_ROOT, Capability, DeployParams, Role
from protocol.jobspec import canonical_bytes, load_spec_file, slice_tasks, spec_hash
from protocol.settlement import plan_settlement
from protocol.storage.local_store import LocalStore
from protocol.zk.job import ZkJobTerms, zk_terms
from worker_node.runtimes.zk import ZkResult, zk_task

EXAMPLE = REPO_ROOT / "examples" / "zk.yaml"


@dataclass
class ZkTaskReport:
    task: int
    worker: str
    backend: str
    backend_why: str
    prove_s: float
    labels: list[int]
    output_hash: str
    post_gas: int


@dataclass
class ZkDemoReport:
    chain_id: int
    job_id: int
    budget: int
    tasks: list[ZkTaskReport] = field(default_factory=list)
    payouts: dict[str, int] = field(default_factory=dict)
    create_gas: int = 0
    settle_gas: int = 0
    refund: int = 0
    proven: int = 0
    escrow_balance_after: int = -1
    wall_s: float = 0.0


@dataclass
class ZkDemoContext:
    """What a test's ``before_posting`` hook sees: the open job, every task proven, nothing posted yet."""

    job_id: int
    spec: Any
    terms: ZkJobTerms
    poster: ZkPoster
    results: dict[int, ZkResult]
    contracts: dict[str, Any]
    oracles: list[Any]
    requester: Any


def run_zk_demo(
    work: Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
    before_posting: Callable[[ZkDemoContext], None] | None = None,
) -> ZkDemoReport:
    """Runs the zk job with Ape's test accounts on the connected local network. ``before_posting`` (tests) runs
    once the workers have proven every task and before the oracle posts any proof."""
    from ape import accounts, chain

    from protocol.deployment import deploy

    started = time.monotonic()
    work = Path(work or tempfile.mkdtemp(prefix="gpuhive-zk-demo-"))
    acct = accounts.test_accounts
    deployer, oracles, workers, requester = acct[0], [acct[1], acct[2], acct[3]], [acct[4], acct[5]], acct[7]
    params = DeployParams(oracle_signers=[o.address for o in oracles], threshold=2)
    progress("deploying contracts (with the zk verifier and ProofRegistry)")
    manifest, c = deploy(deployer, params)
    token, registry, escrow = c["HiveToken"], c["WorkerRegistry"], c["JobEscrow"]

    progress("registering and staking 2 zk workers")
    for i, w in enumerate(workers):
        token.transfer(w, params.min_worker_stake, sender=deployer)
        registry.register(Role.WORKER, Capability.ZK, f"bafkreizkworker{i}", sender=w)
        token.approve(registry, params.min_worker_stake, sender=w)
        registry.stake(params.min_worker_stake, sender=w)

    progress("requester stores the weights, inputs and spec and creates the zk job")
    store = LocalStore(work / "store")
    spec = load_spec_file(EXAMPLE)
    model_bytes = (EXAMPLE.parent / "zk" / "model.npz").read_bytes()
    inputs_bytes = (EXAMPLE.parent / "zk" / "inputs.npz").read_bytes()
    assert store.put_bytes(model_bytes) == spec.model.cid and store.put_bytes(inputs_bytes) == spec.inputs.cid
    spec_cid = store.put_bytes(canonical_bytes(spec))
    terms = zk_terms(spec, model_bytes, inputs_bytes)
    token.transfer(requester, spec.budget, sender=deployer)
    token.approve(escrow, spec.budget, sender=requester)
    tx = escrow.create_zk_job(
        spec_cid,
        spec_hash(spec),
        spec.num_tasks,
        spec.budget,
        chain.pending_timestamp + 86_400,
        c["DenseClassifierVerifier"],
        terms.weights_hash,
        terms.inputs_root,
        sender=requester,
    )
    job_id = tx.decode_logs(escrow.JobCreated)[0].job_id
    report = ZkDemoReport(chain_id=chain.chain_id, job_id=job_id, budget=spec.budget, create_gas=tx.gas_used)

    poster = ZkPoster(ChainClient(chain.provider.web3, manifest, oracles[0].private_key))
    poster.check_job(job_id, terms, spec.num_tasks)  # the registration is the spec's, or nobody works
    (work / "model.npz").write_bytes(store.get_bytes(spec.model.cid))
    (work / "inputs.npz").write_bytes(store.get_bytes(spec.inputs.cid))
    results: dict[int, ZkResult] = {}
    worker_of: dict[int, str] = {}
    for task in slice_tasks(spec):
        n = task.index % len(workers)
        progress(f"worker-{n} proves task {task.index} (inference, witness, Groth16 proof)")
        results[task.index] = zk_task(
            spec, task, job_id, work / "model.npz", work / "inputs.npz", work / f"task-{task.index}"
        )
        worker_of[task.index] = workers[n].address
    if before_posting is not None:
        before_posting(ZkDemoContext(job_id, spec, terms, poster, results, c, oracles, requester))
    for index, result in results.items():
        progress(f"oracle checks task {index}'s proof off-chain and posts it to the ProofRegistry")
        outcome = poster.post(terms, job_id, index, result.files[0].read_bytes(), result.files[1].read_bytes())
        if not outcome.verdict.ok:
            raise RuntimeError(f"task {index}: the oracle refused the proof: {outcome.verdict.reason}")
        report.tasks.append(
            ZkTaskReport(
                task=index,
                worker=f"worker-{index % len(workers)}",
                backend=result.backend,
                backend_why=result.backend_why,
                prove_s=round(result.prove_seconds, 2),
                labels=result.labels,
                output_hash=str(result.output_hash),
                post_gas=outcome.gas_used or 0,
            )
        )

    progress("the committee settles (2 of 3), paying proven tasks only")
    proven = poster.proven_tasks(job_id, spec.num_tasks)
    payouts = zk_payouts(proven, worker_of, spec.reward_per_task)
    plan = plan_settlement(job_id, spec.budget, payouts, 0)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    signatures = eip712.committee_signatures([o.private_key for o in oracles[:2]], domain, plan.settlement)
    settled = escrow.settle(plan.settlement.as_tuple(), plan.slashes_arg(), signatures, sender=oracles[0])
    report.settle_gas, report.proven, report.refund = settled.gas_used, len(proven), plan.settlement.refund

    progress("dispute window passes; workers claim, the requester takes the refund")
    chain.pending_timestamp += params.dispute_window + 1
    chain.mine()
    for w in workers:
        if w.address in payouts:
            amount, proof = plan.proof(w.address)
            escrow.claim(w, [job_id], [amount], [proof], sender=w)
    if plan.settlement.refund:
        escrow.claim_refund(job_id, sender=requester)
    report.payouts = {f"worker-{i}": payouts.get(w.address, 0) for i, w in enumerate(workers)}
    report.escrow_balance_after = token.balanceOf(escrow)
    report.wall_s = round(time.monotonic() - started, 1)
    return report
