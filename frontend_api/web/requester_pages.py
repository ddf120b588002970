"""The requester's pages: ``/new`` (upload, spec form, permit and ``create_job_with_permit`` in the wallet)
and ``/jobs/{id}`` (live progress, each task with who ran it, frames as they are accepted, a training job's loss
curve, the settlement, and the actions the contract allows now).

The pages are drawn on the server from the chain (``requester_tx.job_actions``: the job as JobEscrow holds
it at the latest block), the oracles' status API (progress counts), their per-task API (``live_tasks``: each
task's state, who ran and checked it once final, accepted frames, the loss curve) and the index
(settlements); after settlement the per-task record and the result files come from the settled manifest
(``claims.results``). ``/jobs/{id}/panel`` is the live part alone, which htmx refreshes every few seconds.
The wallet JavaScript (``static/wallet/``) only signs and sends.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import HTMLResponse

from frontend_api.api.deps import SessionDep
from frontend_api.api.routes import claims as claims_api
from frontend_api.api.routes import jobs as jobs_api
from frontend_api.api.routes import live_tasks as live_api
from frontend_api.api.routes.requester_tx import (
    DEFAULT_MAX_UPLOAD_BYTES,
    JobIdPath,
    WalletBackend,
    job_actions,
    wallet_of,
)
from frontend_api.web.charts import line_chart
from frontend_api.web.templating import render

router = APIRouter(include_in_schema=False)


def _wallet(request: Request) -> WalletBackend | None:
    return wallet_of(request.app)


@router.get("/new", response_class=HTMLResponse)
def new_job(request: Request) -> HTMLResponse:
    w = _wallet(request)
    limit = w.max_upload_bytes if w else DEFAULT_MAX_UPLOAD_BYTES
    return render(request, "new_job.html", active="new", wallet_ready=w is not None, max_upload_mib=limit // 2**20)


def job_panel_context(request: Request, s: Any, job_id: int) -> dict[str, Any]:
    """What the job page's live panel shows; raises 404 when neither the chain nor the index knows the job."""
    w = _wallet(request)
    try:
        indexed = jobs_api.job(s, job_id)
    except HTTPException:
        indexed = None
    live: dict[str, Any] | None = None
    problem: str | None = None
    progress: dict[str, Any] | None = None
    down: list[str] = []
    results = None
    tasks = None
    if w is None:
        problem = "this server has no chain connection for the wallet pages: the state below is the index's"
    else:
        try:
            live = job_actions(w, job_id)
        except HTTPException as exc:
            if exc.status_code != 404 or indexed is None:
                raise
        except Exception as exc:  # noqa: BLE001 - a chain node that does not answer: say so, show the index
            problem = f"the chain's RPC node does not answer ({type(exc).__name__}); actions are unavailable"
        if live is not None:
            progress, down = w.oracle_status(job_id)
            if live["status"] in ("settled", "disputed"):
                results = claims_api.results(w, s, job_id)
            if live["status"] not in ("rejected", "reclaimed"):
                tasks = live_api.live_tasks(w, job_id)
    if live is None and indexed is None:
        raise HTTPException(404, f"no job {job_id}")
    num_tasks = (progress or {}).get("num_tasks") or (indexed.num_tasks if indexed else 0)
    return {
        "job_id": job_id,
        "job": indexed,
        "live": live,
        "problem": problem,
        "progress": progress,
        "oracles_down": down,
        "bars": _bars(progress, num_tasks),
        "num_tasks": num_tasks,
        "results": results,
        "tasks": tasks,
        "loss_chart": line_chart(tasks.loss, f"Training loss of job {job_id}", "step", "loss")
        if tasks is not None and tasks.loss
        else None,
    }


def _bars(progress: dict[str, Any] | None, num_tasks: int) -> list[tuple[str, int, int]]:
    """(class, count, per-mille width) of the tasks accepted and failed, and of the work units done and leased."""
    if not progress or not num_tasks:
        return []
    accepted, failed = int(progress.get("tasks_accepted", 0)), int(progress.get("tasks_failed", 0))
    rest = max(0, num_tasks - accepted - failed)
    done = min(rest, int(progress.get("slots_done", 0)))
    leased = min(rest - done, int(progress.get("slots_leased", 0)))
    parts = [("accepted", accepted), ("failed", failed), ("done", done), ("leased", leased)]
    return [(name, n, 1000 * n // num_tasks) for name, n in parts if n]


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, s: SessionDep, job_id: JobIdPath) -> HTMLResponse:
    try:
        context = job_panel_context(request, s, job_id)
    except HTTPException as exc:
        return render(
            request, "job.html", status_code=exc.status_code, active="jobs", missing=exc.detail, job_id=job_id
        )
    return render(request, "job.html", active="jobs", missing=None, **context)


@router.get("/jobs/{job_id}/panel", response_class=HTMLResponse)
def job_panel(request: Request, s: SessionDep, job_id: JobIdPath) -> HTMLResponse:
    return render(request, "_job_panel.html", **job_panel_context(request, s, job_id))
