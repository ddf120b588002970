"""A node's published metadata (the JSON document its registry entry's ``metadata_cid`` names), as the
explorer shows it: the GPUs (model, VRAM) and CPU the worker agent says it has, next to its sentry URL
(``worker_node/agent.py`` publishes it). A claim, not a measurement: the page shows the sentries'
performance scores beside it. Read from the store at most ``MAX_METADATA_BYTES``, cached by CID."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from threading import Lock

from protocol.sentry_file import ByteSource
from protocol.storage import StorageError, validate_cid

MAX_METADATA_BYTES = 64 * 1024
MAX_GPUS = 16
MAX_CACHED = 4_096


@dataclass(frozen=True)
class Gpu:
    name: str
    vram_bytes: int | None


@dataclass(frozen=True)
class NodeMetadata:
    gpus: list[Gpu] = field(default_factory=list)
    cpu_model: str | None = None
    sentry_url: str | None = None
    problem: str | None = None  # why nothing could be read


_cache: dict[str, NodeMetadata] = {}
_lock = Lock()


def _text(value: object, limit: int = 120) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def parse_metadata(data: bytes) -> NodeMetadata:
    try:
        doc = json.loads(data)
    except ValueError:
        return NodeMetadata(problem="the metadata is not JSON")
    if not isinstance(doc, dict):
        return NodeMetadata(problem="the metadata is not a JSON object")
    gpus = []
    raw = doc.get("gpus")
    for item in raw[:MAX_GPUS] if isinstance(raw, list) else []:
        if isinstance(item, dict) and _text(item.get("name")):
            vram = item.get("vram_bytes")
            gpus.append(Gpu(str(_text(item.get("name"))), vram if type(vram) is int and vram >= 0 else None))
    return NodeMetadata(gpus=gpus, cpu_model=_text(doc.get("cpu_model")), sentry_url=_text(doc.get("sentry_url"), 300))


def node_metadata(store: ByteSource, cid: str) -> NodeMetadata:
    """The metadata at ``cid``; a missing, oversized or malformed document gives a ``problem`` (not cached
    when the store failed: it may have it later)."""
    if not cid:
        return NodeMetadata(problem="no metadata published")
    with _lock:
        if cid in _cache:
            return _cache[cid]
    try:
        found = parse_metadata(store.get_bytes(validate_cid(cid), max_bytes=MAX_METADATA_BYTES))
    except ValueError as exc:
        found = NodeMetadata(problem=f"not a CID: {exc}")
    except StorageError as exc:
        return NodeMetadata(problem=f"metadata {cid} unavailable: {exc}")
    with _lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[cid] = found
    return found
