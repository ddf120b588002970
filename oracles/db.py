"""The oracle's database: one SQLAlchemy declarative base and engine setup.

SQLite file by default (WAL, so the API can read while the follower
writes), PostgreSQL when ``database_url`` says so (``protocol.sqldb``).
Every table that lets an oracle continue after a crash derives from
``Base`` and is created by ``create_all``, together with the chain
follower's own tables (``protocol.follower.FollowerBase``).
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from protocol.follower import create_follower_tables
from protocol.sqldb import make_engine

__all__ = ["Base", "create_all", "make_engine"]


class Base(DeclarativeBase):
    pass


def create_all(engine: Engine) -> sessionmaker:
    """Create every table (import the modules that define them first) and return a session factory."""
    Base.metadata.create_all(engine)
    create_follower_tables(engine)
    return sessionmaker(engine, expire_on_commit=False)
