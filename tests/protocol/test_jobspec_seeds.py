"""Seeded choices: deterministic given the seed, different for another seed."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st
from jobspec_samples import compute, render

from protocol.jobspec import (
    job_seed,
    parse_spec,
    render_check,
    replica_ranking,
    reveal_seed,
    select_spot_checks,
    spot_check_drawn,
)
from protocol.jobspec.policies import crop_grid
from protocol.jobspec.seeds import WORKER_RENDER_SEED, spot_check_count
from protocol.jobspec.slicing import Task, slice_tasks

BLOCK = keccak(b"creation block")
TASKS = [Task(i, "compute", {}, ()) for i in range(1_000)]
WORKERS = [f"0x{i:040x}" for i in range(1, 11)]


def test_job_seed__is_keccak_of_block_hash_and_job_id():
    assert job_seed(BLOCK, 7) == keccak(BLOCK + (7).to_bytes(32, "big"))
    assert job_seed(BLOCK, 7) != job_seed(BLOCK, 8)


def test_job_seed__short_block_hash__rejected():
    with pytest.raises(ValueError, match="32 bytes"):
        job_seed(b"\x01" * 31, 1)


def test_spot_checks__same_seed__same_selection():
    seed = job_seed(BLOCK, 1)
    assert select_spot_checks(seed, TASKS, 1_000) == select_spot_checks(seed, list(TASKS), 1_000)


def test_spot_checks__other_seed__other_selection():
    first = select_spot_checks(job_seed(BLOCK, 1), TASKS, 1_000)
    second = select_spot_checks(job_seed(BLOCK, 2), TASKS, 1_000)
    later = select_spot_checks(reveal_seed(job_seed(BLOCK, 1), keccak(b"later block")), TASKS, 1_000)
    assert len({first, second, later}) == 3


@settings(max_examples=100, deadline=None)
@given(seed=st.binary(min_size=32, max_size=32), n=st.integers(0, 300), bps=st.integers(0, 10_000))
def test_spot_checks__any_seed__count_from_fraction_distinct_in_range(seed, n, bps):
    tasks = TASKS[:n]
    picked = select_spot_checks(seed, tasks, bps)
    assert len(picked) == spot_check_count(n, bps) == -(-n * bps // 10_000)
    assert len(set(picked)) == len(picked) and list(picked) == sorted(picked)
    assert all(0 <= i < n for i in picked)


def test_spot_checks__full_fraction__every_task():
    assert select_spot_checks(job_seed(BLOCK, 1), TASKS[:37], 10_000) == tuple(range(37))


def test_spot_checks__many_seeds__every_task_sometimes_picked():
    hits = {i for j in range(200) for i in select_spot_checks(job_seed(BLOCK, j), TASKS[:20], 1_000)}
    assert hits == set(range(20))  # 2 of 20 per seed: a fixed subset would miss most


def test_spot_checks__bps_out_of_range__rejected():
    with pytest.raises(ValueError):
        select_spot_checks(job_seed(BLOCK, 1), TASKS, 10_001)


def test_spot_checks__count_given__exactly_that_many():
    assert len(select_spot_checks(job_seed(BLOCK, 1), TASKS, 1, count=1)) == 1
    assert select_spot_checks(job_seed(BLOCK, 1), TASKS[:3], 1, count=5) == (0, 1, 2)  # at most every task
    with pytest.raises(ValueError):
        select_spot_checks(job_seed(BLOCK, 1), TASKS, 1, count=-1)


def test_spot_check_drawn__same_seed_and_task__same_answer_other_seed_differs():
    seed = reveal_seed(job_seed(BLOCK, 1), keccak(b"block after the result"))
    answers = [spot_check_drawn(seed, i, 5_000) for i in range(64)]
    assert answers == [spot_check_drawn(seed, i, 5_000) for i in range(64)]
    other = reveal_seed(job_seed(BLOCK, 1), keccak(b"another block"))
    assert answers != [spot_check_drawn(other, i, 5_000) for i in range(64)]


def test_spot_check_drawn__chance_follows_bps():
    seeds = [reveal_seed(job_seed(BLOCK, 1), keccak(b"%d" % j)) for j in range(40)]
    hits = sum(spot_check_drawn(seed, i, 1_000) for seed in seeds for i in range(100))
    assert 300 <= hits <= 500  # 4,000 draws at 10 %: mean 400, sd 19
    assert not any(spot_check_drawn(seed, i, 0) for seed in seeds[:5] for i in range(100))
    assert all(spot_check_drawn(seed, i, 10_000) for seed in seeds[:5] for i in range(100))


@pytest.mark.parametrize(("task_index", "bps"), [(-1, 100), (0, -1), (0, 10_001)])
def test_spot_check_drawn__out_of_range__rejected(task_index, bps):
    with pytest.raises(ValueError):
        spot_check_drawn(job_seed(BLOCK, 1), task_index, bps)


def test_replica_ranking__same_seed__same_order_any_input_order():
    seed = job_seed(BLOCK, 3)
    assert replica_ranking(seed, 5, WORKERS) == replica_ranking(seed, 5, list(reversed(WORKERS)))
    assert sorted(replica_ranking(seed, 5, WORKERS)) == sorted(WORKERS)


def test_replica_ranking__other_task_or_seed__other_order():
    seed = job_seed(BLOCK, 3)
    orders = {tuple(replica_ranking(seed, t, WORKERS)) for t in range(5)}
    orders.add(tuple(replica_ranking(job_seed(BLOCK, 4), 0, WORKERS)))
    assert len(orders) == 6


def test_replica_ranking__worker_leaves__others_keep_relative_order():
    seed = job_seed(BLOCK, 3)
    full = replica_ranking(seed, 1, WORKERS)
    without = replica_ranking(seed, 1, [w for w in WORKERS if w != full[0]])
    assert without == full[1:]


def test_render_check__crops_inside_tile_and_deterministic():
    spec = parse_spec(render(split={"frames_per_task": 5, "tiles_x": 2, "tiles_y": 2}, budget=1_200))
    seed = job_seed(BLOCK, 9)
    for task in slice_tasks(spec):
        check = render_check(seed, task, spec.verification)
        assert check == render_check(seed, task, spec.verification)
        assert check.frame in task.params["frames"]
        assert len(check.crops) == 4
        tile = task.params["tile"]
        for crop in check.crops:
            assert tile["min_x"] <= crop.min_x < crop.max_x <= tile["max_x"]
            assert tile["min_y"] <= crop.min_y < crop.max_y <= tile["max_y"]
            assert crop.max_x - crop.min_x == 64 and crop.max_y - crop.min_y == 48  # 20 % of a 320×240 tile
        assert len(set(check.seeds)) == 2 and WORKER_RENDER_SEED not in check.seeds
        assert all(1 <= seed < 2**31 for seed in check.seeds)


@pytest.mark.parametrize("crops", [1, 2, 3, 4, 5, 9, 16])
def test_render_check__crops_one_per_grid_cell__never_overlap(crops):
    spec = parse_spec(render(verification={"method": "render", "crops": crops, "crop_size_bps": 2_500}))
    columns, rows = crop_grid(crops)
    assert columns * rows >= crops and columns >= rows
    x_cells = [(640 * c // columns, 640 * (c + 1) // columns) for c in range(columns)]
    y_cells = [(480 * r // rows, 480 * (r + 1) // rows) for r in range(rows)]
    for n in range(20):
        task = slice_tasks(spec)[n % 10]
        check = render_check(job_seed(BLOCK, n), task, spec.verification)
        cells = set()
        for crop in check.crops:
            (col,) = [c for c, (x0, x1) in enumerate(x_cells) if x0 <= crop.min_x and crop.max_x <= x1]
            (row,) = [r for r, (y0, y1) in enumerate(y_cells) if y0 <= crop.min_y and crop.max_y <= y1]
            cells.add((col, row))
        assert len(cells) == crops  # one crop per cell: none overlap


def test_render_check__other_seed__other_crops():
    spec = parse_spec(render())
    task = slice_tasks(spec)[0]
    assert render_check(job_seed(BLOCK, 1), task, spec.verification) != render_check(
        job_seed(BLOCK, 2), task, spec.verification
    )


def test_spot_checks__from_spec_policy__uses_spec_fraction():
    spec = parse_spec(
        compute(
            kernel={"name": "sha256_chain", "chains": 100, "length": 1},
            items_per_task=1,
            verification={"method": "hash", "spot_check_bps": 500},
            budget=1_060,
        )
    )
    tasks = slice_tasks(spec)
    assert spec.spot_checks == 12  # mean 5 + 3 sd (sqrt(100 × 0.05 × 0.95) = 2.18)
    # the budget covers what the per-task draws give, for nearly every reveal block
    counts = [
        sum(
            spot_check_drawn(
                reveal_seed(job_seed(BLOCK, 1), keccak(b"%d" % j)), t.index, spec.verification.spot_check_bps
            )
            for t in tasks
        )
        for j in range(300)
    ]
    assert 4 <= sum(counts) / len(counts) <= 6
    assert sum(c > spec.spot_checks for c in counts) <= 3
