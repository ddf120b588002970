"""The labeling page ``/label``: a labeler (``Role.LABELER`` in WorkerRegistry) labels one batch of items at a
time, phone-sized first, with keyboard shortcuts on a PC, and signs the batch's ``TaskResult`` in its wallet.

The page talks to the oracles through this server (``/label/oracle/{i}/...``: the oracles' API has no CORS,
and the page then needs one origin only): only the six calls a labeler makes are forwarded — the login
challenge and login (an EIP-712 ``Login`` the wallet signs), ``/v1/work`` (lease a batch, hand in the signed
result), the leased batch's items and classes, the answers file the oracle stores and returns the
``TaskResult`` typed data for, and the lease's heartbeat (a person takes longer than a lease: the page renews
it every third of the time left, with the share of the batch labeled as its progress), and the copy of the
signed result the page hands to the job's other oracles once the leader has it (or when the leader does not
answer), so that it survives a takeover (``oracles.labeling.carry_over``; the page logs in to every oracle
when it takes its first batch, so the copies need no wallet prompt). Request bodies are bounded before they
are forwarded. The items themselves come from the store (``/label/item/{cid}``), checked against their CID, images shown inline and text as
plain text, never as a page. Gold items look like every other item: the oracle cannot tell which they are
until the requester reveals them after labeling (``oracles.labeling``). A free-text job's batch says
``schema: text`` and the page shows a text box instead of classes.

The requester's side: the job page of a label job shows a "Reveal the gold file" form (``label_job``), enabled
once an oracle reports the job settling, which posts the file to ``/label/jobs/{id}/gold``; this server sends
it to every oracle (``frontend_api.label_gold``), which check it against the spec's commitment.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from frontend_api.api.routes.requester_tx import WalletBackend, wallet_of
from frontend_api.label_gold import MAX_GOLD_BYTES, GoldRevealError, reveal_gold
from frontend_api.web.templating import render
from protocol.jobspec import load_spec
from protocol.jobspec.canonical import MAX_SPEC_BYTES
from protocol.jobspec.cid import CIDError, validate_cid
from protocol.jobspec.errors import SpecError
from protocol.jobspec.label import LabelSpec
from protocol.storage import StorageError
from protocol.storage.errors import ContentNotFound, DownloadTooLarge

router = APIRouter(include_in_schema=False)

MAX_FORWARD_BYTES = 300 * 1024  # a batch of 1,000 labels of 64 characters, and room
MAX_ITEM_BYTES = 8 * 1024 * 1024
ORACLE_TIMEOUT = 20.0  # a lease request long-polls for a few seconds
FORWARDED = (
    ("GET", re.compile(r"v1/auth/challenge")),
    ("POST", re.compile(r"v1/auth/login")),
    ("POST", re.compile(r"v1/work")),
    ("GET", re.compile(r"v1/label/leases/[0-9a-f]{32}")),
    ("POST", re.compile(r"v1/label/answers")),
    ("POST", re.compile(r"v1/leases/[0-9a-f]{32}/heartbeat")),  # the page keeps its batch while a person labels
    ("POST", re.compile(r"v1/label/jobs/[0-9]{1,19}/answers/copy")),  # the signed result, to the other oracles
)
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))


def _wallet(request: Request) -> WalletBackend:
    w = wallet_of(request.app)
    if w is None:
        raise HTTPException(503, "this server has no chain, store and oracles for the labeling page")
    return w


@router.get("/label", response_class=HTMLResponse)
def label_page(request: Request) -> HTMLResponse:
    w = wallet_of(request.app)
    return render(
        request, "label.html", active="label", wallet_ready=w is not None, oracles=len(w.oracle_urls) if w else 0
    )


@router.api_route("/label/oracle/{index}/{path:path}", methods=["GET", "POST"])
async def forward(request: Request, index: Annotated[int, PathParam(ge=0, le=64)], path: str) -> Response:
    """One of a labeler's oracle calls, forwarded to oracle ``index`` (see the module docstring)."""
    w = _wallet(request)
    if index >= len(w.oracle_urls):
        raise HTTPException(404, f"there are {len(w.oracle_urls)} oracles; no oracle {index}")
    if not any(method == request.method and pattern.fullmatch(path) for method, pattern in FORWARDED):
        raise HTTPException(
            404, "the labeling page forwards only login, work, batch, answers, heartbeat and copy calls"
        )
    body = b""
    if request.method == "POST":
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORWARD_BYTES:
                raise HTTPException(413, f"request body over {MAX_FORWARD_BYTES} bytes")
    headers = {"content-type": "application/json"}
    if auth := request.headers.get("authorization"):
        headers["authorization"] = auth[:512]
    params = {"worker": request.query_params.get("worker", "")[:64]} if path == "v1/auth/challenge" else None
    try:
        async with httpx.AsyncClient(timeout=ORACLE_TIMEOUT) as client:
            reply = await client.request(
                request.method, f"{w.oracle_urls[index]}/{path}", content=body or None, headers=headers, params=params
            )
    except httpx.HTTPError as exc:
        raise HTTPException(502, f"oracle {index} does not answer ({type(exc).__name__}); try again") from None
    return Response(
        reply.content[: 2 * MAX_FORWARD_BYTES],
        status_code=reply.status_code,
        media_type=reply.headers.get("content-type", "application/json"),
    )


