"""The worker's ``render`` runtime: render a task's frames (or tile) of a Blender scene with Cycles.

This is the parent side; it never imports ``bpy``. Blender runs in a child
process (``worker_node.runtimes.render_child``) under the wall-clock and
memory limits of ``worker_node.runtimes.sandbox``, opens the scene with
script auto-execution off, fixes every setting that makes pixels vary
(seed, samples, denoiser, adaptive sampling, threads, ...) and writes the
task's outputs.

- ``render_task`` renders a task: every frame of its run, restricted to its
  tile (render border, cropped to it) when the job is tiled, to files named
  exactly ``task.outputs``; it returns the render digest the worker signs.
- ``render_crops`` re-renders only some crop boxes of one frame of a task
  (a render spot check), twice per crop with the check's two seeds, so the
  oracle can test ``submitted_tile[crop_slices(crop, tile)]`` against two
  independent renders.

Devices: ``"auto"`` uses a Cycles GPU backend (OptiX, CUDA, HIP, Metal,
oneAPI) when one has a device and the CPU otherwise, and says which in
``RenderResult.device`` and the log; ``"cpu"`` or a backend name forces it.

Both take ``progress``, called while Blender runs with the fraction done
(frames or crops rendered, and the samples of the one rendering), clamped
to 0..1 and never decreasing; it ends at 1 when every file is rendered.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from protocol.digests import crop_slices, image_digest
from protocol.jobspec.models import OutputFormat, RenderSpec
from protocol.jobspec.seeds import WORKER_RENDER_SEED, RenderCheck, crop_file_name
from protocol.jobspec.slicing import Task
from worker_node.runtimes.sandbox import Limits, RuntimeFailure, WarmChild, run_child

log = logging.getLogger(__name__)

CHILD = "worker_node.runtimes.render_child"
DEFAULT_LIMITS = Limits()  # frozen, so one shared default is safe
BLEND_MAGICS = (b"BLENDER", b"\x28\xb5\x2f\xfd", b"\x1f\x8b")  # plain, zstd- and gzip-compressed .blend


@dataclass(frozen=True)
class RenderResult:
    """What a render task produced: its files in output order, their digest, the device and Blender's wall time."""

    files: list[Path]
    digest: bytes
    device: str
    seconds: float


def warm_engine(limits: Limits = DEFAULT_LIMITS) -> WarmChild:
    """A Blender process kept loaded between renders (started on first use); ``close()`` it when done."""
    return WarmChild(CHILD, limits)


def render_task(
    spec: RenderSpec,
    task: Task,
    scene_file: Path,
    out_dir: Path,
    *,
    device: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    engine: WarmChild | None = None,
    progress: Callable[[float], None] | None = None,
) -> RenderResult:
    """Render ``task`` of ``spec`` from ``scene_file`` into ``out_dir``; return files, digest and device.

    Raises ``RuntimeFailure`` when the scene is missing or not a .blend, a
    frame is outside the scene's range, Blender fails or the wall-clock
    limit passes; ``ValueError`` when ``task`` is not a render task.
    """
    _check_task(task)
    tile = task.params["tile"]
    frames: list[int] = task.params["frames"]
    border = _tile_border(spec, tile)
    files = [Path(out_dir) / name for name in task.outputs]  # one per frame: _check_task
    jobs: list[dict[str, Any]] = [
        {"frame": frame, "border": border, "path": path} for frame, path in zip(frames, files)
    ]
    started = time.monotonic()
    reply = _run_render(spec, scene_file, jobs, device, limits, engine, progress)
    seconds = time.monotonic() - started
    shape = (tile["max_y"] - tile["min_y"], tile["max_x"] - tile["min_x"])
    images = [_checked(pixels, shape, path) for pixels, path in zip(load_images(files, limits), files)]
    digest = image_digest(zip(task.outputs, images))
    log.info(
        "rendered task %d: %d file(s) on %s in %.1f s",
        task.index,
        len(files),
        reply["device"],
        seconds,
        extra={"task_index": task.index, "device": reply["device"], "seconds": seconds},
    )
    return RenderResult(files=files, digest=digest, device=reply["device"], seconds=seconds)


def render_crops(
    spec: RenderSpec,
    task: Task,
    check: RenderCheck,
    scene_file: Path,
    out_dir: Path,
    *,
    device: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    engine: WarmChild | None = None,
    progress: Callable[[float], None] | None = None,
) -> list[Path]:
    """Re-render each crop of ``check`` with each of its two seeds, to ``crop_00_0.<ext>``, ``crop_00_1.<ext>``, ...

    Each file's pixels are comparable to ``tile_image[crop_slices(crop, tile)]``
    of the task's submitted output for ``check.frame``. Raises ``ValueError``
    when the check does not belong to the task or its seeds are not two
    distinct non-zero ones, ``RuntimeFailure`` as ``render_task`` does.
    """
    _check_task(task)
    tile = task.params["tile"]
    if check.frame not in task.params["frames"]:
        raise ValueError(f"frame {check.frame} is not one of task {task.index}'s frames {task.params['frames']}")
    for crop in check.crops:
        crop_slices(crop, tile)  # raises ValueError when the crop is outside the tile
    if len(set(check.seeds)) != 2 or WORKER_RENDER_SEED in check.seeds:
        raise ValueError(f"a render check needs two distinct seeds other than {WORKER_RENDER_SEED}: {check.seeds}")
    ext = spec.output_format.value.lower()
    out_dir = Path(out_dir)
    jobs: list[dict[str, Any]] = [
        {
            "frame": check.frame,
            "border": [c.min_x, c.max_x, c.min_y, c.max_y],
            "seed": seed,
            "path": out_dir / crop_file_name(i, j, ext),
        }
        for i, c in enumerate(check.crops)
        for j, seed in enumerate(check.seeds)
    ]
    reply = _run_render(spec, scene_file, jobs, device, limits, engine, progress)
    files = [Path(job["path"]) for job in jobs]
    boxes = [crop for crop in check.crops for _ in check.seeds]
    for crop, pixels, path in zip(boxes, load_images(files, limits), files):
        _checked(pixels, (crop.max_y - crop.min_y, crop.max_x - crop.min_x), path)
    log.info(
        "re-rendered %d crop(s) of frame %d of task %d twice on %s",
        len(check.crops),
        check.frame,
        task.index,
        reply["device"],
        extra={"task_index": task.index, "device": reply["device"]},
    )
    return files


