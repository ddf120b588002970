"""Labelers' answers survive a leader takeover: followers mirror them, and the member that takes over starts with them.

A takeover (``oracles.failover``) drops the old holder's tasks and slots and the job is leased again from
intake. For a label job that would throw away every answers file human labelers submitted to the old
holder, unpaid, and label those batches again. So while a member follows a label job it mirrors the
holder's recorded answers (``mirror``, a follow hook of ``LeaderWatch``): one page per watch round of
``GET /v1/label/jobs/{id}/answers`` (the holder's done run slots after a cursor: task, replica, worker,
answers CID, digest, signature), each item checked by this member itself — the answers file parses for
that batch, is the signed CID and digest, the ``TaskResult`` signature is the worker's
(``oracles.labeling.batches.check_batch``), the worker is an eligible staked labeler, the replica is one
of the job's first ``replication``, and no worker answers one batch twice — then its file pinned and its
row kept (``label_carried``). The old holder cannot forge a labeler's signature, so a hostile one can only
withhold answers; an item that fails a check is logged and skipped, never stops the watch. The page is
read at most ``MAX_PAGE_BYTES`` before it is parsed, and at most ``VERIFY_PER_ROUND`` new items are
checked per round, for at most ``MIRROR_ROUND_S`` (the rest come next round); a page shorter than asked ends a sweep, and the next
round starts again from the beginning (a batch answered late, out of slot order, is found then).

When this member takes the job over and intake inserts its slots again, ``seed`` (an intake hook, in the
same transaction, before any lease) marks each mirrored batch's slot done with the original labeler's
answers and signature; the advancer checks them like any submitted result, only unanswered batches are
leased, and the result manifest pays the original labelers (the payout check re-verifies each signature).

The answers are no labeler's business while the job runs (a labeler who read another replica's answers
could copy them), so the listing is for committee members only: each request is signed by the asking
member's key, an EIP-712 ``AnswersRead`` (the member, the serving oracle, job, cursor, expiry) under
JobEscrow's domain (chain id and contract), expiring at most ``REQUEST_TTL_S`` ahead. Nothing is mirrored once any member reported the job's manifest (its gold may
then be public, ``expose_gold_after_takeover``), nor from a page whose holder reports one: answers
mirrored before that stay usable.

The labelers close the last window themselves: answers the holder recorded after the last mirror round and
before it died would be labeled again. So the labeling page, once the holder has accepted a batch (or when
the holder does not answer), hands the same signed result to the job's other members (``copy``, ``POST
/v1/label/jobs/{id}/answers/copy``, the labeler logged in to each). A follower checks it exactly as a mirrored
answer (the same checks, the signer must be the logged-in labeler; the signature before the store is read)
and keeps it in ``label_carried``; a second copy of the same answer changes nothing. Refused with 409: when
this member is the job's first leader (it has the answer from ``/v1/work``), when it does not follow it as a
label job, when a manifest of the job was reported (its gold may be public), and when another answer is held
for that batch replica (the first kept stays; a labeler cannot swap its answer for a later one). The holder's
record wins over a copy: a mirrored answer from another labeler for the same replica replaces the copy.

A copy may come after this member took the job over (the page hands it out once the old holder accepted the
batch, or when the holder does not answer: it does not know of the takeover). It is taken with the same checks
while the job is in intake or running here: before intake inserted the slots it is kept in ``label_carried``
and seeded with the rest; after, the batch replica's slot is the record: still pending (never leased again),
it becomes done with the copy (an update guarded like the dispatcher's lease: one of the two wins); leased
again to the copy's own labeler, the copy is that lease's submission (the dispatcher's ``submit``); leased
again to another labeler, or done with another answer, the copy is refused (409, saying so: the batch is
labeled again). "One replica of a batch per labeler" then reads the slots too.

Whether a manifest was reported is kept in ``label_manifest_seen`` (from the leader watch's reports, the
holder's answers page, and the takeover itself: ``taken_over``), so it survives a restart: the copy route and
the mirror refuse from the first request after it, and a takeover after a restart still treats the gold as
exposed. What this member keeps for a takeover goes once the job can no longer be taken over
(``oracles.labeling.carried_rows``: final, dropped by a reorg, or a day past its deadline).

Why a copy need not have reached the holder first: the follower's checks are the leader's checks on a
submitted batch (``check_batch``: the answers file, its CID and digest, the labeler's signature; a staked
labeler; one of the first ``replication`` replicas; one replica of a batch per labeler), and a copy is only
used if this member takes the job over, where the settlement judges it against gold and the other replicas
like any answer. What the follower cannot check is the lease (that the holder handed *this* replica to *this*
labeler): a labeler may copy an answer for a replica it never leased, and at a takeover that replica starts
done with it instead of being leased again. That buys nothing a labeler could not get by labeling honestly
through the dispatcher: one replica per batch per labeler, paid only if its answers pass the gold test, and
only when the holder died in the window (the holder's own record replaces the copy while it mirrors).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from eth_account import Account
from eth_utils import to_checksum_address
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from oracles.chain_reads import eligibility_of
from oracles.committee import rotation
from oracles.dispatcher import LeaseError
from oracles.jobcache import JobCache
from oracles.labeling import carried_rows
from oracles.labeling.batches import BatchRefused, SubmittedBatch, check_batch
from oracles.labeling.desk import DeskError, expose_gold_after_takeover
from oracles.labeling.models import LabelCarried, LabelManifestSeen
from oracles.models import Job, JobState, Slot, SlotState
from protocol import eip712
from protocol.bounded_http import AnswerTooLarge, read_bounded
from protocol.contracts import Capability
from protocol.jobspec.label import LabelSpec, answers_limit
from protocol.storage import Store
from protocol.storage.errors import StorageError

log = logging.getLogger(__name__)

MIRROR_PAGE = 200  # answers per page
MAX_PAGE_BYTES = 256 * 1024  # a page of 200 is ~90 KB of JSON
VERIFY_PER_ROUND = 50  # new answers a follower checks per watch round (a store read and a signature each)
MIRROR_ROUND_S = 2.0  # ...and for at most this long (the round runs on the leader watch's thread)
CURSORS_KEPT = 1_024  # jobs whose mirror cursor is remembered
REQUEST_TTL_S = 120  # how far ahead a member's signed request may expire
LABELER_CHECK_S = 600.0  # how long a labeler's eligibility read from the chain is reused
LABELERS_KEPT = 4_096
SEED_CHUNK = 500  # tasks per slot query when seeding
PUBLISHED_KEPT = 4_096  # jobs a manifest was reported for, remembered in memory (all of them: label_manifest_seen)

ADDRESS = r"^0x[0-9a-fA-F]{40}$"
HEX32 = r"^0x[0-9a-fA-F]{64}$"
SIGNATURE = r"^0x[0-9a-fA-F]{130}$"


class AnswerItem(BaseModel):
    """One labeler's recorded answer to one batch, as the holder lists it."""

    model_config = ConfigDict(extra="forbid")

    cursor: int = Field(ge=1, le=2**62, description="the holder's slot id: pass it as `after` for the next page")
    task_index: int = Field(ge=0, le=2**31)
    replica: int = Field(ge=0, le=255)
    worker: str = Field(pattern=ADDRESS)
    output_cid: str = Field(min_length=1, max_length=128)
    digest: str = Field(pattern=HEX32)
    signature: str = Field(pattern=SIGNATURE)


class AnswerPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: int
    state: str = Field(max_length=16)
    manifest_cid: str | None = Field(default=None, max_length=128)
    answers: list[AnswerItem] = Field(max_length=MIRROR_PAGE)
    next: int | None = Field(description="`after` for the next page; null: this page ends the list")


class CopiedAnswer(BaseModel):
    """A labeler's signed result for one batch, handed to a follower (the labeler is the logged-in worker)."""

    model_config = ConfigDict(extra="forbid")

    task_index: int = Field(ge=0, le=2**31)
    replica: int = Field(ge=0, le=255)
    output_cid: str = Field(min_length=1, max_length=128)
    digest: str = Field(pattern=HEX32)
    signature: str = Field(pattern=SIGNATURE)


class _Answer(Protocol):  # an AnswerItem (mirrored), or a copy with its labeler (read only: _Copy is frozen)
    @property
    def task_index(self) -> int: ...
    @property
    def replica(self) -> int: ...
    @property
    def worker(self) -> str: ...
    @property
    def output_cid(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def signature(self) -> str: ...


@dataclass(frozen=True)
class _SlotView:  # a run slot of a taken-over job, as a copy needs it
    id: int
    replica: int
    state: str
    worker: str | None
    output_cid: str | None
    lease_id: str | None


@dataclass(frozen=True)
class _Copy:
    task_index: int
    replica: int
    worker: str
    output_cid: str
    digest: str
    signature: str


def request_digest(domain: eip712.Domain, member: str, server: str, job_id: int, after: int, expires: int) -> bytes:
    """The EIP-712 digest (JobEscrow's domain: chain id and contract) ``member`` signs to read ``server``'s answers
    of ``job_id`` after slot ``after``, until ``expires`` (``protocol.eip712.AnswersRead``)."""
    return eip712.digest(domain, eip712.AnswersRead(member, server, job_id, after, expires))


def answer_page(s: Session, job_id: int, after: int, limit: int) -> AnswerPage | None:
    """The recorded answers (done run slots) of label job ``job_id`` after slot id ``after``; None: no such job."""
    job = s.get(Job, job_id)
    if job is None or job.kind != "label":
        return None
    rows = (
        s.execute(
            select(Slot)
            .where(
                Slot.job_id == job_id,
                Slot.role == "run",
                Slot.state == SlotState.DONE,
                Slot.id > after,
                Slot.signature.is_not(None),
            )
            .order_by(Slot.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    answers = [
        AnswerItem(
            cursor=r.id,
            task_index=r.task_index,
            replica=r.replica,
            worker=r.worker or "",
            output_cid=r.output_cid or "",
            digest=r.digest or "",
            signature=r.signature or "",
        )
        for r in rows
    ]
    return AnswerPage(
        job_id=job_id,
        state=job.state,
        manifest_cid=job.manifest_cid,
        answers=answers,
        next=rows[-1].id if len(rows) == limit else None,
    )


class _Host(Protocol):  # what attach needs of oracles.service.OracleService
    sessions: sessionmaker
    store: Store
    jobs: JobCache
    escrow_domain: eip712.Domain
    signer: Any
    committee: Any
    failover: Any
    intake: Any
    app: Any
    dispatcher: Any
    judge: Any
    job_events: Any
    chain: Any
    stake: Any
    config: Any


class LabelCarryOver:
    """Both sides of the carry-over: the holder's answer listing (``page``), the follower's mirror and the
    new leader's seeding (see the module docstring)."""

    def __init__(
        self,
        sessions: sessionmaker,
        store: Store,
        jobs: JobCache,
        domain: eip712.Domain,
        key: bytes,
        members: Callable[[], list[str]],
        labeler_ok: Callable[[str], bool],
        *,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
        http: httpx.Client | None = None,
        submit: Callable[[str, str, bytes, str, bytes], object] | None = None,
        on_result: Callable[[int], None] = lambda _job: None,
    ) -> None:
        """``key``: this member's signing key (it signs its mirror requests); ``members()``: the committee,
        whose members may read the answers; ``labeler_ok(worker)``: an eligible staked labeler (the chain);
        ``http``: a client for the holder's API (tests hand one bound to an app); ``submit(lease, worker, digest,
        cid, signature)``: the dispatcher's, for a copy of a replica this member leased to its labeler after a
        takeover; ``on_result(job)``: a batch became done here (the judge looks at the job)."""
        self.sessions = sessions
        self.store = store
        self.jobs = jobs
        self.domain = domain
        self._signer = eip712.DigestSigner(key)
        self.address = Account.from_key(key).address
        self.members = members
        self.labeler_ok = labeler_ok
        self.clock = clock
        self._http = http or httpx.Client(timeout=timeout)
        self._cursor: dict[int, tuple[str, int]] = {}  # job -> (holder, after)
        self._labelers: dict[str, tuple[bool, float]] = {}
        self.submit = submit
        self.on_result = on_result
        self._published: dict[int, None] = {}  # label_manifest_seen rows this process wrote or read (a cache)
        self._pruned = float("-inf")  # (monotonic) when label_carried was last pruned

    @classmethod
    def attach(cls, host: _Host) -> LabelCarryOver:
        """A carry-over for ``host``'s database, store and key, wired into its leader watch (mirror while
        following; expose gold at a takeover), its intake (seed the new leader's slots), its API, its dispatcher
        and judge (a labeler's copy after a takeover) and its chain events (a job a reorg dropped is forgotten)."""
        eligibility = eligibility_of(host.chain, host.stake)

        def labeler_ok(worker: str) -> bool:
            eligible, capabilities = eligibility(worker)
            return bool(eligible and capabilities & Capability.LABEL)

        carry = cls(
            host.sessions,
            host.store,
            host.jobs,
            host.escrow_domain,
            host.signer.key,
            host.committee.members,
            labeler_ok,
            timeout=min(5.0, host.config.peer_timeout_seconds),
            submit=host.dispatcher.submit,
            on_result=host.judge.mark,
        )
        host.failover.takeover_hooks.append(carry.taken_over)
        host.failover.follow_hooks.append(carry.mirror)
        host.intake.after_rows.append(carry.seed)
        host.job_events.dropped_hooks.append(carried_rows.forget)  # a reorg undid the job's creation
        host.app.state.label_carry = carry
        return carry

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ the holder's side

    def page(self, job_id: int, after: int, limit: int, member: str, expires: int, signature: bytes) -> AnswerPage:
        """``answer_page`` for a committee member's signed request; ``DeskError`` when refused."""
        now = self.clock()
        if not now < expires <= now + REQUEST_TTL_S:
            raise DeskError(403, f"the request expires at {expires}: sign one that expires within {REQUEST_TTL_S} s")
        if member.lower() not in {m.lower() for m in self.members()}:
            raise DeskError(403, f"{member} is not a committee member: the answers are for the committee only")
        try:
            digest = request_digest(self.domain, member, self.address, job_id, after, expires)
            signed = eip712.signed_by(digest, signature, member)
        except Exception:  # signature bytes that do not decode (v, r or s out of range)
            signed = False
        if not signed:
            raise DeskError(403, f"the request is not signed by {member} for this oracle ({self.address})")
        with self.sessions() as s:
            page = answer_page(s, job_id, after, min(limit, MIRROR_PAGE))
        if page is None:
            raise DeskError(404, f"this oracle has no label job {job_id}")
        return page

    # ------------------------------------------------------------ a follower's side

    def mirror(self, job_id: int, holder: str, url: str, published: bool) -> int:
        """One round of mirroring ``job_id``'s answers from its ``holder`` (a ``LeaderWatch`` follow hook);
        how many new answers were kept."""
        if time.monotonic() - self._pruned >= carried_rows.PRUNE_EVERY_S:
            self._pruned = time.monotonic()
            carried_rows.prune(self.sessions)
        if published:
            self._note_published(job_id)
            return 0  # its gold may be public: what is answered from now on is not taken
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None or job.kind != "label" or job.state != JobState.FOLLOWING or not job.spec_json:
                return 0
            if self._seen_published(s, job_id):
                return 0
            spec = self.jobs.entry(s, job_id).spec
            known = {
                (r.task_index, r.replica): (r.worker.lower(), r.output_cid)
                for r in s.execute(select(LabelCarried).where(LabelCarried.job_id == job_id)).scalars()
            }
        if not isinstance(spec, LabelSpec):
            return 0
        cursor = self._cursor.get(job_id)
        after = cursor[1] if cursor is not None and cursor[0] == holder else 0
        page = self._fetch(job_id, holder, url, after)
        if page is not None and page.manifest_cid:
            self._note_published(job_id)
        if page is None or page.manifest_cid:
            return 0
        kept, checked, last, stopped = 0, 0, after, False
        started = time.monotonic()
        for item in page.answers:
            if item.cursor <= last:
                log.warning("mirrored answers out of order: page dropped", extra={"job_id": job_id, "holder": holder})
                return kept
            key = (item.task_index, item.replica)
            if known.get(key) == (item.worker.lower(), item.output_cid):
                last = item.cursor
                continue
            if checked >= VERIFY_PER_ROUND or time.monotonic() - started > MIRROR_ROUND_S:
                stopped = True
                break
            checked += 1
            last = item.cursor
            problem = self._problem(spec, job_id, item, known)
            if problem:
                log.warning(
                    "mirrored answer refused",
                    extra={"job_id": job_id, "holder": holder, "task": item.task_index, "why": problem},
                )
                continue
            self._keep(job_id, item)
            known[key] = (item.worker.lower(), item.output_cid)
            kept += 1
        end = not stopped and page.next is None
        self._cursor[job_id] = (holder, 0 if end else last)  # the end of a sweep: next round starts again
        if len(self._cursor) > CURSORS_KEPT:
            self._cursor.pop(next(iter(self._cursor)))
        return kept

    def _fetch(self, job_id: int, holder: str, url: str, after: int) -> AnswerPage | None:
        expires = int(self.clock()) + REQUEST_TTL_S // 2
        signature = self._signer.sign(request_digest(self.domain, self.address, holder, job_id, after, expires))
        headers = {
            "x-gpuhive-member": self.address,
            "x-gpuhive-expires": str(expires),
            "x-gpuhive-signature": "0x" + signature.hex(),
        }
        try:
            with self._http.stream(
                "GET",
                f"{url}/v1/label/jobs/{job_id}/answers",
                params={"after": after, "limit": MIRROR_PAGE},
                headers=headers,
            ) as reply:
                if reply.status_code != 200:
                    return None
                try:
                    data = read_bounded(reply, MAX_PAGE_BYTES)
                except AnswerTooLarge:
                    log.warning("answers page too large: dropped", extra={"job_id": job_id, "holder": holder})
                    return None
        except httpx.HTTPError:
            return None
        try:
            page = AnswerPage.model_validate_json(data)
        except ValidationError as exc:
            log.warning("answers page malformed", extra={"job_id": job_id, "holder": holder, "why": str(exc)[:300]})
            return None
        return page if page.job_id == job_id else None

    def _note_published(self, job_id: int) -> None:
        if job_id not in self._published:
            carried_rows.note_manifest(self.sessions, job_id)
            self._remember_published(job_id)

    def _remember_published(self, job_id: int) -> None:
        self._published[job_id] = None
        if len(self._published) > PUBLISHED_KEPT:
            self._published.pop(next(iter(self._published)))

    def _seen_published(self, s: Session, job_id: int) -> bool:
        """Whether a manifest of ``job_id`` was reported, as this member saw it (also before a restart)."""
        if job_id in self._published:
            return True
        if carried_rows.manifest_seen(s, job_id):
            self._remember_published(job_id)
            return True
        return False

    def taken_over(self, s: Session, job_id: int, manifest_published: bool) -> None:
        """A ``LeaderWatch`` takeover hook, in the takeover's transaction: the manifest this member saw reported
        before a restart counts as published too (``LeaderWatch`` remembers only what it saw since its start),
        and is kept as seen (a labeler's copy is refused after it); then ``expose_gold_after_takeover``."""
        published = manifest_published or self._seen_published(s, job_id)
        if published and not carried_rows.manifest_seen(s, job_id):
            s.add(LabelManifestSeen(job_id=job_id, at=time.time()))
        expose_gold_after_takeover(s, job_id, published)

    def _problem(
        self, spec: LabelSpec, job_id: int, item: _Answer, known: dict[tuple[int, int], tuple[str, str]]
    ) -> str | None:
        """Why this member does not take ``item``; None: checked and usable."""
        if item.replica >= spec.replication:
            return f"replica {item.replica} is not one of the job's first {spec.replication}"
        worker = item.worker.lower()
        if any(
            known.get((item.task_index, r), ("",))[0] == worker for r in range(spec.replication) if r != item.replica
        ):
            return f"{item.worker} already answered task {item.task_index}"
        try:
            data = self.store.get_bytes(item.output_cid, max_bytes=answers_limit(spec))
        except (StorageError, ValueError) as exc:
            return f"answers file {item.output_cid}: {exc}"
        batch = SubmittedBatch(
            item.task_index,
            item.replica,
            item.worker,
            data,
            item.output_cid,
            bytes.fromhex(item.digest[2:]),
            bytes.fromhex(item.signature[2:]),
        )
        try:
            check_batch(spec, self.domain, job_id, batch)
        except BatchRefused as exc:
            return str(exc)
        if not self._labeler(item.worker):
            return f"{item.worker} is not an eligible staked labeler"
        return None

    def _labeler(self, worker: str) -> bool:
        now = time.monotonic()
        cached = self._labelers.get(worker.lower())
        if cached is None or now - cached[1] > LABELER_CHECK_S:
            try:
                ok = self.labeler_ok(to_checksum_address(worker))
            except Exception:  # the chain read failed: not taken this round (the next sweep asks again)
                log.warning("labeler check failed", extra={"worker": worker}, exc_info=True)
                return False
            if len(self._labelers) >= LABELERS_KEPT:
                self._labelers.pop(next(iter(self._labelers)))
            cached = self._labelers[worker.lower()] = (ok, now)
        return cached[0]

    def _keep(self, job_id: int, item: _Answer, *, replace: bool = True) -> bool:
        """Keep ``item`` in ``label_carried``; ``replace``: over another answer held for its batch replica (the
        holder's record does; a copy does not). Whether it was written."""
        self.store.pin(item.output_cid)
        with self.sessions.begin() as s:
            row = s.get(LabelCarried, (job_id, item.task_index, item.replica))
            if row is not None and not replace:
                return False
            if row is None:
                row = LabelCarried(job_id=job_id, task_index=item.task_index, replica=item.replica)
                s.add(row)
            row.worker = item.worker  # (as the holder recorded it)
            row.output_cid = item.output_cid
            row.digest = item.digest.lower()
            row.signature = item.signature.lower()
            row.mirrored_at = time.time()
        return True

    # ------------------------------------------------------------ a labeler's copy (to a follower)

    def copy(self, job_id: int, worker: str, answer: CopiedAnswer) -> str:
        """Keep the logged-in labeler ``worker``'s signed result for a batch of ``job_id``, which this member
        follows, or took over (see the module docstring): ``"kept"``, or ``"held"`` when it already was;
        ``DeskError`` when refused (409: not a label job this member follows or took over, a manifest was
        reported, another answer is held, or the batch replica was leased again to another labeler; 403: not
        ``worker``'s signature, or not an eligible labeler; 422: the answers do not check)."""
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None or job.kind != "label":
                raise DeskError(409, f"this oracle follows no label job {job_id}: hand your answers to its leader")
            took_over = job.leader and self._took_over(job_id)
            if job.leader and not took_over:
                raise DeskError(409, f"this oracle leads job {job_id}: it has the answers handed in through /v1/work")
            if took_over and job.state not in (JobState.INTAKE, JobState.RUNNING):
                raise DeskError(409, f"this oracle took job {job_id} over and it is {job.state}: too late for a copy")
            if (not took_over and job.state != JobState.FOLLOWING) or not job.spec_json:
                raise DeskError(409, f"this oracle does not follow job {job_id} (it is {job.state}): nothing to copy")
            spec = self.jobs.entry(s, job_id).spec
            published = job.manifest_cid is not None or self._seen_published(s, job_id)
            known = {
                (r.task_index, r.replica): (r.worker.lower(), r.output_cid)
                for r in s.execute(select(LabelCarried).where(LabelCarried.job_id == job_id)).scalars()
            }
            slots = self._task_slots(s, job_id, answer.task_index) if took_over else []
        if not isinstance(spec, LabelSpec):
            raise DeskError(409, f"job {job_id} is not a label job")
        if published:
            raise DeskError(409, f"a manifest of job {job_id} is out (its gold may be public): no copies are taken")
        item = _Copy(answer.task_index, answer.replica, worker, answer.output_cid, answer.digest, answer.signature)
        if slots:  # taken over, and intake has inserted the job's slots: they are the record now
            return self._copy_to_slot(job_id, spec, item, slots, known)
        key = (item.task_index, item.replica)
        held = known.get(key)
        if held == (worker.lower(), item.output_cid):
            return "held"
        if held is not None:
            who = "your other answers" if held[0] == worker.lower() else "another labeler's answers"
            raise DeskError(409, f"{who} are held for task {item.task_index} replica {item.replica}")
        self._check_copy(spec, job_id, item, known)
        try:
            kept = self._keep(job_id, item, replace=False)
        except IntegrityError:  # the same replica's copy written at the same time
            kept = False
        if not kept:
            raise DeskError(409, f"another answer was kept for task {item.task_index} replica {item.replica} first")
        if took_over:  # in intake: seeded with the others, unless intake inserted the slots since it was read
            with self.sessions.begin() as s:
                if self._fill_pending(s, job_id, item):
                    self.on_result(job_id)
        log.info("label answer copied by its labeler", extra={"job_id": job_id, "task": item.task_index})
        return "kept"

    def _took_over(self, job_id: int) -> bool:
        """Whether this member leads ``job_id`` by a takeover (it is not the job's first leader)."""
        order = rotation(job_id, self.members())
        return bool(order) and order[0].lower() != self.address.lower()

    def _check_copy(
        self, spec: LabelSpec, job_id: int, item: _Copy, known: dict[tuple[int, int], tuple[str, str]]
    ) -> None:
        """A copy's checks, cheapest first (the signature before the store is read); ``DeskError`` when refused."""
        if not self._signed_by(job_id, item):
            raise DeskError(
                403, f"the TaskResult signature is not {item.worker}'s: sign it with the account you logged in"
            )
        if not self._labeler(item.worker):  # (a cached chain read, before the store is read)
            raise DeskError(403, f"{item.worker} is not an eligible staked labeler")
        problem = self._problem(spec, job_id, item, known)
        if problem:
            raise DeskError(422, problem)

    @staticmethod
    def _task_slots(s: Session, job_id: int, task_index: int) -> list[_SlotView]:
        rows = s.execute(
            select(Slot.id, Slot.replica, Slot.state, Slot.worker, Slot.output_cid, Slot.lease_id)
            .where(Slot.job_id == job_id, Slot.task_index == task_index, Slot.role == "run")
            .order_by(Slot.id)
        ).all()
        return [_SlotView(*row) for row in rows]

    def _copy_to_slot(
        self,
        job_id: int,
        spec: LabelSpec,
        item: _Copy,
        slots: list[_SlotView],
        carried: dict[tuple[int, int], tuple[str, str]],
    ) -> str:
        """A copy that reaches this member after it took the job over and inserted its slots: the batch replica's
        slot done with it if it was not leased again yet, or the labeler's submission of the replica it leased
        here; refused when another labeler leased it (see the module docstring)."""
        task, replica, mine = item.task_index, item.replica, item.worker.lower()
        slot = next((x for x in reversed(slots) if x.replica == replica), None)
        if slot is not None and slot.state == SlotState.DONE:
            if ((slot.worker or "").lower(), slot.output_cid) == (mine, item.output_cid):
                return "held"
            who = "your other answers" if (slot.worker or "").lower() == mine else "another labeler's answers"
            raise DeskError(409, f"{who} are held for task {task} replica {replica}")
        if slot is not None and slot.state == SlotState.LEASED and (slot.worker or "").lower() != mine:
            raise DeskError(
                409,
                f"this oracle took job {job_id} over and leased task {task} replica {replica} again, to another "
                "labeler, before your copy came: it is labeled again; lease another batch",
            )
        if slot is not None and slot.state not in (SlotState.PENDING, SlotState.LEASED):
            raise DeskError(409, f"task {task} replica {replica} is {slot.state} here: nothing to copy it to")
        known = {key: held for key, held in carried.items() if key[1] != replica}
        known.update(
            {
                (task, x.replica): ((x.worker or "").lower(), x.output_cid or "")
                for x in slots
                if x.replica != replica and x.worker and x.state in (SlotState.LEASED, SlotState.DONE)
            }
        )
        self._check_copy(spec, job_id, item, known)  # (a replica past the job's replication: 422 here)
        if slot is None:
            raise DeskError(409, f"this oracle has no slot for task {task} replica {replica}: nothing to copy it to")
        if slot.state == SlotState.LEASED:  # leased to this labeler here: it is its submission of that lease
            if self.submit is None or slot.lease_id is None:
                raise DeskError(409, f"hand in task {task} replica {replica} through /v1/work: you hold its lease")
            try:
                self.submit(
                    slot.lease_id,
                    slot.worker or item.worker,
                    bytes.fromhex(item.digest[2:]),
                    item.output_cid,
                    bytes.fromhex(item.signature[2:]),
                )
            except LeaseError as exc:
                raise DeskError(exc.status, exc.detail) from None
        else:
            self.store.pin(item.output_cid)
            with self.sessions.begin() as s:
                filled = self._fill_pending(s, job_id, item, slot.id)
            if not filled:
                raise DeskError(
                    409,
                    f"task {task} replica {replica} was leased here while your copy was checked, or you hold "
                    "another replica of it: lease another batch",
                )
            self.on_result(job_id)
        log.info("label answer copied by its labeler after a takeover", extra={"job_id": job_id, "task": task})
        return "kept"

    @staticmethod
    def _fill_pending(s: Session, job_id: int, item: _Copy, slot_id: int | None = None) -> bool:
        """The batch replica's run slot done with ``item`` if it is still pending (never leased again: the update
        is guarded like the dispatcher's lease, so one of them wins) and its labeler holds no other replica of the
        batch here; whether it was."""
        other = (
            select(Slot.id)
            .where(
                Slot.job_id == job_id,
                Slot.task_index == item.task_index,
                Slot.role == "run",
                Slot.replica != item.replica,
                func.lower(Slot.worker) == item.worker.lower(),
                Slot.state.in_((SlotState.LEASED, SlotState.DONE)),
            )
            .exists()
        )
        filled = s.execute(
            update(Slot)
            .where(
                Slot.job_id == job_id,
                Slot.task_index == item.task_index,
                Slot.replica == item.replica,
                Slot.role == "run",
                Slot.state == SlotState.PENDING,
                ~other,
                *([Slot.id == slot_id] if slot_id is not None else []),
            )
            .values(
                state=SlotState.DONE,
                worker=item.worker,
                output_cid=item.output_cid,
                digest=item.digest.lower(),
                signature=item.signature.lower(),
                history=[{"worker": item.worker, "why": "answered for the previous leader: copied by its labeler"}],
            )
            .execution_options(synchronize_session=False)
        )
        return bool(filled.rowcount)  # type: ignore[attr-defined]  # stubs: Result, not the UPDATE's CursorResult

    def _signed_by(self, job_id: int, item: _Answer) -> bool:
        try:
            result = eip712.TaskResult(
                job_id, item.task_index, item.replica, bytes.fromhex(item.digest[2:]), eip712.cid_hash(item.output_cid)
            )
            return eip712.signed_by(eip712.digest(self.domain, result), bytes.fromhex(item.signature[2:]), item.worker)
        except ValueError:
            return False

    # ------------------------------------------------------------ the new leader's side

    def seed(self, s: Session, job_id: int, spec: Any) -> int:
        """An intake hook, in the transaction that inserted ``job_id``'s slots: each mirrored batch's slot done
        with the original labeler's answers, before any lease; how many. Never raises (intake would retry,
        then park the job): on an error the job is labeled from scratch, as it was before carry-over."""
        if not isinstance(spec, LabelSpec):
            return 0
        try:
            return self._seed(s, job_id)
        except Exception:
            log.exception("carrying label answers over failed: labeled again", extra={"job_id": job_id})
            return 0

    def _seed(self, s: Session, job_id: int) -> int:
        rows = s.execute(select(LabelCarried).where(LabelCarried.job_id == job_id)).scalars().all()
        by_task: dict[int, list[LabelCarried]] = {}
        for row in rows:
            by_task.setdefault(row.task_index, []).append(row)
        tasks = sorted(by_task)
        seeded = 0
        for first in range(0, len(tasks), SEED_CHUNK):
            chunk = tasks[first : first + SEED_CHUNK]
            slots = {
                (slot.task_index, slot.replica): slot
                for slot in s.execute(
                    select(Slot).where(
                        Slot.job_id == job_id,
                        Slot.role == "run",
                        Slot.state == SlotState.PENDING,
                        Slot.task_index.in_(chunk),
                    )
                ).scalars()
            }
            for task in chunk:
                workers: set[str] = set()
                for row in by_task[task]:
                    slot = slots.get((task, row.replica))
                    if slot is None or row.worker.lower() in workers:
                        continue
                    workers.add(row.worker.lower())
                    slot.state = SlotState.DONE
                    slot.worker = row.worker
                    slot.output_cid, slot.digest, slot.signature = row.output_cid, row.digest, row.signature
                    slot.history = [{"worker": row.worker, "why": "answered for the previous leader: carried over"}]
                    seeded += 1
        if seeded:
            log.info("label answers carried over", extra={"job_id": job_id, "batches": seeded})
        return seeded
