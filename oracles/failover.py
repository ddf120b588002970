"""Leader failover: a job whose leader makes no progress is taken over by the next member in a fixed rotation.

Who may lead job ``n`` is fixed: ``rotation(n, members)`` (``oracles.committee``),
the leader first. Every member that follows an open job reads the other
members' public ``/v1/jobs/{id}`` reports; a report (state, tasks accepted
and failed, slots leased and done, manifest, settle transaction) is that
member's progress stamp. The job's *holder* is the highest-ranked member
that reports it running, settling or rejecting, or the leader when none
does. The holder is *silent* while it does not answer, or answers settling
or rejecting with the same report (its transaction does not get through),
or is the leader but does not hold the job (it stepped down); a holder that
answers ``running`` is alive, however slowly its job moves (that pace is the
workers': a job waiting for a free worker is not helped by a new leader,
and the first chaos runs took over ~30 such jobs). A member at rank ``r``
after the holder's rank ``h`` takes the job over when the holder has been
silent for ``(r - h) * leader_takeover_after_s`` and the job is still open
on-chain before its deadline: rank 1 takes over a silent leader after one
bound, rank 2 after two (if rank 1 is silent too, else rank 1 has become the
holder and is watched in turn).

Taking over starts from the chain and the shared store, not from the old
leader's database (which may be gone): the job goes back to intake as this
member's, so its spec is checked again and its tasks are sliced and leased
afresh; work done for the old leader is not reused (its workers were not
paid for it, and nobody is paid twice: JobEscrow takes one settlement per
round) — except a label job's answers, which every follower mirrors and
checks while the old holder runs, and which start done after a takeover
(``oracles.labeling.carry_over``: human work is not redone).

A holder that sees a member ranked after it report the job running or
settling has been taken over (it was silent for a bound: a crash, a restart,
a partition) and steps down: its tasks and slots are deleted, so its leases
end at the next heartbeat or submit and no task stays leased on two oracles.
Two members lease the same job only between a takeover and the old holder's
next check, and only if the old holder was alive but unheard.

Kinds hook in without this module knowing them: ``follow_hooks`` run for each
followed job whose holder answered this round (``(job, holder, its url,
manifest published)``: a label job's follower mirrors the labelers' answers,
``oracles.labeling.carry_over``), and ``takeover_hooks`` run inside the
takeover's transaction (``(session, job, manifest published)``: a label job's
gold may be exposed). A hook that raises is logged and never stops the watch
(a takeover hook that raises rolls that takeover back, tried again next
round).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from oracles.committee import Committee, rotation
from oracles.config import OracleConfig
from oracles.models import Job, JobState, Slot, TaskRow
from protocol.chain import ChainClient
from protocol.contracts import JobStatus

log = logging.getLogger(__name__)

HOLDING = (JobState.RUNNING, JobState.SETTLING, JobState.REJECTING)  # a holder's states (as it reports them too)
FINAL_REPORTS = frozenset({JobState.SETTLED, JobState.REJECTED, JobState.CLOSED})
Stamp = tuple | None  # a member's report of a job (None: no answer)


class LeaderWatch:
    """Takes over the open jobs whose holders went silent, and steps down from jobs taken over from us.

    ``check()`` runs on the scheduler; ``_report(member, job_id)`` reads a member's progress stamp (None
    when it does not answer); ``on_takeover()`` is called after a job was taken over (to wake intake);
    ``clock`` measures silence.
    """

    def __init__(
        self,
        sessions: sessionmaker,
        config: OracleConfig,
        chain: ChainClient,
        committee: Committee,
        on_takeover: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.chain = chain
        self.committee = committee
        self.on_takeover = on_takeover
        self.clock = clock
        self.bound = config.leader_takeover_after_s
        self.urls = {p.address.lower(): p.url for p in config.peers}
        self._http = httpx.Client(timeout=min(5.0, self.config.peer_timeout_seconds))
        self._seen: dict[tuple[int, str], tuple[Stamp, float]] = {}  # (job, member) -> (stamp, since)
        self._published: set[int] = set()  # jobs some member reported a manifest for (it is in the shared store)
        self._holder: dict[int, tuple[str, bool]] = {}  # job -> (its holder, answered this round)
        # (job, holder, holder's url, manifest published): for each followed job whose holder answered
        self.follow_hooks: list[Callable[[int, str, str, bool], None]] = []
        # (session, job, manifest published): inside the transaction that takes a job over
        self.takeover_hooks: list[Callable[[Session, int, bool], None]] = []

    def close(self) -> None:
        self._http.close()

    def check(self) -> None:
        """One round over the open jobs: step down where taken over, take over where the holder is silent."""
        me = self.committee.address.lower()
        members = self.committee.members()
        with self.sessions() as s:
            jobs = s.execute(
                select(Job.job_id, Job.state, Job.leader).where(Job.state.in_((JobState.FOLLOWING, *HOLDING)))
            ).all()
        live = set()
        for job_id, state, leader in jobs:
            order = [m.lower() for m in rotation(job_id, members)]
            if me not in order:
                continue
            rank = order.index(me)
            live.add(job_id)
            if leader and state in HOLDING:
                self._step_down_if_taken_over(job_id, order[rank + 1 :])
            elif state == JobState.FOLLOWING and rank > 0:
                if self._holder_silent(job_id, order, rank):
                    self._take_over(job_id)
                else:
                    self._follow(job_id)
        self._seen = {key: v for key, v in self._seen.items() if key[0] in live}
        self._published &= live
        self._holder = {job: h for job, h in self._holder.items() if job in live}

    def _follow(self, job_id: int) -> None:
        """The follow hooks of a job whose holder (ranked before us) answered this round."""
        holder, answered = self._holder.pop(job_id, ("", False))
        url = self.urls.get(holder)
        if not answered or url is None:
            return
        for hook in self.follow_hooks:
            try:
                hook(job_id, holder, url, job_id in self._published)
            except Exception:  # one kind's hook never stops the watch
                log.exception("follow hook failed", extra={"job_id": job_id, "oracle": self.config.name})

    # -- watching the holder --------------------------------------------------------------------

    def _holder_silent(self, job_id: int, order: list[str], rank: int) -> bool:
        """Whether the job's holder ranks before us and has been silent long enough for us to take over.

        The holder is the highest-ranked member that reports the job running, settling or rejecting (a
        holder steps down for a later one), or the leader when none does. Members that only follow the job
        are not watched: their reports never change, and a leader that stepped down is one of them."""
        now = self.clock()
        stamps: dict[int, Stamp] = {}
        for q, member in enumerate(order):
            if q == rank:
                continue
            stamp = stamps[q] = self._report(member, job_id)
            if stamp is not None and stamp[5]:
                self._published.add(job_id)  # (kept after the member goes silent: what it published stays out)
            if stamp is not None and stamp[0] in FINAL_REPORTS:
                return False  # the job is done; our follower will see its event
            previous = self._seen.get((job_id, member))
            if previous is None or previous[0] != stamp or (stamp is not None and stamp[0] == JobState.RUNNING):
                self._seen[(job_id, member)] = (stamp, now)  # progress; or running and answering: alive
        holders = [q for q, stamp in stamps.items() if stamp is not None and stamp[0] in HOLDING]
        holder = max(holders, default=0)
        self._holder[job_id] = (order[holder], stamps.get(holder) is not None)
        if holder > rank:
            return False  # a member after us holds it
        return now - self._seen[(job_id, order[holder])][1] >= (rank - holder) * self.bound

    def _report(self, member: str, job_id: int) -> Stamp:
        """A member's progress stamp of a job from its ``/v1/jobs/{id}``; None when it does not answer."""
        url = self.urls.get(member)
        if url is None:
            return None
        try:
            reply = self._http.get(f"{url}/v1/jobs/{job_id}")
        except httpx.HTTPError:
            return None
        if reply.status_code != 200:
            return None
        r = reply.json()
        return (
            r["state"],
            r["tasks_accepted"],
            r["tasks_failed"],
            r["slots_leased"],
            r["slots_done"],
            r.get("manifest_cid"),
            r.get("settle_tx"),
        )

    # -- taking over and stepping down ------------------------------------------------------------

    def _take_over(self, job_id: int) -> None:
        on_chain = self.chain.get_job(job_id)
        if on_chain.status != JobStatus.OPEN or on_chain.deadline <= self.chain.head().timestamp:
            return  # settled, rejected or past its deadline: nothing to take over
        try:
            with self.sessions.begin() as s:
                job = s.get(Job, job_id)
                if job is None or job.state != JobState.FOLLOWING:
                    return
                _drop_work(s, job_id)
                for hook in self.takeover_hooks:  # e.g. a label job's gold exposed by its old leader's manifest
                    hook(s, job_id, job_id in self._published)
                job.leader = True
                job.state = JobState.REJECTING if job.reject_reason is not None else JobState.INTAKE
                job.manifest_cid = job.settle_tx = job.error = None
        except Exception:  # a hook failed: nothing of the takeover was written; the next round tries again
            log.exception("takeover rolled back", extra={"job_id": job_id, "oracle": self.config.name})
            return
        self._seen = {key: v for key, v in self._seen.items() if key[0] != job_id}
        log.warning("leader silent: job taken over", extra={"job_id": job_id, "oracle": self.config.name})
        self.on_takeover()

    def _step_down_if_taken_over(self, job_id: int, after: list[str]) -> None:
        for member in after:
            stamp = self._report(member, job_id)
            if stamp is not None and stamp[0] in HOLDING:
                with self.sessions.begin() as s:
                    job = s.get(Job, job_id)
                    if job is None or not job.leader:
                        return
                    _drop_work(s, job_id)
                    job.leader = False
                    job.state = JobState.FOLLOWING
                log.warning(
                    "job taken over by a later member: stepping down",
                    extra={"job_id": job_id, "oracle": self.config.name, "by": member},
                )
                return


def _drop_work(s: Session, job_id: int) -> None:
    """Forget a job's tasks and slots (their leases end: a heartbeat or submit finds no lease)."""
    s.execute(delete(Slot).where(Slot.job_id == job_id))
    s.execute(delete(TaskRow).where(TaskRow.job_id == job_id))
