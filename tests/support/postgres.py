"""A real PostgreSQL 16 for tests (the pgserver wheel): a server per test module and fresh databases on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa


def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run a server until the generator is closed; yields its admin URL (psycopg driver). A module's
    fixture: ``yield from postgres_server(tmp_path_factory)``."""
    import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    server.cleanup()


def fresh_database(admin_uri: str, name: str) -> str:
    """Drop and create database ``name``; its URL."""
    engine = sa.create_engine(admin_uri, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return admin_uri.replace("/postgres?", f"/{name}?", 1)
