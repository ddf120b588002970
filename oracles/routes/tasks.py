"""A job's tasks as this oracle sees them, a page at a time (``GET /v1/jobs/{id}/tasks``): each task's state,
and once it is final (accepted or failed) who ran it, who checked it and the accepted output folder's CID.
Read-only and public, for the job page's live task table and frames before settlement.

What a running task shows is deliberately less: only how many of its runs are leased or done, never who
holds them, their digests or outputs. A worker that learned its replica partner or an earlier replica's
output CID while its own run is open could copy the output or collude on the hash vote, and a checker
that saw the checked output could copy its pixels; once a task is final nothing of it can change, and the
settled manifest publishes the same facts anyway. Lease ids, signatures and check evidence are never shown.
"""

from typing import Annotated, Protocol

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from oracles.deps import MAX_DB_JOB_ID
from oracles.models import Job, Slot, SlotState, TaskRow, TaskState

router = APIRouter(tags=["status"])

MAX_PAGE = 200  # tasks per page
FINAL = (TaskState.ACCEPTED, TaskState.FAILED)
GONE = (SlotState.VOID, SlotState.SUPERSEDED)


class TaskView(BaseModel):
    index: int
    state: str = Field(description="running, accepted or failed")
    runs_leased: int
    runs_done: int
    ran: list[str] = Field(description="workers whose runs counted; empty until the task is final")
    checked: list[str] = Field(description="workers who ran its spot check; empty until the task is final")
    output_cid: str | None = Field(description="the accepted output folder (a folder manifest); accepted tasks only")


class TaskPage(BaseModel):
    job_id: int
    num_tasks: int
    offset: int
    tasks: list[TaskView]
    next_offset: int | None


class _HasSessions(Protocol):
    sessions: sessionmaker


def _sessions(request: Request) -> sessionmaker:
    status: _HasSessions = request.app.state.status
    return status.sessions


def task_page(s: Session, job_id: int, offset: int, limit: int) -> TaskPage | None:
    job = s.get(Job, job_id)
    if job is None:
        return None
    rows = (
        s.execute(
            select(TaskRow)
            .where(TaskRow.job_id == job_id, TaskRow.task_index >= offset)
            .order_by(TaskRow.task_index)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    slots: dict[int, list[Slot]] = {}
    if rows:
        for slot in s.execute(
            select(Slot).where(
                Slot.job_id == job_id,
                Slot.task_index >= rows[0].task_index,
                Slot.task_index <= rows[-1].task_index,
                Slot.state.not_in(GONE),
            )
        ).scalars():
            slots.setdefault(slot.task_index, []).append(slot)
    views = []
    for row in rows:
        mine = slots.get(row.task_index, [])
        runs = [x for x in mine if x.role == "run"]
        final = row.state in FINAL
        accepted = (
            next((x for x in mine if x.id == row.candidate_slot), None) if row.state == TaskState.ACCEPTED else None
        )
        views.append(
            TaskView(
                index=row.task_index,
                state=row.state,
                runs_leased=sum(x.state == SlotState.LEASED for x in runs),
                runs_done=sum(x.state == SlotState.DONE for x in runs),
                ran=[x.worker for x in runs if x.worker and x.state == SlotState.DONE] if final else [],
                checked=[x.worker for x in mine if x.role == "check" and x.worker and x.state == SlotState.DONE]
                if final
                else [],
                output_cid=accepted.output_cid if accepted is not None else None,
            )
        )
    last = rows[-1].task_index if rows else None
    more = last is not None and len(rows) == limit and last + 1 < job.num_tasks
    return TaskPage(
        job_id=job_id,
        num_tasks=job.num_tasks,
        offset=offset,
        tasks=views,
        next_offset=last + 1 if more and last is not None else None,
    )


@router.get("/v1/jobs/{job_id}/tasks", response_model=TaskPage)
def job_tasks(
    request: Request,
    job_id: int,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> TaskPage:
    page = None
    if 0 <= job_id <= MAX_DB_JOB_ID:
        with _sessions(request)() as s:
            page = task_page(s, job_id, offset, limit)
    if page is None:
        raise HTTPException(404, f"job {job_id} not seen by this oracle (yet)")
    return page
