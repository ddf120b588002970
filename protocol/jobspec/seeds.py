"""Unpredictable but reproducible choices: spot checks, replica ranking, render crops.

Everything random in a job derives from one 32-byte seed by keccak256 with a
label per use, so any oracle or auditor recomputes the same choices:

    job_seed = keccak256(abi.encode(bytes32 creation_block_hash, uint256 job_id))

The creation block hash is unknown until the job is on-chain, so a requester
cannot grind a spec for a friendly seed. It is public from then on, though;
choices a worker must not foresee while it can still change its result
(whether its task is spot-checked, which crops) use ``reveal_seed(job_seed,
later_block_hash)`` with the hash of a block mined after the result was
recorded. Draws reduce a 256-bit hash modulo the range (bias < 2**-200).

Spot checks are drawn per task (``spot_check_drawn``), as each result
arrives: every task is checked with the same chance, independently, and a
check runs while the rest of the job is still computing instead of in a
round after the last result. A job whose draws all came out "no" gets one
check anyway (``select_spot_checks(..., count=1)`` from a block after its
last result), so a small job with a small share is still checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_utils import keccak, to_canonical_address

from protocol.jobspec.policies import RenderPolicy, TrainPolicy, crop_grid
from protocol.jobspec.slicing import Task
from protocol.jobspec.types import BPS

_SPOT = b"gpuhive:spot-check"
_SPOT_EACH = b"gpuhive:spot-check-task"
_REPLICA = b"gpuhive:replica"
_CROP = b"gpuhive:crop"
_REVEAL = b"gpuhive:reveal"
_SEGMENT = b"gpuhive:segment"
_CHECK_SEED = b"gpuhive:check-render-seed"
_CONFIRM_SEED = b"gpuhive:confirm-render-seed"


def _bytes32(value: bytes, what: str) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != 32:
        raise ValueError(f"{what} must be 32 bytes")
    return bytes(value)


def job_seed(creation_block_hash: bytes, job_id: int) -> bytes:
    """The job's seed: keccak256(creation block hash ‖ uint256 job_id)."""
    if not 0 <= job_id < 2**256:
        raise ValueError("job_id must fit in uint256")
    return keccak(_bytes32(creation_block_hash, "creation_block_hash") + job_id.to_bytes(32, "big"))


def reveal_seed(seed: bytes, later_block_hash: bytes) -> bytes:
    """Mix in the hash of a block mined after leasing, so the result was unknowable at lease time."""
    return keccak(_REVEAL + _bytes32(seed, "seed") + _bytes32(later_block_hash, "later_block_hash"))


def _draw(seed: bytes, label: bytes, *counters: int) -> int:
    data = _bytes32(seed, "seed") + label + b"".join(c.to_bytes(32, "big") for c in counters)
    return int.from_bytes(keccak(data), "big")


