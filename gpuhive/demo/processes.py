"""The network as separate OS processes on anvil: what `gpuhive demo --chain anvil` runs and the e2e tests drive.

``ProcessNetwork`` starts an anvil node (or attaches to one), deploys the
contracts through Ape's foundry provider, writes ``oracle.toml`` ×3 and
``worker.toml`` ×3 into the work folder, registers and stakes the workers
(``worker_node.staking``) and spawns ``gpuhive oracle run`` ×3 and
``gpuhive worker run`` ×3, each in its own session with its log in
``<workdir>/logs``. Keys reach the children only through environment
variables named by the configs' ``key_env`` — never the command line or a
file. Any oracle or worker can be stopped (SIGTERM, then SIGKILL),
killed (SIGKILL, runtime children included, like a machine that died) or
restarted by index; leaving the ``with`` block stops everything.

The requester runs in the calling process (``frontend_api.requester``):
``run_demo_job`` is the embedded demo's job and report over processes, and
``run_joined_demo`` is the requester alone against a network someone else
runs (``gpuhive demo --rpc URL --deployment FILE``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpuhive.demo.network import NetworkReport, _spec, _task_lines
from gpuhive.ports import free_port
from protocol.contracts import REPO_ROOT, TOKEN, Capability, DeployParams
from protocol.errors import GPUHiveError
from protocol.result_manifest import manifest_slash

Progress = Callable[[str], None]

MNEMONIC = "test test test test test test test test test test test junk"  # anvil's and ape-config's
ORACLE_KEY_ENV = "GPUHIVE_ORACLE_KEY"
WORKER_KEY_ENV = "GPUHIVE_WORKER_KEY"
ALL_CAPS = Capability.RENDER | Capability.TRAIN | Capability.COMPUTE
STAKE_TOKENS = 100
REQUESTER_TOKENS = 1_000


class DemoError(GPUHiveError):
    """A role did not come up or the job did not end as it should; the message says where to look."""


def _hex_key(account: Any) -> str:
    return "0x" + str(account.private_key).removeprefix("0x")


# --------------------------------------------------------------------------- one child process


@dataclass
class Child:
    """One role's OS process: started in its own session, output appended to its log file."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    marker: str | None = None  # workers: the orphan marker their runtime children inherit
    proc: subprocess.Popen | None = None
    _terminated: bool = False

    def start(self) -> Child:
        if self.alive:
            raise DemoError(f"{self.name} is already running (pid {self.proc.pid})")  # type: ignore[union-attr]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            out.write(f"\n=== {time.strftime('%H:%M:%S')} start {self.name}\n".encode())
            out.flush()
            # in the work folder's logs/: every config path is absolute, and nothing a child writes by a
            # relative path lands in the user's directory or the checkout
            self.proc = subprocess.Popen(
                self.argv,
                cwd=self.log.parent,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._terminated = False
        return self

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def terminate(self) -> None:
        """Send SIGTERM once (a worker takes a second SIGTERM as "quit now, drop the lease")."""
        if self.alive and not self._terminated:
            self._terminated = True
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]

    def stop(self, grace: float = 15.0) -> int | None:
        """SIGTERM, wait up to ``grace`` seconds, then SIGKILL; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.terminate()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self._kill_children()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL the process, its process group and (workers) the runtime children it started."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait(30)
        self._kill_children()

    def _kill_children(self) -> None:
        if self.marker:
            from worker_node import orphans

            orphans.kill_marked(self.marker)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


# --------------------------------------------------------------------------- the network


@dataclass
class ProcessNetwork:
    """Anvil, the contracts, 3 oracle processes and 3 worker processes; see the module docstring.

    ``rpc_url=None`` starts anvil on a free port; otherwise the node at ``rpc_url`` (started with
    anvil's default mnemonic, e.g. the test session's) is used and left running.
    """

    workdir: Path
    rpc_url: str | None = None
    n_oracles: int = 3
    n_workers: int = 3
    threshold: int = 2
    deploy_params: dict[str, Any] = field(default_factory=dict)
    oracle_options: dict[str, Any] = field(default_factory=dict)
    worker_options: dict[str, Any] = field(default_factory=dict)
    progress: Progress = lambda _m: None

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir).resolve()
        self.logs = self.workdir / "logs"
        self.store_path = self.workdir / "store"
        self.anvil: Child | None = None
        self.oracles: list[Child] = []
        self.workers: list[Child] = []
        self.extra: list[Child] = []
        self.oracle_configs: list[Any] = []
        self.worker_configs: list[Any] = []
        self.deployment: Any = None
        self.deployment_path = self.workdir / "deployment.json"
        self.contracts: dict[str, Any] = {}
        self._exit = contextlib.ExitStack()
        self._web3: Any = None

    # ------------------------------------------------------------ life cycle

    def __enter__(self) -> ProcessNetwork:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> ProcessNetwork:
        """Chain, contracts, configs, oracles (up and answering), staked workers (started)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start_chain()
        self.deploy()
        self.write_configs()
        self.progress(f"starting {self.n_oracles} oracle processes")
        for i in range(self.n_oracles):
            self.start_oracle(i, wait=False)
        for i in range(self.n_oracles):
            self.wait_oracle(i)
        self.progress(f"registering and staking {self.n_workers} workers; starting their processes")
        for i in range(self.n_workers):
            self.stake_worker(i)
            self.start_worker(i)
        return self

    def close(self) -> None:
        """Stop every child (SIGTERM, then SIGKILL): workers first, while their oracles still answer, then the
        oracles, then anvil if this network started it."""
        for group in ([*self.workers, *self.extra], self.oracles):
            for child in group:  # ask everyone at once, then wait: one grace period per group, not per child
                child.terminate()
            for child in group:
                child.stop(grace=20.0)
        self._exit.close()
        if self.anvil is not None:
            self.anvil.stop(grace=5.0)
            self.anvil = None

    def start_chain(self) -> None:
        """Start anvil (unless attached) and connect Ape's foundry provider to it."""
        from ape import networks

        from protocol.chain import http_web3

        if self.rpc_url is None:
            port = free_port()
            self.rpc_url = f"http://127.0.0.1:{port}"
            self.progress(f"starting anvil on port {port}")
            anvil = _which("anvil")
            self.anvil = Child(
                "anvil",
                [anvil, "--host", "127.0.0.1", "--port", str(port), "--mnemonic", MNEMONIC, "--accounts", "10"],
                dict(os.environ),
                self.logs / "anvil.log",
            ).start()
            web3 = http_web3(self.rpc_url)
            _wait(lambda: _answers(web3), 30, "anvil to answer", self.anvil)
        provider = networks.active_provider
        if provider is None or not provider.is_connected or getattr(provider, "http_uri", None) != self.rpc_url:
            self._exit.enter_context(
                networks.parse_network_choice("ethereum:local:foundry", provider_settings={"host": self.rpc_url})
            )
        self._web3 = http_web3(self.rpc_url, timeout=30)

    @property
    def web3(self) -> Any:
        return self._web3

    # ------------------------------------------------------------ accounts

    @property
    def accounts(self) -> Any:
        from ape import accounts

        return accounts.test_accounts

    @property
    def deployer(self) -> Any:
        return self.accounts[0]

    def oracle_account(self, i: int) -> Any:
        return self.accounts[1 + i]

    def worker_account(self, i: int) -> Any:
        """Workers 0..n-1 are test accounts 4.., extra workers (a liar) follow them."""
        return self.accounts[1 + self.n_oracles + i]

    @property
    def requester_account(self) -> Any:
        return self.accounts[9]

    # ------------------------------------------------------------ contracts and configs

    def deploy(self) -> None:
        from ape.logging import logger

        from protocol.deployment import deploy

        self.progress("deploying the contracts")
        signers = [self.oracle_account(i).address for i in range(self.n_oracles)]
        params = DeployParams(oracle_signers=signers, threshold=self.threshold, **self.deploy_params)
        with logger.at_level("WARNING"):  # one line per confirmed transaction otherwise
            self.deployment, self.contracts = deploy(self.deployer, params)
        self.deployment.save(self.deployment_path)
        self.transfer(self.requester_account, REQUESTER_TOKENS * TOKEN)

    def transfer(self, to: Any, amount: int) -> None:
        """Tokens from the deployer (who holds the initial supply)."""
        from ape.logging import logger

        with logger.at_level("WARNING"):
            self.token.transfer(to, amount, sender=self.deployer)

    @property
    def token(self) -> Any:
        return self.contracts["HiveToken"]

    @property
    def escrow(self) -> Any:
        return self.contracts["JobEscrow"]

    @property
    def registry(self) -> Any:
        return self.contracts["WorkerRegistry"]

    def write_configs(self) -> None:
        from oracles.config import OracleConfig, PeerConfig
        from protocol.config import StorageConfig

        ports = [free_port() for _ in range(self.n_oracles)]
        self.oracle_configs = []
        for i in range(self.n_oracles):
            peers = [
                PeerConfig(address=self.oracle_account(j).address, url=f"http://127.0.0.1:{ports[j]}")
                for j in range(self.n_oracles)
                if j != i
            ]
            fields: dict[str, Any] = dict(
                name=f"oracle{i + 1}",
                rpc_url=self.rpc_url,
                deployment=str(self.deployment_path),
                key_env=ORACLE_KEY_ENV,
                database_url=f"sqlite:///{self.workdir}/oracle{i + 1}.db",
                api_port=ports[i],
                peers=peers,
                storage=StorageConfig(kind="local", path=str(self.store_path)),
                poll_interval=0.3,
                confirmations=0,
                lease_seconds=60.0,
                heartbeat_seconds=2.0,
                backoff_seconds=0.5,
                peer_timeout_seconds=15.0,
                reveal_wait_blocks=0,
            )  # anvil mines a block per transaction: waiting for one would wait for a job
            fields.update(self.oracle_options)
            config = OracleConfig(**fields)
            (self.workdir / f"oracle{i + 1}.toml").write_text(config.to_toml())
            self.oracle_configs.append(config)
        self.worker_configs = [self.worker_config(i) for i in range(self.n_workers)]

    def worker_config(self, i: int, name: str | None = None) -> Any:
        """Worker ``i``'s config (written to ``<name>.toml``; name defaults to worker<i+1>)."""
        from worker_node.config import WorkerConfig

        name = name or f"worker{i + 1}"
        fields: dict[str, Any] = {
            "rpc_url": self.rpc_url,
            "deployment": str(self.deployment_path),
            "key_env": WORKER_KEY_ENV,
            "oracles": self.oracle_urls,
            "storage": {"kind": "local", "path": str(self.store_path)},
            "work_dir": str(self.workdir / name),
            "lease_wait_seconds": 1.5,
            "oracle_timeout_seconds": 15.0,
            "claim_interval_seconds": 2.0,
            "claim_threshold": 0,
            "limits": {
                "render": {"wall_seconds": 600, "memory_gib": 4},
                "train": {"wall_seconds": 600},
                "compute": {"wall_seconds": 600},
            },
        }
        fields.update(self.worker_options)
        config = WorkerConfig.model_validate(fields)
        (self.workdir / f"{name}.toml").write_text(config.to_toml())
        return config

    @property
    def oracle_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{c.api_port}" for c in self.oracle_configs]

    # ------------------------------------------------------------ oracles

    def start_oracle(self, i: int, wait: bool = True) -> Child:
        env = {**os.environ, ORACLE_KEY_ENV: _hex_key(self.oracle_account(i))}
        child = Child(
            f"oracle{i + 1}",
            _gpuhive("oracle", "run", "--config", str(self.workdir / f"oracle{i + 1}.toml")),
            env,
            self.logs / f"oracle{i + 1}.log",
        )
        if i < len(self.oracles):
            if self.oracles[i].alive:
                raise DemoError(f"oracle{i + 1} is already running")
            self.oracles[i] = child
        else:
            self.oracles.append(child)
        child.start()
        if wait:
            self.wait_oracle(i)
        return child

    def wait_oracle(self, i: int, timeout: float = 90.0) -> None:
        import httpx

        url = f"{self.oracle_urls[i]}/v1/health"

        def healthy() -> bool:
            try:
                return httpx.get(url, timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait(healthy, timeout, f"oracle{i + 1} to serve {url}", self.oracles[i])

    def stop_oracle(self, i: int, grace: float = 15.0) -> int | None:
        return self.oracles[i].stop(grace)

    def kill_oracle(self, i: int) -> None:
        self.oracles[i].kill()

    def restart_oracle(self, i: int) -> Child:
        self.oracles[i].stop()
        return self.start_oracle(i)

    def leader_index(self, job_id: int) -> int:
        """Which oracle leads the job (the committee's rotation: job id mod n, in the committee's order)."""
        from oracles.committee import leader_of

        leader = leader_of(job_id, self._chain_client().committee_members()).lower()
        return next(i for i in range(self.n_oracles) if self.oracle_account(i).address.lower() == leader)

    def oracle_status(self, i: int, job_id: int) -> dict[str, Any]:
        import httpx

        try:
            response = httpx.get(f"{self.oracle_urls[i]}/v1/jobs/{job_id}", timeout=5)
        except httpx.HTTPError:
            return {}
        return response.json() if response.status_code == 200 else {}

    def slots(self, job_id: int, oracle: int | None = None) -> list[Any]:
        """The slot rows of a job in the (leader) oracle's database, detached: state, worker, history."""
        from sqlalchemy import create_engine, select
        from sqlalchemy.orm import Session

        from oracles.models import Slot

        i = self.leader_index(job_id) if oracle is None else oracle
        engine = create_engine(self.oracle_configs[i].database_url)
        try:
            with Session(engine) as s:
                rows = s.execute(select(Slot).where(Slot.job_id == job_id).order_by(Slot.id)).scalars().all()
                s.expunge_all()
            return list(rows)
        finally:
            engine.dispose()

    # ------------------------------------------------------------ workers

    def stake_worker(self, i: int, config: Any = None, account: Any = None, caps: int = ALL_CAPS) -> None:
        """Fund worker ``i`` from the deployer, then register and stake through ``worker_node.staking``."""
        from worker_node.staking import connect, register, stake

        account = account or self.worker_account(i)
        config = config or self.worker_configs[i]
        if self.registry.stake_of(account.address) > 0:
            return
        self.transfer(account, STAKE_TOKENS * TOKEN)
        chain = connect(config, bytes.fromhex(_hex_key(account)[2:]), self.web3)
        register(chain, caps)
        stake(chain, STAKE_TOKENS * TOKEN)

    def worker_child(self, config_path: Path, account: Any, name: str, argv: list[str] | None = None) -> Child:
        """A worker process (``gpuhive worker run`` unless ``argv``) for a config file and an account."""
        from worker_node import orphans
        from worker_node.config import load_config

        config = load_config(config_path)
        env = {**os.environ, WORKER_KEY_ENV: _hex_key(account)}
        env.pop(orphans.MARKER, None)
        return Child(
            name,
            argv or _gpuhive("worker", "run", "--config", str(config_path)),
            env,
            self.logs / f"{name}.log",
            marker=orphans.agent_id(config.journal_path),
        )

    def start_worker(self, i: int) -> Child:
        name = f"worker{i + 1}"
        child = self.worker_child(self.workdir / f"{name}.toml", self.worker_account(i), name)
        if i < len(self.workers):
            if self.workers[i].alive:
                raise DemoError(f"{name} is already running")
            self.workers[i] = child
        else:
            self.workers.append(child)
        return child.start()

    def stop_worker(self, i: int, grace: float = 15.0) -> int | None:
        return self.workers[i].stop(grace)

    def kill_worker(self, i: int) -> None:
        self.workers[i].kill()

    def restart_worker(self, i: int) -> Child:
        self.workers[i].stop()
        return self.start_worker(i)

    def worker_address(self, i: int) -> str:
        return self.worker_account(i).address

    def names(self) -> dict[str, str]:
        names = {self.worker_account(i).address: f"worker{i + 1}" for i in range(self.n_workers)}
        names.update({self.oracle_account(i).address: f"oracle{i + 1}" for i in range(self.n_oracles)})
        return names

    # ------------------------------------------------------------ chain and requester helpers

    def _chain_client(self, account: Any = None) -> Any:
        from eth_account import Account

        from protocol.chain import ChainClient

        signer = Account.from_key(_hex_key(account)) if account is not None else None
        return ChainClient(self.web3, self.deployment, signer)

    def requester(self, account: Any = None) -> Any:
        """A ``frontend_api.requester.Requester`` for the requester account, on this network's store and oracles."""
        from frontend_api.requester import Requester
        from protocol.storage import LocalStore

        return Requester(
            self._chain_client(account or self.requester_account), LocalStore(self.store_path), self.oracle_urls
        )

    @property
    def store(self) -> Any:
        from protocol.storage import LocalStore

        return LocalStore(self.store_path)

    def chain_time(self) -> int:
        return int(self.web3.eth.get_block("latest")["timestamp"])

    def advance_time(self, seconds: int) -> None:
        """Move anvil's clock forward and mine a block (evm_increaseTime + evm_mine)."""
        self.web3.provider.make_request("evm_increaseTime", [int(seconds)])
        self.web3.provider.make_request("evm_mine", [])

    def job(self, job_id: int) -> Any:
        return self._chain_client().get_job(job_id)

    def wait_status(
        self, job_id: int, status: int, timeout: float = 180.0, also: Callable[[], bool] | None = None
    ) -> Any:
        """Wait until the job has ``status`` on-chain (and ``also()``); the error shows every oracle's view."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.job(job_id)
            if job.status == status and (also is None or also()):
                return job
            for child in [*self.oracles, *self.workers]:
                if child.proc is not None and not child.alive and child.proc.returncode not in (0, -9, -15):
                    raise DemoError(f"{child.name} exited with {child.proc.returncode}; see {child.log}")
            time.sleep(0.3)
        views = {f"oracle{i + 1}": self.oracle_status(i, job_id) for i in range(len(self.oracles))}
        raise DemoError(
            f"job {job_id} not in status {status} after {timeout:g}s (it is {self.job(job_id).status}); "
            f"oracles: {views}; logs in {self.logs}"
        )

    def events(self, name: str, job_id: int | None = None) -> list[Any]:
        """JobEscrow's ``name`` events (web3 decoded) since the deployment, optionally of one job."""
        client = self._chain_client()
        event = getattr(client.escrow.events, name)()
        filters = {"job_id": job_id} if job_id is not None else None
        return list(event.get_logs(from_block=self.deployment.start_block, argument_filters=filters))

    def manifest(self, job_id: int) -> tuple[Any, str]:
        """The settled job's result manifest (checked against the on-chain result hash) and its CID."""
        return self.requester().manifest(job_id)

    def create_raw_job(
        self, spec_bytes: bytes, spec_hash: bytes, num_tasks: int, budget: int, deadline: int | None = None
    ) -> int:
        """``create_job`` straight on the escrow (approve + create), for specs ``Requester`` would refuse."""
        from protocol.chain import receipt_events

        store = self.store
        cid = store.put_bytes(spec_bytes)
        client = self._chain_client(self.requester_account)
        client.transact(client.token.functions.approve(client.escrow.address, budget))
        receipt = client.transact(
            client.escrow.functions.create_job(
                cid, spec_hash, num_tasks, budget, deadline or self.chain_time() + 86_400
            )
        )
        return int(receipt_events(client.escrow.events.JobCreated, receipt)[0]["args"]["job_id"])

    def balance(self, address: str) -> int:
        return int(self.token.balanceOf(address))

    # ------------------------------------------------------------ the demo's job

    def run_demo_job(self, kind: str) -> NetworkReport:
        """The embedded demo's job over processes: submit, follow, settle, window, claims, refund, fees, report."""
        started = time.monotonic()
        progress = self.progress
        gas: list[tuple[str, str, int]] = []
        gas.append(
            (
                "deploy 5 contracts + wiring",
                "deployer",
                sum(r.gas_used for r in self.deployment.contracts.values()) + sum(self.deployment.wiring_gas.values()),
            )
        )
        names = self.names()
        requester = self.requester()
        spec = _with_deadline(_spec(kind, requester.store, self.workdir, progress), self.chain_time() + 7 * 86_400)
        workers = [self.worker_address(i) for i in range(self.n_workers)]
        before = {w: self.balance(w) for w in workers}
        progress(f"submitting a {kind} job of {spec.num_tasks} tasks")
        job_id = requester.submit(spec)
        gas.append(("create_job_with_permit", "requester", requester.last_gas))
        final = _follow(requester, job_id, progress, self)
        if final.status != "settled":
            raise DemoError(f"job {job_id} ended {final.status}, not settled; logs in {self.logs}")
        gas.append(_settle_gas(self.web3, self.events("JobSettled", job_id)[-1], names))
        result, _ = requester.manifest(job_id)

        progress(
            "dispute window passing (anvil's clock); workers claim, requester takes the refund, oracles their fees"
        )
        self.advance_time(int(self.deployment.params["dispute_window"]) + 1)
        _wait(lambda: self.job(job_id).unclaimed_payout == 0, 120, "the workers to claim their payouts")
        claim_txs = sorted({e["transactionHash"] for e in self.events("PayoutClaimed", job_id)}, key=bytes)
        for tx in claim_txs:
            receipt = self.web3.eth.get_transaction_receipt(tx)
            gas.append(("claim", names.get(receipt["from"], receipt["from"]), int(receipt["gasUsed"])))
        payouts = {names[w]: self.balance(w) - before[w] for w in workers}
        refund = self.job(job_id).refund
        if refund:
            client = self._chain_client(self.requester_account)
            receipt = client.transact(client.escrow.functions.claim_refund(job_id))
            gas.append(("claim_refund", "requester", int(receipt["gasUsed"])))
        fee_total = 0
        for i in range(self.n_oracles):
            client = self._chain_client(self.oracle_account(i))
            address = client.account.address  # type: ignore[union-attr]
            owed = int(client.escrow.functions.fee_share(job_id, address).call())
            if owed:
                fee_total += owed
                receipt = client.transact(client.escrow.functions.claim_fees(address, [job_id]))
                gas.append(("claim_fees", f"oracle{i + 1}", int(receipt["gasUsed"])))

        progress("downloading and verifying the outputs")
        output_dir = self.workdir / "output"
        outputs = requester.results(job_id, output_dir)
        return NetworkReport(
            kind=kind,
            chain_id=self.deployment.chain_id,
            job_id=job_id,
            budget=spec.budget,
            tasks=_task_lines(result, names, spec),
            gas=gas,
            payouts=payouts,
            slashed=_slashed(result, names),
            oracle_fee=fee_total,
            refund=refund,
            output_dir=output_dir,
            outputs=outputs,
            escrow_balance_after=self.balance(self.escrow.address),
            seconds=time.monotonic() - started,
            devices=_devices(),
        )


# --------------------------------------------------------------------------- joining a running network


def run_joined_demo(kind: str, workdir: Path, requester: Any, progress: Progress = lambda _m: None) -> NetworkReport:
    """The requester alone against a running network: submit the demo job, follow it until it settles,
    fetch and check the outputs, and report what the settlement pays (claims come after the window)."""
    from protocol.result_manifest import plan_from_manifest

    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    chain = requester.chain
    spec = _with_deadline(_spec(kind, requester.store, workdir, progress), chain.head().timestamp + 7 * 86_400)
    progress(f"submitting a {kind} job of {spec.num_tasks} tasks to {len(requester.oracle_urls)} oracle(s)")
    job_id = requester.submit(spec)
    gas: list[tuple[str, str, int]] = [("create_job_with_permit", "requester", requester.last_gas)]
    final = _follow(requester, job_id, progress)
    if final.status != "settled":
        raise DemoError(f"job {job_id} ended {final.status}, not settled")
    settled = chain.escrow.events.JobSettled().get_logs(
        from_block=chain.deployment.start_block, argument_filters={"job_id": job_id}
    )
    gas.append(_settle_gas(chain.w3, settled[-1], {}))
    result, cid = requester.manifest(job_id)
    plan = plan_from_manifest(result, spec.reward_per_task, cid)
    job = chain.get_job(job_id)
    progress("downloading and verifying the outputs")
    output_dir = workdir / "output"
    outputs = requester.results(job_id, output_dir)
    return NetworkReport(
        kind=kind,
        chain_id=chain.chain_id,
        job_id=job_id,
        budget=spec.budget,
        tasks=_task_lines(result, {}, spec),
        gas=gas,
        payouts=dict(plan.payouts),
        slashed=_slashed(result, {}),
        oracle_fee=plan.settlement.oracle_fee,
        refund=job.refund,
        output_dir=output_dir,
        outputs=outputs,
        escrow_balance_after=job.unclaimed_payout,
        seconds=time.monotonic() - started,
        devices=[],
    )


# --------------------------------------------------------------------------- helpers


def _gpuhive(*args: str) -> list[str]:
    return [sys.executable, "-m", "gpuhive.cli", *args]


def _which(program: str) -> str:
    import shutil

    for folder in (REPO_ROOT / "node_modules" / ".bin", REPO_ROOT / ".venv" / "bin"):
        if (folder / program).exists():
            return str(folder / program)
    found = shutil.which(program)
    if found is None:
        raise DemoError(f"{program} not found: run `make setup` (npm installs @foundry-rs/anvil)")
    return found


def _answers(web3: Any) -> bool:
    try:
        return web3.eth.chain_id > 0
    except Exception:  # not listening yet
        return False


def _wait(condition: Callable[[], Any], timeout: float, what: str, child: Child | Sequence[Child] | None = None) -> Any:
    """Poll ``condition`` until it is true; a ``child`` (or any of several) that exits meanwhile fails at once,
    with its log's tail, instead of at the timeout."""
    children = [] if child is None else [child] if isinstance(child, Child) else list(child)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for c in children:
            if c.proc is not None and not c.alive:
                raise DemoError(
                    f"{c.name} exited ({c.proc.returncode}) while waiting for {what}: {c.log_text()[-2_000:]}"
                )
        time.sleep(0.2)
    logs = ", ".join(str(c.log) for c in children)
    raise DemoError(f"timed out after {timeout:g}s waiting for {what}" + (f"; see {logs}" if logs else ""))


def _with_deadline(spec: Any, deadline: int) -> Any:
    """The spec with the deadline taken from chain time (anvil's clock may be ahead of the wall clock)."""
    return type(spec).model_validate({**spec.model_dump(), "deadline": deadline})


def _follow(requester: Any, job_id: int, progress: Progress, net: ProcessNetwork | None = None) -> Any:
    def show(p: Any) -> None:
        progress(
            f"job {job_id}: {p.verified}/{p.num_tasks} tasks verified, {p.leased} leased, "
            f"{p.done} results, oracle {p.oracle_state or '…'}"
        )
        if net is not None:  # a role that crashed would leave the job open until the timeout
            for child in [*net.oracles, *net.workers]:
                if child.proc is not None and not child.alive:
                    raise DemoError(f"{child.name} exited ({child.proc.returncode}); see {child.log}")

    return requester.follow(job_id, show, timeout=1_800)


def _settle_gas(web3: Any, event: Any, names: dict[str, str]) -> tuple[str, str, int]:
    receipt = web3.eth.get_transaction_receipt(event["transactionHash"])
    return (
        "settle (k=2 of 3, Merkle root + slashes)",
        names.get(receipt["from"], receipt["from"]),
        int(receipt["gasUsed"]),
    )


def _slashed(result: Any, names: dict[str, str]) -> dict[str, int]:
    slashed: dict[str, int] = {}
    for task in result.tasks:
        for w in task.slashed:
            slashed[names.get(w, w)] = slashed.get(names.get(w, w), 0) + manifest_slash(result)
    return slashed


def _devices() -> list[str]:
    from worker_node.probe import probe

    return [probe().gpu_status]
