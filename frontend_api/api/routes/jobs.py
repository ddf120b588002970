"""``/jobs`` (paged, filtered by state or requester) and ``/jobs/{job_id}`` (with settlements and events)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from sqlalchemy import func, select

from frontend_api.api.deps import SessionDep, checked_address
from frontend_api.api.schemas import JobDetail, JobOut, Page
from frontend_api.api.views import event_out, job_out, settlement_out
from frontend_api.indexer.models import INT64_MAX, IndexedEvent, IndexedJob, IndexedSettlement
from protocol.contracts import JobStatus

router = APIRouter(tags=["jobs"])

MAX_LIMIT = 500
STATES = tuple(js.label for js in JobStatus if js != JobStatus.NONE)
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/jobs", response_model=Page[JobOut], summary="Jobs, newest first")
def jobs(
    s: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    state: Annotated[str | None, Query(max_length=16, description=", ".join(STATES))] = None,
    requester: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[JobOut]:
    query = select(IndexedJob)
    if state is not None:
        if state not in STATES:
            raise HTTPException(400, f"unknown state {state!r}; use one of {', '.join(STATES)}")
        query = query.where(IndexedJob.state == state)
    if requester is not None:
        query = query.where(IndexedJob.requester == checked_address(requester))
    total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = s.scalars(query.order_by(IndexedJob.job_id.desc()).limit(limit).offset(offset))
    return Page[JobOut](items=[job_out(j) for j in rows], total=total, limit=limit, offset=offset)


@router.get(
    "/jobs/{job_id}",
    response_model=JobDetail,
    summary="One job with its settlements and events",
    responses={404: {"description": "no such job indexed"}},
)
def job(s: SessionDep, job_id: Annotated[int, Path(ge=0, le=INT64_MAX)]) -> JobDetail:
    row = s.get(IndexedJob, job_id)
    if row is None:
        raise HTTPException(404, f"no job {job_id} indexed (not created, or not confirmed yet)")
    settlements = s.scalars(
        select(IndexedSettlement).where(IndexedSettlement.job_id == job_id).order_by(IndexedSettlement.id)
    )
    events = s.scalars(
        select(IndexedEvent).where(IndexedEvent.job_id == job_id).order_by(IndexedEvent.id.desc()).limit(200)
    )
    return JobDetail(
        **job_out(row).model_dump(),
        settlements=[settlement_out(r) for r in settlements],
        events=[event_out(e) for e in events],
    )
