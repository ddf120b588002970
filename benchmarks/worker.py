"""Worker benchmark: the agent's own overhead per task, and the cost of a render spot check.

    .venv/bin/python benchmarks/worker.py      (writes benchmarks/results/worker.json, ~3-4 minutes)

Overhead (``render_overhead_fraction``, ``train_overhead_fraction``). The real worker agent
(``worker_node.agent.Agent``, built from a ``WorkerConfig`` with the production defaults:
10 s long-polls, the oracle's heartbeat period, the default limits) runs in this process against
three real oracle services, each in a process of its own (as they would be: remote), on anvil
(ape-foundry). Jobs are created and ingested *before* the agent starts, so every lease is served
from a queue and no waiting for work is counted. The jobs:

- render: one job of RENDER_TASKS tasks, one frame each, of the project's generated test scene
  (``worker_node.runtimes.scenes.make_test_scene``) at RENDER_RES px and RENDER_SAMPLES samples
  (Cycles on the CPU, 2 threads);
- train: TRAIN_JOBS jobs of one task each, ``cnn_small`` on its own synthetic CIFAR-shaped dataset
  (TRAIN_EXAMPLES images of 3×32×32, so every task downloads its ~12 MB dataset as a real job would).

Nothing in ``worker_node`` is changed: this process wraps (monkeypatches) the functions of the
agent's task path with timers. Per task:

- compute = wall time of the runtime child (``sandbox.run_child``: interpreter start, ``import
  bpy``/``import torch``, scene/dataset load, rendering/training, process exit). The child reports
  its own seconds after its imports, so ``child startup`` (interpreter + engine import + exit) is
  given separately: a warm engine process would remove it;
- overhead = the successful lease call + ``Agent.work`` wall time − compute: journal writes
  (SQLite, synchronous), spec and input download by CID (verified, into the cache), the runtime's
  parent side (scene check, decoding the PNGs and the pixel digest; reading the checkpoints back
  for the tensors digest), uploading outputs and the directory manifest, signing the
  ``TaskResult``, submitting it, stopping the heartbeat thread, logging and metrics.
  ``*_overhead_fraction`` = median over tasks of overhead / compute.
  Also reported, but not in the fraction: heartbeats (sent from a background thread while the
  child runs, so they add no wall time), the one-time login per oracle, and the idle gap between
  tasks (empty long-polls at oracles that have no work, see ``notes``).

Spot check (``render_spotcheck_fraction``): after the agent phase, the render runtime re-renders
the crops of one frame of a task exactly as a check lease does (``render_crops``, crops drawn by
``protocol.jobspec.seeds.render_check`` with the default ``RenderPolicy``: 4 crops of 20 % of the
width and height, each re-rendered twice with the check's two seeds) on the warm Blender engine the
agent keeps loaded between render tasks (``render.warm_engine``), alternating with the full
``render_task`` of that task on the same engine; the fraction is the median of crops-seconds /
full-render-seconds over SPOT_REPEATS pairs. For comparison it also times both with a fresh Blender
child each (``cold_*``), which pays interpreter start and ``import bpy`` every time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
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
from gpuhive.ports import free_port  # noqa: E402

os.environ["PATH"] = f"{REPO / '.venv' / 'bin'}:{REPO / 'node_modules' / '.bin'}:{os.environ['PATH']}"

RESULTS = REPO / "benchmarks" / "results" / "worker.json"
RENDER_RES = (320, 240)
RENDER_SAMPLES = 64
RENDER_TASKS = 3  # one frame each
TRAIN_JOBS = 3  # one task each
TRAIN_EXAMPLES, TRAIN_BATCH, TRAIN_EPOCHS = 1_024, 32, 2
SPOT_REPEATS = 3
KEY_ENV = "GPUHIVE_BENCH_ORACLE_KEY"
STAKE_UNITS = 100
AGENT_TIMEOUT_S = 300.0


# --------------------------------------------------------------------------- oracle processes


def serve_oracle(args: argparse.Namespace) -> None:
    """Child process: one OracleService until the parent closes our stdin."""
    from web3 import Web3

    from oracles.config import OracleConfig
    from oracles.service import OracleService
    from protocol.deployment import Deployment

    config = OracleConfig.model_validate_json(Path(args.config).read_text())
    service = OracleService(
        config, Web3(Web3.HTTPProvider(args.rpc)), Deployment.load(args.deployment), config.signer_key()
    )
    service.start()
    print("ready", flush=True)
    sys.stdin.read()
    service.stop()


class OracleProcess:
    def __init__(self, config_path: Path, deployment: Path, rpc: str, key: bytes) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve-oracle",
                "--config",
                str(config_path),
                "--deployment",
                str(deployment),
                "--rpc",
                rpc,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, KEY_ENV: key.hex()},
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if line.strip() != "ready":
            self.proc.kill()
            raise RuntimeError(f"oracle {config_path} did not start (exit {self.proc.wait()})")

    def close(self) -> None:
        if self.proc.poll() is None:
            if self.proc.stdin:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --------------------------------------------------------------------------- timing spans


@dataclass
class Span:
    name: str
    t0: float
    t1: float
    thread: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def s(self) -> float:
        return self.t1 - self.t0


class Recorder:
    """Wraps functions of the agent's task path with timers; spans carry the calling thread's name."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.lock = threading.Lock()
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, attr: str, name: str, info: Any = None) -> None:
        original = getattr(owner, attr)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            result: Any = None
            try:
                result = original(*args, **kwargs)
                return result
            finally:
                extra = info(args, kwargs, result) if info else {}
                with self.lock:
                    self.spans.append(Span(name, t0, time.perf_counter(), threading.current_thread().name, extra))

        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original))

    def undo(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()

    def named(self, name: str) -> list[Span]:
        with self.lock:
            return [s for s in self.spans if s.name == name]


def instrument(rec: Recorder) -> None:
    import worker_node.agent as agent_mod
    import worker_node.runtimes.render as render_mod
    import worker_node.runtimes.train as train_mod
    from worker_node.heartbeat import Heartbeat
    from worker_node.inputs import InputFetcher
    from worker_node.journal import Journal
    from worker_node.oracle_client import OracleClient

    def lease_info(args: Any, kwargs: Any, result: Any) -> dict[str, Any]:
        return {"oracle": args[0].url, "lease_id": result.lease_id if result is not None else None}

    def work_info(args: Any, kwargs: Any, result: Any) -> dict[str, Any]:
        lease = args[2]
        return {
            "lease_id": lease.lease_id,
            "kind": lease.job_kind,
            "role": lease.role,
            "job_id": lease.job_id,
            "task": lease.task_index,
        }

    def child_info(args: Any, kwargs: Any, result: Any) -> dict[str, Any]:
        module = getattr(args[0], "module", args[0])  # run_child(module, ...) or WarmChild.call(self, ...)
        return {"module": module, "reply_seconds": (result or {}).get("seconds")}

    rec.wrap(agent_mod.Agent, "work", "work", work_info)
    rec.wrap(agent_mod.Agent, "recover", "recover")
    rec.wrap(OracleClient, "lease", "lease", lease_info)
    rec.wrap(OracleClient, "login", "login")
    rec.wrap(OracleClient, "heartbeat", "heartbeat")
    rec.wrap(OracleClient, "sign_result", "sign")
    rec.wrap(OracleClient, "submit", "submit")  # includes sign
    rec.wrap(agent_mod, "load_lease_spec", "spec")
    rec.wrap(agent_mod, "upload_outputs", "upload")
    for what in ("scene", "dataset", "ref"):
        rec.wrap(InputFetcher, what, "inputs")
    for what in ("hold", "ready", "drop", "earned"):
        rec.wrap(Journal, what, "journal")
    rec.wrap(Heartbeat, "stop", "heartbeat_stop")
    rec.wrap(render_mod, "render_task", "runtime")
    rec.wrap(render_mod, "render_crops", "runtime")
    rec.wrap(train_mod, "train_task", "runtime")
    rec.wrap(render_mod, "run_child", "child", child_info)
    rec.wrap(train_mod, "run_child", "child", child_info)
    from worker_node.runtimes.sandbox import WarmChild

    rec.wrap(WarmChild, "call", "child", child_info)  # the agent keeps Blender loaded between render tasks


# --------------------------------------------------------------------------- chain and jobs


def render_spec(scene_cid: str) -> str:
    return _spec(
        {
            "kind": "render",
            "name": "worker benchmark render",
            "scene_cid": scene_cid,
            "frame_start": 1,
            "frame_end": RENDER_TASKS,
            "resolution_x": RENDER_RES[0],
            "resolution_y": RENDER_RES[1],
            "samples": RENDER_SAMPLES,
            "split": {"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
            "verification": {"method": "render", "spot_check_bps": 1},
        }
    )


def train_spec(dataset_cid: str, i: int) -> str:
    steps = TRAIN_EPOCHS * (TRAIN_EXAMPLES // TRAIN_BATCH)
    return _spec(
        {
            "kind": "train",
            "name": f"worker benchmark train {i}",
            "architecture": {"name": "cnn_small", "in_channels": 3, "image_size": 32, "num_classes": 10},
            "dataset": {"cid": dataset_cid, "format": "npz", "examples": TRAIN_EXAMPLES},
            "optimizer": {"name": "sgd", "lr": 0.05},
            "epochs": TRAIN_EPOCHS,
            "batch_size": TRAIN_BATCH,
            "seed": 3 + i,
            "checkpoint_interval": steps // 2,
            "steps_per_task": steps,
            "verification": {"method": "train", "spot_check_bps": 1},
        }
    )


def _spec(doc: dict[str, Any]) -> str:
    import yaml

    from protocol.contracts import TOKEN
    from protocol.jobspec import load_spec

    doc.update({"reward_per_task": TOKEN, "deadline": 1_900_000_000})
    doc["budget"] = load_spec(yaml.safe_dump({**doc, "budget": 10**30})).budget_needed
    return yaml.safe_dump(doc)


def create_job(contracts: dict[str, Any], requester: Any, store: Any, spec_text: str) -> int:
    from ape import chain

    from protocol.jobspec import load_spec, spec_hash

    spec = load_spec(spec_text)
    cid = store.put_bytes(spec_text.encode())
    token, escrow = contracts["HiveToken"], contracts["JobEscrow"]
    token.approve(escrow, spec.budget, sender=requester)
    tx = escrow.create_job(
        cid, spec_hash(spec), spec.num_tasks, spec.budget, chain.pending_timestamp + 86_400, sender=requester
    )
    return int(tx.decode_logs(escrow.JobCreated)[0].job_id)


def wait_running(urls: list[str], job_ids: list[int], timeout: float = 60.0) -> None:
    """Until each job is 'running' at some oracle (its leader sliced it and queued its slots)."""
    import httpx

    deadline = time.monotonic() + timeout
    pending = set(job_ids)
    with httpx.Client(timeout=5.0) as http:
        while pending and time.monotonic() < deadline:
            for job_id in list(pending):
                for url in urls:
                    r = http.get(f"{url}/v1/jobs/{job_id}")
                    if r.status_code == 200 and r.json()["state"] == "running":
                        pending.discard(job_id)
                        break
            time.sleep(0.2)
    if pending:
        raise RuntimeError(f"jobs {sorted(pending)} were not running at any oracle after {timeout:g}s")


# --------------------------------------------------------------------------- analysis


def per_task(rec: Recorder) -> list[dict[str, Any]]:
    """One row per completed lease: compute, overhead and its parts (seconds)."""
    works = sorted(rec.named("work"), key=lambda s: s.t0)
    leases = {s.info["lease_id"]: s for s in rec.named("lease") if s.info.get("lease_id")}
    rows = []
    prev_end: float | None = None
    for w in works:

        def inside(name: str, thread: str | None = w.thread, w: Span = w) -> list[Span]:
            return [
                s for s in rec.named(name) if w.t0 <= s.t0 and s.t1 <= w.t1 and (thread is None or s.thread == thread)
            ]

        children = inside("child")
        compute = sum(s.s for s in children)
        warm = sum(_child_own_seconds(s) for s in children)
        lease = leases.get(w.info["lease_id"])
        lease_s = lease.s if lease else 0.0
        parts = {
            name: round(sum(s.s for s in inside(name)), 4)
            for name in ("journal", "spec", "inputs", "upload", "submit", "sign", "heartbeat_stop")
        }
        runtime_parent = sum(s.s for s in inside("runtime")) - compute
        overhead = lease_s + w.s - compute
        known = lease_s + sum(v for k, v in parts.items() if k != "sign") + runtime_parent
        beats = inside("heartbeat", thread=None)
        gap = (lease.t0 - prev_end) if (lease and prev_end is not None) else None
        prev_end = w.t1
        rows.append(
            {
                **w.info,
                "work_wall_s": round(w.s, 4),
                "compute_s": round(compute, 4),
                "child_own_s": round(warm, 4),
                "child_startup_exit_s": round(compute - warm, 4),
                "overhead_s": round(overhead, 4),
                "overhead_fraction": round(overhead / compute, 5) if compute else None,
                "overhead_fraction_vs_warm_engine": round(overhead / warm, 5) if warm else None,
                "parts_s": {
                    "lease": round(lease_s, 4),
                    **parts,
                    "runtime_parent_side": round(runtime_parent, 4),
                    "other": round(overhead - known, 4),
                },
                "heartbeats": len(beats),
                "heartbeat_s_concurrent": round(sum(b.s for b in beats), 4),
                "idle_gap_before_s": round(gap, 3) if gap is not None else None,
                "overhead_fraction_with_idle_gap": round((overhead + (gap or 0.0)) / compute, 5) if compute else None,
                "oracle": lease.info["oracle"] if lease else None,
            }
        )
    return rows


def _child_own_seconds(span: Span) -> float:
    """The child's own seconds after its imports (render: load + render; train: its handler)."""
    reply = span.info.get("reply_seconds")
    if isinstance(reply, dict):
        return float(sum(reply.values()))
    return float(reply or 0.0)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 4)

    parts = {k: round(statistics.median(r["parts_s"][k] for r in rows), 4) for k in rows[0]["parts_s"]}
    return {
        "tasks": len(rows),
        "overhead_fraction_median": round(statistics.median(r["overhead_fraction"] for r in rows), 5),
        "overhead_fraction_max": max(r["overhead_fraction"] for r in rows),
        "overhead_fraction_vs_warm_engine_median": round(
            statistics.median(r["overhead_fraction_vs_warm_engine"] for r in rows), 5
        ),
        "overhead_s_median": med("overhead_s"),
        "compute_s_median": med("compute_s"),
        "child_own_s_median": med("child_own_s"),
        "child_startup_exit_s_median": med("child_startup_exit_s"),
        "work_wall_s_median": med("work_wall_s"),
        "overhead_parts_s_median": parts,
        "heartbeats_per_task_median": statistics.median(r["heartbeats"] for r in rows),
        "overhead_fraction_with_idle_gap_median": round(
            statistics.median(r["overhead_fraction_with_idle_gap"] for r in rows), 5
        ),
    }


# --------------------------------------------------------------------------- spot check


def spot_check(rec: Recorder, scene: Path, spec_text: str, tmp: Path) -> dict[str, Any]:
    from protocol.jobspec import load_spec, slice_tasks
    from protocol.jobspec.seeds import render_check
    from worker_node.runtimes import render as render_mod

    spec = load_spec(spec_text)
    task = slice_tasks(spec)[0]
    policy = spec.verification
    check = render_check(b"\x5a" * 32, task, policy)
    pairs = []
    # The worker agent keeps one Blender loaded between render tasks (render.warm_engine), so a check
    # lease on a worker that has rendered before pays no interpreter start or `import bpy`.
    engine = render_mod.warm_engine()
    render_mod.render_task(spec, task, scene, tmp / "warmup", engine=engine)  # the engine's first start
    try:
        for rep in range(SPOT_REPEATS):
            t0 = time.perf_counter()
            render_mod.render_task(spec, task, scene, tmp / f"full{rep}", engine=engine)
            full_s = time.perf_counter() - t0
            full_child = rec.named("child")[-1]
            t0 = time.perf_counter()
            render_mod.render_crops(spec, task, check, scene, tmp / f"crops{rep}", engine=engine)
            crops_s = time.perf_counter() - t0
            crops_child = rec.named("child")[-1]
            t0 = time.perf_counter()
            render_mod.render_task(spec, task, scene, tmp / f"coldfull{rep}")  # a fresh Blender child each
            cold_full_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            render_mod.render_crops(spec, task, check, scene, tmp / f"coldcrops{rep}")
            cold_crops_s = time.perf_counter() - t0
            pairs.append(
                {
                    "full_render_s": round(full_s, 4),
                    "crops_s": round(crops_s, 4),
                    "fraction": round(crops_s / full_s, 5),
                    "cold_full_render_s": round(cold_full_s, 4),
                    "cold_crops_s": round(cold_crops_s, 4),
                    "cold_fraction": round(cold_crops_s / cold_full_s, 5),
                    "full_child": {"wall_s": round(full_child.s, 4), **full_child.info["reply_seconds"]},
                    "crops_child": {"wall_s": round(crops_child.s, 4), **crops_child.info["reply_seconds"]},
                }
            )
            print(
                f"  spot check {rep + 1}/{SPOT_REPEATS}: warm engine: full render {full_s:.2f} s, 3 crops "
                f"{crops_s:.2f} s ({crops_s / full_s:.1%}); fresh child each: {cold_full_s:.2f} s / "
                f"{cold_crops_s:.2f} s ({cold_crops_s / cold_full_s:.1%})",
                flush=True,
            )
    finally:
        engine.close()

    def med(f: Any) -> float:
        return round(statistics.median(f(p) for p in pairs), 4)

    full_own = med(lambda p: p["full_child"]["load"] + p["full_child"]["render"])
    crops_own = med(lambda p: p["crops_child"]["load"] + p["crops_child"]["render"])
    return {
        "fraction_median": med(lambda p: p["fraction"]),
        "full_render_s_median": med(lambda p: p["full_render_s"]),
        "crops_s_median": med(lambda p: p["crops_s"]),
        "cold_fraction_median": med(lambda p: p["cold_fraction"]),
        "cold_full_render_s_median": med(lambda p: p["cold_full_render_s"]),
        "cold_crops_s_median": med(lambda p: p["cold_crops_s"]),
        "crops_child_render_s_median": med(lambda p: p["crops_child"]["render"]),
        "full_child_render_s_median": med(lambda p: p["full_child"]["render"]),
        "fraction_engine_own_seconds": round(crops_own / full_own, 5),
        "frame": check.frame,
        "crops": [[c.min_x, c.max_x, c.min_y, c.max_y] for c in check.crops],
        "crops_per_frame": policy.crops,
        "crop_size_bps": policy.crop_size_bps,
        "crop_pixels_share": round(
            sum((c.max_x - c.min_x) * (c.max_y - c.min_y) for c in check.crops)
            / (spec.resolution_x * spec.resolution_y),
            5,
        ),
        "repeats": pairs,
    }


# --------------------------------------------------------------------------- the benchmark


def run(args: argparse.Namespace) -> dict[str, Any]:
    from ape import accounts, networks
    from web3 import Web3

    from oracles.config import OracleConfig, PeerConfig
    from protocol.config import StorageConfig
    from protocol.contracts import TOKEN, Capability, DeployParams
    from protocol.deployment import deploy
    from protocol.storage import LocalStore
    from worker_node.agent import Agent
    from worker_node.config import WorkerConfig
    from worker_node.runtimes.scenes import make_test_scene
    from worker_node.runtimes.train import make_dataset
    from worker_node.staking import connect, register, stake

    started = time.monotonic()
    rec = Recorder()
    instrument(rec)
    result: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        provider = stack.enter_context(networks.parse_network_choice("ethereum:local:foundry"))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gpuhive-worker-bench-")))
        acct = accounts.test_accounts
        key_of = lambda a: bytes.fromhex(str(a.private_key).removeprefix("0x"))  # noqa: E731
        oracle_accounts, worker_account, requester = acct[1:4], acct[4], acct[8]
        manifest, contracts = deploy(
            acct[0], DeployParams(oracle_signers=[a.address for a in oracle_accounts], threshold=2)
        )
        deployment = manifest.save(tmp / "deployment.json")
        contracts["HiveToken"].transfer(requester, 10_000 * TOKEN, sender=acct[0])
        contracts["HiveToken"].transfer(worker_account, STAKE_UNITS * TOKEN, sender=acct[0])

        ports = [free_port() for _ in oracle_accounts]
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for i, oracle in enumerate(oracle_accounts):
            peers = [PeerConfig(address=o.address, url=urls[j]) for j, o in enumerate(oracle_accounts) if j != i]
            # production defaults (poll 1 s, 60 s leases, 15 s heartbeats) except confirmations and the reveal
            # wait: anvil mines only on transactions, so either would wait for the next job
            config = OracleConfig(
                name=f"oracle{i}",
                database_url=f"sqlite:///{tmp}/oracle{i}.db",
                api_port=ports[i],
                peers=peers,
                key_env=KEY_ENV,
                confirmations=0,
                reveal_wait_blocks=0,
                storage=StorageConfig(kind="local", path=str(tmp / "store")),
            )
            (tmp / f"oracle{i}.json").write_text(config.model_dump_json())
            proc = OracleProcess(tmp / f"oracle{i}.json", deployment, provider.http_uri, key_of(oracle))
            stack.callback(proc.close)
        store = LocalStore(tmp / "store")
        print(f"anvil, contracts and 3 oracle processes up ({time.monotonic() - started:.1f} s)", flush=True)

        scene = make_test_scene(tmp / "scene" / "scene.blend", frames=RENDER_TASKS)
        render_text = render_spec(store.put_file(scene))
        job_ids = [create_job(contracts, requester, store, render_text)]
        for i in range(TRAIN_JOBS):
            dataset = make_dataset(
                tmp / f"data{i}.npz", examples=TRAIN_EXAMPLES, classes=10, image_shape=(3, 32, 32), seed=i
            )
            job_ids.append(create_job(contracts, requester, store, train_spec(store.put_file(dataset), i)))
        wait_running(urls, job_ids)
        print(f"jobs {job_ids} created and queued ({time.monotonic() - started:.1f} s)", flush=True)

        config = WorkerConfig.model_validate(
            {
                "rpc_url": provider.http_uri,
                "deployment": str(deployment),
                "oracles": urls,
                "storage": {"kind": "local", "path": str(tmp / "store")},
                "work_dir": str(tmp / "worker"),
            }
        )
        chain = connect(config, key_of(worker_account), Web3(Web3.HTTPProvider(provider.http_uri)))
        register(chain, Capability.RENDER | Capability.TRAIN | Capability.COMPUTE)
        stake(chain, STAKE_UNITS * TOKEN)
        agent = Agent(config, key_of(worker_account))
        total = RENDER_TASKS + TRAIN_JOBS
        agent_started = time.monotonic()
        agent.start()
        try:
            deadline = time.monotonic() + AGENT_TIMEOUT_S
            done = 0
            while time.monotonic() < deadline:
                works = rec.named("work")
                if len(works) > done:
                    done = len(works)
                    w = works[-1]
                    print(
                        f"  {w.info['kind']} task {w.info['task']} of job {w.info['job_id']}: "
                        f"{w.s:.2f} s ({done}/{total})",
                        flush=True,
                    )
                if done >= total:
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"the agent finished {done}/{total} tasks in {AGENT_TIMEOUT_S:g}s")
        finally:
            agent.stop()
        agent_phase_s = time.monotonic() - agent_started
        rows = per_task(rec)
        if any(r["role"] != "run" for r in rows) or agent.metrics.failures.labels(kind="render")._value.get():
            raise RuntimeError(f"unexpected leases or failures: {rows}")

        print("spot check: re-rendering crops vs the full render", flush=True)
        spot = spot_check(rec, scene, render_text, tmp / "spot")

        render_rows = [r for r in rows if r["kind"] == "render"]
        train_rows = [r for r in rows if r["kind"] == "train"]
        logins = rec.named("login")
        empty = [s for s in rec.named("lease") if not s.info.get("lease_id")]
        gaps = [r["idle_gap_before_s"] for r in rows if r["idle_gap_before_s"] is not None]
        render_sum, train_sum = summarize(render_rows), summarize(train_rows)
        result = {
            "render_overhead_fraction": render_sum["overhead_fraction_median"],
            "train_overhead_fraction": train_sum["overhead_fraction_median"],
            "render_spotcheck_fraction": spot["fraction_median"],
            "goal_fraction": 0.05,
            "render": {
                **render_sum,
                "resolution": list(RENDER_RES),
                "samples": RENDER_SAMPLES,
                "frames_per_task": 1,
                "scene": "worker_node.runtimes.scenes.make_test_scene (plane, cube, UV sphere, cone, sun; animated)",
                "scene_bytes": scene.stat().st_size,
                "device": "Cycles CPU, 2 threads",
                "per_task": render_rows,
            },
            "train": {
                **train_sum,
                "architecture": "cnn_small (3×32×32, width 32, depth 3, 10 classes)",
                "examples": TRAIN_EXAMPLES,
                "batch_size": TRAIN_BATCH,
                "epochs": TRAIN_EPOCHS,
                "steps": TRAIN_EPOCHS * (TRAIN_EXAMPLES // TRAIN_BATCH),
                "checkpoints_per_task": 2,
                "dataset_bytes": (tmp / "data0.npz").stat().st_size,
                "device": "torch CPU, 1 thread",
                "per_task": train_rows,
            },
            "spotcheck": spot,
            "not_in_fraction": {
                "login_once_per_oracle_s": [round(s.s, 4) for s in logins],
                "empty_long_polls": len(empty),
                "empty_long_poll_s_total": round(sum(s.s for s in empty), 3),
                "idle_gap_between_tasks_s": gaps,
                "idle_gap_between_tasks_s_median": round(statistics.median(gaps), 3) if gaps else None,
                "lease_wait_seconds": config.lease_wait_seconds,
            },
            "setup": {
                "oracles": "3 OracleService processes (k = 2), production defaults, confirmations 0",
                "chain": "anvil (ape-foundry)",
                "agent": "worker_node.agent.Agent in this process, WorkerConfig defaults",
                "storage": "local content-addressed store (shared folder)",
                "agent_phase_s": round(agent_phase_s, 1),
            },
            "machine": {
                "cores": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "seconds": round(time.monotonic() - started, 1),
        }
        result["notes"] = notes(result, len(urls))
    rec.undo()
    return result


def notes(r: dict[str, Any], oracles: int) -> list[str]:
    sp, n = r["spotcheck"], r["not_in_fraction"]
    return [
        "compute includes the runtime child's interpreter start, engine import (bpy ~0.6 s, torch ~2-3 s) "
        "and exit: *_child_startup_exit_s_median; *_overhead_fraction_vs_warm_engine_median divides by the "
        "child's own seconds instead",
        f"idle gap between tasks (measured {n['idle_gap_between_tasks_s']}): the agent asks every oracle "
        "without waiting before it long-polls, so a busy oracle is asked again at once; "
        "*_overhead_fraction_with_idle_gap_median counts the gap",
        f"spot check: on the warm engine the crops cost {sp['crops_s_median']:.2f} s vs "
        f"{sp['full_render_s_median']:.2f} s for the full render; with a fresh Blender child each they cost "
        f"{sp['cold_crops_s_median']:.2f} s vs {sp['cold_full_render_s_median']:.2f} s "
        f"({sp['cold_fraction_median']:.1%}): the child's start and `import bpy` (~1 s) dominate tiny crops",
    ]


def print_summary(r: dict[str, Any]) -> None:
    def pct(x: float) -> str:
        return f"{x:.2%}"

    print("\n=== worker benchmark ===")
    for kind in ("render", "train"):
        s = r[kind]
        verdict = "ok" if r[f"{kind}_overhead_fraction"] <= r["goal_fraction"] else "MISSES the 5 % goal"
        print(
            f"{kind}: overhead {s['overhead_s_median']:.3f} s per task vs compute {s['compute_s_median']:.2f} s "
            f"-> {pct(r[f'{kind}_overhead_fraction'])} ({verdict}); median of {s['tasks']} tasks"
        )
        print(
            f"  compute = child startup+exit {s['child_startup_exit_s_median']:.2f} s + engine's own "
            f"{s['child_own_s_median']:.2f} s; vs a warm engine: {pct(s['overhead_fraction_vs_warm_engine_median'])}"
        )
        print(
            "  overhead parts (median s): " + ", ".join(f"{k} {v:.3f}" for k, v in s["overhead_parts_s_median"].items())
        )
    sp = r["spotcheck"]
    verdict = "ok" if r["render_spotcheck_fraction"] <= r["goal_fraction"] else "MISSES the 5 % goal"
    print(
        f"spot check: 3 crops {sp['crops_s_median']:.2f} s vs full render {sp['full_render_s_median']:.2f} s -> "
        f"{pct(r['render_spotcheck_fraction'])} ({verdict})"
    )
    print(
        f"  with a fresh Blender child each: crops {sp['cold_crops_s_median']:.2f} s vs full "
        f"{sp['cold_full_render_s_median']:.2f} s -> {pct(sp['cold_fraction_median'])}"
    )
    n = r["not_in_fraction"]
    print(
        f"not counted: login {n['login_once_per_oracle_s']} s once per oracle; idle gaps between tasks "
        f"{n['idle_gap_between_tasks_s']} s ({n['empty_long_polls']} empty long-polls)"
    )
    print(
        f"  with the idle gap: render {pct(r['render']['overhead_fraction_with_idle_gap_median'])}, "
        f"train {pct(r['train']['overhead_fraction_with_idle_gap_median'])}"
    )
    print(
        f"machine: {r['machine']['cores']} cores, load {r['machine']['load_average_at_end']}; run took {r['seconds']} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve-oracle", action="store_true")
    parser.add_argument("--config")
    parser.add_argument("--deployment")
    parser.add_argument("--rpc")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the results file")
    args = parser.parse_args()
    if args.serve_oracle:
        return serve_oracle(args)
    result = run(args)
    print_summary(result)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
