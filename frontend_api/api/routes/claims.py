"""What the settlement manifests give the wallet pages: a worker's claimable payouts with their Merkle
proofs (one batched ``JobEscrow.claim`` the wallet signs), a job's per-task record (who ran, who checked,
what was accepted), and its result files, served verified against their CIDs.

A manifest is found as the worker agent finds it (``worker_node/rewards.py``): its CID from the oracles'
status API, accepted only if ``keccak256(cid)`` is the ``result_hash`` the chain settled; the payout tree is
rebuilt with ``plan_from_manifest`` and used only if its root is the settled ``payout_root``, so a wrong
manifest can never make the wallet send a failing claim. Plans are cached per (job, result hash): a
settlement's manifest never changes.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.background import BackgroundTask

from frontend_api.api.deps import AddressPath, SessionDep
from frontend_api.api.routes.requester_tx import ORACLE_TIMEOUT, JobIdPath, WalletBackend, WalletDep
from frontend_api.indexer.models import IndexedJob, IndexedSettlement
from protocol import eip712
from protocol.jobspec import load_spec
from protocol.result_manifest import ResultManifest, plan_from_manifest
from protocol.settlement import SettlementError, SettlementPlan
from protocol.storage import ContentNotFound, DownloadTooLarge, StorageError, validate_cid
from protocol.storage.folder_manifest import get_manifest

log = logging.getLogger(__name__)
router = APIRouter(tags=["wallet"])

MAX_CLAIMS = 50  # JobEscrow.MAX_CLAIMS: jobs in one claim transaction
SCAN_JOBS = 200  # settled jobs looked at per request, newest first
MAX_FILE_BYTES = 256 * 1024 * 1024  # one result file served through this API
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class SettledRecord:
    manifest_cid: str
    manifest: ResultManifest
    plan: SettlementPlan


_cache: dict[tuple[int, str], SettledRecord] = {}
_cache_lock = Lock()


class ManifestUnavailable(Exception):
    """No usable manifest for a settled job yet; the message says why."""


def _manifest_cid(w: WalletBackend, job_id: int, result_hash: bytes, down: set[str]) -> str:
    """The settled manifest's CID from the first oracle that reports it; oracles that fail join ``down`` and
    are not asked again in this request (a request over many jobs must not wait on a dead oracle each time)."""
    for url in w.oracle_urls:
        if url in down:
            continue
        try:
            response = httpx.get(f"{url}/v1/jobs/{job_id}", timeout=ORACLE_TIMEOUT)
            cid = response.json().get("manifest_cid") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):  # down, or not answering JSON objects
            down.add(url)
            continue
        if isinstance(cid, str) and eip712.cid_hash(cid) == result_hash:
            return cid
    if all(url in down for url in w.oracle_urls):
        raise ManifestUnavailable(f"no oracle answers ({', '.join(w.oracle_urls) or 'none configured'})")
    raise ManifestUnavailable("no oracle reports the manifest the chain settled")


def settled_record(
    w: WalletBackend, job_id: int, settlement: IndexedSettlement, down: set[str] | None = None
) -> SettledRecord:
    """The manifest of the job's standing settlement and the payout plan it implies (root checked)."""
    key = (job_id, settlement.result_hash)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    cid = _manifest_cid(
        w, job_id, bytes.fromhex(settlement.result_hash.removeprefix("0x")), set() if down is None else down
    )
    try:
        manifest = ResultManifest.model_validate_json(w.store.get_bytes(cid))
        reward = load_spec(w.store.get_bytes(manifest.spec_cid)).reward_per_task
        previous = None
        if manifest.round == 1 and manifest.previous_manifest_cid:
            previous = ResultManifest.model_validate_json(w.store.get_bytes(manifest.previous_manifest_cid))
        plan = plan_from_manifest(manifest, reward, cid, previous)
    except (StorageError, ValueError) as exc:
        raise ManifestUnavailable(f"manifest {cid} unusable: {exc}") from None
    if "0x" + bytes(plan.settlement.payout_root).hex() != settlement.payout_root.lower():
        raise ManifestUnavailable(f"manifest {cid} does not give the settled payout root")
    record = SettledRecord(cid, manifest, plan)
    with _cache_lock:
        _cache[key] = record
    return record


