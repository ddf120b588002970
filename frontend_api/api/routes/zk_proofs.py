"""``/jobs/{job_id}/proofs``: a zk job's on-chain proofs as indexed (``frontend_api.indexer.zk_proofs``), paged by
task index, with how many of the job's tasks are proven."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from frontend_api.api.deps import SessionDep
from frontend_api.indexer.models import INT64_MAX
from frontend_api.indexer.zk_proofs import MAX_PAGE, JobProofs, proofs_of

router = APIRouter(tags=["zk"])


class ProofOut(BaseModel):
    task_index: int
    output_hash: str = Field(description="the output's Poseidon commitment (a public signal), decimal")
    output_hex: str = Field(description="the same, as 0x followed by 64 hex digits")
    submitter: str = Field(description="who posted the proof (an oracle, usually the job's leader)")
    block_number: int
    block_time: int | None
    tx_hash: str
    gas_used: int | None = Field(description="gas of the proof's transaction; null until the gas meter priced it")


class JobProofsOut(BaseModel):
    job_id: int
    verifier: str = Field(description="the catalogue circuit's Groth16 verifier the job is registered with")
    num_tasks: int
    proven: int = Field(description="tasks with a proof on record (a settlement pays these only)")
    items: list[ProofOut] = Field(description="this page's proofs, by task index")
    limit: int
    offset: int


def proofs_out(page: JobProofs) -> JobProofsOut:
    return JobProofsOut(
        job_id=page.job_id,
        verifier=page.verifier,
        num_tasks=page.num_tasks,
        proven=page.proven,
        items=[
            ProofOut(
                task_index=p.task_index,
                output_hash=str(p.output_hash),
                output_hex=f"0x{p.output_hash:064x}",
                submitter=p.submitter,
                block_number=p.block_number,
                block_time=p.block_time,
                tx_hash=p.tx_hash,
                gas_used=p.gas_used,
            )
            for p in page.proofs
        ],
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/jobs/{job_id}/proofs",
    response_model=JobProofsOut,
    summary="A zk job's proofs verified on-chain, by task index",
    responses={404: {"description": "no zk job indexed with this id"}},
)
def job_proofs(
    s: SessionDep,
    job_id: Annotated[int, Path(ge=0, le=INT64_MAX)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"proofs per page (at most {MAX_PAGE})")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JobProofsOut:
    page = proofs_of(s, job_id, limit, offset)
    if page is None:
        raise HTTPException(404, f"no zk job {job_id} indexed (not a zk job, or not confirmed yet)")
    return proofs_out(page)
