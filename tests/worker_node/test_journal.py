"""worker_node/journal.py: a job's results after the first are not written again to ``earned``, and a job
forgotten (its payout claimed) is recorded again if it earns again; a reopened journal keeps its rows."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.agent_network import stub_lease as _lease
from worker_node.journal import LEASED, Journal


def test_earned__same_job_many_results__one_row_and_no_write_after_the_first(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    writes: list[str] = []
    real = journal._exec
    journal._exec = lambda sql, args=(): writes.append(sql) or real(sql, args)  # type: ignore[method-assign]
    try:
        for _ in range(5):
            journal.earned(7, "http://oracle")
        assert journal.earned_jobs() == {7: "http://oracle"}
        assert sum(sql.startswith("INSERT") for sql in writes) == 1
    finally:
        journal.close()


def test_earned__job_forgotten_then_earned_again__recorded_again_and_kept_on_reopen(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    journal.earned(7, "http://oracle")
    journal.forget_earned([7])
    assert journal.earned_jobs() == {}
    journal.earned(7, "http://oracle")
    journal.close()
    reopened = Journal(tmp_path / "journal.db")
    try:
        assert reopened.earned_jobs() == {7: "http://oracle"}
    finally:
        reopened.close()


def test_exchanged__drops_and_holds__one_commit_and_kept_on_reopen(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    journal.hold("http://oracle", _lease("done"), tmp_path / "done")
    commits = []
    journal._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    journal.exchanged(["done"], [("http://oracle", _lease(f"new{i}"), tmp_path / f"new{i}") for i in range(3)])
    assert commits == ["COMMIT"]
    journal.close()
    reopened = Journal(tmp_path / "journal.db")
    try:
        held = {h.lease.lease_id: h for h in reopened.held()}
        assert sorted(held) == ["new0", "new1", "new2"]
        assert held["new1"].state == LEASED and held["new1"].out_dir == tmp_path / "new1"
    finally:
        reopened.close()


def test_exchanged__a_write_fails__nothing_of_the_exchange_kept(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    journal.hold("http://oracle", _lease("done"), tmp_path / "done")
    journal._db.execute(  # the second insert fails (a full disk, say), after the delete and the first insert
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON leases WHEN NEW.lease_id = 'bad' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    bad = _lease("bad")
    with pytest.raises(sqlite3.Error):
        journal.exchanged(
            ["done"], [("http://oracle", _lease("new"), tmp_path / "new"), ("http://oracle", bad, tmp_path)]
        )
    try:
        assert [h.lease.lease_id for h in journal.held()] == ["done"]
    finally:
        journal.close()
