"""Running one lease: fetch its inputs, run the right runtime, name and digest the outputs, upload them.

What the oracle expects of each lease (see ``oracles/checks.py``):

- a **run** uploads a folder with exactly ``task.outputs`` and signs the
  runtime's digest (render: decoded pixels, train: last checkpoint's
  tensors, compute: the chunk bytes);
- a **render check** uploads ``crop_XX_0.png`` and ``crop_XX_1.png`` for
  every crop of ``check["crops"]`` of ``check["frame"]``, rendered with
  ``check["seeds"][0]`` and ``check["seeds"][1]``;
- a **train check** uploads ``replay_<step_to:010d>.safetensors`` for every
  segment of ``check["segments"]``, replayed from ``segment["start"]``;
- a check's digest is ``bytes_digest`` over its files sorted by name.

Runtimes raise ``RuntimeFailure`` (Blender or PyTorch failed, limits hit);
inputs raise ``InputError``; both become a failure report, never a hang.

``stage`` hears the lease's stage (the heartbeat's ``progress``);
``fraction`` hears the runtime's own completion fraction while it runs, where
it has one (render: frames or crops and their samples; train: steps, a
check's segments weighted by their steps); compute and zk report none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protocol.digests import bytes_digest, image_digest
from protocol.jobspec import AnySpec, Task, load_spec
from protocol.jobspec.models import ComputeSpec, RenderSpec, TrainSpec
from protocol.jobspec.seeds import MAX_RENDER_SEED, Crop, RenderCheck
from protocol.jobspec.zk import ZkSpec
from protocol.leases import Lease
from protocol.storage import StorageError, Store
from protocol.storage.folder_manifest import put_manifest
from worker_node.config import LimitsSection
from worker_node.inputs import InputError, InputFetcher
from worker_node.runtimes.sandbox import Limits, RuntimeFailure, WarmChild

log = logging.getLogger(__name__)

# Stages of a lease, as the progress a heartbeat reports.
FETCHING, RUNNING, UPLOADING = 0.05, 0.1, 0.95


@dataclass(frozen=True)
class Outputs:
    files: dict[str, Path]  # name in the output folder -> local file
    digest: bytes  # what the worker signs


def task_of(lease: Lease) -> Task:
    t = lease.task
    return Task(index=int(t["index"]), kind=str(t["kind"]), params=dict(t["params"]), outputs=tuple(t["outputs"]))


def load_lease_spec(store: Store, lease: Lease) -> AnySpec:
    try:
        spec = load_spec(store.get_bytes(lease.spec_cid))
    except (StorageError, ValueError) as exc:
        raise InputError(f"job spec {lease.spec_cid} could not be fetched or parsed: {exc}") from None
    if spec.kind != lease.job_kind:
        raise InputError(f"spec {lease.spec_cid} is a {spec.kind} job, the lease says {lease.job_kind}")
    return spec


def run_lease(
    lease: Lease,
    spec: AnySpec,
    fetch: InputFetcher,
    out_dir: Path,
    limits: LimitsSection,
    device: str = "auto",
    stage: Callable[[float], None] = lambda _: None,
    engines: dict[str, Any] | None = None,
    fraction: Callable[[float], None] | None = None,
) -> Outputs:
    """Fetch, run and digest one lease into ``out_dir``; raises ``InputError`` or ``RuntimeFailure``.

    ``engines`` may hold warm engine processes by kind (``"render"``: a
    ``WarmChild`` that keeps Blender loaded between tasks). ``fraction`` (None: not wanted) hears the
    runtime's completion fraction (the module docstring).
    """
    task = task_of(lease)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if isinstance(spec, RenderSpec):
            engine = (engines or {}).get("render")
            return _render(
                lease, spec, task, fetch, out_dir, limits.render.to_limits(), device, stage, engine, fraction
            )
        if isinstance(spec, TrainSpec):
            return _train(lease, spec, task, fetch, out_dir, limits.train.to_limits(), device, stage, fraction)
        if isinstance(spec, ComputeSpec):
            return _compute(lease, spec, task, out_dir, limits.compute.to_limits(), stage)
        if isinstance(spec, ZkSpec):
            return _zk(lease, spec, task, fetch, out_dir, limits.zk.to_limits(), stage)
    except ValueError as exc:  # a runtime's argument check: the lease does not fit the spec
        raise RuntimeFailure(f"the lease does not fit the spec: {exc}") from None
    raise RuntimeFailure(f"unknown job kind {spec.kind!r}")


def _render(
    lease: Lease,
    spec: RenderSpec,
    task: Task,
    fetch: InputFetcher,
    out_dir: Path,
    limits: Limits,
    device: str,
    stage: Callable[[float], None],
    engine: WarmChild | None = None,
    fraction: Callable[[float], None] | None = None,
) -> Outputs:
    from worker_node.runtimes.render import render_crops, render_task

    stage(FETCHING)
    scene = fetch.scene(spec)
    stage(RUNNING)
    if lease.role == "run":
        result = render_task(spec, task, scene, out_dir, device=device, limits=limits, engine=engine, progress=fraction)
        return Outputs(dict(zip(task.outputs, result.files)), result.digest)
    check = _check(lease, "render")
    rc = RenderCheck(
        frame=int(check["frame"]), crops=tuple(Crop(*box) for box in check["crops"]), seeds=_render_seeds(check)
    )
    files = render_crops(spec, task, rc, scene, out_dir, device=device, limits=limits, engine=engine, progress=fraction)
    return _check_outputs({path.name: path for path in files})


def _train(
    lease: Lease,
    spec: TrainSpec,
    task: Task,
    fetch: InputFetcher,
    out_dir: Path,
    limits: Limits,
    device: str,
    stage: Callable[[float], None],
    fraction: Callable[[float], None] | None = None,
) -> Outputs:
    from worker_node.runtimes.train import replay_segment, train_task

    stage(FETCHING)
    dataset = fetch.dataset(spec)
    if lease.role == "run":
        resume = lease.inputs.get("resume")
        checkpoint = fetch.ref(resume, "resume checkpoint") if resume else None
        stage(RUNNING)
        result = train_task(spec, task, dataset, checkpoint, out_dir, device=device, limits=limits, progress=fraction)
        return Outputs(dict(zip(task.outputs, result.files)), result.digest)
    check = _check(lease, "train")
    starts = [fetch.ref(seg["start"], "replay start") if seg.get("start") else None for seg in check["segments"]]
    stage(RUNNING)
    files = {}
    steps = [max(int(seg["step_to"]) - int(seg["step_from"]), 0) for seg in check["segments"]]
    total, before = max(sum(steps), 1), 0
    for seg, start, n in zip(check["segments"], starts, steps):
        name = f"replay_{int(seg['step_to']):010d}.safetensors"
        part = None if fraction is None else _part_of(fraction, before / total, n / total)
        files[name] = replay_segment(
            spec,
            dataset,
            start,
            int(seg["step_from"]),
            int(seg["step_to"]),
            out_dir / name,
            device=device,
            limits=limits,
            progress=part,
        )
        before += n
    return _check_outputs(files)


def _part_of(fraction: Callable[[float], None], start: float, width: float) -> Callable[[float], None]:
    """``fraction`` for one part of a lease's work, ``width`` of it after ``start``."""
    return lambda f: fraction(min(start + width * f, 1.0))


