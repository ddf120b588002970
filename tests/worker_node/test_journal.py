"""worker_node/journal.py: a job's results after the first are not written again to ``earned``, and a job
forgotten (its payout claimed) is recorded again if it earns again; a reopened journal keeps its rows."""

from __future__ import annotations

from worker_node.journal import Journal


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
