"""Dispatch benchmark: lease + signed-result round trips through the oracle's real HTTP API, against a
bare FastAPI app served the same way, and the latency from a job's creation to its first lease.

    .venv/bin/python benchmarks/dispatch.py      (writes benchmarks/results/dispatch.json)

What runs where (three processes, so the GIL of one does not throttle another):

- anvil (ape-foundry starts it from node_modules/.bin); the contracts are deployed with
  ``protocol.deployment.deploy`` and WORKERS fresh worker keys are registered and staked on it;
- the *server* process: a whole ``OracleService`` (uvicorn serving its FastAPI app, SQLite, the
  chain follower, intake, the advancer judging results, the scheduler) — or, for the baseline, a
  bare FastAPI app with two trivial endpoints shaped like lease and result, started by the same
  ``uvicorn.Server(uvicorn.Config(...))`` call in a thread of its own process;
- this process: WORKERS simulated workers, one thread and one keep-alive connection each, all
  through ``worker_node.oracle_client.OracleClient`` (the client the worker agent uses). Each
  loop is ``lease(wait_s=0)`` then ``submit`` — and ``submit`` signs the EIP-712 ``TaskResult``
  in the loop (``eip712.sign_digest`` over ``task_result_digest``; the worker's own cost, on the
  same cores). Against the bare app the very same client code runs (same Lease parsing, same
  signing, same JSON body), so the client's share of the machine is the same in both.

Fairness: the job (compute, replication 1, no spot checks) has enough tasks that the queue never
runs dry. Each task's output manifest (naming the file the task must produce) is put in the
oracle's store before the clock starts, so the advancer's output check passes and does not
requeue the slot; uploading outputs is storage's cost, benchmarked in storage.py. The advancer
judges every result in the background, as in production. Baseline and oracle phases alternate
(ROUNDS rounds of PHASE_S seconds each after WARMUP_S of warm-up), so machine noise hits both.
CPU seconds used by the server process per round trip are recorded too: they do not depend on
how fast the client is.

First-lease latency: WORKERS workers long-poll (``wait_s=30``); the requester's ``create_job``
is sent and the clock starts when its receipt returns (anvil mines on arrival, so that is the
moment the block with ``JobCreated`` exists); it stops when the first worker holds a lease.
Repeated FIRST_LEASE_REPEATS times at random phases of the oracle's poll interval.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["PATH"] = f"{REPO / '.venv' / 'bin'}:{REPO / 'node_modules' / '.bin'}:{os.environ['PATH']}"

from gpuhive.ports import free_port  # noqa: E402
from protocol.leases import LeaseRequest, ResultSubmission  # noqa: E402  (FastAPI resolves bare_app's annotations here)

RESULTS = REPO / "benchmarks" / "results" / "dispatch.json"
WORKERS = 50
ROUNDS = 3
PHASE_S = 5.0
WARMUP_S = 1.5
POLL_INTERVAL_S = 0.5
FIRST_LEASE_REPEATS = 5
FIRST_LEASE_TASKS = WORKERS  # one small job per repeat; the workers finish it before the next
THROUGHPUT_TASKS = 20_000
STAKE_UNITS = 100
KEY_ENV = "GPUHIVE_BENCH_ORACLE_KEY"


# --------------------------------------------------------------------------- servers (child processes)


def _serve_until_stdin_closes(start: Any) -> None:
    """Run ``start()``, print 'ready', and keep the process alive until the parent closes our stdin."""
    start()
    print("ready", flush=True)
    sys.stdin.read()


def serve_oracle(args: argparse.Namespace) -> None:
    from web3 import Web3

    from oracles.config import OracleConfig
    from oracles.service import OracleService
    from protocol.deployment import Deployment

    config = OracleConfig.model_validate_json(Path(args.config).read_text())
    service = OracleService(
        config, Web3(Web3.HTTPProvider(args.rpc)), Deployment.load(args.deployment), config.signer_key()
    )
    _serve_until_stdin_closes(service.start)
    service.stop()


def bare_app(lease_body: dict[str, Any]) -> Any:
    """Two trivial endpoints shaped like the oracle's lease and result (same paths, bodies, replies)."""
    from fastapi import FastAPI

    app = FastAPI(title="bare baseline")

    @app.post("/v1/leases")
    async def lease(body: LeaseRequest) -> dict[str, Any]:
        return lease_body

    @app.post("/v1/leases/{lease_id}/result")
    async def result(lease_id: str, body: ResultSubmission) -> dict[str, Any]:
        return {"ok": True, "detail": "result recorded"}

    return app


