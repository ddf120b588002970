"""Render cheats: ways to pass off less work as a full render, for the tests and ``benchmarks/verification.py``.

Each cheat produces the *submitted* image of a task's tile; the honest
worker renders the whole tile at the job's sample count with seed 0.

Cheats that need Blender render with the real runtime's settings
(``worker_node.runtimes.render_child.configure``) and then change what a
cheater would change in a modified worker: fewer samples, the denoiser on
top of fewer samples, fewer light bounces. They run in a child process
(this module, ``python -m tests.support.render_cheats``) like every render.
The others transform pixels a cheater already has: another frame or tile,
a downscaled or recompressed copy, added noise, a blur, fewer bits.

``RENDERED`` names the renders a bank needs (``Variant``); ``cheat_tile``
makes a cheat's tile from them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from worker_node.runtimes.sandbox import Limits, child_main, run_child

CHILD = "tests.support.render_cheats"
REPO = Path(__file__).resolve().parents[2]
LIMITS = Limits(wall_seconds=3_600.0)


@dataclass(frozen=True)
class Variant:
    """One full-frame render: which frame, at what share of the job's samples, with which seed and tricks."""

    frame_offset: int = 0  # 0: the checked frame; 1: the next one (a copied frame); 2: a later one (wrong frame)
    sample_divisor: int = 1  # render with samples // sample_divisor
    seed: int = 0
    denoise: bool = False
    max_bounces: int | None = None  # None: the scene's own light paths

    def key(self) -> str:
        parts = [f"f+{self.frame_offset}", f"spp1of{self.sample_divisor}", f"seed{self.seed}"]
        if self.denoise:
            parts.append("denoised")
        if self.max_bounces is not None:
            parts.append(f"bounces{self.max_bounces}")
        return "_".join(parts)


#: Every kind of cheat, with what it does, in plain words.
CHEATS: dict[str, str] = {
    "quarter_samples": "rendered with 1/4 of the samples",
    "eighth_samples": "rendered with 1/8 of the samples",
    "denoised_quarter_samples": "1/4 of the samples, then Open Image Denoise, passed off as the full render",
    "denoised_eighth_samples": "1/8 of the samples, then Open Image Denoise",
    "fewer_bounces": "rendered with one light bounce instead of the scene's (cheaper indirect light)",
    "half_tile_quarter_samples": "half of the tile at full samples, the other half at 1/4",
    "copied_frame": "the next frame's render submitted for this frame",
    "wrong_frame": "a frame two later submitted for this frame",
    "copied_tile": "another tile of the same frame submitted for this tile",
    "downscaled": "rendered at half resolution and upscaled (bilinear)",
    "jpeg_90": "the honest render recompressed as JPEG, quality 90",
    "jpeg_95": "the honest render recompressed as JPEG, quality 95",
    "noise_35db": "Gaussian noise added at 35 dB PSNR",
    "noise_40db": "Gaussian noise added at 40 dB PSNR",
    "blurred": "the honest render blurred (Gaussian, sigma 0.7 px)",
    "six_bit": "the honest render with its colours cut to 6 bits",
}

#: The renders each cheat needs besides the honest one (``Variant()``).
NEEDS: dict[str, Variant] = {
    "quarter_samples": Variant(sample_divisor=4),
    "eighth_samples": Variant(sample_divisor=8),
    "denoised_quarter_samples": Variant(sample_divisor=4, denoise=True),
    "denoised_eighth_samples": Variant(sample_divisor=8, denoise=True),
    "fewer_bounces": Variant(max_bounces=1),
    "half_tile_quarter_samples": Variant(sample_divisor=4),
    "copied_frame": Variant(frame_offset=1),
    "wrong_frame": Variant(frame_offset=2),
}


