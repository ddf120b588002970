"""The read API app: routers under ``/api/v1``, the OpenAPI document at ``/api/v1/openapi.json``.

Built from the index's session factory only (``build_read_api(sessions)``), so a test fills a database
and reads it back with ``TestClient``. Read-only: GET routes, no request bodies. Bad query or path
values get a 400 that names the parameter and says what it should be (FastAPI's 422 otherwise);
unknown ids a 404. The API's index document is ``/api/v1/``; ``/`` is the explorer's home page once
``frontend_api.web.mount_pages`` adds the pages.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from frontend_api.api.routes import (
    claims,
    events,
    jobs,
    live_tasks,
    network,
    requester_tx,
    sentry_epochs,
    workers,
    zk_proofs,
)
from frontend_api.api.schemas import Root

API_PREFIX = "/api/v1"


def build_read_api(sessions: sessionmaker[Session], *, stream_poll_seconds: float = 0.5) -> FastAPI:
    app = FastAPI(
        title="GPUHive explorer API",
        version="1",
        description="Jobs, workers, the committee and every contract event, as indexed from the chain. "
        "Amounts are decimal strings in token base units; times are block times (unix seconds).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.sessions = sessions
    app.state.stream_poll_seconds = stream_poll_seconds
    api = APIRouter(prefix=API_PREFIX)
    for module in (network, jobs, workers, events, requester_tx, claims, live_tasks, sentry_epochs, zk_proofs):
        api.include_router(module.router)
    app.include_router(api)

    @app.get(f"{API_PREFIX}/", response_model=Root, include_in_schema=False)
    def root() -> Root:
        return Root(
            name="GPUHive explorer",
            api=API_PREFIX,
            docs=f"{API_PREFIX}/docs",
            openapi=f"{API_PREFIX}/openapi.json",
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in err.get('loc', ())[1:]) or 'request'}: {err.get('msg', 'invalid')}"
            for err in exc.errors()
        ]
        return JSONResponse(status_code=400, content={"detail": "; ".join(problems)})

    return app
