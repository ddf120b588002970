"""``protocol.chain.http_web3``: the chain id is asked once per node, blocks and calls every time.

The node here is a small JSON-RPC server that counts what it is asked (the test is about the requests
our client sends, not about a chain).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from protocol.chain import http_web3

BLOCK = {
    "number": "0x5",
    "hash": "0x" + "ab" * 32,
    "parentHash": "0x" + "cd" * 32,
    "timestamp": "0x64",
    "transactions": [],
}


class CountingNode(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.asked: Counter[str] = Counter()


class _Handler(BaseHTTPRequestHandler):
    server: CountingNode

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        self.server.asked[body["method"]] += 1
        result = {"eth_chainId": "0x7a69", "eth_getBlockByNumber": BLOCK, "eth_call": "0x" + "00" * 31 + "01"}
        reply = json.dumps({"jsonrpc": "2.0", "id": body["id"], "result": result.get(body["method"])}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def node() -> Iterator[CountingNode]:
    server = CountingNode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_http_web3__many_calls__chain_id_not_asked_again(node):
    w3 = http_web3(f"http://127.0.0.1:{node.server_address[1]}")
    call = {"to": "0x" + "11" * 20, "data": "0x"}
    assert w3.eth.call(call) == bytes(31) + b"\x01"
    first = node.asked["eth_chainId"]  # (web3 asks twice on its first cached request: once to set the cache up)
    for _ in range(5):
        assert w3.eth.call(call) == bytes(31) + b"\x01"
        assert w3.eth.chain_id == 31337
    assert node.asked["eth_call"] == 6
    assert 1 <= first <= 2
    assert node.asked["eth_chainId"] == first


def test_http_web3__latest_block_read_twice__node_asked_twice(node):
    w3 = http_web3(f"http://127.0.0.1:{node.server_address[1]}", timeout=5)
    for _ in range(2):
        assert w3.eth.get_block("latest")["number"] == 5
    assert node.asked["eth_getBlockByNumber"] == 2  # the head can change (and reorganise): never cached
