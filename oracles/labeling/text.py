"""Free-text labels (transcription): ROVER aggregation (crowd-kit) and pay by word error rate.

A text job's answers are transcriptions, compared word by word after ``transcript_words`` (NFKC,
case-folded, punctuation dropped: ``protocol.jobspec.label``). Four steps, all on the same rows in the
same order on every committee member:

0. **False gold.** Gold is the requester's, and unpaid pay goes back to it, so a requester could reveal
   garbage transcriptions to push every honest labeler over the pay floor, or the slash line. Before the gold
   is used, each gold item is checked against the *credible* labelers' answers (``credible_labelers``: a
   labeler's distinct, non-blank answers within ``CREDIBLE_WER_BPS`` = 80 % of the nearest other answer on
   the items it shares, so a junk typist (100 % and more), a blank or a copier of one text, however many
   accounts send it, is not credible). A gold transcription at least ``GOLD_LONE_DISPUTE_WER_BPS`` = 60 % (WER,
   the gold as reference) from every credible answer, or, where two or more credible answers are within
   ``GOLD_AGREE_WER_BPS`` = 25 % of their ROVER consensus, at least ``GOLD_CROWD_DISPUTE_WER_BPS`` = 30 % from
   that consensus, is *disputed*: left out of the gold and listed in the report (``disputed_transcriptions``).
   Thresholds from the simulated transcribers (``tests/support/transcribers.py``: 2 good, 2 noisy, a junk
   typist and a copier; 10 jobs, 400 gold items): the nearest credible answer sits 0-50 % from a true gold
   transcription (99th percentile 33 %), an agreeing consensus 0-37.5 % (99th percentile 29 %), and both
   87.5 % or more from a random sentence. Measured (``false_gold_text`` in ``benchmarks/results/labeling.json``,
   6 jobs of 40 gold): on true gold 2 of 240 items disputed; garbage for half or all the gold:
   all 120 / 240 disputed, 1 / 0 true ones, every honest labeler paid, none slashed (without the check: none
   of the 24 paid). Limits: a requester who changes every gold transcription by less than the dispute lines
   (30 % of the words) keeps half of them (115 of 240 disputed) and leaves 2 of 12 noisy (20 % WER) typists
   paid (the 5 % ones all are); an honest labeler that shares no item with another credible one is not
   credible itself (in a pool half junk, blanks and copiers: 1 of 12 good typists slashed, 1 of 12 noisy
   unpaid, 103 of 120 garbage items disputed); and accounts that type the same *varied* text on the items
   they share could vouch for each other (they cannot tell gold items from others, so it costs them pay).
1. **Gold first.** Each labeler's word error rate (WER) on the (undisputed) gold items it met: word edits
   (substitutions, deletions, insertions) over the gold transcriptions' words, summed over its gold items
   (corpus WER, integers only). A labeler with at least ``min_gold_answers`` gold answers at or above
   ``spam_wer_bps`` is left out of the aggregation of the items it shares with others; so is one with fewer
   that is not credible.
2. **ROVER** (Fiscus 1997; ``crowdkit.aggregation.ROVER``, maintained by Toloka): the transcriptions of an
   item are aligned into a word transition network and each slot takes the majority word. crowd-kit's
   ROVER takes no weights and breaks ties by word length, so with two or three labelers per item a noisy
   one's slips win half the ties; a labeler's hypothesis is therefore repeated ``vote_weight`` times
   (from its gold WER). Gold items get their gold transcription. An item's confidence is 1 − the mean WER
   of its transcriptions against the result (clipped at 0): 1 when everyone wrote the same words. ROVER
   works on normalised words; the labels file delivers them *as typed* (``readable``): the answer closest to
   the consensus, edited into exactly its words, keeping each word's case and punctuation (a gold item: the
   gold as the requester wrote it). What is delivered normalises back to the consensus words (checked; else the
   bare words are delivered), so it scores as the consensus does.
3. **Pay.** A labeler with ``min_gold_answers`` gold answers is paid when its gold WER is at most
   ``max_gold_wer_bps``; with fewer (or no gold revealed, or all of it disputed) its WER against the
   aggregated transcriptions of the items it labeled stands in. At least ``min_spam_answers`` answers and a
   WER at or above ``spam_wer_bps`` (junk, one constant text, blanks) make a spammer: unpaid and slashed once.

Word edits come from ``nltk.metrics.distance.edit_distance`` (Levenshtein over any sequence, so over word
lists): nltk is already installed with crowd-kit's lean install, and no WER library (jiwer) is.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from oracles.labeling.aggregate import Aggregation, answer_rows
from oracles.labeling.batches import Answers
from protocol.jobspec.label import LabelSpec, transcript_words
from protocol.jobspec.types import BPS

#: False gold (step 0 of the module docstring): a labeler is credible below this WER against the nearest
#: other distinct answer (simulated honest typists 11-78 %, junk 100 % and more) ...
CREDIBLE_WER_BPS = 8_000
#: ... two credible answers this close to their ROVER consensus make it the crowd's ...
GOLD_AGREE_WER_BPS = 2_500
#: ... and a gold transcription this far from that consensus (true gold: 99th percentile 29 %, max 37.5 %) ...
GOLD_CROWD_DISPUTE_WER_BPS = 3_000
#: ... or this far from every credible answer (true gold: 99th percentile 33 %, max 50 %) is disputed.
GOLD_LONE_DISPUTE_WER_BPS = 6_000

_DROPPED = frozenset("PS")  # the Unicode categories transcript_words drops: punctuation, symbols


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


def _hypotheses(
    rows: Sequence[tuple[int, str, str]], weights: Mapping[str, int], left_out: set[str]
) -> dict[int, list[tuple[str, str]]]:
    """item → its (worker, text as typed), heaviest vote first (then by address), without the ``left_out``
    labelers unless they are all the item has."""
    by_item: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item, worker, text in rows:
        by_item[item].append((worker, text))
    kept = {}
    for item in sorted(by_item):
        hyps = sorted(by_item[item], key=lambda h: (-weights[h[0]], h[0]))
        kept[item] = [h for h in hyps if h[0] not in left_out] or hyps
    return kept


def rover(
    rows: Sequence[tuple[int, str, str]],
    weights: Mapping[str, int],
    gold: Mapping[int, str],
    left_out: set[str],
) -> Aggregation:
    """ROVER over ``rows`` (item, worker, text), each labeler's words counted ``weights[worker]`` times (its
    hypothesis repeated); gold items keep their gold transcription. Labels are normalised words, space-joined."""
    import pandas as pd
    from crowdkit.aggregation import ROVER

    by_item: dict[int, list[str]] = defaultdict(list)
    for item, _, text in rows:
        by_item[item].append(" ".join(transcript_words(text)))
    frame_rows = [
        (item, worker, " ".join(transcript_words(text)))
        for item, hyps in _hypotheses(rows, weights, left_out).items()
        for worker, text in hyps
        for _ in range(weights[worker])
    ]
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
        rates = [wer_bps(word_edits(ref, text.split()), len(ref)) for text in by_item[item]]
        confidence[item] = max(0.0, 1.0 - sum(rates) / (len(rates) * BPS))
    return Aggregation("rover", dict(sorted(texts.items())), dict(sorted(confidence.items())))


def distinct_answers(rows: Sequence[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """``rows`` without blank answers and without the answers a labeler gave (the same words) to more than one
    item: a copier's constant text or a blank never counts as the crowd agreeing, however many accounts send it."""
    seen: dict[tuple[str, tuple[str, ...]], int] = defaultdict(int)
    for _, worker, text in rows:
        seen[worker, tuple(transcript_words(text))] += 1
    return [(i, w, t) for i, w, t in rows if transcript_words(t) and seen[w, tuple(transcript_words(t))] == 1]