def load_images(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> list[np.ndarray]:
    """Decoded pixels (height × width × channels, row 0 at the top) of rendered images, in order.

    PNG is decoded with Pillow (uint8); EXR, which Pillow cannot read, with
    Blender's reader in one child process (float32 RGBA).
    """
    from PIL import Image

    arrays: dict[int, np.ndarray] = {}
    exr = [i for i, path in enumerate(paths) if Path(path).suffix.lower() == ".exr"]
    for i, path in enumerate(paths):
        if i not in exr:
            with Image.open(path) as image:
                arrays[i] = np.asarray(image)
    if exr:
        arrays.update(zip(exr, _decode_exr([paths[i] for i in exr], limits)))
    return [arrays[i] for i in range(len(paths))]


# --------------------------------------------------------------------------- helpers


def _check_task(task: Task) -> None:
    if task.kind != "render":
        raise ValueError(f"task {task.index} is a {task.kind} task, not a render task")
    if len(task.params["frames"]) != len(task.outputs):
        raise ValueError(f"task {task.index} has {len(task.params['frames'])} frames but {len(task.outputs)} outputs")
    for name in task.outputs:
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"task {task.index} output {name!r} is not a plain file name")


def _tile_border(spec: RenderSpec, tile: Mapping[str, int]) -> list[int] | None:
    """The tile as a render border, or None when it is the whole frame."""
    border = [tile["min_x"], tile["max_x"], tile["min_y"], tile["max_y"]]
    return None if border == [0, spec.resolution_x, 0, spec.resolution_y] else border


def check_scene_file(scene_file: Path) -> Path:
    """``scene_file`` resolved, after checking it exists and starts like a .blend; else ``RuntimeFailure``."""
    path = Path(scene_file)
    if not path.is_file():
        raise RuntimeFailure(f"scene file not found: {path}")
    with path.open("rb") as f:
        head = f.read(8)
    if not head.startswith(BLEND_MAGICS):
        raise RuntimeFailure(f"{path} is not a .blend file (it starts with {head!r}, not b'BLENDER')")
    return path.resolve()


def _run_render(
    spec: RenderSpec,
    scene_file: Path,
    jobs: list[dict[str, Any]],
    device: str,
    limits: Limits,
    engine: WarmChild | None = None,
    progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    """Run the render child for ``jobs``; stale outputs are removed first so a failure never leaves old files."""
    scene = check_scene_file(scene_file)
    for job in jobs:
        Path(job["path"]).parent.mkdir(parents=True, exist_ok=True)
        Path(job["path"]).unlink(missing_ok=True)
    request = {
        "op": "render",
        "scene": str(scene),
        "device": device,
        "resolution": [spec.resolution_x, spec.resolution_y],
        "samples": spec.samples,
        "format": OutputFormat(spec.output_format).value,
        "jobs": [{**job, "path": str(Path(job["path"]).resolve())} for job in jobs],
    }
    try:
        reply = (
            engine.call(request, limits.wall_seconds, on_progress=progress)
            if engine is not None
            else run_child(CHILD, request, limits, on_progress=progress)
        )
    except RuntimeFailure as exc:
        raise RuntimeFailure(f"Blender could not render {scene}: {exc.reason.strip()}", exc.log_tail) from None
    missing = [job["path"] for job in jobs if not Path(job["path"]).is_file()]
    if missing:
        raise RuntimeFailure(f"Blender reported success but did not write {', '.join(map(str, missing))}")
    device_used = str(reply.get("device", "unknown"))
    log.info("render device: %s", device_used, extra={"device": device_used, "requested_device": device})
    return reply


def _checked(pixels: np.ndarray, shape: tuple[int, int], path: Path) -> np.ndarray:
    if pixels.shape[:2] != shape:
        raise RuntimeFailure(f"{path} is {pixels.shape[1]}×{pixels.shape[0]} px, expected {shape[1]}×{shape[0]}")
    return pixels


def _decode_exr(paths: Sequence[Path], limits: Limits) -> list[np.ndarray]:
    with tempfile.TemporaryDirectory(prefix="gpuhive-exr-") as tmp:
        items = [
            {"path": str(Path(path).resolve()), "out": str(Path(tmp) / f"{i}.npy")} for i, path in enumerate(paths)
        ]
        try:
            run_child(CHILD, {"op": "decode", "items": items}, limits)
        except RuntimeFailure as exc:
            raise RuntimeFailure(f"could not decode {', '.join(map(str, paths))}: {exc.reason}", exc.log_tail) from None
        return [np.load(item["out"], allow_pickle=False) for item in items]
