"""protocol/storage/sync.py: `sync DIR` uploads only what changed since the last sync."""

from __future__ import annotations

import json
import os
import time

import pytest
from storage_data import MIB, payload

from protocol.storage import LocalStore, SyncIndexError
from protocol.storage.folder_manifest import get_dir, put_dir
from protocol.storage.sync import INDEX_NAME, sync_dir


class CountingStore(LocalStore):
    """A real LocalStore that records which files were uploaded through put_file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.put_files: list[str] = []

    def put_file(self, path, *, progress=None):
        self.put_files.append(os.path.basename(path))
        return super().put_file(path, progress=progress)


def make_dataset(root):
    root.mkdir(parents=True)
    for name in ("a.npz", "b.npz", "c.npz", "d.npz"):
        (root / name).write_bytes(payload(MIB // 4 + 3, seed=name))
    return root


def age(root, seconds=3600):
    """Move every mtime into the past, as for files written long before the sync."""
    past = time.time_ns() - seconds * 1_000_000_000
    for p in root.iterdir():
        os.utime(p, ns=(past, past))


def test_sync__first_sync__uploads_everything_and_writes_index(tmp_path):
    data = make_dataset(tmp_path / "data")
    store = CountingStore(tmp_path / "store")

    report = sync_dir(store, data)

    assert sorted(report.uploaded) == ["a.npz", "b.npz", "c.npz", "d.npz"]
    assert sorted(store.put_files) == ["a.npz", "b.npz", "c.npz", "d.npz"]
    index = json.loads((data / INDEX_NAME).read_text())
    assert set(index["files"]) == set(report.manifest)
    assert report.root_cid == put_dir(LocalStore(tmp_path / "other"), data)[0]


def test_sync__nothing_changed__uploads_nothing_and_reads_nothing(tmp_path):
    data = make_dataset(tmp_path / "data")
    age(data)
    store = CountingStore(tmp_path / "store")
    first = sync_dir(store, data)
    store.put_files.clear()

    second = sync_dir(store, data)

    assert store.put_files == []
    assert second.uploaded == [] and second.rehashed == []
    assert second.root_cid == first.root_cid


def test_sync__modified_touched_added_removed__uploads_only_changed(tmp_path):
    data = make_dataset(tmp_path / "data")
    age(data)
    store = CountingStore(tmp_path / "store")
    first = sync_dir(store, data)
    store.put_files.clear()

    (data / "a.npz").write_bytes(payload(MIB // 4 + 3, seed="a.npz v2"))  # same size, new content
    (data / "b.npz").write_bytes(b"shorter")  # new size
    os.utime(data / "c.npz")  # touched only
    (data / "d.npz").unlink()
    (data / "e.npz").write_bytes(b"new file")

    second = sync_dir(store, data)

    assert sorted(store.put_files) == ["a.npz", "b.npz", "e.npz"]
    assert sorted(second.uploaded) == ["a.npz", "b.npz", "e.npz"]
    assert second.unchanged == ["c.npz"]
    assert second.removed == ["d.npz"]
    assert second.root_cid != first.root_cid
    get_dir(store, second.root_cid, tmp_path / "restored")
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == ["a.npz", "b.npz", "c.npz", "e.npz"]
    assert (tmp_path / "restored" / "a.npz").read_bytes() == (data / "a.npz").read_bytes()


def test_sync__other_store__uploads_what_it_lacks(tmp_path):
    data = make_dataset(tmp_path / "data")
    age(data)
    sync_dir(LocalStore(tmp_path / "first"), data)
    second = CountingStore(tmp_path / "second")

    report = sync_dir(second, data)

    assert sorted(report.uploaded) == ["a.npz", "b.npz", "c.npz", "d.npz"]
    get_dir(second, report.root_cid, tmp_path / "restored")


def test_sync__zstd_store__compressed_objects_same_cids(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "frames.txt").write_bytes(b"frame 0042 rendered ok\n" * 100_000)
    plain = sync_dir(LocalStore(tmp_path / "plain"), data, index_path=tmp_path / "plain.json")
    packed_store = LocalStore(tmp_path / "packed", compress=True)

    packed = sync_dir(packed_store, data, index_path=tmp_path / "packed.json")

    assert packed.root_cid == plain.root_cid
    obj = packed_store.object_path(packed.manifest["frames.txt"])
    assert obj.name.endswith(".zst") and obj.stat().st_size < (data / "frames.txt").stat().st_size // 20
    get_dir(packed_store, packed.root_cid, tmp_path / "restored")
    assert (tmp_path / "restored" / "frames.txt").read_bytes() == (data / "frames.txt").read_bytes()


def test_sync__corrupt_index__raises_sync_index_error(tmp_path):
    data = make_dataset(tmp_path / "data")
    (data / INDEX_NAME).write_text("{not json")
    with pytest.raises(SyncIndexError, match="delete it"):
        sync_dir(LocalStore(tmp_path / "store"), data)
