"""Building a job's result manifest from the oracle's database, and auditing another member's.

The manifest's model and the settlement it implies are shared code
(``protocol.result_manifest``); this module is the oracle's side of it:
``build_manifest`` is the leader's record of every decision, and
``audit_manifest`` re-derives what the leader claims (signatures,
spot-check draw, check evidence, the slash per fault the spec implies), so a
committee member signs only what it could have computed itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from oracles.checks import CheckUnusable, evaluate_check
from oracles.jobcache import JobEntry
from oracles.judging import Record, judge_task
from oracles.labeling.manifest import audit_label_job
from oracles.models import Job, Slot, SlotState, TaskRow, TaskState
from protocol import eip712
from protocol.config import CommitteePolicy
from protocol.jobspec import job_seed, reveal_seed, select_spot_checks, spot_check_drawn
from protocol.jobspec.label import LabelSpec
from protocol.result_manifest import ResultManifest, SlotRecord, TaskRecord, job_slash
from protocol.storage import Store


def _records(slots: list[SlotRecord]) -> list[Record]:
    return [
        Record(
            x.slot,
            x.replica,
            x.role,
            x.round,
            x.worker,
            x.digest,
            x.output_cid,
            x.superseded,
            x.subject_slot,
            (x.evidence or {}).get("passed") if x.role == "check" else None,
            (x.check or {}).get("confirms") if x.role == "check" else None,
            (x.evidence or {}).get("verdict") if x.role == "check" else None,
        )
        for x in slots
    ]


def build_manifest(
    s: Session, job: Job, entry: JobEntry, chain_id: int, escrow: str, policy: CommitteePolicy
) -> ResultManifest:
    """The leader's manifest, from its database."""
    method = entry.spec.verification.method
    rows = {t.task_index: t for t in s.execute(select(TaskRow).where(TaskRow.job_id == job.job_id)).scalars()}
    by_task: dict[int, list[SlotRecord]] = {}
    for slot in s.execute(
        select(Slot)
        .where(Slot.job_id == job.job_id, Slot.state.in_((SlotState.DONE, SlotState.SUPERSEDED)))
        .order_by(Slot.id)
    ).scalars():
        by_task.setdefault(slot.task_index, []).append(
            SlotRecord(
                slot=slot.id,
                replica=slot.replica,
                role=slot.role,
                round=slot.round,
                worker=slot.worker or "",
                digest=slot.digest or "",
                output_cid=slot.output_cid or "",
                signature=slot.signature or "",
                superseded=slot.state == SlotState.SUPERSEDED,
                subject_slot=slot.subject_slot,
                check=slot.check,
                evidence=slot.evidence if slot.role == "check" else None,
            )
        )
    tasks = []
    for index in range(len(entry.tasks)):
        row = rows[index]
        slots = by_task.get(index, [])
        outcome = judge_task(method, _records(slots))
        accepted = row.state == TaskState.ACCEPTED and outcome.accepted_slot is not None
        chosen = next((x for x in slots if x.slot == outcome.accepted_slot), None) if accepted else None
        tasks.append(
            TaskRecord(
                index=index,
                status="accepted" if chosen else "failed",
                accepted_output_cid=chosen.output_cid if chosen else None,
                accepted_digest=chosen.digest if chosen else None,
                selected_for_check=row.selected,
                reveal_block=row.reveal_block,
                note=row.note,
                slots=slots,
                paid=outcome.paid if chosen or method == "hash" else outcome.checks_paid,
                slashed=outcome.slashed,
            )
        )
    return ResultManifest(
        chain_id=chain_id,
        escrow=escrow,
        job_id=job.job_id,
        spec_cid=job.spec_cid,
        spec_hash=job.spec_hash,
        budget=job.budget,
        created_block_hash=job.created_block_hash,
        reveal_block=job.reveal_block,
        reveal_block_hash=job.reveal_block_hash,
        reveal_hashes={int(n): h for n, h in (job.reveal_hashes or {}).items()},
        policy=policy,
        tasks=tasks,
        round=job.round,
        previous_manifest_cid=job.previous_manifest_cid,
        fixed_fee=job.fixed_fee,
        slash_per_fault=str(job_slash(policy, entry.spec)),
    )


