"""Data labeling jobs (``kind: label``): the spec, and the three files a label job moves.

A requester names a dataset of items by the CID of an *items manifest* (one CID per item and
the media type: image, text or audio), a label schema (a list of classes, or free text for
transcription: ``type: text`` with ``max_chars``), how many people label each item (``replication``), how many
items go into one task (``batch_size``) and a committed set of **gold items**: items whose right
answer the requester knows, hidden among the others.

Where the gold answers live. Everything a labeler can read is public: the spec, the items
manifest and every task's parameters are in content-addressed storage, and a CID is no secret.
So neither the gold answers nor *which* items are gold appear anywhere a labeler can fetch while
labeling is open. The spec carries only ``gold.items`` (how many) and ``gold.commitment``: the
keccak-256 of the *gold file*, a JSON file that holds the gold items' indices and answers and a
random 32-byte salt (without the salt, a handful of gold answers over a few classes could be
found by trying every combination against the commitment). The requester keeps the file and
reveals it to the oracles once every batch has its answers (``oracles.labeling``); then nothing
a labeler submitted can change any more, the file goes into storage by CID and into the result
manifest, and every committee member and anyone auditing checks it against the commitment.
A gold file that does not match the commitment, the count or the schema is refused; a job whose
gold is never revealed is judged by agreement alone.

The files, each bounded before it is parsed (``LabelFileError`` says what is wrong):

- items manifest: ``{"version": 1, "media": "image", "items": ["bafk…", …]}``, exactly
  ``dataset.items`` CIDs; task ``i`` labels items ``[i·batch_size, (i+1)·batch_size)``;
- answers file (a labeler's result for one task): ``{"version": 1, "task": i, "labels": [...]}``,
  one class (or, for a text schema, one transcription) per item of the batch, in order. The labeler signs the same EIP-712 ``TaskResult`` as
  a GPU worker, with ``digest = answers_digest(...)`` and ``outputCidHash`` the keccak of the
  answers file's CID;
- gold file: ``{"version": 1, "salt": "0x…", "answers": [[item, "class"], …]}``, items ascending.

Free text (``type: text``) is bounded and canonical, so the same words are the same bytes for every
member: an answer (and a gold answer) is at most ``max_chars`` characters, in Unicode NFC, with no
control characters (``text_problem``); ``canonical_text`` is what a labeling desk turns typed text into
before the labeler signs it (NFC, every run of whitespace one space, trimmed). One batch holds at most
``MAX_BATCH_TEXT_CHARS`` characters (``batch_size · max_chars``), which keeps an answers file under the
oracle's request-body cap. Word error rates compare ``transcript_words``: NFKC, case-folded, punctuation
dropped, split on whitespace.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal

from eth_utils import keccak
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from protocol.errors import GPUHiveError
from protocol.jobspec.cid import CIDError, validate_cid
from protocol.jobspec.models import Problem, _Spec
from protocol.jobspec.policies import _Policy
from protocol.jobspec.types import BPS, Cid, Int

MAX_LABEL_ITEMS = 1_000_000  # items in one job's dataset
MAX_BATCH = 1_000  # items in one task
MAX_CLASSES = 64
MAX_CLASS_CHARS = 64
MAX_TEXT_CHARS = 10_000  # one free-text answer
MAX_BATCH_TEXT_CHARS = 40_000  # batch_size · max_chars: an answers file (\uXXXX-escaped at worst) under 256 KiB
MAX_GOLD_TEXT_CHARS = 600_000  # gold.items · max_chars: a gold file (\uXXXX-escaped at worst) under the 4 MiB reveal
MAX_CID_CHARS = 100  # CIDv1 base32 of a sha2-256 digest is 59 characters
FILE_DEPTH = 4  # the deepest of the three files ([[item, class]] in an object)
SALT_BYTES = 32
ANSWERS_V1 = b"gpuhive:digest:labels:v1"


class LabelFileError(GPUHiveError, ValueError):
    """An items manifest, answers file or gold file that cannot be accepted; the message says why."""


# --------------------------------------------------------------------------- the spec


class MediaType(StrEnum):
    IMAGE = "image"
    TEXT = "text"
    AUDIO = "audio"


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"classes must be distinct; {value!r} appears more than once")
        seen.add(value)
    return values


ClassName = Annotated[
    str,
    Field(min_length=1, max_length=MAX_CLASS_CHARS, pattern=r"^[^\x00-\x1f\x7f\"\\]+$"),
]
Bytes32Hex = Annotated[str, Field(pattern=r"^0x[0-9a-f]{64}$")]


class LabelDataset(BaseModel):
    """The items to label: an items manifest by CID."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cid: Cid = Field(description="CID of the items manifest (JSON: version, media, items = one CID per item).")
    items: Int = Field(ge=2, le=MAX_LABEL_ITEMS, description="Items the manifest lists, gold items included.")
    media: MediaType = Field(description="What each item is: image, text or audio.")


