"""The explorer's pages: network dashboard ``/``, jobs ``/jobs``, workers ``/workers`` and
``/workers/{address}``, committee ``/committee``, events ``/events`` (live).

Server-rendered from the same index reads as the JSON API: the API's route functions are called
directly, so a page and ``/api/v1`` never disagree, and every list is paged with the API's bounds
(``PAGE`` rows a page, offsets at most the API's). The few reads only pages make (the stake histogram,
capability counts) are bounded too. Live parts: the dashboard's numbers are an htmx fragment
(``/fragments/network``) polled every 10 s; the events feed appends the SSE stream's events
(``static/js/events_live.js``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import func, select
from starlette.responses import HTMLResponse

from frontend_api.api.deps import SessionDep, checked_address
from frontend_api.api.routes import events as events_api
from frontend_api.api.routes import jobs as jobs_api
from frontend_api.api.routes import network as network_api
from frontend_api.api.routes import workers as workers_api
from frontend_api.api.routes.requester_tx import wallet_of
from frontend_api.api.views import indexed_time
from frontend_api.indexer.indexer import INDEXED_CONTRACTS
from frontend_api.indexer.models import INT64_MAX, CommitteeSigner, IndexedWorker, IndexTotal
from frontend_api.indexer.sentry_scores import WorkerScores, scores_of
from frontend_api.web.charts import Bar, column_chart, hbar_chart, line_chart, step_chart
from frontend_api.web.node_metadata import node_metadata
from frontend_api.web.templating import render, tokens
from protocol.contracts import TOKEN, Capability, JobStatus, Role

router = APIRouter(include_in_schema=False)

PAGE = 50  # rows a list page shows
MAX_PAGE = 10_000_000 // PAGE  # the API's largest offset
STAKE_SAMPLE = 5_000  # the stake histogram reads at most this many workers (the largest stakes)
GPU_SAMPLE = 200  # node metadata documents the dashboard reads for GPU models (the largest stakes; cached by CID)
STATES = [js.label for js in JobStatus if js != JobStatus.NONE]
CAPABILITIES = [(c.name.lower(), int(c)) for c in Capability]
ROLE_NAMES = {int(r): r.name.lower() for r in Role if r.name != "NONE"}
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
T = TypeVar("T")


def _or_error(request: Request, read: Callable[[], T]) -> T | HTMLResponse:
    """``read()``, or the error page for the HTTPException it raised (unknown id, bad address)."""
    try:
        return read()
    except HTTPException as exc:
        return render(request, "explorer/error.html", status_code=exc.status_code, message=str(exc.detail))


def _totals(s: SessionDep) -> dict[str, int]:
    """The index's running network totals (``IndexTotal``: jobs by state, nodes by role, ...): a dozen rows."""
    return dict(s.execute(select(IndexTotal.key, IndexTotal.value)).tuples().all())


