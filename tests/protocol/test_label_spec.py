"""kind: label — the spec's field-level errors, its slicing, `gpuhive job validate`, and the three files a
label job moves (items manifest, answers file, gold file), each bounded and checked, with the gold answers
kept out of everything a labeler can read."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from protocol.jobspec import SpecError, canonical_bytes, load_spec, parse_spec, slice_tasks, spec_hash
from protocol.jobspec.cli import app
from protocol.jobspec.label import (
    LabelFileError,
    LabelSpec,
    answers_bytes,
    answers_limit,
    canonical_text,
    gold_commitment,
    gold_file_bytes,
    items_manifest_bytes,
    new_gold_file,
    parse_answers,
    parse_gold,
    parse_items_manifest,
    text_problem,
    transcript_words,
)
from protocol.storage.cid import cid_of_bytes
from tests.support.labelers import LabelJob


@pytest.fixture(scope="module")
def job() -> LabelJob:
    return LabelJob(items=200, gold_items=20, batch_size=20)


def _spec(job: LabelJob, **changes) -> dict:
    doc = json.loads(json.dumps(job.spec_doc))
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target = doc
        for key in parents:
            target = target[key]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return doc


def _issues(doc: dict) -> dict[str, str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(doc)
    return {issue.path: issue.message for issue in caught.value.issues}


def test_label_spec__valid__slices_into_batches_with_defaults(job):
    spec = job.spec
    assert isinstance(spec, LabelSpec) and spec.num_tasks == 10 and spec.replication == 3
    tasks = slice_tasks(spec)
    assert len(tasks) == 10
    assert tasks[0].params == {"item_start": 0, "item_end": 20} and tasks[9].params == {
        "item_start": 180,
        "item_end": 200,
    }
    assert tasks[3].kind == "label" and tasks[3].outputs == ("answers.json",)
    assert spec.budget_needed == 10 * 3 * spec.reward_per_task  # no spot checks: gold items ride in the batches
    again = load_spec(json.dumps(job.spec_doc), "json")
    assert canonical_bytes(again) == canonical_bytes(spec) and spec_hash(again) == spec_hash(spec)


def test_label_spec__last_batch_short__covers_every_item_once(job):
    spec = parse_spec(_spec(job, **{"dataset.items": 205, "gold.items": 21}))
    tasks = slice_tasks(spec)
    assert len(tasks) == 11 and tasks[10].params == {"item_start": 200, "item_end": 205}


def _text_job(job: LabelJob, **changes) -> LabelSpec:
    spec = parse_spec(_spec(job, labels={"type": "text", "max_chars": 200}, **changes))
    assert isinstance(spec, LabelSpec)
    return spec


def test_label_spec__free_text__accepted_with_bounded_length(job):
    spec = _text_job(job)
    assert spec.free_text and spec.classes == () and spec.labels.max_chars == 200
    assert len(slice_tasks(spec)) == 10
    too_long = _issues(_spec(job, labels={"type": "text", "max_chars": 10_001}))
    assert "less than or equal to 10000" in too_long["labels.max_chars"]
    per_batch = _issues(_spec(job, labels={"type": "text", "max_chars": 5_000}))
    assert "100,000 characters per batch; at most 40,000" in per_batch["labels.max_chars"]
    unknown = _issues(_spec(job, labels={"type": "text", "classes": ["a", "b"]}))
    assert "unknown field" in unknown["labels.classes"]
    slash_below_floor = _issues(_spec(job, labels={"type": "text"}, verification={"spam_wer_bps": 3_000}))
    assert "at or below max_gold_wer_bps" in slash_below_floor["verification.spam_wer_bps"]


def test_answers__free_text__canonical_unicode_and_bounded(job):
    spec = _text_job(job)
    texts = [canonical_text(f"  Caf\u0065\u0301 number {i}\n") for i in range(20)]
    assert texts[0] == "Caf\u00e9 number 0" and parse_answers(answers_bytes(4, texts), spec, 4) == texts
    assert parse_answers(answers_bytes(4, [""] * 20), spec, 4) == [""] * 20  # an item left blank (inaudible)
    for bad, words in (
        ("x" * 201, "201 characters; at most 200"),
        ("Cafe\u0301", "NFC"),
        ("a\nb", "control characters"),
        (" a", "whitespace"),
        (7, "is a string"),
    ):
        with pytest.raises(LabelFileError, match=words):
            parse_answers(answers_bytes(4, texts[:19] + [bad]), spec, 4)
    assert text_problem("ok", 2) is None
    assert transcript_words("Hello, WORLD! It\u2019s \ufb01ne") == ["hello", "world", "its", "fine"]


def test_gold__free_text__parses_transcriptions_and_refuses_bad_text(job):
    gold = {i: f"the gold text {i}" for i in range(0, 200, 10)}
    data = gold_file_bytes(b"\x01" * 32, gold)
    spec = _text_job(job, **{"gold.commitment": gold_commitment(data)})
    assert parse_gold(data, spec) == gold
    bad = gold_file_bytes(b"\x01" * 32, {**gold, 0: "tab\there"})
    with pytest.raises(LabelFileError, match="gold item 0: control characters"):
        parse_gold(bad, _text_job(job, **{"gold.commitment": gold_commitment(bad)}))


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"gold.items": 5}, "gold.items", "at least 1 is needed"),
        ({"gold.items": 150}, "gold.items", "at most half"),
        ({"batch_size": 500}, "batch_size", "larger than the dataset"),
        ({"verification": {"min_gold_accuracy_bps": 2500}}, "verification.min_gold_accuracy_bps", "chance"),
        ({"verification": {"spot_check_bps": 100}}, "verification.spot_check_bps", "less than or equal to 0"),
        ({"labels.classes": ["cat", "cat"]}, "labels.classes", "distinct"),
        ({"labels.classes": ["only"]}, "labels.classes", "at least 2"),
        ({"labels.classes": [f"c{i}" for i in range(65)]}, "labels.classes", "at most 64"),
        ({"labels.classes": ["x" * 65, "y"]}, "labels.classes[0]", "at most 64"),
        ({"labels.classes": ["a\nb", "y"]}, "labels.classes[0]", "pattern"),
        ({"gold.commitment": "0x1234"}, "gold.commitment", "pattern"),
        ({"gold.answers": {"1": "cat"}}, "gold.answers", "unknown field"),
        ({"dataset.media": "video"}, "dataset.media", "image"),
        ({"dataset.cid": "not-a-cid"}, "dataset.cid", "CID"),
        ({"dataset.items": 2_000_000}, "dataset.items", "less than or equal"),
        ({"replication": 1}, "replication", "greater than or equal to 2"),
        ({"batch_size": 0}, "batch_size", "greater than or equal to 1"),
        ({"gold": None}, "gold", "required"),
    ],
)
def test_label_spec__bad_field__error_at_that_field(job, changes, path, words):
    issues = _issues(_spec(job, **changes))
    assert path in issues, issues
    assert words in issues[path]


def test_label_spec__replication_above_one__allowed_without_the_hash_policy(job):
    assert parse_spec(_spec(job, replication=5)).replication == 5


def test_label_spec__budget_short__says_by_how_much(job):
    issues = _issues(_spec(job, budget=str(10**18)))
    assert "short by" in issues["budget"]


def test_gpuhive_job_validate__label_spec__prints_tasks_and_promise(job, tmp_path):
    path = tmp_path / "label.json"
    path.write_text(json.dumps(job.spec_doc))
    result = CliRunner().invoke(app, ["validate", str(path), "--json", "--now", "1700000000"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.splitlines()[-1])
    assert summary["kind"] == "label" and summary["num_tasks"] == 10
    assert "Dawid–Skene" in summary["verification"] and "20 hidden gold items" in summary["verification"]
    path.write_text(json.dumps(_spec(job, labels={"type": "text"})))
    result = CliRunner().invoke(app, ["validate", str(path), "--json", "--now", "1700000000"])
    assert result.exit_code == 0, result.output
    assert "ROVER" in json.loads(result.output.splitlines()[-1])["verification"]
    path.write_text(json.dumps(_spec(job, labels={"type": "text", "max_chars": 0})))
    result = CliRunner().invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["errors"][0]["field"] == "labels.max_chars"


# --------------------------------------------------------------------------- files


def test_items_manifest__the_jobs__parses_to_its_cids(job):
    assert parse_items_manifest(job.manifest, job.spec) == job.item_cids
    assert cid_of_bytes(job.manifest) == job.spec.dataset.cid


@pytest.mark.parametrize(
    ("mangle", "words"),
    [
        (lambda d: {**d, "items": d["items"][:-1]}, "lists 199 items"),
        (lambda d: {**d, "media": "audio"}, "media"),
        (lambda d: {**d, "items": ["bafy-not-a-cid", *d["items"][1:]]}, "item 0"),
        (lambda d: {**d, "items": [7, *d["items"][1:]]}, "item 0"),
        (lambda d: {**d, "extra": 1}, "exactly the fields"),
        (lambda d: {**d, "version": 2}, "version"),
    ],
)
def test_items_manifest__malformed__refused_saying_why(job, mangle, words):
    data = json.dumps(mangle(json.loads(job.manifest))).encode()
    with pytest.raises(LabelFileError, match=words):
        parse_items_manifest(data, job.spec)


def test_items_manifest__oversized_or_deep__refused_before_parsing(job):
    with pytest.raises(LabelFileError, match="at most"):
        parse_items_manifest(b" " * 10_000_000, job.spec)
    with pytest.raises(LabelFileError, match="nests deeper"):
        parse_items_manifest(b"[" * 10_000, job.spec)


def test_answers__one_class_per_item__parse(job):
    labels = ["cat"] * 20
    assert parse_answers(answers_bytes(4, labels), job.spec, 4) == labels


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (answers_bytes(3, ["cat"] * 20), "for task 3, not task 4"),
        (answers_bytes(4, ["cat"] * 19), "19 labels; task 4 has 20"),
        (answers_bytes(4, ["cat"] * 19 + ["wolf"]), "item 99: 'wolf' is not one of"),
        (answers_bytes(4, ["cat"] * 19 + [1]), "is not one of"),
        (b"\xff\xfe", "not JSON"),
        (b'{"version": 1, "task": 4, "labels": NaN}', "not JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"version": 1, "task": True, "labels": ["cat"] * 20}).encode(), "not task 4"),
        (json.dumps({"version": 1, "task": 4, "labels": ["cat"] * 20, "gold": 1}).encode(), "exactly the fields"),
        (b"[" * 50 + b"]" * 50, "nests deeper"),
    ],
)
def test_answers__malformed__refused_saying_why(job, data, words):
    with pytest.raises(LabelFileError, match=words):
        parse_answers(data, job.spec, 4)


def test_answers__oversized__refused_before_parsing(job):
    with pytest.raises(LabelFileError, match="at most"):
        parse_answers(b" " * (answers_limit(job.spec) + 1), job.spec, 4)


def test_gold__revealed_file__matches_the_commitment(job):
    assert parse_gold(job.gold_file, job.spec) == job.gold


def test_gold__other_answers_or_salt__refused(job):
    forged = dict(job.gold)
    first = next(iter(forged))
    forged[first] = "dog" if forged[first] != "dog" else "cat"
    with pytest.raises(LabelFileError, match="does not match"):
        parse_gold(gold_file_bytes(bytes.fromhex(json.loads(job.gold_file)["salt"][2:]), forged), job.spec)
    with pytest.raises(LabelFileError, match="does not match"):
        parse_gold(gold_file_bytes(bytes(32), job.gold), job.spec)


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ([[1, "cat"]], "1 answers; the spec says 20"),
        ([[i, "wolf"] for i in range(20)], "'wolf' is not one of"),
        ([[19 - i, "cat"] for i in range(20)], "must ascend"),
        ([[i, "cat"] for i in range(190, 210)], "below 200"),
        ([["0", "cat"]] + [[i, "cat"] for i in range(1, 20)], "\\[item index, class\\]"),
    ],
)
def test_gold__malformed_but_committed__refused_saying_why(job, answers, words):
    data = json.dumps({"version": 1, "salt": "0x" + "ab" * 32, "answers": answers}).encode()
    spec = parse_spec(_spec(job, **{"gold.commitment": gold_commitment(data)}))
    with pytest.raises(LabelFileError, match=words):
        parse_gold(data, spec)


def test_gold__never_in_what_a_labeler_reads(job):
    """The spec, the items manifest and every task's parameters carry neither the gold answers, nor which
    items are gold, nor the salt; the commitment cannot be recomputed from the answers without the salt."""
    public = canonical_bytes(job.spec) + job.manifest
    public += b"".join(json.dumps(t.to_json()).encode() for t in slice_tasks(job.spec))
    salt = json.loads(job.gold_file)["salt"]
    assert salt[2:].encode() not in public and salt.encode() not in public
    gold_list = json.dumps([[i, c] for i, c in sorted(job.gold.items())], separators=(",", ":")).encode()
    assert gold_list not in public and b"gold_file" not in public
    assert str(sorted(job.gold)).encode() not in public
    assert job.spec.gold.model_dump().keys() == {"items", "commitment"}
    unsalted = gold_commitment(
        json.dumps({"version": 1, "answers": [[i, c] for i, c in sorted(job.gold.items())]}).encode()
    )
    assert unsalted != job.spec.gold.commitment
    # the items manifest is the same whether an item is gold or not: CIDs and the media type only
    assert set(json.loads(job.manifest)) == {"version", "media", "items"}


def test_items_manifest_bytes__round_trip(job):
    data = items_manifest_bytes("text", job.item_cids)
    spec = parse_spec(_spec(job, **{"dataset.media": "text", "dataset.cid": cid_of_bytes(data)}))
    assert parse_items_manifest(data, spec) == job.item_cids


def test_new_gold_file__fresh_salt_each_time__commitment_matches(job):
    first, commitment = new_gold_file(job.gold)
    second, other = new_gold_file(job.gold)
    assert commitment != other and json.loads(first)["salt"] != json.loads(second)["salt"]
    spec = parse_spec(_spec(job, **{"gold.commitment": commitment}))
    assert parse_gold(first, spec) == job.gold
