"""Reading an HTTP answer from outside with a size bound, before anything parses it.

An oracle, a sentry or a worker at the other end can answer with any number
of bytes; ``httpx`` reads a whole body into memory unless it is streamed.
``read_bounded`` reads a streamed answer up to ``limit`` bytes and raises
``AnswerTooLarge`` (an ``httpx.HTTPError``, so callers that already treat a
peer's network errors as "no answer" treat this the same way) as soon as it
passes the limit, without reading the rest.
"""

from __future__ import annotations

import httpx


class AnswerTooLarge(httpx.HTTPError):
    """A peer's answer is longer than the caller's bound."""


def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of a streamed ``response``'s body; ``AnswerTooLarge`` past it."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise AnswerTooLarge(f"{response.request.url}: answer larger than {limit} bytes")
    return bytes(body)
