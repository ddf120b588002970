"""What the wallet pages need from the server before the wallet signs: the chain and contracts to talk to,
an upload into the store, a job spec checked and stored, and a job's live state with the actions the
contract allows now.

The server never holds a key and sends nothing: it prepares (uploads, canonical spec bytes, progress,
Merkle proofs in ``claims``) and the wallet signs and sends. These routes need the chain, the store and the
oracles, given as a ``WalletBackend`` on ``app.state.wallet`` (``attach_wallet``); without one they answer
503 saying so. Everything from outside is bounded before it is read: an upload by ``max_upload_bytes``
(spooled to a temporary file and stored only once every declared byte arrived, so a half-failed upload
stores nothing), a spec by ``MAX_SPEC_BYTES`` and the spec loader's own depth limit.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.requests import ClientDisconnect

from frontend_api.indexer.models import INT64_MAX
from protocol.abi import load_abi
from protocol.chain import ChainClient
from protocol.contracts import JobStatus, Role
from protocol.jobspec import AnySpec, SpecError, canonical_bytes, load_spec, spec_hash_hex
from protocol.jobspec.canonical import MAX_SPEC_BYTES
from protocol.jobspec.errors import SpecIssue
from protocol.jobspec.promise import verification_promise
from protocol.storage import StorageError, Store

log = logging.getLogger(__name__)
router = APIRouter(tags=["wallet"])

DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # a scene or a dataset; larger inputs go through `gpuhive store put`
ORACLE_TIMEOUT = 3.0  # seconds per oracle status read (a down oracle must not stall the page)
UPLOAD_CHUNK = 1024 * 1024


@dataclass
class WalletBackend:
    """The chain (read-only client), the store and the oracles the wallet routes use."""

    chain: ChainClient
    store: Store
    oracle_urls: list[str]
    rpc_url: str  # what a wallet adds with wallet_addEthereumChain (reachable from the user's browser)
    chain_name: str = "GPUHive"
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    spool_dir: Path | None = None  # where uploads wait until complete (default: the system's temp dir)
    _config: dict[str, Any] | None = field(default=None, repr=False)

    def chain_time(self) -> int:
        return int(self.chain.head().timestamp)

    def oracle_status(self, job_id: int) -> tuple[dict[str, Any] | None, list[str]]:
        """The most advanced oracle status of a job (as ``Requester._oracle_status``) and the oracles that
        did not answer."""
        best: dict[str, Any] | None = None
        down: list[str] = []
        for url in self.oracle_urls:
            try:
                response = httpx.get(f"{url}/v1/jobs/{job_id}", timeout=ORACLE_TIMEOUT)
            except httpx.HTTPError:
                down.append(url)
                continue
            if response.status_code != 200:
                continue
            try:
                data = dict(response.json())
            except ValueError:
                down.append(url)
                continue
            data["oracle"] = url
            if best is None or _progress_score(data) > _progress_score(best):
                best = data
        return best, down


def _progress_score(data: dict[str, Any]) -> tuple[bool, int]:
    return data.get("manifest_cid") is not None, int(data.get("slots_done", 0)) + int(data.get("slots_leased", 0))


def attach_wallet(app: FastAPI, backend: WalletBackend) -> None:
    """Give the wallet routes (and pages) their chain, store and oracles."""
    app.state.wallet = backend


def backend_from_env(environ: Mapping[str, str] = os.environ) -> WalletBackend | None:
    """A backend from the variables the requester's commands read (GPUHIVE_RPC, GPUHIVE_DEPLOYMENT,
    GPUHIVE_ORACLES, GPUHIVE_STORE or GPUHIVE_IPFS_API; GPUHIVE_PUBLIC_RPC: the RPC URL a wallet should
    add, default GPUHIVE_RPC), or None when they are not all set."""
    deployment, oracles = environ.get("GPUHIVE_DEPLOYMENT"), environ.get("GPUHIVE_ORACLES")
    store_path, ipfs_api = environ.get("GPUHIVE_STORE"), environ.get("GPUHIVE_IPFS_API")
    if not deployment or not oracles or not (store_path or ipfs_api):
        return None
    from protocol.chain import http_web3
    from protocol.deployment import Deployment
    from protocol.storage import LocalStore
    from protocol.storage.ipfs_store import IpfsStore

    rpc = environ.get("GPUHIVE_RPC", "http://127.0.0.1:8545")
    chain = ChainClient(http_web3(rpc, timeout=30), Deployment.load(deployment))
    store: Store = IpfsStore(ipfs_api) if ipfs_api else LocalStore(store_path or "")
    urls = [u.strip() for u in oracles.split(",") if u.strip()]
    return WalletBackend(chain, store, urls, environ.get("GPUHIVE_PUBLIC_RPC", rpc))


def wallet_of(app: Any) -> WalletBackend | None:
    """The app's backend: attached by ``attach_wallet``, else built once from the environment."""
    backend = getattr(app.state, "wallet", None)
    if backend is None and not getattr(app.state, "wallet_from_env_tried", False):
        app.state.wallet_from_env_tried = True
        backend = app.state.wallet = backend_from_env()
    return backend


