"""The agent's keep-alive connections for ``/v1/work`` and heartbeats (``worker_node.oracle_client._KeepAlive``):
a connection is reused while the oracle keeps it open, a reply is bounded before it is parsed, and transport
failures surface as the httpx errors the agent already handles."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from worker_node import oracle_client
from worker_node.oracle_client import _KeepAlive


class _Oracle(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    body_size = 0  # set per test: 0 answers a small JSON body
    peers: list[tuple[str, int]] = []

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).peers.append(self.client_address)
        body = b"x" * self.body_size if self.body_size else json.dumps({"ok": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def oracle():
    _Oracle.body_size, _Oracle.peers = 0, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Oracle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_keepalive__two_calls__one_connection_reused(oracle):
    client = _KeepAlive(oracle, timeout=5)
    try:
        assert client.post("/v1/work", {"want": 1}, "token").json() == {"ok": True}
        assert client.post("/v1/work", {"want": 1}, "token").status_code == 200
    finally:
        client.close()
    assert len(_Oracle.peers) == 2 and _Oracle.peers[0] == _Oracle.peers[1]  # the same client socket


def test_keepalive__reply_over_the_bound__refused_before_parsing(oracle, monkeypatch):
    monkeypatch.setattr(oracle_client, "MAX_REPLY_BYTES", 1_000)
    _Oracle.body_size = 1_001
    client = _KeepAlive(oracle, timeout=5)
    try:
        with pytest.raises(httpx.RemoteProtocolError, match="reply over 1000 bytes"):
            client.post("/v1/work", {"want": 1}, None)
        _Oracle.body_size = 1_000  # at the bound: accepted, on a fresh connection
        assert len(client.post("/v1/work", {"want": 1}, None).content) == 1_000
    finally:
        client.close()


def test_keepalive__nobody_listening__connect_error():
    client = _KeepAlive("http://127.0.0.1:9", timeout=5)
    with pytest.raises(httpx.ConnectError):
        client.post("/v1/work", {}, None)
