"""A labeler's submitted batch, checked: signature, answers file, digest and CID.

A labeler signs the same EIP-712 ``TaskResult`` as a GPU worker (``protocol.eip712``): ``digest`` is
``answers_digest(task, labels)`` and ``outputCidHash`` the keccak of the answers file's CID, so the
signature binds the job, the task, the replica and exactly these answers. The oracle refuses a batch
whose file is malformed or oversized (``protocol.jobspec.label.parse_answers``), whose bytes are not the
signed CID, whose labels are not the signed digest, or whose signature is not the labeler's.
"""

from __future__ import annotations

from dataclasses import dataclass

from protocol import eip712
from protocol.errors import GPUHiveError
from protocol.jobspec.label import LabelFileError, LabelSpec, answers_digest, parse_answers
from protocol.storage.cid import cid_of_bytes


class BatchRefused(GPUHiveError, ValueError):
    """A submitted batch that cannot count: the message says which check failed."""


@dataclass(frozen=True)
class SubmittedBatch:
    """What a labeler hands in for one task: the answers file and its signed ``TaskResult``."""

    task_index: int
    replica: int
    worker: str
    answers: bytes  # the answers file
    output_cid: str  # its CID, as signed
    digest: bytes  # answers_digest, as signed
    signature: bytes


@dataclass(frozen=True)
class Answers:
    """A checked batch: who answered which items of which task, with what."""

    task_index: int
    replica: int
    worker: str
    items: range
    labels: tuple[str, ...]


def check_batch(spec: LabelSpec, domain: eip712.Domain, job_id: int, batch: SubmittedBatch) -> Answers:
    """The batch's answers, after every check; raises ``BatchRefused`` saying which one failed."""
    if not 0 <= batch.task_index < spec.num_tasks:
        raise BatchRefused(f"task {batch.task_index} is not one of the job's {spec.num_tasks} tasks")
    try:
        labels = parse_answers(batch.answers, spec, batch.task_index)
    except LabelFileError as exc:
        raise BatchRefused(f"task {batch.task_index}: {exc}") from None
    if cid_of_bytes(batch.answers) != batch.output_cid:
        raise BatchRefused(f"task {batch.task_index}: the answers file is not the signed CID {batch.output_cid}")
    if answers_digest(batch.task_index, labels) != batch.digest:
        raise BatchRefused(f"task {batch.task_index}: the answers do not match the signed digest")
    result = eip712.TaskResult(job_id, batch.task_index, batch.replica, batch.digest, eip712.cid_hash(batch.output_cid))
    try:
        signed = eip712.signed_by(eip712.digest(domain, result), batch.signature, batch.worker)
    except ValueError:
        signed = False
    if not signed:
        raise BatchRefused(f"task {batch.task_index}: the TaskResult signature is not {batch.worker}'s")
    return Answers(batch.task_index, batch.replica, batch.worker, spec.batch(batch.task_index), tuple(labels))
