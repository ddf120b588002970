"""Index rows as response bodies, and the few reads several routes share."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontend_api.api.schemas import EventOut, JobOut, SettlementOut, WorkerOut
from frontend_api.indexer.models import IndexedEvent, IndexedJob, IndexedSettlement, IndexedWorker

AMOUNT_FIELDS_JOB: tuple[str, ...] = ("budget", "payout", "oracle_fee", "refund", "dispute_bond", "slashed", "claimed")
AMOUNT_FIELDS_JOB += ("refund_claimed", "fees_claimed", "swept")
AMOUNT_FIELDS_WORKER = ("capabilities", "staked", "unbonding", "slashed", "earned")


def indexed_time(s: Session) -> int | None:
    """The newest indexed block's time: "now" as far as the index knows (jail terms are judged by it)."""
    return s.scalar(select(IndexedEvent.block_time).order_by(IndexedEvent.id.desc()).limit(1))  # ids: chain order


def event_out(row: IndexedEvent) -> EventOut:
    return EventOut(
        id=row.id,
        block_number=row.block_number,
        block_time=row.block_time,
        tx_hash=row.tx_hash,
        log_index=row.log_index,
        contract=row.contract,
        name=row.name,
        job_id=row.job_id,
        account=row.account,
        args=row.args,
    )


def _columns(row: object, amounts: tuple[str, ...]) -> dict[str, object]:
    values = {k: v for k, v in vars(row).items() if not k.startswith("_")}
    for key in amounts:
        if values.get(key) is not None:
            values[key] = str(values[key])
    return values


def job_out(job: IndexedJob) -> JobOut:
    return JobOut.model_validate(_columns(job, AMOUNT_FIELDS_JOB))


def settlement_out(row: IndexedSettlement) -> SettlementOut:
    return SettlementOut.model_validate(_columns(row, ("total_payout", "oracle_fee", "refund")))


def worker_values(worker: IndexedWorker, now: int | None) -> dict[str, object]:
    values = _columns(worker, AMOUNT_FIELDS_WORKER)
    values["jailed"] = now is not None and worker.jailed_until > now
    return values


def worker_out(worker: IndexedWorker, now: int | None) -> WorkerOut:
    return WorkerOut.model_validate(worker_values(worker, now))
