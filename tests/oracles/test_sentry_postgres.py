"""The sentry's state on PostgreSQL (a real PostgreSQL 16 from the pgserver wheel), restart-safe as on
SQLite: a sentry killed mid-epoch resumes with the probes it owes, one that crashed after sending its post
and before recording it does not post again, and the quorum still jails the down worker."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from oracles.sentry.attestation import read_verified
from oracles.sentry.state import PostRow
from tests.oracles.test_sentry_service import EPOCH, move_to, net  # noqa: F401 - the fixture
from tests.support.postgres import fresh_database, postgres_server

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    yield from postgres_server(tmp_path_factory)


def test_sentry_on_postgres__killed_mid_epoch_and_after_sending__posts_once_and_jails(net, postgres):  # noqa: F811
    urls = [fresh_database(postgres, f"sentry{i}") for i in range(2)]
    board = net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    start = net.genesis + epoch * EPOCH
    move_to(net, start + 1)
    first, other = net.service(net.sentries[0], "pg0", urls[0]), net.service(net.sentries[1], "pg1", urls[1])
    assert first.engine.dialect.name == "postgresql"
    for s in (first, other):
        s.tick()
    move_to(net, start + EPOCH // 2)
    first.tick()
    first.close()  # killed mid-epoch
    first = net.service(net.sentries[0], "pg0", urls[0])
    first.tick()  # plans only the probes each worker is still owed
    move_to(net, start + int(0.95 * EPOCH))
    for s in (first, other):
        s.tick()
    move_to(net, start + EPOCH + 1)
    first.close_epochs(first.clock())  # sent and mined, then killed before it was recorded as posted
    with Session(first.engine) as db:
        db.get(PostRow, epoch).posted = False
        db.commit()
    first.close()
    first = net.service(net.sentries[0], "pg0", urls[0])
    first.tick()
    other.tick()  # the second root with the OFFLINE leaf: jails
    assert board.jailed_for_epoch(net.workers[0], epoch)
    posted = [e for e in board.AttestationPosted.range(0, net.w3.eth.block_number + 1) if e.epoch == epoch]
    assert sorted(e.sentry for e in posted) == sorted(s.address for s in net.sentries[:2])
    mine = next(e for e in posted if e.sentry == net.sentries[0].address)
    parsed, _ = read_verified(first.store, mine.cid, bytes(mine.root))
    assert {w.worker: len(w.probes) for w in parsed.workers} == {w.address: 3 for w in net.workers}
    with Session(first.engine) as db:
        assert [(p.epoch, p.posted) for p in db.scalars(select(PostRow))] == [(epoch, True)]
    for s in (first, other):
        s.close()
