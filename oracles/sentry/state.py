"""The sentry's state in SQL (SQLite by default, PostgreSQL by URL): every probe, each epoch's post, each
jail it submitted, and the workers its chain follower found (``protocol/follower.py`` keeps the cursor). A restarted sentry reads it back and goes on: probes already made
count, an epoch already posted (here or, after a crash between send and record, on-chain) is not posted
again."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class SentryBase(DeclarativeBase):
    pass


class ProbeRow(SentryBase):
    __tablename__ = "sentry_probes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    epoch: Mapped[int] = mapped_column(Integer, index=True)
    worker: Mapped[str] = mapped_column(String(42))
    at: Mapped[float] = mapped_column(Float)
    answered: Mapped[bool] = mapped_column(Boolean)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)


class PostRow(SentryBase):
    __tablename__ = "sentry_posts"

    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    root: Mapped[str] = mapped_column(String(66))
    cid: Mapped[str] = mapped_column(String(128))
    posted: Mapped[bool] = mapped_column(Boolean, default=False)
    tx_hash: Mapped[str | None] = mapped_column(String(66), nullable=True)


class JailRow(SentryBase):
    __tablename__ = "sentry_jails"

    worker: Mapped[str] = mapped_column(String(42), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome: Mapped[str] = mapped_column(String(300))


class WorkerEventRow(SentryBase):
    """A confirmed WorkerRegistry event about a worker (NodeRegistered as a worker, NodeUpdated), written by
    the sentry's chain follower; a reorg deletes the rows of the blocks it replaced. The workers are the
    distinct ``worker`` values; a worker's metadata CID is its latest row's."""

    __tablename__ = "sentry_worker_events"

    block: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    log_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker: Mapped[str] = mapped_column(String(42), index=True)
    metadata_cid: Mapped[str] = mapped_column(String(128), default="")
