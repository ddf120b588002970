"""A label job's settlement: wait for the gold reveal, judge the whole job, publish the labels file.

``oracles.settling`` builds every job's manifest the same way; for a label job it then calls
``label_manifest``, which replaces the per-task verdicts with the job-wide ones of
``oracles.labeling.job`` (Dawid–Skene over every answers file, gold accuracy, spammer score) and names
the labels file, the per-labeler report and the revealed gold file (each stored and pinned by CID). The
payout Merkle root then follows from the manifest like any other job's
(``protocol.result_manifest.plan_from_manifest``: one reward per paid batch; a spammer slashed once).

The gold file is the requester's to reveal (``LabelDesk.reveal_gold``) once the job is settling. The
leader waits ``GOLD_WAIT_SECONDS`` after the last batch for it (``GoldPending``: the settler retries and
the job's status carries the message), then judges by agreement alone, as the spec says.

``label_output_problems`` is the advancer's check of a labeler's submitted result (instead of the
output folder manifest a GPU task has): the answers file must be in the store, well formed for the
batch, and match the signed digest.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from oracles.labeling.batches import Answers, BatchRefused, check_batch
from oracles.labeling.job import judge_label_job
from oracles.labeling.manifest import _batch, label_task_records
from protocol import eip712
from protocol.errors import NotYet
from protocol.jobspec.label import (
    LabelFileError,
    LabelOutcome,
    LabelSpec,
    answers_digest,
    answers_limit,
    gold_limit,
    items_manifest_limit,
    parse_answers,
    parse_gold,
    parse_items_manifest,
)
from protocol.result_manifest import ResultManifest, SlotRecord
from protocol.storage import Store
from protocol.storage.errors import StorageError

GOLD_WAIT_SECONDS = 3_600.0  # after every batch has its answers, how long the leader waits for the gold file
# ...but never closer than this to the job's deadline: a settlement after deadline + grace would let the requester
# reclaim the whole budget, the labelers' pay included
GOLD_DEADLINE_MARGIN = 1_800.0


class GoldPending(NotYet, RuntimeError):
    """The leader is waiting for the requester's gold file (the message says until when)."""


def label_output_problems(store: Store, spec: LabelSpec, task_index: int, output_cid: str, digest: str) -> list[str]:
    """What is wrong with a labeler's submitted answers file for ``task_index``; empty: usable."""
    try:
        labels = parse_answers(store.get_bytes(output_cid, max_bytes=answers_limit(spec)), spec, task_index)
    except (StorageError, LabelFileError, ValueError) as exc:
        return [f"answers file {output_cid}: {exc}"]
    if "0x" + answers_digest(task_index, labels).hex() != digest:
        return [f"answers file {output_cid}: its labels are not the signed digest"]
    return []


def wait_for_gold(
    job_id: int,
    gold_cid: str | None,
    ready_at: float | None,
    deadline: int | None = None,
    clock: Callable[[], float] = time.time,
    gold_wait_s: float = GOLD_WAIT_SECONDS,
) -> None:
    """Raise ``GoldPending`` while a label job without gold may still get it: ``gold_wait_s`` after every batch
    had its answers (``ready_at``), and not within ``GOLD_DEADLINE_MARGIN`` of its ``deadline``."""
    waits_until = (ready_at or 0.0) + gold_wait_s
    if deadline is not None:
        waits_until = min(waits_until, deadline - GOLD_DEADLINE_MARGIN)
    if gold_cid is None and clock() < waits_until:
        until = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(waits_until))
        raise GoldPending(
            f"every batch of label job {job_id} has its answers: waiting for the requester's gold file "
            f"(POST /v1/label/jobs/{job_id}/gold) until {until}, then judging by agreement alone"
        )


def label_manifest(
    m: ResultManifest,
    spec: LabelSpec,
    store: Store,
    gold_cid: str | None,
    ready_at: float | None,
    deadline: int | None = None,
    clock: Callable[[], float] = time.time,
    gold_wait_s: float = GOLD_WAIT_SECONDS,
) -> ResultManifest:
    """``m`` with the label job's verdicts, labels file, report and gold; raises ``GoldPending`` while the
    gold file may still come (``gold_wait_s`` after ``ready_at``, and not within ``GOLD_DEADLINE_MARGIN`` of the
    job's ``deadline``)."""
    wait_for_gold(m.job_id, gold_cid, ready_at, deadline, clock, gold_wait_s)
    items = parse_items_manifest(store.get_bytes(spec.dataset.cid, max_bytes=items_manifest_limit(spec)), spec)
    gold = parse_gold(store.get_bytes(gold_cid, max_bytes=gold_limit(spec)), spec) if gold_cid else None
    domain = eip712.Domain(m.chain_id, m.escrow)
    slots: dict[int, list[SlotRecord]] = {}
    answers: list[Answers] = []
    for task in m.tasks:
        for slot in task.slots:
            if slot.role != "run" or slot.superseded:
                continue
            data = store.get_bytes(slot.output_cid, max_bytes=answers_limit(spec))
            try:
                answers.append(check_batch(spec, domain, m.job_id, _batch(task.index, slot, data)))
            except BatchRefused:
                continue  # (the advancer requeued such a batch; one that slipped through is not counted)
            slots.setdefault(task.index, []).append(slot)
    verdict = judge_label_job(spec, items, answers, gold)
    labels_cid, report_cid = store.put_bytes(verdict.labels_file), store.put_bytes(verdict.report)
    for cid in (labels_cid, report_cid):
        store.pin(cid)
    records = label_task_records(spec, slots, verdict, labels_cid)
    tasks = [
        record.model_copy(update={"reveal_block": old.reveal_block, "note": old.note})
        for record, old in zip(records, m.tasks, strict=True)
    ]
    return m.model_copy(
        update={"tasks": tasks, "labels": LabelOutcome(labels_cid=labels_cid, report_cid=report_cid, gold_cid=gold_cid)}
    )
