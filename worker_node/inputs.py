"""Fetching a task's inputs by CID into the worker's cache: scenes, datasets, checkpoints.

Content is named by its CID, so a cached copy is reused across tasks and
jobs; ``Store.get`` verifies the bytes and writes atomically, so a file in
the cache is always complete. A reference ``{"cid": manifest, "path": p}``
(a resume checkpoint, a replay start) fetches only file ``p`` of a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from protocol.errors import GPUHiveError
from protocol.jobspec.models import RenderSpec, TrainSpec
from protocol.storage import StorageError, Store
from protocol.storage.errors import ManifestError
from protocol.storage.folder_manifest import get_dir, get_manifest

COMPLETE = ".gpuhive-complete"


class InputError(GPUHiveError):
    """An input could not be fetched; ``reason`` goes into the failure report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InputFetcher:
    def __init__(self, store: Store, cache_dir: Path) -> None:
        self.store = store
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)

    def file(self, cid: str, what: str) -> Path:
        """The file of ``cid`` in the cache (downloaded and verified on first use)."""
        target = self.cache_dir / cid
        if not target.is_file():
            try:
                self.store.get(cid, target)
            except (StorageError, ValueError) as exc:
                raise InputError(f"{what} {cid} could not be fetched from {self.store.where}: {exc}") from None
        return target

    def ref(self, ref: dict[str, Any], what: str) -> Path:
        """File ``ref["path"]`` of folder ``ref["cid"]`` (a directory manifest)."""
        cid, path = ref.get("cid"), ref.get("path")
        if not cid or not path:
            raise InputError(f"{what}: the oracle gave no CID/path ({ref})")
        try:
            manifest = get_manifest(self.store, cid)
        except (StorageError, ManifestError, ValueError) as exc:
            raise InputError(f"{what}: folder {cid} is unreadable from {self.store.where}: {exc}") from None
        if path not in manifest:
            raise InputError(f"{what}: {path} is not in folder {cid} (it has {', '.join(sorted(manifest)[:5])})")
        return self.file(manifest[path], f"{what} {path}")

    def folder(self, cid: str, what: str) -> Path:
        """The whole folder ``cid`` under the cache (a scene with its textures)."""
        root = self.cache_dir / f"{cid}.d"
        if not (root / COMPLETE).is_file():
            try:
                get_dir(self.store, cid, root)
            except (StorageError, ManifestError, ValueError) as exc:
                raise InputError(f"{what} folder {cid} could not be fetched from {self.store.where}: {exc}") from None
            (root / COMPLETE).touch()
        return root

    def scene(self, spec: RenderSpec) -> Path:
        """The .blend file: ``scene_cid`` itself, or ``scene_path`` inside the folder ``scene_cid``."""
        if spec.scene_path is None:
            return self.file(spec.scene_cid, "scene")
        root = self.folder(spec.scene_cid, "scene")
        scene = root / spec.scene_path
        if not scene.is_file():
            raise InputError(f"scene folder {spec.scene_cid} has no {spec.scene_path}")
        return scene

    def dataset(self, spec: TrainSpec) -> Path:
        return self.file(spec.dataset.cid, "dataset")