def serve_bare(args: argparse.Namespace) -> None:
    import uvicorn

    app = bare_app(json.loads(Path(args.lease_body).read_text()))
    # the same call OracleService.start makes, in a thread as there
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=args.port, log_level="warning", lifespan="on"))

    def start() -> None:
        threading.Thread(target=server.run, daemon=True, name="api").start()
        while not server.started:
            time.sleep(0.02)

    _serve_until_stdin_closes(start)
    server.should_exit = True


class Child:
    """A server child process running this file with ``--serve``; ends when we close its stdin."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if line.strip() != "ready":
            self.proc.kill()
            raise RuntimeError(f"server {argv} did not start (exit {self.proc.wait()})")
        import psutil

        self.ps = psutil.Process(self.proc.pid)

    def cpu_s(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system

    def close(self) -> None:
        if self.proc.poll() is not None:
            return
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


# --------------------------------------------------------------------------- simulated workers


@dataclass
class Phase:
    """One measured run of the worker threads against one server."""

    name: str
    stop: threading.Event = field(default_factory=threading.Event)
    pairs: list[list[tuple[float, float, float]]] = field(default_factory=list)  # per thread: (t0, t_lease, t_done)
    empty: int = 0
    errors: list[str] = field(default_factory=list)


def drive(
    clients: list[Any], outputs: Any, phase: Phase, warmup_s: float, measure_s: float, server: Child
) -> dict[str, Any]:
    """Run one thread per client doing lease(wait_s=0) + submit until told to stop; measure the window."""
    from time import perf_counter

    def loop(client: Any, out: list[tuple[float, float, float]]) -> None:
        while not phase.stop.is_set():
            try:
                t0 = perf_counter()
                lease = client.lease(wait_s=0.0)
                t1 = perf_counter()
                if lease is None:
                    phase.empty += 1
                    continue
                digest, cid = outputs(lease)
                client.submit(lease, digest, cid)
                out.append((t0, t1, perf_counter()))
            except Exception as exc:  # recorded; the run is invalid if there are any
                phase.errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.05)

    threads = []
    for client in clients:
        out: list[tuple[float, float, float]] = []
        phase.pairs.append(out)
        threads.append(threading.Thread(target=loop, args=(client, out), daemon=True))
    for t in threads:
        t.start()
    time.sleep(warmup_s)
    cpu0, self0, w0 = server.cpu_s(), _self_cpu(), perf_counter()
    time.sleep(measure_s)
    cpu1, self1, w1 = server.cpu_s(), _self_cpu(), perf_counter()
    phase.stop.set()
    for t in threads:
        t.join(timeout=30)
    done = [p for out in phase.pairs for p in out if w0 <= p[2] <= w1]
    inside = [p for p in done if p[0] >= w0]
    return {
        "pairs": len(done),
        "seconds": w1 - w0,
        "server_cpu_s": cpu1 - cpu0,
        "client_cpu_s": self1 - self0,
        "lease_s": [p[1] - p[0] for p in inside],
        "result_s": [p[2] - p[1] for p in inside],
        "pair_s": [p[2] - p[0] for p in inside],
        "empty": phase.empty,
        "errors": phase.errors[:5],
    }


def _uvicorn_stack() -> str:
    """What uvicorn's "auto" picks in this environment: httptools and uvloop when installed (they are
    dependencies), else h11 and the asyncio loop."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio loop"
    return f"{http}, {loop}"


def _self_cpu() -> float:
    t = os.times()
    return t.user + t.system


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --------------------------------------------------------------------------- chain setup


def worker_keys(n: int) -> list[bytes]:
    from eth_utils import keccak

    return [keccak(text=f"gpuhive-dispatch-bench-worker-{i}") for i in range(n)]


def register_workers(w3: Any, manifest: Any, deployer_key: bytes, keys: list[bytes]) -> None:
    """Fund, register (all kind capabilities) and stake each worker key on the chain."""
    from concurrent.futures import ThreadPoolExecutor

    from eth_account import Account

    from protocol.chain import ChainClient
    from protocol.contracts import TOKEN, Capability, Role

    stake = STAKE_UNITS * TOKEN
    deployer = ChainClient(w3, manifest, deployer_key, poll_latency=0.005)
    for key in keys:
        address = Account.from_key(key).address
        w3.provider.make_request("anvil_setBalance", [address, hex(10**20)])
        deployer.transact(deployer.token.functions.transfer(address, stake))

    def setup(key: bytes) -> None:
        me = ChainClient(w3, manifest, key, poll_latency=0.005)
        me.transact(me.token.functions.approve(me.registry.address, stake))
        me.transact(
            me.registry.functions.register(Role.WORKER, Capability.RENDER | Capability.TRAIN | Capability.COMPUTE, "")
        )
        me.transact(me.registry.functions.stake(stake))
        assert me.is_eligible(me.account.address, Role.WORKER)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(setup, keys))


