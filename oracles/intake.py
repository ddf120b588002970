"""Job intake: fetch the spec by CID, check it against the chain, validate it.

Every committee member runs the same checks, so a leader's ``reject`` is
countersigned only by members who found the same reason themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from protocol import eip712
from protocol.jobspec import AnySpec, SpecError, load_spec, spec_hash
from protocol.jobspec.canonical import MAX_SPEC_BYTES
from protocol.storage import ContentNotFound, StorageError, Store


@dataclass(frozen=True)
class OnChainJob:
    job_id: int
    spec_cid: str
    spec_hash: str
    num_tasks: int
    budget: int


@dataclass(frozen=True)
class IntakeResult:
    spec: AnySpec | None
    reject_reason: int | None
    message: str
    retry: bool = False  # transient: try again later before rejecting


def check_job(store: Store, job: OnChainJob) -> IntakeResult:
    """The validated spec, or the Reject reason code with a message saying why."""
    try:
        data = store.get_bytes(job.spec_cid, max_bytes=MAX_SPEC_BYTES)
    except ContentNotFound:
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec {job.spec_cid} not found in storage", True)
    except StorageError as exc:
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec {job.spec_cid} unreadable: {exc}", True)
    except ValueError as exc:  # not a CID at all
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec_cid {job.spec_cid!r} is invalid: {exc}")
    try:
        spec = load_spec(data)
    except SpecError as exc:
        return IntakeResult(None, eip712.REJECT_INVALID_SPEC, str(exc))
    actual = "0x" + spec_hash(spec).hex()
    if actual.lower() != job.spec_hash.lower():
        return IntakeResult(None, eip712.REJECT_SPEC_HASH_MISMATCH,
                            f"spec_hash on-chain {job.spec_hash} but the spec at {job.spec_cid} hashes to {actual}")
    if spec.num_tasks != job.num_tasks:
        return IntakeResult(None, eip712.REJECT_INVALID_SPEC,
                            f"num_tasks on-chain {job.num_tasks} but the spec slices into {spec.num_tasks}")
    if job.budget < spec.budget_needed:
        return IntakeResult(None, eip712.REJECT_INVALID_SPEC,
                            f"budget on-chain {job.budget} is below the spec's need {spec.budget_needed}")
    for cid in _input_cids(spec):
        try:
            if not store.has(cid):
                return IntakeResult(None, eip712.REJECT_INPUTS_UNREACHABLE, f"input {cid} not found in storage", True)
        except (StorageError, ValueError) as exc:
            return IntakeResult(None, eip712.REJECT_INPUTS_UNREACHABLE, f"input {cid} unreadable: {exc}", True)
    return IntakeResult(spec, None, "ok")


def _input_cids(spec: AnySpec) -> list[str]:
    if spec.kind == "render":
        return [spec.scene_cid]
    if spec.kind == "train":
        return [spec.dataset.cid]
    return []
