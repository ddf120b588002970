"""A job's tasks while it runs, from the oracles (``GET /v1/jobs/{id}/tasks`` on each): each task's state,
who ran and checked it once it is final, the frames of the accepted tasks, and for a training job the loss
curve its workers published in their checkpoints (``protocol.train_metrics``).

The oracles show a running task without its workers or outputs (``oracles/routes/tasks.py`` says why), so
the frames appear as tasks are accepted. The most advanced oracle answers (the one with the most final
tasks: the job's leader). Folder manifests and loss curves are content-addressed, so they are cached by
CID; what an oracle answers is bounded (``MAX_ORACLE_BYTES``, at most ``MAX_PAGE`` tasks) and every CID is
checked before it is used.
"""

from __future__ import annotations

import logging
from threading import Lock
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, ValidationError

from frontend_api.api.routes.requester_tx import ORACLE_TIMEOUT, JobIdPath, WalletBackend, WalletDep
from protocol.storage import StorageError, validate_cid
from protocol.storage.folder_manifest import get_manifest
from protocol.train_metrics import LossError, read_losses

log = logging.getLogger(__name__)
router = APIRouter(tags=["wallet"])

MAX_PAGE = 200  # the oracle route's own cap
MAX_ORACLE_BYTES = 1 * 2**20
MAX_FRAMES = 48
MAX_CACHED = 4_096


class LiveTask(BaseModel):
    index: int = Field(ge=0)
    state: str = Field(max_length=16)
    runs_leased: int = Field(ge=0)
    runs_done: int = Field(ge=0)
    ran: list[str] = Field(max_length=64)
    checked: list[str] = Field(max_length=64)
    output_cid: str | None = Field(None, max_length=128)


class _OraclePage(BaseModel):
    job_id: int
    num_tasks: int
    offset: int
    tasks: list[LiveTask] = Field(max_length=MAX_PAGE)
    next_offset: int | None


class LiveFrame(BaseModel):
    task: int
    name: str
    cid: str


class LiveTasks(BaseModel):
    job_id: int
    available: bool
    why: str | None = None
    oracle: str | None = None
    oracles_down: list[str] = []
    num_tasks: int = 0
    offset: int = 0
    next_offset: int | None = None
    tasks: list[LiveTask] = []
    frames: list[LiveFrame] = Field(default=[], description=f"PNG files of accepted tasks (at most {MAX_FRAMES})")
    loss: list[tuple[int, float]] = Field(
        default=[], description="training jobs: [step, loss] reported by the workers in their accepted checkpoints"
    )


_folders: dict[str, dict[str, str]] = {}
_losses: dict[str, list[tuple[int, float]]] = {}
_lock = Lock()


def _cached(cache: dict[str, Any], cid: str, load: Any) -> Any:
    with _lock:
        if cid in cache:
            return cache[cid]
    value = load()
    with _lock:
        if len(cache) >= MAX_CACHED:
            cache.clear()
        cache[cid] = value
    return value


def _score(page: _OraclePage) -> tuple[int, int]:
    return sum(t.state != "running" for t in page.tasks), len(page.tasks)


def oracle_tasks(w: WalletBackend, job_id: int, offset: int, limit: int) -> tuple[_OraclePage | None, str, list[str]]:
    """The most advanced oracle's page of the job's tasks, which oracle, and the oracles that did not answer."""
    best: _OraclePage | None = None
    source, down = "", []
    for url in w.oracle_urls:
        try:
            response = httpx.get(
                f"{url}/v1/jobs/{job_id}/tasks", params={"offset": offset, "limit": limit}, timeout=ORACLE_TIMEOUT
            )
        except httpx.HTTPError:
            down.append(url)
            continue
        if response.status_code != 200:
            continue
        if len(response.content) > MAX_ORACLE_BYTES:
            log.warning("oracle task page too large", extra={"oracle": url, "bytes": len(response.content)})
            continue
        try:
            page = _OraclePage.model_validate_json(response.content)
        except ValidationError:
            down.append(url)  # an oracle that answers nonsense is as good as down
            continue
        if page.job_id == job_id and (best is None or _score(page) > _score(best)):
            best, source = page, url
    return best, source, down


def _outputs(w: WalletBackend, task: LiveTask) -> dict[str, str]:
    if task.state != "accepted" or not task.output_cid:
        return {}
    try:
        cid = validate_cid(task.output_cid)
        return _cached(_folders, cid, lambda: dict(get_manifest(w.store, cid)))
    except (StorageError, ValueError) as exc:
        log.warning("output folder unreadable", extra={"cid": task.output_cid, "error": str(exc)})
        return {}


def _checkpoint_losses(w: WalletBackend, cid: str) -> list[tuple[int, float]]:
    try:
        cid = validate_cid(cid)
        return _cached(_losses, cid, lambda: read_losses(w.store, cid))
    except (StorageError, LossError, ValueError) as exc:
        log.info("no loss curve in checkpoint", extra={"cid": cid, "error": str(exc)})
        return []


def live_tasks(w: WalletBackend, job_id: int, offset: int = 0, limit: int = MAX_PAGE) -> LiveTasks:
    page, source, down = oracle_tasks(w, job_id, offset, limit)
    if page is None:
        why = "no oracle reports this job's tasks yet" if len(down) < len(w.oracle_urls) else "no oracle answers"
        return LiveTasks(job_id=job_id, available=False, why=why, oracles_down=down)
    frames: list[LiveFrame] = []
    loss: dict[int, float] = {}
    for task in page.tasks:
        for name, cid in sorted(_outputs(w, task).items()):
            if name.lower().endswith(".png") and len(frames) < MAX_FRAMES:
                frames.append(LiveFrame(task=task.index, name=name, cid=cid))
            elif name.startswith("checkpoints/") and name.endswith(".safetensors"):
                loss.update(_checkpoint_losses(w, cid))
    return LiveTasks(
        job_id=job_id,
        available=True,
        oracle=source,
        oracles_down=down,
        num_tasks=page.num_tasks,
        offset=page.offset,
        next_offset=page.next_offset,
        tasks=page.tasks,
        frames=frames,
        loss=sorted(loss.items()),
    )


@router.get(
    "/jobs/{job_id}/tasks",
    response_model=LiveTasks,
    summary="A job's tasks now (state; who ran and checked once final), accepted frames and the training loss",
)
def job_tasks(
    w: WalletDep,
    job_id: JobIdPath,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
) -> LiveTasks:
    return live_tasks(w, job_id, offset, limit)
