"""Directory manifests: a folder (a Blender scene, a dataset) as one CID.

A manifest is a JSON object mapping each file's relative POSIX path to the
CID of its content, e.g. `{"scene.blend":"bafy...","tex/wood.png":"bafk..."}`.
Its canonical bytes (sorted keys, no whitespace, UTF-8) are stored as an
ordinary object, so the folder's CID is the CID of those bytes and every
machine derives the same one. Empty directories and symlinks are not part of
a manifest (symlinks are skipped so a folder cannot smuggle in files from
outside itself).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from protocol.storage.cid import validate_cid
from protocol.storage.errors import InvalidCid, ManifestError
from protocol.storage.store import Progress, Store

#: Largest manifest `get_dir` will read into memory.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

#: File names never put in a manifest (the sync index lives inside the synced folder).
IGNORED_NAMES = frozenset({".gpuhive-sync.json"})

Manifest = dict[str, str]


def check_relative_path(path: str) -> str:
    """Return `path` if it is a safe relative POSIX path (no '..', not absolute, no empty parts), else raise."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        raise ManifestError(f"manifest path {path!r} is not a relative POSIX path")
    pure = PurePosixPath(path)
    if pure.is_absolute() or str(pure) != path or any(part in ("", ".", "..") for part in path.split("/")):
        raise ManifestError(f"manifest path {path!r} must be relative, normalised and stay inside the folder")
    return path


def manifest_bytes(manifest: Mapping[str, str]) -> bytes:
    """Canonical bytes of a manifest: sorted keys, no whitespace, UTF-8."""
    checked = {check_relative_path(p): _check_cid(p, c) for p, c in manifest.items()}
    return json.dumps(checked, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def parse_manifest(data: bytes) -> Manifest:
    """Parse and validate manifest bytes; raise ManifestError if they are not a manifest."""
    try:
        obj = json.loads(data.decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"not a directory manifest (not JSON): {exc}") from exc
    if not isinstance(obj, dict):
        raise ManifestError("not a directory manifest: expected a JSON object of path -> CID")
    return {check_relative_path(p): _check_cid(p, c) for p, c in obj.items()}


def scan_dir(root: str | Path) -> list[str]:
    """Relative POSIX paths of the regular files under `root`, sorted; symlinks and the sync index skipped."""
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a directory")
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) / d).is_symlink())
        for name in filenames:
            full = Path(dirpath) / name
            if name in IGNORED_NAMES or full.is_symlink() or not full.is_file():
                continue
            found.append(full.relative_to(root).as_posix())
    return sorted(found)


def put_manifest(store: Store, manifest: Mapping[str, str]) -> str:
    """Store a manifest object; return the folder's CID."""
    return store.put_bytes(manifest_bytes(manifest))


def get_manifest(store: Store, cid: str) -> Manifest:
    """Fetch (verified) and parse the manifest object `cid`."""
    return parse_manifest(store.get_bytes(cid, max_bytes=MAX_MANIFEST_BYTES))


def put_dir(
    store: Store,
    root: str | Path,
    *,
    progress_for: Callable[[str, int], Progress | None] | None = None,
) -> tuple[str, Manifest]:
    """Store every regular file under `root` and a manifest of them; return (folder CID, manifest).

    `progress_for(relative_path, size)` may return a progress callback for that file.
    """
    root = Path(root)
    manifest: Manifest = {}
    for rel in scan_dir(root):
        path = root / rel
        progress = progress_for(rel, path.stat().st_size) if progress_for else None
        manifest[rel] = store.put_file(path, progress=progress)
    return put_manifest(store, manifest), manifest


def get_dir(
    store: Store,
    cid: str,
    dest: str | Path,
    *,
    progress_for: Callable[[str, int], Progress | None] | None = None,
) -> Manifest:
    """Write the folder `cid` (a manifest) under `dest`, every file verified; return the manifest.

    The folder is one download: its files together are held to the store's `max_download_bytes`.
    """
    manifest = get_manifest(store, cid)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    base = dest.resolve()
    left = store.max_download_bytes
    for rel, file_cid in sorted(manifest.items()):
        target = (dest / rel).resolve()
        if not target.is_relative_to(base):  # e.g. through a symlink already inside dest
            raise ManifestError(f"manifest path {rel!r} resolves outside {dest}")
        progress = progress_for(rel, -1) if progress_for else None
        left -= store.get(file_cid, target, progress=progress, max_bytes=left)
    return manifest


def _check_cid(path: str, cid: object) -> str:
    try:
        return validate_cid(cid)  # type: ignore[arg-type]
    except InvalidCid as exc:
        raise ManifestError(f"manifest entry {path!r}: {exc}") from exc
