"""The oracle's HTTP API, built from the collaborators it calls: workers (login, leases, results) and peers.

``create_app`` takes one object per job the API does — worker login and
sessions (``auth``), leases (``dispatcher``), countersigning for the leader
(``committee``), job progress and metrics (``status``) — typed by the small
interfaces in ``oracles.deps``, so the API runs on the real ones in an
``OracleService`` or on fakes in a unit test. The routes are in
``oracles.routes`` (one module per area).

Request bodies are pydantic models (bad shape → 422); every refusal a
client can act on is a 4xx with a reason.
"""

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from oracles.deps import CommitteeMember, OracleIdentity, StatusReport, WorkerAuth, WorkQueue
from oracles.routes import auth as auth_routes
from oracles.routes import committee as committee_routes
from oracles.routes import leases as lease_routes
from oracles.routes import status as status_routes
from oracles.wakeups import WorkSignal


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as strings (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def create_app(
    *, oracle: OracleIdentity, auth: WorkerAuth, dispatcher: WorkQueue, committee: CommitteeMember, status: StatusReport
) -> FastAPI:
    """The API of the oracle ``oracle``; long-polling lease requests are woken by ``dispatcher.on_work``."""
    app = FastAPI(
        title=f"GPUHive oracle {oracle.address}", version="1", description="Worker leases and committee countersigning."
    )
    signal = WorkSignal()
    dispatcher.on_work(signal.fire)
    app.state.identity = oracle
    app.state.auth = auth
    app.state.dispatcher = dispatcher
    app.state.signal = signal
    app.state.committee = committee
    app.state.status = status

    @app.on_event("startup")
    async def _bind() -> None:
        signal.bind()

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default handler echoes the input and answers 500 when it holds NaN or 1e400
        return JSONResponse(status_code=422, content={"detail": _finite(jsonable_encoder(exc.errors()))})

    app.include_router(status_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(lease_routes.router)
    app.include_router(committee_routes.router)
    return app