def _pager(page: int, total: int) -> dict[str, Any]:
    pages = max(1, -(-total // PAGE))
    return {"page": page, "pages": pages, "total": total, "first": (page - 1) * PAGE + 1 if total else 0,
            "last": min(page * PAGE, total)}  # fmt: skip


# -- the dashboard --------------------------------------------------------------------------------


def _network_context(s: SessionDep) -> dict[str, Any]:
    net = network_api.network(s)
    by_state = hbar_chart([Bar(st, net.jobs_by_state.get(st, 0), f"bar-{st}") for st in STATES], "Jobs by state")
    min_stake = int(network_api._param(s, f"min_stake_{int(Role.WORKER)}") or 0)
    stake_chart, sampled = _stake_histogram(s, min_stake)
    return {
        "net": net,
        "jobs_chart": by_state,
        "stake_chart": stake_chart,
        "stake_sampled": sampled,
        "stake_sample_limit": STAKE_SAMPLE,
        "min_stake": min_stake,
    }


def _stake_histogram(s: SessionDep, min_stake: int) -> tuple[Any, int]:
    """Workers' active stakes in six bins (the largest ``STAKE_SAMPLE`` stakes), and how many were read."""
    stakes = list(
        s.scalars(
            select(IndexedWorker.staked)
            .where(IndexedWorker.role == int(Role.WORKER))
            .order_by(IndexedWorker.staked.desc())
            .limit(STAKE_SAMPLE)
        )
    )
    if not stakes:
        return None, 0
    low, high = min(stakes), max(stakes)
    if min_stake and low >= min_stake:
        low = min_stake
    width = max(TOKEN, -(-(high - low + 1) // 6))
    counts = [0] * 6
    for stake in stakes:
        counts[min(5, (stake - low) // width)] += 1
    bars = [Bar(f"{tokens(low + i * width, 0)}", count) for i, count in enumerate(counts)]
    caption = f"stake (HIVE), bins of {tokens(width, 0)} from the lowest"
    return column_chart(bars, "Workers by active stake", caption), len(stakes)


def _capabilities(s: SessionDep) -> Any:
    rows = s.execute(
        select(IndexedWorker.capabilities, func.count())
        .where(IndexedWorker.role == int(Role.WORKER))
        .group_by(IndexedWorker.capabilities)
        .limit(1_024)
    ).all()
    counts = {name: sum(n for caps, n in rows if caps & bit) for name, bit in CAPABILITIES}
    return hbar_chart([Bar(name, counts[name]) for name, _ in CAPABILITIES], "Workers by capability")


def _sentry_view(request: Request, s: SessionDep) -> dict[str, Any]:
    """Workers online in the latest attested epoch, and the GPU models (with VRAM) the largest-stake
    ``GPU_SAMPLE`` workers published in their node metadata; both need the store (None without one)."""
    store = getattr(wallet_of(request.app), "store", None)
    if store is None:
        return {"online": None, "gpu_models": []}
    scores = scores_of(request.app.state).for_workers(s, store, epochs=1)[0]
    latest = next(iter(scores.values())).latest_epoch if scores else None
    online = {"epoch": latest, "online": sum(bool(x.online) for x in scores.values()), "attested": len(scores)}
    cids = s.scalars(
        select(IndexedWorker.metadata_cid)
        .where(IndexedWorker.role == int(Role.WORKER), IndexedWorker.metadata_cid != "")
        .order_by(IndexedWorker.staked.desc())
        .limit(GPU_SAMPLE)
    )
    models: dict[tuple[str, str], int] = {}
    for cid in cids:
        for gpu in node_metadata(store, cid).gpus:
            key = (gpu.name, f"{gpu.vram_bytes / 2**30:.0f} GiB" if gpu.vram_bytes else "-")
            models[key] = models.get(key, 0) + 1
    top = sorted(models.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {"online": online, "gpu_models": [(name, vram, n) for (name, vram), n in top]}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, s: SessionDep) -> HTMLResponse:
    recent = events_api.events(s, limit=8).items
    return render(
        request,
        "explorer/home.html",
        active="home",
        **_network_context(s),
        **_sentry_view(request, s),
        gpu_sample=GPU_SAMPLE,
        caps_chart=_capabilities(s),
        committee=network_api.committee(s),
        recent=recent,
    )


@router.get("/fragments/network", response_class=HTMLResponse)
def network_fragment(request: Request, s: SessionDep) -> HTMLResponse:
    return render(request, "explorer/_network.html", **_network_context(s))


# -- jobs -----------------------------------------------------------------------------------------


@router.get("/jobs", response_class=HTMLResponse)
def jobs(
    request: Request,
    s: SessionDep,
    page: PageNumber = 1,
    state: Annotated[str | None, Query(max_length=16)] = None,
    requester: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    state = state or None
    result = _or_error(
        request,
        lambda: jobs_api.jobs(s, limit=PAGE, offset=(page - 1) * PAGE, state=state, requester=requester or None),
    )
    if isinstance(result, HTMLResponse):
        return result
    totals = _totals(s)
    by_state = [(st, totals.get(f"jobs:{st}", 0)) for st in STATES]
    return render(
        request,
        "explorer/jobs.html",
        active="jobs",
        jobs=result.items,
        paging=_pager(page, result.total),
        state=state,
        requester=checked_address(requester) if requester else None,
        states=by_state,
        jobs_total=sum(n for _, n in by_state),
    )


# -- workers --------------------------------------------------------------------------------------


def capability_names(bits: int | str) -> list[str]:
    return [name for name, bit in CAPABILITIES if int(bits) & bit]


@router.get("/workers", response_class=HTMLResponse)
def workers(
    request: Request,
    s: SessionDep,
    page: PageNumber = 1,
    role: Annotated[int | None, Query(ge=1, le=2)] = None,
) -> HTMLResponse:
    result = workers_api.workers(s, limit=PAGE, offset=(page - 1) * PAGE, role=role, order="stake")
    totals = _totals(s)
    store = getattr(wallet_of(request.app), "store", None)
    scores = scores_of(request.app.state).for_workers(s, store, epochs=1)[0] if store is not None else None
    return render(
        request,
        "explorer/workers.html",
        active="workers",
        workers=result.items,
        paging=_pager(page, result.total),
        role=role,
        role_counts={int(r): totals.get(f"nodes:role:{int(r)}", 0) for r in Role},
        capability_names=capability_names,
        scores=scores,
        latest_epoch=next(iter(scores.values())).latest_epoch if scores else None,
    )


@router.get("/workers/{address}", response_class=HTMLResponse)
def worker(request: Request, s: SessionDep, address: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    detail = _or_error(request, lambda: workers_api.worker(s, checked_address(address)))
    if isinstance(detail, HTMLResponse):
        return detail
    points = [(p.block_time, int(p.cumulative)) for p in detail.earnings if p.block_time is not None]
    min_stake = int(network_api._param(s, f"min_stake_{int(Role.WORKER)}") or 0)
    store = getattr(wallet_of(request.app), "store", None)
    hardware = node_metadata(store, detail.metadata_cid) if store is not None else None
    scores = scores_of(request.app.state).for_worker(s, store, detail.address) if store is not None else None
    return render(
        request,
        "explorer/worker.html",
        active="workers",
        w=detail,
        role_name=ROLE_NAMES.get(detail.role, str(detail.role)),
        capabilities=capability_names(detail.capabilities),
        earnings_chart=step_chart(points, "Claimed earnings over time", TOKEN, "HIVE"),
        now=indexed_time(s),
        eligible=detail.role == Role.WORKER and int(detail.staked) >= min_stake and not detail.jailed,
        min_stake=min_stake,
        hardware=hardware,
        scores=scores,
        **_epoch_charts(scores),
    )


def _epoch_charts(scores: WorkerScores | None) -> dict[str, Any]:
    """The worker's uptime (per cent) and performance score per attested epoch, as line charts."""
    if scores is None or not scores.epochs:
        return {"uptime_chart": None, "perf_chart": None}
    return {
        "uptime_chart": line_chart(
            [(e.epoch, e.uptime_bps / 100) for e in scores.epochs],
            "Uptime per epoch",
            "epoch",
            "uptime %",
            y_from_zero=True,
        ),
        "perf_chart": line_chart(
            [(e.epoch, e.perf_score) for e in scores.epochs],
            "Performance score per epoch",
            "epoch",
            "perf score",
            y_from_zero=True,
        ),
    }


# -- committee and events -------------------------------------------------------------------------


@router.get("/committee", response_class=HTMLResponse)
def committee(request: Request, s: SessionDep) -> HTMLResponse:
    members = network_api.committee(s)
    added = dict(s.execute(select(CommitteeSigner.address, CommitteeSigner.added_block)).tuples().all())
    return render(request, "explorer/committee.html", active="committee", c=members, added=added)


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    s: SessionDep,
    before: Annotated[int | None, Query(ge=1, le=INT64_MAX)] = None,
    contract: Annotated[str | None, Query(max_length=32)] = None,
    name: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    contract, name = contract or None, name or None
    result = events_api.events(s, limit=PAGE, before=before, contract=contract, name=name)
    newest = result.items[0].id if result.items else 0
    return render(
        request,
        "explorer/events.html",
        active="events",
        events=result.items,
        next_before=result.next_before,
        contract=contract,
        name=name,
        contracts=INDEXED_CONTRACTS,
        live=before is None,  # the first page follows the stream; older pages stay still
        after=newest,
    )
