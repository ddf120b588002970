"""Free-text label jobs (transcription) on simulated transcribers (tests/support/transcribers.py): ROVER with
vote weights from gold beats one labeler per item and a whole-text majority vote, junk typists and a constant
copier are unpaid and slashed, the honest (careful and noisy) are paid, without gold the aggregate stands in,
and the verdict goes through the result manifest and a member's audit like a class job's."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from oracles.labeling.aggregate import answer_rows
from oracles.labeling.batches import check_batch
from oracles.labeling.job import judge_label_job
from oracles.labeling.text import vote_weight, wer_bps, word_edits
from protocol.jobspec.label import parse_gold, transcript_words
from tests.support.labelers import DOMAIN, JOB_ID, run_job
from tests.support.transcribers import SimTranscriber, TextJob, transcribers

SEED = 1


@pytest.fixture(scope="module")
def world():
    job = TextJob(items=120, gold_items=40, batch_size=10, seed=SEED)
    pool = transcribers(seed=SEED)
    answers = [check_batch(job.spec, DOMAIN, JOB_ID, b) for b in run_job(job, pool, seed=SEED)]
    verdict = judge_label_job(job.spec, job.item_cids, answers, parse_gold(job.gold_file, job.spec))
    return job, pool, answers, verdict


def _wer(job: TextJob, texts: dict[int, str]) -> float:
    edits = words = 0
    for i in range(job.items):
        if i not in job.gold:
            ref = transcript_words(job.truth[i])
            edits += word_edits(ref, transcript_words(texts[i]))
            words += len(ref)
    return edits / words


def test_rover__junk_in_the_crowd__beats_one_labeler_per_item_and_majority_vote(world):
    job, _, answers, verdict = world
    rover = _wer(job, verdict.aggregation.labels)
    first = {a.items[k]: a.labels[k] for a in answers if a.replica == 0 for k in range(len(a.items))}
    texts = defaultdict(list)
    for item, _, text in answer_rows(answers):
        texts[item].append(" ".join(transcript_words(text)))
    majority = {i: Counter(t).most_common(1)[0][0] for i, t in texts.items()}
    single, whole = _wer(job, first), _wer(job, majority)
    assert rover < single - 0.1 and rover < whole - 0.1, (rover, single, whole)  # seed 1: 0.06, 0.36, 0.44
    assert rover < 0.1


def test_pay__transcribers__honest_paid_junk_and_copier_unpaid_and_slashed(world):
    _, pool, _, verdict = world
    kinds = {t.address: t.kind for t in pool}
    for worker, v in verdict.labelers.items():
        if kinds[worker] in ("good", "noisy"):
            assert v.paid and not v.slashed and v.reason.startswith("paid: gold word error rate"), v
        else:
            assert not v.paid and v.slashed and v.wer_bps >= 9_000, v
    assert all(verdict.paid[t] for t in verdict.paid)  # every batch has a paid labeler
    assert {kinds[w] for ws in verdict.slashed.values() for w in ws} == {"junk", "constant"}


def test_pay__careless_typist__unpaid_not_slashed():
    job = TextJob(items=60, gold_items=20, batch_size=10, seed=4)
    pool = transcribers(seed=4)[:2] + [SimTranscriber("careless", "noisy", error=0.6, seed=4)]
    answers = [check_batch(job.spec, DOMAIN, JOB_ID, b) for b in run_job(job, pool, seed=4)]
    verdict = judge_label_job(job.spec, job.item_cids, answers, parse_gold(job.gold_file, job.spec))
    careless = verdict.labelers[pool[-1].address]
    assert not careless.paid and not careless.slashed and careless.reason.startswith("unpaid"), careless
    assert all(verdict.labelers[t.address].paid for t in pool[:2])


def test_pay__gold_never_revealed__judged_against_the_aggregate(world):
    job, pool, answers, _ = world
    verdict = judge_label_job(job.spec, job.item_cids, answers, None)
    kinds = {t.address: t.kind for t in pool}
    assert {kinds[w] for w, v in verdict.labelers.items() if v.paid} == {"good", "noisy"}
    assert {kinds[w] for w, v in verdict.labelers.items() if v.slashed} == {"junk", "constant"}
    assert "differ from the aggregate" in next(iter(verdict.labelers.values())).reason


def test_word_error_rate__edits_and_weights__as_documented():
    assert word_edits("the cat sat".split(), "the bat sat down".split()) == 2
    assert word_edits([], ["a"]) == 1 and word_edits(["a", "b"], []) == 2
    assert wer_bps(1, 4) == 2_500 and wer_bps(0, 0) == 0 and wer_bps(2, 0) == 20_000
    assert (vote_weight(None), vote_weight(500), vote_weight(2_000), vote_weight(9_000)) == (1, 3, 1, 1)


def test_labels_file__transcriptions__aggregate_with_confidence_and_gold_kept(world):
    import json

    job, _, _, verdict = world
    doc = json.loads(verdict.labels_file)
    assert doc["classes"] == [] and len(doc["labels"]) == job.items
    gold_item = next(iter(job.gold))
    row = doc["labels"][gold_item]
    assert row[:3] == [gold_item, job.item_cids[gold_item], " ".join(transcript_words(job.gold[gold_item]))]
    assert all(0.0 <= r[3] <= 1.0 for r in doc["labels"])