def get_wallet(request: Request) -> WalletBackend:
    backend = wallet_of(request.app)
    if backend is None:
        raise HTTPException(
            503,
            "this server was started without the chain, store and oracles the wallet pages need; "
            "start gpuhive web with GPUHIVE_DEPLOYMENT, GPUHIVE_ORACLES (comma-separated URLs) and GPUHIVE_STORE "
            "(or GPUHIVE_IPFS_API) set, as for gpuhive job",
        )
    return backend


WalletDep = Annotated[WalletBackend, Depends(get_wallet)]
JobIdPath = Annotated[int, PathParam(ge=1, le=INT64_MAX)]


# --------------------------------------------------------------------------- config


class WalletConfig(BaseModel):
    chain_id: int
    chain_name: str
    rpc_url: str = Field(description="for wallet_addEthereumChain")
    contracts: dict[str, dict[str, Any]] = Field(description="JobEscrow, HiveToken, WorkerRegistry: address and ABI")
    token: dict[str, Any] = Field(description="name, symbol, decimals, permit (EIP-2612), eip712 domain")
    escrow: dict[str, str] = Field(description="dispute_bond, dispute_window, settle_grace, resolve_timeout")
    registry: dict[str, str] = Field(description="min_stake (worker), unbonding_period")
    max_upload_bytes: int


@router.get("/wallet/config", response_model=WalletConfig, summary="Chain, contracts and token for the wallet")
def wallet_config(w: WalletDep) -> dict[str, Any]:
    if w._config is None:
        w._config = _build_config(w)
    return w._config


def _build_config(w: WalletBackend) -> dict[str, Any]:
    c = w.chain
    token = c.token.functions
    name = token.name().call()
    permit, version = _permit_domain(c)
    return {
        "chain_id": c.chain_id,
        "chain_name": w.chain_name,
        "rpc_url": w.rpc_url,
        "contracts": {
            "JobEscrow": {"address": c.escrow.address, "abi": load_abi("JobEscrow")},
            "HiveToken": {"address": c.token.address, "abi": load_abi("HiveToken")},
            "WorkerRegistry": {"address": c.registry.address, "abi": load_abi("WorkerRegistry")},
        },
        "token": {
            "name": name,
            "symbol": token.symbol().call(),
            "decimals": int(token.decimals().call()),
            "permit": permit,
            "eip712": {"name": name, "version": version},
        },
        "escrow": {
            key: str(getattr(c.escrow.functions, key)().call())
            for key in ("dispute_bond", "dispute_window", "settle_grace", "resolve_timeout", "claim_expiry")
        },
        "registry": {
            "min_stake": str(c.registry.functions.min_stake(int(Role.WORKER)).call()),
            "unbonding_period": str(c.registry.functions.unbonding_period().call()),
        },
        "max_upload_bytes": w.max_upload_bytes,
    }


def _permit_domain(c: ChainClient) -> tuple[bool, str]:
    """Whether the payment token takes EIP-2612 permits, and its EIP-712 version (EIP-5267 when offered)."""
    names = {item.get("name") for item in c.token.abi if item.get("type") == "function"}
    if not {"permit", "nonces"} <= names:
        return False, "1"
    if "eip712Domain" in names:
        try:
            return True, str(c.token.functions.eip712Domain().call()[2])
        except Exception:  # noqa: BLE001 - an odd token: fall back to the common version
            log.warning("eip712Domain() failed on the payment token; assuming version 1")
    return True, "1"


# --------------------------------------------------------------------------- uploads


class Uploaded(BaseModel):
    cid: str
    size: int
    name: str


