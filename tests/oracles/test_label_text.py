"""Free-text label jobs (transcription) on simulated transcribers (tests/support/transcribers.py): ROVER with
vote weights from gold beats one labeler per item and a whole-text majority vote, junk typists and a constant
copier are unpaid and slashed, the honest (careful and noisy) are paid, without gold the aggregate stands in,
a requester's false gold transcriptions are disputed (honest labelers stay paid) while true gold still catches
junk, blanks and copiers, and the labels file delivers the consensus as the labelers typed it."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict

import pytest

from oracles.labeling.aggregate import answer_rows
from oracles.labeling.batches import check_batch
from oracles.labeling.job import judge_label_job
from oracles.labeling.text import readable, vote_weight, wer_bps, word_edits
from protocol.jobspec.label import parse_gold, transcript_words
from tests.support.labelers import DOMAIN, JOB_ID, run_job
from tests.support.transcribers import VOCABULARY, SimTranscriber, TextJob, transcribers

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
    job, _, _, verdict = world
    doc = json.loads(verdict.labels_file)
    assert doc["classes"] == [] and len(doc["labels"]) == job.items
    gold_item = next(iter(job.gold))
    row = doc["labels"][gold_item]
    assert row[:3] == [gold_item, job.item_cids[gold_item], " ".join(transcript_words(job.gold[gold_item]))]
    assert all(0.0 <= r[3] <= 1.0 for r in doc["labels"])


def _garbage(job: TextJob, share: float, seed: int) -> tuple[dict[int, str], set[int]]:
    """The job's gold with ``share`` of its items replaced by random sentences (a requester's false gold)."""
    rng = random.Random(f"false gold {seed}")
    falsified = set(rng.sample(sorted(job.gold), round(share * len(job.gold))))
    sentence = lambda: " ".join(rng.choices(VOCABULARY, k=rng.randint(6, 14)))  # noqa: E731
    return {i: sentence() if i in falsified else t for i, t in job.gold.items()}, falsified


@pytest.mark.parametrize("share", [0.5, 1.0])
def test_false_gold__requester_reveals_garbage_transcriptions__disputed_and_honest_paid(world, share):
    job, pool, answers, _ = world
    false_gold, falsified = _garbage(job, share, SEED)
    verdict = judge_label_job(job.spec, job.item_cids, answers, false_gold)
    assert set(verdict.disputed_gold) >= falsified  # every garbage transcription (seed 1: 20 of 20, 40 of 40)
    assert len(set(verdict.disputed_gold) - falsified) <= 1  # true gold left out (seed 1: 0)
    assert json.loads(verdict.report)["disputed_gold"] == list(verdict.disputed_gold)
    kinds = {t.address: t.kind for t in pool}
    for worker, v in verdict.labelers.items():
        honest = kinds[worker] in ("good", "noisy")
        assert v.paid == honest and v.slashed != honest, v


def test_false_gold__without_the_dispute__honest_would_be_unpaid(world, monkeypatch):
    """The check matters: the same garbage gold, not disputed, pushes the honest over the 40 % pay floor."""
    import oracles.labeling.job as job_module

    job, pool, answers, _ = world
    false_gold, _ = _garbage(job, 0.5, SEED)
    monkeypatch.setattr(job_module, "disputed_transcriptions", lambda *_: ())
    verdict = judge_label_job(job.spec, job.item_cids, answers, false_gold)
    honest = [verdict.labelers[t.address] for t in pool if t.kind in ("good", "noisy")]
    assert not any(v.paid for v in honest), honest


def test_true_gold__junk_blanks_and_two_copiers__not_disputed_and_all_three_kinds_unpaid_and_slashed():
    """True gold still catches junk typists, blank answers and two accounts copying the same text: they agree
    with each other on the items they share, but they are not credible, so they cannot dispute the gold."""
    job = TextJob(items=120, gold_items=40, batch_size=10, seed=5)
    pool = transcribers(seed=5)[:4] + [
        SimTranscriber("junk", "junk", seed=5),
        SimTranscriber("blank", "constant", constant="", seed=5),
        SimTranscriber("copier0", "constant", constant="Thank you for watching.", seed=5),
        SimTranscriber("copier1", "constant", constant="Thank you for watching.", seed=5),
    ]
    answers = [check_batch(job.spec, DOMAIN, JOB_ID, b) for b in run_job(job, pool, seed=5)]
    verdict = judge_label_job(job.spec, job.item_cids, answers, parse_gold(job.gold_file, job.spec))
    assert len(verdict.disputed_gold) <= 1, verdict.disputed_gold  # seed 5: none
    for t in pool:
        v = verdict.labelers[t.address]
        honest = t.kind in ("good", "noisy")
        assert v.paid == honest and v.slashed != honest and (honest or v.wer_bps >= 9_000), v


def test_labels_file__consensus__delivered_as_typed_and_scores_as_normalised(world):
    job, _, _, verdict = world
    doc = json.loads(verdict.labels_file)
    rows = [r for r in doc["labels"] if r[0] not in job.gold]
    assert all(r[2][:1].isupper() and r[2].endswith(".") for r in rows)  # the typists' capital and full stop
    assert _wer(job, verdict.aggregation.labels) < 0.1
    cased = {i: t[:1].upper() + t[1:] + "!" for i, t in job.gold.items()}  # gold as the requester wrote it
    with_cased = judge_label_job(job.spec, job.item_cids, world[2], cased)
    assert [r[2] for r in json.loads(with_cased.labels_file)["labels"] if r[0] in job.gold] == list(cased.values())


def test_readable__typed_answers__consensus_words_with_their_case_and_punctuation():
    words = "hello world how are you".split()
    assert readable(words, ["Hello, wrld how you doing?", "hello"]) == "Hello, world how are you?"
    assert readable(words, ["hello world how are you", "Hello, world how are you?"]) == "hello world how are you"
    assert readable("the cat".split(), ["— The  cat! 😀"]) == "— The cat! 😀"
    assert readable("dont stop".split(), ["Don't STOP."]) == "Don't STOP."
    assert readable(words, []) == readable(words, [""]) == "hello world how are you"
    assert readable([], ["Anything."]) == ""
    for answer in ("Hello, wrld how you doing?", "HOW are you, world hello", "¿Hola? world"):
        assert transcript_words(readable(words, [answer])) == words


def test_judge__same_answers_in_any_order__same_bytes(world):
    job, _, answers, verdict = world
    false_gold, _ = _garbage(job, 0.5, SEED)
    shuffled = list(answers)
    random.Random(2).shuffle(shuffled)
    again = judge_label_job(job.spec, job.item_cids, shuffled, parse_gold(job.gold_file, job.spec))
    assert (again.labels_file, again.report) == (verdict.labels_file, verdict.report)
    one = judge_label_job(job.spec, job.item_cids, answers, false_gold)
    two = judge_label_job(job.spec, job.item_cids, shuffled[::-1], false_gold)
    assert (one.labels_file, one.report, one.disputed_gold) == (two.labels_file, two.report, two.disputed_gold)
