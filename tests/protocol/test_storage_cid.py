"""protocol/storage/cid.py: CIDs identical to what a real IPFS node gives for
`add --cid-version 1 --raw-leaves` (default 256 KiB chunker), and hashing in
bounded memory."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import textwrap

import httpx
import pytest
from storage_data import KIB, MIB, payload

from protocol.storage import CHUNK_SIZE, InvalidCid, cid_of_bytes, cid_of_file, cid_of_stream, validate_cid
from protocol.storage.cid import CidHasher, DagBuilder, cid_of_chunks


def node_add(api: str, data: bytes) -> dict:
    """Add `data` through the node's own add API, as `ipfs add --cid-version 1 --raw-leaves` does."""
    response = httpx.post(
        f"{api}/api/v0/add",
        params={"cid-version": "1", "raw-leaves": "true", "cid-base": "base32"},
        files={"file": ("blob", data, "application/octet-stream")},
        timeout=120,
    )
    response.raise_for_status()
    return json.loads(response.text.splitlines()[-1])


SIZES = {
    "empty": 0,
    "1KiB": 1 * KIB,
    "256KiB_one_chunk": 256 * KIB,
    "256KiB_plus_1": 256 * KIB + 1,
    "10MiB": 10 * MIB,
    # 175 chunks: more than the 174 links of one dag-pb node, so the DAG gets a second level.
    "175_chunks_two_levels": 175 * CHUNK_SIZE + 1,
}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_cid__size_vs_real_ipfs_node__identical(ipfs_api, tmp_path, size):
    data = payload(size, seed=f"cid-{size}")
    path = tmp_path / "blob"
    path.write_bytes(data)

    node_cid = node_add(ipfs_api, data)["Hash"]

    assert cid_of_file(path) == node_cid
    assert cid_of_bytes(data) == node_cid
    assert node_cid.startswith("bafkrei" if size <= CHUNK_SIZE else "bafybei")


def test_cid__small_file__is_raw_leaf_sha256():
    # CIDv1 raw (0x55) sha2-256 of b"hello\n", as `ipfs add --cid-version 1` prints it.
    assert cid_of_bytes(b"hello\n") == "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am"


@pytest.mark.parametrize("piece", [1, 4097, CHUNK_SIZE - 1, CHUNK_SIZE, 3 * CHUNK_SIZE + 5])
def test_cid__any_chunking_of_input__same_cid(piece):
    data = payload(2 * MIB + 123, seed="chunking")
    pieces = [data[i : i + piece] for i in range(0, len(data), piece)]
    assert cid_of_chunks(pieces) == cid_of_bytes(data) == cid_of_stream(io.BytesIO(data))


def test_cid__one_byte_changed__different_cid():
    data = bytearray(payload(CHUNK_SIZE * 3))
    before = cid_of_bytes(bytes(data))
    data[CHUNK_SIZE + 7] ^= 1
    assert cid_of_bytes(bytes(data)) != before


def test_cid_hasher__update_after_cid__raises():
    hasher = CidHasher()
    hasher.update(b"x")
    hasher.cid()
    with pytest.raises(RuntimeError):
        hasher.update(b"y")


@pytest.mark.parametrize(
    "bad",
    ["", "hello", "../../etc/passwd", "bafkrei/../x", "BAFKREICYSG23KIWV34EG2D7QWEIPXWOSDO2PY4LDV42NBAUGULUEN5V6AM"],
)
def test_validate_cid__not_a_cid__raises_invalid_cid(bad):
    with pytest.raises(InvalidCid):
        validate_cid(bad)


def test_cid_of_stream__512MiB__bounded_memory():
    """Hash 512 MiB in a fresh interpreter and check its peak RSS: the file is never held in memory."""
    script = textwrap.dedent(
        """
        from protocol.storage import cid_of_stream

        class Zeros:
            def __init__(self, size):
                self.left = size
                self.block = bytes(4 << 20)
            def read(self, n=-1):
                n = min(self.left, len(self.block) if n < 0 else n)
                self.left -= n
                return self.block[:n]

        before = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
        print(cid_of_stream(Zeros(512 << 20)))
        print(before, next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    before_kib, peak_kib = int(out[1]), int(out[2])
    assert out[0].startswith("bafybei")
    assert (peak_kib - before_kib) / 1024 < 64, (
        f"hashing 512 MiB raised peak RSS by {(peak_kib - before_kib) // 1024} MiB"
    )


# Sizes around every boundary of the parallel file hasher: leaves, 8 MiB blocks, 174-link nodes.
FILE_SIZES = [
    0,
    1,
    CHUNK_SIZE - 1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    8 * MIB - 1,
    8 * MIB,
    8 * MIB + 1,
    174 * CHUNK_SIZE,
    174 * CHUNK_SIZE + 1,
    175 * CHUNK_SIZE,
    348 * CHUNK_SIZE,
    348 * CHUNK_SIZE + 7,
]


@pytest.mark.parametrize("size", FILE_SIZES)
def test_cid_of_file__parallel_leaves_and_dag_builder__same_as_aleph_cid(tmp_path, size):
    data = payload(size, seed=f"blocks-{size}")
    path = tmp_path / "blob"
    path.write_bytes(data)
    assert cid_of_file(path) == cid_of_bytes(data)


def test_dag_builder__three_levels__same_as_aleph_cid():
    # 174 * 174 + 1 leaves (7.4 GiB) need a third level; identical leaves keep it cheap.
    leaf = payload(CHUNK_SIZE, seed="leaf")
    hasher = CidHasher()
    builder = DagBuilder()
    digest = hashlib.sha256(leaf).digest()
    for _ in range(174 * 174 + 1):
        hasher.update(leaf)
        builder.add_leaf(digest, CHUNK_SIZE)
    hasher.update(b"tail")
    builder.add_leaf(hashlib.sha256(b"tail").digest(), 4)
    assert builder.cid() == hasher.cid()
