"""The render runtime with real Blender (bpy 5.0, Cycles on the CPU): outputs, determinism, tiles,
crop re-renders for spot checks, scene scripts that must not run, and clear failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from eth_utils import keccak

from oracles.verify import check_crops
from protocol.digests import crop_slices, image_digest
from protocol.jobspec.models import OutputFormat, RenderSpec, RenderSplit
from protocol.jobspec.policies import HashPolicy, RenderPolicy
from protocol.jobspec.seeds import RenderCheck, render_check
from protocol.jobspec.slicing import Task, slice_tasks
from worker_node.runtimes.render import load_images, render_crops, render_task
from worker_node.runtimes.sandbox import Limits, RuntimeFailure
from worker_node.runtimes.scenes import make_test_scene

pytestmark = pytest.mark.slow

WIDTH, HEIGHT, SAMPLES = 64, 48, 4
TILED_WIDTH = 74
LIMITS = Limits(wall_seconds=120.0)
SCENE_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"


def make_spec(frame_start: int = 1, frame_end: int = 2, **overrides) -> RenderSpec:
    fields = dict(
        kind="render",
        name="runtime test",
        reward_per_task=1,
        budget=10**9,
        deadline=2_000_000_000,
        scene_cid=SCENE_CID,
        frame_start=frame_start,
        frame_end=frame_end,
        resolution_x=WIDTH,
        resolution_y=HEIGHT,
        samples=SAMPLES,
        verification=HashPolicy(),  # tiny frames: too few pixels for a render check's policy (crops use their own)
    )
    return RenderSpec(**{**fields, **overrides})


def frame_region(frame: np.ndarray, tile: dict[str, int]) -> np.ndarray:
    """The part of a full-frame image that a tile (border coordinates, y from the bottom) covers."""
    height = frame.shape[0]
    return frame[height - tile["max_y"] : height - tile["min_y"], tile["min_x"] : tile["max_x"]]


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    return make_test_scene(tmp_path_factory.mktemp("scene") / "scene.blend", frames=4)


@pytest.fixture(scope="module")
def two_frames(scene, tmp_path_factory):
    """One task with frames 1 and 2, rendered twice into different folders."""
    spec = make_spec(split=RenderSplit(frames_per_task=2))
    [task] = slice_tasks(spec)
    first = render_task(spec, task, scene, tmp_path_factory.mktemp("first"), limits=LIMITS)
    second = render_task(spec, task, scene, tmp_path_factory.mktemp("second"), limits=LIMITS)
    return task, first, second


@pytest.fixture(scope="module")
def tiled(scene, tmp_path_factory):
    """Frame 1 at 74×48 cut into 3×2 tiles, every tile rendered, and the whole frame for comparison.

    74 px in 3 tiles puts an edge at x = 24, where 24/74 × 74 in float32 is just below 24: Blender
    truncates border fractions to pixels, so a naive fraction would shift that tile by a pixel.
    """
    spec = make_spec(1, 1, resolution_x=TILED_WIDTH, split=RenderSplit(tiles_x=3, tiles_y=2))
    tasks = slice_tasks(spec)
    out = tmp_path_factory.mktemp("tiles")
    results = [render_task(spec, task, scene, out, limits=LIMITS) for task in tasks]
    whole = make_spec(1, 1, resolution_x=TILED_WIDTH)
    [frame] = load_images(render_task(whole, slice_tasks(whole)[0], scene, out / "whole", limits=LIMITS).files)
    return spec, tasks, results, frame


# --------------------------------------------------------------------------- outputs and determinism


def test_render_task__two_frames__writes_task_outputs(two_frames):
    task, first, _ = two_frames
    assert [f.name for f in first.files] == list(task.outputs) == ["frame_0000001.png", "frame_0000002.png"]
    for pixels in load_images(first.files):
        assert pixels.shape == (HEIGHT, WIDTH, 4) and pixels.dtype == np.uint8  # 8-bit RGBA
    assert first.digest == image_digest(zip(task.outputs, load_images(first.files)))


def test_render_task__rendered_twice__same_pixels_and_digest(two_frames):
    _, first, second = two_frames
    assert first.digest == second.digest
    for a, b in zip(load_images(first.files), load_images(second.files)):
        assert np.array_equal(a, b)


def test_render_task__animated_scene__frames_differ(two_frames):
    _, first, _ = two_frames
    frame_1, frame_2 = load_images(first.files)
    assert not np.array_equal(frame_1, frame_2)
    assert image_digest([("f", frame_1)]) != image_digest([("f", frame_2)])


def test_render_task__no_gpu__falls_back_to_cpu_and_says_why(two_frames):
    _, first, _ = two_frames
    assert first.device.startswith("CPU (no ") and "device found" in first.device


def test_render_task__device_cpu__reports_requested(scene, tmp_path):
    spec = make_spec(1, 1)
    result = render_task(spec, slice_tasks(spec)[0], scene, tmp_path, device="cpu", limits=LIMITS)
    assert result.device == "CPU (requested)"


def test_render_task__exr__writes_float_rgba(scene, tmp_path):
    spec = make_spec(1, 1, output_format=OutputFormat.EXR, resolution_x=32, resolution_y=24)
    [task] = slice_tasks(spec)
    result = render_task(spec, task, scene, tmp_path, limits=LIMITS)
    [pixels] = load_images(result.files)
    assert result.files[0].name == "frame_0000001.exr"
    assert pixels.shape == (24, 32, 4) and pixels.dtype == np.float32
    assert np.isfinite(pixels).all() and pixels[..., :3].max() > 0


# --------------------------------------------------------------------------- tiles and crops


def test_render_task__tiled__images_are_tile_sized_regions_of_the_frame(tiled):
    _, tasks, results, full_frame_1 = tiled
    assert len(tasks) == 6
    for task, result in zip(tasks, results):
        tile = task.params["tile"]
        [pixels] = load_images(result.files)
        assert [f.name for f in result.files] == list(task.outputs)
        assert pixels.shape == (tile["max_y"] - tile["min_y"], tile["max_x"] - tile["min_x"], 4)
        assert np.array_equal(pixels, frame_region(full_frame_1, tile)), f"tile {tile} is not its frame region"


@pytest.mark.parametrize("tile_index", [0, 4])
def test_render_crops__spot_check__two_seeds_pass_the_rank_test(tiled, scene, tmp_path, tile_index, record_property):
    spec, tasks, results, _ = tiled
    task = tasks[tile_index]
    policy = RenderPolicy(crops=4, crop_size_bps=5_000)
    check = render_check(keccak(b"spot check seed"), task, policy)
    submitted = load_images(results[tile_index].files)[task.params["frames"].index(check.frame)]

    files = render_crops(spec, task, check, scene, tmp_path, limits=LIMITS)

    assert [f.name for f in files] == [f"crop_{k:02d}_{j}.png" for k in range(4) for j in (0, 1)]
    images = load_images(files)
    triplets = []
    for k, crop in enumerate(check.crops):
        region = submitted[crop_slices(crop, task.params["tile"])]
        a, b = images[2 * k], images[2 * k + 1]
        assert a.shape == b.shape == region.shape
        triplets.append((crop, a, b))
    assert any(not np.array_equal(a, b) for _, a, b in triplets)  # the seeds were used: the noise differs
    verdict = check_crops(submitted, task.params["tile"], triplets, policy, salt=check.seeds[0])
    record_property("p_value", verdict.p_value)
    assert verdict.passed, verdict.reason


def test_render_crops__frame_not_in_task__rejected(tiled, scene, tmp_path):
    spec, tasks, _, _ = tiled
    check = render_check(keccak(b"seed"), tasks[0], RenderPolicy())
    wrong = RenderCheck(frame=check.frame + 1, crops=check.crops)
    with pytest.raises(ValueError, match="not one of task 0's frames"):
        render_crops(spec, tasks[0], wrong, scene, tmp_path, limits=LIMITS)


def test_render_crops__worker_seed_or_one_seed_twice__rejected(tiled, scene, tmp_path):
    spec, tasks, _, _ = tiled
    check = render_check(keccak(b"seed"), tasks[0], RenderPolicy())
    for seeds in ((0, 5), (7, 7)):
        with pytest.raises(ValueError, match="two distinct seeds"):
            render_crops(spec, tasks[0], RenderCheck(check.frame, check.crops, seeds), scene, tmp_path, limits=LIMITS)


# --------------------------------------------------------------------------- scripts inside the scene

OPEN_WITH_AUTOEXEC = """
import sys, bpy
bpy.context.preferences.filepaths.use_scripts_auto_execute = True
bpy.ops.wm.open_mainfile(filepath=sys.argv[1], load_ui=False, use_scripts=True)
bpy.context.scene.frame_set(2)
"""


@pytest.fixture(scope="module")
def autorun_scene(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("autorun")
    marker = folder / "marker.txt"
    return make_test_scene(folder / "autorun.blend", frames=2, with_autorun_script=True, marker=marker), marker


def test_render_task__scene_with_autorun_script_and_python_driver__neither_runs(autorun_scene, tmp_path):
    scene, marker = autorun_scene
    marker.unlink(missing_ok=True)
    spec = make_spec(1, 2, resolution_x=32, resolution_y=24, split=RenderSplit(frames_per_task=2))
    result = render_task(spec, slice_tasks(spec)[0], scene, tmp_path, limits=LIMITS)
    assert len(result.files) == 2
    assert not marker.exists(), f"scene code ran during the render: {marker.read_text()!r}"


def test_control__scene_opened_with_autoexec_on__both_vectors_run(autorun_scene):
    """Without this, the test above would also pass if the scene's scripts were simply broken."""
    scene, marker = autorun_scene
    marker.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-c", OPEN_WITH_AUTOEXEC, str(scene)], check=True, timeout=120, capture_output=True)
    lines = marker.read_text().splitlines()
    assert "autorun" in lines and "driver" in lines
    marker.unlink()


