"""The ``compute`` runtime, child side: the catalogue's deterministic kernels.

Run as ``python -m worker_node.runtimes.compute_child`` by
``worker_node.runtimes.compute`` (through the sandbox). The kernels need no
requester data: their inputs come from the kernel's seed. The definitions
below are what replicas must agree on byte for byte:

- ``matmul_blocked`` — A and B are n×n int64 matrices filled row-major from
  one stream: the raw 64-bit outputs of ``numpy.random.PCG64(seed)`` (seeded
  through ``SeedSequence(seed)``), A from draw 0, B from draw n², each
  64-bit word read as a two's-complement int64. Chunk output: the rows
  ``row_start … row_end - 1`` of C = A·B, wrapping modulo 2⁶⁴, as
  little-endian int64, row-major. Integer addition modulo 2⁶⁴ is associative
  and commutative, so the bytes are the same whatever the summation order,
  blocking, thread count or CPU; float64 (BLAS) would differ in the last bits
  between machines and thread counts. The raw PCG64 stream and SeedSequence
  are fixed by numpy across versions (``Generator`` methods are not), and
  ``PCG64.advance`` lets any rows be drawn without the ones before them.
- ``sha256_chain`` — chain i starts at h₀ = sha256(seed as 32 bytes
  big-endian ‖ i as 32 bytes big-endian) (the ``abi.encode(uint256,
  uint256)`` layout used elsewhere in the protocol), then h_{k+1} = sha256(h_k);
  the chunk output is h_length of each chain ``item_start … item_end - 1``,
  32 bytes each, concatenated.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from pydantic import TypeAdapter

from protocol.jobspec.catalogue import Kernel, MatmulBlocked, Sha256Chain
from worker_node.runtimes.sandbox import child_main

OUTPUT_DTYPE = np.dtype("<i8")  # matmul_blocked output: little-endian int64, row-major
B_CHUNK_BYTES = 8 * 2**20  # rows of B generated at a time: about 8 MiB
_MATRIX_A, _MATRIX_B = 0, 1


def matrix_rows(seed: int, n: int, matrix: int, row_start: int, row_end: int) -> np.ndarray:
    """Rows ``row_start … row_end - 1`` of input matrix A (``matrix`` 0) or B (1) of ``matmul_blocked``."""
    bits = np.random.PCG64(seed)
    bits.advance(matrix * n * n + row_start * n)
    return bits.random_raw((row_end - row_start) * n).view(np.int64).reshape(row_end - row_start, n)


def matmul_rows(
    kernel: MatmulBlocked,
    row_start: int,
    row_end: int,
    write: Callable[[bytes], Any],
    *,
    b_chunk_rows: int | None = None,
) -> None:
    """Compute rows ``row_start … row_end - 1`` of C = A·B (mod 2⁶⁴) and ``write`` their canonical bytes.

    Works one block of ``kernel.block`` rows of C at a time and streams B in
    chunks of ``b_chunk_rows`` rows (about 8 MiB by default), so memory stays
    O(block × n) whatever n is.
    """
    n, seed = kernel.n, kernel.seed
    if not 0 <= row_start < row_end <= n:
        raise ValueError(f"rows {row_start}…{row_end} are not within the {n}×{n} matrix")
    chunk = b_chunk_rows or max(1, B_CHUNK_BYTES // (8 * n))
    for r0 in range(row_start, row_end, kernel.block):
        r1 = min(r0 + kernel.block, row_end)
        a = matrix_rows(seed, n, _MATRIX_A, r0, r1)
        c = np.zeros((r1 - r0, n), dtype=np.int64)
        for k0 in range(0, n, chunk):
            k1 = min(k0 + chunk, n)
            c += a[:, k0:k1] @ matrix_rows(seed, n, _MATRIX_B, k0, k1)  # int64 wraps modulo 2**64
        write(c.astype(OUTPUT_DTYPE, copy=False).tobytes(order="C"))


def sha256_chain(seed: int, index: int, length: int) -> bytes:
    """h_length of chain ``index``: h₀ = sha256(seed ‖ index), 32-byte big-endian each; h_{k+1} = sha256(h_k)."""
    digest = hashlib.sha256(seed.to_bytes(32, "big") + index.to_bytes(32, "big")).digest()
    sha256 = hashlib.sha256
    for _ in range(length):
        digest = sha256(digest).digest()
    return digest


def sha256_chains(kernel: Sha256Chain, item_start: int, item_end: int, write: Callable[[bytes], Any]) -> None:
    """Write h_length of chains ``item_start … item_end - 1``, in order."""
    for index in range(item_start, item_end):
        write(sha256_chain(kernel.seed, index, kernel.length))


def run_kernel(kernel: MatmulBlocked | Sha256Chain, item_start: int, item_end: int, out: BinaryIO) -> None:
    """Run work items ``item_start … item_end - 1`` of ``kernel`` and write the chunk's bytes to ``out``."""
    if not 0 <= item_start < item_end <= kernel.items:
        raise ValueError(f"items {item_start}…{item_end} are not within the kernel's {kernel.items} work items")
    if isinstance(kernel, MatmulBlocked):
        matmul_rows(kernel, item_start * kernel.block, min(item_end * kernel.block, kernel.n), out.write)
    else:
        sha256_chains(kernel, item_start, item_end, out.write)


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one chunk: ``{"kernel": {...}, "item_start": i, "item_end": j, "out": path}``; write it atomically."""
    kernel = TypeAdapter(Kernel).validate_python(request["kernel"])
    out = Path(request["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("wb") as handle_:
        run_kernel(kernel, int(request["item_start"]), int(request["item_end"]), handle_)
    os.replace(partial, out)
    return {"out": str(out), "bytes": out.stat().st_size}


if __name__ == "__main__":
    child_main(handle)
