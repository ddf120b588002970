"""The leader's settler (oracles/settling.py) tells a settlement that must wait from one that failed: a label job
waiting for its gold, or a zk job for its proofs to be posted (``protocol.errors.NotYet``), is logged at INFO with
what it waits for; anything else is a WARNING. Either way the reason is kept on the job and the next round retries."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine

from oracles.db import create_all
from oracles.labeling.settle import GoldPending
from oracles.models import Job, JobState
from oracles.settling import Settler
from oracles.verify.zk_jobs import ZkProofsPending
from tests.support.oracle_rows import job_row


def settler_of(tmp_path, raised: Exception) -> Settler:
    sessions = create_all(create_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    with sessions.begin() as s:
        s.add(job_row(1, JobState.SETTLING, leader=True))
    settler = Settler(SimpleNamespace(sessions=sessions), None, Counter(), threading.Event())  # type: ignore[arg-type]

    def attempt(_job_id: int) -> None:
        raise raised

    settler._settle = attempt  # type: ignore[method-assign]
    return settler


@pytest.mark.parametrize(
    "raised",
    [
        GoldPending("waiting for the requester's gold file until 12:00"),
        ZkProofsPending("2 proof(s) still being posted"),
    ],
)
def test_settle_pending__settlement_must_wait__info_not_warning_reason_kept(tmp_path, caplog, raised):
    settler = settler_of(tmp_path, raised)
    with caplog.at_level(logging.INFO, logger="oracles.settling"):
        settler.settle_pending()
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert caplog.records[0].getMessage() == "settlement waiting"
    with settler.member.sessions() as s:
        assert s.get(Job, 1).error == str(raised)


def test_settle_pending__settlement_fails__warning_reason_kept(tmp_path, caplog):
    settler = settler_of(tmp_path, RuntimeError("the node refused the transaction"))
    with caplog.at_level(logging.INFO, logger="oracles.settling"):
        settler.settle_pending()
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [(logging.WARNING, "settlement attempt failed")]
    with settler.member.sessions() as s:
        assert s.get(Job, 1).error == "the node refused the transaction"
