"""The oracle's labeling routes (``LabelDesk`` on ``app.state.labeling``): a leased batch's items, its
answers file and ``TaskResult`` to sign, and the requester's gold reveal. Leasing and submitting the
signed result go through ``/v1/work`` like any worker's. And, for committee members only, a label job's
recorded answers (``LabelCarryOver`` on ``app.state.label_carry``), which followers mirror so that a
takeover keeps them (``oracles.labeling.carry_over``); and a labeler's copy of its own signed result, which
the labeling page hands to the job's followers once the leader has it, for the same reason.

No ``from __future__ import annotations``: FastAPI reads the annotations at run time.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from oracles.deps import MAX_DB_JOB_ID, CurrentWorker
from oracles.labeling.carry_over import MIRROR_PAGE, SIGNATURE, AnswerPage, CopiedAnswer, LabelCarryOver
from oracles.labeling.desk import DeskError, LabelDesk
from protocol.contracts import Capability
from protocol.jobspec.label import MAX_BATCH, MAX_TEXT_CHARS

router = APIRouter(tags=["labeling"])

LEASE_ID = r"^[0-9a-f]{32}$"


async def _desk(request: Request) -> LabelDesk:
    desk = getattr(request.app.state, "labeling", None)
    if desk is None:
        raise HTTPException(404, "this oracle runs no labeling desk")
    return desk


DeskDep = Annotated[LabelDesk, Depends(_desk)]


async def _carry(request: Request) -> LabelCarryOver:
    carry = getattr(request.app.state, "label_carry", None)
    if carry is None:
        raise HTTPException(404, "this oracle keeps no label answers for takeovers")
    return carry


CarryDep = Annotated[LabelCarryOver, Depends(_carry)]


class AnswersRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lease_id: str = Field(pattern=LEASE_ID)
    # a class, or a transcription (the job's own limits are checked by the desk: parse_answers)
    labels: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(max_length=MAX_BATCH)


class PreparedReply(BaseModel):
    output_cid: str
    digest: str
    typed_data: dict[str, Any] = Field(description="The TaskResult to sign (eth_signTypedData_v4), then POST /v1/work.")


def _refused(exc: DeskError) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


@router.get("/v1/label/leases/{lease_id}")
async def batch(lease_id: Annotated[str, Path(pattern=LEASE_ID)], who: CurrentWorker, desk: DeskDep) -> dict[str, Any]:
    """The items of a leased batch (index, CID) and the job's classes."""
    try:
        return await run_in_threadpool(desk.batch, who[0], lease_id)
    except DeskError as exc:
        raise _refused(exc) from None


@router.post("/v1/label/answers", response_model=PreparedReply)
async def answers(body: AnswersRequest, who: CurrentWorker, desk: DeskDep) -> PreparedReply:
    """Store the answers file for a held batch; returns the TaskResult typed data to sign."""
    try:
        prepared = await run_in_threadpool(desk.prepare, who[0], body.lease_id, body.labels)
    except DeskError as exc:
        raise _refused(exc) from None
    return PreparedReply(output_cid=prepared.output_cid, digest=prepared.digest, typed_data=prepared.typed_data)


@router.post("/v1/label/jobs/{job_id}/gold")
async def gold(job_id: Annotated[int, Path(ge=1, le=MAX_DB_JOB_ID)], request: Request, desk: DeskDep) -> dict[str, str]:
    """The requester reveals the gold file (its exact bytes as the body): the leader takes it once the job is
    settling, a follower keeps it for a takeover; checked against the spec's gold.commitment, so anyone
    holding the file may send it. ``kept_as`` says which."""
    data = await request.body()  # (bounded by oracles.body_limits before it gets here)
    try:
        revealed = await run_in_threadpool(desk.reveal_gold, job_id, data)
    except DeskError as exc:
        raise _refused(exc) from None
    return {"gold_cid": revealed.gold_cid, "kept_as": revealed.kept_as}


@router.get("/v1/label/jobs/{job_id}/answers", response_model=AnswerPage)
async def recorded_answers(
    job_id: Annotated[int, Path(ge=1, le=MAX_DB_JOB_ID)],
    carry: CarryDep,
    member: Annotated[str, Header(alias="x-gpuhive-member", pattern=r"^0x[0-9a-fA-F]{40}$")],
    expires: Annotated[int, Header(alias="x-gpuhive-expires", ge=0, le=2**40)],
    signature: Annotated[str, Header(alias="x-gpuhive-signature", pattern=SIGNATURE)],
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MIRROR_PAGE)] = MIRROR_PAGE,
) -> AnswerPage:
    """A label job's recorded answers (task, replica, labeler, answers CID, digest, signature) after the cursor
    ``after``, for a committee member's signed request (``oracles.labeling.carry_over.request_digest``)."""
    try:
        return await run_in_threadpool(carry.page, job_id, after, limit, member, expires, bytes.fromhex(signature[2:]))
    except DeskError as exc:
        raise _refused(exc) from None


@router.post("/v1/label/jobs/{job_id}/answers/copy")
async def copy_answers(
    job_id: Annotated[int, Path(ge=1, le=MAX_DB_JOB_ID)], body: CopiedAnswer, who: CurrentWorker, carry: CarryDep
) -> dict[str, str]:
    """A labeler's copy of its signed result for a batch (after handing it to the job's leader), kept by a
    follower for a takeover, or by a member that took the job over (its slot done with it unless that replica was
    leased again to another labeler); ``kept`` is ``kept``, or ``held`` when it already was. 409 when this oracle
    is the job's first leader, does not follow it, or a manifest of it was reported (``oracles.labeling.carry_over``).
    (Its body is bounded by ``oracles.body_limits`` before it is parsed.)"""
    worker, capabilities = who
    if not capabilities & Capability.LABEL:
        raise HTTPException(403, f"{worker} is not logged in as a labeler")
    try:
        kept = await run_in_threadpool(carry.copy, job_id, worker, body)
    except DeskError as exc:
        raise _refused(exc) from None
    return {"kept": kept}