def compute_spec(tasks: int, seed: int) -> str:
    import yaml

    from protocol.contracts import TOKEN
    from protocol.jobspec import load_spec

    doc: dict[str, Any] = {
        "kind": "compute",
        "name": f"dispatch benchmark {seed}",
        "kernel": {"name": "sha256_chain", "chains": tasks, "length": 10, "seed": seed},
        "items_per_task": 1,
        "replication": 1,
        "verification": {"method": "hash", "spot_check_bps": 100},
        "reward_per_task": TOKEN // 1_000,
        "deadline": 1_900_000_000,
    }
    doc["budget"] = load_spec(yaml.safe_dump({**doc, "budget": 10**30})).budget_needed
    return yaml.safe_dump(doc)


class Requester:
    def __init__(self, w3: Any, manifest: Any, key: bytes, store: Any) -> None:
        from protocol.chain import ChainClient

        self.chain = ChainClient(w3, manifest, key, poll_latency=0.002)
        self.store = store
        self.w3 = w3
        self.chain.transact(self.chain.token.functions.approve(self.chain.escrow.address, 2**256 - 1))

    def prepare(self, spec_text: str) -> tuple[Any, dict[int, tuple[bytes, str]]]:
        """Upload the spec and every task's output manifest; return the create_job call and the outputs."""
        from protocol.digests import bytes_digest
        from protocol.jobspec import load_spec, slice_tasks, spec_hash
        from protocol.storage.folder_manifest import put_manifest

        spec = load_spec(spec_text)
        cid = self.store.put_bytes(spec_text.encode())
        outputs = {}
        for task in slice_tasks(spec):
            data = f"{spec.name}:{task.index}".encode()
            files = {name: self.store.put_bytes(data) for name in task.outputs}
            outputs[task.index] = (bytes_digest([data] * len(task.outputs)), put_manifest(self.store, files))
        head = self.w3.eth.get_block("latest")
        call = self.chain.escrow.functions.create_job(
            cid, spec_hash(spec), spec.num_tasks, spec.budget, int(head["timestamp"]) + 86_400
        )
        return call, outputs

    def create(self, call: Any) -> tuple[int, float]:
        """Send create_job; returns (job id, perf_counter when the receipt came back)."""
        from time import perf_counter

        from protocol.chain import receipt_events

        receipt = self.chain.transact(call)
        at = perf_counter()
        job_id = int(receipt_events(self.chain.escrow.events.JobCreated, receipt)[0]["args"]["job_id"])
        return job_id, at


@dataclass
class BenchChain:
    """anvil with the contracts deployed (one oracle signer, k = 1), staked workers and a funded requester."""

    tmp: Path
    rpc: str
    w3: Any
    manifest: Any
    manifest_path: Path
    keys: list[bytes]
    oracle_key: bytes
    requester_key: bytes


def chain_with_workers(stack: contextlib.ExitStack, workers: int, prefix: str) -> BenchChain:
    """Start anvil (closed with ``stack``), deploy, register and stake ``workers`` keys, fund the requester."""
    from ape import accounts, networks
    from web3 import Web3

    from protocol.chain import ChainClient
    from protocol.contracts import DeployParams
    from protocol.deployment import deploy

    provider = stack.enter_context(networks.parse_network_choice("ethereum:local:foundry"))
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
    acct = accounts.test_accounts
    deployer, oracle_account, requester_account = acct[0], acct[1], acct[8]
    key_of = lambda a: bytes.fromhex(str(a.private_key).removeprefix("0x"))  # noqa: E731
    manifest, _ = deploy(deployer, DeployParams(oracle_signers=[oracle_account.address], threshold=1))
    manifest_path = manifest.save(tmp / "deployment.json")
    w3 = Web3(Web3.HTTPProvider(provider.http_uri))
    keys = worker_keys(workers)
    register_workers(w3, manifest, key_of(deployer), keys)
    ChainClient(w3, manifest, key_of(deployer)).transact(
        ChainClient(w3, manifest).token.functions.transfer(requester_account.address, 10**7 * 10**18)
    )
    return BenchChain(
        tmp, provider.http_uri, w3, manifest, manifest_path, keys, key_of(oracle_account), key_of(requester_account)
    )


