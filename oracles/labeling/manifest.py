"""A label job in the result manifest: its task records, and a committee member's audit of them.

The leader records every labeler's slot as for any kind (the answers file's CID, the signed digest,
the ``TaskResult`` signature) and, per task, the labelers the job-wide verdict pays or slashes
(``oracles.labeling.job``); ``ResultManifest.labels`` names the labels file, the per-labeler report and
the revealed gold file. ``plan_from_manifest`` then turns the paid lists into the payout Merkle root
like any other job's. A member audits by fetching the items manifest, every answers file and the
gold file from its own store (each bounded: ``protocol.jobspec.label``), re-checking every batch,
re-running the aggregation and comparing the verdicts, the report and the labels.

That re-run is the slow part of a countersignature (Dawid–Skene twice over a 600-answer job: ~1 s on an idle
core, 11 s on this 2-core machine under a load of 17, past the leader's 10 s peer timeout; ROVER is slower
still). A leader whose request timed out asks again, so a member keeps its last ``AUDITS_KEPT`` verdicts by
the manifest's and the spec's bytes (everything else it read is content-addressed): the second request is
answered at once. Audits that could not read a file are not kept (the store may answer next time).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from oracles.labeling.batches import Answers, BatchRefused, SubmittedBatch, check_batch
from oracles.labeling.job import LabelJobVerdict, judge_label_job
from protocol import eip712
from protocol.jobspec.label import (
    LabelFileError,
    LabelSpec,
    answers_limit,
    gold_limit,
    items_manifest_limit,
    parse_gold,
    parse_items_manifest,
)
from protocol.result_manifest import ResultManifest, SlotRecord, TaskRecord
from protocol.storage import Store
from protocol.storage.cid import cid_of_bytes
from protocol.storage.errors import StorageError

CONFIDENCE_TOLERANCE = 1e-3  # posteriors are floats; members on other platforms may differ in the last digits
AUDITS_KEPT = 32
_audits: OrderedDict[bytes, tuple[str, ...]] = OrderedDict()  # (manifest, spec) digest -> problems
_audits_lock = threading.Lock()


def label_task_records(
    spec: LabelSpec, slots: Mapping[int, Sequence[SlotRecord]], verdict: LabelJobVerdict, labels_cid: str
) -> list[TaskRecord]:
    """The manifest's task records of a label job: every slot, and who the job-wide verdict pays or slashes."""
    return [
        TaskRecord(
            index=index,
            status="accepted" if slots.get(index) else "failed",
            accepted_output_cid=labels_cid if slots.get(index) else None,
            accepted_digest=None,
            selected_for_check=False,
            slots=list(slots.get(index, ())),
            paid=verdict.paid[index],
            slashed=verdict.slashed[index],
        )
        for index in range(spec.num_tasks)
    ]


def _batch(task_index: int, slot: SlotRecord, data: bytes) -> SubmittedBatch:
    return SubmittedBatch(
        task_index,
        slot.replica,
        slot.worker,
        data,
        slot.output_cid,
        bytes.fromhex(slot.digest.removeprefix("0x")),
        bytes.fromhex(slot.signature.removeprefix("0x")),
    )


def audit_label_job(m: ResultManifest, spec: LabelSpec, store: Store) -> list[str]:
    """Problems a member finds re-deriving a label job's verdict from its own store; empty means it agrees
    (the same manifest and spec audited again: the kept answer, see the module docstring)."""
    from protocol.jobspec import canonical_bytes

    key = hashlib.sha256(m.canonical_bytes() + b"\x00" + canonical_bytes(spec)).digest()
    with _audits_lock:
        if key in _audits:
            _audits.move_to_end(key)
            return list(_audits[key])
    problems, readable = _audit_label_job(m, spec, store)
    if readable:
        with _audits_lock:
            _audits[key] = tuple(problems)
            while len(_audits) > AUDITS_KEPT:
                _audits.popitem(last=False)
    return problems


def _audit_label_job(m: ResultManifest, spec: LabelSpec, store: Store) -> tuple[list[str], bool]:
    """``audit_label_job``'s problems, and whether every file could be read (only then is the answer kept)."""
    if m.labels is None:
        return ["a label job's manifest names no labels file (manifest.labels)"], True
    try:
        items = parse_items_manifest(store.get_bytes(spec.dataset.cid, max_bytes=items_manifest_limit(spec)), spec)
        gold = None
        if m.labels.gold_cid is not None:
            gold = parse_gold(store.get_bytes(m.labels.gold_cid, max_bytes=gold_limit(spec)), spec)
    except (StorageError, LabelFileError) as exc:
        return [f"labels: cannot read the job's items or gold: {exc}"], not isinstance(exc, StorageError)
    domain = eip712.Domain(m.chain_id, m.escrow)
    answers: list[Answers] = []
    problems: list[str] = []
    readable = True
    for task in m.tasks:
        for slot in task.slots:
            try:
                data = store.get_bytes(slot.output_cid, max_bytes=answers_limit(spec))
                answers.append(check_batch(spec, domain, m.job_id, _batch(task.index, slot, data)))
            except (StorageError, BatchRefused, ValueError) as exc:
                problems.append(f"task {task.index} slot {slot.slot}: {exc}")
                readable = readable and not isinstance(exc, StorageError)
    if problems:
        return problems, readable
    verdict = judge_label_job(spec, items, answers, gold)
    for task in m.tasks:
        if sorted(task.paid) != sorted(verdict.paid[task.index]):
            problems.append(f"task {task.index}: paid {task.paid}, the labeling rules give {verdict.paid[task.index]}")
        if sorted(task.slashed) != sorted(verdict.slashed[task.index]):
            problems.append(
                f"task {task.index}: slashed {task.slashed}, the labeling rules give {verdict.slashed[task.index]}"
            )
    if cid_of_bytes(verdict.report) != m.labels.report_cid:
        problems.append("labels: the labeler report differs from ours")
    compared = _compare_labels(store, m.labels.labels_cid, verdict)
    return problems + compared, not any("cannot read the labels file" in p for p in compared)


def _compare_labels(store: Store, labels_cid: str, verdict: LabelJobVerdict) -> list[str]:
    ours = json.loads(verdict.labels_file)
    try:
        theirs = json.loads(store.get_bytes(labels_cid, max_bytes=2 * len(verdict.labels_file) + 1024))
        rows = theirs["labels"]
        if theirs.get("classes") != ours["classes"] or len(rows) != len(ours["labels"]):
            return ["labels: the labels file lists other classes or another number of items"]
        for mine, other in zip(ours["labels"], rows, strict=True):
            if mine[:3] != other[:3] or abs(float(mine[3]) - float(other[3])) > CONFIDENCE_TOLERANCE:
                return [f"labels: item {mine[0]} is {other[1:]}, ours {mine[1:]}"]
    except (StorageError, ValueError, KeyError, TypeError) as exc:
        return [f"labels: cannot read the labels file {labels_cid}: {exc}"]
    return []
