"""Checks that a string is a well-formed sha2-256 IPFS CID.

Job specs name their inputs (scenes, datasets) by CID. This module only
*parses*; computing CIDs of bytes is the storage layer's job. Accepted:

- CIDv1 in base32 (multibase prefix ``b``), codec ``raw`` or ``dag-pb``,
  multihash sha2-256 — what ``ipfs add --cid-version 1`` prints;
- CIDv0 (``Qm…``, base58btc, implicitly dag-pb + sha2-256).
"""

from __future__ import annotations

import base64

from protocol.errors import GPUHiveError
from protocol.storage.cid import read_varint

CODEC_RAW = 0x55
CODEC_DAG_PB = 0x70
SHA2_256 = 0x12
_CODECS = {CODEC_RAW: "raw", CODEC_DAG_PB: "dag-pb"}
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B32 = frozenset("abcdefghijklmnopqrstuvwxyz234567")


class CIDError(GPUHiveError, ValueError):
    """The string is not a CID a job may reference; the message says why."""


def _b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        digit = _B58.find(char)
        if digit < 0:
            raise CIDError(f"character {char!r} is not base58btc")
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\x00" * (len(text) - len(text.lstrip("1"))) + body


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    try:
        return read_varint(data, pos)
    except ValueError as exc:
        raise CIDError(str(exc)) from None


def _check_multihash(data: bytes, pos: int) -> None:
    code, pos = _varint(data, pos)
    size, pos = _varint(data, pos)
    if code != SHA2_256:
        raise CIDError(f"hash function 0x{code:x} is not sha2-256 (0x12)")
    if size != 32 or len(data) - pos != 32:
        raise CIDError("sha2-256 digest must be exactly 32 bytes")


def validate_cid(value: str) -> str:
    """Return ``value`` unchanged if it is an accepted CID, else raise CIDError."""
    if not isinstance(value, str) or not value:
        raise CIDError("a CID is required")
    if value.startswith("Qm"):
        if len(value) != 46:
            raise CIDError(f"a CIDv0 ('Qm…') has 46 characters, this one has {len(value)}")
        raw = _b58decode(value)
        if raw[:2] != b"\x12\x20" or len(raw) != 34:
            raise CIDError("CIDv0 does not decode to a sha2-256 multihash")
        return value
    if value.startswith("b"):
        body = value[1:]
        bad = sorted(set(body) - _B32)
        if bad:
            raise CIDError(f"characters {''.join(bad)!r} are not lowercase base32 (CIDv1 'b…' strings are lowercase)")
        try:
            raw = base64.b32decode(body.upper() + "=" * (-len(body) % 8))
        except ValueError as exc:
            raise CIDError(f"not valid base32: {exc}") from None
        version, pos = _varint(raw, 0)
        if version != 1:
            raise CIDError(f"CID version {version} is not 1")
        codec, pos = _varint(raw, pos)
        if codec not in _CODECS:
            raise CIDError(f"codec 0x{codec:x} is not raw (0x55) or dag-pb (0x70)")
        _check_multihash(raw, pos)
        return value
    raise CIDError("not a CID: expected CIDv1 in base32 ('b…') or CIDv0 ('Qm…')")
