"""The leader's settlement: build the result manifest, collect the committee's signatures, submit.

A job this oracle leads ends in one of two transactions: ``settle`` (or
``resolve`` after a dispute, round 1) with the settlement planned from the
manifest, or ``reject`` with the reason intake found. Either needs
``threshold`` members' signatures, which ``collect`` gathers from the peers
(each re-checks before signing: ``oracles.countersigning``). Attempts are
retried by the scheduler until the job is final on-chain; a failed attempt's
reason is kept on the job.

The receipt of our own transaction does not make the job final here: its
block can be reorganised away. The job stays ``settling`` (or
``rejecting``) with ``settle_tx`` noted, each retry first reads the job's
status on-chain and does nothing while it is final there, and the job
becomes final only from the followed event (``oracles.events``). A settle
whose block left the canonical chain (before or after the follower saw it)
leaves the job open on-chain and still ``settling`` here, so it is sent
again; JobEscrow refuses a second settle, so it lands once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from prometheus_client import Counter
from sqlalchemy import select

from oracles.committee import (
    Committee,
    MemberContext,
    collect,
    previous_manifest,
    reject_request,
    settlement_request,
    settlement_to_dict,
)
from oracles.labeling.desk import gold_cid_of, gold_wait_seconds
from oracles.labeling.settle import label_manifest
from oracles.manifest_audit import build_manifest
from oracles.models import Job, JobState
from protocol import eip712
from protocol.contracts import JobStatus
from protocol.errors import NotYet
from protocol.jobspec.label import LabelSpec
from protocol.leases import RejectProposal, SettlementProposal
from protocol.result_manifest import ResultManifest, plan_from_manifest

log = logging.getLogger(__name__)


class Settler:
    """Submits the settlements and rejects of the jobs this oracle leads."""

    def __init__(
        self,
        member: MemberContext,
        committee: Committee,
        settled: Counter,
        stopping: threading.Event,
    ) -> None:
        self.member = member
        self.committee = committee
        self.settled = settled  # counts settlements submitted
        self.stopping = stopping  # set when the service stops: a stopped service sends nothing more
        self._lock = threading.Lock()  # one settlement attempt at a time, per oracle
        # a kind's own say on the manifest before it is stored (oracles.verify.zk_jobs: proven tasks only)
        self.manifest_hooks: list[Callable[[ResultManifest, Any], ResultManifest]] = []

    def settle_soon(self, job_id: int) -> None:
        """A job just finished: try to settle it now, in a thread, rather than at the next scheduled round."""
        threading.Thread(target=self.settle_pending, name=f"settle-{job_id}", daemon=True).start()

    def settle_pending(self) -> None:
        """Submit settlements and rejects this oracle leads; retried by the scheduler until final."""
        with self._lock:
            if self.stopping.is_set():
                return
            with self.member.sessions() as s:
                todo = s.execute(
                    select(Job.job_id, Job.state).where(
                        Job.leader.is_(True), Job.state.in_((JobState.SETTLING, JobState.REJECTING))
                    )
                ).all()
            for job_id, state in todo:
                try:
                    if state == JobState.SETTLING:
                        self._settle(job_id)
                    else:
                        self._reject(job_id)
                except Exception as exc:  # kept for the next retry; the reason is on the job
                    if isinstance(exc, NotYet):  # waiting (a label job's gold, a zk job's proofs): no failure
                        log.info("settlement waiting", extra={"job_id": job_id, "why": str(exc)})
                    else:
                        log.warning("settlement attempt failed", extra={"job_id": job_id, "why": str(exc)})
                    with self.member.sessions.begin() as s:
                        job = s.get(Job, job_id)
                        if job is not None:
                            job.error = str(exc)[:2_000]

    def _already_final(self, job_id: int, round_: int = 0) -> bool:
        """True when the chain no longer waits for this round's transaction; the job's state then follows
        from the event the follower reads (never from here: the chain may still reorganise)."""
        return self.member.chain.get_job(job_id).status != (JobStatus.DISPUTED if round_ == 1 else JobStatus.OPEN)

    def _settle(self, job_id: int) -> None:
        with self.member.sessions() as s:
            job = s.get(Job, job_id)
            assert job is not None
            round_ = job.round
        if self._already_final(job_id, round_):
            return
        with self.member.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            entry = self.member.jobs.get(job)
            manifest = build_manifest(
                s,
                job,
                entry,
                self.member.chain.chain_id,
                self.member.deployment.address("JobEscrow"),
                self.member.config.policy,
            )
            if isinstance(entry.spec, LabelSpec):  # job-wide verdicts, the labels file (oracles.labeling.settle)
                manifest = label_manifest(
                    manifest,
                    entry.spec,
                    self.member.store,
                    gold_cid_of(s, job_id),
                    job.ready_at,
                    job.deadline,
                    gold_wait_s=gold_wait_seconds(s, job_id),
                )
            for hook in self.manifest_hooks:
                manifest = hook(manifest, entry.spec)
            cid = self.member.store.put_bytes(manifest.canonical_bytes())
            self.member.store.pin(cid)
            job.manifest_cid = cid
            reward = entry.spec.reward_per_task
        previous = previous_manifest(self.member.chain, self.member.deployment.start_block, self.member.store, manifest)
        plan = plan_from_manifest(manifest, reward, cid, previous)
        proposal = SettlementProposal(
            job_id=job_id, manifest_cid=cid, settlement=settlement_to_dict(plan.settlement), slashes=plan.slashes_arg()
        )
        signatures = collect(
            self.member.signer,
            self.member.domain,
            plan.settlement,
            self.member.config.peers,
            self.committee.members(),
            self.committee.threshold(),
            settlement_request(proposal, self.member.config.peer_timeout_seconds),
        )
        method = (
            self.member.chain.escrow.functions.resolve
            if manifest.round == 1
            else self.member.chain.escrow.functions.settle
        )
        receipt = self.member.chain.transact(method(plan.settlement.as_tuple(), plan.slashes_arg(), signatures))
        with self.member.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            job.settle_tx = "0x" + bytes(receipt["transactionHash"]).hex()
            job.error = None
        self.settled.inc()
        log.info(
            "job settled",
            extra={
                "job_id": job_id,
                "manifest": cid,
                "payout": plan.settlement.total_payout,
                "refund": plan.settlement.refund,
            },
        )

    def _reject(self, job_id: int) -> None:
        if self._already_final(job_id):
            return
        with self.member.sessions() as s:
            job = s.get(Job, job_id)
            assert job is not None and job.reject_reason is not None
            reason = job.reject_reason
        payload = eip712.Reject(job_id, reason)
        signatures = collect(
            self.member.signer,
            self.member.domain,
            payload,
            self.member.config.peers,
            self.committee.members(),
            self.committee.threshold(),
            reject_request(RejectProposal(job_id=job_id, reason=reason), self.member.config.peer_timeout_seconds),
        )
        receipt = self.member.chain.transact(self.member.chain.escrow.functions.reject(job_id, reason, signatures))
        with self.member.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            job.settle_tx = "0x" + bytes(receipt["transactionHash"]).hex()
        log.info("job rejected on-chain", extra={"job_id": job_id, "reason": reason})
