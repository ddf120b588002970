"""The worker agent's own CPU per task, and where it goes (a profiling harness, not a benchmark of record).

``benchmarks/e2e.py`` measures the 40 agents' CPU per job (about 2.5 ms per task) but cannot say where it
goes: py-spy does not attribute it in processes of 110 threads. This harness runs ``--agents`` real
``worker_node.agent.Agent`` loops (default 10, as in one of e2e's agent processes, with e2e's settings:
``max_held_leases`` 8, 1.5 s long-polls, 2 s heartbeats) in this process, and measures this process's CPU
while they run ``--tasks`` tasks. Everything of the agent is its own: ``OracleClient`` (httpx over real
sockets), login, the batched ``/v1/work`` exchange, scheduling, journal (SQLite), heartbeats, spec fetch,
``LocalStore`` uploads, EIP-712 signing. Two pieces are replaced:

- the task's compute, as in e2e: ``compute_task`` becomes a 100 ms sleep writing the chunk's bytes;
- the oracles: ``--oracles`` (default 3, as in e2e) tiny FastAPI servers in one child process, shaped
  like the real worker API (same paths, bodies and replies, pydantic models of ``protocol.leases``); the
  first hands out the leases of one compute job (the real spec, sliced, in the store), the others have
  no work (idle agents long-poll them, as in e2e). Their CPU is not counted: the real oracle's is the
  lead's (``benchmarks/dispatch.py``, e2e), this is the agent's.

``--profile`` runs the same with ``yappi`` (thread-aware, CPU clock; not a project dependency:
``pip install --target DIR yappi`` and put DIR on ``PYTHONPATH``) and prints the CPU per task of the
agent's steps (inclusive) and of its own time grouped by library (signing, hashing, SQLite, HTTP, ...).
The profiler's own overhead inflates the absolute numbers (about 2x); compare shares, and the plain
run's ms per task.

    .venv/bin/python benchmarks/agent_cpu.py [--agents 10] [--tasks 1000] [--profile] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else None
if CODE:  # another version of worker_node/ and protocol/ (e.g. `git archive` of a commit)
    sys.path.insert(0, CODE)

from protocol.leases import (  # noqa: E402
    Ack,
    Challenge,
    Heartbeat,
    HeartbeatReply,
    ItemOutcome,
    Lease,
    LoginReply,
    LoginRequest,
    WorkReply,
    WorkRequest,
)

AGENTS = 10
TASKS = 1_000
ORACLES = 3
MAX_HELD = 8  # as in e2e
LEASE_WAIT_S = 1.5  # as in e2e
HEARTBEAT_S = 2.0  # the e2e network's oracles' heartbeat_seconds
LEASE_S = 60.0
CHAIN_ID = 31_337
REGISTRY = "0x" + "11" * 20
ESCROW = "0x" + "22" * 20


# --------------------------------------------------------------------------- the oracles (child process)


def oracle_app(has_job: bool, spec_cid: str, tasks: list[dict[str, Any]], oracle: str) -> Any:
    """A worker API shaped like the oracle's (``oracles/routes/auth.py``, ``leases.py``): challenge, login,
    ``/v1/work``, heartbeat, release. With ``has_job`` it leases ``tasks`` (one slot each) in order."""
    import asyncio
    import secrets

    from fastapi import FastAPI

    app = FastAPI()
    state = {"next": len(tasks), "results": 0, "failures": 0, "beats": 0, "exchanges": 0}
    work_came = asyncio.Event()

    @app.get("/v1/auth/challenge")
    async def challenge(worker: str) -> Challenge:
        return Challenge(
            worker=worker,
            oracle=oracle,
            nonce="0x" + secrets.token_hex(32),
            expires=int(time.time()) + 300,
            chain_id=CHAIN_ID,
            registry=REGISTRY,
            escrow=ESCROW,
        )

    @app.post("/v1/auth/login")
    async def login(body: LoginRequest) -> LoginReply:
        return LoginReply(token=secrets.token_hex(16), expires=int(time.time()) + 86_400, capabilities=0xFF)

    def lease(index: int) -> Lease:
        now = time.time()
        return Lease(
            lease_id=secrets.token_hex(16),
            job_id=1,
            task_index=index,
            replica=0,
            role="run",
            job_kind="compute",
            spec_cid=spec_cid,
            task=tasks[index],
            inputs={},
            expires_at=now + LEASE_S,
            heartbeat_s=HEARTBEAT_S,
        )

    @app.post("/v1/work")
    async def work(body: WorkRequest) -> WorkReply:
        state["exchanges"] += 1
        state["results"] += len(body.results)
        if has_job and state["results"] >= len(tasks) and not state.get("done"):
            state["done"] = 1
            print("done", flush=True)  # the parent waits on this line: no polling in the measured process
        state["failures"] += len(body.failures)
        outcomes = [ItemOutcome(lease_id=r.lease_id, status=200) for r in body.results]
        outcomes += [ItemOutcome(lease_id=f.lease_id, status=200) for f in body.failures]
        if state["next"] >= len(tasks) and body.want and body.wait_s:  # no work: long-poll for it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(work_came.wait(), body.wait_s)
        start = state["next"]
        granted = range(start, min(len(tasks), start + body.want))
        state["next"] = granted.stop if granted else start
        return WorkReply(outcomes=outcomes, leases=[lease(i) for i in granted])

    @app.post("/v1/leases/{lease_id}/heartbeat")
    async def heartbeat(lease_id: str, body: Heartbeat) -> HeartbeatReply:
        state["beats"] += 1
        return HeartbeatReply(expires_at=time.time() + LEASE_S)

    @app.post("/v1/leases/{lease_id}/release")
    async def release(lease_id: str) -> Ack:
        return Ack(detail="released")

    @app.post("/start")
    async def start() -> dict[str, int]:
        """The job is created: its leases are handed out from now on (wakes the long-polls)."""
        if has_job:
            state["next"] = 0
            work_came.set()
        return state

    @app.get("/stats")
    async def stats() -> dict[str, int]:
        return state

    return app


def serve_oracles(args: argparse.Namespace) -> None:
    """The child: ``--oracles`` servers on the given ports, until stdin closes."""
    import uvicorn

    from protocol.jobspec import load_spec, slice_tasks
    from protocol.storage import LocalStore

    spec_text = LocalStore(args.store).get_bytes(args.spec_cid).decode()
    tasks = [t.to_json() for t in slice_tasks(load_spec(spec_text))]
    servers = []
    for i, port in enumerate(args.ports):
        app = oracle_app(i == 0, args.spec_cid, tasks, "0x" + f"{i + 1:02x}" * 20)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        servers.append(server)
    while not all(s.started for s in servers):
        time.sleep(0.02)
    print("ready", flush=True)
    sys.stdin.read()


# --------------------------------------------------------------------------- the agents (this process)


class _Chain:
    """What the agent needs of a ``ChainClient`` when started without ``check_node`` (no chain here)."""

    def __init__(self, key: bytes) -> None:
        from eth_account import Account

        self.account = Account.from_key(key)
        self.chain_id = CHAIN_ID


def compute_spec(tasks: int) -> str:
    import yaml

    doc = {
        "kind": "compute",
        "name": "agent cpu harness",
        "kernel": {"name": "sha256_chain", "chains": tasks, "length": 10, "seed": 1},
        "items_per_task": 1,
        "replication": 1,
        "verification": {"method": "hash", "spot_check_bps": 100},
        "reward_per_task": 10**15,
        "budget": 10**30,
        "deadline": 1_900_000_000,
    }
    return yaml.safe_dump(doc)


def start_agents(n: int, urls: list[str], store_path: Path, work: Path) -> list[Any]:
    """``n`` real agents (e2e's settings), each in its own thread running ``Agent.run``."""
    from e2e import fake_compute_task

    if CODE:  # importing e2e put the repository first again
        sys.path.remove(CODE)
        sys.path.insert(0, CODE)
    import worker_node.runtimes.compute as compute_runtime
    from protocol.storage import LocalStore
    from worker_node.agent import Agent
    from worker_node.config import WorkerConfig
    from worker_node.probe import probe

    compute_runtime.compute_task = fake_compute_task
    hardware = probe()
    store = LocalStore(store_path)
    agents = []
    for i in range(n):
        key = (i + 1).to_bytes(32, "big")
        config = WorkerConfig.model_validate(
            {
                "oracles": urls,
                "storage": {"kind": "local", "path": str(store_path)},
                "work_dir": str(work / f"agent{i}"),
                "lease_wait_seconds": LEASE_WAIT_S,
                "max_held_leases": MAX_HELD,
                "oracle_timeout_seconds": 30.0,
                "claim_interval_seconds": 3_600,
                "metrics_port": 0,
            }
        )
        agent = Agent(config, key, chain=_Chain(key), store=store, hardware=hardware)  # type: ignore[arg-type]
        for oracle in agent.oracles.values():
            oracle.client.login()
        agents.append(agent)
    return agents


def stats(url: str) -> dict[str, int]:
    import httpx

    return httpx.get(url + "/stats").json()


def _cpu() -> tuple[float, float]:
    t = os.times()
    return t.user, t.system


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    from protocol.storage import LocalStore

    with tempfile.TemporaryDirectory(prefix="agent-cpu-") as tmp, contextlib.ExitStack() as stack:
        root = Path(tmp)
        store_path = root / "store"
        spec_cid = LocalStore(store_path).put_bytes(compute_spec(args.tasks).encode())
        ports = [_free_port() for _ in range(args.oracles)]
        child = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--serve",
                "--store",
                str(store_path),
                "--spec-cid",
                spec_cid,
                "--ports",
            ]
            + [str(p) for p in ports],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        stack.callback(child.wait, 30)
        stack.callback(child.stdin.close)  # type: ignore[union-attr]
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("the oracles' process did not start")
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        agents = start_agents(args.agents, urls, store_path, root)
        yappi: Any = None
        for agent in agents:
            agent._thread = threading.Thread(target=agent.run, name=f"agent-{agent.address[:8]}", daemon=True)
            agent._thread.start()
        time.sleep(1.0)  # every agent is idle, long-polling (as in e2e before each job)
        if args.profile:
            import yappi

            yappi.set_clock_type("cpu")
            yappi.start(builtins=True)
        cpu0, t0 = _cpu(), time.perf_counter()
        httpx.post(urls[0] + "/start")
        if child.stdout.readline().strip() != "done":
            raise RuntimeError("the oracles' process ended before every result came")
        (user, system), wall = _cpu(), time.perf_counter() - t0
        user, system = user - cpu0[0], system - cpu0[1]
        cpu = user + system
        if yappi is not None:
            yappi.stop()
        for agent in agents:
            agent.request_stop()
        for agent in agents:
            agent.stop(timeout=30)
        counts = [stats(u) for u in urls]
        done = counts[0]["results"]
        result: dict[str, Any] = {
            "agents": args.agents,
            "tasks": done,
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 3),
            "cpu_ms_per_task": round(1_000 * cpu / done, 3),
            "user_ms_per_task": round(1_000 * user / done, 3),
            "system_ms_per_task": round(1_000 * system / done, 3),
            "exchanges": sum(c["exchanges"] for c in counts),
            "heartbeats": sum(c["beats"] for c in counts),
            "profiled": bool(args.profile),
        }
        if yappi is not None:
            result["profile"] = breakdown(yappi, done)
            if args.pstats:
                yappi.get_func_stats().save(str(args.pstats), type="pstat")
        return result


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- the breakdown

