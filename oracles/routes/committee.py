"""Committee peers: the leader asks this member to countersign a settlement or a reject (409 with the reason
when it will not)."""

from fastapi import APIRouter, HTTPException

from oracles.committee import Refused
from oracles.deps import MAX_DB_JOB_ID, CommitteeDep
from protocol.leases import RejectProposal, SettlementProposal, SignatureReply

router = APIRouter(tags=["committee"])


def _seen_on_chain(job_id: int) -> None:
    """Refuse ids no JobEscrow job can have (before they reach the database and overflow BIGINT)."""
    if not 0 < job_id <= MAX_DB_JOB_ID:
        raise Refused(f"job {job_id} not seen on-chain by this oracle")


@router.post("/v1/committee/settlement", response_model=SignatureReply)
def countersign_settlement(body: SettlementProposal, committee: CommitteeDep) -> SignatureReply:
    try:
        _seen_on_chain(body.job_id)
        return committee.countersign_settlement(body)
    except Refused as exc:
        raise HTTPException(409, str(exc)) from None


@router.post("/v1/committee/reject", response_model=SignatureReply)
def countersign_reject(body: RejectProposal, committee: CommitteeDep) -> SignatureReply:
    try:
        _seen_on_chain(body.job_id)
        return committee.countersign_reject(body)
    except Refused as exc:
        raise HTTPException(409, str(exc)) from None
