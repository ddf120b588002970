"""Free-text labels (transcription): ROVER aggregation (crowd-kit) and pay by word error rate.

A text job's answers are transcriptions, compared word by word after ``transcript_words`` (NFKC,
case-folded, punctuation dropped: ``protocol.jobspec.label``). Three steps, all on the same rows in the
same order on every committee member:

1. **Gold first.** Each labeler's word error rate (WER) on the gold items it met: word edits (substitutions,
   deletions, insertions) over the gold transcriptions' words, summed over its gold items (corpus WER,
   integers only). A labeler with at least ``min_gold_answers`` gold answers at or above ``spam_wer_bps``
   is left out of the aggregation of the items it shares with others.
2. **ROVER** (Fiscus 1997; ``crowdkit.aggregation.ROVER``, maintained by Toloka): the transcriptions of an
   item are aligned into a word transition network and each slot takes the majority word. crowd-kit's
   ROVER takes no weights and breaks ties by word length, so with two or three labelers per item a noisy
   one's slips win half the ties; a labeler's hypothesis is therefore repeated ``vote_weight`` times
   (from its gold WER). Gold items get their gold transcription. An item's confidence is 1 − the mean WER
   of its transcriptions against the result (clipped at 0): 1 when everyone wrote the same words.
3. **Pay.** A labeler with ``min_gold_answers`` gold answers is paid when its gold WER is at most
   ``max_gold_wer_bps``; with fewer (or no gold revealed) its WER against the aggregated transcriptions
   of the items it labeled stands in. At least ``min_spam_answers`` answers and a WER at or above
   ``spam_wer_bps`` (junk, one constant text, blanks) make a spammer: unpaid and slashed once.

Word edits come from ``nltk.metrics.distance.edit_distance`` (Levenshtein over any sequence, so over word
lists): nltk is already installed with crowd-kit's lean install, and no WER library (jiwer) is.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from oracles.labeling.aggregate import Aggregation, answer_rows
from oracles.labeling.batches import Answers
from protocol.jobspec.label import LabelSpec, transcript_words
from protocol.jobspec.types import BPS


def word_edits(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions + deletions + insertions turning ``reference`` into ``hypothesis`` (word lists)."""
    from nltk.metrics.distance import edit_distance

    if not reference or not hypothesis:
        return max(len(reference), len(hypothesis))
    return int(edit_distance(list(reference), list(hypothesis)))


def wer_bps(edits: int, words: int) -> int:
    """Word error rate in basis points (floor); no reference words: 0 if no edits, else 100 % per edit."""
    return BPS * edits // words if words else BPS * edits


@dataclass(frozen=True)
class TranscriberVerdict:
    worker: str
    answers: int
    gold_seen: int
    gold_edits: int
    gold_words: int
    compared: int  # answers on non-gold items, compared with the aggregated transcription
    compared_edits: int
    compared_words: int
    wer_bps: int  # the WER that decided: on gold, or against the aggregate
    paid: bool
    slashed: bool
    reason: str

    def to_json(self) -> dict:
        return asdict(self)