#: The agent's steps: CPU of each call, its callees included (ms per task).
STEPS = {
    "Agent.work": "work (run_lease, journal.ready, upload, queue the report)",
    "Agent._exchange": "exchange (sign, HTTP, settle outcomes, hold leases)",
    "Agent._send": "  _send (sign results + HTTP round trip + reply parse)",
    "OracleClient.result_report": "    sign a result (EIP-712 digest + secp256k1)",
    "OracleClient.exchange": "    HTTP /v1/work + WorkReply parse",
    "Agent._settle": "  settle outcomes (journal.earned/drop, rmtree)",
    "Agent._hold": "  hold (journal.hold, heartbeat add, queue)",
    "Agent._discard": "    _discard (journal.drop + rmtree)",
    "Agent._spec": "  spec (cached parse)",
    "run_lease": "  run_lease (fake compute: writes the chunk)",
    "upload_outputs": "  upload_outputs (put_bytes x outputs + manifest)",
    "Journal.hold": "journal.hold",
    "Journal.ready": "journal.ready",
    "Journal.drop": "journal.drop",
    "Journal.exchanged": "journal.exchanged (an exchange's drops and holds, one commit)",
    "Journal.earned": "journal.earned",
    "Heartbeats._loop": "heartbeat threads (loop, beats)",
    "Heartbeats._beat": "  beat HTTP",
    "Heartbeats.add": "heartbeats.add",
    "Heartbeats.remove": "heartbeats.remove",
    "Agent._start_refill": "start refill (loop thread)",
    "Agent._refill_loop": "refill thread",
    "Agent._poll": "long-poll threads",
    "Agent._poll_all": "poll_all (idle wait)",
    "Logger.info": "logging.info",
    "Logger.warning": "logging.warning",
}

