"""Simulated labelers with known accuracies, and a label job for them to work on.

``LabelJob`` builds a dataset (items with true classes drawn from a seed), its items manifest, a
secret salted gold file and a ``LabelSpec`` committing to it. ``SimLabeler`` answers a batch the way
its ``kind`` says — ``good`` and ``mediocre`` right with their ``accuracy`` (errors spread evenly over
the other classes), ``spammer`` uniformly at random, ``constant`` always the same class — and hands in a
``SubmittedBatch`` signed with the EIP-712 ``TaskResult`` a GPU worker signs. A labeler only ever gets
what a real one could read: the spec, the items manifest and the task (never the gold file or the
truth): ``answer`` takes the item CIDs, and the truth comes from the job's private oracle of what each
item shows (``LabelJob.shows``), standing in for the human looking at the item.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from eth_account import Account
from eth_utils import keccak

from oracles.labeling.batches import SubmittedBatch
from protocol import eip712
from protocol.jobspec.canonical import parse_spec
from protocol.jobspec.label import (
    LabelSpec,
    answers_bytes,
    answers_digest,
    gold_commitment,
    gold_file_bytes,
    items_manifest_bytes,
)
from protocol.jobspec.slicing import slice_tasks
from protocol.storage.cid import cid_of_bytes

DOMAIN = eip712.Domain(31337, "0x" + "e5" * 20)
JOB_ID = 7
CLASSES = ("cat", "dog", "bird", "fish")


@dataclass
class LabelJob:
    """A dataset with known truth, its manifests, gold file and spec."""

    items: int = 600
    gold_items: int = 90
    batch_size: int = 20
    replication: int = 3
    classes: Sequence[str] = CLASSES
    priors: Sequence[float] | None = None
    seed: int = 1
    spec_overrides: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self.truth = rng.choices(list(self.classes), weights=self.priors, k=self.items)
        self.item_bytes = [f"item {i} of job {JOB_ID}: {rng.random()}".encode() for i in range(self.items)]
        self.item_cids = [cid_of_bytes(b) for b in self.item_bytes]
        self.shows = dict(zip(self.item_cids, self.truth, strict=True))  # what a human sees in the item
        self.manifest = items_manifest_bytes("image", self.item_cids)
        gold = sorted(rng.sample(range(self.items), self.gold_items))
        self.gold = {i: self.truth[i] for i in gold}
        self.gold_file = gold_file_bytes(rng.randbytes(32), self.gold)
        self.spec_doc = {
            "kind": "label",
            "name": "label test",
            "dataset": {"cid": cid_of_bytes(self.manifest), "items": self.items, "media": "image"},
            "labels": {"type": "classes", "classes": list(self.classes)},
            "gold": {"items": self.gold_items, "commitment": gold_commitment(self.gold_file)},
            "batch_size": self.batch_size,
            "replication": self.replication,
            "reward_per_task": 10**18,
            "budget": str(10**18 * 10_000),
            "deadline": 4_000_000_000,
            **self.spec_overrides,
        }
        spec = parse_spec(self.spec_doc)
        assert isinstance(spec, LabelSpec)
        self.spec = spec


@dataclass
class SimLabeler:
    name: str
    kind: str  # good | mediocre | spammer | constant
    accuracy: float = 1.0
    constant: str = CLASSES[0]
    seed: int = 0

    def __post_init__(self) -> None:
        self.key = keccak(f"labeler {self.name}".encode())
        self.address = Account.from_key(self.key).address
        self._rng = random.Random(f"{self.name}:{self.seed}")

    def answer(self, job: LabelJob, item_cids: Sequence[str]) -> list[str]:
        labels = []
        for cid in item_cids:
            classes = list(job.classes)
            if self.kind == "constant":
                labels.append(self.constant)
            elif self.kind == "spammer":
                labels.append(self._rng.choice(classes))
            else:
                truth = job.shows[cid]
                if self._rng.random() < self.accuracy:
                    labels.append(truth)
                else:
                    labels.append(self._rng.choice([c for c in classes if c != truth]))
        return labels

    def submit(self, job: LabelJob, task_index: int, replica: int, labels: Sequence[str] | None = None):
        """A signed batch for task ``task_index``: the answers file, its CID, digest and TaskResult signature."""
        task = slice_tasks(job.spec)[task_index]
        if labels is None:
            labels = self.answer(job, job.item_cids[task.params["item_start"] : task.params["item_end"]])
        data = answers_bytes(task_index, labels)
        cid = cid_of_bytes(data)
        digest = answers_digest(task_index, labels)
        result = eip712.TaskResult(JOB_ID, task_index, replica, digest, eip712.cid_hash(cid))
        signature = eip712.sign(self.key, DOMAIN, result)
        return SubmittedBatch(task_index, replica, self.address, data, cid, digest, signature)


def crowd(good: int = 3, mediocre: int = 3, spammers: int = 2, constant: int = 1, seed: int = 0) -> list[SimLabeler]:
    """A pool of labelers: good (90 %), mediocre (75 %), random spammers and always-`cat` labelers."""
    pool = [SimLabeler(f"good{i}", "good", 0.9, seed=seed) for i in range(good)]
    pool += [SimLabeler(f"mediocre{i}", "mediocre", 0.75, seed=seed) for i in range(mediocre)]
    pool += [SimLabeler(f"spammer{i}", "spammer", seed=seed) for i in range(spammers)]
    pool += [SimLabeler(f"constant{i}", "constant", seed=seed) for i in range(constant)]
    return pool


def run_job(job: LabelJob, pool: Sequence[SimLabeler], seed: int = 0) -> list[SubmittedBatch]:
    """Every task labeled by ``replication`` distinct labelers of the pool (drawn with ``seed``), signed."""
    rng = random.Random(seed)
    batches = []
    for task in range(job.spec.num_tasks):
        for replica, labeler in enumerate(rng.sample(list(pool), job.replication)):
            batches.append(labeler.submit(job, task, replica))
    return batches


def label_job_row(job: LabelJob, state: str, leader: bool, spec_cid: str = "bafk-spec", **extra: object):  # -> Job
    """Label job ``JOB_ID``'s row in an oracle's database, as its event handler and intake leave it (``extra``:
    more of its columns, e.g. ``manifest_cid``)."""
    from protocol.jobspec import canonical_bytes, spec_hash
    from tests.support.oracle_rows import job_row

    return job_row(
        JOB_ID,
        state,
        leader,
        requester="0x" + "11" * 20,
        spec_cid=spec_cid,
        spec_hash="0x" + spec_hash(job.spec).hex(),
        num_tasks=job.spec.num_tasks,
        budget=str(job.spec.budget),
        deadline=4_000_000_000,
        created_block_hash="0x" + "33" * 32,
        tx_hash="0x" + "44" * 32,
        kind="label",
        spec_json=canonical_bytes(job.spec).decode(),
        **extra,
    )