def render_variants(
    scene: Path,
    frame: int,
    variants: list[Variant],
    *,
    resolution: tuple[int, int],
    samples: int,
    out_dir: Path,
    limits: Limits = LIMITS,
) -> dict[Variant, np.ndarray]:
    """Render whole frames of ``scene`` for every variant in one Blender process; uint8 RGBA, row 0 at the top."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        {
            "frame": frame + v.frame_offset,
            "samples": max(1, samples // v.sample_divisor),
            "seed": v.seed,
            "denoise": v.denoise,
            "max_bounces": v.max_bounces,
            "path": str((out_dir / f"{frame}_{v.key()}_{samples}.png").resolve()),
        }
        for v in variants
    ]
    request = {
        "scene": str(Path(scene).resolve()),
        "resolution": list(resolution),
        "samples": samples,
        "format": "PNG",
        "jobs": jobs,
    }
    run_child(CHILD, request, limits, env={"PYTHONPATH": str(REPO)})
    images = {}
    for v, job in zip(variants, jobs):
        with Image.open(job["path"]) as image:
            images[v] = np.asarray(image).copy()
    return images


def tile_region(frame: np.ndarray, tile: Mapping[str, int]) -> np.ndarray:
    """The rows and columns of a full frame (row 0 at the top) that a tile (y from the bottom) covers."""
    height = frame.shape[0]
    return frame[height - tile["max_y"] : height - tile["min_y"], tile["min_x"] : tile["max_x"]].copy()


def cheat_tile(
    kind: str,
    renders: Mapping[Variant, np.ndarray],
    tile: Mapping[str, int],
    rng: np.random.Generator,
    honest_seed: int = 0,
) -> np.ndarray:
    """The tile a cheater of ``kind`` submits, made from full-frame ``renders`` (see ``NEEDS``)."""
    honest = renders[Variant(seed=honest_seed)]
    if kind in NEEDS and kind != "half_tile_quarter_samples":
        return tile_region(renders[NEEDS[kind]], tile)
    own = tile_region(honest, tile)
    if kind == "half_tile_quarter_samples":
        cheap = tile_region(renders[NEEDS[kind]], tile)
        half = own.shape[1] // 2
        return np.concatenate([own[:, :half], cheap[:, half:]], axis=1)
    if kind == "copied_tile":
        return _other_tile(honest, tile)
    if kind == "downscaled":
        return _downscaled(own)
    if kind in ("jpeg_90", "jpeg_95"):
        return _jpeg(own, int(kind[-2:]))
    if kind in ("noise_35db", "noise_40db"):
        return _noisy(own, float(kind[6:8]), rng)
    if kind == "blurred":
        return _blurred(own, 0.7)
    if kind == "six_bit":
        return (own & 0b1111_1100) | (own >> 6)
    raise ValueError(f"unknown cheat {kind!r}; known: {', '.join(CHEATS)}")


def _other_tile(frame: np.ndarray, tile: Mapping[str, int]) -> np.ndarray:
    """The same-sized region of the frame one tile width to the side (wrapping), as a copied tile."""
    height, width = frame.shape[:2]
    w = tile["max_x"] - tile["min_x"]
    shift = w if tile["max_x"] + w <= width else -w
    moved = {**tile, "min_x": tile["min_x"] + shift, "max_x": tile["max_x"] + shift}
    return tile_region(frame, moved)


def _downscaled(image: np.ndarray) -> np.ndarray:
    from PIL import Image

    h, w = image.shape[:2]
    small = Image.fromarray(image).resize((max(1, w // 2), max(1, h // 2)), Image.Resampling.BILINEAR)
    return np.asarray(small.resize((w, h), Image.Resampling.BILINEAR)).copy()


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image[..., :3]).save(buffer, "JPEG", quality=quality)
    with Image.open(buffer) as decoded:
        rgb = np.asarray(decoded.convert("RGB"))
    return np.concatenate([rgb, image[..., 3:]], axis=-1)


def _noisy(image: np.ndarray, psnr_db: float, rng: np.random.Generator) -> np.ndarray:
    sigma = 255.0 / 10 ** (psnr_db / 20)
    out = image.astype(np.float64)
    out[..., :3] += rng.normal(0.0, sigma, out[..., :3].shape)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _blurred(image: np.ndarray, sigma: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter

    out = image.astype(np.float64)
    out[..., :3] = gaussian_filter(out[..., :3], sigma=(sigma, sigma, 0))
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- child side (imports bpy)


def _render(request: dict[str, Any]) -> dict[str, Any]:
    import bpy

    from worker_node.runtimes.render_child import configure, open_scene_safely

    scene = open_scene_safely(bpy, request["scene"])
    scene.cycles.device = "CPU"
    configure(scene, request)  # the honest worker's settings; then what a cheater changes
    default_bounces = scene.cycles.max_bounces
    for job in request["jobs"]:
        scene.frame_set(int(job["frame"]))
        scene.cycles.samples = int(job["samples"])
        scene.cycles.seed = int(job["seed"])
        scene.cycles.use_denoising = bool(job["denoise"])
        if job["denoise"]:
            scene.cycles.denoiser = "OPENIMAGEDENOISE"
        scene.cycles.max_bounces = default_bounces if job["max_bounces"] is None else int(job["max_bounces"])
        scene.render.use_border = False
        result = bpy.ops.render.render(write_still=False)
        if "FINISHED" not in result:
            raise RuntimeError(f"Cycles did not finish frame {job['frame']}")
        bpy.data.images["Render Result"].save_render(filepath=job["path"], scene=scene)
    return {"files": [job["path"] for job in request["jobs"]]}


if __name__ == "__main__":
    child_main(_render)
