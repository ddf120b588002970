"""``/events`` (the feed, newest first, paged by id) and ``/events/stream`` (Server-Sent Events).

The stream reads the index database every ``stream_poll_seconds`` (0.5 s by default) for events with
an id above the last one sent, so it works whether the indexer runs in this process or another one
sharing the database. Each event goes out as ``event: chain_event`` with ``id:`` its feed id (a
reconnecting browser's ``Last-Event-ID`` resumes after it); a reorg rewind goes out as ``event:
rewind`` with the fork block and the number of events removed (a page refetches what it shows).
sse-starlette gives the framing, pings and disconnect handling.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, Query, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from sse_starlette import EventSourceResponse

from frontend_api.api.deps import SessionDep, checked_address
from frontend_api.api.routes.jobs import MAX_LIMIT, Limit
from frontend_api.api.schemas import EventPage
from frontend_api.api.views import event_out
from frontend_api.indexer.models import INT64_MAX, IndexedEvent, IndexRewind

router = APIRouter(tags=["events"])

STREAM_BATCH = MAX_LIMIT  # events sent per database read


@router.get("/events", response_model=EventPage, summary="Every indexed event, newest first")
def events(
    s: SessionDep,
    limit: Limit = 50,
    before: Annotated[int | None, Query(ge=1, le=INT64_MAX, description="only events with a smaller id")] = None,
    name: Annotated[str | None, Query(max_length=32, description="event name, e.g. JobSettled")] = None,
    contract: Annotated[str | None, Query(max_length=32, description="JobEscrow, WorkerRegistry, ...")] = None,
    job_id: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
    account: Annotated[str | None, Query(max_length=64)] = None,
) -> EventPage:
    query = select(IndexedEvent)
    if before is not None:
        query = query.where(IndexedEvent.id < before)
    if name is not None:
        query = query.where(IndexedEvent.name == name)
    if contract is not None:
        query = query.where(IndexedEvent.contract == contract)
    if job_id is not None:
        query = query.where(IndexedEvent.job_id == job_id)
    if account is not None:
        query = query.where(IndexedEvent.account == checked_address(account))
    rows = list(s.scalars(query.order_by(IndexedEvent.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    items = [event_out(r) for r in rows[:limit]]
    return EventPage(items=items, next_before=items[-1].id if more else None)


@router.get(
    "/events/stream",
    summary="New indexed events, live (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "chain_event and rewind events"}},
)
async def stream(
    request: Request,
    after: Annotated[int | None, Query(ge=0, le=INT64_MAX, description="send events with a larger id")] = None,
    last_event_id: Annotated[int | None, Header(ge=0, le=INT64_MAX)] = None,
) -> EventSourceResponse:
    sessions: sessionmaker[Session] = request.app.state.sessions
    poll = request.app.state.stream_poll_seconds
    start = after if after is not None else last_event_id
    last, last_rewind = await anyio.to_thread.run_sync(_marks, sessions, start)

    async def source() -> AsyncIterator[dict[str, Any]]:
        nonlocal last, last_rewind
        while True:
            rows, rewinds = await anyio.to_thread.run_sync(_since, sessions, last, last_rewind)
            for rewind in rewinds:
                last_rewind = rewind.id
                data = {"fork_block": rewind.fork_block, "events_removed": rewind.events_removed}
                yield {"event": "rewind", "data": json.dumps(data)}
            for row in rows:
                last = row.id
                yield {"event": "chain_event", "id": str(row.id), "data": event_out(row).model_dump_json()}
            if not rows:
                await anyio.sleep(poll)

    return EventSourceResponse(source(), ping=15)


def _marks(sessions: sessionmaker[Session], start: int | None) -> tuple[int, int]:
    """Where a new stream starts: after ``start``, else after the newest event; and the newest rewind."""
    with sessions() as s:
        newest = s.scalar(select(func.max(IndexedEvent.id))) or 0
        rewind = s.scalar(select(func.max(IndexRewind.id))) or 0
    return (newest if start is None else start), rewind


def _since(
    sessions: sessionmaker[Session], last: int, last_rewind: int
) -> tuple[list[IndexedEvent], list[IndexRewind]]:
    with sessions() as s:
        rewinds = list(s.scalars(select(IndexRewind).where(IndexRewind.id > last_rewind).order_by(IndexRewind.id)))
        rows = list(
            s.scalars(select(IndexedEvent).where(IndexedEvent.id > last).order_by(IndexedEvent.id).limit(STREAM_BATCH))
        )
        for row in rows:
            _ = row.args  # decoded inside the session's thread
    return rows, rewinds
