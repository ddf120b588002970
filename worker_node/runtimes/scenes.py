"""Small generated Blender scenes for tests and the demo.

``make_test_scene`` builds a tiny animated scene (camera, sun, three
coloured objects that move and turn over the frames, a coloured world) and
saves it as a ``.blend``. Blender runs in a child process through
``worker_node.runtimes.sandbox`` like every runtime, so the caller never
imports ``bpy``.

With ``with_autorun_script=True`` the scene also carries the two ways a
``.blend`` can run Python when it is opened with auto-execution on — a text
block registered as a module (``autorun.py``, ``use_module = True``) and a
driver whose expression calls Python — and both append a line to ``marker``.
The render runtime must open such a file without either of them running.

Run as ``python -m worker_node.runtimes.scenes`` this module is the child.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from worker_node.runtimes.sandbox import Limits, child_main, run_child

AUTORUN_TEXT = "autorun.py"
DRIVER_PROPERTY = "guard"
SCENE_WIDTH, SCENE_HEIGHT = 64, 48
BUILD_LIMITS = Limits(wall_seconds=120.0)


def make_test_scene(
    path: Path,
    *,
    frames: int = 4,
    with_autorun_script: bool = False,
    marker: Path | None = None,
    limits: Limits = BUILD_LIMITS,
) -> Path:
    """Build the test scene (frames ``1..frames``) and save it to ``path``; return ``path``.

    ``with_autorun_script`` embeds the auto-run text block and the Python
    driver, which write to ``marker`` (required then) if they ever run.
    Raises ``ValueError`` for bad arguments and ``RuntimeFailure`` if Blender fails.
    """
    if frames < 1:
        raise ValueError("frames must be at least 1")
    if with_autorun_script and marker is None:
        raise ValueError("with_autorun_script needs a marker path for the script to write")
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    request = {
        "path": str(path),
        "frames": frames,
        "marker": str(Path(marker).resolve()) if with_autorun_script and marker is not None else None,
    }
    run_child("worker_node.runtimes.scenes", request, limits)
    return path


# --------------------------------------------------------------------------- child side (imports bpy)


def marker_code(marker: str, source: str) -> str:
    """Python that appends ``source`` to the marker file (the payload of both auto-run vectors)."""
    return f"__import__('pathlib').Path({marker!r}).open('a').write({source + chr(10)!r})"


def _build(request: dict[str, Any]) -> dict[str, Any]:
    import bpy

    frames = int(request["frames"])
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    _setup_render(scene, frames)
    _add_world(bpy)
    _add_camera_and_light(bpy, scene)
    _add_objects(bpy, scene, frames)
    if request.get("marker"):
        _add_autorun_vectors(bpy, scene, request["marker"])
    bpy.ops.wm.save_as_mainfile(filepath=request["path"], compress=False)
    return {"path": request["path"], "frames": frames}


def _setup_render(scene: Any, frames: int) -> None:
    scene.frame_start, scene.frame_end, scene.frame_current = 1, frames, 1
    scene.render.engine = "CYCLES"
    scene.render.resolution_x, scene.render.resolution_y = SCENE_WIDTH, SCENE_HEIGHT
    scene.render.resolution_percentage = 100
    scene.cycles.samples = 4
    scene.cycles.use_denoising = False


def _material(bpy: Any, name: str, rgba: tuple[float, float, float, float]) -> Any:
    material = bpy.data.materials.new(name)
    bsdf = material.node_tree.nodes.get("Principled BSDF")
    bsdf.inputs["Base Color"].default_value = rgba
    material.diffuse_color = rgba
    return material


def _add_world(bpy: Any) -> None:
    world = bpy.data.worlds.new("World")
    background = world.node_tree.nodes.get("Background")
    background.inputs["Color"].default_value = (0.05, 0.08, 0.15, 1.0)
    background.inputs["Strength"].default_value = 1.0
    bpy.context.scene.world = world


def _add_camera_and_light(bpy: Any, scene: Any) -> None:
    camera = bpy.data.objects.new("Camera", bpy.data.cameras.new("Camera"))
    camera.location = (0.0, -7.0, 3.0)
    camera.rotation_euler = (1.17, 0.0, 0.0)
    scene.collection.objects.link(camera)
    scene.camera = camera
    sun = bpy.data.lights.new("Sun", type="SUN")
    sun.energy = 3.0
    light = bpy.data.objects.new("Sun", sun)
    light.rotation_euler = (0.6, 0.3, 0.4)
    scene.collection.objects.link(light)


def _add_objects(bpy: Any, scene: Any, frames: int) -> None:
    bpy.ops.mesh.primitive_plane_add(size=20.0, location=(0.0, 0.0, -1.0))
    bpy.context.object.data.materials.append(_material(bpy, "Ground", (0.6, 0.6, 0.6, 1.0)))
    shapes = (
        (bpy.ops.mesh.primitive_cube_add, "Red", (0.8, 0.1, 0.1, 1.0), (-2.0, 0.0, 0.0)),
        (bpy.ops.mesh.primitive_uv_sphere_add, "Green", (0.1, 0.7, 0.2, 1.0), (0.0, 1.0, 0.0)),
        (bpy.ops.mesh.primitive_cone_add, "Blue", (0.1, 0.2, 0.9, 1.0), (2.0, 0.0, 0.0)),
    )
    for i, (add, name, rgba, location) in enumerate(shapes):
        kwargs = {"segments": 16, "ring_count": 8} if add is bpy.ops.mesh.primitive_uv_sphere_add else {}
        add(location=location, **kwargs)
        obj = bpy.context.object
        obj.name = name
        obj.data.materials.append(_material(bpy, name, rgba))
        _animate(obj, scene, frames, phase=i)


def _animate(obj: Any, scene: Any, frames: int, phase: int) -> None:
    """Keyframes on every frame, so each frame of the scene renders differently."""
    x, y, z = obj.location
    for frame in range(1, frames + 1):
        step = frame - 1
        obj.location = (x, y + 0.4 * step * (1 if phase % 2 else -1), z + 0.3 * step)
        obj.rotation_euler = (0.0, 0.2 * step, 0.5 * step + phase)
        obj.keyframe_insert("location", frame=frame)
        obj.keyframe_insert("rotation_euler", frame=frame)
    scene.frame_set(1)


def _add_autorun_vectors(bpy: Any, scene: Any, marker: str) -> None:
    text = bpy.data.texts.new(AUTORUN_TEXT)
    text.write(marker_code(marker, "autorun") + "\n")
    text.use_module = True  # registered: runs on load when auto-execution is on
    holder = scene.camera
    holder[DRIVER_PROPERTY] = 0.0
    fcurve = holder.driver_add(f'["{DRIVER_PROPERTY}"]')
    fcurve.driver.type = "SCRIPTED"
    fcurve.driver.expression = f"({marker_code(marker, 'driver')}) * 0"


if __name__ == "__main__":
    child_main(_build)