@router.get("/label/item/{cid}")
def item(
    request: Request,
    cid: Annotated[str, PathParam(max_length=128)],
    media: Annotated[str, Query(pattern=r"^(image|text|audio)$")] = "image",
) -> Response:
    """An item's bytes from the store, checked against its CID: an image inline, text as plain text."""
    w = _wallet(request)
    try:
        cid = validate_cid(cid)
        data = w.store.get_bytes(cid, max_bytes=MAX_ITEM_BYTES)
    except CIDError as exc:
        raise HTTPException(400, f"not a CID: {exc}") from None
    except StorageError as exc:
        status = 404 if isinstance(exc, ContentNotFound) else 413 if isinstance(exc, DownloadTooLarge) else 502
        raise HTTPException(status, f"{cid}: {exc}") from None
    headers = {"content-security-policy": "default-src 'none'; sandbox", "cache-control": "public, max-age=31536000"}
    if media == "text":
        return Response(data, media_type="text/plain; charset=utf-8", headers=headers)
    kind = next((mime for magic, mime in IMAGE_MAGIC if data.startswith(magic)), None)
    if media == "image" and kind is not None:
        return Response(data, media_type=kind, headers=headers)
    if media == "audio" and data[:4] in (b"RIFF", b"OggS", b"ID3\x03", b"fLaC"):
        return Response(
            data,
            media_type="audio/" + {b"RIFF": "wav", b"OggS": "ogg", b"fLaC": "flac"}.get(data[:4], "mpeg"),
            headers=headers,
        )
    raise HTTPException(415, f"{cid} is not a {media} item this page can show")


def label_job(request: Request, spec_cid: str | None) -> dict[str, Any] | None:
    """For the job page: the label job's gold count and schema, or None (not a label job, or unreadable)."""
    w = wallet_of(request.app)
    if w is None or not spec_cid:
        return None
    try:
        spec = load_spec(w.store.get_bytes(spec_cid, max_bytes=MAX_SPEC_BYTES), "yaml")
    except (StorageError, SpecError, ValueError):
        return None
    if not isinstance(spec, LabelSpec):
        return None
    return {"gold_items": spec.gold.items, "schema": spec.labels.type}


@router.post("/label/jobs/{job_id}/gold")
async def gold(request: Request, job_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)]) -> dict[str, Any]:
    """The job page's gold reveal: the file's bytes as the body, sent to every oracle (see the module docstring)."""
    w = _wallet(request)
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_GOLD_BYTES:
            raise HTTPException(413, f"a gold file is at most {MAX_GOLD_BYTES:,} bytes")
    try:
        deliveries = await run_in_threadpool(reveal_gold, list(w.oracle_urls), job_id, data)
    except GoldRevealError as exc:
        raise HTTPException(409, str(exc)) from None
    return {
        "kept": sum(d.kept for d in deliveries),
        "oracles": len(deliveries),
        "deliveries": [
            {"url": d.url, "kept_as": d.kept_as, "gold_cid": d.gold_cid, "status": d.status, "detail": d.detail}
            for d in deliveries
        ],
    }
