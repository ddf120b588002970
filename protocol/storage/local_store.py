"""`LocalStore`: the embedded default store, a directory of objects keyed by CID.

Layout under the root directory:

    objects/<last two CID characters>/<cid>        the content as is
    objects/<last two CID characters>/<cid>.zst    or zstd-compressed (compress=True)
    pins/<cid>                                     empty marker: the content is wanted
    tmp/                                           puts in progress (renamed into objects/ when done)

The CID is always that of the uncompressed content. A put streams the input
once, hashing it while writing it to `tmp/`, then renames it into place, so a
crash never leaves a half-written object under a CID. A regular file put into
an uncompressed store, and an uncompressed object got to a path, go through
`hash_file_range`: a pool of threads reads blocks, hashes their leaves and
writes the same bytes, so hashing runs on every core instead of one.
Writes are not fsync'ed (like a plain file copy); a torn object after a power
loss is caught by the verification every `get` does.

Small objects (at most one 256 KiB chunk: manifests, specs, a task's small
outputs, hashed in one call) take a fast path in `put_bytes` and `get_bytes`:
the CID is computed in memory first, so an object already stored costs one
`stat` and no write, a new one is written to a temporary name and renamed
(still atomic), and a read is one `open`/`read` and the same CID check on the
bytes read. The worker agent stores two and the leader's advancer reads one
or two per task: 100-byte puts cost 0.21 ms (0.14 for one already there) and
gets 0.10 ms through the streaming path, against 0.07, 0.01 and 0.03 here.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import zstandard

from protocol.storage.cid import (
    CHUNK_SIZE,
    IO_SIZE,
    CidHasher,
    FileChanged,
    cid_of_bytes,
    hash_file_range,
    validate_cid,
)
from protocol.storage.errors import ContentNotFound, CorruptContent, DownloadTooLarge
from protocol.storage.store import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DOWNLOAD_BYTES,
    Progress,
    Store,
    copy_hashing,
    read_chunks,
)

ZSTD_SUFFIX = ".zst"
#: Objects up to this size take the in-memory fast path of `put_bytes`/`get_bytes` (one raw leaf).
SMALL_OBJECT_BYTES = CHUNK_SIZE
_TMP_NAMES = itertools.count()  # unique temporary names in this process (with the pid)


class LocalStore(Store):
    """A directory store keyed by CID.

    `compress=True` stores new objects as zstd frames (level `zstd_level`);
    reads handle both forms, so a store may hold a mix.
    """

    def __init__(
        self,
        root: str | Path,
        *,
        compress: bool = False,
        zstd_level: int = 3,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    ) -> None:
        self.root = Path(root).expanduser().resolve()
        self.compress = compress
        self.zstd_level = zstd_level
        self.max_download_bytes = max_download_bytes
        self.where = f"local store {self.root}"
        for sub in ("objects", "pins", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._objects = str(self.root / "objects") + os.sep  # the fast paths build paths as strings
        self._tmp = str(self.root / "tmp") + os.sep

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
        file_range = None if self.compress else _regular_file_range(stream)
        hasher = CidHasher()
        fd, tmp_name = tempfile.mkstemp(dir=self.root / "tmp", suffix=".partial")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb", buffering=0) as out:
                cid = None
                if file_range is not None:
                    start, size = file_range
                    try:
                        cid = hash_file_range(stream.fileno(), start, size, out_fd=out.fileno(), progress=progress)
                        stream.seek(start + size)
                    except FileChanged:  # shrank under us: store what the plain stream gives
                        stream.seek(start)
                        out.truncate(0)
                if cid is not None:
                    pass  # stored and hashed by hash_file_range
                elif self.compress:
                    compressor = zstandard.ZstdCompressor(level=self.zstd_level).compressobj()
                    copy_hashing(read_chunks(stream), lambda c: out.write(compressor.compress(c)), hasher, progress)
                    out.write(compressor.flush())
                else:
                    copy_hashing(read_chunks(stream), out.write, hasher, progress)
            if cid is None:
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

    def put_bytes(self, data: bytes) -> str:
        """As `Store.put_bytes`; a small object is hashed in memory first and written only if new."""
        if len(data) > SMALL_OBJECT_BYTES:
            return super().put_bytes(data)
        cid = cid_of_bytes(data)
        folder = self._objects + cid[-2:] + os.sep
        if os.path.isfile(folder + cid) or os.path.isfile(folder + cid + ZSTD_SUFFIX):
            return cid
        blob = zstandard.ZstdCompressor(level=self.zstd_level).compress(data) if self.compress else data
        final = folder + cid + (ZSTD_SUFFIX if self.compress else "")
        tmp = f"{self._tmp}{cid}.{os.getpid()}.{next(_TMP_NAMES)}.partial"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # mkstemp's mode
            try:
                view = memoryview(blob)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            try:
                os.replace(tmp, final)
            except FileNotFoundError:  # the object's folder does not exist yet
                os.makedirs(folder, exist_ok=True)
                os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return cid

    # ------------------------------------------------------------------ get

    def get_bytes(self, cid: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        """As `Store.get_bytes`; a small uncompressed object is read in one call, verified against its CID
        all the same. Anything else (compressed, larger, above a limit, missing) takes the streaming path,
        which also raises its errors."""
        validate_cid(cid)
        try:
            fd = os.open(self._objects + cid[-2:] + os.sep + cid, os.O_RDONLY)
        except FileNotFoundError:
            return super().get_bytes(cid, max_bytes=max_bytes)
        try:
            limit = min(SMALL_OBJECT_BYTES, max_bytes, self.max_download_bytes)
            size = os.fstat(fd).st_size
            parts: list[bytes] = []
            total, step = 0, min(size, limit) + 1
            while size <= limit and total <= limit and (more := os.read(fd, step)):
                parts.append(more)
                total += len(more)
        except IsADirectoryError:  # not an object: the streaming path says it is not there
            return super().get_bytes(cid, max_bytes=max_bytes)
        finally:
            os.close(fd)
        if size > limit or total > limit:  # the streaming path says why, or reads it (bounded)
            return super().get_bytes(cid, max_bytes=max_bytes)
        data = b"".join(parts)
        actual = cid_of_bytes(data)
        if actual != cid:
            raise CorruptContent(cid, f"bytes that hash to {actual}", self.where)
        return data

    def get(
        self,
        cid: str,
        dest: str | Path | BinaryIO,
        *,
        progress: Progress | None = None,
        max_bytes: int | None = None,
    ) -> int:
        """As `Store.get`; an uncompressed object to a path is copied and verified in parallel."""
        validate_cid(cid)
        path = self._existing_path(cid)
        if path is None or path.name.endswith(ZSTD_SUFFIX) or not isinstance(dest, (str, Path)):
            return super().get(cid, dest, progress=progress, max_bytes=max_bytes)
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            src = open(path, "rb", buffering=0)
        except FileNotFoundError:
            raise ContentNotFound(cid, self.where) from None
        with src:
            size = os.fstat(src.fileno()).st_size
            limit, why = self.download_limit(cid, max_bytes)
            if size > limit:
                raise DownloadTooLarge(cid, self.where, limit, why)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
            try:
                with os.fdopen(fd, "wb", buffering=0) as out:
                    try:
                        actual = hash_file_range(src.fileno(), 0, size, out_fd=out.fileno(), progress=progress)
                    except FileChanged as exc:
                        raise CorruptContent(cid, f"an object that shrank while read ({exc})", self.where) from exc
                if actual != cid:
                    raise CorruptContent(cid, f"bytes that hash to {actual}", self.where)
                os.replace(tmp_name, dest)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
        return size

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


def _regular_file_range(stream: BinaryIO) -> tuple[int, int] | None:
    """(position, bytes left) if `stream` is a seekable regular file, else None."""
    try:
        fd = stream.fileno()
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not stream.seekable():
            return None
        start = stream.tell()
    except (AttributeError, OSError, ValueError):
        return None
    return start, max(0, st.st_size - start)
