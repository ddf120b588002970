"""A label job's verdict: the labels file, each labeler's verdict, and who is paid or slashed per task.

Gold answers are the requester's, and what a labeler is not paid goes back to the requester, so a
requester could commit wrong gold answers to pay nobody. Before the gold is used, the answers are
aggregated without it; a gold item whose answer the crowd contradicts with a posterior of at least
``GOLD_DISPUTE_CONFIDENCE`` is *disputed*: left out of the gold (and listed in the report). On the
simulated crowds of ``benchmarks/labeling.py`` that leaves out 0-5 of 60 true gold answers (items the
crowd gets confidently wrong); of 45 falsified answers among 90 gold items (tests/oracles/test_labeling.py)
it disputes 22 and no true one, and every honest labeler is still paid. It is a partial defence: over three
jobs with half their gold falsified (``false_gold`` in ``benchmarks/results/labeling.json``) 43 of 90
falsified answers were disputed (and 1 true one); every good labeler stayed paid but 3 of 12 mediocre (75 %)
ones were not. The threshold is high on purpose: the falsified gold that stays sits on items the crowd is
unsure of, and a lower one would throw out the true gold that tells a careful labeler from a careless one.

A free-text (transcription) job is aggregated with ROVER and judged by word error rate instead
(``oracles.labeling.text``). Its gold is disputed too (``disputed_transcriptions``): a gold transcription
60 % or more (WER) from every credible labeler's answer, or 30 % from the consensus of two or more credible
answers that agree, leaves the gold. Over six simulated jobs, garbage on half or all of the gold items is all
disputed (120 of 120, 240 of 240; 1 and 0 true items with it) and every honest labeler stays paid, where
without the check none is. Gold changed by less than those lines (30 % of every transcription's words) still
unpays most 20 %-WER typists (``false_gold_text`` in ``benchmarks/results/labeling.json``).

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
from oracles.labeling.text import TranscriberVerdict, disputed_transcriptions, judge_transcription
from protocol.jobspec.label import LabelSpec, labels_file_bytes

GOLD_DISPUTE_CONFIDENCE = 0.99


@dataclass(frozen=True)
class LabelJobVerdict:
    aggregation: Aggregation
    labelers: Mapping[str, LabelerVerdict | TranscriberVerdict]
    paid: dict[int, list[str]]  # task -> the labelers paid for it (one reward each)
    slashed: dict[int, list[str]]  # task -> the labelers slashed on it (a spammer: its first task)
    labels_file: bytes
    report: bytes
    gold_revealed: bool
    disputed_gold: tuple[int, ...] = ()  # gold items the crowd confidently contradicts: left out of the gold


def disputed_gold(answers: Sequence[Answers], gold: Mapping[int, str]) -> tuple[int, ...]:
    """The gold items whose answer the labelers' consensus (Dawid–Skene without gold) contradicts with a
    posterior of at least ``GOLD_DISPUTE_CONFIDENCE``."""
    consensus = dawid_skene(answers)
    return tuple(
        i
        for i, answer in sorted(gold.items())
        if i in consensus.labels
        and consensus.labels[i] != answer
        and consensus.confidence[i] >= GOLD_DISPUTE_CONFIDENCE
    )


def judge_label_job(
    spec: LabelSpec, item_cids: Sequence[str], answers: Sequence[Answers], gold: Mapping[int, str] | None
) -> LabelJobVerdict:
    """Aggregate the job's checked answers (with the revealed gold, if any) and judge every labeler."""
    if len(item_cids) != spec.dataset.items:
        raise ValueError(f"{len(item_cids)} item CIDs for a dataset of {spec.dataset.items}")
    labelers: Mapping[str, LabelerVerdict | TranscriberVerdict]
    disputed: tuple[int, ...] = ()
    if gold:  # gold the crowd contradicts leaves the gold, for either kind
        disputed = disputed_transcriptions(answers, gold) if spec.free_text else disputed_gold(answers, gold)
        gold = {i: answer for i, answer in gold.items() if i not in disputed}
    if spec.free_text:  # transcriptions: ROVER and word error rates (oracles.labeling.text)
        aggregation, labelers = judge_transcription(spec, answers, gold)
    else:
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
            "disputed_gold": list(disputed),
            "labelers": [labelers[w].to_json() for w in sorted(labelers)],
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    return LabelJobVerdict(
        aggregation, labelers, paid, slashed, labels_file_bytes(spec.classes, rows), report, gold is not None, disputed
    )
