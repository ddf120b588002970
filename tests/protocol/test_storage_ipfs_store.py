"""protocol/storage/ipfs_store.py against a real IPFS node (js-ipfs, offline),
and against a lying node (a tiny fake HTTP server: the only fake here)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from storage_data import MIB, payload, root_block, serving

from protocol.storage import ContentNotFound, CorruptContent, IpfsError, cid_of_bytes
from protocol.storage.ipfs_store import IpfsStore


@pytest.fixture
def ipfs(ipfs_api) -> Iterator[IpfsStore]:
    with IpfsStore(ipfs_api, fetch_timeout=1.0, has_timeout=0.3) as store:
        yield store


def node_cat(api: str, cid: str) -> bytes:
    response = httpx.post(f"{api}/api/v0/cat", params={"arg": cid, "timeout": "5s"}, timeout=30)
    response.raise_for_status()
    return response.content


def test_ipfs_store__put_file__node_serves_same_bytes_under_local_cid(ipfs, ipfs_api, tmp_path):
    data = payload(3 * MIB + 5, seed="ipfs-put")
    src = tmp_path / "in.bin"
    src.write_bytes(data)

    cid = ipfs.put_file(src)

    assert cid == cid_of_bytes(data)
    assert node_cat(ipfs_api, cid) == data


def test_ipfs_store__get__verified_round_trip(ipfs, tmp_path):
    data = payload(MIB + 1, seed="ipfs-get")
    cid = ipfs.put_bytes(data)
    seen: list[int] = []

    size = ipfs.get(cid, tmp_path / "out.bin", progress=seen.append)

    assert size == len(data) == sum(seen)
    assert (tmp_path / "out.bin").read_bytes() == data
    assert ipfs.get_bytes(cid) == data


def test_ipfs_store__empty_content__round_trip(ipfs):
    cid = ipfs.put_bytes(b"")
    assert cid == cid_of_bytes(b"")
    assert ipfs.get_bytes(cid) == b""


def test_ipfs_store__pin__node_lists_it_as_pinned(ipfs, ipfs_api):
    cid = ipfs.put_stream(io.BytesIO(payload(4096, seed="pin-me")))
    ipfs.pin(cid)
    response = httpx.post(
        f"{ipfs_api}/api/v0/pin/ls", params={"arg": cid, "cid-base": "base32", "type": "recursive"}, timeout=30
    )
    response.raise_for_status()
    assert cid in response.json()["Keys"]


def test_ipfs_store__has__true_after_put_false_for_unknown(ipfs):
    cid = ipfs.put_bytes(b"present")
    assert ipfs.has(cid)
    assert not ipfs.has(cid_of_bytes(b"absent from the node"))


def test_ipfs_store__unknown_cid__get_raises_content_not_found(ipfs, tmp_path):
    cid = cid_of_bytes(b"nobody has this")
    with pytest.raises(ContentNotFound):
        ipfs.get(cid, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_ipfs_store__unknown_cid__pin_raises_content_not_found(ipfs):
    with pytest.raises(ContentNotFound):
        ipfs.pin(cid_of_bytes(b"nobody pinned this"))


def test_ipfs_store__node_unreachable__raises_ipfs_error():
    with IpfsStore("http://127.0.0.1:9") as store, pytest.raises(IpfsError, match="cannot reach"):
        store.put_bytes(b"x")


# ---------------------------------------------------------------- lying node

GENUINE = payload(MIB, seed="genuine scene")
GENUINE_CID = cid_of_bytes(GENUINE)
POISON = bytearray(GENUINE)
POISON[12345] ^= 0x01  # one flipped bit: a worker would render a poisoned scene


class LyingNode(BaseHTTPRequestHandler):
    """Answers `cat` with bytes that are not the CID's, and `add` with a CID that is not the content's
    (`block/get` with the genuine root block: the lie is in the content, not in its declared size)."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.startswith("/api/v0/cat"):
            body = bytes(POISON)
            content_type = "application/octet-stream"
        elif self.path.startswith("/api/v0/block/get"):
            body = root_block(GENUINE)
            content_type = "application/octet-stream"
        elif self.path.startswith("/api/v0/add"):
            length = self.headers.get("Content-Length")
            if length:
                self.rfile.read(int(length))
            else:  # chunked upload
                while size := int(self.rfile.readline().strip() or b"0", 16):
                    self.rfile.read(size + 2)
                self.rfile.readline()
            body = json.dumps({"Name": "blob", "Hash": GENUINE_CID, "Size": str(len(GENUINE))}).encode()
            content_type = "application/json"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def lying_api() -> Iterator[str]:
    with serving(LyingNode) as url:
        yield url


def test_ipfs_store__lying_node_cat__raises_corrupt_content_and_writes_nothing(lying_api, tmp_path):
    dest = tmp_path / "scene.blend"
    with IpfsStore(lying_api) as store, pytest.raises(CorruptContent, match="does not match its CID") as info:
        store.get(GENUINE_CID, dest)
    assert info.value.cid == GENUINE_CID
    assert not dest.exists()


def test_ipfs_store__lying_node_add__raises_ipfs_error(lying_api):
    with IpfsStore(lying_api) as store, pytest.raises(IpfsError, match="named the uploaded content"):
        store.put_bytes(b"not the genuine scene")