@router.post(
    "/uploads",
    response_model=Uploaded,
    summary="Store a scene or dataset (raw body); returns its CID",
    responses={
        400: {"description": "the body ended before Content-Length bytes: nothing stored"},
        411: {"description": "no Content-Length"},
        413: {"description": "larger than max_upload_bytes"},
        502: {"description": "the store failed: nothing stored"},
    },
)
async def upload(
    request: Request,
    w: WalletDep,
    name: Annotated[str, Query(max_length=200, description="the file's name (shown back, never used as a path)")] = "",
) -> Uploaded:
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise HTTPException(411, "send the file with a Content-Length header")
    size = int(declared)
    if size == 0:
        raise HTTPException(400, "the file is empty; choose the scene or dataset file")
    if size > w.max_upload_bytes:
        raise HTTPException(
            413, f"the file is {size:,} bytes; this server takes at most {w.max_upload_bytes:,} (use gpuhive store put)"
        )
    fd, spool = tempfile.mkstemp(prefix="gpuhive-upload-", dir=w.spool_dir)
    received = 0
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                async for chunk in request.stream():
                    received += len(chunk)
                    if received > size:
                        raise HTTPException(400, "the body is longer than its Content-Length; nothing stored")
                    out.write(chunk)
            except ClientDisconnect:
                log.info("upload cut off", extra={"received": received, "declared": size})
                raise HTTPException(
                    400, f"the upload stopped after {received:,} of {size:,} bytes; nothing stored"
                ) from None
        if received != size:
            raise HTTPException(400, f"the upload stopped after {received:,} of {size:,} bytes; nothing stored")
        try:
            cid = await _to_thread(w.store.put_file, spool)
            await _to_thread(w.store.pin, cid)
        except (StorageError, OSError) as exc:
            raise HTTPException(502, f"the store ({w.store.where}) failed: {exc}; nothing stored, try again") from None
    finally:
        Path(spool).unlink(missing_ok=True)
    return Uploaded(cid=cid, size=size, name=name)


async def _to_thread(fn: Any, *args: Any) -> Any:
    import anyio.to_thread

    return await anyio.to_thread.run_sync(functools.partial(fn, *args))


# --------------------------------------------------------------------------- specs


async def _spec_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_SPEC_BYTES:
            raise HTTPException(413, f"a job spec is at most {MAX_SPEC_BYTES:,} bytes")
    return body


def check_spec(w: WalletBackend, body: bytes) -> tuple[AnySpec | None, list[SpecIssue]]:
    """What ``gpuhive job validate`` says of the spec, plus the checks ``create_job`` and the oracles make:
    the deadline after the chain's time, the inputs in the store."""
    try:
        spec = load_spec(body, "json")
    except SpecError as exc:
        return None, list(exc.issues)
    issues: list[SpecIssue] = []
    now = w.chain_time()
    if spec.deadline <= now:
        issues.append(
            SpecIssue("deadline", f"{spec.deadline} is not in the future (chain time {now}); create_job would revert")
        )
    for path, cid in _inputs(spec):
        try:
            present = w.store.has(cid)
        except StorageError as exc:
            raise HTTPException(502, f"the store ({w.store.where}) does not answer: {exc}") from None
        if not present:
            issues.append(SpecIssue(path, f"{cid} is not in the store ({w.store.where}); upload the file above first"))
    return spec, issues


def _inputs(spec: AnySpec) -> list[tuple[str, str]]:
    if spec.kind == "render":
        return [("scene_cid", spec.scene_cid)]
    if spec.kind == "train":
        return [("dataset.cid", spec.dataset.cid)]
    return []


def _summary(spec: AnySpec) -> dict[str, Any]:
    return {
        "ok": True,
        "kind": spec.kind,
        "name": spec.name,
        "num_tasks": spec.num_tasks,
        "replication": spec.replication,
        "spot_checks": spec.spot_checks,
        "reward_per_task": str(spec.reward_per_task),
        "budget_needed": str(spec.budget_needed),
        "budget": str(spec.budget),
        "deadline": spec.deadline,
        "spec_hash": spec_hash_hex(spec),
        "verification": verification_promise(spec),
    }


async def _checked(request: Request, w: WalletBackend) -> AnySpec | JSONResponse:
    """The request's spec, checked; or the 422 answer listing every field-level error."""
    spec, issues = await _to_thread(check_spec, w, await _spec_body(request))
    if issues or spec is None:
        errors = [{"field": i.path, "message": i.message} for i in issues]
        return JSONResponse(status_code=422, content={"ok": False, "errors": errors})
    return spec


