"""The worker agent's answer to sentries: a liveness challenge signed by the staking key, with a timed
performance probe bound into the signature (protocol/sentry_leaf.py defines both).

Two calls, so the worker commits to the whole result before it knows which part is checked:

``POST /v1/sentry/probe`` ``{"sentry": address, "nonce": 32-byte hex, "epoch": int, "n": int}``
    The agent computes C = A.B (mod 2**64) for the ``matmul_blocked`` probe seeded from the nonce, hashes
    every row, and signs ``Liveness(worker, sentry, nonce, epoch, probeHash)`` with its staking key under the
    WorkerRegistry domain. Answer: ``{"worker", "row_hashes": [hex], "signature": hex, "compute_ms"}``.
    The sentry times the call itself; ``compute_ms`` is informational.
``POST /v1/sentry/rows`` ``{"nonce": 32-byte hex, "rows": [int]}``
    Rows of that C (little-endian int64, hex) for at most PROBE_MAX_ROWS indices, which the sentry
    recomputes. Results are kept for a few recent nonces only.

Bodies are capped at 2 KiB and parsed by strict pydantic models; one probe runs at a time (a second caller
waits up to ``busy_wait_seconds``, then gets 503), so a flood of probes cannot take more than one core.
The agent publishes the endpoint's URL in its node metadata (``publish_endpoint``): a JSON document in the
store whose CID the registry holds, ``{"sentry_url": ...}``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
from eth_account import Account
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from protocol.eip712 import Domain
from protocol.sentry_leaf import (
    PROBE_MAX_N,
    PROBE_MAX_ROWS,
    PROBE_MIN_N,
    Liveness,
    probe_digest,
    probe_matrix_rows,
    probe_seed,
)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 2_048
KEPT_RESULTS = 8
RESULT_TTL_SECONDS = 300.0
METADATA_MAX_BYTES = 16_384


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _bytes32(value: str) -> str:
    raw = value.removeprefix("0x")
    if len(raw) != 64:
        raise ValueError("must be 32 bytes of hex")
    bytes.fromhex(raw)
    return raw


class ProbeRequest(_Strict):
    sentry: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    nonce: str = Field(max_length=66)
    epoch: int = Field(ge=0, lt=2**64)
    n: int = Field(ge=PROBE_MIN_N, le=PROBE_MAX_N)

    _nonce = field_validator("nonce")(_bytes32)


class RowsRequest(_Strict):
    nonce: str = Field(max_length=66)
    rows: list[int] = Field(min_length=1, max_length=PROBE_MAX_ROWS)

    _nonce = field_validator("nonce")(_bytes32)


def compute_probe(seed: int, n: int) -> np.ndarray:
    """C = A.B (mod 2**64) of the probe, as little-endian int64 rows."""
    a = probe_matrix_rows(seed, n, 0, 0, n)
    b = probe_matrix_rows(seed, n, 1, 0, n)
    return (a @ b).astype(np.dtype("<i8"), copy=False)


def row_hashes(c: np.ndarray) -> list[bytes]:
    from eth_utils import keccak

    return [keccak(row.tobytes()) for row in c]


class SentryEndpoint:
    """Answers sentries' probes for one staking key (several can run in one process: tests)."""

    def __init__(
        self,
        key: bytes,
        registry_domain: Domain,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        busy_wait_seconds: float = 30.0,
        slowdown: float = 1.0,
    ) -> None:
        self.key = key
        self.address = Account.from_key(key).address
        self.domain = registry_domain
        self.host, self.port = host, port
        self.busy_wait_seconds = busy_wait_seconds
        # >1 makes every probe take that many times as long (a throttled worker, for tests and the demo)
        self.slowdown = slowdown
        self._busy = threading.Lock()
        self._results: OrderedDict[str, tuple[float, np.ndarray]] = OrderedDict()
        self._results_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.probes_answered = 0

    # ------------------------------------------------------------ the answers

    def probe(self, request: ProbeRequest) -> dict[str, Any]:
        if not self._busy.acquire(timeout=self.busy_wait_seconds):
            raise _Busy()
        try:
            nonce = bytes.fromhex(request.nonce)
            started = time.perf_counter()
            c = compute_probe(probe_seed(nonce), request.n)
            hashes = row_hashes(c)
            elapsed = time.perf_counter() - started
            if self.slowdown > 1:
                time.sleep(elapsed * (self.slowdown - 1))
            answer = Liveness(self.address, request.sentry, nonce, request.epoch, probe_digest(hashes))
            signature = answer.sign(self.key, self.domain)
        finally:
            self._busy.release()
        with self._results_lock:
            self._results[request.nonce] = (time.monotonic(), c)
            while len(self._results) > KEPT_RESULTS:
                self._results.popitem(last=False)
        self.probes_answered += 1
        return {
            "worker": self.address,
            "row_hashes": [h.hex() for h in hashes],
            "signature": signature.hex(),
            "compute_ms": round(elapsed * 1_000 * max(self.slowdown, 1.0), 3),
        }

    def rows(self, request: RowsRequest) -> dict[str, Any]:
        with self._results_lock:
            kept = self._results.get(request.nonce)
        if kept is None or time.monotonic() - kept[0] > RESULT_TTL_SECONDS:
            raise _NotFound("no recent probe with that nonce")
        c = kept[1]
        if any(not 0 <= r < len(c) for r in request.rows):
            raise _BadRequest(f"rows must be in 0..{len(c) - 1}")
        return {"rows": {str(r): c[r].tobytes().hex() for r in request.rows}}

    # ------------------------------------------------------------ the server

    def start(self) -> SentryEndpoint:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                endpoint._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
                log.debug("sentry endpoint: " + format, *args)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="sentry-endpoint", daemon=True)
        self._thread.start()
        log.info("sentry endpoint listening", extra={"url": self.url, "worker": self.address})
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handle(self, http: BaseHTTPRequestHandler) -> None:
        routes: dict[str, Callable[[bytes], dict[str, Any]]] = {
            "/v1/sentry/probe": lambda raw: self.probe(ProbeRequest.model_validate_json(raw)),
            "/v1/sentry/rows": lambda raw: self.rows(RowsRequest.model_validate_json(raw)),
        }
        status: int
        body: dict[str, Any]
        status, body = 404, {"detail": "no such route"}
        route = routes.get(http.path)
        if route is not None:
            try:
                length = int(http.headers.get("Content-Length") or -1)
                if not 0 <= length <= MAX_BODY_BYTES:
                    raise _BadRequest(f"a body of 0..{MAX_BODY_BYTES} bytes with Content-Length is required")
                status, body = 200, route(http.rfile.read(length))
            except ValidationError as exc:
                status, body = 422, {"detail": exc.errors(include_url=False, include_input=False)}
            except _HttpError as exc:
                status, body = exc.status, {"detail": str(exc)}
            except ValueError as exc:
                status, body = 400, {"detail": str(exc)}
        data = json.dumps(body, default=str).encode()
        http.send_response(status)
        http.send_header("Content-Type", "application/json")
        http.send_header("Content-Length", str(len(data)))
        http.end_headers()
        http.wfile.write(data)


class _HttpError(Exception):
    status = 500


class _Busy(_HttpError):
    status = 503

    def __init__(self) -> None:
        super().__init__("busy with another probe; try again")


class _NotFound(_HttpError):
    status = 404


class _BadRequest(_HttpError):
    status = 400


# ---------------------------------------------------------------- node metadata


def metadata_document(sentry_url: str, extra: dict[str, Any] | None = None) -> bytes:
    """The node metadata the registry's CID points to: canonical JSON with the probe URL."""
    return json.dumps({**(extra or {}), "sentry_url": sentry_url}, sort_keys=True, separators=(",", ":")).encode()


def publish_endpoint(chain: Any, store: Any, sentry_url: str, extra: dict[str, Any] | None = None) -> str:
    """Stores the metadata document and points the registry at it (``update_node``) unless it already does.
    Returns the CID."""
    cid = store.put_bytes(metadata_document(sentry_url, extra))
    address = chain.account.address
    if chain.registry.functions.metadata_cid(address).call() != cid:
        capabilities = chain.capabilities(address)
        chain.transact(chain.registry.functions.update_node(capabilities, cid))
        log.info("node metadata published", extra={"cid": cid, "sentry_url": sentry_url})
    return cid
