"""CIDs exactly as Kubo computes them for `ipfs add --cid-version 1 --raw-leaves`
with the default chunker (size-262144).

A file of at most 256 KiB is one raw leaf: CIDv1, codec raw (0x55), sha2-256,
base32 (`bafkrei...`). A larger file is a balanced UnixFS DAG of dag-pb (0x70)
nodes with at most 174 links each over raw 256 KiB leaves (`bafybei...`).

Streams are hashed by `aleph-cid` (a Rust crate with Python wheels whose
golden CIDs are regenerated against real Kubo), incrementally: memory stays
bounded by one chunk plus one pending link list per DAG level, whatever the
file size.

The root of a DAG says how big the file is (its UnixFS `filesize`), and a
raw leaf is at most one chunk: `cid_digest` and `unixfs_file_size` read that
declaration, so a download can be stopped at the size the CID commits to
instead of at whatever a node chooses to send.

Regular files are hashed faster by `hash_file_range`: raw leaves are hashed
independently, so their sha2-256 digests are computed on a pool of threads
(hashlib releases the GIL) and `DagBuilder` builds the dag-pb nodes above them
(the same balanced layout and encoding; its node encoding is a few lines of
protobuf, checked against `aleph-cid` and the real IPFS node by the tests).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import aleph_cid

from protocol.errors import GPUHiveError
from protocol.storage.errors import InvalidCid

#: Kubo's default chunk size; also the size of the reads and writes of the stores.
CHUNK_SIZE = 256 * 1024
#: Bytes read per I/O call when streaming files (a multiple of CHUNK_SIZE).
IO_SIZE = 4 * 1024 * 1024
#: Bytes per task of `hash_file_range` (a multiple of CHUNK_SIZE); each worker holds one such buffer.
BLOCK_SIZE = 8 * 1024 * 1024
#: Worker threads of `hash_file_range`: memory is about HASH_THREADS * BLOCK_SIZE.
HASH_THREADS = max(2, min(4, os.cpu_count() or 1))
#: Links per dag-pb node in Kubo's balanced layout.
MAX_LINKS = 174

CODEC_RAW = _RAW = 0x55
CODEC_DAG_PB = _DAG_PB = 0x70

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


def cid_digest(cid: str) -> tuple[int, bytes] | None:
    """(codec, sha2-256 digest) of a base32 CIDv1, or None for a CIDv0 (`Qm...`)."""
    validate_cid(cid)
    if not cid.startswith("b"):
        return None
    body = cid[1:].upper()
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    _, pos = read_varint(raw, 0)  # version 1
    codec, pos = read_varint(raw, pos)
    return codec, raw[pos + 2 : pos + 34]  # after the multihash's code (0x12) and length (0x20)


def is_raw(cid: str) -> bool:
    """Whether `cid` names a single raw leaf (at most CHUNK_SIZE bytes: larger content is a dag-pb DAG)."""
    parts = cid_digest(cid)
    return parts is not None and parts[0] == _RAW


def unixfs_file_size(block: bytes) -> int:
    """The file size a dag-pb root block declares (PBNode.Data, a UnixFS node, field 3 `filesize`).

    Raises ValueError if the block is not a dag-pb node holding a UnixFS file.
    """
    for field, value in _protobuf_fields(block):
        if field == 1 and isinstance(value, bytes):  # PBNode.Data
            for inner, size in _protobuf_fields(value):
                if inner == 3 and isinstance(size, int):  # UnixFS.filesize
                    return size
    raise ValueError("the node declares no UnixFS filesize")


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The unsigned varint at `data[pos:]` and the position after it; ValueError if truncated or overlong."""
    value = shift = 0
    while pos < len(data) and shift <= 63:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise ValueError("truncated or overlong varint")


