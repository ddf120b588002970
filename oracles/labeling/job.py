"""A label job's verdict: the labels file, each labeler's verdict, and who is paid or slashed per task.

Pay follows the result manifest's rule for every kind (``protocol.result_manifest.plan_from_manifest``):
one ``reward_per_task`` per paid slot. A labeler the rules pay (``oracles.labeling.quality``) is paid
for every batch it labeled; an unpaid one for none; a spammer is slashed once, on its first batch. So
label payouts join the same payout Merkle root, fee and refund as render, train and compute jobs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from oracles.labeling.aggregate import Aggregation, dawid_skene
from oracles.labeling.batches import Answers
from oracles.labeling.quality import LabelerVerdict, judge_labelers
from protocol.jobspec.label import LabelSpec, labels_file_bytes


@dataclass(frozen=True)
class LabelJobVerdict:
    aggregation: Aggregation
    labelers: dict[str, LabelerVerdict]
    paid: dict[int, list[str]]  # task -> the labelers paid for it (one reward each)
    slashed: dict[int, list[str]]  # task -> the labelers slashed on it (a spammer: its first task)
    labels_file: bytes
    report: bytes
    gold_revealed: bool


def judge_label_job(
    spec: LabelSpec, item_cids: Sequence[str], answers: Sequence[Answers], gold: Mapping[int, str] | None
) -> LabelJobVerdict:
    """Aggregate the job's checked answers (with the revealed gold, if any) and judge every labeler."""
    if len(item_cids) != spec.dataset.items:
        raise ValueError(f"{len(item_cids)} item CIDs for a dataset of {spec.dataset.items}")
    aggregation = dawid_skene(answers, gold)
    labelers = judge_labelers(spec, answers, aggregation.labels, gold)
    paid: dict[int, list[str]] = {i: [] for i in range(spec.num_tasks)}
    slashed: dict[int, list[str]] = {i: [] for i in range(spec.num_tasks)}
    first: set[str] = set()
    for batch in sorted(answers, key=lambda a: (a.task_index, a.replica, a.worker)):
        verdict = labelers[batch.worker]
        if verdict.paid:
            paid[batch.task_index].append(batch.worker)
        if verdict.slashed and batch.worker not in first:
            first.add(batch.worker)
            slashed[batch.task_index].append(batch.worker)
    rows = [(i, item_cids[i], label, aggregation.confidence[i]) for i, label in sorted(aggregation.labels.items())]
    report = json.dumps(
        {
            "version": 1,
            "gold_revealed": gold is not None,
            "labelers": [labelers[w].to_json() for w in sorted(labelers)],
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    return LabelJobVerdict(
        aggregation, labelers, paid, slashed, labels_file_bytes(spec.classes, rows), report, gold is not None
    )