def _gold_tally(rows: Sequence[tuple[int, str, str]], gold: Mapping[int, str]) -> dict[str, list[int]]:
    """worker → [gold answers, word edits, reference words] on the gold items it answered."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item, worker, text in rows:
        if item in gold:
            ref = transcript_words(gold[item])
            t = tally[worker]
            t[0] += 1
            t[1] += word_edits(ref, transcript_words(text))
            t[2] += len(ref)
    return tally


def vote_weight(rate_bps: int | None) -> int:
    """How many votes a labeler's words get in ROVER: 1 unmeasured, else round(log((1 − WER) / WER)), the
    weight of a voter right with chance 1 − WER in an optimal weighted vote (Nitzan and Paroush 1982), WER
    clipped to [2 %, 45 %]: 5 % WER → 3 votes, 20 % → 1, so two noisy typists do not outvote a careful one."""
    if rate_bps is None:
        return 1
    rate = min(max(rate_bps, 200), 4_500) / BPS
    return max(1, round(math.log((1 - rate) / rate)))


def rover(
    rows: Sequence[tuple[int, str, str]],
    weights: Mapping[str, int],
    gold: Mapping[int, str],
    left_out: set[str],
) -> Aggregation:
    """ROVER over ``rows`` (item, worker, text), each labeler's words counted ``weights[worker]`` times (its
    hypothesis repeated); gold items keep their gold transcription."""
    import pandas as pd
    from crowdkit.aggregation import ROVER

    by_item: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item, worker, text in rows:
        by_item[item].append((worker, " ".join(transcript_words(text))))
    frame_rows = []
    for item in sorted(by_item):
        hyps = sorted(by_item[item], key=lambda h: (-weights[h[0]], h[0]))
        kept = [h for h in hyps if h[0] not in left_out] or hyps
        frame_rows += [(item, worker, text) for worker, text in kept for _ in range(weights[worker])]
    texts: dict[int, str] = {}
    if frame_rows:
        data = pd.DataFrame(frame_rows, columns=["task", "worker", "text"])
        result = ROVER(tokenizer=str.split, detokenizer=" ".join).fit_predict(data)
        texts = {int(i): str(t) for i, t in result.items()}
    for item in by_item:
        if item in gold:
            texts[item] = " ".join(transcript_words(gold[item]))
    confidence: dict[int, float] = {}
    for item, words in texts.items():
        ref = words.split()
        rates = [wer_bps(word_edits(ref, text.split()), len(ref)) for _, text in by_item[item]]
        confidence[item] = max(0.0, 1.0 - sum(rates) / (len(rates) * BPS))
    return Aggregation("rover", dict(sorted(texts.items())), dict(sorted(confidence.items())))


def judge_transcription(
    spec: LabelSpec, answers: Iterable[Answers], gold: Mapping[int, str] | None
) -> tuple[Aggregation, dict[str, TranscriberVerdict]]:
    """The aggregated transcriptions and every labeler's verdict (see the module docstring)."""
    policy = spec.verification
    gold = gold or {}
    rows = answer_rows(answers)
    workers = sorted({w for _, w, _ in rows})
    gold_tally = _gold_tally(rows, gold)

    def gold_rate(worker: str) -> int | None:
        seen, edits, words = gold_tally.get(worker, (0, 0, 0))
        return wer_bps(edits, words) if seen >= policy.min_gold_answers else None

    rates = {w: gold_rate(w) for w in workers}
    left_out = {w for w, rate in rates.items() if rate is not None and rate >= policy.spam_wer_bps}
    aggregation = rover(rows, {w: vote_weight(rate) for w, rate in rates.items()}, gold, left_out)
    compared: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # answers, compared, edits, words
    for item, worker, text in rows:
        c = compared[worker]
        c[0] += 1
        if item not in gold and item in aggregation.labels:
            ref = aggregation.labels[item].split()
            c[1] += 1
            c[2] += word_edits(ref, transcript_words(text))
            c[3] += len(ref)
    verdicts: dict[str, TranscriberVerdict] = {}
    accuracy: dict[str, float] = {}
    for worker in workers:
        n, n_compared, c_edits, c_words = compared[worker]
        seen, g_edits, g_words = gold_tally.get(worker, (0, 0, 0))
        if seen >= policy.min_gold_answers:
            rate, why = wer_bps(g_edits, g_words), f"gold word error rate {g_edits}/{g_words} words"
        else:
            rate = wer_bps(c_edits, c_words)
            why = f"{seen} gold answers (fewer than {policy.min_gold_answers}); {c_edits}/{c_words} words differ from the aggregate"
        spam = n >= policy.min_spam_answers and rate >= policy.spam_wer_bps
        good = rate <= policy.max_gold_wer_bps
        if spam:
            reason = f"spammer: {why} ({rate} bps ≥ {policy.spam_wer_bps})"
        elif good:
            reason = f"paid: {why} ({rate} bps ≤ {policy.max_gold_wer_bps})"
        else:
            reason = f"unpaid: {why} ({rate} bps > {policy.max_gold_wer_bps})"
        accuracy[worker] = max(0.0, 1.0 - rate / BPS)
        verdicts[worker] = TranscriberVerdict(
            worker, n, seen, g_edits, g_words, n_compared, c_edits, c_words, rate, good and not spam, spam, reason
        )
    return Aggregation("rover", aggregation.labels, aggregation.confidence, accuracy), verdicts
