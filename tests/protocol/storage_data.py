"""Deterministic test payloads for the storage tests (fast to make, incompressible)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KIB = 1024
MIB = 1024 * KIB


def payload(size: int, seed: str = "gpuhive") -> bytes:
    """`size` pseudo-random bytes from `seed` (SHAKE-256: deterministic and incompressible)."""
    return hashlib.shake_256(seed.encode()).digest(size) if size else b""


def root_block(data: bytes) -> bytes:
    """The dag-pb root block Kubo makes for `data` of 2 to 174 chunks (what `block/get` of its CID returns)."""
    from protocol.storage.cid import CHUNK_SIZE, MAX_LINKS, encode_node, raw_leaf_link

    chunks = [data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)]
    assert 1 < len(chunks) <= MAX_LINKS, "one level of links only"
    return encode_node([raw_leaf_link(chunk) for chunk in chunks])


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A fake node: `handler` answering HTTP on 127.0.0.1 (a port the OS picks) on a thread; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
