"""The oracle's labeling desk: what a labeler needs besides the ordinary lease loop, and the gold reveal.

A label job runs on the ordinary queue: intake inserts ``replication`` run slots per batch, the
dispatcher leases them to labelers (``Role.LABELER``, whose sessions carry only ``Capability.LABEL``:
``oracles.chain_reads``), never two replicas of one batch to one labeler, and the results come back
through ``/v1/work`` as for any worker, with the same ``TaskResult`` signature. Three things are
particular to labeling, and live here:

- ``batch``: the items of a leased batch (index and CID, from the items manifest) and the classes, so a
  labeling page needs nothing but its lease. Gold items are among them and look like every other item:
  which items are gold, and their answers, are nowhere the oracle can read until the requester reveals
  them (``protocol.jobspec.label``).
- ``prepare``: a page cannot write to the store, so it hands its labels here (typed transcriptions are
  made canonical first: ``canonical_text``); the oracle builds the
  answers file (``answers_bytes``), checks it against the spec, stores it and returns the ``TaskResult``
  typed data (digest and output CID) for the labeler's wallet to sign; the signed result then goes
  through ``/v1/work``. A labeler with its own store (``tests/support``) can skip this and submit directly.
- ``reveal_gold``: the requester's gold file, accepted only if it matches the spec's ``gold.commitment``;
  it is stored by CID and named in the result manifest. The leader takes it only once every batch has
  its answers (the job is settling: nothing a labeler submitted can change any more). Every *follower*
  takes it too and keeps it (file pinned in its store, CID in its ``label_gold`` table: it survives a
  restart), so a member that takes the job over (``oracles.failover``: the job goes back to intake as
  the member's, its rows untouched) settles with the gold instead of waiting an hour and judging by
  agreement alone. The requester's client sends the file to every oracle once one reports the job
  settling (``frontend_api.label_gold``); a follower never uses it before its own labeling is done,
  because only the settler reads it. Bounded: one row and one file (at most ``gold_limit`` bytes) per
  job, however often it is sent. Unless the gold is *exposed*: a takeover after the previous leader had
  published a manifest naming it (its report showed a manifest CID; the manifest and the gold file are
  in the shared store) relabels a job whose gold answers anyone can read, and a labeler who read them
  would pass the gold test with junk elsewhere. Then the taking member records the job in
  ``label_gold_exposed`` (``expose_gold_after_takeover``): its gold is never used again, a new reveal is
  refused (409), and the job is judged by agreement alone without the hour's wait.
  The answers labelers gave the old leader are not lost in a takeover: followers mirror and check
  them while it runs, and the taking member starts with them (``oracles.labeling.carry_over``; answers
  mirrored before the gold was exposed stay usable, nothing is mirrored after).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from oracles.dispatcher import LeaseError
from oracles.jobcache import JobCache
from oracles.labeling.models import LabelGold, LabelGoldExposed
from oracles.labeling.settle import GOLD_WAIT_SECONDS
from oracles.models import Job, JobState, Slot, SlotState
from protocol import eip712
from protocol.jobspec.label import (
    LabelFileError,
    LabelSpec,
    answers_bytes,
    answers_digest,
    canonical_text,
    items_manifest_limit,
    parse_answers,
    parse_gold,
    parse_items_manifest,
)
from protocol.storage import Store
from protocol.storage.errors import StorageError

ITEM_LISTS_KEPT = 64  # items manifests held in memory (one per label job in progress)


class DeskError(LeaseError):
    """A labeling request the oracle refuses; ``status`` is the HTTP status, the message says what to do."""


@dataclass(frozen=True)
class PreparedAnswers:
    output_cid: str
    digest: str  # 0x + 32 bytes
    typed_data: dict[str, Any]  # the TaskResult to sign (eth_signTypedData_v4)


@dataclass(frozen=True)
class RevealedGold:
    gold_cid: str
    kept_as: str  # "leader": judges with it now; "follower": keeps it for a takeover


class LabelDesk:
    """Batches for labelers, their answers files, and the requester's gold reveal (see the module docstring)."""

    def __init__(self, sessions: sessionmaker, store: Store, jobs: JobCache, domain: eip712.Domain) -> None:
        self.sessions = sessions
        self.store = store
        self.jobs = jobs
        self.domain = domain
        self._items: dict[int, list[str]] = {}

    # ------------------------------------------------------------ a labeler's batch

    def _held(self, worker: str, lease_id: str) -> tuple[Slot, LabelSpec]:
        with self.sessions() as s:
            slot = s.execute(select(Slot).where(Slot.lease_id == lease_id)).scalar_one_or_none()
            if slot is None or slot.worker != worker or slot.state != SlotState.LEASED:
                raise DeskError(404, f"no lease {lease_id} held by {worker}; lease a batch through /v1/work")
            spec = self.jobs.entry(s, slot.job_id).spec
        if not isinstance(spec, LabelSpec):
            raise DeskError(409, f"lease {lease_id} is a {spec.kind} task, not a labeling batch")
        return slot, spec

    def _item_cids(self, job_id: int, spec: LabelSpec) -> list[str]:
        items = self._items.get(job_id)
        if items is None:
            try:
                data = self.store.get_bytes(spec.dataset.cid, max_bytes=items_manifest_limit(spec))
                items = parse_items_manifest(data, spec)
            except (StorageError, LabelFileError) as exc:
                raise DeskError(503, f"the job's items manifest {spec.dataset.cid} is unreadable: {exc}") from None
            if len(self._items) >= ITEM_LISTS_KEPT:
                self._items.pop(next(iter(self._items)))
            self._items[job_id] = items
        return items

    def batch(self, worker: str, lease_id: str) -> dict[str, Any]:
        """The leased batch: job, task, replica, media, classes and its items (index, CID)."""
        slot, spec = self._held(worker, lease_id)
        items = self._item_cids(slot.job_id, spec)
        return {
            "lease_id": lease_id,
            "job_id": slot.job_id,
            "task_index": slot.task_index,
            "replica": slot.replica,
            "media": spec.dataset.media.value,
            "classes": list(spec.classes),
            "schema": spec.labels.type,  # "classes", or "text": type a transcription per item
            "max_chars": getattr(spec.labels, "max_chars", None),
            "items": [{"index": i, "cid": items[i]} for i in spec.batch(slot.task_index)],
        }

    def prepare(self, worker: str, lease_id: str, labels: list[str]) -> PreparedAnswers:
        """Store the answers file of ``labels`` for the held batch; the ``TaskResult`` to sign for it."""
        slot, spec = self._held(worker, lease_id)
        if spec.free_text:  # typed text: NFC, one space between words, so the same words are the same bytes
            labels = [canonical_text(label) for label in labels]
        data = answers_bytes(slot.task_index, labels)
        try:
            parse_answers(data, spec, slot.task_index)
        except LabelFileError as exc:
            raise DeskError(422, str(exc)) from None
        cid = self.store.put_bytes(data)
        digest = answers_digest(slot.task_index, labels)
        result = eip712.TaskResult(slot.job_id, slot.task_index, slot.replica, digest, eip712.cid_hash(cid))
        typed = {
            "types": {"EIP712Domain": eip712.EIP712_DOMAIN_TYPE, **eip712.TASK_RESULT_TYPES},
            "primaryType": "TaskResult",
            "domain": self.domain.as_dict(),
            "message": {
                **result.message(),
                "digest": "0x" + digest.hex(),
                "outputCidHash": "0x" + result.output_cid_hash.hex(),
            },
        }
        return PreparedAnswers(cid, "0x" + digest.hex(), typed)

    # ------------------------------------------------------------ the requester's gold

    def reveal_gold(self, job_id: int, data: bytes) -> RevealedGold:
        """Accept the gold file of label job ``job_id``: as its leader once every batch has its answers, or as a
        follower at any time, kept for a takeover (see the module docstring); its CID."""
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None:
                raise DeskError(404, f"this oracle has not seen job {job_id} yet; try again after a few blocks")
            spec = self.jobs.entry(s, job_id).spec if job.spec_json else None
            state, leader = job.state, job.leader
            known = s.get(LabelGold, job_id)
            exposed = s.get(LabelGoldExposed, job_id) is not None
        if spec is None:
            raise DeskError(409, f"this oracle has not checked job {job_id}'s spec yet; try again in a minute")
        if not isinstance(spec, LabelSpec):
            raise DeskError(409, f"job {job_id} is not a label job")
        role = "leader" if leader else "follower"
        if exposed:
            raise DeskError(
                409,
                f"job {job_id} was taken over after its gold was published in a manifest: it is labeled again "
                "and judged by agreement alone, without gold",
            )
        if known is not None:
            return RevealedGold(known.gold_cid, role)
        if leader and state in (JobState.RUNNING, JobState.INTAKE):
            raise DeskError(
                409,
                f"job {job_id} is still being labeled; reveal the gold file once every batch has its answers "
                "(the oracle's /v1/jobs status says settling)",
            )
        if state != JobState.SETTLING and (leader or state != JobState.FOLLOWING):
            raise DeskError(409, f"job {job_id} is {state}: too late to reveal its gold")
        try:
            parse_gold(data, spec)
        except LabelFileError as exc:
            raise DeskError(422, str(exc)) from None
        cid = self.store.put_bytes(data)
        self.store.pin(cid)
        with self.sessions.begin() as s:
            if s.get(LabelGold, job_id) is None:
                s.add(LabelGold(job_id=job_id, gold_cid=cid, revealed_at=time.time()))
        return RevealedGold(cid, role)

    def gold_cid(self, job_id: int) -> str | None:
        with self.sessions() as s:
            return gold_cid_of(s, job_id)


