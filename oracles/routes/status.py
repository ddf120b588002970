"""Health, a job's progress as this oracle sees it, and Prometheus metrics."""

from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse

from oracles.deps import MAX_DB_JOB_ID, IdentityDep, StatusDep
from protocol.leases import JobStatus

router = APIRouter(tags=["status"])


@router.get("/v1/health")
async def health(oracle: IdentityDep) -> dict:
    return {"ok": True, "oracle": oracle.address, "chain_id": oracle.chain_id}


@router.get("/v1/jobs/{job_id}", response_model=JobStatus)
def job_status(job_id: int, status: StatusDep) -> JobStatus:
    found = status.job_status(job_id) if 0 <= job_id <= MAX_DB_JOB_ID else None
    if found is None:
        raise HTTPException(404, f"job {job_id} not seen by this oracle (yet)")
    return found


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(status: StatusDep) -> str:
    return status.metrics_text()
