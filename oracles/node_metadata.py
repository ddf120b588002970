"""Workers' node metadata documents for the oracle (the GPUs they claim), read by the CID WorkerRegistry holds.

``POST /v1/eligible`` (``oracles/routes/eligible.py``) asks for each attested worker's document to match a
spec's hardware (``WorkerSelection.eligible``). A worker's CID is read from the registry (``metadata_cid``) and
kept ``cid_ttl_s`` (a NodeUpdated shows within that time); a document is fetched once per CID (a CID names
its bytes), at most ``MAX_BYTES``, and a malformed or unreadable one counts as ``{}`` (claims nothing).
Both caches are bounded (``MAX_ENTRIES``, oldest dropped first).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from protocol.chain import ChainClient

log = logging.getLogger(__name__)

MAX_BYTES = 16_384  # as the sentries read it (oracles/sentry/service.py METADATA_MAX_BYTES)
MAX_ENTRIES = 20_000
CID_TTL_S = 300.0


class NodeMetadata:
    """``metadata_of(worker)`` for ``WorkerSelection.eligible``, cached."""

    def __init__(
        self,
        chain: ChainClient,
        store: Any,
        cid_ttl_s: float = CID_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.chain = chain
        self.store = store
        self.cid_ttl_s = cid_ttl_s
        self.clock = clock
        self._cids: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._docs: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def _cid(self, worker: str) -> str:
        now = self.clock()
        with self._lock:
            cached = self._cids.get(worker)
        if cached is not None and now - cached[0] < self.cid_ttl_s:
            return cached[1]
        cid = self.chain.metadata_cid(worker)[:128]
        with self._lock:
            self._cids[worker] = (now, cid)
            self._cids.move_to_end(worker)
            while len(self._cids) > MAX_ENTRIES:
                self._cids.popitem(last=False)
        return cid

    def __call__(self, worker: str) -> dict:
        try:
            cid = self._cid(worker)
        except Exception as exc:  # a node that does not answer: this worker claims nothing for now
            log.info("metadata CID not read", extra={"worker": worker, "error": str(exc)[:200]})
            return {}
        if not cid:
            return {}
        with self._lock:
            if cid in self._docs:
                return self._docs[cid]
        doc: Any = {}
        try:
            doc = json.loads(self.store.get_bytes(cid, max_bytes=MAX_BYTES))
        except (ValueError, OSError) as exc:
            log.info("unreadable node metadata", extra={"worker": worker, "error": str(exc)[:200]})
        doc = doc if isinstance(doc, dict) else {}
        with self._lock:
            self._docs[cid] = doc
            while len(self._docs) > MAX_ENTRIES:
                self._docs.popitem(last=False)
        return doc
