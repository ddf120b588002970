"""protocol/storage/manifest.py: a folder as one CID (JSON manifest path -> CID)."""

from __future__ import annotations

import json

import pytest
from storage_data import MIB, payload

from protocol.storage import LocalStore, ManifestError, cid_of_bytes
from protocol.storage.folder_manifest import get_dir, get_manifest, manifest_bytes, parse_manifest, put_dir
from protocol.storage.ipfs_store import IpfsStore


def make_scene(root):
    (root / "textures").mkdir(parents=True)
    (root / "scene.blend").write_bytes(payload(2 * MIB, seed="scene"))
    (root / "textures" / "wood.png").write_bytes(payload(1000, seed="wood"))
    (root / "textures" / "empty.png").write_bytes(b"")
    (root / "naïve name.txt").write_text("unicode path\n")
    return root


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_manifest_bytes__any_insertion_order__sorted_compact_canonical():
    a, b = cid_of_bytes(b"a"), cid_of_bytes(b"b")
    one = manifest_bytes({"z/b.bin": b, "a.bin": a})
    two = manifest_bytes({"a.bin": a, "z/b.bin": b})
    assert one == two == f'{{"a.bin":"{a}","z/b.bin":"{b}"}}'.encode()


def test_put_dir_get_dir__local_store__round_trip_and_one_cid(tmp_path):
    src = make_scene(tmp_path / "src")
    store = LocalStore(tmp_path / "store")

    cid, manifest = put_dir(store, src)
    got = get_dir(store, cid, tmp_path / "dest")

    assert got == manifest
    assert set(manifest) == {"scene.blend", "textures/wood.png", "textures/empty.png", "naïve name.txt"}
    assert tree(tmp_path / "dest") == tree(src)
    assert cid == cid_of_bytes(manifest_bytes(manifest))
    assert json.loads(store.get_bytes(cid)) == manifest


def test_put_dir__same_files_elsewhere__same_cid(tmp_path):
    store = LocalStore(tmp_path / "store")
    first, _ = put_dir(store, make_scene(tmp_path / "one"))
    second, _ = put_dir(store, make_scene(tmp_path / "two"))
    (tmp_path / "two" / "textures" / "wood.png").write_bytes(b"changed")
    third, _ = put_dir(store, tmp_path / "two")
    assert first == second != third


def test_put_dir_get_dir__ipfs_store__round_trip(ipfs_api, tmp_path):
    src = make_scene(tmp_path / "src")
    with IpfsStore(ipfs_api, fetch_timeout=5) as store:
        cid, manifest = put_dir(store, src)
        get_dir(store, cid, tmp_path / "dest")
    assert tree(tmp_path / "dest") == tree(src)
    assert cid == put_dir(LocalStore(tmp_path / "local"), src)[0]


def test_put_dir__symlink__skipped(tmp_path):
    src = make_scene(tmp_path / "src")
    (tmp_path / "secret.txt").write_text("outside the folder")
    (src / "link.txt").symlink_to(tmp_path / "secret.txt")
    _, manifest = put_dir(LocalStore(tmp_path / "store"), src)
    assert "link.txt" not in manifest


@pytest.mark.parametrize("path", ["../escape.txt", "/etc/passwd", "a//b", "./a", "a/../../b", "a\\b", ""])
def test_parse_manifest__unsafe_path__raises_manifest_error(path):
    with pytest.raises(ManifestError):
        parse_manifest(json.dumps({path: cid_of_bytes(b"x")}).encode())


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'{"a.txt": "not-a-cid"}', b'{"a.txt": 5}'])
def test_parse_manifest__not_a_manifest__raises_manifest_error(raw):
    with pytest.raises(ManifestError):
        parse_manifest(raw)


def test_get_dir__manifest_escaping_dest__raises_and_writes_nothing_outside(tmp_path):
    store = LocalStore(tmp_path / "store")
    evil_file = store.put_bytes(b"overwrite your ~/.bashrc")
    # A hand-made hostile manifest (manifest_bytes would refuse to build it).
    evil = store.put_bytes(json.dumps({"../outside.txt": evil_file}).encode())
    with pytest.raises(ManifestError):
        get_dir(store, evil, tmp_path / "dest")
    assert not (tmp_path / "outside.txt").exists()


def test_get_manifest__plain_file_cid__raises_manifest_error(tmp_path):
    store = LocalStore(tmp_path / "store")
    with pytest.raises(ManifestError):
        get_manifest(store, store.put_bytes(b"just a file"))