def _protobuf_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of each field of a protobuf message: varints and length-delimited bytes only."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        wire = key & 7
        if wire == 0:
            number, pos = read_varint(data, pos)
            yield key >> 3, number
        elif wire == 2:
            length, pos = read_varint(data, pos)
            if pos + length > len(data):
                raise ValueError("a field runs past the end of the node")
            yield key >> 3, data[pos : pos + length]
            pos += length
        else:
            raise ValueError(f"protobuf wire type {wire} does not occur in a dag-pb node")


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
    """The CID of a file, hashed in parallel (see `hash_file_range`) in bounded memory."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        try:
            return hash_file_range(f.fileno(), 0, size)
        except FileChanged:
            f.seek(0)
            return cid_of_stream(f)


# ---------------------------------------------------------------- regular files


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _cid_bytes(codec: int, sha256_digest: bytes) -> bytes:
    # CIDv1: version 1, codec, multihash (sha2-256 = 0x12, 32 bytes).
    return b"\x01" + _varint(codec) + b"\x12\x20" + sha256_digest


def _cid_str(cid: bytes) -> str:
    return "b" + base64.b32encode(cid).decode("ascii").lower().rstrip("=")


class DagBuilder:
    """The CID of a file from the sha2-256 digests of its 256 KiB raw leaves, in order.

    Kubo's balanced layout: leaves are grouped 174 to a dag-pb node, those
    nodes 174 to a node one level up, and so on until one root remains; a
    file of one leaf is that raw leaf. A node is a PBNode whose links are
    (Hash: child CID, Name: "", Tsize: child's cumulative size) and whose
    Data is UnixFS {Type: File, filesize, blocksizes}. Nodes are emitted as
    soon as they are full, so memory is one pending link list per level.
    """

    def __init__(self) -> None:
        # Per level: pending (cid bytes, cumulative tsize, file bytes) links.
        self._levels: list[list[tuple[bytes, int, int]]] = []
        self._done = False

    def add_leaf(self, sha256_digest: bytes, size: int) -> None:
        if self._done:
            raise RuntimeError("DagBuilder.add_leaf() after cid()")
        self._push(0, (_cid_bytes(_RAW, sha256_digest), size, size))

    def _push(self, level: int, link: tuple[bytes, int, int]) -> None:
        if level == len(self._levels):
            self._levels.append([])
        pending = self._levels[level]
        pending.append(link)
        if len(pending) == MAX_LINKS:
            self._levels[level] = []
            self._push(level + 1, self._node(pending))

    @staticmethod
    def _node(links: list[tuple[bytes, int, int]]) -> tuple[bytes, int, int]:
        node = encode_node(links)
        tsize = len(node) + sum(link[1] for link in links)
        return _cid_bytes(_DAG_PB, hashlib.sha256(node).digest()), tsize, sum(link[2] for link in links)

    def cid(self) -> str:
        self._done = True
        levels = self._levels
        if not levels:  # no leaf at all: the empty file is one empty raw leaf
            return _cid_str(_cid_bytes(_RAW, hashlib.sha256(b"").digest()))
        level = 0
        while True:
            pending = levels[level]
            if level == len(levels) - 1 and len(pending) == 1:
                return _cid_str(pending[0][0])
            if pending:
                levels[level] = []
                self._push(level + 1, self._node(pending))
            level += 1


def encode_node(links: list[tuple[bytes, int, int]]) -> bytes:
    """A dag-pb node's bytes from its (child CID bytes, cumulative tsize, file bytes) links, as Kubo writes it."""
    filesize = sum(link[2] for link in links)
    unixfs = bytearray(b"\x08\x02\x18" + _varint(filesize))  # Type=File, filesize
    for link in links:
        unixfs += b"\x20" + _varint(link[2])  # blocksizes
    node = bytearray()
    for cid, tsize, _ in links:
        pb_link = b"\x0a" + _varint(len(cid)) + cid + b"\x12\x00\x18" + _varint(tsize)  # Hash, Name="", Tsize
        node += b"\x12" + _varint(len(pb_link)) + pb_link  # PBNode.Links
    node += b"\x0a" + _varint(len(unixfs)) + unixfs  # PBNode.Data
    return bytes(node)


def raw_leaf_link(chunk: bytes) -> tuple[bytes, int, int]:
    """The link to a raw leaf holding `chunk`, as `encode_node` takes it."""
    return _cid_bytes(_RAW, hashlib.sha256(chunk).digest()), len(chunk), len(chunk)


class FileChanged(GPUHiveError):
    """A file was shorter than its size said while `hash_file_range` read it."""


def hash_file_range(
    fd: int,
    offset: int,
    size: int,
    *,
    out_fd: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> str:
    """The CID of the `size` bytes of file descriptor `fd` from `offset`.

    HASH_THREADS workers each read a BLOCK_SIZE block with `preadv` into their
    own buffer, hash its 256 KiB leaves, and, if `out_fd` is given, write the
    block at the same position (from 0) of `out_fd` — so the bytes hashed are
    exactly the bytes written. Blocks in flight are bounded, so memory is about
    HASH_THREADS * BLOCK_SIZE. Raises FileChanged if `fd` ends early.
    """
    builder = DagBuilder()
    local = threading.local()

    def work(pos: int, n: int) -> tuple[int, list[bytes]]:
        buf = getattr(local, "buf", None)
        if buf is None:
            buf = local.buf = bytearray(BLOCK_SIZE)
        with memoryview(buf) as whole, whole[:n] as view:
            got = 0
            while got < n:
                read = os.preadv(fd, [view[got:]], offset + pos + got)
                if read == 0:
                    raise FileChanged(f"file ended {size - pos - got} bytes early")
                got += read
            digests = [hashlib.sha256(view[i : i + CHUNK_SIZE]).digest() for i in range(0, n, CHUNK_SIZE)]
            if out_fd is not None:
                done = 0
                while done < n:
                    done += os.pwrite(out_fd, view[done:], pos + done)
        return n, digests

    def collect(future: Future[tuple[int, list[bytes]]]) -> None:
        n, digests = future.result()
        for i, digest in enumerate(digests):
            builder.add_leaf(digest, min(CHUNK_SIZE, n - i * CHUNK_SIZE))
        if progress is not None:
            progress(n)

    pool = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="cid-hash")
    try:
        in_flight: deque[Future[tuple[int, list[bytes]]]] = deque()
        for pos in range(0, size, BLOCK_SIZE):
            if len(in_flight) >= 2 * HASH_THREADS:
                collect(in_flight.popleft())
            in_flight.append(pool.submit(work, pos, min(BLOCK_SIZE, size - pos)))
        while in_flight:
            collect(in_flight.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return builder.cid()
