"""Every render cheat of ``tests/support/render_cheats`` is caught on a small real scene; honest renders pass.

One Blender process renders the bank (the honest frame with four seeds and
every cheat's render); the checker's two re-renders come from the real
runtime (``render_crops`` with the check's seeds), and the oracle's real
``check_crops`` judges. Honest renders with other seeds — the pessimistic
stand-in for other hardware — must pass; every cheat must fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from eth_utils import keccak

from oracles.verify import check_crops
from protocol.jobspec.models import RenderSpec, RenderSplit
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import RenderCheck, render_check
from protocol.jobspec.slicing import Task, slice_tasks
from tests.support.render_cheats import CHEATS, NEEDS, Variant, cheat_tile, render_variants, tile_region
from worker_node.runtimes.render import load_images, render_crops
from worker_node.runtimes.scenes import make_test_scene

WIDTH, HEIGHT, SAMPLES, FRAME = 128, 96, 32, 2
POLICY = RenderPolicy(crops=4, crop_size_bps=5_000)  # 4 crops of 32×24 in a 64×48 tile


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    work = tmp_path_factory.mktemp("cheats")
    scene = make_test_scene(work / "scene.blend", frames=4)
    spec = RenderSpec(
        kind="render",
        name="cheat test",
        scene_cid="bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        frame_start=1,
        frame_end=4,
        resolution_x=WIDTH,
        resolution_y=HEIGHT,
        samples=SAMPLES,
        split=RenderSplit(tiles_x=2, tiles_y=2),
        verification=POLICY,
        reward_per_task=1,
        budget=10**9,
        deadline=2_000_000_000,
    )
    variants = [Variant(seed=s) for s in range(4)] + sorted(set(NEEDS.values()), key=Variant.key)
    renders = render_variants(
        scene, FRAME, variants, resolution=(WIDTH, HEIGHT), samples=SAMPLES, out_dir=work / "bank"
    )
    # the bottom-left tile of frame 2 (objects, ground and shadows), checked with the real runtime's re-renders
    task = next(t for t in slice_tasks(spec) if t.params["frames"] == [FRAME] and t.params["tile"] == _bottom_left())
    check = render_check(keccak(b"cheat test check"), task, POLICY)
    files = render_crops(spec, task, check, scene, work / "check")
    images = load_images(files)
    references = [(crop, images[2 * k], images[2 * k + 1]) for k, crop in enumerate(check.crops)]
    return renders, task, check, references


def _bottom_left() -> dict[str, int]:
    return {"x": 0, "y": 0, "min_x": 0, "max_x": WIDTH // 2, "min_y": 0, "max_y": HEIGHT // 2}


def _judge(submitted: np.ndarray, task, check: RenderCheck, references):
    return check_crops(submitted, task.params["tile"], references, POLICY, salt=check.seeds[0])


@pytest.mark.parametrize("worker_seed", [0, 1, 2, 3])
def test_honest_render__other_seed__passes(bank, worker_seed):
    renders, task, check, references = bank
    verdict = _judge(tile_region(renders[Variant(seed=worker_seed)], task.params["tile"]), task, check, references)
    assert verdict.passed, verdict.reason
    assert verdict.tests and max(t.counts.n for t in verdict.tests) > 2_000  # real noise: most pixels informative


def test_honest_render__references_from_the_bank__every_tile_passes(bank):
    """Honest pairs over all four tiles and several seed triples (crops cut from whole-frame renders)."""
    renders, _, _, _ = bank
    for n, (w, a, b) in enumerate([(0, 1, 2), (1, 2, 3), (2, 3, 0), (3, 0, 1)]):
        for tx in (0, 1):
            for ty in (0, 1):
                tile = _tile(tx, ty)
                verdict = _judge_with_bank(renders, tile_region(renders[Variant(seed=w)], tile), tile, a, b, n)
                assert verdict.passed, f"tile {tx},{ty} seeds {w} vs {a},{b}: {verdict.reason}"


@pytest.mark.parametrize("kind", list(CHEATS))
def test_cheat__caught_against_the_real_re_renders(bank, kind):
    renders, task, check, references = bank
    submitted = cheat_tile(kind, renders, task.params["tile"], np.random.default_rng(5))
    verdict = _judge(submitted, task, check, references)
    assert not verdict.passed, f"{kind} ({CHEATS[kind]}) passed: p = {verdict.p_value}"
    assert verdict.p_value <= POLICY.max_false_rejection


def _tile(tx: int, ty: int) -> dict[str, int]:
    w, h = WIDTH // 2, HEIGHT // 2
    return {"x": tx, "y": ty, "min_x": tx * w, "max_x": (tx + 1) * w, "min_y": ty * h, "max_y": (ty + 1) * h}


def _judge_with_bank(renders, submitted, tile, seed_a: int, seed_b: int, n: int):
    task = Task(n, "render", {"frames": [FRAME], "tile": tile}, ("frame.png",))
    check = render_check(keccak(n.to_bytes(4, "big")), task, POLICY)
    references = []
    for crop in check.crops:
        box = {"min_x": crop.min_x, "max_x": crop.max_x, "min_y": crop.min_y, "max_y": crop.max_y}
        references.append(
            (crop, tile_region(renders[Variant(seed=seed_a)], box), tile_region(renders[Variant(seed=seed_b)], box))
        )
    return check_crops(submitted, tile, references, POLICY, salt=n)


def test_bank__cheat_renders_exist_for_every_needed_variant(bank):
    renders, _, _, _ = bank
    assert set(NEEDS.values()) <= set(renders)
    assert all(image.shape == (HEIGHT, WIDTH, 4) for image in renders.values())


def test_scene_bank_path_helpers__tile_region_rows_from_the_top():
    frame = np.arange(HEIGHT)[:, None, None] * np.ones((1, WIDTH, 4), dtype=np.int64)
    region = tile_region(frame, _bottom_left())
    assert region[0, 0, 0] == HEIGHT // 2 and region[-1, 0, 0] == HEIGHT - 1  # bottom tile = last rows
