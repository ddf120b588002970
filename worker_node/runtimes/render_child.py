"""Child side of the render runtime: Blender (``bpy``) opens a scene and renders with Cycles.

Run only as ``python -m worker_node.runtimes.render_child`` through
``worker_node.runtimes.sandbox.run_child``; ``worker_node.runtimes.render``
builds the requests. Two operations:

- ``render``: open ``scene`` and render each job — one frame, optionally
  restricted to a border box in pixels (``[min_x, max_x, min_y, max_y]``,
  half-open, ``y`` from the bottom) and cropped to it, with the job's Cycles
  ``seed`` (0 when absent: every task; a render check's two re-renders use
  two others) — to its ``path``.
  Reply ``{"device": description, "files": [...], "seconds": {...}}``.
  While it renders it reports progress (``sandbox.report_progress``): jobs
  done, and within a job the Cycles samples done, read from the render's
  status line (``bpy.app.handlers.render_stats``, "... | Sample 12/64"). In
  the background Cycles says so only at a frame's start and end ("Sample
  1/256", then "256/256" 4.9 s later at 160×120 on 2 threads), so the
  fraction moves per frame; a GPU build may say more.
- ``decode``: read images (``items``: ``{"path", "out"}``) with Blender's
  own reader (used for EXR, which Pillow cannot decode) and save their
  pixels as ``.npy`` arrays (height × width × 4 float32, row 0 at the top).

Security: a ``.blend`` can carry Python — text blocks registered to run on
load and drivers with Python expressions. Auto-execution is switched off in
the preferences *and* for the load itself before the file is opened, so
Blender skips registered text blocks and only evaluates driver expressions
that pass its restricted "simple expression" check. Nothing from the file
is ever executed by this module.

Determinism: every setting that changes pixels run to run or machine to
machine is fixed here, whatever the file says — Cycles seed 0 (not
animated; a check's re-renders set their own), the requested sample count, no adaptive sampling, no denoising,
no path guiding (CPU only, so it would also widen CPU/GPU differences), no
time limit, a fixed thread count, no compositing or sequencer (tiles and
crops of a frame must equal its regions), no dithering (its noise follows
the output's pixel grid, not the frame's) and no stamp burnt into pixels.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from typing import Any

from worker_node.runtimes.sandbox import child_main, child_serve, report_progress

GPU_BACKENDS = ("OPTIX", "CUDA", "HIP", "METAL", "ONEAPI")
RENDER_THREADS = 2
SAMPLES_DONE = re.compile(r"(?:^|\| )Sample (\d+)/(\d+)")  # in Cycles' render status line
FORMATS = {
    "PNG": {"file_format": "PNG", "color_mode": "RGBA", "color_depth": "8"},
    "EXR": {"file_format": "OPEN_EXR", "color_mode": "RGBA", "color_depth": "32", "exr_codec": "ZIP"},
}


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Dispatch one request (``op`` = ``render`` or ``decode``)."""
    op = request.get("op")
    if op == "render":
        return _render(request)
    if op == "decode":
        return _decode(request)
    raise ValueError(f"unknown operation {op!r}")


# --------------------------------------------------------------------------- render


def _render(request: dict[str, Any]) -> dict[str, Any]:
    import bpy

    started = time.monotonic()
    scene = open_scene_safely(bpy, request["scene"])
    _check_frames(scene, [job["frame"] for job in request["jobs"]])
    device = select_device(bpy, scene, request.get("device", "auto"))
    print(f"render device: {device}", flush=True)
    configure(scene, request)
    loaded = time.monotonic()
    jobs = request["jobs"]
    finished = [0]
    on_stats = _sample_progress(lambda samples: report_progress(finished[0] + samples, len(jobs)))
    bpy.app.handlers.render_stats.append(on_stats)
    try:
        files = []
        for job in jobs:
            files.append(_render_job(bpy, scene, job))
            finished[0] += 1
            report_progress(finished[0], len(jobs), force=True)
    finally:
        bpy.app.handlers.render_stats.remove(on_stats)
    done = time.monotonic()
    return {
        "device": device,
        "files": files,
        "seconds": {"load": round(loaded - started, 3), "render": round(done - loaded, 3)},
    }


def _sample_progress(report: Callable[[float], None]) -> Callable[[str], None]:
    """A ``render_stats`` handler: the fraction of the frame's samples done, from Cycles' status line, to
    ``report`` (only parsed, never evaluated; other lines are ignored)."""

    def on_stats(stats: str) -> None:
        found = SAMPLES_DONE.findall(str(stats))
        if found:
            done, total = (int(n) for n in found[-1])
            if total > 0:
                report(min(done / total, 1.0))

    return on_stats


def open_scene_safely(bpy: Any, path: str) -> Any:
    """Open ``path`` with script auto-execution off; return its active scene."""
    bpy.context.preferences.filepaths.use_scripts_auto_execute = False
    bpy.ops.wm.open_mainfile(filepath=path, load_ui=False, use_scripts=False)
    if bpy.context.preferences.filepaths.use_scripts_auto_execute:
        raise RuntimeError("script auto-execution was switched on while opening the file; refusing to render")
    scene = bpy.context.scene
    if scene is None:
        raise ValueError(f"{path} has no scene")
    if scene.camera is None:
        raise ValueError(f"scene {scene.name!r} in {path} has no active camera")
    return scene


