"""protocol/storage/local_store.py: the embedded default store (a directory keyed by CID)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest
from storage_data import MIB, payload

from protocol.storage import (
    CHUNK_SIZE,
    ContentNotFound,
    CorruptContent,
    InvalidCid,
    LocalStore,
    StorageError,
    cid_of_bytes,
)


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "store")


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 9 * MIB + 3])
def test_local_store__put_file_get_file__round_trip(store, tmp_path, size):
    data = payload(size, seed=f"rt-{size}")
    src = tmp_path / "src.bin"
    src.write_bytes(data)

    cid = store.put_file(src)
    written = store.get(cid, tmp_path / "out" / "dest.bin")

    assert cid == cid_of_bytes(data)
    assert written == size
    assert (tmp_path / "out" / "dest.bin").read_bytes() == data
    assert store.has(cid)


def test_local_store__put_bytes_get_stream__round_trip(store):
    data = payload(3 * MIB, seed="stream")
    cid = store.put_bytes(data)
    sink = io.BytesIO()
    store.get(cid, sink)
    assert sink.getvalue() == data
    assert store.get_bytes(cid) == data


def test_local_store__same_content_twice__one_object(store):
    data = payload(5000)
    assert store.put_bytes(data) == store.put_bytes(data)
    objects = [p for p in (store.root / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 1
    assert list((store.root / "tmp").iterdir()) == []


def test_local_store__put_progress__reports_every_byte(store):
    data = payload(10 * MIB + 17)
    seen: list[int] = []
    store.put_stream(io.BytesIO(data), progress=seen.append)
    assert sum(seen) == len(data)


def test_local_store__corrupted_object__get_raises_corrupt_content_and_writes_nothing(store, tmp_path):
    data = payload(2 * MIB, seed="corrupt")
    cid = store.put_bytes(data)
    obj = store.object_path(cid)
    with open(obj, "r+b") as f:  # flip one byte in the middle of the second chunk
        f.seek(CHUNK_SIZE + 100)
        byte = f.read(1)
        f.seek(CHUNK_SIZE + 100)
        f.write(bytes([byte[0] ^ 0xFF]))

    dest = tmp_path / "dest.bin"
    with pytest.raises(CorruptContent, match="does not match its CID") as info:
        store.get(cid, dest)

    assert info.value.cid == cid
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dest")] == []


def test_local_store__truncated_object__get_raises_corrupt_content(store):
    cid = store.put_bytes(payload(CHUNK_SIZE * 2))
    obj = store.object_path(cid)
    obj.write_bytes(obj.read_bytes()[:-1])
    with pytest.raises(CorruptContent):
        store.get_bytes(cid)


def test_local_store__missing_cid__get_raises_content_not_found(store, tmp_path):
    cid = cid_of_bytes(b"never stored")
    with pytest.raises(ContentNotFound, match=cid):
        store.get(cid, tmp_path / "x")
    assert not store.has(cid)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "not-a-cid", ""])
def test_local_store__invalid_cid__raises_invalid_cid(store, tmp_path, bad):
    with pytest.raises(InvalidCid):
        store.get(bad, tmp_path / "x")
    with pytest.raises(InvalidCid):
        store.has(bad)


def test_local_store__pin__recorded_only_for_stored_content(store):
    cid = store.put_bytes(b"keep me")
    store.pin(cid)
    assert store.is_pinned(cid)
    with pytest.raises(ContentNotFound):
        store.pin(cid_of_bytes(b"absent"))


def test_local_store__get_bytes_over_limit__raises(store):
    cid = store.put_bytes(payload(2 * MIB))
    with pytest.raises(StorageError, match="larger than"):
        store.get_bytes(cid, max_bytes=MIB)


def test_local_store_zstd__round_trip__same_cid_and_smaller_on_disk(tmp_path):
    plain = LocalStore(tmp_path / "plain")
    packed = LocalStore(tmp_path / "packed", compress=True)
    data = b"frame 0001 of the scene, mostly the same bytes\n" * 200_000  # ~9.6 MB, compressible

    cid = packed.put_bytes(data)

    assert cid == plain.put_bytes(data) == cid_of_bytes(data)
    assert packed.object_path(cid).name.endswith(".zst")
    assert packed.object_path(cid).stat().st_size < len(data) // 20
    assert packed.get_bytes(cid) == data


def test_local_store_zstd__corrupted_frame__raises_corrupt_content(tmp_path):
    packed = LocalStore(tmp_path / "packed", compress=True)
    cid = packed.put_bytes(payload(MIB))
    obj = packed.object_path(cid)
    raw = bytearray(obj.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    obj.write_bytes(bytes(raw))
    with pytest.raises(CorruptContent):
        packed.get_bytes(cid)


def test_local_store__put_get_256MiB_file__bounded_memory(tmp_path):
    """Put and get a 256 MiB file in a fresh interpreter; its peak RSS must not grow with the file."""
    src = tmp_path / "big.bin"
    with open(src, "wb") as f:
        block = payload(4 * MIB, seed="big")
        for _ in range(64):
            f.write(block)
    script = textwrap.dedent(
        f"""
        from protocol.storage import LocalStore
        before = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
        store = LocalStore({str(tmp_path / "store")!r})
        cid = store.put_file({str(src)!r})
        size = store.get(cid, {str(tmp_path / "back.bin")!r})
        print(cid, size, before, next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[1]) == 256 * MIB
    grew_mib = (int(out[3]) - int(out[2])) / 1024
    assert grew_mib < 64, f"put+get of 256 MiB raised peak RSS by {grew_mib:.0f} MiB"
    assert (tmp_path / "back.bin").stat().st_size == 256 * MIB


