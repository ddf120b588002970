"""Simulated transcribers for free-text label jobs (``labels: {type: text}``), next to ``labelers.py``.

``TextJob`` builds audio-like items, each "saying" a sentence drawn from a small vocabulary with a seed,
its items manifest, a salted gold file of gold transcriptions and the spec. ``SimTranscriber`` types what
it hears the way its ``kind`` says: ``good`` and ``noisy`` get each word wrong with chance ``error``
(a wrong word, a dropped word or an extra one, split evenly) and write the sentence with a capital and a
full stop (normalisation must ignore both); ``junk`` types random words; ``constant`` always types the same
text. It signs the same ``TaskResult`` as any labeler (``SimLabeler.submit``), and sees only the item
CIDs, the truth standing in for its ears (``TextJob.shows``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from protocol.jobspec.canonical import parse_spec
from protocol.jobspec.label import LabelSpec, gold_commitment, gold_file_bytes, items_manifest_bytes
from protocol.storage.cid import cid_of_bytes
from tests.support.labelers import JOB_ID, SimLabeler

VOCABULARY = tuple(
    "the a of to and in is it you that he was for on are with as his they be at one have this from or had by "
    "hot word but what some we can out other were all there when up use your how said an each she which do "
    "their time if will way about many then them write would like so these her long make thing see him two "
    "has look more day could go come did number sound no most people my over know water than call first who "
    "may down side been now find any new work part take get place made live where after back little only "
    "round man year came show every good me give our under name very through just form sentence great think "
    "say help low line differ turn cause much mean before move right boy old too same tell does set three "
    "want air well also play small end put home read hand port large spell add even land here must big high "
    "such follow act why ask men change went light kind off need house picture try us again animal point "
    "mother world near build self earth father head stand own page should country found answer school grow "
    "study still learn plant cover food sun four between state keep eye never last let thought city tree cross "
    "farm hard start might story saw far sea draw left late run while press close night real life few north".split()
)


@dataclass
class TextJob:
    """A transcription dataset with known sentences, its manifests, gold file and spec."""

    items: int = 120
    gold_items: int = 40
    batch_size: int = 10
    replication: int = 3
    max_chars: int = 300
    seed: int = 1
    spec_overrides: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self.truth = [" ".join(rng.choices(VOCABULARY, k=rng.randint(6, 14))) for _ in range(self.items)]
        self.item_bytes = [f"RIFF clip {i} of job {JOB_ID}: {rng.random()}".encode() for i in range(self.items)]
        self.item_cids = [cid_of_bytes(b) for b in self.item_bytes]
        self.shows = dict(zip(self.item_cids, self.truth, strict=True))  # what a human hears in the clip
        self.manifest = items_manifest_bytes("audio", self.item_cids)
        self.gold = {i: self.truth[i] for i in sorted(rng.sample(range(self.items), self.gold_items))}
        self.gold_file = gold_file_bytes(rng.randbytes(32), self.gold)
        self.spec_doc = {
            "kind": "label",
            "name": "transcription test",
            "dataset": {"cid": cid_of_bytes(self.manifest), "items": self.items, "media": "audio"},
            "labels": {"type": "text", "max_chars": self.max_chars},
            "gold": {"items": self.gold_items, "commitment": gold_commitment(self.gold_file)},
            "batch_size": self.batch_size,
            "replication": self.replication,
            "reward_per_task": 10**18,
            "budget": str(10**18 * 10_000),
            "deadline": 4_000_000_000,
            **self.spec_overrides,
        }
        spec = parse_spec(self.spec_doc)
        assert isinstance(spec, LabelSpec) and spec.free_text
        self.spec = spec


@dataclass
class SimTranscriber(SimLabeler):
    kind: str = "good"  # good | noisy | junk | constant
    error: float = 0.05
    constant: str = "hello world"

    def _type(self, sentence: str) -> str:
        words: list[str] = []
        for word in sentence.split():
            roll = self._rng.random()
            if roll < self.error / 3:
                words.append(self._rng.choice(VOCABULARY))  # misheard
            elif roll < 2 * self.error / 3:
                continue  # dropped
            elif roll < self.error:
                words += [word, self._rng.choice(VOCABULARY)]  # an extra word
            else:
                words.append(word)
        text = " ".join(words)
        return (text[:1].upper() + text[1:] + ".") if text else ""

    def answer(self, job, item_cids: Sequence[str]) -> list[str]:  # type: ignore[override]
        if self.kind == "constant":
            return [self.constant] * len(item_cids)
        if self.kind == "junk":
            return [" ".join(self._rng.choices(VOCABULARY, k=self._rng.randint(3, 12))) for _ in item_cids]
        return [self._type(job.shows[cid]) for cid in item_cids]


def transcribers(seed: int = 0) -> list[SimTranscriber]:
    """Two good typists (5 % word errors), two noisy ones (20 %), a junk typist and a constant copier."""
    pool = [SimTranscriber(f"typist{i}", "good", error=0.05, seed=seed) for i in range(2)]
    pool += [SimTranscriber(f"noisy{i}", "noisy", error=0.20, seed=seed) for i in range(2)]
    pool += [SimTranscriber("junk", "junk", seed=seed), SimTranscriber("copier", "constant", seed=seed)]
    return pool