def spot_check_count(num_tasks: int, bps: int) -> int:
    """Tasks checked for a share of ``bps`` basis points: ceil(num_tasks × bps / 10 000)."""
    return -(-num_tasks * bps // BPS)


def spot_check_drawn(seed: bytes, task_index: int, bps: int) -> bool:
    """Whether one task is spot-checked: true with a chance of ``bps`` / 10 000, independently per task.

    ``seed`` is ``reveal_seed(job_seed, hash)`` of a block mined after the task's result was recorded.
    """
    if not 0 <= bps <= BPS:
        raise ValueError("bps must be within 0..10000")
    if task_index < 0:
        raise ValueError("task_index must be >= 0")
    return _draw(seed, _SPOT_EACH, task_index) % BPS < bps


def select_spot_checks(seed: bytes, tasks: Sequence[Task], bps: int, count: int | None = None) -> tuple[int, ...]:
    """Indices of the tasks to spot-check, ascending: a seeded partial Fisher-Yates shuffle.

    The same seed and task list always give the same indices; the number
    picked is ``count``, by default ``spot_check_count(len(tasks), bps)``.
    """
    if not 0 <= bps <= BPS:
        raise ValueError("bps must be within 0..10000")
    n = len(tasks)
    count = spot_check_count(n, bps) if count is None else min(count, n)
    if count < 0:
        raise ValueError("count must be >= 0")
    swapped: dict[int, int] = {}  # sparse shuffle: memory O(count), not O(n)
    picked: list[int] = []
    for i in range(count):
        j = i + _draw(seed, _SPOT, i) % (n - i)
        picked.append(swapped.get(j, j))
        swapped[j] = swapped.get(i, i)
    return tuple(sorted(tasks[p].index for p in picked))


def replica_ranking(seed: bytes, task_index: int, workers: Sequence[str]) -> list[str]:
    """Eligible workers in the order they are offered a task's replicas (rendezvous hashing).

    Each worker's rank depends only on the seed, the task and its own
    address, so adding or removing a worker does not reshuffle the others.
    """

    def rank(worker: str) -> bytes:
        return keccak(_bytes32(seed, "seed") + _REPLICA + task_index.to_bytes(32, "big") + to_canonical_address(worker))

    return sorted(workers, key=lambda w: (rank(w), to_canonical_address(w)))


@dataclass(frozen=True)
class Crop:
    """A pixel box (half-open, Blender border coordinates) to re-render and compare."""

    min_x: int
    max_x: int
    min_y: int
    max_y: int


@dataclass(frozen=True)
class RenderCheck:
    """A render spot check: the frame, its crops, and the two Cycles seeds the checker re-renders them with.

    The worker rendered with seed ``WORKER_RENDER_SEED``; the checker renders
    every crop twice, with ``seeds[0]`` and ``seeds[1]`` (distinct and never
    the worker's), so the oracle has two independent honest renders to judge
    the submitted pixels against (``oracles.verify.render_check``).
    """

    frame: int
    crops: tuple[Crop, ...]
    seeds: tuple[int, int] = (1, 2)


def crop_file_name(crop: int, render: int, ext: str) -> str:
    """The file a checker uploads for re-render ``render`` (0 or 1) of crop ``crop``: ``crop_02_1.png``."""
    return f"crop_{crop:02d}_{render}.{ext}"


#: The Cycles seed every worker renders a task with (the render runtime pins it).
WORKER_RENDER_SEED = 0
#: Cycles seeds are non-negative 32-bit ints; the checker's are drawn from 1..MAX_RENDER_SEED.
MAX_RENDER_SEED = 2**31 - 1


def crop_box(width: int, height: int, policy: RenderPolicy) -> tuple[int, int]:
    """Width and height of each crop of a ``width`` × ``height`` tile (at least 1 px, at most one grid cell)."""
    columns, rows = crop_grid(policy.crops)
    crop_w = min(max(1, -(-width * policy.crop_size_bps // BPS)), max(1, width // columns))
    crop_h = min(max(1, -(-height * policy.crop_size_bps // BPS)), max(1, height // rows))
    return crop_w, crop_h


def render_check(seed: bytes, task: Task, policy: RenderPolicy) -> RenderCheck:
    """Which frame of a spot-checked render task to verify, which crops of it, and the checker's two seeds.

    Crops are stratified: the tile is cut into a ``crop_grid`` of cells and
    crop ``c`` lies at a random place inside cell ``c`` (row-major), so the
    crops never overlap (each compared pixel is a separate observation) and
    together they cover every part of the tile.
    """
    frames: list[int] = task.params["frames"]
    tile = task.params["tile"]
    frame = frames[_draw(seed, _CROP, task.index, 0) % len(frames)]
    width, height = tile["max_x"] - tile["min_x"], tile["max_y"] - tile["min_y"]
    columns, rows = crop_grid(policy.crops)
    crop_w, crop_h = crop_box(width, height, policy)
    crops = []
    for c in range(policy.crops):
        col, row = c % columns, c // columns
        x0, x1 = width * col // columns, width * (col + 1) // columns
        y0, y1 = height * row // rows, height * (row + 1) // rows
        x = tile["min_x"] + x0 + _draw(seed, _CROP, task.index, 1 + 2 * c) % max(1, x1 - x0 - crop_w + 1)
        y = tile["min_y"] + y0 + _draw(seed, _CROP, task.index, 2 + 2 * c) % max(1, y1 - y0 - crop_h + 1)
        crops.append(Crop(x, x + crop_w, y, y + crop_h))
    first = 1 + _draw(seed, _CHECK_SEED, task.index, 0) % MAX_RENDER_SEED
    second = 1 + (first + _draw(seed, _CHECK_SEED, task.index, 1) % (MAX_RENDER_SEED - 1)) % MAX_RENDER_SEED
    return RenderCheck(frame, tuple(crops), (first, second))


@dataclass(frozen=True)
class Segment:
    """Checkpoint interval ``step_from → step_to`` of a train task to replay (Proof-of-Learning)."""

    step_from: int
    step_to: int


def train_check(seed: bytes, task: Task, policy: TrainPolicy) -> tuple[Segment, ...]:
    """Which checkpoint intervals of a spot-checked train task to replay, ascending.

    The intervals are ``[step_start, c0), [c0, c1), …`` over the task's
    checkpoint steps; ``min(replay_segments, intervals)`` of them are drawn
    without replacement.
    """
    bounds = [task.params["step_start"], *task.params["checkpoint_steps"]]
    intervals = [Segment(a, b) for a, b in zip(bounds, bounds[1:])]
    count = min(policy.replay_segments, len(intervals))
    pool = list(range(len(intervals)))
    picked = []
    for i in range(count):
        j = i + _draw(seed, _SEGMENT, task.index, i) % (len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
        picked.append(pool[i])
    return tuple(intervals[k] for k in sorted(picked))


def confirmation_seeds(seed: bytes, task_index: int, taken: tuple[int, ...]) -> tuple[int, int]:
    """The second checker's two Cycles seeds for confirming a failed render check of task ``task_index``:
    distinct, in 1..MAX_RENDER_SEED, and none of ``taken`` (the first checker's seeds; the worker renders
    with 0). Drawn from the task's check seed, so every oracle derives the same."""
    chosen: list[int] = []
    k = 0
    while len(chosen) < 2:
        value = 1 + _draw(seed, _CONFIRM_SEED, task_index, k) % MAX_RENDER_SEED
        k += 1
        if value not in taken and value not in chosen:
            chosen.append(value)
    return chosen[0], chosen[1]
