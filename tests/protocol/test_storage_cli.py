"""`gpuhive store put|get|sync` (protocol/storage/cli.py) through typer's CliRunner."""

from __future__ import annotations

import pytest
from storage_data import MIB, payload
from typer.testing import CliRunner

from gpuhive.cli import app
from protocol.storage import LocalStore, cid_of_bytes, cid_of_file

runner = CliRunner()


def gpuhive(*args: str):
    return runner.invoke(app, ["store", *args])


def printed_cid(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def store_dir(tmp_path):
    return str(tmp_path / "store")


def test_cli_store_put_get__file__round_trip(tmp_path, store_dir):
    src = tmp_path / "scene.blend"
    src.write_bytes(payload(9 * MIB, seed="cli"))  # above the progress-bar threshold

    cid = printed_cid(gpuhive("put", str(src), "--store-dir", store_dir, "--pin"))
    result = gpuhive("get", cid, str(tmp_path / "back.blend"), "--store-dir", store_dir)

    assert cid == cid_of_file(src)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back.blend").read_bytes() == src.read_bytes()
    assert LocalStore(store_dir).is_pinned(cid)


def test_cli_store_put_get__folder__round_trip(tmp_path, store_dir):
    src = tmp_path / "dataset"
    (src / "split").mkdir(parents=True)
    (src / "train.npz").write_bytes(payload(5000, seed="train"))
    (src / "split" / "test.npz").write_bytes(payload(700, seed="test"))

    cid = printed_cid(gpuhive("put", str(src), "--store-dir", store_dir))
    result = gpuhive("get", cid, str(tmp_path / "out"), "--dir", "--store-dir", store_dir)

    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "split" / "test.npz").read_bytes() == (src / "split" / "test.npz").read_bytes()
    assert (tmp_path / "out" / "train.npz").read_bytes() == (src / "train.npz").read_bytes()


def test_cli_store_get__corrupted_content__exit_1_with_clear_error(tmp_path, store_dir):
    data = payload(4000, seed="to-corrupt")
    cid = LocalStore(store_dir).put_bytes(data)
    LocalStore(store_dir).object_path(cid).write_bytes(b"tampered")

    result = gpuhive("get", cid, str(tmp_path / "out.bin"), "--store-dir", store_dir)

    assert result.exit_code == 1
    assert "does not match its CID" in result.stderr
    assert not (tmp_path / "out.bin").exists()


def test_cli_store_get__invalid_cid__exit_1(tmp_path, store_dir):
    result = gpuhive("get", "../../etc/passwd", str(tmp_path / "x"), "--store-dir", store_dir)
    assert result.exit_code == 1
    assert "invalid CID" in result.stderr


def test_cli_store_sync__second_run__uploads_only_changed(tmp_path, store_dir):
    src = tmp_path / "frames"
    src.mkdir()
    (src / "0001.png").write_bytes(payload(3000, seed="f1"))
    (src / "0002.png").write_bytes(payload(3000, seed="f2"))

    first = gpuhive("sync", str(src), "--store-dir", store_dir, "--zstd")
    (src / "0002.png").write_bytes(payload(3001, seed="f2 re-rendered"))
    second = gpuhive("sync", str(src), "--store-dir", store_dir, "--zstd")

    assert "uploaded 2, unchanged 0" in first.stderr
    assert "uploaded 1, unchanged 1" in second.stderr and "+ 0002.png" in second.stderr
    root = printed_cid(second)
    assert root != printed_cid(first)
    restored = gpuhive("get", root, str(tmp_path / "restored"), "--dir", "--store-dir", store_dir)
    assert restored.exit_code == 0, restored.output
    assert (tmp_path / "restored" / "0002.png").read_bytes() == (src / "0002.png").read_bytes()


def test_cli_store_put_get__ipfs_api__round_trip_on_real_node(ipfs_api, tmp_path, store_dir):
    src = tmp_path / "weights.safetensors"
    src.write_bytes(payload(MIB + 7, seed="cli-ipfs"))

    cid = printed_cid(gpuhive("put", str(src), "--ipfs-api", ipfs_api, "--pin"))
    result = gpuhive("get", cid, str(tmp_path / "back"), "--ipfs-api", ipfs_api, "--timeout", "5")

    assert cid == cid_of_bytes(src.read_bytes())
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back").read_bytes() == src.read_bytes()


def test_cli_store_put__zstd_with_ipfs__usage_error(tmp_path):
    src = tmp_path / "x"
    src.write_bytes(b"x")
    result = gpuhive("put", str(src), "--ipfs-api", "http://127.0.0.1:9", "--zstd")
    assert result.exit_code == 2
    assert "zstd" in result.output
