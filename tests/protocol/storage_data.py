"""Deterministic test payloads for the storage tests (fast to make, incompressible)."""

from __future__ import annotations

import hashlib

KIB = 1024
MIB = 1024 * KIB


def payload(size: int, seed: str = "gpuhive") -> bytes:
    """`size` pseudo-random bytes from `seed` (SHAKE-256: deterministic and incompressible)."""
    return hashlib.shake_256(seed.encode()).digest(size) if size else b""