def credible_labelers(rows: Sequence[tuple[int, str, str]]) -> set[str]:
    """The labelers someone else backs: on the items with two or more distinct answers (``distinct_answers``),
    the word error rate of a labeler's answer against the nearest other answer (that answer as reference),
    summed over its items, is below ``CREDIBLE_WER_BPS``. Junk typists (random words: 100 % and more),
    constant copiers and blanks (no distinct answers) are not credible, whatever the gold says."""
    by_item: dict[int, list[tuple[str, list[str]]]] = defaultdict(list)
    for item, worker, text in distinct_answers(rows):
        by_item[item].append((worker, transcript_words(text)))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for hyps in by_item.values():
        for worker, words in hyps:
            if len(hyps) >= 2:
                edits, ref = min((word_edits(other, words), len(other)) for w, other in hyps if w != worker)
                tally[worker][0] += edits
                tally[worker][1] += ref
    return {w for w, (edits, words) in tally.items() if words and wer_bps(edits, words) < CREDIBLE_WER_BPS}


@dataclass(frozen=True)
class GoldCheck:
    """What the credible labelers wrote on one gold item, against its gold transcription."""

    credible: int  # non-blank answers from credible labelers
    agreeing: int  # of those, within GOLD_AGREE_WER_BPS of their consensus
    from_consensus_bps: int  # the gold's word error rate against that consensus (the gold as reference)
    from_nearest_bps: int  # ... against the credible answer nearest to it


