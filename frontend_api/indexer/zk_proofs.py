"""ProofRegistry's events → ``index_zk_jobs`` and ``index_zk_proofs``: which jobs are zk and each task's
proof as the registry verified it.

``ZkJobRegistered`` (emitted inside ``JobEscrow.create_zk_job``) makes a job's zk row: its verifier,
weights commitment, inputs root and task count. Each ``ProofVerified`` is one proven task: its output
commitment, who posted it, in which block and transaction; the registry records a task once, so
``(job_id, task_index)`` is the key. Both key on the event's ``job_id`` and are part of the job
projection's group (``Indexer``): a reorg rewind deletes a touched job's zk rows (``forget``) and replays
its remaining events, as for the job's other rows. The gas of a proof's transaction is the gas meter's
(``gas.GasMeter``: ``IndexedTxFee`` by transaction hash), read with the proofs (``proofs_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from frontend_api.indexer.models import INT64_MAX, Event, IndexBase, IndexedTxFee
from frontend_api.indexer.projections import forget_cached
from protocol.follower import on_

MAX_PAGE = 500  # proofs per read


class IndexedZkJob(IndexBase):
    """A job JobEscrow created as zk, as the ProofRegistry registered it."""

    __tablename__ = "index_zk_jobs"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    verifier: Mapped[str] = mapped_column(String(42))
    weights_hash: Mapped[str] = mapped_column(String(78))  # a field element, decimal
    inputs_root: Mapped[str] = mapped_column(String(66))
    num_tasks: Mapped[int] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)


class IndexedProof(IndexBase):
    """One task's proof, verified on-chain by the ProofRegistry (``ProofVerified``)."""

    __tablename__ = "index_zk_proofs"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    task_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    output_hash: Mapped[str] = mapped_column(String(78))  # the output's Poseidon commitment, decimal
    submitter: Mapped[str] = mapped_column(String(42))
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_time: Mapped[int | None] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))


class ZkProofProjection:
    """The ProofRegistry's two events (see the module docstring)."""

    @on_("ZkJobRegistered")
    def registered(self, ev: Event, s: Session) -> None:
        a = ev.args
        if ev.job_id is None:
            return
        s.add(
            IndexedZkJob(
                job_id=ev.job_id,
                verifier=str(a["verifier"])[:42],
                weights_hash=str(a["weights_hash"])[:78],
                inputs_root=str(a["inputs_root"])[:66],
                num_tasks=min(int(a["num_tasks"]), INT64_MAX),
                block_number=ev.block_number,
            )
        )

    @on_("ProofVerified")
    def verified(self, ev: Event, s: Session) -> None:
        a = ev.args
        if ev.job_id is None:
            return
        s.add(
            IndexedProof(
                job_id=ev.job_id,
                task_index=int(a["task_index"]),
                output_hash=str(a["output_hash"])[:78],
                submitter=str(a["submitter"])[:42],
                block_number=ev.block_number,
                block_time=ev.block_time,
                tx_hash=ev.tx_hash,
            )
        )

    def forget(self, job_ids: set[int], s: Session) -> None:
        """Delete the zk rows of ``job_ids`` (before their remaining events are replayed)."""
        forget_cached(s)
        s.execute(delete(IndexedProof).where(IndexedProof.job_id.in_(job_ids)))
        s.execute(delete(IndexedZkJob).where(IndexedZkJob.job_id.in_(job_ids)))


@dataclass(frozen=True)
class ProofRow:
    task_index: int
    output_hash: int
    submitter: str
    block_number: int
    block_time: int | None
    tx_hash: str
    gas_used: int | None  # None until the gas meter has priced the transaction


@dataclass(frozen=True)
class JobProofs:
    job_id: int
    verifier: str
    num_tasks: int
    proven: int  # tasks with a proof on record
    proofs: list[ProofRow]  # this page, by task index
    limit: int
    offset: int


def proofs_of(s: Session, job_id: int, limit: int = 100, offset: int = 0) -> JobProofs | None:
    """A zk job's proofs by task index (at most ``MAX_PAGE`` from ``offset``), each with its transaction's gas;
    None when the index holds no zk registration for the job."""
    zk = s.get(IndexedZkJob, job_id)
    if zk is None:
        return None
    limit = max(1, min(limit, MAX_PAGE))
    proven = s.scalar(select(func.count()).where(IndexedProof.job_id == job_id)) or 0
    rows = s.execute(
        select(IndexedProof, IndexedTxFee.gas_used)
        .outerjoin(IndexedTxFee, IndexedTxFee.tx_hash == IndexedProof.tx_hash)
        .where(IndexedProof.job_id == job_id)
        .order_by(IndexedProof.task_index)
        .limit(limit)
        .offset(max(0, offset))
    ).all()
    proofs = [
        ProofRow(p.task_index, int(p.output_hash), p.submitter, p.block_number, p.block_time, p.tx_hash, gas)
        for p, gas in rows
    ]
    return JobProofs(job_id, zk.verifier, zk.num_tasks, proven, proofs, limit, max(0, offset))
