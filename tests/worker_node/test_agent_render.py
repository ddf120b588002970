"""Worker agents rendering with real Blender (bpy 5.0, Cycles on the CPU) for three real oracles on anvil:
a job settles with its crop spot checks re-rendered by other agents and passed; scenes Blender cannot
render become failure reports carrying Blender's reason, never a hang."""

from __future__ import annotations

import pytest

from oracles.dispatch_policy import LOST_TO_COPY
from protocol.contracts import JobStatus
from protocol.storage import cid_of_bytes
from protocol.storage.folder_manifest import put_manifest
from tests.support.agent_network import build_network, result_manifest, slots_of, spec_yaml, staked_agent, wait_for
from worker_node.runtimes.scenes import make_test_scene

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

RENDER = {
    "frame_end": 2,
    "resolution_x": 64,
    "resolution_y": 48,
    "samples": 4,
    "split": {"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
}


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def test_agent__render_job_real_blender__crop_checks_pass_and_settle(net, accounts, tmp_path):
    scene = make_test_scene(tmp_path / "scene" / "scene.blend", frames=2)
    scene_cid = net.store.put_file(scene)
    agents = [staked_agent(net, tmp_path, accounts[i], f"render{i}").start() for i in (4, 5, 6)]
    try:
        spec = spec_yaml(
            "render",
            scene_cid=scene_cid,
            **RENDER,
            verification={"method": "render", "spot_check_bps": 10_000, "crops": 2, "crop_size_bps": 5_000},
        )
        job_id = net.create_job(spec)
        net.wait_status(job_id, JobStatus.SETTLED, timeout=120)
        manifest, _ = result_manifest(net, job_id)
        assert [t.status for t in manifest.tasks] == ["accepted", "accepted"]
        for task in manifest.tasks:
            assert task.selected_for_check
            run = next(s for s in task.slots if s.role == "run")
            check = next(s for s in task.slots if s.role == "check")
            assert check.worker != run.worker
            assert check.evidence["passed"] is True and len(check.evidence["crops"]) == 2
            assert check.evidence["p_value"] > check.evidence["max_false_rejection"]
            assert check.evidence["pixels_compared"] > 0  # Blender's noise differs between the seeds
        assert {w for t in manifest.tasks for w in t.paid} <= {a.address for a in agents}
        # nothing failed or expired (a holder that lost to a backup copy, dispatch_policy "aicore", was released)
        histories = [h for slot in slots_of(net, job_id) for h in (slot.history or [])]
        assert [h for h in histories if h["why"] != LOST_TO_COPY] == []
        done = sum(
            a.metrics.tasks_done.labels(kind="render", role=r)._value.get() for a in agents for r in ("run", "check")
        )
        assert done == 4
    finally:
        for agent in agents:
            agent.stop()


def test_agent__scene_blender_cannot_render__failure_reported_with_reason(net, accounts, tmp_path):
    short = make_test_scene(tmp_path / "short" / "short.blend", frames=1)  # the job asks for frames 1..2
    cases = {
        "frame beyond the scene": (net.store.put_file(short), "frame 2 is outside the scene's frame range 1..1"),
        "not a .blend": (net.store.put_bytes(b"PK\x03\x04 a zip, not a scene"), "is not a .blend file"),
        # the folder is stored (so the oracles accept the job), the .blend it names is not
        "missing scene content": (
            put_manifest(net.store, {"scene.blend": cid_of_bytes(b"never uploaded")}),
            "could not be fetched",
        ),
    }
    agent = staked_agent(net, tmp_path, accounts[4], "failing").start()
    try:
        jobs = {}
        for name, (cid, _) in cases.items():
            folder = {"scene_path": "scene.blend"} if name == "missing scene content" else {}
            spec = spec_yaml(
                "render",
                scene_cid=cid,
                name=name,
                **RENDER,
                **folder,
                verification={"method": "render", "spot_check_bps": 1, "crops": 2, "crop_size_bps": 5_000},
            )
            jobs[name] = net.create_job(spec)

        def failures(job_id: int) -> list[str]:
            return [
                h["why"]
                for slot in slots_of(net, job_id)
                for h in (slot.history or [])
                if h["why"].startswith("failed: ")
            ]

        for name, (_, reason) in cases.items():
            found = wait_for(lambda job=jobs[name]: failures(job), 60, f"a failure report for {name!r}")
            assert reason in found[0], found
            assert all(h["worker"] == agent.address for slot in slots_of(net, jobs[name]) for h in slot.history or [])
        assert "Blender could not render" in failures(jobs["frame beyond the scene"])[0]
        wait_for(lambda: agent.metrics.failures.labels(kind="render")._value.get() >= 3, 10, "failure metrics")
    finally:
        agent.stop()