def standing_settlement(s: Any, job_id: int) -> IndexedSettlement | None:
    return s.scalars(
        select(IndexedSettlement)
        .where(IndexedSettlement.job_id == job_id)
        .order_by(IndexedSettlement.id.desc())
        .limit(1)
    ).first()


# --------------------------------------------------------------------------- claimable payouts


class Claimable(BaseModel):
    job_id: int
    amount: str
    proof: list[str] = Field(description="the payout leaf's Merkle proof, 0x-hex words")


class Pending(BaseModel):
    job_id: int
    amount: str
    claimable_at: int = Field(description="end of the dispute window (or of an open dispute's resolve time)")


class ClaimsOut(BaseModel):
    worker: str
    claimable: list[Claimable] = Field(description=f"at most {MAX_CLAIMS}: one claim transaction")
    total: str
    pending: list[Pending]
    problems: list[str]
    claim_args: list[Any] | None = Field(description="(worker, job_ids, amounts, proofs) for JobEscrow.claim")


@router.get(
    "/workers/{address}/claims",
    response_model=ClaimsOut,
    summary="A worker's unclaimed payouts with Merkle proofs, as one claim transaction's arguments",
)
def claims(w: WalletDep, s: SessionDep, address: AddressPath) -> ClaimsOut:
    c = w.chain
    jobs = s.scalars(
        select(IndexedJob)
        .where(IndexedJob.state.in_(("settled", "disputed")))
        .order_by(IndexedJob.job_id.desc())
        .limit(SCAN_JOBS)
    )
    claimable: list[Claimable] = []
    pending: list[Pending] = []
    problems: list[str] = []
    down: set[str] = set()
    for job in jobs:
        settlement = standing_settlement(s, job.job_id)
        if settlement is None or int(settlement.total_payout) == 0:
            continue
        try:
            record = settled_record(w, job.job_id, settlement, down)
        except ManifestUnavailable as why:
            problems.append(f"job {job.job_id}: {why}")
            continue
        if address not in record.plan.payouts:
            continue
        if c.escrow.functions.is_claimed(address, job.job_id).call():
            continue
        try:
            amount, proof = record.plan.proof(address)
        except SettlementError:
            continue
        if not c.escrow.functions.is_final(job.job_id).call():
            on_chain = c.get_job(job.job_id)
            pending.append(Pending(job_id=job.job_id, amount=str(amount), claimable_at=on_chain.window_end))
            continue
        if len(claimable) < MAX_CLAIMS:
            claimable.append(Claimable(job_id=job.job_id, amount=str(amount), proof=["0x" + p.hex() for p in proof]))
    claimable.sort(key=lambda x: x.job_id)
    args = None
    if claimable:
        args = [address, [x.job_id for x in claimable], [x.amount for x in claimable], [x.proof for x in claimable]]
    return ClaimsOut(
        worker=address,
        claimable=claimable,
        total=str(sum(int(x.amount) for x in claimable)),
        pending=pending,
        problems=problems,
        claim_args=args,
    )


# --------------------------------------------------------------------------- a job's results


class ResultFile(BaseModel):
    task: int
    name: str
    cid: str
    image: bool = Field(description="a PNG frame the page may show as a thumbnail")


class TaskOut(BaseModel):
    index: int
    status: str
    ran: list[str] = Field(description="workers whose run replica counted (not superseded)")
    checked: list[str] = Field(description="workers who ran its spot check")
    paid: list[str]
    slashed: list[str]
    output_cid: str | None