class ClassSchema(BaseModel):
    """Each item gets one of a fixed list of classes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["classes"] = Field(description="Pick one class per item.")
    classes: Annotated[list[ClassName], AfterValidator(_unique)] = Field(
        min_length=2, max_length=MAX_CLASSES, description="The classes, in the order a labeling page shows them."
    )


class TextSchema(BaseModel):
    """Free text per item (transcription): aggregated word by word (ROVER), labelers judged by word error rate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["text"] = Field(description="Free text per item (transcription).")
    max_chars: Int = Field(
        1_000, ge=1, le=MAX_TEXT_CHARS, description="Longest answer, in characters (Unicode NFC code points)."
    )


LabelSchema = Annotated[ClassSchema | TextSchema, Field(discriminator="type")]


class GoldSet(BaseModel):
    """The gold items: how many, and a commitment to the (secret, salted) gold file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: Int = Field(ge=1, le=MAX_LABEL_ITEMS, description="Items among the dataset whose answer is known.")
    commitment: Bytes32Hex = Field(
        description="0x + keccak-256 of the gold file (lowercase hex); the file stays with the requester until "
        "every batch is labeled."
    )


class LabelPolicy(_Policy):
    """Gold items and Dawid–Skene: who is paid, who is slashed (``oracles.labeling``).

    A labeler is paid for every batch it labeled unless its answers on the gold items it met show
    (an exact binomial test at ``below_floor_bps``) an accuracy below ``min_gold_accuracy_bps`` (with
    fewer than ``min_gold_answers`` gold answers, its agreement with the aggregated labels stands in). A labeler whose answers carry no information about the
    true labels (random answers, always the same class: its answers look alike whatever the item)
    is a spammer: unpaid and slashed. Both are decided on integer counts, so every member of the
    committee reaches the same verdict.
    """

    method: Literal["label"] = Field("label", description="Gold items and Dawid–Skene aggregation.")
    spot_check_bps: Int = Field(
        0, ge=0, le=0, description="Always 0: labels are checked by gold items and agreement, not by re-running."
    )
    min_gold_accuracy_bps: Int = Field(
        7_000, ge=1, le=BPS, description="Least accuracy on gold items, in basis points, for a labeler to be paid."
    )
    below_floor_bps: Int = Field(
        100,
        ge=1,
        le=5_000,
        description="Significance, in basis points, at which a labeler's gold answers must show it below the "
        "floor before it goes unpaid (an exact binomial test; 100: a labeler exactly at the floor is refused with "
        "chance at most 1 %).",
    )
    min_gold_answers: Int = Field(
        5, ge=1, le=10_000, description="Gold answers a labeler needs before its gold accuracy decides its pay."
    )
    spam_score_bps: Int = Field(
        2_500,
        ge=0,
        le=BPS,
        description="Labelers whose answers depend on the item less than this (0: not at all, as random or "
        "constant answers; 10000: a perfect labeler) are spammers: unpaid and slashed.",
    )
    min_spam_answers: Int = Field(
        20, ge=1, le=100_000, description="Answers a labeler needs before it can be called a spammer."
    )
    max_gold_wer_bps: Int = Field(
        4_000,
        ge=1,
        le=BPS,
        description="Free text only: the highest word error rate, in basis points, on a labeler's gold items "
        "(all its gold words together) for it to be paid.",
    )
    spam_wer_bps: Int = Field(
        9_000,
        ge=1,
        le=100_000,
        description="Free text only: a word error rate at or above this (junk, a constant, blanks) makes a "
        "labeler a spammer: unpaid and slashed.",
    )


class LabelSpec(_Spec):
    """Label a dataset's items by hand: batches of items, several labelers per item, gold items hidden."""

    kind: Literal["label"] = Field(description="Job kind: human data labeling.")
    dataset: LabelDataset = Field(description="The items to label.")
    labels: LabelSchema = Field(description="What a label is: one of a list of classes, or free text.")
    gold: GoldSet = Field(description="The gold items, committed to and revealed to the oracles after labeling.")
    batch_size: Int = Field(20, ge=1, le=MAX_BATCH, description="Items per task (one labeler's batch).")
    replication: Int = Field(
        3,
        ge=2,
        le=5,
        description="Labelers who label each batch independently (labels per item); at least 2, so answers can "
        "be compared.",
    )
    verification: LabelPolicy = Field(LabelPolicy(), description="How labelers are judged and paid.")

    @property
    def num_tasks(self) -> int:
        return -(-self.dataset.items // self.batch_size)

    def batch(self, index: int) -> range:
        """The item indices task ``index`` labels."""
        start = index * self.batch_size
        return range(start, min(start + self.batch_size, self.dataset.items))

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.labels.classes) if isinstance(self.labels, ClassSchema) else ()

    @property
    def free_text(self) -> bool:
        return isinstance(self.labels, TextSchema)

    def _kind_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if isinstance(self.labels, TextSchema) and self.batch_size * self.labels.max_chars > MAX_BATCH_TEXT_CHARS:
            problems.append(
                (
                    ("labels", "max_chars"),
                    f"batch_size {self.batch_size} × max_chars {self.labels.max_chars} is "
                    f"{self.batch_size * self.labels.max_chars:,} characters per batch; at most "
                    f"{MAX_BATCH_TEXT_CHARS:,}: lower max_chars or batch_size",
                    self.labels.max_chars,
                )
            )
        if isinstance(self.labels, TextSchema) and self.gold.items * self.labels.max_chars > MAX_GOLD_TEXT_CHARS:
            problems.append(
                (
                    ("labels", "max_chars"),
                    f"gold.items {self.gold.items} × max_chars {self.labels.max_chars} is "
                    f"{self.gold.items * self.labels.max_chars:,} characters of gold transcriptions; at most "
                    f"{MAX_GOLD_TEXT_CHARS:,} (the gold file must fit the oracles' 4 MiB reveal): lower max_chars",
                    self.labels.max_chars,
                )
            )
        if isinstance(self.labels, TextSchema) and self.verification.spam_wer_bps <= self.verification.max_gold_wer_bps:
            problems.append(
                (
                    ("verification", "spam_wer_bps"),
                    f"spam_wer_bps {self.verification.spam_wer_bps} is at or below max_gold_wer_bps "
                    f"{self.verification.max_gold_wer_bps}: labelers the floor pays would be slashed; raise it",
                    self.verification.spam_wer_bps,
                )
            )
        n, gold = self.dataset.items, self.gold.items
        if gold * 2 > n:
            problems.append(
                (
                    ("gold", "items"),
                    f"{gold} gold items among {n} items; at most half of the items may be gold (they are not "
                    "labeled for the requester's benefit)",
                    gold,
                )
            )
        if self.batch_size > n:
            problems.append(
                (("batch_size",), f"batch_size {self.batch_size} is larger than the dataset ({n} items)", n)
            )
        elif gold * self.batch_size < n:
            problems.append(
                (
                    ("gold", "items"),
                    f"{gold} gold items among {n} items put {gold * self.batch_size / n:.2f} gold items in a batch "
                    f"of {self.batch_size} on average; at least 1 is needed to judge every labeler — add gold "
                    f"items (at least {-(-n // self.batch_size)}) or raise batch_size",
                    gold,
                )
            )
        classes = len(self.classes)
        policy = self.verification
        if classes and policy.min_gold_accuracy_bps * classes <= BPS:
            problems.append(
                (
                    ("verification", "min_gold_accuracy_bps"),
                    f"a floor of {policy.min_gold_accuracy_bps} bps is at or below chance with {classes} classes "
                    f"({BPS // classes} bps): random answers would be paid; raise it above {BPS // classes}",
                    policy.min_gold_accuracy_bps,
                )
            )
        return problems

    def _common_problems(self) -> list[Problem]:
        # replication here is labels per item, compared by agreement, not replicas compared by digest
        return [p for p in super()._common_problems() if p[0] != ("replication",)]


