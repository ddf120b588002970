"""A small GPUHive network for oracle tests: contracts on the session's anvil node, three
oracle services (k = 2) in this process, and simulated workers that call the real HTTP API.

Simulated workers stand in for the compute engines only (the worker-node
tests use real Blender and PyTorch): they produce deterministic outputs
that the oracle's real verification engines can check — PNG frames whose
pixels are a function of the frame and pixel position (so a crop re-render
matches), safetensors checkpoints that are a function of the step (so a
replay matches), and byte chunks for compute. A *liar* returns other bytes.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from safetensors.numpy import save as save_tensors

from gpuhive.ports import free_port
from oracles.config import OracleConfig, PeerConfig
from oracles.service import OracleService
from protocol.config import CommitteePolicy, StorageConfig
from protocol.contracts import TOKEN, Capability, DeployParams, Role
from protocol.digests import bytes_digest, image_digest, tensors_digest
from protocol.jobspec import canonical_bytes, load_spec, spec_hash
from protocol.jobspec.seeds import crop_file_name
from protocol.leases import Lease
from protocol.result_manifest import ResultManifest
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from worker_node.oracle_client import OracleClient

ALL_CAPS = Capability.RENDER | Capability.TRAIN | Capability.COMPUTE
STAKE = 100 * TOKEN


# --------------------------------------------------------------------------- simulated engines


def synth_pixels(frame: int, min_x: int, max_x: int, min_y: int, max_y: int, seed: int = 0) -> np.ndarray:
    """RGBA rows from the top of a box in Blender border coordinates (y from the bottom).

    Like a path tracer, each render seed adds its own noise (-3..3 per channel, keyed by the pixel's frame
    coordinates and the seed): a crop and a tile of one seed agree, two seeds are independent renders.
    """
    xs, ys = np.meshgrid(np.arange(min_x, max_x), np.arange(max_y - 1, min_y - 1, -1))
    r = (xs * 3 + ys * 5 + frame * 7) % 200 + 20
    g = (xs * 2 + frame * 11) % 200 + 20
    b = (ys * 4 + frame * 13) % 200 + 20
    a = np.full_like(r, 255)
    rgb = [c + _noise(xs, ys, frame, seed, k) for k, c in enumerate((r, g, b))]
    return np.stack([*rgb, a], axis=-1).astype(np.uint8)


def _noise(xs: np.ndarray, ys: np.ndarray, frame: int, seed: int, channel: int) -> np.ndarray:
    key = (frame * 1_000_003 + seed * 7_919 + channel) % 2**32
    z = (xs.astype(np.uint64) << np.uint64(32)) ^ ys.astype(np.uint64) ^ (np.uint64(key) << np.uint64(16))
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z % np.uint64(7)).astype(np.int64) - 3


def png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG")
    return buf.getvalue()


def synth_checkpoint(step: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng([seed, step])
    return {"model.w": rng.standard_normal((8, 4)).astype(np.float32), "optim.step": np.array([step], np.int64)}


def _outputs_run(spec: Any, lease: Lease, liar: bool) -> tuple[dict[str, bytes], bytes]:
    task = lease.task
    if spec.kind == "render":
        tile = task["params"]["tile"]
        images = []
        files = {}
        for frame, name in zip(task["params"]["frames"], task["outputs"]):
            pixels = synth_pixels(frame, tile["min_x"], tile["max_x"], tile["min_y"], tile["max_y"])
            if liar:
                pixels = np.random.default_rng().integers(0, 256, pixels.shape, dtype=np.uint8)
            images.append((name, pixels))
            files[name] = png(pixels)
        return files, image_digest(images)
    if spec.kind == "train":
        files, last = {}, {}
        for step, name in zip(task["params"]["checkpoint_steps"], task["outputs"]):
            last = synth_checkpoint(step, spec.seed + (999 if liar else 0))
            files[name] = save_tensors(last)
        return files, tensors_digest(last)
    files = {
        name: hashlib.sha256(f"{lease.job_id}:{lease.task_index}:{name}:{liar}".encode()).digest() * 64
        for name in task["outputs"]
    }
    return files, bytes_digest(files[n] for n in task["outputs"])


def _outputs_check(spec: Any, lease: Lease) -> tuple[dict[str, bytes], bytes]:
    check = lease.check or {}
    if check["kind"] == "render":
        files = {
            crop_file_name(k, j, "png"): png(synth_pixels(check["frame"], *box, seed=seed))
            for k, box in enumerate(check["crops"])
            for j, seed in enumerate(check["seeds"])
        }
    else:
        files = {
            f"replay_{seg['step_to']:010d}.safetensors": save_tensors(synth_checkpoint(seg["step_to"], spec.seed))
            for seg in check["segments"]
        }
    return files, bytes_digest(files[n] for n in sorted(files))


@dataclass
class SimWorker:
    """A worker process stand-in: logs in, long-polls for leases, runs, uploads, submits."""

    clients: list[OracleClient]
    store: LocalStore
    behaviour: str = "honest"  # honest | liar | vanish
    compute_s: float = 0.0
    done: list[tuple[int, int, int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"sim-{self.address[:8]}")

    @property
    def address(self) -> str:
        return self.clients[0].address

    def start(self) -> SimWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for client in self.clients:
            client.close()

    def _loop(self) -> None:
        """Poll every oracle in turn (each leads different jobs), as the worker agent does."""
        while not self._stop.is_set():
            for client in self.clients:
                if self._stop.is_set():
                    return
                try:
                    if client.token is None:
                        client.login()
                    lease = client.lease(wait_s=0.3)
                except Exception as exc:  # an oracle that is down; keep going, the test reads errors
                    self.errors.append(str(exc))
                    time.sleep(0.2)
                    continue
                if lease is None:
                    continue
                if self.behaviour == "vanish":  # like a killed worker: holds one lease, never comes back
                    self.vanished.append(lease.lease_id)
                    return
                try:
                    self.run(client, lease)
                except Exception as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")

    def run(self, client: OracleClient, lease: Lease) -> None:
        spec = load_spec(self.store.get_bytes(lease.spec_cid))
        if self.compute_s:
            time.sleep(self.compute_s)
        if lease.role == "run":
            files, digest = _outputs_run(spec, lease, self.behaviour == "liar")
        else:
            files, digest = _outputs_check(spec, lease)
        cid = put_manifest(self.store, {name: self.store.put_bytes(data) for name, data in files.items()})
        client.submit(lease, digest, cid)
        self.done.append((lease.job_id, lease.task_index, lease.replica, lease.role))


# --------------------------------------------------------------------------- the network


@dataclass
class Network:
    contracts: dict[str, Any]
    manifest: Any
    accounts: Any
    oracle_keys: list[bytes]
    oracles: list[OracleService | None]
    configs: list[OracleConfig]
    store: LocalStore
    anvil_uri: str
    requester: Any
    workers: list[SimWorker] = field(default_factory=list)

    def oracle(self, i: int) -> OracleService:
        svc = self.oracles[i]
        assert svc is not None
        return svc

    def start_oracle(self, i: int) -> OracleService:
        from web3 import Web3

        svc = OracleService(
            self.configs[i],
            Web3(Web3.HTTPProvider(self.anvil_uri)),
            self.manifest,
            self.oracle_keys[i],
            store=self.store,
        )
        svc.start()
        self.oracles[i] = svc
        return svc

    def stop_oracle(self, i: int) -> None:
        svc = self.oracles[i]
        if svc is not None:
            svc.stop()
            self.oracles[i] = None

    def add_worker(
        self,
        account: Any,
        behaviour: str = "honest",
        caps: int = ALL_CAPS,
        oracle: int | None = None,
        compute_s: float = 0.0,
    ) -> SimWorker:
        token, registry = self.contracts["HiveToken"], self.contracts["WorkerRegistry"]
        deployer = self.accounts[0]
        if registry.stake_of(account) == 0:
            token.transfer(account, STAKE, sender=deployer)
            token.approve(registry, STAKE, sender=account)
            registry.register(Role.WORKER, caps, "", sender=account)
            registry.stake(STAKE, sender=account)
        key = bytes.fromhex(str(account.private_key).removeprefix("0x"))
        urls = [f"http://127.0.0.1:{c.api_port}" for c in self.configs]
        if oracle is not None:
            urls = [urls[oracle]]
        worker = SimWorker([OracleClient(url, key, timeout=10.0) for url in urls], self.store, behaviour, compute_s)
        self.workers.append(worker)
        return worker

    def create_job(
        self,
        spec_text: str,
        *,
        budget: int | None = None,
        spec_hash_override: bytes | None = None,
        num_tasks: int | None = None,
    ) -> int:
        """Upload a spec and create its job from the requester; returns the job id."""
        token, escrow = self.contracts["HiveToken"], self.contracts["JobEscrow"]
        cid = self.store.put_bytes(spec_text.encode())
        try:
            spec = load_spec(spec_text)
            h = spec_hash(spec)
            n = spec.num_tasks
            amount = spec.budget
        except Exception:  # an invalid spec: the test gives the on-chain numbers
            h, n, amount = b"\x11" * 32, 1, 10 * TOKEN
        amount = budget if budget is not None else amount
        from ape import chain

        deadline = chain.pending_timestamp + 86_400
        token.approve(escrow, amount, sender=self.requester)
        tx = escrow.create_job(cid, spec_hash_override or h, num_tasks or n, amount, deadline, sender=self.requester)
        return int(tx.decode_logs(escrow.JobCreated)[0].job_id)

    def wait_status(
        self, job_id: int, status: int, timeout: float = 90.0, also: Callable[[], bool] | None = None
    ) -> None:
        escrow = self.contracts["JobEscrow"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if escrow.get_job(job_id).status == status and (also is None or also()):
                return
            time.sleep(0.2)
        states = [svc.job_status(job_id) if svc else None for svc in self.oracles]
        errors = [w.errors[-3:] for w in self.workers]
        raise AssertionError(
            f"job {job_id} not in status {status} after {timeout}s; oracles: {states}; worker errors: {errors}"
        )

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for i in range(len(self.oracles)):
            self.stop_oracle(i)


def build_network(
    accounts: Any,
    anvil_uri: str,
    tmp: Path,
    *,
    lease_seconds: float = 5.0,
    policy: CommitteePolicy | None = None,
    start: bool = True,
    database_urls: list[str] | None = None,
    **settings: Any,
) -> Network:
    """Deploy and configure three oracles (k = 2); ``settings`` override the oracles' config fields
    (e.g. ``confirmations=3``, ``leader_takeover_after_s=5``)."""
    from protocol.deployment import deploy

    oracle_accounts = accounts[1:4]
    # accounts[0] (the deployer) may jail and slash, as the tests of ineligible workers need
    params = DeployParams(
        oracle_signers=[a.address for a in oracle_accounts], threshold=2, extra_slashers=[accounts[0].address]
    )
    manifest, contracts = deploy(accounts[0], params)
    keys = [bytes.fromhex(str(a.private_key).removeprefix("0x")) for a in oracle_accounts]
    ports = [free_port() for _ in oracle_accounts]
    store = LocalStore(tmp / "store")
    configs = []
    for i in range(len(oracle_accounts)):
        peers = [
            PeerConfig(address=other.address, url=f"http://127.0.0.1:{ports[j]}")
            for j, other in enumerate(oracle_accounts)
            if j != i
        ]
        configs.append(
            OracleConfig(
                **{
                    "name": f"oracle{i}",
                    "database_url": database_urls[i] if database_urls else f"sqlite:///{tmp}/oracle{i}.db",
                    "api_port": ports[i],
                    "peers": peers,
                    "storage": StorageConfig(kind="local", path=str(tmp / "store")),
                    "policy": policy or CommitteePolicy(),
                    "poll_interval": 0.2,
                    "confirmations": 0,
                    "lease_seconds": lease_seconds,
                    "heartbeat_seconds": 1.0,
                    "backoff_seconds": 0.2,
                    "peer_timeout_seconds": 10.0,
                    "reveal_wait_blocks": 0,
                    **settings,
                }
            )
        )  # anvil mines a block per transaction: waiting for one would wait for a job
    requester = accounts[8]
    contracts["HiveToken"].transfer(requester, 10_000 * TOKEN, sender=accounts[0])
    net = Network(contracts, manifest, accounts, keys, [None, None, None], configs, store, anvil_uri, requester)
    if start:
        for i in range(3):
            net.start_oracle(i)
    return net


def spec_yaml(kind: str, **over: Any) -> str:
    """Small valid specs of each kind for the tests (budgets computed to cover replicas and checks)."""
    import yaml

    if kind == "compute":
        doc: dict[str, Any] = {
            "kind": "compute",
            "name": "sim compute",
            "kernel": {"name": "sha256_chain", "chains": 6, "length": 10, "seed": 1},
            "items_per_task": 1,
            "replication": 2,
            "verification": {"method": "hash", "spot_check_bps": 0},
        }
    elif kind == "render":
        doc = {
            "kind": "render",
            "name": "sim render",
            "scene_cid": over.pop("scene_cid"),
            "frame_start": 1,
            "frame_end": 4,
            "resolution_x": 64,
            "resolution_y": 48,
            "samples": 4,
            "split": {"frames_per_task": 1, "tiles_x": 2, "tiles_y": 1},
            "verification": {"method": "render", "spot_check_bps": 5000, "crops": 4, "crop_size_bps": 5000},
        }
    else:
        doc = {
            "kind": "train",
            "name": "sim train",
            "architecture": {"name": "mlp", "input_dim": 4, "hidden": [8], "output_dim": 2},
            "dataset": {"cid": over.pop("dataset_cid"), "format": "npz", "examples": 64},
            "optimizer": {"name": "sgd", "lr": 0.1},
            "epochs": 2,
            "batch_size": 8,
            "seed": 3,
            "checkpoint_interval": 4,
            "steps_per_task": 8,
            "verification": {"method": "train", "spot_check_bps": 5000, "replay_segments": 1},
        }
    doc.update({"reward_per_task": TOKEN, "deadline": 1_900_000_000}, **over)
    spec_nobudget = {**doc, "budget": 10**30}
    needed = load_spec(yaml.safe_dump(spec_nobudget)).budget_needed
    doc.setdefault("budget", needed)
    text = yaml.safe_dump(doc)
    canonical_bytes(load_spec(text))  # valid
    return text


def job_manifest(net: Network, job_id: int) -> tuple[ResultManifest, str]:
    """The result manifest an oracle of ``net`` recorded for ``job_id``, and its CID."""
    cid = None
    for svc in net.oracles:
        status = svc.job_status(job_id) if svc else None
        if status and status.manifest_cid:
            cid = status.manifest_cid
    assert cid, "no oracle recorded a manifest"
    return ResultManifest.model_validate_json(net.store.get_bytes(cid)), cid


# --------------------------------------------------------------------------- the chain under the oracles


class BlockMiner:
    """Mines a block every ``period`` seconds (``evm_mine``), so events reach a confirmation depth on anvil's
    automine chain; ``paused()`` holds the chain still (to reorganise it at a known depth)."""

    def __init__(self, anvil_uri: str, period: float = 0.3) -> None:
        from web3 import Web3

        self.w3 = Web3(Web3.HTTPProvider(anvil_uri))
        self.period = period
        self._run = threading.Event()
        self._run.set()
        self._idle = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="block-miner")

    def start(self) -> BlockMiner:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._run.set()
        if self._thread.is_alive():  # never started (the network failed to start): nothing to join
            self._thread.join(timeout=10)

    def pause(self) -> None:
        """Stop mining; returns once no ``evm_mine`` is in flight."""
        self._run.clear()
        self._idle.wait(timeout=10)

    def resume(self) -> None:
        self._run.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._idle.set()
            self._run.wait()
            if self._stop.is_set():
                return
            self._idle.clear()
            if self._run.is_set():
                self.w3.provider.make_request("evm_mine", [])
            self._idle.set()
            self._stop.wait(self.period)

    def snapshot(self) -> str:
        """``evm_snapshot``: the chain as it is now, for ``replace_from``."""
        return str(self.w3.provider.make_request("evm_snapshot", [])["result"])

    def replace_from(self, snapshot: str, txs: Callable[[], list[str]], until: int) -> None:
        """A reorganisation back to ``snapshot``: every block after it replaced by blocks holding ``txs()``
        (raw, signed after the revert, one block each) and empty ones, up to block ``until`` (pause first).

        ``anvil_reorg`` rebuilds the fork block's state from its history by block number, which Ape's per-test
        ``evm_revert`` makes ambiguous: numbers are reused, and a reorg late in the session once restored a
        state without the contracts. A snapshot is the state itself."""
        reply = self.w3.provider.make_request("evm_revert", [snapshot])
        assert reply.get("result") is True, reply
        for raw in txs():
            self.w3.eth.send_raw_transaction(raw)
        while self.w3.eth.block_number < until:
            self.w3.provider.make_request("evm_mine", [])

    def reorg(self, depth: int, txs: list[tuple[str, int]] | None = None) -> None:
        """``anvil_reorg``: replace the newest ``depth`` blocks with new ones holding ``txs`` (raw, block offset)."""
        reply = self.w3.provider.make_request("anvil_reorg", [depth, [list(t) for t in txs or []]])
        assert "error" not in reply, reply


def settle_events(net: Network, job_id: int) -> list[dict[str, Any]]:
    """The args of the canonical chain's JobSettled logs of ``job_id`` (every round), read fresh."""
    from web3 import Web3

    from protocol.chain import ChainClient

    chain = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest)
    logs = chain.escrow.events.JobSettled().get_logs(
        from_block=net.manifest.start_block, argument_filters={"job_id": job_id}
    )
    return [dict(entry["args"]) for entry in logs]