def test_local_store__put_stream_of_open_file_mid_way__stores_the_rest(store, tmp_path):
    data = payload(3 * MIB + 5, seed="mid")
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    with open(src, "rb") as f:
        f.read(1000)
        cid = store.put_stream(f)
        assert f.read() == b""
    assert cid == cid_of_bytes(data[1000:])
    assert store.get_bytes(cid) == data[1000:]


def test_local_store__put_file_progress__reports_every_byte(store, tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(payload(17 * MIB + 3, seed="progress"))
    seen: list[int] = []
    cid = store.put_file(src, progress=seen.append)
    assert sum(seen) == 17 * MIB + 3
    got: list[int] = []
    store.get(cid, tmp_path / "back.bin", progress=got.append)
    assert sum(got) == 17 * MIB + 3


# ------------------------------------------------------------ the small-object fast path


def test_local_store__small_object_tampered__get_bytes_raises_corrupt_content(store):
    cid = store.put_bytes(b'{"out.bin": "a manifest-sized object"}')
    store.object_path(cid).write_bytes(b'{"out.bin": "a manifest-sized objecT"}')
    with pytest.raises(CorruptContent, match="does not match its CID"):
        store.get_bytes(cid)


def test_local_store__small_object_grown_past_callers_limit__get_bytes_raises_too_large(store):
    cid = store.put_bytes(b"x" * 100)
    with pytest.raises(StorageError, match="larger than"):
        store.get_bytes(cid, max_bytes=50)
    store.object_path(cid).write_bytes(b"x" * (CHUNK_SIZE + 1))  # grown past one raw leaf
    with pytest.raises(StorageError, match="larger than"):
        store.get_bytes(cid)


def test_local_store__small_put_bytes__same_cid_as_streamed_one_object_no_temporaries(store):
    data = b"a task's small output"
    cid = store.put_bytes(data)
    assert store.put_bytes(data) == cid == cid_of_bytes(data) == store.put_stream(io.BytesIO(data))
    assert store.get_bytes(cid) == data
    assert [p.name for p in store.object_path(cid).parent.iterdir()] == [cid]
    assert list((store.root / "tmp").iterdir()) == []


def test_local_store_zstd__small_put_bytes__compressed_and_read_back(tmp_path):
    store = LocalStore(tmp_path / "z", compress=True)
    data = b"small, compressible " * 100
    cid = store.put_bytes(data)
    assert store.object_path(cid).name.endswith(".zst")
    assert store.get_bytes(cid) == data == LocalStore(tmp_path / "z").get_bytes(cid)
