"""The follower's log decoder on hand-made logs: what web3 decodes it decodes the same, and a log whose
bytes do not fit the event (short data, padding, ints too wide, a string outside the data, bad UTF-8,
a wrong topic count) raises, so the follower skips it with a warning instead of indexing garbage."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from protocol.follower import EventDecoder

NODE = to_checksum_address("0x" + "ab" * 20)
REGISTERED = {
    "type": "event",
    "name": "NodeRegistered",
    "anonymous": False,
    "inputs": [
        {"name": "node", "type": "address", "indexed": True},
        {"name": "role", "type": "uint8", "indexed": True},
        {"name": "capabilities", "type": "uint256", "indexed": False},
        {"name": "metadata_cid", "type": "string", "indexed": False},
    ],
}
SETTLED_FLAG = {
    "type": "event",
    "name": "Resolved",
    "anonymous": False,
    "inputs": [{"name": "upheld", "type": "bool", "indexed": False}, {"name": "root", "type": "bytes32"}],
}


def _topics(decoder: EventDecoder, *words: bytes) -> list[bytes]:
    return [decoder.topic, *words]


@pytest.fixture
def registered() -> EventDecoder:
    return EventDecoder(REGISTERED)


def test_decode__well_formed__same_values_as_the_abi(registered):
    assert registered.topic == keccak(text="NodeRegistered(address,uint8,uint256,string)")
    data = encode(["uint256", "string"], [5, "bafk-meta"])
    topics = _topics(registered, encode(["address"], [NODE]), encode(["uint8"], [1]))
    assert registered.decode(topics, data) == {"node": NODE, "role": 1, "capabilities": 5, "metadata_cid": "bafk-meta"}
    flag = EventDecoder(SETTLED_FLAG)
    assert flag.decode([flag.topic], encode(["bool", "bytes32"], [True, b"\x01" * 32])) == {
        "upheld": True,
        "root": b"\x01" * 32,
    }


@pytest.mark.parametrize(
    ("topics", "data", "message"),
    [
        ("two", encode(["uint256", "string"], [5, "x"])[:40], "shorter than its 2 head words"),
        ("one", encode(["uint256", "string"], [5, "x"]), "2 indexed arguments, the log 1 topics"),
        ("wide", encode(["uint256", "string"], [5, "x"]), "uint8: 256 does not fit"),
        ("dirty", encode(["uint256", "string"], [5, "x"]), "address: non-zero padding"),
        ("two", encode(["uint256", "uint256"], [5, 10**6]), "offset 1000000 outside the data"),
        ("two", encode(["uint256", "uint256", "uint256"], [5, 64, 10**6]), "length 1000000 outside the data"),
        ("two", encode(["uint256", "uint256", "uint256", "bytes32"], [5, 64, 1, b"\xff" * 32]), "non-zero padding"),
        ("two", encode(["uint256", "bytes"], [5, b"\xff\xfe"]), "utf-8"),
    ],
)
def test_decode__bytes_that_do_not_fit__raise(registered, topics, data, message):
    node, role = encode(["address"], [NODE]), encode(["uint8"], [1])
    chosen = {
        "two": [node, role],
        "one": [node],
        "wide": [node, encode(["uint256"], [256])],
        "dirty": [b"\x01" + node[1:], role],
    }[topics]
    with pytest.raises((ValueError, UnicodeDecodeError), match=message):
        registered.decode(_topics(registered, *chosen), data)


def test_decode__bool_not_zero_or_one__raises():
    flag = EventDecoder(SETTLED_FLAG)
    with pytest.raises(ValueError, match="bool: 2 is neither 0 nor 1"):
        flag.decode([flag.topic], encode(["uint256", "bytes32"], [2, b"\x00" * 32]))
