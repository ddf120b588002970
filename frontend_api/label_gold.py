"""The requester's gold reveal for a label job: `gpuhive job reveal-gold JOB GOLD_FILE` and the dApp's button.

The gold file (``protocol.jobspec.label.new_gold_file``) stays with the requester while the job is being
labeled. Once an oracle reports the job *settling* (every batch has its answers), the requester sends it to
**every** oracle of the committee, the settling one first: the leader judges with it, each follower keeps
it (stored and pinned, its CID in its database) so a member that takes the job over after a leader failure
settles with it too (``oracles.labeling.desk``). Nothing is sent while no oracle reports the job settling,
so the gold never leaves the requester while labeling is open. The oracles check the file against the
spec's ``gold.commitment``, so no signature is needed: only the holder of the committed file can reveal it,
and sending it again is harmless (each oracle keeps one file per job). Bounded: the file is read up to
``MAX_GOLD_BYTES`` (the oracles' request-body cap), one status read and one post per oracle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from protocol.errors import GPUHiveError

MAX_GOLD_BYTES = 4 * 1024 * 1024  # oracles.body_limits: /v1/label/jobs/{job_id}/gold
TIMEOUT = 10.0


class GoldRevealError(GPUHiveError, ValueError):
    """The gold file was not revealed; the message says why and what to do."""


@dataclass(frozen=True)
class GoldDelivery:
    """What one oracle did with the gold file."""

    url: str
    state: str | None  # the job's state at that oracle before the reveal (None: no answer)
    status: int | None  # the reveal's HTTP status (None: not sent or no answer)
    kept_as: str | None  # "leader" or "follower" when kept
    gold_cid: str | None
    detail: str

    @property
    def kept(self) -> bool:
        return self.kept_as is not None


def read_gold_file(path: Path) -> bytes:
    """The gold file's bytes, refusing a file larger than the oracles accept before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GoldRevealError(f"cannot read the gold file {path}: {exc.strerror}") from None
    if size > MAX_GOLD_BYTES:
        raise GoldRevealError(f"{path} is {size:,} bytes; a gold file is at most {MAX_GOLD_BYTES:,}")
    return path.read_bytes()


def _state(client: httpx.Client, url: str, job_id: int) -> str | None:
    try:
        reply = client.get(f"{url}/v1/jobs/{job_id}")
    except httpx.HTTPError:
        return None
    if reply.status_code != 200:
        return None
    state = reply.json().get("state")
    return str(state)[:20] if state is not None else None


def _detail(reply: httpx.Response) -> str:
    try:
        detail = reply.json().get("detail")
    except ValueError:
        detail = None
    return str(detail if detail is not None else reply.text)[:300]


def reveal_gold(
    oracle_urls: list[str], job_id: int, data: bytes, *, client: httpx.Client | None = None
) -> list[GoldDelivery]:
    """Send the gold file of label job ``job_id`` to every oracle once one reports the job settling.

    Raises ``GoldRevealError`` (and sends nothing) while no oracle reports it settling, and when no oracle
    kept the file; otherwise returns what each oracle did."""
    if not oracle_urls:
        raise GoldRevealError("no oracle URLs: pass --oracles (or set GPUHIVE_ORACLES)")
    if len(data) > MAX_GOLD_BYTES:
        raise GoldRevealError(f"the gold file is {len(data):,} bytes; at most {MAX_GOLD_BYTES:,}")
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT)
    try:
        states = {url: _state(http, url, job_id) for url in oracle_urls}
        if "settling" not in states.values():
            seen = ", ".join(f"{url}: {state or 'no answer'}" for url, state in states.items())
            raise GoldRevealError(
                f"job {job_id} is not settling at any oracle ({seen}): its batches are still being labeled, or it "
                "is over. Reveal the gold file once `gpuhive job status` says settling. Nothing was sent."
            )
        deliveries = []
        for url in sorted(oracle_urls, key=lambda u: states[u] != "settling"):
            try:
                reply = http.post(f"{url}/v1/label/jobs/{job_id}/gold", content=data)
            except httpx.HTTPError as exc:
                deliveries.append(GoldDelivery(url, states[url], None, None, None, f"no answer ({type(exc).__name__})"))
                continue
            if reply.status_code == 200:
                body = reply.json()
                deliveries.append(
                    GoldDelivery(url, states[url], 200, str(body["kept_as"]), str(body["gold_cid"]), "kept")
                )
            else:
                deliveries.append(GoldDelivery(url, states[url], reply.status_code, None, None, _detail(reply)))
    finally:
        if own:
            http.close()
    if not any(d.kept for d in deliveries):
        raise GoldRevealError(
            "no oracle kept the gold file: " + "; ".join(f"{d.url}: {d.status or '-'} {d.detail}" for d in deliveries)
        )
    return deliveries
