"""CIDs exactly as Kubo computes them for `ipfs add --cid-version 1 --raw-leaves`
with the default chunker (size-262144).

A file of at most 256 KiB is one raw leaf: CIDv1, codec raw (0x55), sha2-256,
base32 (`bafkrei...`). A larger file is a balanced UnixFS DAG of dag-pb (0x70)
nodes with at most 174 links each over raw 256 KiB leaves (`bafybei...`).

The hashing is done by `aleph-cid` (a Rust crate with Python wheels whose
golden CIDs are regenerated against real Kubo), so no DAG or protobuf code is
written here. It hashes incrementally: memory stays bounded by one chunk plus
one pending link list per DAG level, whatever the file size. The tests check
it against a real IPFS node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import aleph_cid

from protocol.storage.errors import InvalidCid

#: Kubo's default chunk size; also the size of the reads and writes of the stores.
CHUNK_SIZE = 256 * 1024
#: Bytes read per I/O call when streaming files (a multiple of CHUNK_SIZE).
IO_SIZE = 4 * 1024 * 1024

# CIDv1 in lower-case base32 ('b' multibase prefix) or a CIDv0 ('Qm' base58btc).
# Checked before a CID is used as a file name, so it can never escape a directory.
_CID_RE = re.compile(r"^(b[a-z2-7]{58,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$")


def validate_cid(cid: str) -> str:
    """Return `cid` if it is a CID this package can verify (sha2-256, raw or dag-pb), else raise InvalidCid."""
    if not isinstance(cid, str) or not _CID_RE.fullmatch(cid):
        raise InvalidCid(str(cid), "not a base32 CIDv1 or a CIDv0")
    try:
        aleph_cid.CidHasher.for_expected(cid)
    except ValueError as exc:
        raise InvalidCid(cid, str(exc)) from exc
    return cid


class CidHasher:
    """Incremental CID of a byte stream: `update()` any number of times, then `cid()` once.

    `update()` releases the GIL, so the stores hash on a worker thread while
    the main thread does the I/O.
    """

    def __init__(self) -> None:
        self._hasher = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
        self.size = 0
        self._cid: str | None = None

    def update(self, data: bytes | bytearray | memoryview) -> None:
        if self._cid is not None:
            raise RuntimeError("CidHasher.update() after cid()")
        self._hasher.update(bytes(data) if not isinstance(data, bytes) else data)
        self.size += len(data)

    def cid(self) -> str:
        if self._cid is None:
            self._cid = self._hasher.finalize()
        return self._cid


def cid_of_bytes(data: bytes) -> str:
    """The CID of a byte string."""
    hasher = CidHasher()
    hasher.update(data)
    return hasher.cid()


def cid_of_chunks(chunks: Iterable[bytes]) -> str:
    """The CID of the concatenation of `chunks`, in bounded memory."""
    hasher = CidHasher()
    for chunk in chunks:
        hasher.update(chunk)
    return hasher.cid()


def cid_of_stream(stream: BinaryIO) -> str:
    """The CID of everything left in a binary stream, read IO_SIZE bytes at a time."""
    return cid_of_chunks(iter(lambda: stream.read(IO_SIZE), b""))


def cid_of_file(path: str | Path) -> str:
    """The CID of a file, streamed: never holds more than IO_SIZE bytes of it in memory."""
    with open(path, "rb") as f:
        return cid_of_stream(f)
