"""Workers' leases: take work (long-polling), report results and failures, heartbeat, release.

The endpoints are async and call the dispatcher inline: each call is a short database transaction,
cheaper than the hop to a thread pool it would otherwise cost. Replies are models serialized once
(response_model documents them; returning a Response skips validating them again). Long-polling
requests wait until the dispatcher says work appeared (``oracles.wakeups``: as many waiters as there
are new slots). A worker's ``/v1/work`` ends its own long-poll still waiting here, which answers with
no lease: an idle agent long-polls every oracle at once and ends the others' polls when one brings work.
"""

import time

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel

from oracles.deps import CurrentWorker, DispatcherDep, SignalDep, WorkQueue
from oracles.dispatcher import LeaseError, ResultItem
from oracles.wakeups import SUPERSEDED, WorkSignal
from protocol.contracts import KIND_CAPABILITY
from protocol.leases import (
    Ack,
    FailureReport,
    Heartbeat,
    HeartbeatReply,
    ItemOutcome,
    Lease,
    LeaseRequest,
    ResultSubmission,
    WorkReply,
    WorkRequest,
)

router = APIRouter(tags=["leases"])

_RECORDED = Ack(detail="result recorded").model_dump_json().encode()


def _json(model: BaseModel) -> Response:
    return Response(content=model.model_dump_json(), media_type="application/json")


def _lease_error(exc: LeaseError) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


def kinds_for(caps: int) -> tuple[str, ...]:
    """The job kinds a worker's registered capabilities allow."""
    return tuple(kind for kind, bit in KIND_CAPABILITY.items() if caps & bit)


def _kinds_of(caps: int) -> tuple[str, ...]:
    kinds = kinds_for(caps)
    if not kinds:
        raise HTTPException(403, f"capabilities {caps:#x} allow no job kind; update your registration")
    return kinds


async def _lease_within(
    dispatcher: WorkQueue, signal: WorkSignal, worker: str, kinds: tuple[str, ...], want: int, wait_s: float
) -> list[Lease]:
    deadline = time.monotonic() + wait_s
    hops = None  # set when woken for new work: how often an empty-handed wake-up may still be passed on
    while True:
        got = dispatcher.lease_many(worker, kinds, want)
        if hops is not None and not got:  # someone else took it, or this worker may not run it
            signal.pass_on(hops)
        left = deadline - time.monotonic()
        if got or left <= 0:
            return got
        hops = await signal.wait(min(left, 1.0), owner=worker)
        if hops == SUPERSEDED:  # this worker's newer request came: answer now, empty-handed
            return []


@router.post("/v1/leases", response_model=Lease, responses={204: {"description": "no work right now"}})
async def lease(body: LeaseRequest, who: CurrentWorker, dispatcher: DispatcherDep, signal: SignalDep) -> Response:
    worker, caps = who
    got = await _lease_within(dispatcher, signal, worker, _kinds_of(caps), 1, body.wait_s)
    if not got:
        return Response(status_code=204)
    return _json(got[0])


@router.post("/v1/work", response_model=WorkReply)
async def work(body: WorkRequest, who: CurrentWorker, dispatcher: DispatcherDep, signal: SignalDep) -> Response:
    """Report results and failures, and lease up to ``want`` more, in one round trip."""
    worker, caps = who
    signal.supersede(worker)  # its long-poll still waiting here, if any, answers now
    kinds = _kinds_of(caps) if body.want else ()
    outcomes: list[ItemOutcome] = []
    leases: list[Lease] = []
    asked = False  # whether the exchange below already asked for leases
    if body.results:
        items = [
            ResultItem(r.lease_id, bytes.fromhex(r.digest[2:]), r.output_cid, bytes.fromhex(r.signature[2:]))
            for r in body.results
        ]
        if body.want and not body.failures:  # the usual refill: report and lease in one transaction
            recorded, leases = dispatcher.exchange(worker, items, kinds, body.want)
            asked = True
        else:
            recorded = dispatcher.submit_many(worker, items)
        for item, done in zip(items, recorded):
            outcomes.append(
                ItemOutcome(lease_id=item.lease_id, status=done.status, detail=done.detail)
                if isinstance(done, LeaseError)
                else ItemOutcome(lease_id=item.lease_id, status=200, detail="result recorded")
            )
    for failure in body.failures:
        try:
            dispatcher.fail(failure.lease_id, worker, failure.reason)
            outcomes.append(ItemOutcome(lease_id=failure.lease_id, status=200, detail="slot returned to the queue"))
        except LeaseError as exc:
            outcomes.append(ItemOutcome(lease_id=failure.lease_id, status=exc.status, detail=exc.detail))
    if body.want and not leases and (body.wait_s > 0 or not asked):  # (long-polls, if it waits)
        leases = await _lease_within(dispatcher, signal, worker, kinds, body.want, body.wait_s)
    return _json(WorkReply(outcomes=outcomes, leases=leases))


@router.post("/v1/leases/{lease_id}/heartbeat", response_model=HeartbeatReply)
async def heartbeat(lease_id: str, body: Heartbeat, who: CurrentWorker, dispatcher: DispatcherDep) -> HeartbeatReply:
    try:
        return HeartbeatReply(expires_at=dispatcher.heartbeat(lease_id, who[0], body.progress, body.fraction))
    except LeaseError as exc:
        raise _lease_error(exc) from None


@router.post("/v1/leases/{lease_id}/result", response_model=Ack)
async def result(lease_id: str, body: ResultSubmission, who: CurrentWorker, dispatcher: DispatcherDep) -> Response:
    try:
        dispatcher.submit(
            lease_id, who[0], bytes.fromhex(body.digest[2:]), body.output_cid, bytes.fromhex(body.signature[2:])
        )
    except LeaseError as exc:
        raise _lease_error(exc) from None
    return Response(content=_RECORDED, media_type="application/json")


@router.post("/v1/leases/{lease_id}/failure", response_model=Ack)
async def failure(lease_id: str, body: FailureReport, who: CurrentWorker, dispatcher: DispatcherDep) -> Ack:
    try:
        dispatcher.fail(lease_id, who[0], body.reason)
    except LeaseError as exc:
        raise _lease_error(exc) from None
    return Ack(detail="slot returned to the queue")


@router.post("/v1/leases/{lease_id}/release", response_model=Ack)
async def release(lease_id: str, who: CurrentWorker, dispatcher: DispatcherDep) -> Ack:
    try:
        dispatcher.release_worker(lease_id, who[0])
    except LeaseError as exc:
        raise _lease_error(exc) from None
    return Ack(detail="lease released")