class JobResults(BaseModel):
    job_id: int
    manifest_cid: str | None
    available: bool
    why: str | None = None
    tasks: list[TaskOut] = []
    files: list[ResultFile] = []
    payouts: dict[str, str] = {}
    slashes: list[tuple[str, str]] = []


@router.get(
    "/jobs/{job_id}/results",
    response_model=JobResults,
    summary="A settled job's tasks (who ran, who checked) and result files, from its verified manifest",
)
def results(
    w: WalletDep, s: SessionDep, job_id: JobIdPath, files: Annotated[int, Query(ge=0, le=2_000)] = 500
) -> JobResults:
    settlement = standing_settlement(s, job_id)
    if settlement is None:
        return JobResults(job_id=job_id, manifest_cid=None, available=False, why="not settled yet")
    try:
        record = settled_record(w, job_id, settlement)
    except ManifestUnavailable as why:
        return JobResults(job_id=job_id, manifest_cid=None, available=False, why=str(why))
    tasks: list[TaskOut] = []
    out: list[ResultFile] = []
    for task in record.manifest.tasks:
        live = [slot for slot in task.slots if not slot.superseded]
        tasks.append(
            TaskOut(
                index=task.index,
                status=task.status,
                ran=[slot.worker for slot in live if slot.role != "check"],
                checked=[slot.worker for slot in live if slot.role == "check"],
                paid=task.paid,
                slashed=task.slashed,
                output_cid=task.accepted_output_cid,
            )
        )
        if task.status != "accepted" or not task.accepted_output_cid or len(out) >= files:
            continue
        try:
            outputs = get_manifest(w.store, task.accepted_output_cid)
        except (StorageError, ValueError) as exc:
            log.warning(
                "output folder unreadable", extra={"job_id": job_id, "cid": task.accepted_output_cid, "error": str(exc)}
            )
            continue
        for name, cid in sorted(outputs.items()):
            out.append(ResultFile(task=task.index, name=name, cid=cid, image=name.lower().endswith(".png")))
    return JobResults(
        job_id=job_id,
        manifest_cid=record.manifest_cid,
        available=True,
        tasks=tasks,
        files=out[:files],
        payouts={k: str(v) for k, v in record.plan.payouts.items()},
        slashes=[(k, str(v)) for k, v in record.plan.slashes],
    )


@router.get(
    "/files/{cid}",
    summary="One stored file, checked against its CID before a byte is sent",
    responses={404: {"description": "not in the store"}, 413: {"description": "too large to serve here"}},
)
def file(
    w: WalletDep,
    cid: Annotated[str, PathParam(max_length=128)],
    name: Annotated[str, Query(max_length=200, pattern=r"^[A-Za-z0-9._-]*$")] = "",
) -> FileResponse:
    try:
        cid = validate_cid(cid)
    except ValueError as exc:
        raise HTTPException(400, f"not a CID: {exc}") from None
    fd, spool = tempfile.mkstemp(prefix="gpuhive-file-", dir=w.spool_dir)
    os.close(fd)
    try:
        w.store.get(cid, spool, max_bytes=MAX_FILE_BYTES)
    except StorageError as exc:
        Path(spool).unlink(missing_ok=True)
        status = 404 if isinstance(exc, ContentNotFound) else 413 if isinstance(exc, DownloadTooLarge) else 502
        raise HTTPException(status, f"{cid}: {exc}") from None
    with open(spool, "rb") as f:
        png = f.read(len(PNG_MAGIC)) == PNG_MAGIC
    headers = {
        "x-gpuhive-cid": cid,
        "cache-control": "public, max-age=31536000, immutable",  # content-addressed: never changes
        "content-security-policy": "default-src 'none'; sandbox",  # a stored file never runs as a page
    }
    return FileResponse(
        spool,
        media_type="image/png" if png else "application/octet-stream",
        filename=name or cid,
        content_disposition_type="inline" if png else "attachment",
        headers=headers,
        background=BackgroundTask(Path(spool).unlink, missing_ok=True),
    )