def gold_cid_of(s: Session, job_id: int) -> str | None:
    """The CID of ``job_id``'s revealed gold file, or None (none revealed, or exposed by a takeover)."""
    if gold_exposed(s, job_id):
        return None
    row = s.get(LabelGold, job_id)
    return row.gold_cid if row is not None else None


def gold_exposed(s: Session, job_id: int) -> bool:
    """Whether a takeover exposed ``job_id``'s gold (then it is judged without gold, at once)."""
    return s.get(LabelGoldExposed, job_id) is not None


def gold_wait_seconds(s: Session, job_id: int) -> float:
    """How long the settler waits for ``job_id``'s gold once every batch has its answers: the hour, or not at
    all when a takeover exposed it (it is judged by agreement alone)."""
    return 0.0 if gold_exposed(s, job_id) else GOLD_WAIT_SECONDS


def expose_gold_after_takeover(s: Session, job_id: int, manifest_published: bool) -> None:
    """A ``LeaderWatch`` takeover hook (``LabelCarryOver.attach`` wires it), run in the transaction that takes
    ``job_id`` over: if its previous leader had published a manifest and this member holds the job's revealed
    gold, that manifest may name the gold (it does unless it was built after the gold wait, without any), so
    its answers may be public: taken as exposed."""
    if manifest_published and s.get(LabelGold, job_id) is not None and not gold_exposed(s, job_id):
        s.add(LabelGoldExposed(job_id=job_id, at=time.time()))
