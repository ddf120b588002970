"""`sync DIR`: upload only what changed since the last sync of a folder.

The Rynus Transfer "watcher/indexer" idea without a daemon: an index file
(`DIR/.gpuhive-sync.json` by default) records, for every file, the
`(size, mtime_ns, cid)` seen at the last sync and the store it went to. On the
next sync a file whose size and mtime are unchanged is trusted without being
read; a file with the same size but another mtime is re-hashed and uploaded
only if its CID changed (a `touch` uploads nothing); a file of another size
is uploaded. Like git's "racily clean" rule, an mtime within
`RACY_WINDOW_NS` of the previous sync's start is not trusted, since a write in
the same clock tick would not move it. Every sync ends by storing the folder's
manifest, so the folder is one CID.

Compression for transfer is a property of the store (`LocalStore(compress=True)`
keeps zstd frames); CIDs are always of the uncompressed content.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from protocol.storage.cid import cid_of_file, validate_cid
from protocol.storage.errors import InvalidCid, SyncIndexError
from protocol.storage.folder_manifest import IGNORED_NAMES, Manifest, put_manifest, scan_dir
from protocol.storage.store import Progress, Store

INDEX_NAME = next(iter(IGNORED_NAMES))
INDEX_VERSION = 1
#: An mtime this close to the previous sync's start is re-checked by hashing.
RACY_WINDOW_NS = 2_000_000_000


@dataclass(frozen=True)
class IndexEntry:
    size: int
    mtime_ns: int
    cid: str


@dataclass
class SyncIndex:
    store: str = ""
    synced_at_ns: int = 0
    root: str = ""
    files: dict[str, IndexEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SyncIndex:
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text())
            if raw.get("version") != INDEX_VERSION:
                raise ValueError(f"version {raw.get('version')!r}, expected {INDEX_VERSION}")
            files = {
                rel: IndexEntry(int(e["size"]), int(e["mtime_ns"]), validate_cid(e["cid"]))
                for rel, e in raw["files"].items()
            }
            return cls(str(raw["store"]), int(raw["synced_at_ns"]), str(raw.get("root", "")), files)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidCid) as exc:
            raise SyncIndexError(f"sync index {path} is unreadable ({exc}); delete it to re-sync everything") from exc

    def save(self, path: Path) -> None:
        data = {
            "version": INDEX_VERSION,
            "store": self.store,
            "synced_at_ns": self.synced_at_ns,
            "root": self.root,
            "files": {
                rel: {"size": e.size, "mtime_ns": e.mtime_ns, "cid": e.cid} for rel, e in sorted(self.files.items())
            },
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)


@dataclass
class SyncReport:
    """What a sync did: the folder's CID and which files were uploaded, skipped or gone."""

    root_cid: str
    manifest: Manifest
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: files that were read and hashed again (changed stat, racy mtime or another store)
    rehashed: list[str] = field(default_factory=list)


def sync_dir(
    store: Store,
    root: str | Path,
    *,
    index_path: str | Path | None = None,
    progress_for: Callable[[str, int], Progress | None] | None = None,
) -> SyncReport:
    """Upload the files of `root` that changed since the last sync; store its manifest; update the index."""
    root = Path(root)
    index_file = Path(index_path) if index_path is not None else root / INDEX_NAME
    old = SyncIndex.load(index_file)
    same_store = old.store == store.identity
    trusted_before = old.synced_at_ns - RACY_WINDOW_NS
    new = SyncIndex(store=store.identity, synced_at_ns=time.time_ns())

    manifest: Manifest = {}
    uploaded: list[str] = []
    unchanged: list[str] = []
    rehashed: list[str] = []
    for rel in scan_dir(root):
        path = root / rel
        st = path.stat()
        entry = old.files.get(rel)
        cid: str | None = None
        if entry is not None and entry.size == st.st_size:
            if same_store and entry.mtime_ns == st.st_mtime_ns and st.st_mtime_ns < trusted_before:
                cid = entry.cid
            else:
                rehashed.append(rel)
                hashed = cid_of_file(path)
                if hashed == entry.cid and (same_store or store.has(hashed)):
                    cid = hashed
        if cid is None:
            progress = progress_for(rel, st.st_size) if progress_for else None
            cid = store.put_file(path, progress=progress)
            uploaded.append(rel)
        else:
            unchanged.append(rel)
        manifest[rel] = cid
        new.files[rel] = IndexEntry(st.st_size, st.st_mtime_ns, cid)

    new.root = put_manifest(store, manifest)
    new.save(index_file)
    removed = sorted(set(old.files) - set(manifest))
    return SyncReport(new.root, manifest, uploaded, unchanged, removed, rehashed)