# --------------------------------------------------------------------------- failures


def only_task(spec: RenderSpec) -> Task:
    return slice_tasks(spec)[0]


def test_render_task__missing_scene__fails_naming_the_path(tmp_path):
    missing = tmp_path / "nowhere" / "scene.blend"
    with pytest.raises(RuntimeFailure, match="scene file not found") as info:
        render_task(make_spec(1, 1), only_task(make_spec(1, 1)), missing, tmp_path, limits=LIMITS)
    assert str(missing) in info.value.reason


def test_render_task__random_bytes__not_a_blend(tmp_path):
    corrupt = tmp_path / "corrupt.blend"
    corrupt.write_bytes(os.urandom(4096))
    with pytest.raises(RuntimeFailure, match="is not a .blend file"):
        render_task(make_spec(1, 1), only_task(make_spec(1, 1)), corrupt, tmp_path / "out", limits=LIMITS)


def test_render_task__blend_header_then_garbage__blender_refuses_it(tmp_path):
    corrupt = tmp_path / "corrupt.blend"
    corrupt.write_bytes(b"BLENDER17-01v0500" + os.urandom(4096))
    with pytest.raises(RuntimeFailure, match="Blender could not render .*Failed to read blend file"):
        render_task(make_spec(1, 1), only_task(make_spec(1, 1)), corrupt, tmp_path / "out", limits=LIMITS)


def test_render_task__frame_beyond_scene__fails_with_range(scene, tmp_path):
    spec = make_spec(4, 5, split=RenderSplit(frames_per_task=2))
    with pytest.raises(RuntimeFailure, match=r"frame 5 is outside the scene's frame range 1\.\.4"):
        render_task(spec, only_task(spec), scene, tmp_path, limits=LIMITS)
    assert not any(tmp_path.iterdir()), "no output may be written when a frame is rejected"


def test_render_task__gpu_backend_without_device__fails_instead_of_cpu(scene, tmp_path):
    with pytest.raises(RuntimeFailure, match="no OPTIX device"):
        render_task(make_spec(1, 1), only_task(make_spec(1, 1)), scene, tmp_path, device="optix", limits=LIMITS)


def test_render_task__wall_clock_limit__stops_blender(scene, tmp_path):
    spec = make_spec(1, 1)
    with pytest.raises(RuntimeFailure, match="wall-clock limit of 0.2 s"):
        render_task(spec, only_task(spec), scene, tmp_path, limits=Limits(wall_seconds=0.2))
