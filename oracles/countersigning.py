"""A member's countersigning: re-check a leader's proposed settlement or reject, then sign it or refuse.

A member signs a settlement only after re-deriving it from the result
manifest, the spec and its own view of the chain (``audit_manifest`` +
``plan_from_manifest``), and a reject only after finding the same reason in
its own intake check. Anything else is ``Refused`` with the reason, which the
API sends back to the leader as a 409.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from oracles import fees
from oracles.committee import (
    MemberContext,
    Refused,
    previous_manifest,
    settlement_from_dict,
    settlement_to_dict,
)
from oracles.intake import OnChainJob, check_job
from oracles.manifest_audit import audit_manifest
from oracles.models import Job
from protocol import eip712
from protocol.chain import ChainClient
from protocol.contracts import JobStatus
from protocol.leases import RejectProposal, SettlementProposal, SignatureReply
from protocol.result_manifest import ResultManifest, manifest_blocks, plan_from_manifest

log = logging.getLogger(__name__)


class Countersigner:
    """Answers the leader's ``/v1/committee/*`` requests with this member's signature, or ``Refused``.

    ``catch_up`` reads the chain's newest events first: the leader may have seen a job a moment before us.
    """

    def __init__(
        self,
        member: MemberContext,
        catch_up: Callable[[], Any],
    ) -> None:
        self.member = member
        self.catch_up = catch_up
        # a kind's own checks, as the leader's (oracles.verify.zk_jobs): at intake, (job, spec) -> why to reject;
        # of a manifest, (manifest, spec) -> problems
        self.extra_checks: list[Callable[[int, Any], str | None]] = []
        self.audits: list[Callable[[ResultManifest, Any], list[str]]] = []

    def _known_job(self, job_id: int) -> Job:
        self.catch_up()
        with self.member.sessions() as s:
            job = s.get(Job, job_id)
        if job is None:
            raise Refused(f"job {job_id} not seen on-chain by this oracle (yet)")
        return job

    def countersign_reject(self, body: RejectProposal) -> SignatureReply:
        job = self._known_job(body.job_id)
        if self.member.chain.get_job(body.job_id).status != JobStatus.OPEN:
            raise Refused(f"job {body.job_id} is not open")
        result = check_job(
            self.member.store, OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks, int(job.budget))
        )
        reason, message = result.reject_reason, result.message
        if result.spec is not None:
            extra = next((why for check in self.extra_checks if (why := check(job.job_id, result.spec))), None)
            if extra is None:
                raise Refused(f"job {body.job_id}: the spec is valid here; not signing a reject")
            reason, message = eip712.REJECT_INVALID_SPEC, extra
        if reason != body.reason:
            raise Refused(f"job {body.job_id}: we find reason {reason} ({message}), not {body.reason}")
        payload = eip712.Reject(body.job_id, body.reason)
        return SignatureReply(
            signer=self.member.signer.address,
            signature="0x" + self.member.signer.sign(self.member.domain, payload).hex(),
        )

    def countersign_settlement(self, body: SettlementProposal) -> SignatureReply:
        job = self._known_job(body.job_id)
        on_chain = self.member.chain.get_job(body.job_id)
        round_ = int(body.settlement.get("round", 0))
        if on_chain.status != (JobStatus.DISPUTED if round_ == 1 else JobStatus.OPEN):
            raise Refused(
                f"job {body.job_id} is not {'disputed' if round_ == 1 else 'open'} (status {on_chain.status})"
            )
        result = check_job(
            self.member.store, OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks, int(job.budget))
        )
        if result.spec is None:
            raise Refused(f"job {body.job_id}: spec does not pass intake here: {result.message}")
        entry = self.member.jobs.put(job.job_id, result.spec)
        try:
            manifest = ResultManifest.model_validate_json(self.member.store.get_bytes(body.manifest_cid))
        except Exception as exc:  # unreachable or malformed manifest
            raise Refused(f"manifest {body.manifest_cid} unusable: {exc}") from None
        expect = {
            "chain_id": self.member.chain.chain_id,
            "escrow": self.member.deployment.address("JobEscrow"),
            "job_id": job.job_id,
            "spec_cid": job.spec_cid,
            "spec_hash": job.spec_hash,
            "budget": job.budget,
            "created_block_hash": job.created_block_hash,
            "block_hashes": {n: _block_hash(self.member.chain, n) for n in manifest_blocks(manifest)},
        }
        problems = audit_manifest(manifest, entry, self.member.store, expect, self.member.config.policy)
        for audit in self.audits:
            problems += audit(manifest, result.spec)
        if manifest.round != round_:
            problems.append(f"manifest is for round {manifest.round}, the proposal for round {round_}")
        if round_ == 1 and manifest.fixed_fee != str(on_chain.budget - on_chain.unclaimed_payout - on_chain.refund):
            problems.append(f"round 1 must keep round 0's fee; the manifest says {manifest.fixed_fee}")
        if problems:
            raise Refused("; ".join(problems)[:4_000])
        plan = plan_from_manifest(
            manifest,
            result.spec.reward_per_task,
            body.manifest_cid,
            previous_manifest(self.member.chain, self.member.deployment.start_block, self.member.store, manifest),
        )
        proposed = settlement_from_dict(body.settlement)
        if plan.settlement != proposed or [tuple(x) for x in body.slashes] != [tuple(x) for x in plan.slashes_arg()]:
            raise Refused(
                f"job {body.job_id}: the manifest gives {settlement_to_dict(plan.settlement)}, "
                f"slashes {plan.slashes_arg()}; the proposal differs"
            )
        signature = self.member.signer.sign(self.member.domain, plan.settlement)
        fees.record(self.member.sessions, plan.settlement, signature)  # to join its fee if the submitter leaves us out
        log.info("countersigned", extra={"job_id": body.job_id, "oracle": self.member.config.name})
        return SignatureReply(signer=self.member.signer.address, signature="0x" + signature.hex())


def _block_hash(chain: ChainClient, number: int | None) -> str | None:
    if number is None:
        return None
    block = chain.block(number)
    return "0x" + block.hash.hex() if block is not None else None