def _check_frames(scene: Any, frames: list[int]) -> None:
    for frame in frames:
        if not scene.frame_start <= frame <= scene.frame_end:
            raise ValueError(f"frame {frame} is outside the scene's frame range {scene.frame_start}..{scene.frame_end}")


def select_device(bpy: Any, scene: Any, requested: str) -> str:
    """Point Cycles at a GPU or the CPU; return a description of the choice and why.

    ``auto`` tries the GPU backends in ``GPU_BACKENDS`` order and falls back
    to the CPU; a named backend (``optix``, ``cuda``, ...) that has no device
    is an error rather than a silent CPU render.
    """
    name = requested.strip().upper()
    if name == "CPU":
        scene.cycles.device = "CPU"
        return "CPU (requested)"
    if name != "AUTO" and name not in GPU_BACKENDS:
        raise ValueError(
            f"unknown device {requested!r}: use 'auto', 'cpu' or one of {', '.join(b.lower() for b in GPU_BACKENDS)}"
        )
    prefs = bpy.context.preferences.addons["cycles"].preferences
    for backend in GPU_BACKENDS if name == "AUTO" else (name,):
        devices = _gpu_devices(prefs, backend)
        if devices:
            for device in prefs.devices:
                device.use = device.type == backend
            scene.cycles.device = "GPU"
            how = "auto" if name == "AUTO" else "requested"
            return f"GPU {backend}: {', '.join(d.name for d in devices)} ({how})"
    if name != "AUTO":
        raise ValueError(f"device {requested!r} was asked for but Cycles found no {name} device; use 'auto' or 'cpu'")
    prefs.compute_device_type = "NONE"
    scene.cycles.device = "CPU"
    return "CPU (no OptiX/CUDA/HIP/Metal/oneAPI device found)"


def _gpu_devices(prefs: Any, backend: str) -> list[Any]:
    try:
        prefs.compute_device_type = backend
    except TypeError:  # this Blender build has no such backend (e.g. Metal off macOS)
        return []
    prefs.refresh_devices()
    return [device for device in prefs.devices if device.type == backend]


def configure(scene: Any, request: dict[str, Any]) -> None:
    """Fix every setting that affects which pixels come out (see the module docstring)."""
    render, cycles = scene.render, scene.cycles
    render.engine = "CYCLES"
    render.resolution_x, render.resolution_y = request["resolution"]
    render.resolution_percentage = 100
    render.threads_mode, render.threads = "FIXED", int(request.get("threads", RENDER_THREADS))
    render.use_compositing = False
    render.use_sequencer = False
    render.use_stamp = False
    render.dither_intensity = 0.0  # dither noise is keyed to the pixel's place in the *output*, not the frame
    render.use_file_extension = False
    cycles.samples = int(request["samples"])
    cycles.seed, cycles.use_animated_seed = 0, False
    cycles.use_adaptive_sampling = False
    cycles.use_denoising = False
    cycles.use_guiding = False
    cycles.time_limit = 0.0
    cycles.use_sample_subset = False
    settings = render.image_settings
    settings.media_type = "IMAGE"
    settings.color_management = "FOLLOW_SCENE"
    for key, value in FORMATS[request["format"]].items():
        setattr(settings, key, value)


def _set_border(render: Any, border: list[int] | None) -> None:
    """Render only ``border`` (pixels) and crop the result to it.

    Blender turns the border's fractions back into pixels by truncation
    (``int(fraction × size)``), so each edge is given at its pixel + 0.5.
    """
    render.use_border = border is not None
    render.use_crop_to_border = border is not None
    if border is None:
        return
    min_x, max_x, min_y, max_y = border
    width, height = render.resolution_x, render.resolution_y
    render.border_min_x = _fraction(min_x, width)
    render.border_max_x = _fraction(max_x, width)
    render.border_min_y = _fraction(min_y, height)
    render.border_max_y = _fraction(max_y, height)


def _fraction(pixel: int, size: int) -> float:
    return 1.0 if pixel >= size else (pixel + 0.5) / size


def _render_job(bpy: Any, scene: Any, job: dict[str, Any]) -> str:
    scene.frame_set(int(job["frame"]))
    scene.cycles.seed = int(job.get("seed", 0))
    _set_border(scene.render, job.get("border"))
    result = bpy.ops.render.render(write_still=False)
    if "FINISHED" not in result:
        raise RuntimeError(f"Cycles did not finish frame {job['frame']}: {sorted(result)}")
    bpy.data.images["Render Result"].save_render(filepath=job["path"], scene=scene)
    return str(job["path"])


# --------------------------------------------------------------------------- decode


def _decode(request: dict[str, Any]) -> dict[str, Any]:
    import bpy

    return {"shapes": [_decode_one(bpy, item["path"], item["out"]) for item in request["items"]]}


def _decode_one(bpy: Any, path: str, out: str) -> list[int]:
    import numpy as np

    image = bpy.data.images.load(path, check_existing=False)
    width, height = image.size
    if width == 0 or height == 0:
        raise ValueError(f"{path} could not be decoded")
    pixels = np.empty(width * height * image.channels, dtype=np.float32)
    image.pixels.foreach_get(pixels)
    array = np.ascontiguousarray(pixels.reshape(height, width, image.channels)[::-1])  # Blender: rows bottom-up
    np.save(out, array, allow_pickle=False)
    bpy.data.images.remove(image)
    return list(array.shape)


if __name__ == "__main__":
    if "--serve" in sys.argv[1:]:
        child_serve(handle)  # warm: Blender stays loaded between requests (see sandbox.WarmChild)
    else:
        child_main(handle)
