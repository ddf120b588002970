"""One probe of one worker: a liveness challenge and a timed performance probe (worker_node/sentry_endpoint.py
answers it; protocol/sentry_leaf.py defines both), checked here.

The probe counts as answered only if, within the timeout, the worker returned one row hash per row, a
Liveness signature over them that recovers to the worker's own (staking) address, and the rows the sentry
then picked at random (never predictable before the hashes were committed) equal the sentry's own
recomputation. The score is the sentry's wall-clock throughput of the probe call, in millions of
multiply-adds a second (n**3 / seconds / 1e6): the same n for every worker makes scores comparable, and the
worker's own timing is never trusted.
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import asdict, dataclass

import httpx
from eth_utils import keccak, to_checksum_address

from protocol.bounded_http import AnswerTooLarge, read_bounded
from protocol.eip712 import Domain
from protocol.sentry_leaf import (
    PROBE_MAX_N,
    PROBE_MAX_ROWS,
    Liveness,
    probe_digest,
    probe_row_bytes,
    probe_seed,
)

MAX_ANSWER_BYTES = 2 * 32 * PROBE_MAX_N + 4_096  # hex row hashes plus the envelope
MAX_ROWS_BYTES = 2 * 8 * PROBE_MAX_N * PROBE_MAX_ROWS + 4_096


@dataclass(frozen=True)
class ProbeResult:
    worker: str
    epoch: int
    at: float  # unix time the probe started
    answered: bool
    seconds: float | None = None
    score: int = 0  # MMAC/s; 0 when not answered
    error: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _post(client: httpx.Client, url: str, body: dict, limit: int) -> dict:
    with client.stream("POST", url, json=body) as response:
        try:
            data = read_bounded(response, limit)
        except AnswerTooLarge:
            raise ValueError(f"answer larger than {limit} bytes") from None
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}: {data[:200]!r}")
    parsed = json.loads(data)
    if not isinstance(parsed, dict):
        raise ValueError("answer is not a JSON object")
    return parsed


def probe_worker(
    client: httpx.Client,
    url: str,
    worker: str,
    sentry: str,
    epoch: int,
    registry_domain: Domain,
    *,
    n: int = 256,
    check_rows: int = 4,
    rng: random.Random | None = None,
) -> ProbeResult:
    """Probe ``worker`` at ``url`` (its metadata's ``sentry_url``) once; never raises for the worker's faults."""
    rng = rng or random.SystemRandom()
    worker = to_checksum_address(worker)
    nonce = os.urandom(32)
    started_at = time.time()
    started = time.perf_counter()
    try:
        answer = _post(
            client,
            f"{url.rstrip('/')}/v1/sentry/probe",
            {"sentry": to_checksum_address(sentry), "nonce": nonce.hex(), "epoch": epoch, "n": n},
            MAX_ANSWER_BYTES,
        )
        seconds = time.perf_counter() - started
        hashes_hex = answer.get("row_hashes")
        if not isinstance(hashes_hex, list) or len(hashes_hex) != n:
            raise ValueError(f"expected {n} row hashes")
        hashes = [bytes.fromhex(str(h)) for h in hashes_hex]
        if any(len(h) != 32 for h in hashes):
            raise ValueError("a row hash is not 32 bytes")
        signature = bytes.fromhex(str(answer.get("signature", "")).removeprefix("0x"))
        liveness = Liveness(worker, sentry, nonce, epoch, probe_digest(hashes))
        try:
            signer = liveness.signer(registry_domain, signature)
        except Exception as exc:  # noqa: BLE001 - eth-account raises several types for malformed signatures
            raise ValueError(f"malformed signature: {exc}") from None
        if signer != worker:
            raise ValueError("the liveness answer is not signed by the worker's staking key")
        rows = rng.sample(range(n), min(check_rows, n, PROBE_MAX_ROWS))
        revealed = _post(
            client, f"{url.rstrip('/')}/v1/sentry/rows", {"nonce": nonce.hex(), "rows": rows}, MAX_ROWS_BYTES
        ).get("rows")
        if not isinstance(revealed, dict):
            raise ValueError("no rows in the answer")
        seed = probe_seed(nonce)
        for row in rows:
            data = bytes.fromhex(str(revealed.get(str(row), "")))
            if keccak(data) != hashes[row]:
                raise ValueError(f"row {row} does not match its committed hash")
            if data != probe_row_bytes(seed, n, row):
                raise ValueError(f"row {row} is wrong")
    except (httpx.HTTPError, ValueError, TypeError, KeyError) as exc:
        return ProbeResult(worker, epoch, started_at, False, error=f"{type(exc).__name__}: {exc}"[:300])
    score = int(n**3 / max(seconds, 1e-6) / 1e6)
    return ProbeResult(worker, epoch, started_at, True, seconds, max(score, 1))
