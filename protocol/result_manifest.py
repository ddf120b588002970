"""The result manifest: every decision about a job, enough for anyone to audit its settlement.

Per task: the accepted output, every completed slot (who ran or checked it,
the digest and output CID it signed, its EIP-712 signature, the check's
evidence) and the verdict. The leader oracle writes it
(``oracles.manifest_audit.build_manifest``), stores it under a CID and
commits to that CID in the settlement's ``resultHash``; the settlement is a
pure function of it (``plan_from_manifest``), so a worker claiming rewards
and a requester reading results compute the same payouts without the
oracle's database.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict

from protocol import eip712
from protocol.config import CommitteePolicy
from protocol.jobspec import JobSpec
from protocol.jobspec.label import LabelOutcome
from protocol.settlement import SettlementPlan, plan_settlement

MANIFEST_VERSION = 3  # 2: spot checks drawn per task (TaskRecord.reveal_block, reveal_hashes); 3: slash_per_fault
BPS = 10_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SlotRecord(_Model):
    slot: int
    replica: int
    role: str
    round: int
    worker: str
    digest: str
    output_cid: str
    signature: str
    superseded: bool = False
    subject_slot: int | None = None
    check: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None


class TaskRecord(_Model):
    index: int
    status: str  # accepted | failed
    accepted_output_cid: str | None
    accepted_digest: str | None
    selected_for_check: bool
    reveal_block: int | None = None  # the block whose hash drew its spot check (None: never drawn)
    note: str | None = None
    slots: list[SlotRecord]
    paid: list[str]
    slashed: list[str]


class ResultManifest(_Model):
    version: int = MANIFEST_VERSION
    chain_id: int
    escrow: str
    job_id: int
    spec_cid: str
    spec_hash: str
    budget: str
    created_block_hash: str
    reveal_block: int | None  # the job-wide fallback draw (one check when no task was drawn), if any
    reveal_block_hash: str | None
    reveal_hashes: dict[int, str] = {}  # number -> hash of every block a task's draw used
    policy: CommitteePolicy
    tasks: list[TaskRecord]
    round: int = 0
    previous_manifest_cid: str | None = None  # round 1: the disputed round-0 manifest
    fixed_fee: str | None = None  # round 1: the fee round 0 settled (JobEscrow.resolve keeps it)
    # stake slashed per caught fault: policy.slash_per_fault(reward, spot_check_bps, num_tasks) of the job's spec
    # (``job_slash``), which every member recomputes from its own copy of the spec; None (a manifest from
    # before version 3): policy.slash_amount
    slash_per_fault: str | None = None
    # label jobs: the labels file, the per-labeler report and the revealed gold file (oracles.labeling)
    labels: LabelOutcome | None = None

    def canonical_bytes(self) -> bytes:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":")).encode()


def job_slash(policy: CommitteePolicy, spec: JobSpec) -> int:
    """The stake one caught fault costs in the job ``spec``: ``policy.slash_per_fault`` of its reward, check
    share and task count."""
    if spec.kind == "label":  # a spammer is slashed once per job (oracles.labeling.job), labelers' stakes are small
        return policy.slash_reward_multiple * spec.reward_per_task
    return policy.slash_per_fault(spec.reward_per_task, spec.verification.spot_check_bps, spec.num_tasks)


def manifest_slash(m: ResultManifest) -> int:
    """The slash per caught fault the manifest records (``policy.slash_amount`` before version 3)."""
    return int(m.slash_per_fault) if m.slash_per_fault is not None else m.policy.slash_amount


def fault_counts(m: ResultManifest) -> Counter[str]:
    """Caught faults per worker: how many of the job's tasks slash it."""
    faults: Counter[str] = Counter()
    for task in m.tasks:
        faults.update(task.slashed)
    return faults


def slash_totals(m: ResultManifest, faults: Counter[str] | None = None) -> Counter[str]:
    """Stake to slash per worker: its caught faults (``faults``, by default all of ``m``'s) times the
    manifest's slash per fault. The registry takes at most the worker's stake (WorkerRegistry.slash)."""
    per_fault = manifest_slash(m)
    counts = fault_counts(m) if faults is None else faults
    return Counter({w: n * per_fault for w, n in counts.items() if n > 0 and per_fault})


def plan_from_manifest(
    m: ResultManifest, reward: int, manifest_cid: str, previous: ResultManifest | None = None
) -> SettlementPlan:
    """Payouts (one reward per paid slot), slashes and the fee, from the manifest's verdicts.

    Round 1 (after a dispute) keeps round 0's fee, and its slashes are only
    those beyond round 0's (``previous``), which JobEscrow already applied.
    """
    paid: Counter[str] = Counter()
    for task in m.tasks:
        paid.update(task.paid)
    payouts = {worker: n * reward for worker, n in paid.items()}
    total = sum(payouts.values())
    budget = int(m.budget)
    if m.round == 1:
        if m.fixed_fee is None or previous is None:
            raise ValueError("a round-1 manifest needs fixed_fee and the round-0 manifest")
        fee = int(m.fixed_fee)
        # the faults round 0 did not slash, at this round's slash per fault (the same as round 0's: both come
        # from the job's spec and the committee's policy)
        extra = slash_totals(m, fault_counts(m) - fault_counts(previous))
        slashes = sorted((w, a) for w, a in extra.items() if a > 0)
        same = [t.accepted_output_cid for t in m.tasks] == [t.accepted_output_cid for t in previous.tasks]
        if same and not slashes:
            # upheld: the re-checks confirmed round 0, so round 0's payouts stand unchanged (JobEscrow then
            # gives the bond to the signers); the re-check work is not paid from the budget
            payouts = dict(
                Counter({w: n * reward for w, n in Counter(x for t in previous.tasks for x in t.paid).items()})
            )
            total = sum(payouts.values())
    else:
        fee = min(total * m.policy.fee_bps // BPS, max(budget - total, 0))
        slashes = sorted(slash_totals(m).items())
    if total + fee > budget:
        raise ValueError(f"manifest pays {total} plus fee {fee}, more than the budget {budget}")
    return plan_settlement(
        m.job_id, budget, payouts, fee, slashes, result_hash=eip712.cid_hash(manifest_cid), round=m.round
    )


def manifest_blocks(m: ResultManifest) -> list[int]:
    """The blocks whose hashes a member must read from its own node to audit ``m``."""
    return sorted({*m.reveal_hashes, *([m.reveal_block] if m.reveal_block is not None else [])})
