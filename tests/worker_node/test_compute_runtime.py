"""The compute runtime: catalogue kernels run in a sandboxed child, chunks are deterministic and
concatenate to the whole result computed independently here (numpy matmul, hashlib chains)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from protocol.digests import bytes_digest
from protocol.jobspec.models import ComputeSpec
from protocol.jobspec.slicing import slice_tasks
from worker_node.runtimes import compute_child
from worker_node.runtimes.compute import compute_task
from worker_node.runtimes.sandbox import RuntimeFailure

DEADLINE = 1_893_456_000


def compute_spec(kernel: dict[str, Any], items_per_task: int) -> ComputeSpec:
    return ComputeSpec.model_validate(
        {
            "kind": "compute",
            "name": "compute runtime test",
            "kernel": kernel,
            "items_per_task": items_per_task,
            "replication": 2,
            "reward_per_task": 1,
            "budget": 1_000,
            "deadline": DEADLINE,
        }
    )


def reference_matmul(n: int, seed: int) -> np.ndarray:
    """C = A·B mod 2**64 from the raw PCG64 stream (A from draw 0, B from draw n²), drawn in one go."""
    raw = np.random.PCG64(seed).random_raw(2 * n * n).view(np.int64)
    a, b = raw[: n * n].reshape(n, n), raw[n * n :].reshape(n, n)
    return a @ b


def reference_chain(seed: int, index: int, length: int) -> bytes:
    h = hashlib.sha256(seed.to_bytes(32, "big") + index.to_bytes(32, "big")).digest()
    for _ in range(length):
        h = hashlib.sha256(h).digest()
    return h


def run_all(spec: ComputeSpec, out_dir: Path) -> list[Any]:
    return [compute_task(spec, task, out_dir) for task in slice_tasks(spec)]


MATMUL = {"name": "matmul_blocked", "n": 37, "block": 8, "seed": 7}  # 5 row blocks, the last one 5 rows
CHAINS = {"name": "sha256_chain", "chains": 5, "length": 50, "seed": 3}


def test_reference_matmul__wraps_modulo_2_64__like_python_integers():
    n, seed = 6, 1
    raw = [int(v) for v in np.random.PCG64(seed).random_raw(2 * n * n).view(np.int64)]
    a, b = raw[: n * n], raw[n * n :]
    c = reference_matmul(n, seed)
    for i, j in [(0, 0), (2, 5), (5, 3)]:
        exact = sum(a[i * n + k] * b[k * n + j] for k in range(n))
        assert int(c[i, j]) == (exact + 2**63) % 2**64 - 2**63


def test_matmul_blocked__chunks__concatenate_to_full_product(tmp_path):
    spec = compute_spec(MATMUL, items_per_task=2)  # tasks: rows 0-16, 16-32, 32-37
    results = run_all(spec, tmp_path)
    assert [r.files for r in results] == [[tmp_path / t.outputs[0]] for t in slice_tasks(spec)]
    data = b"".join(r.files[0].read_bytes() for r in results)
    got = np.frombuffer(data, dtype="<i8").reshape(MATMUL["n"], MATMUL["n"])
    np.testing.assert_array_equal(got, reference_matmul(MATMUL["n"], MATMUL["seed"]))
    for result in results:
        assert result.digest == bytes_digest([result.files[0].read_bytes()])


def test_matmul_blocked__same_chunk_twice__identical_digest(tmp_path):
    spec = compute_spec(MATMUL, items_per_task=2)
    task = slice_tasks(spec)[1]
    first = compute_task(spec, task, tmp_path / "first")
    second = compute_task(spec, task, tmp_path / "second")
    assert first.digest == second.digest
    assert first.files[0].read_bytes() == second.files[0].read_bytes()


def test_matmul_blocked__other_seed__other_digest(tmp_path):
    task_of = lambda spec: slice_tasks(spec)[0]
    spec_a, spec_b = compute_spec(MATMUL, 2), compute_spec({**MATMUL, "seed": 8}, 2)
    assert (
        compute_task(spec_a, task_of(spec_a), tmp_path / "a").digest
        != compute_task(spec_b, task_of(spec_b), tmp_path / "b").digest
    )


def test_matmul_rows__b_in_small_chunks__same_bytes():
    kernel = compute_spec(MATMUL, 1).kernel
    whole, chunked = io.BytesIO(), io.BytesIO()
    compute_child.matmul_rows(kernel, 8, 37, whole.write)
    compute_child.matmul_rows(kernel, 8, 37, chunked.write, b_chunk_rows=5)
    assert whole.getvalue() == chunked.getvalue()
    expected = reference_matmul(MATMUL["n"], MATMUL["seed"])[8:]
    np.testing.assert_array_equal(np.frombuffer(chunked.getvalue(), "<i8").reshape(29, 37), expected)


def test_sha256_chain__chunks__concatenate_to_hashlib_chains(tmp_path):
    spec = compute_spec(CHAINS, items_per_task=2)  # tasks: chains 0-2, 2-4, 4-5
    results = run_all(spec, tmp_path)
    data = b"".join(r.files[0].read_bytes() for r in results)
    assert data == b"".join(reference_chain(CHAINS["seed"], i, CHAINS["length"]) for i in range(CHAINS["chains"]))
    again = compute_task(spec, slice_tasks(spec)[2], tmp_path / "again")
    assert again.digest == results[2].digest


def test_compute_task__params_not_from_slicing__rejected(tmp_path):
    spec = compute_spec(MATMUL, items_per_task=2)
    task = slice_tasks(spec)[2]
    bad_rows = dataclasses.replace(task, params={**task.params, "row_end": 40})
    with pytest.raises(RuntimeFailure, match="does not match the spec's slicing"):
        compute_task(spec, bad_rows, tmp_path)
    bad_items = dataclasses.replace(task, params={**task.params, "item_end": 6})
    with pytest.raises(RuntimeFailure, match="does not match"):
        compute_task(spec, bad_items, tmp_path)
    with pytest.raises(RuntimeFailure, match="outside the job's 3 tasks"):
        compute_task(spec, dataclasses.replace(task, index=3), tmp_path)
    with pytest.raises(RuntimeFailure, match="not a compute task"):
        compute_task(spec, dataclasses.replace(task, kind="train"), tmp_path)
    assert not list(tmp_path.iterdir())


def test_compute_child__items_out_of_range__rejected_by_child(tmp_path):
    from worker_node.runtimes.sandbox import run_child

    with pytest.raises(RuntimeFailure, match="not within the kernel's 5 work items"):
        run_child(
            "worker_node.runtimes.compute_child",
            {"kernel": MATMUL, "item_start": 4, "item_end": 6, "out": str(tmp_path / "chunk.bin")},
        )
    with pytest.raises(RuntimeFailure, match="block"):
        run_child(
            "worker_node.runtimes.compute_child",
            {"kernel": {**MATMUL, "block": 64}, "item_start": 0, "item_end": 1, "out": str(tmp_path / "c.bin")},
        )
    assert not (tmp_path / "chunk.bin").exists()


def test_compute_spec__block_larger_than_matrix__rejected():
    with pytest.raises(ValidationError, match="larger than the matrix"):
        compute_spec({**MATMUL, "block": 38}, 1)
