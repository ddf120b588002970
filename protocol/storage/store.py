"""The `Store` interface every role uses to move bytes by CID, and the
verified-streaming logic the implementations share.

A store names content by its CID (see `protocol.storage.cid`), so a local
directory store and an IPFS node give the same bytes the same name. Every
`get` re-hashes what it reads and raises `CorruptContent` instead of
delivering bytes that do not match the CID.

The hash is only known at the end, so a node that streams forever would fill
the disk before a mismatch is seen. Every `get` is therefore stopped at the
least of three sizes, with `DownloadTooLarge`: what the CID's DAG declares
(`declared_size`: a raw leaf is at most one 256 KiB chunk, a DAG's root block
states its file size), the store's ceiling `max_download_bytes` (`[storage]
max_download_bytes`, 16 GiB by default) and what the caller will read
(`get_bytes`'s `max_bytes`). A partial file is removed.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from protocol.storage.cid import CHUNK_SIZE, IO_SIZE, CidHasher, is_raw, validate_cid
from protocol.storage.errors import CorruptContent, DownloadTooLarge

#: Called with the number of bytes just moved (for progress bars).
Progress = Callable[[int], None]

#: Largest object `get_bytes` will hold in memory unless told otherwise.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Largest download a store makes unless configured otherwise (`[storage] max_download_bytes`).
DEFAULT_MAX_DOWNLOAD_BYTES = 16 * 1024**3


class Store(ABC):
    """A content-addressed store: put bytes, get them back by CID, verified."""

    #: Human-readable location, used in error messages ("local store /x", "IPFS node http://...").
    where: str
    #: No `get` writes more than this many bytes (`DownloadTooLarge`).
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES

    # ------------------------------------------------------------------ put

    @abstractmethod
    def put_stream(self, stream: BinaryIO, *, progress: Progress | None = None) -> str:
        """Store everything left in a binary stream; return its CID."""

    def put_file(self, path: str | Path, *, progress: Progress | None = None) -> str:
        """Store a file (streamed, bounded memory); return its CID."""
        with open(path, "rb") as f:
            return self.put_stream(f, progress=progress)

    def put_bytes(self, data: bytes) -> str:
        """Store a byte string; return its CID."""
        return self.put_stream(io.BytesIO(data))

    # ------------------------------------------------------------------ get

    @abstractmethod
    def _open(self, cid: str) -> AbstractContextManager[Iterator[bytes]]:
        """Context manager yielding an iterator over the raw content of `cid` (unverified).

        Raises ContentNotFound when the store does not have it.
        """

    def get(
        self,
        cid: str,
        dest: str | Path | BinaryIO,
        *,
        progress: Progress | None = None,
        max_bytes: int | None = None,
    ) -> int:
        """Write the content of `cid` to a path or a binary stream; return its size.

        A path is written atomically: a temporary sibling is renamed into place
        only after the content matched the CID, so on `CorruptContent` or
        `DownloadTooLarge` nothing is left at `dest`. A stream receives the
        bytes as they arrive; on either error the caller must discard what it
        got. At most `download_limit` bytes are read (`max_bytes` lowers it).
        """
        validate_cid(cid)
        if isinstance(dest, (str, Path)):
            dest = Path(dest)
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    size = self._get_verified(cid, out, progress, max_bytes)
                os.replace(tmp_name, dest)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
            return size
        return self._get_verified(cid, dest, progress, max_bytes)

    def get_bytes(self, cid: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        """The content of `cid` in memory (verified); refuses objects larger than `max_bytes`."""
        buf = io.BytesIO()
        self.get(cid, buf, max_bytes=max_bytes)
        return buf.getvalue()

    def declared_size(self, cid: str) -> int | None:
        """The file size the DAG of `cid` declares, or None when this store cannot read it (or `cid` is a leaf).

        A DAG's root block states its file size and is itself named by the CID, so a store that can read
        blocks (`IpfsStore`) learns the true size before the first byte of content.
        """
        return None

    def download_limit(self, cid: str, max_bytes: int | None = None) -> tuple[int, str]:
        """The most bytes a `get` of `cid` may read, and why that many.

        The least of the store's ceiling, `max_bytes`, one chunk for a raw leaf (larger content hashes
        to a dag-pb CID) and the size the DAG declares. Raises DownloadTooLarge at once when the declared
        size is above the others.
        """
        limit, why = self.max_download_bytes, "this store's ceiling, [storage] max_download_bytes"
        if max_bytes is not None and max_bytes < limit:
            limit, why = max_bytes, "the most this caller reads"
        if is_raw(cid) and CHUNK_SIZE < limit:
            limit, why = CHUNK_SIZE, "a raw leaf holds at most one 256 KiB chunk"
        declared = self.declared_size(cid)
        if declared is None:
            return limit, why
        if declared > limit:
            raise DownloadTooLarge(cid, self.where, limit, why, declared=declared)
        return declared, "the size its DAG declares"

    def _get_verified(self, cid: str, out: BinaryIO, progress: Progress | None, max_bytes: int | None = None) -> int:
        limit, why = self.download_limit(cid, max_bytes)
        hasher = CidHasher()
        with self._open(cid) as chunks:
            copy_hashing(
                _capped(chunks, limit, lambda: DownloadTooLarge(cid, self.where, limit, why)),
                out.write,
                hasher,
                progress,
            )
        actual = hasher.cid()
        if actual != cid:
            raise CorruptContent(cid, f"bytes that hash to {actual}", self.where)
        return hasher.size

    # ------------------------------------------------------------- the rest

    @abstractmethod
    def has(self, cid: str) -> bool:
        """Whether the store holds the content of `cid` (without fetching it from elsewhere)."""

    @abstractmethod
    def pin(self, cid: str) -> None:
        """Keep `cid` from being garbage-collected (IPFS) or record it as wanted (local)."""

    @property
    def identity(self) -> str:
        """Stable name of this store, recorded by `sync` so an index is only trusted for the same store."""
        return self.where


def copy_hashing(
    chunks: Iterator[bytes],
    write: Callable[[bytes], object],
    hasher: CidHasher,
    progress: Progress | None = None,
) -> None:
    """Write every chunk with `write` while `hasher` hashes it on a worker thread.

    Hashing (which releases the GIL) overlaps with the I/O, so a put or get
    costs about max(hash, copy) rather than their sum. At most two chunks are
    in flight, so memory stays bounded.
    """
    chunks = iter(chunks)
    first = next((c for c in chunks if c), b"")
    second = next((c for c in chunks if c), b"")
    if not second:  # one chunk (most manifests and small files): a hashing thread costs more than it saves
        if first:
            hasher.update(first)
            write(first)
            if progress is not None:
                progress(len(first))
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cid-hash") as pool:
        pending: Future[None] | None = None
        for chunk in itertools.chain((first, second), chunks):
            if not chunk:
                continue
            if pending is not None:
                pending.result()
            pending = pool.submit(hasher.update, chunk)
            write(chunk)
            if progress is not None:
                progress(len(chunk))
        if pending is not None:
            pending.result()


def read_chunks(stream: BinaryIO, size: int = IO_SIZE) -> Iterator[bytes]:
    """Chunks of a binary stream until it is exhausted."""
    while chunk := stream.read(size):
        yield chunk


def _capped(chunks: Iterator[bytes], limit: int, too_large: Callable[[], Exception]) -> Iterator[bytes]:
    """The chunks, until their total would pass `limit`: then `too_large()` is raised (that chunk is not given)."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise too_large()
        yield chunk
