"""`gpuhive demo --kind zk`: one proven-inference job end to end through the running network, on whatever
network Ape is connected to (the embedded chain, or anvil).

Deploy (with the zk verifier and ProofRegistry), start three oracle services (k = 2) and two worker agents
registered with ``Capability.ZK``; the requester stores examples/zk.yaml's weights and inputs and submits
it (``Requester.submit``: ``JobEscrow.create_zk_job`` with the terms computed from the files). From there
nothing is driven by hand: every oracle checks the job's registration at intake, the workers lease the
tasks and prove them with the zk runtime (a sandboxed child, the prover chosen at run time: snarkjs on the
CPU on this machine, ~5-8 s a task), the leader checks each proof off-chain and posts it to the
ProofRegistry before the task counts, and the committee settles paying ``reward_per_task`` per proven task
(``oracles.verify.zk_jobs``). Then the dispute window passes, the workers claim, the oracles take their
fees and the requester its refund. The job is kept tiny (2 tasks of 4 samples): proving dominates.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from protocol.contracts import REPO_ROOT, TOKEN, Capability, DeployParams, Role
from protocol.jobspec import ZkSpec, load_spec_file
from protocol.zk import dense_classifier as dc

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


class _Proofs(logging.Handler):
    """The zk runtime's "proved" log records (task, job, backend, seconds), as the workers in this process
    write them: what the report shows per task."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: dict[tuple[int, int], tuple[str, float]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        task, job = getattr(record, "task", None), getattr(record, "job", None)
        if task is not None and job is not None and hasattr(record, "backend"):
            self.seen[(int(job), int(task))] = (str(record.backend), float(getattr(record, "seconds", 0.0)))


