"""Fixtures for tests/protocol: a real IPFS node (js-ipfs from node_modules) for the storage tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from protocol.storage.devnode import JsIpfsNode
from protocol.storage.errors import IpfsError


@pytest.fixture(scope="session")
def ipfs_api() -> Iterator[str]:
    """RPC API URL of an offline js-ipfs node on 127.0.0.1, started once per session and always stopped."""
    node = JsIpfsNode()
    try:
        node.start()
    except IpfsError as exc:
        pytest.fail(f"cannot start the js-ipfs test node: {exc}")
    try:
        yield node.api_url
    finally:
        node.stop()
