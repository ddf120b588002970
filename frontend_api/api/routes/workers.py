"""``/workers`` (paged) and ``/workers/{address}`` (stake, jail, jobs, earnings over time)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import func, select

from frontend_api.api.deps import AddressPath, SessionDep
from frontend_api.api.routes.jobs import Limit, Offset
from frontend_api.api.schemas import EarningPoint, Page, WorkerDetail, WorkerOut
from frontend_api.api.views import event_out, indexed_time, worker_out, worker_values
from frontend_api.indexer.models import IndexedEvent, IndexedWorker

router = APIRouter(tags=["workers"])

WORKER_JOB_EVENTS = ("PayoutClaimed", "SlashApplied")


@router.get("/workers", response_model=Page[WorkerOut], summary="Registered nodes (workers and sentries)")
def workers(
    s: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    role: Annotated[int | None, Query(ge=1, le=2, description="1 worker, 2 sentry")] = None,
    order: Annotated[Literal["stake", "recent"], Query(description="by active stake, or newest first")] = "stake",
) -> Page[WorkerOut]:
    query = select(IndexedWorker)
    if role is not None:
        query = query.where(IndexedWorker.role == role)
    total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
    by = IndexedWorker.staked.desc() if order == "stake" else IndexedWorker.registered_block.desc()
    rows = s.scalars(query.order_by(by, IndexedWorker.address).limit(limit).offset(offset))
    now = indexed_time(s)
    return Page[WorkerOut](items=[worker_out(w, now) for w in rows], total=total, limit=limit, offset=offset)


@router.get(
    "/workers/{address}",
    response_model=WorkerDetail,
    summary="One node: stake, jail, jobs, earnings over time",
    responses={400: {"description": "not an address"}, 404: {"description": "no such node registered"}},
)
def worker(s: SessionDep, address: AddressPath) -> WorkerDetail:
    row = s.get(IndexedWorker, address)
    if row is None:
        raise HTTPException(404, f"no node {address} registered in the index")
    jobs = s.scalars(
        select(IndexedEvent.job_id)
        .where(IndexedEvent.account == address, IndexedEvent.name.in_(WORKER_JOB_EVENTS))
        .group_by(IndexedEvent.job_id)
        .order_by(func.max(IndexedEvent.id).desc())
        .limit(200)
    )
    claims = list(
        s.scalars(
            select(IndexedEvent)
            .where(IndexedEvent.account == address, IndexedEvent.name == "PayoutClaimed")
            .order_by(IndexedEvent.id.desc())
            .limit(500)
        )
    )
    before = row.earned - sum(int(e.args["amount"]) for e in claims)  # claimed before the last 500
    earnings, total = [], max(0, before)
    for e in reversed(claims):
        total += int(e.args["amount"])
        earnings.append(
            EarningPoint(
                block_number=e.block_number,
                block_time=e.block_time,
                job_id=e.job_id,
                amount=e.args["amount"],
                cumulative=str(total),
            )
        )
    events = s.scalars(
        select(IndexedEvent).where(IndexedEvent.account == address).order_by(IndexedEvent.id.desc()).limit(100)
    )
    return WorkerDetail(
        **worker_values(row, indexed_time(s)),
        jobs=[j for j in jobs if j is not None],
        earnings=earnings,
        events=[event_out(e) for e in events],
    )