def gold_checks(rows: Sequence[tuple[int, str, str]], gold: Mapping[int, str]) -> dict[int, GoldCheck]:
    """Every answered gold item's ``GoldCheck`` (none for an item no credible labeler answered)."""
    credible = credible_labelers(rows)
    crowd_rows = [(i, w, t) for i, w, t in distinct_answers(rows) if i in gold and w in credible]
    if not crowd_rows:
        return {}
    crowd = rover(crowd_rows, {w: 1 for _, w, _ in crowd_rows}, {}, set()).labels
    hyps: dict[int, list[list[str]]] = defaultdict(list)
    for item, _, text in crowd_rows:
        hyps[item].append(transcript_words(text))
    checks = {}
    for item, texts in sorted(hyps.items()):
        ref, words = crowd[item].split(), transcript_words(gold[item])
        checks[item] = GoldCheck(
            len(texts),
            sum(wer_bps(word_edits(ref, t), len(ref)) <= GOLD_AGREE_WER_BPS for t in texts),
            wer_bps(word_edits(words, ref), len(words)),
            min(wer_bps(word_edits(words, t), len(words)) for t in texts),
        )
    return checks


def disputed_transcriptions(answers: Iterable[Answers], gold: Mapping[int, str]) -> tuple[int, ...]:
    """The gold items the credible labelers contradict (see the module docstring): at least
    ``GOLD_LONE_DISPUTE_WER_BPS`` from every credible answer, or, where two or more credible answers agree, at
    least ``GOLD_CROWD_DISPUTE_WER_BPS`` from their consensus."""
    rows = answer_rows(answers)
    if not gold or not rows:
        return ()
    return tuple(
        item
        for item, c in gold_checks(rows, gold).items()
        if c.from_nearest_bps >= GOLD_LONE_DISPUTE_WER_BPS
        or (c.agreeing >= 2 and c.from_consensus_bps >= GOLD_CROWD_DISPUTE_WER_BPS)
    )


def _surfaces(text: str) -> list[tuple[str, str]]:
    """``text``'s words as (normalised word, the token as typed). A token that normalises to no word (a
    dash, an emoji) rides on the word before it (or, first, the word after); one NFKC splits gives bare words."""
    pairs: list[tuple[str, str]] = []
    lead = ""
    for token in text.split():
        words = transcript_words(token)
        if not words:
            if pairs:
                pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]} {token}")
            else:
                lead += f"{token} "
        elif len(words) == 1:
            pairs.append((words[0], lead + token))
            lead = ""
        else:
            pairs += [(w, w) for w in words]
    return pairs


def _punctuation(text: str) -> tuple[str, str]:
    """The punctuation and symbols ``text`` starts and ends with."""
    kept = [k for k, ch in enumerate(text) if unicodedata.category(ch)[0] not in _DROPPED and not ch.isspace()]
    if not kept:
        return text, ""
    return text[: kept[0]], text[kept[-1] + 1 :]


def _shaped(word: str, token: str) -> str:
    """``word`` (normalised) written in the place of ``token``: its capital and the punctuation around it."""
    head, tail = _punctuation(token)
    core = token[len(head) : len(token) - len(tail)]
    shaped = head + (word[:1].upper() + word[1:] if core[:1].isupper() else word) + tail
    return shaped if transcript_words(shaped) == [word] else word


def readable(words: Sequence[str], answers: Sequence[str]) -> str:
    """The consensus ``words`` as the labelers wrote them: the answer closest to them (``answers`` in order
    of preference, ties to the first) edited into exactly those words, a word it shares kept as typed (case,
    punctuation), a word it got wrong taking the wrong word's shape, a missing word added bare. The result
    normalises (``transcript_words``) to ``words`` (else the bare words are returned: a combining mark typed
    after a punctuation mark composes with the letter before it once the mark is gone, so such words do not
    normalise to themselves, bare or not)."""
    from nltk.metrics.distance import edit_distance_align

    words = list(words)
    plain = " ".join(words)
    pairs = _surfaces(min(answers, key=lambda a: word_edits(words, transcript_words(a)))) if answers else []
    if not words or not pairs:
        return plain
    out: list[str] = []
    path = edit_distance_align([w for w, _ in pairs], words)
    for (i0, j0), (i1, j1) in zip(path, path[1:], strict=False):
        if j1 == j0:  # a word the consensus drops; the sentence's closing punctuation stays
            if i1 == len(pairs) and j1 == len(words) and out:
                out[-1] += _punctuation(pairs[i0][1])[1]
        elif i1 == i0:
            out.append(words[j0])
        else:
            out.append(pairs[i0][1] if pairs[i0][0] == words[j0] else _shaped(words[j0], pairs[i0][1]))
    text = " ".join(out)
    return text if transcript_words(text) == words else plain


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
    if None in rates.values():  # labelers without a gold rate: the ones no credible crowd backs are left out too
        credible = credible_labelers(rows)
        left_out |= {w for w, rate in rates.items() if rate is None and w not in credible}
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
    hyps = _hypotheses(rows, {w: vote_weight(rate) for w, rate in rates.items()}, left_out)
    delivered = {
        item: gold[item] if item in gold else readable(words.split(), [text for _, text in hyps.get(item, [])])
        for item, words in aggregation.labels.items()
    }
    return Aggregation("rover", delivered, aggregation.confidence, accuracy), verdicts
