"""Who is paid and who is slashed in a label job: gold accuracy, agreement and a spammer score.

Every decision is taken on integer counts, so every committee member, re-deriving it from the same
answers, gold file and aggregated labels, reaches the same verdict (no floating-point threshold):

- **gold accuracy** — right answers over the gold items a labeler met. With at least
  ``min_gold_answers`` of them it decides pay: a labeler is unpaid when its gold answers *show*
  that its accuracy is below ``min_gold_accuracy_bps``: an exact one-sided binomial test at
  ``below_floor_bps`` (1 %: a labeler exactly at the floor is refused with chance at most 1 %).
  A fixed cut on ~30 gold answers would refuse a 75 %-accurate labeler against a 70 % floor about
  one time in four (its observed share wanders by ±8 points); random answers over 4 classes
  (25 %) fail the test with chance above 0.9999 on 30 gold answers. With fewer gold answers (or no
  gold revealed), **agreement** with the aggregated labels on the items it labeled stands in, in
  the same test.
- **spammer score** — how much a labeler's answers depend on the item. Take the labeler's counts
  ``n[c][k]`` (reference class ``c`` — the gold answer on a gold item, the aggregated label
  elsewhere — answered ``k``) and compare the answer distributions of every two reference classes by
  total variation, weighted by how many answers each has:
  ``score = Σ_{c<c'} ½ Σ_k |n[c][k]·m_c' − n[c'][k]·m_c| / Σ_{c<c'} m_c·m_c'`` with ``m_c = Σ_k n[c][k]``.
  A perfect labeler scores 1, a labeler right with chance ``a`` over ``K`` classes (errors spread
  evenly) ``a − (1 − a)/(K − 1)``; random answers and always the same class score 0 (answers alike,
  whatever the item; random ones only by sampling noise: 0.11-0.19 measured over ~200 answers of 4 classes).
  The aggregated labels partly follow the labeler's own answers (it is one of ``replication`` votes), so
  when spammers are half the crowd or more some random spammers score above the cut and go unpaid but
  unslashed (``benchmarks/results/labeling.json``); slashing errs on the side of the labeler.
  This is Raykar and Yu's spammer score (JMLR 2012) on counts instead of a fitted confusion matrix.
  At least ``min_spam_answers`` answers below ``spam_score_bps`` make a spammer: unpaid and slashed
  once for the job. A labeler who is merely below the floor (honest but careless) is not paid and
  not slashed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from oracles.labeling.batches import Answers
from protocol.jobspec.label import LabelSpec
from protocol.jobspec.types import BPS


@dataclass(frozen=True)
class LabelerVerdict:
    worker: str
    answers: int
    gold_seen: int
    gold_correct: int
    compared: int  # answers on non-gold items, compared with the aggregated label
    agreed: int
    spam_score_bps: int | None  # None: the reference labels it met have one class only
    paid: bool
    slashed: bool
    reason: str

    def to_json(self) -> dict:
        return asdict(self)


def spam_score_bps(counts: Mapping[str, Mapping[str, int]]) -> int | None:
    """The spammer score in basis points (floor) of ``counts[reference class][answer]``; None below two classes."""
    classes = sorted(c for c, row in counts.items() if sum(row.values()))
    answers = sorted({k for row in counts.values() for k in row})
    totals = {c: sum(counts[c].values()) for c in classes}
    spread = weight = 0
    for i, c in enumerate(classes):
        for d in classes[i + 1 :]:
            spread += sum(abs(counts[c].get(k, 0) * totals[d] - counts[d].get(k, 0) * totals[c]) for k in answers)
            weight += totals[c] * totals[d]
    if not weight:
        return None
    return BPS * spread // (2 * weight)


def below_floor(right: int, seen: int, floor_bps: int, alpha_bps: int) -> bool:
    """Whether ``right`` of ``seen`` shows an accuracy below ``floor_bps``: P(X ≤ right) < alpha for X ~
    Binomial(seen, floor), in exact integer arithmetic (``Σ_k≤right C(seen,k)·f^k·(B−f)^(seen−k)·B <
    alpha·B^seen``, B = 10 000)."""
    if seen == 0:
        return True
    tail = 0
    term = (BPS - floor_bps) ** seen  # k = 0, times C(seen, 0) = 1
    for k in range(right + 1):
        tail += term
        if k < seen:  # C(n,k+1) f^(k+1) (B−f)^(n−k−1) from the k-th term, exactly
            if floor_bps == BPS:
                term = 0 if k + 1 < seen else BPS**seen
                continue
            term = term * (seen - k) * floor_bps // ((k + 1) * (BPS - floor_bps))
    return tail * BPS < alpha_bps * BPS**seen


def judge_labelers(
    spec: LabelSpec, answers: Iterable[Answers], labels: Mapping[int, str], gold: Mapping[int, str] | None
) -> dict[str, LabelerVerdict]:
    """Every labeler's verdict from its answers, the aggregated ``labels`` and the revealed ``gold``."""
    policy = spec.verification
    gold = gold or {}
    seen: dict[str, set[int]] = defaultdict(set)
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # answers, gold seen/right, compared/agreed
    for batch in sorted(answers, key=lambda a: (a.task_index, a.replica, a.worker)):
        for item, label in zip(batch.items, batch.labels, strict=True):
            if item in seen[batch.worker]:
                continue  # one answer per labeler and item counts
            seen[batch.worker].add(item)
            t = tally[batch.worker]
            t[0] += 1
            if item in gold:
                reference = gold[item]
                t[1] += 1
                t[2] += label == reference
            elif item in labels:
                reference = labels[item]
                t[3] += 1
                t[4] += label == reference
            else:
                continue
            counts[batch.worker][reference][label] += 1
    verdicts = {}
    for worker in sorted(tally):
        n, gold_seen, gold_right, compared, agreed = tally[worker]
        score = spam_score_bps(counts[worker])
        floor = policy.min_gold_accuracy_bps
        if gold_seen >= policy.min_gold_answers:
            good = not below_floor(gold_right, gold_seen, floor, policy.below_floor_bps)
            why = f"gold accuracy {gold_right}/{gold_seen}"
        else:
            good = not below_floor(agreed, compared, floor, policy.below_floor_bps)
            why = f"{gold_seen} gold answers (fewer than {policy.min_gold_answers}); agreement {agreed}/{compared}"
        spam = n >= policy.min_spam_answers and score is not None and score < policy.spam_score_bps
        if spam:
            reason = f"spammer: answers barely depend on the item (score {score} bps < {policy.spam_score_bps}); {why}"
        elif good:
            reason = f"paid: {why} is not shown below {floor / 100:g} %"
        else:
            reason = f"unpaid: {why} shows an accuracy below {floor / 100:g} %"
        verdicts[worker] = LabelerVerdict(
            worker, n, gold_seen, gold_right, compared, agreed, score, good and not spam, spam, reason
        )
    return verdicts
