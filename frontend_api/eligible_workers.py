"""The workers a spec would have, asked of the oracles: ``POST /v1/eligible`` (``oracles/routes/eligible.py``) on
each oracle in turn, the first valid answer counts. ``gpuhive job estimate --oracles`` estimates on the
eligible workers' attested speeds with it, as the dApp's new-job page does
(``frontend_api/web/requester_pages.py`` ``eligible_workers`` asks through it).

An oracle is outside: its answer is read streamed and dropped past ``MAX_ELIGIBLE_REPLY_BYTES`` before it is
parsed (at most 256 speeds: a few KiB), within ``ELIGIBLE_TIMEOUT_S`` per oracle; an answer that is not JSON, or
whose counts do not add up (more eligible than attested, more than ``MAX_ELIGIBLE``, a speed not in (0, 1e6)),
counts as no answer and the next oracle is asked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from protocol.bounded_http import read_bounded

MAX_ELIGIBLE_REPLY_BYTES = 8_192  # an oracle's /v1/eligible reply (at most 256 speeds of a few bytes each)
ELIGIBLE_TIMEOUT_S = 2.0  # per oracle: a down oracle must not stall the command
MAX_ELIGIBLE = 1_000_000  # an eligible count beyond this is not believed (the page's bound)


@dataclass(frozen=True)
class EligibleWorkers:
    """One oracle's count for a spec: ``eligible`` of ``attested`` workers meet its hardware, in the sentries'
    ``epoch``; ``speeds`` one per eligible worker (the oracle's sample spread evenly over them; empty when the
    oracle sent none)."""

    url: str
    eligible: int
    attested: int
    epoch: int | None
    speeds: list[float]


def bounded_post(url: str, body: dict[str, Any], timeout: float) -> tuple[int, bytes]:
    """POST ``body`` as JSON to ``url``; its status and at most ``MAX_ELIGIBLE_REPLY_BYTES`` of its answer (a
    longer answer raises ``httpx.HTTPError`` without being read further)."""
    with httpx.stream("POST", url, json=body, timeout=timeout) as response:
        return response.status_code, read_bounded(response, MAX_ELIGIBLE_REPLY_BYTES)


def ask_eligible(
    oracle_urls: Sequence[str],
    hardware: Any,
    post: Callable[[str, dict[str, Any], float], tuple[int, bytes]] = bounded_post,
    timeout: float = ELIGIBLE_TIMEOUT_S,
) -> EligibleWorkers | None:
    """The first valid ``/v1/eligible`` answer of ``oracle_urls`` for ``hardware`` (a spec's
    ``HardwareRequirements`` or None); None: no oracle gave one."""
    body = {"hardware": None if hardware is None else hardware.model_dump()}
    for url in oracle_urls:
        base = url.rstrip("/")
        try:
            status, content = post(f"{base}/v1/eligible", body, timeout)
        except httpx.HTTPError:
            continue
        if status == 200:
            found = _parse(base, content)
            if found is not None:
                return found
    return None


def _parse(url: str, content: bytes) -> EligibleWorkers | None:
    try:
        data = json.loads(content)
        eligible, attested = int(data["eligible"]), int(data["attested"])
        epoch = None if data.get("epoch") is None else int(data["epoch"])
        sample = [float(v) for v in data.get("speeds") or []]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not 0 <= eligible <= min(attested, MAX_ELIGIBLE):
        return None
    speeds: list[float] = []
    if sample and eligible and all(0 < v < 1e6 for v in sample):
        speeds = [sample[i * len(sample) // eligible] for i in range(eligible)]
    return EligibleWorkers(url, eligible, attested, epoch, speeds)