#: Own time by where the code lives: (category, substrings of the module file or function name).
CATEGORIES = [
    ("signing (coincurve/eth_keys/eth_account)", ("coincurve", "eth_keys", "eth_account", "PrivateKey.sign")),
    ("keccak / EIP-712 hashing", ("eth_hash", "Crypto/Hash", "keccak", "protocol/eip712")),
    ("SQLite (journal)", ("sqlite3", "worker_node/journal")),
    ("HTTP client (httpx/httpcore/h11/socket)", ("httpx", "httpcore", "h11", "socket", "ssl", "selectors")),
    ("pydantic / JSON", ("pydantic", "json", "model_validate", "model_dump")),
    ("store (LocalStore, CID hashing)", ("protocol/storage", "multiformats", "hashlib", "_hashlib")),
    ("filesystem (os, pathlib, shutil, tempfile)", ("pathlib", "shutil", "tempfile", "posix", "genericpath")),
    ("logging", ("logging",)),
    ("metrics (prometheus_client)", ("prometheus_client",)),
    ("threads (locks, conditions, queues)", ("threading", "queue", "thread.lock", "_thread", "concurrent")),
    ("agent / heartbeat / execute (own code)", ("worker_node/",)),
]


def breakdown(yappi: Any, tasks: int) -> dict[str, Any]:
    funcs = yappi.get_func_stats()
    steps: dict[str, float] = defaultdict(float)
    categories: dict[str, float] = defaultdict(float)
    top: list[tuple[float, str]] = []
    total = 0.0
    for f in funcs:
        name = f.name
        where = f"{f.module}:{name}"
        total += f.tsub
        for step in STEPS:
            if name == step or name.endswith("." + step) or (step == name.split(".")[-1] and "." not in step):
                steps[step] += f.ttot
        for category, needles in CATEGORIES:
            if any(n in where for n in needles):
                categories[category] += f.tsub
                break
        else:
            categories["other"] += f.tsub
        top.append((f.tsub, f"{Path(f.module).name}:{f.lineno} {name}"))
    top.sort(reverse=True)
    per = 1_000 / tasks
    return {
        "profiled_cpu_ms_per_task": round(total * per, 3),
        "steps_ms_per_task": {STEPS[k]: round(v * per, 3) for k, v in steps.items()},
        "own_time_ms_per_task": {k: round(v * per, 3) for k, v in sorted(categories.items(), key=lambda kv: -kv[1])},
        "top_own_ms_per_task": [f"{t * per:7.3f}  {where}" for t, where in top[:40]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=AGENTS)
    parser.add_argument("--tasks", type=int, default=TASKS)
    parser.add_argument("--oracles", type=int, default=ORACLES)
    parser.add_argument("--profile", action="store_true", help="profile with yappi (CPU clock, every thread)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--code", type=Path, help="run the agents of this tree (worker_node/, protocol/) instead")
    parser.add_argument("--pstats", type=Path, help="with --profile: save the profile for pstats (callers)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--spec-cid", help=argparse.SUPPRESS)
    parser.add_argument("--ports", type=int, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_oracles(args)
        return
    result = measure(args)
    result["code"] = str(Path(sys.modules["worker_node.agent"].__file__ or "").parents[1])
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