def run_zk_demo(work: Path | None = None, progress: Callable[[str], None] = lambda message: None) -> ZkDemoReport:
    """Runs the zk job with Ape's test accounts on the connected local network, through OracleServices and
    worker Agents in this process."""
    from ape import accounts, chain
    from eth_account import Account

    from frontend_api.requester import Requester
    from gpuhive.demo.network import _key, _serialise, settlement_sender, start_local_oracles
    from gpuhive.ports import free_port
    from protocol.chain import ChainClient
    from protocol.deployment import deploy
    from protocol.storage import LocalStore
    from protocol.zk.prover import select_backend
    from worker_node.agent import Agent
    from worker_node.config import WorkerConfig

    started = time.monotonic()
    work = Path(work or tempfile.mkdtemp(prefix="gpuhive-zk-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    _serialise(chain.provider)  # py-evm is not thread-safe: one JSON-RPC request at a time
    web3 = chain.provider.web3
    acct = accounts.test_accounts
    deployer, oracle_accts, worker_accts, requester_acct = acct[0], acct[1:4], acct[4:6], acct[7]
    progress("deploying contracts (with the zk verifier and ProofRegistry)")
    manifest, c = deploy(deployer, DeployParams(oracle_signers=[o.address for o in oracle_accts], threshold=2))
    token, registry, escrow = c["HiveToken"], c["WorkerRegistry"], c["JobEscrow"]
    store = LocalStore(work / "store")
    proofs = _Proofs()
    runtime_log = logging.getLogger("worker_node.runtimes.zk")
    runtime_log.addHandler(proofs)
    level = runtime_log.level
    runtime_log.setLevel(logging.INFO)
    oracles: list[Any] = []
    agents: list[Any] = []
    try:
        progress("starting 3 oracles")
        ports = [free_port() for _ in oracle_accts]
        start_local_oracles(oracles, oracle_accts, ports, web3, manifest, store, work, lease_seconds=120)

        progress("registering and staking 2 zk workers")
        for i, w in enumerate(worker_accts):
            token.transfer(w, 100 * TOKEN, sender=deployer)
            registry.register(Role.WORKER, Capability.ZK, f"bafkreizkworker{i}", sender=w)
            token.approve(registry, 100 * TOKEN, sender=w)
            registry.stake(100 * TOKEN, sender=w)
            config = WorkerConfig.model_validate(
                {
                    "oracles": [o.url for o in oracles],
                    "storage": {"kind": "local", "path": str(work / "store")},
                    "work_dir": str(work / f"worker{i}"),
                    "lease_wait_seconds": 1.0,
                    "claim_interval_seconds": 3_600,
                    "claim_threshold": 0,
                    "oracle_timeout_seconds": 30,
                }
            )
            chain_client = ChainClient(web3, manifest, Account.from_key(_key(w)))
            agents.append(Agent(config, _key(w), store=store, chain=chain_client).start())

        progress("requester stores the weights and inputs and submits the zk job (create_zk_job)")
        spec = load_spec_file(EXAMPLE)
        if not isinstance(spec, ZkSpec):
            raise RuntimeError(f"{EXAMPLE} is a {spec.kind} job, not a zk one: the zk demo needs examples/zk.yaml")
        model_bytes, inputs_bytes = ((EXAMPLE.parent / "zk" / n).read_bytes() for n in ("model.npz", "inputs.npz"))
        assert store.put_bytes(model_bytes) == spec.model.cid and store.put_bytes(inputs_bytes) == spec.inputs.cid
        token.transfer(requester_acct, spec.budget, sender=deployer)
        requester = Requester(
            ChainClient(web3, manifest, Account.from_key(_key(requester_acct))), store, [o.url for o in oracles]
        )
        job_id = requester.submit(spec, deadline=chain.pending_timestamp + 86_400)
        report = ZkDemoReport(chain_id=chain.chain_id, job_id=job_id, budget=spec.budget, create_gas=requester.last_gas)

        def show(p: Any) -> None:
            progress(f"job {job_id}: {p.verified}/{p.num_tasks} tasks proven and accepted, {p.leased} leased")

        final = requester.follow(job_id, show, timeout=900)
        if final.status != "settled":
            raise RuntimeError(f"zk job {job_id} ended {final.status}, not settled")
        _, settle_tx = settlement_sender(oracles, job_id)
        report.settle_gas = int(web3.eth.get_transaction_receipt(settle_tx)["gasUsed"])
        result, _ = requester.manifest(job_id)
        proof_registry = oracles[0].chain.contracts["ProofRegistry"]
        posted = {
            int(e["args"]["task_index"]): e
            for e in proof_registry.events.ProofVerified.get_logs(from_block=0, argument_filters={"job_id": job_id})
        }
        report.proven = int(proof_registry.functions.jobs(job_id).call()[2])
        names = {w.address: f"worker-{i}" for i, w in enumerate(worker_accts)}
        model = dc.load_model(model_bytes, spec.zk_circuit)
        inputs = dc.load_inputs(inputs_bytes, spec.inputs.samples, spec.zk_circuit)
        why = select_backend().why
        for task in result.tasks:
            event = posted.get(task.index)
            backend, seconds = proofs.seen.get((job_id, task.index), ("?", 0.0))
            report.tasks.append(
                ZkTaskReport(
                    task=task.index,
                    worker=", ".join(names.get(w, w) for w in task.paid) or "unpaid",
                    backend=backend,
                    backend_why=why,
                    prove_s=round(seconds, 2),
                    labels=[int(x) for x in dc.infer(model, dc.task_pixels(inputs, task.index, spec.zk_circuit))[1]],
                    output_hash=str(event["args"]["output_hash"]) if event else "",
                    post_gas=int(web3.eth.get_transaction_receipt(event["transactionHash"])["gasUsed"]) if event else 0,
                )
            )

        progress("dispute window passes; workers claim, oracles take their fees, the requester its refund")
        chain.pending_timestamp += manifest.params["dispute_window"] + 1
        chain.mine()
        for i, agent in enumerate(agents):
            before = token.balanceOf(agent.address)
            agent.claim_matured()
            report.payouts[f"worker-{i}"] = token.balanceOf(agent.address) - before
        report.refund = escrow.get_job(job_id).refund
        if report.refund:
            escrow.claim_refund(job_id, sender=requester_acct)
        for account in oracle_accts:
            if escrow.fee_share(job_id, account.address):
                escrow.claim_fees(account.address, [job_id], sender=account)
        report.escrow_balance_after = token.balanceOf(escrow)
        report.wall_s = round(time.monotonic() - started, 1)
        return report
    finally:
        for agent in agents:
            agent.stop(timeout=30)
        for service in oracles:
            service.stop()
        runtime_log.removeHandler(proofs)
        runtime_log.setLevel(level)
