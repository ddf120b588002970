"""The whole network in one process on the embedded chain: what `gpuhive demo` runs.

Deploys the contracts on Ape's py-evm chain, starts three oracle services
(k = 2) and three staked worker agents with the real runtimes, submits a
real job as a requester (a small Blender scene with render spot checks, or
a small PyTorch training run), follows it until the committee settles it,
lets the dispute window pass, has every worker claim and the requester take
its refund, downloads the verified outputs, and reports who did what, the
gas of every step and where the budget went.

py-evm is not thread-safe, and here the oracles, workers and requester
share one in-process chain from many threads; every JSON-RPC request goes
through one lock (``_serialise``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from gpuhive.ports import free_port
from protocol.contracts import TOKEN, DeployParams, Role
from protocol.result_manifest import manifest_slash

if TYPE_CHECKING:
    from protocol.leases import JobStatus

Progress = Callable[[str], None]
SETTLE_TX_WAIT_S = 30.0  # how long a settled job's sender may take to note its transaction


class _Reporting(Protocol):
    def job_status(self, job_id: int) -> JobStatus | None: ...


OracleT = TypeVar("OracleT", bound=_Reporting)


@dataclass
class TaskLine:
    index: int
    what: str
    ran_by: list[str]
    checked_by: list[str]
    verdict: str
    evidence: str


@dataclass
class NetworkReport:
    kind: str
    chain_id: int
    job_id: int
    budget: int
    tasks: list[TaskLine]
    gas: list[tuple[str, str, int]]
    payouts: dict[str, int]
    slashed: dict[str, int]
    oracle_fee: int
    refund: int
    output_dir: Path
    outputs: list[Path]
    escrow_balance_after: int
    seconds: float
    devices: list[str] = field(default_factory=list)

    @property
    def gas_total(self) -> int:
        return sum(g for _, _, g in self.gas)


def _serialise(provider: Any) -> None:
    inner = provider.web3.provider
    if getattr(inner, "_gpuhive_locked", False):
        return
    lock = threading.RLock()
    original = inner.make_request

    def make_request(method, params):
        with lock:
            return original(method, params)

    inner.make_request = make_request
    inner._gpuhive_locked = True


def _key(account: Any) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


def settlement_sender(
    oracles: Sequence[OracleT], job_id: int, wait_s: float = SETTLE_TX_WAIT_S, poll_s: float = 0.1
) -> tuple[OracleT, str]:
    """The oracle that sent ``job_id``'s settlement and its transaction hash. The chain shows the job settled
    as soon as the transaction is mined, and its sender notes the hash only after its receipt (``Settler``),
    so a job just seen settled may have no sender on record yet: asked again every ``poll_s`` for up to
    ``wait_s`` seconds, then a RuntimeError."""
    deadline = time.monotonic() + wait_s
    while True:
        for oracle in oracles:
            status = oracle.job_status(job_id)
            if status is not None and status.settle_tx:
                return oracle, status.settle_tx
        if time.monotonic() >= deadline:
            raise RuntimeError(f"job {job_id} is settled but none of these oracles noted sending its settlement")
        time.sleep(poll_s)


def start_local_oracles(
    oracles: list[Any],
    accounts: list[Any],
    ports: list[int],
    web3: Any,
    manifest: Any,
    store: Any,
    work: Path,
    *,
    lease_seconds: float,
) -> None:
    """Start one OracleService per account in this process, each on its port with the others as peers, and append
    each to ``oracles`` as soon as it runs (so a caller's ``finally`` stops the ones started if a later one fails).
    Settings for a local chain that mines a block per transaction: no confirmations, no reveal wait."""
    from oracles.config import OracleConfig, PeerConfig
    from oracles.service import OracleService
    from protocol.config import StorageConfig

    for i, account in enumerate(accounts):
        peers = [
            PeerConfig(address=o.address, url=f"http://127.0.0.1:{ports[j]}") for j, o in enumerate(accounts) if j != i
        ]
        config = OracleConfig(
            name=f"oracle{i + 1}",
            database_url=f"sqlite:///{work}/oracle{i + 1}.db",
            api_port=ports[i],
            peers=peers,
            storage=StorageConfig(path=str(work / "store")),
            poll_interval=0.3,
            confirmations=0,
            lease_seconds=lease_seconds,
            heartbeat_seconds=2,
            backoff_seconds=0.5,
            ws_url=None,
            reveal_wait_blocks=0,
        )
        service = OracleService(config, web3, manifest, _key(account), store=store)
        service.start()
        oracles.append(service)


def _spec(kind: str, store: Any, work: Path, progress: Progress) -> Any:
    import yaml

    from protocol.jobspec import load_spec

    common = {"reward_per_task": TOKEN, "deadline": int(time.time()) + 7 * 86_400}
    if kind == "render":
        from worker_node.runtimes.scenes import make_test_scene

        progress("building a small Blender scene")
        scene = make_test_scene(work / "scene.blend", frames=4)
        doc: dict[str, Any] = {
            "kind": "render",
            "name": "demo turntable",
            "scene_cid": store.put_file(scene),
            "frame_start": 1,
            "frame_end": 4,
            "resolution_x": 96,
            "resolution_y": 72,
            "samples": 8,
            "split": {"frames_per_task": 1},
            "verification": {"method": "render", "spot_check_bps": 5_000, "crops": 4, "crop_size_bps": 3_500},
        }
    else:
        from worker_node.runtimes.train import make_dataset

        progress("making a small training set")
        data = make_dataset(work / "dataset.npz", examples=256, classes=4, input_dim=16, seed=1)
        doc = {
            "kind": "train",
            "name": "demo mlp",
            "architecture": {"name": "mlp", "input_dim": 16, "hidden": [32], "output_dim": 4},
            "dataset": {"cid": store.put_file(data), "format": "npz", "examples": 256},
            "optimizer": {"name": "adam", "lr": 0.01},
            "epochs": 4,
            "batch_size": 32,
            "seed": 7,
            "checkpoint_interval": 4,
            "steps_per_task": 8,
            "verification": {"method": "train", "spot_check_bps": 5_000, "replay_segments": 1},
        }
    doc.update(common, budget=10**30)
    needed = load_spec(yaml.safe_dump(doc)).budget_needed
    doc["budget"] = needed + 4 * TOKEN  # room to re-run and re-check a task a cheater spoiled; refunded if unused
    return load_spec(yaml.safe_dump(doc))


def run_network_demo(kind: str, work: Path, progress: Progress = lambda m: None) -> NetworkReport:
    """Run the demo on Ape's embedded chain (the caller has connected Ape to it)."""
    from ape import accounts, chain
    from eth_account import Account

    from frontend_api.requester import Requester
    from oracles.service import OracleService
    from protocol.chain import ChainClient
    from protocol.contracts import Capability
    from protocol.deployment import deploy
    from protocol.storage import LocalStore
    from worker_node.agent import Agent
    from worker_node.config import WorkerConfig

    started = time.monotonic()
    provider = chain.provider
    _serialise(provider)
    web3 = provider.web3
    work.mkdir(parents=True, exist_ok=True)
    store = LocalStore(work / "store")
    acct = accounts.test_accounts
    deployer, oracle_accts, worker_accts, requester_acct = acct[0], acct[1:4], acct[4:7], acct[7]
    gas: list[tuple[str, str, int]] = []

    progress("deploying the contracts")
    manifest, c = deploy(deployer, DeployParams(oracle_signers=[a.address for a in oracle_accts], threshold=2))
    gas.append(
        (
            "deploy 5 contracts + wiring",
            "deployer",
            sum(r.gas_used for r in manifest.contracts.values()) + sum(manifest.wiring_gas.values()),
        )
    )
    token, registry, escrow = c["HiveToken"], c["WorkerRegistry"], c["JobEscrow"]
    names = {a.address: f"worker{i + 1}" for i, a in enumerate(worker_accts)}
    names.update({a.address: f"oracle{i + 1}" for i, a in enumerate(oracle_accts)})

    progress("starting 3 oracles")
    ports = [free_port() for _ in oracle_accts]
    oracles: list[OracleService] = []
    agents: list[Agent] = []
    try:
        start_local_oracles(oracles, oracle_accts, ports, web3, manifest, store, work, lease_seconds=60)
        urls = [o.url for o in oracles]

        progress("registering and staking 3 workers")
        stake_gas = 0
        for i, account in enumerate(worker_accts):
            token.transfer(account, 100 * TOKEN, sender=deployer)
            stake_gas += token.approve(registry, 100 * TOKEN, sender=account).gas_used
            stake_gas += registry.register(
                Role.WORKER, Capability.RENDER | Capability.TRAIN | Capability.COMPUTE, "", sender=account
            ).gas_used
            stake_gas += registry.stake(100 * TOKEN, sender=account).gas_used
            config = WorkerConfig.model_validate(
                {
                    "oracles": urls,
                    "storage": {"kind": "local", "path": str(work / "store")},
                    "work_dir": str(work / f"worker{i + 1}"),
                    "lease_wait_seconds": 1.0,
                    "claim_interval_seconds": 3_600,
                    "claim_threshold": 0,
                    "oracle_timeout_seconds": 30,
                }
            )
            agent = Agent(
                config, _key(account), store=store, chain=ChainClient(web3, manifest, Account.from_key(_key(account)))
            )
            agents.append(agent.start())
        gas.append(("approve + register + stake (3 workers)", "workers", stake_gas))

        spec = _spec(kind, store, work, progress)
        token.transfer(requester_acct, 1_000 * TOKEN, sender=deployer)
        requester = Requester(ChainClient(web3, manifest, Account.from_key(_key(requester_acct))), store, urls)
        progress(f"submitting a {kind} job of {spec.num_tasks} tasks")
        job_id = requester.submit(spec)
        gas.append(("create_job_with_permit", "requester", requester.last_gas))

        def show(p: Any) -> None:
            progress(
                f"job {job_id}: {p.verified}/{p.num_tasks} tasks verified, {p.leased} leased, "
                f"{p.done} results, oracle {p.oracle_state or '…'}"
            )

        final = requester.follow(job_id, show, timeout=1_800)
        if final.status != "settled":
            raise RuntimeError(f"job {job_id} ended {final.status}, not settled")
        leader, settle_tx = settlement_sender(oracles, job_id)
        gas.append(
            (
                "settle (k=2 of 3, Merkle root + slashes)",
                names.get(leader.address, "leader"),
                int(web3.eth.get_transaction_receipt(settle_tx)["gasUsed"]),
            )
        )
        result, cid = requester.manifest(job_id)

        progress("dispute window passing; workers claim, requester takes the refund, oracles their fees")
        chain.pending_timestamp += manifest.params["dispute_window"] + 1
        chain.mine()
        payouts: dict[str, int] = {}
        for agent in agents:
            before = token.balanceOf(agent.address)
            report = agent.claim_matured()
            for tx in report.tx_hashes:
                gas.append(("claim", names[agent.address], int(web3.eth.get_transaction_receipt(tx)["gasUsed"])))
            payouts[names[agent.address]] = token.balanceOf(agent.address) - before
        job = escrow.get_job(job_id)
        refund = job.refund
        if refund:
            gas.append(("claim_refund", "requester", escrow.claim_refund(job_id, sender=requester_acct).gas_used))
        fee_total = 0
        for account in oracle_accts:
            owed = escrow.fee_share(job_id, account.address)
            if owed:
                fee_total += owed
                receipt = escrow.claim_fees(account.address, [job_id], sender=account)
                gas.append(("claim_fees", names[account.address], receipt.gas_used))

        progress("downloading and verifying the outputs")
        output_dir = work / "output"
        outputs = requester.results(job_id, output_dir)
        tasks = _task_lines(result, names, spec)
        slashed: dict[str, int] = {}
        for task in result.tasks:
            for w in task.slashed:
                slashed[names.get(w, w)] = slashed.get(names.get(w, w), 0) + manifest_slash(result)
        return NetworkReport(
            kind=kind,
            chain_id=chain.chain_id,
            job_id=job_id,
            budget=spec.budget,
            tasks=tasks,
            gas=gas,
            payouts=payouts,
            slashed=slashed,
            oracle_fee=fee_total,
            refund=refund,
            output_dir=output_dir,
            outputs=outputs,
            escrow_balance_after=token.balanceOf(escrow),
            seconds=time.monotonic() - started,
            devices=sorted({a.hardware.gpu_status for a in agents}),
        )
    finally:
        for agent in agents:
            agent.stop(timeout=30)
        for service in oracles:
            service.stop()


def _task_lines(result: Any, names: dict[str, str], spec: Any) -> list[TaskLine]:
    from protocol.jobspec import slice_tasks

    sliced = slice_tasks(spec)
    lines = []
    for task in result.tasks:
        params = sliced[task.index].params
        what = (
            f"frames {params['frames'][0]}–{params['frames'][-1]}"
            if spec.kind == "render"
            else f"steps {params['step_start']}–{params['step_end']}"
        )
        runs = [s for s in task.slots if s.role == "run"]
        checks = [s for s in task.slots if s.role == "check"]
        evidence = ""
        for check in checks:
            ev = check.evidence or {}
            if "crops" in ev:
                evidence = (
                    f"{len(ev['crops'])} crops re-rendered twice, {ev.get('pixels_compared', 0)} px ranked, "
                    f"p = {float(ev.get('p_value', 1.0)):.2g}"
                )
            elif "segments" in ev:
                evidence = "replay distance " + ", ".join(str(s.get("distance")) for s in ev["segments"])
        lines.append(
            TaskLine(
                task.index,
                what,
                [names.get(s.worker, s.worker) for s in runs],
                [names.get(s.worker, s.worker) for s in checks],
                task.status,
                evidence or ("not drawn for a spot check" if not task.selected_for_check else ""),
            )
        )
    return lines
