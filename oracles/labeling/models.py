"""The tables label jobs add to the oracle's database: a job's revealed gold file, by CID, the jobs
whose gold a leader takeover exposed, the labelers' answers a follower mirrored for a takeover, and the
followed jobs some member reported a manifest for (no answer is taken for them any more).

The gold file itself goes into the oracle's store when it is revealed (``oracles.labeling.desk``); this
row is what the leader needs to find it again after a restart. Imported by ``oracles.labeling.desk``,
which ``oracles.settling`` imports, so ``oracles.db.create_all`` creates it with the other tables.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from oracles.db import Base


class LabelGold(Base):
    """A label job's gold file, revealed by its requester after every batch had its answers."""

    __tablename__ = "label_gold"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    gold_cid: Mapped[str] = mapped_column(String(128))
    revealed_at: Mapped[float] = mapped_column(Float)


class LabelGoldExposed(Base):
    """A label job taken over after its previous leader had published a manifest naming the revealed gold
    (``oracles.failover``): the job is labeled again, so that gold is never used for it again (its answers
    are public) — it is judged by agreement alone (``oracles.labeling.desk``)."""

    __tablename__ = "label_gold_exposed"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[float] = mapped_column(Float)


class LabelCarried(Base):
    """A labeler's answer a follower mirrored from the job's holder and checked itself (signature, staked labeler,
    answers file and digest: ``oracles.labeling.carry_over``). If this member takes the job over, the batch's
    slot starts done with it, so the labeler's work is neither lost nor leased again, and it is paid."""

    __tablename__ = "label_carried"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    task_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    replica: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    worker: Mapped[str] = mapped_column(String(42))
    output_cid: Mapped[str] = mapped_column(String(128))
    digest: Mapped[str] = mapped_column(String(66))
    signature: Mapped[str] = mapped_column(String(132))
    mirrored_at: Mapped[float] = mapped_column(Float)


class LabelManifestSeen(Base):
    """A label job some member reported a manifest for, as this member saw it while following (its gold may then
    be public): no mirrored or copied answer is taken for it from then on, and a takeover treats its gold as
    exposed — also after this member restarts (``oracles.labeling.carry_over``). Its rows and the job's
    ``label_carried`` rows go when the job can no longer be taken over (``oracles.labeling.carried_rows``)."""

    __tablename__ = "label_manifest_seen"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[float] = mapped_column(Float)