def _compute(
    lease: Lease, spec: ComputeSpec, task: Task, out_dir: Path, limits: Limits, stage: Callable[[float], None]
) -> Outputs:
    from worker_node.runtimes.compute import compute_task

    if lease.role != "run":
        raise RuntimeFailure("compute jobs are verified by replicas; a compute check lease is not supported")
    stage(RUNNING)
    result = compute_task(spec, task, out_dir, limits=limits)
    return Outputs(dict(zip(task.outputs, result.files)), result.digest)


def _zk(
    lease: Lease,
    spec: ZkSpec,
    task: Task,
    fetch: InputFetcher,
    out_dir: Path,
    limits: Limits,
    stage: Callable[[float], None],
) -> Outputs:
    from worker_node.runtimes.zk import zk_task

    if lease.role != "run":
        raise RuntimeFailure("zk jobs are verified by their proofs; a zk check lease is not supported")
    stage(FETCHING)
    model, inputs = fetch.file(spec.model.cid, "model weights"), fetch.file(spec.inputs.cid, "inputs")
    stage(RUNNING)
    result = zk_task(spec, task, lease.job_id, model, inputs, out_dir, limits=limits)
    return Outputs(dict(zip(task.outputs, result.files)), result.digest)


def _check(lease: Lease, kind: str) -> dict[str, Any]:
    check = lease.check or {}
    if check.get("kind") != kind:
        raise RuntimeFailure(f"check lease of a {kind} job carries a {check.get('kind')!r} check")
    return check


def _render_seeds(check: dict[str, Any]) -> tuple[int, int]:
    """The two Cycles seeds of a render check: distinct ints in 1..MAX_RENDER_SEED, else ``RuntimeFailure``."""
    seeds = check.get("seeds")
    if (
        not isinstance(seeds, list)
        or len(seeds) != 2
        or not all(type(s) is int and 1 <= s <= MAX_RENDER_SEED for s in seeds)
        or seeds[0] == seeds[1]
    ):
        raise RuntimeFailure(f"render check carries no two distinct seeds in 1..{MAX_RENDER_SEED}: {seeds!r}")
    return seeds[0], seeds[1]


def _check_outputs(files: dict[str, Path]) -> Outputs:
    return Outputs(files, bytes_digest(files[name].read_bytes() for name in sorted(files)))


def recompute_digest(lease: Lease, files: dict[str, Path]) -> bytes:
    """The digest of outputs already on disk, as the runtime computed it (to trust them after a restart).

    Raises ``OSError``/``ValueError``/``RuntimeFailure`` when a file is missing or unreadable.
    """
    task = task_of(lease)
    if lease.role == "check":
        return bytes_digest(files[name].read_bytes() for name in sorted(files))
    missing = [name for name in task.outputs if name not in files or not files[name].is_file()]
    if missing:
        raise FileNotFoundError(f"outputs missing: {', '.join(missing)}")
    if lease.job_kind == "render":
        from worker_node.runtimes.render import load_images

        return image_digest(zip(task.outputs, load_images([files[n] for n in task.outputs])))
    if lease.job_kind == "train":
        from worker_node.runtimes.train import checkpoint_digest

        last = task.outputs[-1]
        return checkpoint_digest(files[last], int(task.params["step_end"]))
    return bytes_digest(files[name].read_bytes() for name in task.outputs)


#: Outputs below this size are stored from memory: ``put_file``'s parallel hashing (a thread pool per file)
#: cost 1.9 ms of CPU for a 40-byte chunk against 0.3 ms for ``put_bytes`` (the same CID either way).
SMALL_OUTPUT_BYTES = 1 << 20


def upload_outputs(store: Store, files: dict[str, Path]) -> str:
    """Store every output file and a directory manifest naming them; return the folder's CID."""
    return put_manifest(
        store,
        {
            name: store.put_bytes(path.read_bytes())
            if path.stat().st_size < SMALL_OUTPUT_BYTES
            else store.put_file(path)
            for name, path in sorted(files.items())
        },
    )
