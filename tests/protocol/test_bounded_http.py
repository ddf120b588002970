"""read_bounded: a streamed answer is read up to its bound, and refused past it without reading the rest."""

from __future__ import annotations

import httpx
import pytest

from protocol.bounded_http import AnswerTooLarge, read_bounded


class CountingStream(httpx.SyncByteStream):
    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.sent = chunks, size, 0

    def __iter__(self):
        for _ in range(self.chunks):
            self.sent += 1
            yield b"x" * self.size


def _client(stream: CountingStream) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200, stream=stream)))


def test_read_bounded__answer_within_limit__whole_body():
    stream = CountingStream(chunks=4, size=100)
    with _client(stream).stream("GET", "http://peer/x") as response:
        assert read_bounded(response, limit=400) == b"x" * 400


def test_read_bounded__answer_past_limit__refused_before_the_rest_is_read():
    stream = CountingStream(chunks=1_000, size=1_000)
    with _client(stream).stream("GET", "http://peer/x") as response:
        with pytest.raises(AnswerTooLarge, match="http://peer/x: answer larger than 4096 bytes"):
            read_bounded(response, limit=4_096)
    assert stream.sent == 5  # 5,000 bytes read of 1,000,000
    assert issubclass(AnswerTooLarge, httpx.HTTPError)
