"""The requester's pages: ``/new`` (upload, spec form, permit and ``create_job_with_permit`` in the wallet)
with ``/new/estimate`` (the spec's predicted wall time and cost, and how many
attested workers meet its hardware, drawn on the server), and ``/jobs/{id}`` (live progress, each task with who ran it, frames as they are accepted, a training job's loss
curve, the settlement, and the actions the contract allows now).

The pages are drawn on the server from the chain (``requester_tx.job_actions``: the job as JobEscrow holds
it at the latest block), the oracles' status API (progress counts), their per-task API (``live_tasks``: each
task's state, who ran and checked it once final, accepted frames, the loss curve) and the index
(settlements); after settlement the per-task record and the result files come from the settled manifest
(``claims.results``). ``/jobs/{id}/panel`` is the live part alone, which htmx refreshes every few seconds.
The wallet JavaScript (``static/wallet/``) only signs and sends.

The estimate (``frontend_api/estimates.py``: the model ``gpuhive web`` refits from the index, else the benchmarks'
rates) assumes the workers the oracles count for the spec (``POST /v1/eligible`` on each oracle in turn, the first
answer counts; ``frontend_api/eligible_workers.py``: 2 s each, replies bounded to 8 KiB before parsing), at their
attested speeds; with no oracle answering the page says "unknown" and assumes ``DEFAULT_WORKERS``.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
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
from frontend_api.eligible_workers import ask_eligible
from frontend_api.indexer.zk_proofs import proofs_of
from frontend_api.web.charts import line_chart
from frontend_api.web.label_pages import label_job
from frontend_api.web.templating import render
from protocol.aicore.advice import advise
from protocol.aicore.estimate import DurationModel, shape_of
from protocol.aicore.estimate import _duration as duration
from protocol.aicore.estimate import _tokens as tokens
from protocol.jobspec import load_spec
from protocol.jobspec.errors import SpecError

router = APIRouter(include_in_schema=False)


def _wallet(request: Request) -> WalletBackend | None:
    return wallet_of(request.app)


@router.get("/new", response_class=HTMLResponse)
def new_job(request: Request) -> HTMLResponse:
    w = _wallet(request)
    limit = w.max_upload_bytes if w else DEFAULT_MAX_UPLOAD_BYTES
    counted = eligible_workers(w.oracle_urls if w else [], None)
    return render(
        request,
        "new_job.html",
        active="new",
        wallet_ready=w is not None,
        max_upload_mib=limit // 2**20,
        estimate=None,
        eligible=counted,
        spec_problem=None,
    )


MAX_ESTIMATE_SPEC_BYTES = 256 * 1024  # a spec document from the form (the wallet routes cap stored specs too)
DEFAULT_WORKERS = 10  # assumed when no oracle says how many workers a spec has


def eligible_workers(oracle_urls: list[str], hardware: Any) -> dict[str, Any] | None:
    """``{"eligible", "attested", "speeds"}`` from the first oracle that answers ``POST /v1/eligible`` (the same
    asking and checks as ``gpuhive job estimate --oracles``: ``frontend_api/eligible_workers.py``); None: none
    did. ``speeds``: the eligible workers' attested speeds (the median attested worker 1.0), as many as
    ``eligible`` (an oracle sends at most a sample of them, repeated here evenly); empty from an oracle that sends
    none."""
    found = ask_eligible(oracle_urls, hardware)
    if found is None:
        return None
    return {"eligible": found.eligible, "attested": found.attested, "speeds": found.speeds}


def estimate_context(request: Request, body: bytes) -> dict[str, Any]:
    """What the new-job page's estimate card shows for the spec document ``body`` (JSON, as the form sends it)."""
    w = _wallet(request)
    try:
        spec = load_spec(body, "json")
    except SpecError as exc:
        first = exc.issues[0] if exc.issues else None
        problem = f"{first.path}: {first.message}" if first and first.path else str(first.message if first else exc)
        return {"estimate": None, "eligible": None, "spec_problem": f"the spec does not check ({problem})"[:300]}
    counted = eligible_workers(w.oracle_urls if w else [], getattr(spec, "hardware", None))
    service = getattr(request.app.state, "estimates", None)
    model = service.model() if service is not None else DurationModel()
    workers = counted["eligible"] if counted else DEFAULT_WORKERS
    if counted is not None and workers == 0:
        return {"estimate": None, "eligible": counted, "spec_problem": None}
    # the eligible workers' attested speeds when the oracle sent them, else all at the median worker's
    speeds = (counted or {}).get("speeds") or [1.0] * workers
    try:
        estimate = model.estimate(shape_of(spec), speeds)
    except ValueError as exc:  # a kind without a work model (zk): the page says so instead of a 500
        return {"estimate": None, "eligible": counted, "spec_problem": str(exc)[:300]}
    # the same advice as ``gpuhive job estimate``: for the spec's budget, and its deadline from now
    deadline_s = max(spec.deadline - time.time(), 0.0)
    advice = advise(spec, model, speeds, deadline_s=deadline_s, settled=service.settled if service else ())
    return {
        "estimate": estimate_view(estimate),
        "advice": advice_view(advice),
        "eligible": counted,
        "spec_problem": None,
    }


def advice_view(advice: Any) -> dict[str, Any]:
    """The card's wording of a ``protocol.aicore.advice.Advice``: each suggestion and why."""
    split = advice.split
    return {
        "reward": f"{tokens(advice.reward_per_task)} HIVE per task",
        "reward_note": advice.reward_note,
        "split": None
        if split is None
        else f"{split['frames_per_task']} frame(s) per task, {split['tiles_x']} × {split['tiles_y']} tiles",
        "split_note": advice.split_note,
        "replication": advice.replication,
        "replication_note": advice.replication_note,
    }


def estimate_view(estimate: Any) -> dict[str, Any]:
    """The card's wording of a ``protocol.aicore.estimate.Estimate``."""
    lo, mid, hi = estimate.wall_s
    return {
        "wall": duration(mid),
        "wall_low": duration(lo),
        "wall_high": duration(hi),
        "task": f"{estimate.task_s[1]:.1f} s",
        "cost": f"{tokens(estimate.cost)} HIVE",
        "max_cost": f"{tokens(estimate.max_cost)} HIVE",
        "workers": estimate.workers,
        "cold": estimate.source.startswith("cold start"),
        "source": estimate.source,
        "calibration": estimate.calibration,
    }


@router.post("/new/estimate", response_class=HTMLResponse)
async def new_job_estimate(request: Request) -> HTMLResponse:
    """The estimate card for the spec the form describes (the page's script posts the same document it checks)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_ESTIMATE_SPEC_BYTES:
            raise HTTPException(413, f"a job spec is at most {MAX_ESTIMATE_SPEC_BYTES:,} bytes")
    context = await anyio.to_thread.run_sync(estimate_context, request, body)
    return render(request, "_new_job_estimate.html", **context)


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
        "zk": proofs_of(s, job_id, limit=200),  # a zk job's proofs on-chain (frontend_api.indexer.zk_proofs)
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
    gold = label_job(request, context["job"].spec_cid if context["job"] else None)  # a label job: the gold form
    return render(request, "job.html", active="jobs", missing=None, label_job=gold, **context)


@router.get("/jobs/{job_id}/panel", response_class=HTMLResponse)
def job_panel(request: Request, s: SessionDep, job_id: JobIdPath) -> HTMLResponse:
    return render(request, "_job_panel.html", **job_panel_context(request, s, job_id))
