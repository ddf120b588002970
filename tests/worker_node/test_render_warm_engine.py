"""The warm Blender engine (sandbox.WarmChild): same pixels as a fresh child, one process reused
across renders, and the same limits — a render past its wall-clock limit kills it, the next
request starts a new one; an error in one request leaves the engine serving."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_render_runtime import LIMITS, make_spec

from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import render_check
from protocol.jobspec.slicing import slice_tasks
from worker_node.runtimes.render import load_images, render_crops, render_task, warm_engine
from worker_node.runtimes.sandbox import Limits, RuntimeFailure
from worker_node.runtimes.scenes import make_test_scene

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    return make_test_scene(tmp_path_factory.mktemp("warm") / "scene.blend", frames=4)


@pytest.fixture
def engine():
    warm = warm_engine(LIMITS)
    yield warm
    warm.close()


def test_warm_engine__renders_and_crops__same_pixels_as_fresh_child_one_process(scene, engine, tmp_path):
    spec = make_spec()
    task = slice_tasks(spec)[0]
    cold = render_task(spec, task, scene, tmp_path / "cold", limits=LIMITS)
    warm = render_task(spec, task, scene, tmp_path / "warm", limits=LIMITS, engine=engine)
    assert warm.digest == cold.digest
    pid = engine._proc.pid
    check = render_check(b"\x07" * 32, task, RenderPolicy(crops=3, crop_size_bps=3000))
    cold_crops = render_crops(spec, task, check, scene, tmp_path / "cold_crops", limits=LIMITS)
    warm_crops = render_crops(spec, task, check, scene, tmp_path / "warm_crops", limits=LIMITS, engine=engine)
    assert engine._proc.pid == pid  # Blender stayed loaded
    for a, b in zip(load_images(cold_crops), load_images(warm_crops)):
        assert np.array_equal(a, b)


def test_warm_engine__error_in_request__reported_and_engine_keeps_serving(scene, engine, tmp_path):
    spec = make_spec(frame_start=5, frame_end=5)  # the scene has frames 1..4
    with pytest.raises(RuntimeFailure, match="outside the scene's frame range"):
        render_task(spec, slice_tasks(spec)[0], scene, tmp_path / "bad", limits=LIMITS, engine=engine)
    pid = engine._proc.pid
    good = make_spec()
    render_task(good, slice_tasks(good)[0], scene, tmp_path / "good", limits=LIMITS, engine=engine)
    assert engine._proc.pid == pid


def test_warm_engine__past_wall_clock__killed_and_next_request_restarts(scene, tmp_path):
    engine = warm_engine(Limits(wall_seconds=0.3))
    try:
        spec = make_spec()
        with pytest.raises(RuntimeFailure, match="wall-clock limit"):
            render_task(
                spec, slice_tasks(spec)[0], scene, tmp_path / "slow", limits=Limits(wall_seconds=0.3), engine=engine
            )
        assert engine._proc is None  # the process group was killed
        engine.limits = LIMITS
        result = render_task(spec, slice_tasks(spec)[0], scene, tmp_path / "again", limits=LIMITS, engine=engine)
        assert len(result.files) == 1 and result.files[0].is_file()
    finally:
        engine.close()
