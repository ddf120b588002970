"""Downloads are stopped at the size the CID's DAG declares and at the store's ceiling.

Found on main: a store `get` into a file had no size limit, so a lying IPFS node that streams forever
filled the disk before the CID mismatch could be seen. The lying node here is a tiny HTTP server
speaking the Kubo RPC API (the only fake: it is the boundary under test); the stores are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from storage_data import KIB, MIB, payload, root_block, serving

from protocol.config import StorageConfig
from protocol.storage import CHUNK_SIZE, CorruptContent, DownloadTooLarge, LocalStore, cid_of_bytes
from protocol.storage.folder_manifest import get_dir, put_dir
from protocol.storage.ipfs_store import IpfsStore

CONTENT = payload(MIB, seed="scene")  # four chunks: a dag-pb root over raw leaves
CONTENT_CID = cid_of_bytes(CONTENT)
SMALL = payload(10 * KIB, seed="small")  # one raw leaf
SMALL_CID = cid_of_bytes(SMALL)
CIDV0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"
SAFETY_VALVE = 256 * MIB  # the endless node gives up here, so an unbounded client fails instead of filling the disk


@dataclass
class NodeBehaviour:
    """What the fake node answers: `cat` streams forever (or the genuine bytes), `block/get` a root block."""

    endless: bool = True
    blocks: dict[str, bytes] = field(default_factory=lambda: {CONTENT_CID: root_block(CONTENT)})
    contents: dict[str, bytes] = field(default_factory=lambda: {CONTENT_CID: CONTENT, SMALL_CID: SMALL})
    sent: int = 0  # bytes of `cat` written to the socket
    cats: int = 0


def handler_for(node: NodeBehaviour) -> type[BaseHTTPRequestHandler]:
    class EndlessNode(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            cid = self.path.split("arg=", 1)[-1].split("&", 1)[0]
            if self.path.startswith("/api/v0/block/get"):
                self._answer(node.blocks.get(cid))
            elif self.path.startswith("/api/v0/cat"):
                node.cats += 1
                if not node.endless:
                    self._answer(node.contents.get(cid))
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()  # no length: the body ends when the connection does, i.e. never
                junk = b"\xab" * (64 * KIB)
                try:
                    while node.sent < SAFETY_VALVE:
                        self.wfile.write(junk)
                        node.sent += len(junk)
                except OSError:  # the client hung up: what a bounded client does
                    pass
            else:
                self.send_error(404)

        def _answer(self, body: bytes | None) -> None:
            if body is None:
                self.send_response(500)
                body = b'{"Message": "block not found", "Code": 0, "Type": "error"}'
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return EndlessNode


@pytest.fixture
def node() -> NodeBehaviour:
    return NodeBehaviour()


@pytest.fixture
def node_api(node: NodeBehaviour) -> Iterator[str]:
    with serving(handler_for(node)) as url:
        yield url


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- a node that streams forever


def test_ipfs_get__node_streams_forever_for_a_dag__stopped_at_declared_size_partial_removed(node, node_api, tmp_path):
    with IpfsStore(node_api) as store, pytest.raises(DownloadTooLarge) as info:
        store.get(CONTENT_CID, tmp_path / "scene.blend")

    assert info.value.limit == len(CONTENT)
    assert "the size its DAG declares" in str(info.value)
    assert leftovers(tmp_path) == []
    assert node.sent < 64 * MIB  # what the socket buffers held when the client hung up


def test_ipfs_get__node_streams_forever_for_a_raw_leaf__stopped_at_one_chunk(node, node_api, tmp_path):
    with IpfsStore(node_api) as store, pytest.raises(DownloadTooLarge) as info:
        store.get(SMALL_CID, tmp_path / "small.bin")

    assert info.value.limit == CHUNK_SIZE
    assert leftovers(tmp_path) == []


def test_ipfs_get__node_streams_forever_size_unknown__stopped_at_ceiling(node, node_api, tmp_path):
    with IpfsStore(node_api, max_download_bytes=2 * MIB) as store, pytest.raises(DownloadTooLarge) as info:
        store.get(CIDV0, tmp_path / "old.bin")  # a CIDv0 has no root block we read: the ceiling holds it

    assert info.value.limit == 2 * MIB
    assert "max_download_bytes" in str(info.value)
    assert leftovers(tmp_path) == []
    assert node.sent < 64 * MIB


def test_ipfs_get_bytes__node_streams_forever__stopped_at_callers_limit(node, node_api):
    with IpfsStore(node_api) as store, pytest.raises(DownloadTooLarge) as info:
        store.get_bytes(CIDV0, max_bytes=64 * KIB)

    assert info.value.limit == 64 * KIB


# --------------------------------------------------------------------------- what the DAG declares


def test_ipfs_get__dag_declares_more_than_ceiling__refused_before_cat(node, node_api, tmp_path):
    with IpfsStore(node_api, max_download_bytes=MIB - 1) as store, pytest.raises(DownloadTooLarge) as info:
        store.get(CONTENT_CID, tmp_path / "scene.blend")

    assert f"its DAG declares {len(CONTENT):,}" in str(info.value)
    assert node.cats == 0
    assert leftovers(tmp_path) == []


def test_ipfs_get__root_block_not_the_cids__corrupt_content_before_cat(node, node_api, tmp_path):
    node.blocks[CONTENT_CID] = root_block(payload(MIB, seed="another scene"))

    with IpfsStore(node_api) as store, pytest.raises(CorruptContent, match="a root block with sha2-256"):
        store.get(CONTENT_CID, tmp_path / "scene.blend")

    assert node.cats == 0


def test_ipfs_get__honest_node__full_content_within_declared_size(node, node_api, tmp_path):
    node.endless = False

    with IpfsStore(node_api, max_download_bytes=MIB) as store:
        assert store.get(CONTENT_CID, tmp_path / "scene.blend") == len(CONTENT)
        assert store.get_bytes(SMALL_CID) == SMALL

    assert (tmp_path / "scene.blend").read_bytes() == CONTENT


# --------------------------------------------------------------------------- local store and folders


def test_local_get__object_above_ceiling__download_too_large_nothing_written(tmp_path):
    store = LocalStore(tmp_path / "store", max_download_bytes=MIB - 1)
    cid = store.put_bytes(CONTENT)
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(DownloadTooLarge):
        store.get(cid, out / "scene.blend")
    with pytest.raises(DownloadTooLarge):
        store.get_bytes(cid)

    assert leftovers(out) == []


def test_get_dir__files_together_above_ceiling__download_too_large(tmp_path):
    folder = tmp_path / "scene"
    folder.mkdir()
    for name in ("a.bin", "b.bin", "c.bin"):
        (folder / name).write_bytes(payload(200 * KIB, seed=name))
    cid, _ = put_dir(LocalStore(tmp_path / "store"), folder)
    store = LocalStore(tmp_path / "store", max_download_bytes=500 * KIB)

    with pytest.raises(DownloadTooLarge):
        get_dir(store, cid, tmp_path / "out")

    assert leftovers(tmp_path / "out") == ["a.bin", "b.bin"]


@pytest.mark.parametrize("kind", ["local", "ipfs"])
def test_storage_config__max_download_bytes__given_to_the_store(kind, tmp_path):
    config = StorageConfig(kind=kind, path=str(tmp_path / "store"), max_download_bytes=123_456)

    assert config.open().max_download_bytes == 123_456