def start_oracle(net: BenchChain, name: str) -> tuple[Child, int]:
    """An ``OracleService`` process on ``net`` (SQLite and the store in its folder); returns it and its port."""
    from oracles.config import OracleConfig
    from protocol.config import StorageConfig

    port = free_port()
    config = OracleConfig(
        name=name,
        database_url=f"sqlite:///{net.tmp}/oracle.db",
        api_port=port,
        key_env=KEY_ENV,
        storage=StorageConfig(kind="local", path=str(net.tmp / "store")),
        poll_interval=POLL_INTERVAL_S,
        confirmations=0,
        reveal_wait_blocks=0,
    )
    (net.tmp / "oracle.json").write_text(config.model_dump_json())
    argv = ["--serve", "oracle", "--config", str(net.tmp / "oracle.json"), "--deployment", str(net.manifest_path)]
    return Child([*argv, "--rpc", net.rpc], env={KEY_ENV: net.oracle_key.hex()}), port


# --------------------------------------------------------------------------- the benchmark


class LongPollers:
    """Every worker long-polls (``wait_s=30``) in its own thread, submits what it gets, and polls again."""

    def __init__(self, clients: list[Any]) -> None:
        self.outputs: dict[int, dict[int, tuple[bytes, str]]] = {}  # job -> task -> (digest, output cid)
        self.leased: list[tuple[int, float]] = []  # (job id, perf_counter when the lease arrived)
        self.submitted: dict[int, int] = {}
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._poll, args=(c,), daemon=True) for c in clients]
        for t in self.threads:
            t.start()

    def _poll(self, client: Any) -> None:
        from time import perf_counter

        while not self.stop.is_set():
            try:
                lease = client.lease(wait_s=30.0)
                if lease is None:
                    continue
                with self.lock:
                    self.leased.append((lease.job_id, perf_counter()))
                client.submit(lease, *self.outputs[lease.job_id][lease.task_index])
                with self.lock:
                    self.submitted[lease.job_id] = self.submitted.get(lease.job_id, 0) + 1
            except Exception as exc:  # recorded and reported
                self.errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.05)

    def first_lease(self, job_id: int) -> float | None:
        with self.lock:
            times = [t for j, t in self.leased if j == job_id]
        return min(times) if times else None

    def finish(self) -> None:
        """Stop after the next lease each (the caller creates work that wakes them)."""
        self.stop.set()
        for t in self.threads:
            t.join(timeout=35)


