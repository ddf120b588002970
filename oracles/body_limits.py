"""Request bodies bounded before anything parses them: bytes and JSON nesting depth per route, a deadline to
receive them, and no lone UTF-16 surrogates.

Why before parsing: FastAPI parses a JSON body (``json.loads``) before it checks the bearer token, and
CPython 3.11's C JSON parser recurses once per ``[`` or ``{`` with the interpreter's recursion limit as
its only guard. With the limit raised (``py_ecc`` sets 100,000 on import), ``b"[" * 66_000`` crashed an
oracle with SIGSEGV (126 bytes of C stack per level, 8 MiB per thread); at 50,000-58,000 levels the
body parsed, and the 422 handler's echo of the input then failed with ``RecursionError`` (500) and
uvicorn's logging of it overflowed the stack (issue 15). ``protocol.stack_guard`` keeps the limit at
10,000; this middleware makes sure no deep body reaches a parser at all, whatever the limit.

``BodyLimits`` is a pure ASGI middleware (Starlette's ``BaseHTTPMiddleware`` would buffer the body for
us, without a cap). For each request it matches the path against the route templates of ``ROUTE_LIMITS``
(compiled as Starlette compiles a route's path) and takes that route's ``BodyLimit``; any other path
gets ``DEFAULT_LIMIT``, which is small, so a route added without an entry fails closed (and a test
checks that every route taking a body has one). Then:

- a ``content-length`` above the cap is answered 413 before a byte is read; a body sent without one
  (chunked) is read until it passes the cap, then 413;
- the whole body must arrive within ``BODY_SECONDS`` (10 s: 100 KB/s for the largest legitimate
  body), else 408, so a client trickling a body cannot hold a request open for ever;
- ``nested_deeper_than`` scans the bytes for nesting, without recursion; deeper than the route's
  ``max_depth`` is answered 400;
- a ``\\uD800``-``\\uDFFF`` escape that is not half of a pair is answered 400 (before this, one gave a
  500: SQLite and the JSON reply cannot encode a lone surrogate).

The body, once accepted, is handed to the app as one message, so FastAPI reads it as it always did.

The caps come from the largest legitimate body of each route (``protocol.leases``):

- login: 4 fields, ~290 bytes → 4 KiB, depth 1 (one object);
- lease, heartbeat, result, release, a committee reject: under 400 bytes → 4 KiB, depth 1; failure: a
  reason of up to 2,000 characters, 8,000 bytes as UTF-8 or 12,000 as ``\\uXXXX`` escapes → 16 KiB;
- ``/v1/work``: ``MAX_EXCHANGE`` (32) results of ~480 bytes and 32 failures of up to ~12,100 bytes
  each, ~400 KB at most → 1 MiB, depth 3 (object, list, item);
- a committee settlement: the settlement (a flat object of roots and amounts) and one
  ``[address, amount]`` per slashed worker, ~70 bytes each: 1 MiB holds ~14,000 slashes, depth 3.

Each depth cap is one level above the model's own depth.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB = 1024
MIB = 1024 * KIB
BODY_SECONDS = 10.0


@dataclass(frozen=True)
class BodyLimit:
    """The largest body a route accepts: ``max_bytes`` on the wire, ``max_depth`` levels of JSON nesting."""

    max_bytes: int
    max_depth: int


DEFAULT_LIMIT = BodyLimit(4 * KIB, 2)
_WORKER_SMALL = BodyLimit(4 * KIB, 2)
ROUTE_LIMITS: dict[str, BodyLimit] = {
    "/v1/auth/login": _WORKER_SMALL,
    "/v1/leases": _WORKER_SMALL,
    "/v1/leases/{lease_id}/heartbeat": _WORKER_SMALL,
    "/v1/leases/{lease_id}/result": _WORKER_SMALL,
    "/v1/leases/{lease_id}/release": _WORKER_SMALL,
    "/v1/leases/{lease_id}/failure": BodyLimit(16 * KIB, 2),
    "/v1/work": BodyLimit(1 * MIB, 4),
    "/v1/committee/settlement": BodyLimit(1 * MIB, 4),
    "/v1/committee/reject": _WORKER_SMALL,
    "/v1/label/answers": BodyLimit(256 * KIB, 2),  # a batch of up to 1,000 labels
    "/v1/label/jobs/{job_id}/gold": BodyLimit(4 * MIB, 3),  # the gold file: [[item, class], ...] in an object
    "/v1/label/jobs/{job_id}/answers/copy": _WORKER_SMALL,  # a labeler's signed result: ~350 bytes
    "/v1/eligible": BodyLimit(1 * KIB, 2),  # {"hardware": {3 fields}}
}

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")  # depth does not depend on which kind of bracket
# a \uD800-\uDFFF escape preceded by an even number of backslashes (so it is an escape, not text)
_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def nested_deeper_than(body: bytes, max_depth: int) -> bool:
    """Whether a JSON text nests ``[``/``{`` more than ``max_depth`` levels, decided without parsing it and
    without recursion. (A text that is not JSON may be refused for brackets that do not pair up.)

    Hand-written because nothing in the stack bounds depth before recursing: ``json.loads`` recurses in
    C, and pydantic-core's parser stops at a fixed 200 levels, far above what any route accepts. Each
    step is one C-level pass over the bytes (no Python loop per byte): escaped backslashes and quotes are
    dropped, so every quote left delimits a string, and the strings are cut out (a ``[`` in a string is
    not nesting); every byte but brackets is deleted and ``{}`` read as ``[]``; then each pass deletes
    the ``[]`` pairs adjacent at its start (``bytes.replace`` does not rescan what it produced): the
    containers holding no container, exactly one level of every nest. What is left after ``max_depth``
    passes was deeper (or does not pair up). Measured: 60 µs for an 11 KB ``/v1/work`` body of 32 results;
    1-8 ms for 1 MiB of brackets or strings; 17 ms for the worst 1 MiB found (``"[`` repeated).
    """
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return False  # (brackets inside strings only add to the count)
    if b'"' in body:
        body = b"".join(body.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])
    brackets = body.translate(_ONE_KIND, _NOT_BRACKETS)
    if b"[" * (max_depth + 1) in brackets:
        return True  # the plain attack, found in one search
    for _ in range(max_depth):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return bool(brackets)


def has_lone_surrogate(body: bytes) -> bool:
    """Whether a JSON text holds a ``\\uD800``-``\\uDFFF`` escape that does not pair up into one character.

    The byte scan only finds candidates (legitimate pairs are rare: most clients send UTF-8); a body
    with one is decoded, which is safe here because ``BodyLimits`` has already bounded its depth."""
    if not _SURROGATE_ESCAPE.search(body):
        return False
    try:
        value = json.loads(body)
    except ValueError:
        return False  # not JSON: FastAPI answers 422 without echoing it
    return any(_lone_surrogate(s) for s in _strings(value))


def _strings(value: Any) -> Iterable[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class BodyLimits:
    """ASGI middleware: refuse a body over its route's byte or depth cap, too slow, or with a lone
    surrogate, before the app reads it (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        limits: dict[str, BodyLimit] | None = None,
        default: BodyLimit = DEFAULT_LIMIT,
        body_seconds: float = BODY_SECONDS,
    ) -> None:
        self.app = app
        # path templates compiled as the router compiles them (``{lease_id}`` matches one path segment)
        limits = ROUTE_LIMITS if limits is None else limits
        self.limits = [(compile_path(path)[0], limit) for path, limit in limits.items()]
        self.default = default
        self.body_seconds = body_seconds

    def limit_for(self, path: str) -> BodyLimit:
        """The limit of the route at ``path`` (whatever the method), else the default."""
        for pattern, limit in self.limits:
            if pattern.match(path):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, root = scope["path"], scope.get("root_path", "")
        limit = self.limit_for(path[len(root) :] if root and path.startswith(root) else path)
        declared = _content_length(scope)
        if declared is not None and declared > limit.max_bytes:
            await _refuse(send, 413, f"request body over {limit.max_bytes} bytes; this route takes no more")
            return
        try:
            body = await asyncio.wait_for(_read(receive, limit.max_bytes), self.body_seconds)
        except _TooLarge:
            await _refuse(send, 413, f"request body over {limit.max_bytes} bytes; this route takes no more")
            return
        except TimeoutError:
            await _refuse(send, 408, f"request body not received within {self.body_seconds:g} s; send it at once")
            return
        except _Disconnected:
            return
        if nested_deeper_than(body, limit.max_depth):
            await _refuse(
                send, 400, f"request body nested deeper than {limit.max_depth} levels (or its brackets do not pair up)"
            )
            return
        if has_lone_surrogate(body):
            await _refuse(send, 400, "request body has a lone UTF-16 surrogate (\\uD800-\\uDFFF); send valid text")
            return
        await self.app(scope, _replay(body, receive), send)


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # uvicorn refuses a malformed length before we see it
    return None


async def _read(receive: Receive, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body read already, then passes on what the server sends
    (``http.disconnect``, which streaming responses and long polls listen for)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
