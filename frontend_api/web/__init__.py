"""The dApp's HTML pages on the read API's app: the explorer (this package's ``explorer_pages``), the
requester's and the worker's pages (``requester_pages``, ``worker_pages``), their templates and static files.

``mount_pages(app)`` adds them to the app ``build_read_api`` made: ``/static`` (JavaScript, CSS, htmx), the
page routers, and a security-headers middleware on every response. The Content-Security-Policy allows
scripts from this origin's files only (no inline scripts, no inline event handlers, no ``eval``), so text a
user controls (job spec strings, metadata CIDs, names) cannot run as script even if a template forgot to
escape it; templates autoescape too. Every page's JavaScript is a file under ``/static``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from frontend_api.web.templating import STATIC_DIR

# Scripts: this origin's files only. Styles: this origin's files only (no style attributes in markup; a script
# may still set element.style). Images and fetches may go elsewhere (the store's gateway, the oracle's API);
# the wallet is an in-page provider. No plugins, no <base>, no framing (clickjacking on the wallet's buttons).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob: http: https:",
        "connect-src 'self' http: https:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Pure ASGI middleware (streams such as the SSE feed pass through untouched): adds ``SECURITY_HEADERS``
    to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def mount_pages(app: FastAPI) -> None:
    """Serve the dApp's pages and static files on ``app`` (the read API's), with the security headers."""
    from frontend_api.web import explorer_pages, label_pages, requester_pages, worker_pages

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(explorer_pages.router)
    app.include_router(requester_pages.router)
    app.include_router(worker_pages.router)
    app.include_router(label_pages.router)
    app.add_middleware(SecurityHeaders)


def build_web_app(sessions: sessionmaker[Session], *, stream_poll_seconds: float = 0.5) -> FastAPI:
    """The read API with the pages mounted: what ``gpuhive web`` serves (tests and benchmarks use it too)."""
    from frontend_api.api import build_read_api

    app = build_read_api(sessions, stream_poll_seconds=stream_poll_seconds)
    mount_pages(app)
    return app
