"""The oracle's HTTP API, built from the collaborators it calls: workers (login, leases, results) and peers.

``create_app`` takes one object per job the API does — worker login and
sessions (``auth``), leases (``dispatcher``), countersigning for the leader
(``committee``), job progress and metrics (``status``) — typed by the small
interfaces in ``oracles.deps``, so the API runs on the real ones in an
``OracleService`` or on fakes in a unit test. The routes are in
``oracles.routes`` (one module per area).

Request bodies are bounded in bytes, JSON depth and time before anything
parses them (``oracles.body_limits``: 413, 400, 408), then are pydantic
models (bad shape → 422, listing where and what, never echoing the input);
every refusal a client can act on is a 4xx with a reason.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from oracles.body_limits import BodyLimits
from oracles.deps import CommitteeMember, OracleIdentity, StatusReport, WorkerAuth, WorkQueue
from oracles.labeling import routes as label_routes
from oracles.labeling.desk import LabelDesk
from oracles.routes import auth as auth_routes
from oracles.routes import committee as committee_routes
from oracles.routes import eligible as eligible_routes
from oracles.routes import leases as lease_routes
from oracles.routes import status as status_routes
from oracles.routes import tasks as task_routes
from oracles.wakeups import WorkSignal

MAX_ERRORS = 10  # validation errors listed in a 422; the rest are counted
MAX_TEXT = 200  # characters of a message or a location part


def _text(value: object) -> str:
    """``value`` as printable text of at most ``MAX_TEXT`` characters that UTF-8 can encode."""
    text = str(value)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def validation_detail(errors: Any) -> list[dict[str, Any]]:
    """What a 422 says: where and what, never the input.

    FastAPI's default handler echoes each error's ``input`` (and ``ctx``) through ``jsonable_encoder``: a
    deep body then failed with ``RecursionError`` (500) and uvicorn's error log ``repr()``'d it until the
    stack overflowed; NaN, 1e400 or a lone surrogate in the input made the reply itself fail (500). A
    location part can be a key the client sent, so it is bounded and made encodable too.
    """
    errors = list(errors)
    detail: list[dict[str, Any]] = [
        {
            "loc": [part if isinstance(part, int) else _text(part) for part in list(error.get("loc", ()))[:8]],
            "msg": _text(error.get("msg", "")),
            "type": _text(error.get("type", "")),
        }
        for error in errors[:MAX_ERRORS]
    ]
    if len(errors) > MAX_ERRORS:
        detail.append({"loc": [], "msg": f"and {len(errors) - MAX_ERRORS} more errors", "type": "too_many_errors"})
    return detail


def create_app(
    *,
    oracle: OracleIdentity,
    auth: WorkerAuth,
    dispatcher: WorkQueue,
    committee: CommitteeMember,
    status: StatusReport,
    labeling: LabelDesk | None = None,
) -> FastAPI:
    """The API of the oracle ``oracle``; long-polling lease requests are woken by ``dispatcher.on_work``;
    ``labeling``: the label jobs' desk (``oracles.labeling``), without which its routes answer 404."""
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
    app.state.labeling = labeling

    @app.on_event("startup")
    async def _bind() -> None:
        signal.bind()

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": validation_detail(exc.errors())})

    # outermost but for Starlette's error handler: no route's parser sees a body over its caps
    app.add_middleware(BodyLimits)

    app.include_router(status_routes.router)
    app.include_router(task_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(lease_routes.router)
    app.include_router(committee_routes.router)
    app.include_router(label_routes.router)
    app.include_router(eligible_routes.router)
    return app