@router.post(
    "/specs/validate",
    summary="Check a job spec (JSON body) as `gpuhive job validate --json` does",
    responses={422: {"description": '{"ok": false, "errors": [{"field", "message"}]}'}},
)
async def validate_spec(request: Request, w: WalletDep) -> Any:
    spec = await _checked(request, w)
    return spec if isinstance(spec, JSONResponse) else _summary(spec)


@router.post(
    "/specs",
    summary="Check a job spec and store its canonical bytes; returns spec_cid and spec_hash for create_job",
    responses={422: {"description": "the spec's field-level errors; nothing stored"}},
)
async def store_spec(request: Request, w: WalletDep) -> Any:
    spec = await _checked(request, w)
    if isinstance(spec, JSONResponse):
        return spec
    try:
        cid = await _to_thread(w.store.put_bytes, canonical_bytes(spec))
        await _to_thread(w.store.pin, cid)
    except StorageError as exc:
        raise HTTPException(502, f"the store ({w.store.where}) failed: {exc}; nothing stored, try again") from None
    return {**_summary(spec), "spec_cid": cid}


# --------------------------------------------------------------------------- a job, live


def job_actions(w: WalletBackend, job_id: int) -> dict[str, Any]:
    """The job on-chain now and each requester action with whether the contract allows it at chain time
    (``enabled``), who may send it, and the time it opens or closes (``opens_at`` / ``closes_at``)."""
    c = w.chain
    job = c.get_job(job_id)
    if job.status == JobStatus.NONE:
        raise HTTPException(404, f"no job {job_id} on chain {c.chain_id}")
    now = w.chain_time()
    cfg = wallet_config(w)
    grace = int(cfg["escrow"]["settle_grace"])
    final = (
        bool(c.escrow.functions.is_final(job_id).call())
        if job.status in (JobStatus.SETTLED, JobStatus.DISPUTED)
        else False
    )
    is_open = job.status == JobStatus.OPEN
    actions = {
        "cancel": {
            "enabled": is_open,
            "who": "requester",
            "closes_at": job.deadline + grace if is_open else None,
            "why": "asks the oracles to settle the work done and refund the rest" if is_open else "the job is not open",
        },
        "dispute": {
            "enabled": job.status == JobStatus.SETTLED and job.round == 0 and now < job.window_end,
            "who": "requester",
            "bond": cfg["escrow"]["dispute_bond"],
            "closes_at": job.window_end if job.status == JobStatus.SETTLED and job.round == 0 else None,
            "why": "contest the settlement within the dispute window, locking the bond",
        },
        "refund": {
            "enabled": final and (job.refund > 0 or (job.status == JobStatus.DISPUTED and job.dispute_bond > 0)),
            "who": "anyone (paid to the requester)",
            "opens_at": job.window_end if job.status in (JobStatus.SETTLED, JobStatus.DISPUTED) else None,
            "amount": str(job.refund),
            "why": "the unspent budget, once the dispute window is over",
        },
        "reclaim": {
            "enabled": is_open and now > job.deadline + grace,
            "who": "anyone (paid to the requester)",
            "opens_at": job.deadline + grace + 1 if is_open else None,
            "why": "the whole budget back when nothing was settled by deadline + grace",
        },
    }
    return {
        "job_id": job_id,
        "chain_time": now,
        "status": job.status.label,
        "requester": job.requester,
        "budget": str(job.budget),
        "deadline": job.deadline,
        "window_end": job.window_end,
        "refund": str(job.refund),
        "unclaimed_payout": str(job.unclaimed_payout),
        "dispute_bond": str(job.dispute_bond),
        "final": final,
        "actions": actions,
    }


@router.get(
    "/jobs/{job_id}/live",
    summary="A job now: chain state, the actions the contract allows, the oracles' progress",
    responses={404: {"description": "no such job on chain"}},
)
def job_live(w: WalletDep, job_id: JobIdPath) -> dict[str, Any]:
    state = job_actions(w, job_id)
    progress, down = w.oracle_status(job_id)
    state["progress"] = progress
    state["oracles_down"] = down
    state["progress_source"] = "oracle status API (/v1/jobs/{id}) of the most advanced oracle"
    state["read_at"] = int(time.time())
    return state