def audit_manifest(
    m: ResultManifest, entry: JobEntry, store: Store, expect: dict[str, Any], policy: CommitteePolicy
) -> list[str]:
    """Problems a committee member finds when it re-derives the manifest; empty means it agrees.

    ``expect`` holds what the member knows independently: chain_id, escrow,
    job_id, spec_cid, spec_hash, budget, created_block_hash, and
    ``block_hashes``: number -> hash, from its own node, for ``m.reveal_block`` and every block in
    ``m.reveal_hashes`` (``manifest_blocks(m)``).
    """
    problems: list[str] = []
    for key in ("chain_id", "escrow", "job_id", "spec_cid", "spec_hash", "budget", "created_block_hash"):
        if str(getattr(m, key)).lower() != str(expect[key]).lower():
            problems.append(f"{key}: manifest says {getattr(m, key)}, chain says {expect[key]}")
    if m.policy != policy:
        problems.append(f"policy differs from ours: {m.policy} vs {policy}")
    per_fault = job_slash(policy, entry.spec)
    if m.slash_per_fault != str(per_fault):
        problems.append(f"slash per fault: manifest says {m.slash_per_fault}, the spec and our policy give {per_fault}")
    if len(m.tasks) != len(entry.tasks) or [t.index for t in m.tasks] != list(range(len(entry.tasks))):
        problems.append("task list does not match the spec's slicing")
        return problems
    chain_hashes = {int(n): str(h).lower() for n, h in (expect.get("block_hashes") or {}).items()}
    # every claimed hash on its own: the job-wide fallback's block can be a task's reveal block too, and a
    # dict keyed by number let the fallback's (true) hash stand in for the task's (forged) one
    claimed = sorted(m.reveal_hashes.items())
    if m.reveal_block is not None:
        claimed.append((m.reveal_block, m.reveal_block_hash or ""))
    for number, block_hash in claimed:
        if block_hash.lower() != chain_hashes.get(number):
            problems.append(f"reveal block {number} hash differs from the chain's")
    # the TaskResult digest from the domain separator computed once: eth-account's typed-data encoder cost
    # about a millisecond per slot, most of a committee member's CPU for a job (py-spy, benchmarks/e2e.py)
    separator = eip712.domain_separator(eip712.Domain(m.chain_id, m.escrow))
    method = entry.spec.verification.method
    bps = entry.spec.verification.spot_check_bps
    seed = job_seed(bytes.fromhex(m.created_block_hash[2:]), m.job_id)
    fallback: set[int] = set()
    if m.reveal_block_hash:
        fallback = set(
            select_spot_checks(reveal_seed(seed, bytes.fromhex(m.reveal_block_hash[2:])), entry.tasks, bps, count=1)
        )
    drawn_any = False
    for task in m.tasks:
        expected = task.index in fallback
        if task.reveal_block is not None:
            drawn_by = m.reveal_hashes.get(task.reveal_block)
            if drawn_by is None:
                problems.append(f"task {task.index}: no hash for its reveal block {task.reveal_block}")
            elif spot_check_drawn(reveal_seed(seed, bytes.fromhex(drawn_by[2:])), task.index, bps):
                expected = drawn_any = True
        if task.selected_for_check != expected:
            problems.append(f"task {task.index}: spot-check selection does not match its reveal block")
        for slot in task.slots:
            result = eip712.TaskResult(
                m.job_id, task.index, slot.replica, bytes.fromhex(slot.digest[2:]), eip712.cid_hash(slot.output_cid)
            )
            try:
                signed = eip712.signed_by(
                    eip712.task_result_digest(separator, result), bytes.fromhex(slot.signature[2:]), slot.worker
                )
            except Exception:  # malformed signature bytes or address
                signed = False
            if not signed:
                problems.append(f"task {task.index} slot {slot.slot}: signature is not {slot.worker}'s")
            if slot.role == "check" and not slot.superseded:
                problems += _recheck(store, entry, task.index, slot, task.slots)
        if method == "label":
            continue  # judged job-wide, below
        outcome = judge_task(method, _records(task.slots))
        if sorted(outcome.slashed) != sorted(task.slashed):
            problems.append(f"task {task.index}: slashed {task.slashed}, rules give {outcome.slashed}")
        if task.status == "accepted":
            if outcome.accepted_slot is None:
                problems.append(f"task {task.index}: accepted without a result the rules accept")
            elif sorted(outcome.paid) != sorted(task.paid):
                problems.append(f"task {task.index}: paid {task.paid}, rules give {outcome.paid}")
        elif method != "hash" and sorted(task.paid) != sorted(outcome.checks_paid):
            problems.append(f"task {task.index}: failed task pays {task.paid}, rules give {outcome.checks_paid}")
    if fallback and drawn_any:
        problems.append("a job-wide fallback check was drawn although tasks were drawn on their own")
    if isinstance(entry.spec, LabelSpec):  # (the one kind whose method is "label")
        problems += audit_label_job(m, entry.spec, store)
    return problems


def _slot(task_index: int, rec: SlotRecord) -> Slot:
    return Slot(
        id=rec.slot,
        job_id=0,
        task_index=task_index,
        replica=rec.replica,
        role=rec.role,
        check=rec.check,
        output_cid=rec.output_cid,
        subject_slot=rec.subject_slot,
        worker=rec.worker,
    )


def _recheck(store: Store, entry: JobEntry, task_index: int, rec: SlotRecord, slots: list[SlotRecord]) -> list[str]:
    """Re-evaluate a check (a confirmation with the check it confirms) and compare its verdict."""
    confirms = (rec.check or {}).get("confirms")
    first = next((x for x in slots if x.slot == confirms and x.role == "check"), None) if confirms is not None else None
    if confirms is not None and first is None:
        return [f"task {task_index} check {rec.slot}: confirms check {confirms}, which the task does not record"]
    try:
        evidence = evaluate_check(
            store, entry, _slot(task_index, rec), _slot(task_index, first) if first is not None else None
        )
    except CheckUnusable as exc:
        return [f"task {task_index} check {rec.slot}: cannot re-evaluate: {exc}"]
    recorded = rec.evidence or {}
    if bool(evidence.get("passed")) != bool(recorded.get("passed")):
        return [
            f"task {task_index} check {rec.slot}: evidence says passed={recorded.get('passed')}, "
            f"re-evaluation says {evidence.get('passed')}"
        ]
    if evidence.get("verdict") != recorded.get("verdict"):
        return [
            f"task {task_index} check {rec.slot}: evidence says verdict={recorded.get('verdict')}, "
            f"re-evaluation says {evidence.get('verdict')}"
        ]
    return []
