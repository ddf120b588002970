"""A worker's uptime and performance per epoch as the sentries attested them (``indexer/sentry_scores``):
the posted files are read from the store and checked against their roots, so this route needs the store
(the wallet backend's) and answers 503 without one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from frontend_api.api.deps import AddressPath, SessionDep
from frontend_api.api.routes.requester_tx import WalletDep
from frontend_api.indexer.sentry_scores import scores_of

router = APIRouter(tags=["workers"])


class EpochOut(BaseModel):
    epoch: int
    uptime_bps: int = Field(description="median over the sentries whose verified file holds a leaf for the worker")
    perf_score: int = Field(description="median, as uptime_bps")
    flags: list[str] = Field(description="flags any of those sentries set (offline, class_mismatch, ...)")
    sentries: int = Field(description="verified files holding a leaf for the worker")
    posted: int = Field(description="sentries that posted for the epoch")


class WorkerEpochs(BaseModel):
    worker: str
    latest_epoch: int | None = Field(description="the newest epoch any sentry posted for")
    online: bool | None = Field(description="answered a probe in latest_epoch; null when not attested then")
    epochs: list[EpochOut] = Field(description="oldest first")
    problems: list[str] = Field(description="posted files not counted, and why")


@router.get(
    "/workers/{address}/epochs",
    response_model=WorkerEpochs,
    summary="A worker's uptime and performance per epoch, from the sentries' verified attestation files",
)
def worker_epochs(
    request: Request,
    w: WalletDep,
    s: SessionDep,
    address: AddressPath,
    epochs: Annotated[int, Query(ge=1, le=64)] = 24,
) -> WorkerEpochs:
    scores = scores_of(request.app.state).for_worker(s, w.store, address, epochs)
    return WorkerEpochs(
        worker=address,
        latest_epoch=scores.latest_epoch,
        online=scores.online,
        epochs=[
            EpochOut(
                epoch=e.epoch,
                uptime_bps=e.uptime_bps,
                perf_score=e.perf_score,
                flags=e.flag_names,
                sentries=e.sentries,
                posted=e.posted,
            )
            for e in scores.epochs
        ],
        problems=scores.problems[:20],
    )
