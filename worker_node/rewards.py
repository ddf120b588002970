"""Claiming matured payouts: many jobs in one ``JobEscrow.claim`` transaction.

For every job the worker submitted results to (kept in the journal), once
the escrow says the job is final (settled and its dispute window over):
fetch the oracle's result manifest (its CID from ``/v1/jobs/{id}``), rebuild
the settlement with ``plan_from_manifest``, check that it gives the payout
root the escrow holds (so a wrong manifest cannot make us send a failing
transaction), and take this worker's leaf and proof. Jobs already claimed,
rejected, reclaimed or that pay this worker nothing are forgotten. When the
total reaches the threshold, claim up to ``MAX_CLAIMS`` jobs per transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import httpx
from web3 import Web3

from protocol.chain import ChainClient, ChainError
from protocol.contracts import JobStatus
from protocol.jobspec import load_spec
from protocol.result_manifest import ResultManifest, plan_from_manifest
from protocol.settlement import SettlementError
from protocol.storage import StorageError, Store
from worker_node.journal import Journal

log = logging.getLogger(__name__)

MAX_CLAIMS = 50  # JobEscrow.MAX_CLAIMS


@dataclass(frozen=True)
class Payout:
    job_id: int
    amount: int
    proof: list[bytes]


@dataclass
class ClaimReport:
    matured: list[Payout] = field(default_factory=list)
    claimed: list[int] = field(default_factory=list)  # job ids paid by this run
    amount: int = 0  # base units claimed by this run
    tx_hashes: list[str] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # not final yet
    below_threshold: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def total_matured(self) -> int:
        return sum(p.amount for p in self.matured)


class Rewards:
    def __init__(
        self, chain: ChainClient, store: Store, journal: Journal, oracle_urls: list[str], *, timeout: float = 30.0
    ) -> None:
        self.chain = chain
        self.store = store
        self.journal = journal
        self.oracle_urls = oracle_urls
        self.timeout = timeout
        assert chain.account is not None, "claiming needs the worker's account"
        self.worker = Web3.to_checksum_address(chain.account.address)

    def matured(self, report: ClaimReport | None = None) -> ClaimReport:
        """Collect this worker's claimable payouts; forget jobs with nothing (more) to claim."""
        report = report or ClaimReport()
        forget: list[int] = []
        for job_id, url in sorted(self.journal.earned_jobs().items()):
            try:
                payout = self._payout(job_id, url, report)
            except _Forget as why:
                log.info("nothing to claim", extra={"job_id": job_id, "why": str(why)})
                forget.append(job_id)
                continue
            if payout is not None:
                report.matured.append(payout)
        self.journal.forget_earned(forget)
        return report

    def _payout(self, job_id: int, url: str, report: ClaimReport) -> Payout | None:
        job = self.chain.get_job(job_id)
        if job.status in (JobStatus.NONE, JobStatus.REJECTED, JobStatus.RECLAIMED):
            raise _Forget(f"job status {job.status}")
        if not self.chain.escrow.functions.is_final(job_id).call():
            report.waiting.append(job_id)
            return None
        if self.chain.escrow.functions.is_claimed(self.worker, job_id).call():
            raise _Forget("already claimed")
        manifest_cid = self._manifest_cid(job_id, url)
        if manifest_cid is None:
            report.problems.append(f"job {job_id}: no oracle gives its result manifest yet")
            return None
        try:
            manifest = ResultManifest.model_validate_json(self.store.get_bytes(manifest_cid))
            reward = load_spec(self.store.get_bytes(manifest.spec_cid)).reward_per_task
            plan = plan_from_manifest(manifest, reward, manifest_cid)
        except (StorageError, ValueError) as exc:
            report.problems.append(f"job {job_id}: manifest {manifest_cid} unusable: {exc}")
            return None
        if plan.settlement.payout_root != job.payout_root:
            report.problems.append(
                f"job {job_id}: manifest {manifest_cid} does not give the on-chain payout root "
                "(a dispute may have changed it); not claiming it"
            )
            return None
        try:
            amount, proof = plan.proof(self.worker)
        except SettlementError:
            raise _Forget("this worker has no payout in the settlement") from None
        return Payout(job_id, amount, proof)

    def _manifest_cid(self, job_id: int, preferred: str) -> str | None:
        for url in [preferred, *[u for u in self.oracle_urls if u != preferred]]:
            try:
                response = httpx.get(f"{url}/v1/jobs/{job_id}", timeout=self.timeout)
            except httpx.HTTPError:
                continue
            if response.status_code == 200 and response.json().get("manifest_cid"):
                return str(response.json()["manifest_cid"])
        return None

    def claim(self, threshold: int) -> ClaimReport:
        """Claim every matured payout when together they reach ``threshold`` base units."""
        report = self.matured()
        total = report.total_matured
        if total == 0 or total < threshold:
            report.below_threshold = bool(total)
            return report
        payouts = report.matured
        for start in range(0, len(payouts), MAX_CLAIMS):
            batch = payouts[start : start + MAX_CLAIMS]
            call = self.chain.escrow.functions.claim(
                self.worker, [p.job_id for p in batch], [p.amount for p in batch], [p.proof for p in batch]
            )
            try:
                receipt = self.chain.transact(call)
            except ChainError as exc:
                report.problems.append(f"claim of jobs {[p.job_id for p in batch]} failed: {exc}")
                log.warning("claim failed", extra={"jobs": [p.job_id for p in batch], "error": str(exc)})
                continue
            report.tx_hashes.append(receipt["transactionHash"].to_0x_hex())
            report.claimed += [p.job_id for p in batch]
            report.amount += sum(p.amount for p in batch)
            self.journal.forget_earned([p.job_id for p in batch])
            log.info(
                "claimed payouts", extra={"jobs": [p.job_id for p in batch], "amount": sum(p.amount for p in batch)}
            )
        return report


class _Forget(Exception):
    """This job has nothing (more) to claim for this worker."""
