"""`LocalStore`: the embedded default store, a directory of objects keyed by CID.

Layout under the root directory:

    objects/<last two CID characters>/<cid>        the content as is
    objects/<last two CID characters>/<cid>.zst    or zstd-compressed (compress=True)
    pins/<cid>                                     empty marker: the content is wanted
    tmp/                                           puts in progress (renamed into objects/ when done)

The CID is always that of the uncompressed content. A put streams the input
once, hashing it on a worker thread while writing it to `tmp/`, then renames
it into place, so a crash never leaves a half-written object under a CID.
Writes are not fsync'ed (like a plain file copy); a torn object after a power
loss is caught by the verification every `get` does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import zstandard

from protocol.storage.cid import IO_SIZE, CidHasher, validate_cid
from protocol.storage.errors import ContentNotFound, CorruptContent
from protocol.storage.store import Progress, Store, copy_hashing, read_chunks

ZSTD_SUFFIX = ".zst"


class LocalStore(Store):
    """A directory store keyed by CID.

    `compress=True` stores new objects as zstd frames (level `zstd_level`);
    reads handle both forms, so a store may hold a mix.
    """

    def __init__(self, root: str | Path, *, compress: bool = False, zstd_level: int = 3) -> None:
        self.root = Path(root).expanduser().resolve()
        self.compress = compress
        self.zstd_level = zstd_level
        self.where = f"local store {self.root}"
        for sub in ("objects", "pins", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------ locations

    def _object_path(self, cid: str, compressed: bool) -> Path:
        validate_cid(cid)
        name = cid + ZSTD_SUFFIX if compressed else cid
        return self.root / "objects" / cid[-2:] / name

    def _existing_path(self, cid: str) -> Path | None:
        for compressed in (False, True):
            path = self._object_path(cid, compressed)
            if path.is_file():
                return path
        return None

    # ------------------------------------------------------------------ put

    def put_stream(self, stream: BinaryIO, *, progress: Progress | None = None) -> str:
        hasher = CidHasher()
        fd, tmp_name = tempfile.mkstemp(dir=self.root / "tmp", suffix=".partial")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb", buffering=0) as out:
                if self.compress:
                    compressor = zstandard.ZstdCompressor(level=self.zstd_level).compressobj()
                    copy_hashing(read_chunks(stream), lambda c: out.write(compressor.compress(c)), hasher, progress)
                    out.write(compressor.flush())
                else:
                    copy_hashing(read_chunks(stream), out.write, hasher, progress)
            cid = hasher.cid()
            if self._existing_path(cid) is not None:
                tmp.unlink()
            else:
                final = self._object_path(cid, self.compress)
                final.parent.mkdir(exist_ok=True)
                os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return cid

    # ------------------------------------------------------------------ get

    @contextmanager
    def _open(self, cid: str) -> Iterator[Iterator[bytes]]:
        path = self._existing_path(cid)
        if path is None:
            raise ContentNotFound(cid, self.where)
        with open(path, "rb", buffering=0) as f:
            if path.name.endswith(ZSTD_SUFFIX):
                try:
                    yield zstandard.ZstdDecompressor().read_to_iter(f, read_size=IO_SIZE, write_size=IO_SIZE)
                except zstandard.ZstdError as exc:
                    raise CorruptContent(cid, f"an undecodable zstd frame ({exc})", self.where) from exc
            else:
                yield read_chunks(f)  # type: ignore[arg-type]

    def has(self, cid: str) -> bool:
        return self._existing_path(cid) is not None

    def pin(self, cid: str) -> None:
        if not self.has(cid):
            raise ContentNotFound(cid, self.where)
        (self.root / "pins" / cid).touch()

    def is_pinned(self, cid: str) -> bool:
        validate_cid(cid)
        return (self.root / "pins" / cid).exists() and self.has(cid)

    def object_path(self, cid: str) -> Path:
        """Where the object of `cid` lives on disk (for tools and tests); raises ContentNotFound."""
        path = self._existing_path(cid)
        if path is None:
            raise ContentNotFound(cid, self.where)
        return path
