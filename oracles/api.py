"""The oracle's HTTP API: workers (login, leases, heartbeats, results) and committee peers.

Request bodies are pydantic models (bad shape → 422); every refusal a
client can act on is a 4xx with a reason. Long-polling lease requests wait
until the dispatcher says work appeared (``oracles.wakeups``: as many waiters
as there are new slots).

No ``from __future__ import annotations`` here: FastAPI resolves the
dependency annotations defined inside ``build_app`` at run time.
"""

import math
import time
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from oracles.committee import Refused
from oracles.dispatcher import LeaseError, ResultItem
from oracles.wakeups import WorkSignal
from protocol.leases import (
    Ack,
    Challenge,
    FailureReport,
    Heartbeat,
    HeartbeatReply,
    ItemOutcome,
    JobStatus,
    Lease,
    LeaseRequest,
    LoginReply,
    LoginRequest,
    RejectProposal,
    ResultSubmission,
    SettlementProposal,
    SignatureReply,
    WorkReply,
    WorkRequest,
)

if TYPE_CHECKING:
    from oracles.service import OracleService


MAX_DB_JOB_ID = 2**63 - 1  # job ids are stored as BIGINT; JobEscrow numbers jobs 1, 2, ...


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as strings (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


_RECORDED = Ack(detail="result recorded").model_dump_json().encode()


def _json(model: BaseModel) -> Response:
    return Response(content=model.model_dump_json(), media_type="application/json")


def _seen_on_chain(job_id: int) -> None:
    """Refuse ids no JobEscrow job can have (before they reach the database and overflow BIGINT)."""
    if not 0 < job_id <= MAX_DB_JOB_ID:
        raise Refused(f"job {job_id} not seen on-chain by this oracle")


def build_app(service: "OracleService") -> FastAPI:
    app = FastAPI(title=f"GPUHive oracle {service.address}", version="1",
                  description="Worker leases and committee countersigning.")
    signal = WorkSignal()
    service.dispatcher.on_work(signal.fire)

    @app.on_event("startup")
    async def _bind() -> None:
        signal.bind()

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default handler echoes the input and answers 500 when it holds NaN or 1e400
        return JSONResponse(status_code=422, content={"detail": _finite(jsonable_encoder(exc.errors()))})

    async def worker_of(authorization: Annotated[str | None, Header()] = None) -> tuple[str, int]:
        # usually a dictionary lookup, answered on the event loop; a database read or an eligibility
        # re-read from the chain goes to a thread, so a slow node never stalls the other requests
        if not authorization or not authorization.startswith("Bearer "):
            raise HTTPException(401, "log in first: POST /v1/auth/login, then send 'Authorization: Bearer <token>'")
        token = authorization.removeprefix("Bearer ").strip()
        known, found = service.auth.cached_session(token)
        if not known:
            found = await run_in_threadpool(service.auth.session, token)
        if found is None:
            raise HTTPException(401, "session unknown or expired, or the worker is no longer eligible "
                                     "(registered, staked, not jailed); log in again")
        return found

    Worker = Annotated[tuple[str, int], Depends(worker_of)]

    def lease_errors(exc: LeaseError) -> HTTPException:
        return HTTPException(exc.status, exc.detail)

    def kinds_of(caps: int) -> tuple[str, ...]:
        kinds = service.kinds_for(caps)
        if not kinds:
            raise HTTPException(403, f"capabilities {caps:#x} allow no job kind; update your registration")
        return kinds

    async def lease_within(worker: str, kinds: tuple[str, ...], want: int, wait_s: float) -> list[Lease]:
        deadline = time.monotonic() + wait_s
        hops = None  # set when woken for new work: how often an empty-handed wake-up may still be passed on
        while True:
            got = service.dispatcher.lease_many(worker, kinds, want)
            if hops is not None and not got:  # someone else took it, or this worker may not run it
                signal.pass_on(hops)
            left = deadline - time.monotonic()
            if got or left <= 0:
                return got
            hops = await signal.wait(min(left, 1.0))

    # The worker endpoints are async and call the dispatcher inline: each call is a short database
    # transaction, cheaper than the hop to a thread pool it would otherwise cost. Replies are models
    # serialized once (response_model documents them; returning a Response skips validating them again).

    @app.get("/v1/health")
    def health() -> dict:
        return {"ok": True, "oracle": service.address, "chain_id": service.chain.chain_id}

    @app.get("/v1/auth/challenge", response_model=Challenge)
    def challenge(worker: str) -> Challenge:
        try:
            return service.auth.challenge(worker)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.post("/v1/auth/login", response_model=LoginReply)
    def login(body: LoginRequest) -> LoginReply:
        try:
            return service.auth.login(body)
        except PermissionError as exc:
            raise HTTPException(403, str(exc)) from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.post("/v1/leases", response_model=Lease, responses={204: {"description": "no work right now"}})
    async def lease(body: LeaseRequest, who: Worker) -> Response:
        worker, caps = who
        got = await lease_within(worker, kinds_of(caps), 1, body.wait_s)
        if not got:
            return Response(status_code=204)
        return _json(got[0])

    @app.post("/v1/work", response_model=WorkReply)
    async def work(body: WorkRequest, who: Worker) -> Response:
        """Report results and failures, and lease up to ``want`` more, in one round trip."""
        worker, caps = who
        kinds = kinds_of(caps) if body.want else ()
        outcomes: list[ItemOutcome] = []
        if body.results:
            items = [ResultItem(r.lease_id, bytes.fromhex(r.digest[2:]), r.output_cid, bytes.fromhex(r.signature[2:]))
                     for r in body.results]
            for item, done in zip(items, service.dispatcher.submit_many(worker, items)):
                outcomes.append(ItemOutcome(lease_id=item.lease_id, status=done.status, detail=done.detail)
                                if isinstance(done, LeaseError) else
                                ItemOutcome(lease_id=item.lease_id, status=200, detail="result recorded"))
        for failure in body.failures:
            try:
                service.dispatcher.fail(failure.lease_id, worker, failure.reason)
                outcomes.append(ItemOutcome(lease_id=failure.lease_id, status=200,
                                            detail="slot returned to the queue"))
            except LeaseError as exc:
                outcomes.append(ItemOutcome(lease_id=failure.lease_id, status=exc.status, detail=exc.detail))
        leases = await lease_within(worker, kinds, body.want, body.wait_s) if body.want else []
        return _json(WorkReply(outcomes=outcomes, leases=leases))

    @app.post("/v1/leases/{lease_id}/heartbeat", response_model=HeartbeatReply)
    async def heartbeat(lease_id: str, body: Heartbeat, who: Worker) -> HeartbeatReply:
        try:
            return HeartbeatReply(expires_at=service.dispatcher.heartbeat(lease_id, who[0], body.progress))
        except LeaseError as exc:
            raise lease_errors(exc) from None

    @app.post("/v1/leases/{lease_id}/result", response_model=Ack)
    async def result(lease_id: str, body: ResultSubmission, who: Worker) -> Response:
        try:
            service.dispatcher.submit(lease_id, who[0], bytes.fromhex(body.digest[2:]), body.output_cid,
                                      bytes.fromhex(body.signature[2:]))
        except LeaseError as exc:
            raise lease_errors(exc) from None
        return Response(content=_RECORDED, media_type="application/json")

    @app.post("/v1/leases/{lease_id}/failure", response_model=Ack)
    async def failure(lease_id: str, body: FailureReport, who: Worker) -> Ack:
        try:
            service.dispatcher.fail(lease_id, who[0], body.reason)
        except LeaseError as exc:
            raise lease_errors(exc) from None
        return Ack(detail="slot returned to the queue")

    @app.post("/v1/leases/{lease_id}/release", response_model=Ack)
    async def release(lease_id: str, who: Worker) -> Ack:
        try:
            service.dispatcher.release_worker(lease_id, who[0])
        except LeaseError as exc:
            raise lease_errors(exc) from None
        return Ack(detail="lease released")

    @app.get("/v1/jobs/{job_id}", response_model=JobStatus)
    def job_status(job_id: int) -> JobStatus:
        status = service.job_status(job_id) if 0 <= job_id <= MAX_DB_JOB_ID else None
        if status is None:
            raise HTTPException(404, f"job {job_id} not seen by this oracle (yet)")
        return status

    @app.post("/v1/committee/settlement", response_model=SignatureReply)
    def countersign_settlement(body: SettlementProposal) -> SignatureReply:
        try:
            _seen_on_chain(body.job_id)
            return service.countersign_settlement(body)
        except Refused as exc:
            raise HTTPException(409, str(exc)) from None

    @app.post("/v1/committee/reject", response_model=SignatureReply)
    def countersign_reject(body: RejectProposal) -> SignatureReply:
        try:
            _seen_on_chain(body.job_id)
            return service.countersign_reject(body)
        except Refused as exc:
            raise HTTPException(409, str(exc)) from None

    @app.get("/metrics", response_class=PlainTextResponse)
    def metrics() -> str:
        return service.metrics_text()

    return app