class LabelOutcome(BaseModel):
    """What a label job's result manifest adds (``ResultManifest.labels``): its outputs by CID."""

    model_config = ConfigDict(extra="forbid")

    labels_cid: str = Field(
        description="The labels file: [item index, item CID, label (or transcription), confidence] per item."
    )
    report_cid: str = Field(description="Per labeler: answers, gold and agreement counts, paid or slashed and why.")
    gold_cid: str | None = Field(description="The revealed gold file; None: never revealed (judged by agreement).")


# --------------------------------------------------------------------------- files


def _load(data: bytes, limit: int, what: str) -> dict[str, Any]:
    from protocol.jobspec.canonical import json_depth  # canonical → models → this module

    if not isinstance(data, bytes | bytearray):
        raise LabelFileError(f"the {what} must be bytes")
    if len(data) > limit:
        raise LabelFileError(f"the {what} is {len(data):,} bytes; at most {limit:,} are accepted for this job")
    if json_depth(bytes(data), FILE_DEPTH) > FILE_DEPTH:
        raise LabelFileError(f"the {what} nests deeper than {FILE_DEPTH} levels")
    try:
        doc = json.loads(data, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise LabelFileError(f"the {what} is not JSON: {str(exc)[:200]}") from None
    if not isinstance(doc, dict):
        raise LabelFileError(f"the {what} is a JSON object, not {type(doc).__name__}")
    if doc.get("version") != 1:
        raise LabelFileError(f"the {what} has version {str(doc.get('version'))[:20]!r}; expected 1")
    return doc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _dump(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def items_manifest_limit(spec: LabelSpec) -> int:
    return 256 + spec.dataset.items * (MAX_CID_CHARS + 3)


def items_manifest_bytes(media: MediaType | str, items: Sequence[str]) -> bytes:
    """The items manifest's bytes (what the requester stores and names in ``dataset.cid``)."""
    return _dump({"version": 1, "media": str(MediaType(media)), "items": list(items)})


def parse_items_manifest(data: bytes, spec: LabelSpec) -> list[str]:
    """The item CIDs of ``spec``'s items manifest, checked against the spec (count, media, CIDs)."""
    doc = _load(data, items_manifest_limit(spec), "items manifest")
    if set(doc) != {"version", "media", "items"}:
        raise LabelFileError("an items manifest has exactly the fields version, media and items")
    if doc["media"] != spec.dataset.media.value:
        raise LabelFileError(f"the items manifest says media {str(doc['media'])[:20]!r}, the spec {spec.dataset.media}")
    items = doc["items"]
    if not isinstance(items, list) or len(items) != spec.dataset.items:
        count = len(items) if isinstance(items, list) else "no list of"
        raise LabelFileError(f"the items manifest lists {count} items; the spec says {spec.dataset.items}")
    for i, cid in enumerate(items):
        try:
            if not isinstance(cid, str) or len(cid) > MAX_CID_CHARS:
                raise CIDError("not a CID string")
            validate_cid(cid)
        except CIDError as exc:
            raise LabelFileError(f"item {i} of the items manifest: {exc}") from None
    return items


def _label_chars(spec: LabelSpec) -> int:
    return spec.labels.max_chars if isinstance(spec.labels, TextSchema) else MAX_CLASS_CHARS


def answers_limit(spec: LabelSpec) -> int:
    return 128 + spec.batch_size * (6 * _label_chars(spec) + 3)  # a label escaped as \uXXXX at worst


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def canonical_text(text: str) -> str:
    """Typed text as a labeling desk stores it: NFC, each run of whitespace (newlines too) one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_problem(text: object, max_chars: int) -> str | None:
    """Why ``text`` is not an acceptable free-text answer (None: it is): a string of at most ``max_chars``
    characters, in NFC, without control characters or surrounding whitespace (``canonical_text`` gives one)."""
    if not isinstance(text, str):
        return f"a transcription is a string, not {type(text).__name__}"
    if len(text) > max_chars:
        return f"{len(text):,} characters; at most {max_chars:,} (labels.max_chars)"
    if _CONTROL.search(text):
        return "control characters are not allowed (write newlines as spaces)"
    if not unicodedata.is_normalized("NFC", text):
        return "not in Unicode NFC form (canonical_text normalises it)"
    if text != text.strip():
        return "leading or trailing whitespace (canonical_text trims it)"
    return None


_PUNCT = frozenset("PS")  # Unicode categories dropped from words: punctuation, symbols


def transcript_words(text: str) -> list[str]:
    """The words a word error rate compares: NFKC, case-folded, punctuation and symbols dropped, split on spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join("" if unicodedata.category(ch)[0] in _PUNCT else ch for ch in folded)
    return kept.split()


def _label_problem(spec: LabelSpec, label: object) -> str | None:
    if isinstance(spec.labels, TextSchema):
        return text_problem(label, spec.labels.max_chars)
    if not isinstance(label, str) or label not in spec.classes:
        return f"{str(label)[:MAX_CLASS_CHARS]!r} is not one of the job's classes"
    return None


def answers_bytes(task_index: int, labels: Sequence[str]) -> bytes:
    """A labeler's answers file for one task: one class per item of the batch, in order."""
    return _dump({"version": 1, "task": task_index, "labels": list(labels)})


def answers_digest(task_index: int, labels: Sequence[str]) -> bytes:
    """The 32 bytes a labeler signs in its ``TaskResult``: sha-256 of the task and its labels, length-prefixed."""
    h = hashlib.sha256(ANSWERS_V1)
    h.update(task_index.to_bytes(8, "big"))
    h.update(len(labels).to_bytes(8, "big"))
    for label in labels:
        raw = label.encode()
        h.update(len(raw).to_bytes(8, "big"))
        h.update(raw)
    return h.digest()


def parse_answers(data: bytes, spec: LabelSpec, task_index: int) -> list[str]:
    """The labels of an answers file for task ``task_index``, checked against the spec: one class per item."""
    doc = _load(data, answers_limit(spec), "answers file")
    if set(doc) != {"version", "task", "labels"}:
        raise LabelFileError("an answers file has exactly the fields version, task and labels")
    if doc["task"] != task_index or isinstance(doc["task"], bool):
        raise LabelFileError(f"the answers file is for task {str(doc['task'])[:20]}, not task {task_index}")
    labels, batch = doc["labels"], spec.batch(task_index)
    if not isinstance(labels, list) or len(labels) != len(batch):
        count = len(labels) if isinstance(labels, list) else "no list of"
        raise LabelFileError(f"the answers file has {count} labels; task {task_index} has {len(batch)} items")
    for offset, label in enumerate(labels):
        if (problem := _label_problem(spec, label)) is not None:
            raise LabelFileError(f"item {batch[offset]}: {problem}")
    return labels


def gold_limit(spec: LabelSpec) -> int:
    return 256 + spec.gold.items * (6 * _label_chars(spec) + 16)


def gold_file_bytes(salt: bytes, answers: dict[int, str]) -> bytes:
    """The gold file: the salt and the gold items' answers, items ascending. Keep it secret until labeling ends."""
    if len(salt) != SALT_BYTES:
        raise LabelFileError(f"the salt is {SALT_BYTES} random bytes (secrets.token_bytes({SALT_BYTES}))")
    return _dump({"version": 1, "salt": "0x" + salt.hex(), "answers": [[i, answers[i]] for i in sorted(answers)]})


def new_gold_file(answers: Mapping[int, str]) -> tuple[bytes, str]:
    """A gold file for ``answers`` (item index → class) with a fresh random salt, and the ``gold.commitment``
    to put in the spec. Keep the file private until every batch is labeled."""
    data = gold_file_bytes(secrets.token_bytes(SALT_BYTES), dict(answers))
    return data, gold_commitment(data)


def gold_commitment(data: bytes) -> str:
    """``gold.commitment`` for a gold file: 0x + keccak-256 of its bytes."""
    return "0x" + keccak(data).hex()


_SALT = re.compile(r"0x[0-9a-f]{64}")


def parse_gold(data: bytes, spec: LabelSpec) -> dict[int, str]:
    """The gold answers (item index → class) of a revealed gold file, checked against the spec's commitment."""
    if len(data) <= gold_limit(spec) and gold_commitment(bytes(data)) != spec.gold.commitment:
        raise LabelFileError("the gold file does not match the spec's gold.commitment")
    doc = _load(data, gold_limit(spec), "gold file")
    if set(doc) != {"version", "salt", "answers"}:
        raise LabelFileError("a gold file has exactly the fields version, salt and answers")
    if not isinstance(doc["salt"], str) or not _SALT.fullmatch(doc["salt"]):
        raise LabelFileError(f"the gold file's salt is 0x and {SALT_BYTES} bytes in lowercase hex")
    pairs = doc["answers"]
    if not isinstance(pairs, list) or len(pairs) != spec.gold.items:
        count = len(pairs) if isinstance(pairs, list) else "no list of"
        raise LabelFileError(f"the gold file has {count} answers; the spec says {spec.gold.items}")
    answers: dict[int, str] = {}
    last = -1
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and type(pair[0]) is int and isinstance(pair[1], str)):
            raise LabelFileError("each gold answer is [item index, class]")
        item, label = pair
        if not last < item < spec.dataset.items:
            raise LabelFileError(f"gold item {item}: items must ascend, each once, below {spec.dataset.items}")
        if (problem := _label_problem(spec, label)) is not None:
            raise LabelFileError(f"gold item {item}: {problem}")
        answers[item] = label
        last = item
    return answers


def labels_file_bytes(classes: Sequence[str], rows: Sequence[tuple[int, str, str, float]]) -> bytes:
    """The job's result: one row per labeled item, ``[item index, item CID, label, confidence]`` (the label's
    posterior probability, to 4 decimals)."""
    return _dump(
        {
            "version": 1,
            "classes": list(classes),
            "labels": [[i, cid, label, round(confidence, 4)] for i, cid, label, confidence in rows],
        }
    )
