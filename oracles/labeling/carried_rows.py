"""What a member keeps of a label job for a takeover (``label_carried``, ``label_manifest_seen``), and when it goes.

A follower keeps one ``label_carried`` row per answered batch replica of each label job it follows
(``oracles.labeling.carry_over``), and one ``label_manifest_seen`` row per job a manifest was reported for. They
are only read when this member takes the job over (intake seeds the new slots with them) or takes a labeler's
copy, so they go once that can no longer happen:

- ``forget`` (a ``JobEvents`` dropped hook, in the follower's rewind transaction): a reorg undid the job's
  creation. At once, not at the next sweep: the id may be created again on the new chain, with another spec,
  and answers signed for the old job (the signature names the job id, not the spec) must not seed the new one.
- ``prune`` (run by the carry-over every ``PRUNE_EVERY_S``, and at its first mirror round after a start): the
  job is final as this oracle's own records show it (settled, rejected, reclaimed: ``FINAL_JOB_STATES``, set
  from the followed events, so ``confirmations`` deep), no longer in the database, or a day past its deadline
  (no member takes a job over after its deadline, and JobEscrow settles none; the day covers a chain clock
  behind this machine's).

So the tables hold rows only of label jobs that are open, this side of their deadline, and followed or taken
over by this member: at most ``num_tasks * replication`` rows per job (its batch replicas: the primary key, and
the carry-over takes no replica past ``replication`` and no task past ``num_tasks``) and one seen row. A reorg
deeper than the follower's confirmations that undoes a settlement after the sweep leaves the job without its
carried answers: if this member then takes it over, those batches are labeled again (as before carry-over).
"""

from __future__ import annotations

import time

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from oracles.labeling.models import LabelCarried, LabelManifestSeen
from oracles.models import FINAL_JOB_STATES, Job

PRUNE_EVERY_S = 600.0
DEADLINE_GRACE_S = 86_400  # kept this long past a job's deadline (chain time; compared with this machine's)


def forget(s: Session, job_id: int) -> None:
    """Delete what is kept of ``job_id`` for a takeover (in the caller's transaction)."""
    s.execute(delete(LabelCarried).where(LabelCarried.job_id == job_id))
    s.execute(delete(LabelManifestSeen).where(LabelManifestSeen.job_id == job_id))


def prune(sessions: sessionmaker, now: float | None = None) -> int:
    """Delete the rows of jobs that can no longer be taken over (see the module docstring); how many jobs."""
    now = time.time() if now is None else now
    with sessions.begin() as s:
        kept = select(LabelCarried.job_id).union(select(LabelManifestSeen.job_id)).subquery()
        gone = (
            s.execute(
                select(kept.c.job_id)
                .outerjoin(Job, Job.job_id == kept.c.job_id)
                .where(
                    or_(
                        Job.job_id.is_(None),
                        Job.state.in_(FINAL_JOB_STATES),
                        Job.deadline < now - DEADLINE_GRACE_S,
                    )
                )
            )
            .scalars()
            .all()
        )
        for job_id in gone:
            forget(s, job_id)
    return len(gone)


def manifest_seen(s: Session, job_id: int) -> bool:
    """Whether this member saw a manifest of ``job_id`` reported (kept across restarts)."""
    return s.get(LabelManifestSeen, job_id) is not None


def note_manifest(sessions: sessionmaker, job_id: int) -> None:
    """Record that a manifest of ``job_id`` was reported (once; a second call changes nothing)."""
    try:
        with sessions.begin() as s:
            if s.get(LabelManifestSeen, job_id) is None:
                s.add(LabelManifestSeen(job_id=job_id, at=time.time()))
    except IntegrityError:  # recorded at the same time by another thread
        pass