def first_lease_latency(pollers: LongPollers, requester: Requester, repeats: int) -> dict[str, Any]:
    """Workers long-poll; a job is created; time until the first of them holds a lease."""
    samples = []
    for r in range(repeats):
        call, outputs = requester.prepare(compute_spec(FIRST_LEASE_TASKS, seed=1_000 + r))
        time.sleep(0.5 + random.uniform(0, POLL_INTERVAL_S))  # everyone waits; a random poll phase
        # outputs are registered under the job id the escrow will assign (jobs are numbered in order)
        next_id = int(requester.chain.escrow.functions.job_count().call()) + 1
        pollers.outputs[next_id] = outputs
        job_id, created_at = requester.create(call)
        assert job_id == next_id, (job_id, next_id)
        deadline = time.monotonic() + 30
        while pollers.submitted.get(job_id, 0) < FIRST_LEASE_TASKS and time.monotonic() < deadline:
            time.sleep(0.02)
        first = pollers.first_lease(job_id)
        if first is None:
            raise RuntimeError(f"no lease for job {job_id} within 30 s; errors: {pollers.errors[:3]}")
        samples.append(first - created_at)
        print(f"  first lease {r + 1}/{repeats}: {samples[-1] * 1000:.0f} ms (job {job_id})", flush=True)
    return {
        "samples_s": [round(s, 4) for s in samples],
        "median_s": round(statistics.median(samples), 4),
        "max_s": round(max(samples), 4),
        "errors": pollers.errors[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", choices=["oracle", "bare"])
    parser.add_argument("--config")
    parser.add_argument("--deployment")
    parser.add_argument("--rpc")
    parser.add_argument("--port", type=int)
    parser.add_argument("--lease-body")
    parser.add_argument("--tasks", type=int, default=THROUGHPUT_TASKS, help="tasks of the throughput job")
    parser.add_argument(
        "--profile",
        help="py-spy (pip install py-spy; not a project dependency) the oracle "
        "process from the first round on, GIL-holding samples; .txt gives collapsed stacks, "
        "else an SVG flame graph",
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not write the results file")
    args = parser.parse_args()
    if args.serve == "oracle":
        return serve_oracle(args)
    if args.serve == "bare":
        return serve_bare(args)
    run(args)


def run(args: argparse.Namespace) -> None:

    from protocol.storage import LocalStore
    from worker_node.oracle_client import OracleClient

    started = time.monotonic()
    load_before = os.getloadavg()
    with contextlib.ExitStack() as stack:
        net = chain_with_workers(stack, WORKERS, "gpuhive-dispatch-")
        tmp, w3, manifest, keys = net.tmp, net.w3, net.manifest, net.keys
        print(f"chain ready: {WORKERS} workers staked ({time.monotonic() - started:.1f} s)", flush=True)

        store = LocalStore(tmp / "store")
        cleanup = contextlib.ExitStack()
        stack.enter_context(cleanup)
        oracle, port = start_oracle(net, "bench-oracle")
        cleanup.callback(oracle.close)
        requester = Requester(w3, manifest, net.requester_key, store)
        clients = [OracleClient(f"http://127.0.0.1:{port}", key, timeout=60.0) for key in keys]
        for client in clients:
            client.login()
        print(f"oracle up, {WORKERS} workers logged in ({time.monotonic() - started:.1f} s)", flush=True)

        pollers = LongPollers(clients)
        first = first_lease_latency(pollers, requester, FIRST_LEASE_REPEATS)

        # the big job (it also wakes the long-pollers, which take one lease each and stop)
        call, outputs = requester.prepare(compute_spec(args.tasks, seed=7))
        job_id = int(requester.chain.escrow.functions.job_count().call()) + 1
        pollers.outputs[job_id] = outputs
        t_create = time.perf_counter()
        pollers.stop.set()
        assert requester.create(call)[0] == job_id
        deadline = time.monotonic() + 120
        while (status := oracle_status(port, job_id) or {}).get("state") != "running":
            if time.monotonic() > deadline or status.get("state") in ("rejecting", "rejected"):
                raise RuntimeError(f"job {job_id} not running: {status}")
            time.sleep(0.1)
        intake_s = time.perf_counter() - t_create
        pollers.finish()
        print(f"job {job_id} with {args.tasks} tasks running {intake_s:.1f} s after create_job", flush=True)
        lease = clients[0].lease(wait_s=5.0)
        assert lease is not None, "the big job's slots are not leasable"
        clients[0].submit(lease, *outputs[lease.task_index])

        # the bare baseline, answering a lease body of the same size as the oracle's
        lease_body = json.loads(lease.model_dump_json())
        (tmp / "lease.json").write_text(json.dumps(lease_body))
        bare_port = free_port()
        bare = Child(["--serve", "bare", "--port", str(bare_port), "--lease-body", str(tmp / "lease.json")])
        cleanup.callback(bare.close)
        bare_clients = []
        for key, client in zip(keys, clients):
            c = OracleClient(f"http://127.0.0.1:{bare_port}", key, timeout=60.0)
            c.token, c._separator = client.token, client._separator
            c.http.headers["Authorization"] = f"Bearer {client.token}"
            bare_clients.append(c)

        def job_outputs(lease: Any) -> tuple[bytes, str]:
            return outputs[lease.task_index]

        bare_outputs = lambda lease: outputs[0]  # noqa: E731
        runs: dict[str, list[dict[str, Any]]] = {"bare": [], "oracle": []}
        if args.profile:
            spy = subprocess.Popen(
                [
                    "py-spy",
                    "record",
                    "-p",
                    str(oracle.proc.pid),
                    "-o",
                    args.profile,
                    "-r",
                    "200",
                    "--nonblocking",
                    "--gil",
                    "-t",
                    "-f",
                    "raw" if args.profile.endswith(".txt") else "flamegraph",
                ]
            )
            cleanup.callback(spy.wait)
            cleanup.callback(spy.send_signal, signal.SIGINT)
        for r in range(ROUNDS):
            for name, cl, outs, child in (
                ("bare", bare_clients, bare_outputs, bare),
                ("oracle", clients, job_outputs, oracle),
            ):
                res = drive(cl, outs, Phase(name), WARMUP_S, PHASE_S, child)
                runs[name].append(res)
                print(
                    f"  round {r + 1} {name}: {res['pairs'] / res['seconds']:.0f} pairs/s, server cpu "
                    f"{res['server_cpu_s'] / max(res['pairs'], 1) * 1e6:.0f} us/pair, errors {res['errors'][:2]}",
                    flush=True,
                )
        bare.close()
        status = oracle_status(port, job_id)
        oracle.close()
        for c in clients + bare_clients:
            c.close()

    def total(name: str) -> dict[str, Any]:
        rs = runs[name]
        pairs, secs = sum(r["pairs"] for r in rs), sum(r["seconds"] for r in rs)
        lease_s = [x for r in rs for x in r["lease_s"]]
        result_s = [x for r in rs for x in r["result_s"]]
        pair_s = [x for r in rs for x in r["pair_s"]]
        return {
            "per_s": pairs / secs,
            "pairs": pairs,
            "seconds": round(secs, 2),
            "per_round_per_s": [round(r["pairs"] / r["seconds"], 1) for r in rs],
            "server_cpu_us_per_pair": round(sum(r["server_cpu_s"] for r in rs) / max(pairs, 1) * 1e6, 1),
            "client_cpu_us_per_pair": round(sum(r["client_cpu_s"] for r in rs) / max(pairs, 1) * 1e6, 1),
            "lease_p50_ms": round(_pct(lease_s, 0.5) * 1e3, 2),
            "lease_p99_ms": round(_pct(lease_s, 0.99) * 1e3, 2),
            "result_p50_ms": round(_pct(result_s, 0.5) * 1e3, 2),
            "result_p99_ms": round(_pct(result_s, 0.99) * 1e3, 2),
            "pair_p50_ms": round(_pct(pair_s, 0.5) * 1e3, 2),
            "pair_p99_ms": round(_pct(pair_s, 0.99) * 1e3, 2),
            "empty_leases": sum(r["empty"] for r in rs),
            "errors": [e for r in rs for e in r["errors"]][:5],
        }

    o, b = total("oracle"), total("bare")
    goal_s = POLL_INTERVAL_S + 0.2
    results = {
        "round_trips_per_s": round(o["per_s"], 1),
        "bare_fastapi_per_s": round(b["per_s"], 1),
        "ratio_to_bare_fastapi": round(o["per_s"] / b["per_s"], 3),
        "first_lease_latency_s": first["median_s"],
        "first_lease_latency_max_s": first["max_s"],
        "first_lease_samples_s": first["samples_s"],
        "first_lease_errors": first["errors"],
        "big_job_first_lease_s": round(intake_s, 2),
        "poll_interval_s": POLL_INTERVAL_S,
        "confirmations": 0,
        "goal_s": goal_s,
        "goals": {"ratio_to_bare_fastapi": ">= 0.5", "first_lease_latency_s": f"<= {goal_s} (poll interval + 0.2 s)"},
        "oracle": o,
        "bare": b,
        "workers": WORKERS,
        "tasks": args.tasks,
        "job_after_run": status,
        "rounds": ROUNDS,
        "phase_s": PHASE_S,
        "warmup_s": WARMUP_S,
        "layout": "anvil, server (uvicorn + app), and the 50 client threads in three processes",
        "server": f"uvicorn ({_uvicorn_stack()}), one worker process, as OracleService.start runs it",
        "client": "worker_node.oracle_client.OracleClient (httpx, keep-alive), one thread per worker; "
        "TaskResult signed in the loop",
        "cpus": os.cpu_count(),
        "load_avg_1m_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "python": sys.version.split()[0],
        "total_runtime_s": round(time.monotonic() - started, 1),
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"\noracle {o['per_s']:.0f} round trips/s vs bare FastAPI {b['per_s']:.0f}/s: ratio "
        f"{results['ratio_to_bare_fastapi']} (goal >= 0.5); server CPU {o['server_cpu_us_per_pair']:.0f} vs "
        f"{b['server_cpu_us_per_pair']:.0f} us per round trip"
    )
    print(
        f"first lease after create_job: median {first['median_s'] * 1e3:.0f} ms, max {first['max_s'] * 1e3:.0f} "
        f"ms (goal <= {goal_s * 1e3:.0f} ms)"
    )
    print(f"wrote {RESULTS.relative_to(REPO)} in {results['total_runtime_s']} s")


def oracle_status(port: int, job_id: int) -> dict[str, Any] | None:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/jobs/{job_id}", timeout=10).json()
    except httpx.HTTPError:
        return None


if __name__ == "__main__":
    main()
