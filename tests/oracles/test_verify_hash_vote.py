"""Majority vote over replica digests (the ``hash`` policy)."""

from __future__ import annotations

import json

import pytest

from oracles.verify import Submission, vote

GOOD = b"\x11" * 32
BAD = b"\x22" * 32
OTHER = b"\x33" * 32
WORKER_A = "0x" + "a" * 40
WORKER_B = "0x" + "b" * 40
WORKER_C = "0x" + "c" * 40
WORKER_D = "0x" + "d" * 40


def test_vote__unanimous__winner_all_agree_nobody_slashed():
    result = vote([Submission(WORKER_C, 0, GOOD), Submission(WORKER_A, 1, GOOD), Submission(WORKER_B, 2, GOOD)])
    assert result.winner == GOOD
    assert result.agreeing == (WORKER_A, WORKER_B, WORKER_C)
    assert result.dissenting == ()
    assert result.needs_more is False


def test_vote__two_against_one__minority_dissenting():
    result = vote([Submission(WORKER_B, 0, BAD), Submission(WORKER_C, 1, GOOD), Submission(WORKER_A, 2, GOOD)])
    assert result.winner == GOOD
    assert result.agreeing == (WORKER_A, WORKER_C)
    assert result.dissenting == (WORKER_B,)
    assert result.needs_more is False


def test_vote__one_one_tie__no_winner_needs_more_nobody_judged():
    result = vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_B, 1, BAD)])
    assert result.winner is None
    assert result.agreeing == () and result.dissenting == ()
    assert result.needs_more is True


def test_vote__two_two_tie__needs_more():
    result = vote(
        [
            Submission(WORKER_A, 0, GOOD),
            Submission(WORKER_B, 1, BAD),
            Submission(WORKER_C, 2, GOOD),
            Submission(WORKER_D, 3, BAD),
        ]
    )
    assert result.winner is None and result.needs_more is True


def test_vote__plurality_without_majority__needs_more():
    result = vote(
        [
            Submission(WORKER_A, 0, GOOD),
            Submission(WORKER_B, 1, GOOD),
            Submission(WORKER_C, 2, BAD),
            Submission(WORKER_D, 3, OTHER),
        ]
    )
    assert result.winner is None and result.needs_more is True


def test_vote__three_different__needs_more():
    result = vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_B, 1, BAD), Submission(WORKER_C, 2, OTHER)])
    assert result.winner is None and result.needs_more is True


def test_vote__tie_broken_by_extra_replica__three_against_two():
    result = vote(
        [
            Submission(WORKER_A, 0, GOOD),
            Submission(WORKER_B, 1, BAD),
            Submission(WORKER_C, 2, GOOD),
            Submission(WORKER_D, 3, BAD),
            Submission("0x" + "e" * 40, 4, GOOD),
        ]
    )
    assert result.winner == GOOD
    assert result.dissenting == (WORKER_B, WORKER_D)


def test_vote__single_submission__majority_of_one():
    result = vote([Submission(WORKER_A, 0, GOOD)])
    assert result.winner == GOOD and result.agreeing == (WORKER_A,) and not result.needs_more


def test_vote__no_submission__needs_more():
    result = vote([])
    assert result.winner is None and result.needs_more is True


def test_vote__same_worker_twice__rejected():
    with pytest.raises(ValueError, match="more than once"):
        vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_A, 1, GOOD), Submission(WORKER_B, 2, BAD)])


def test_vote__same_worker_other_case__rejected():
    with pytest.raises(ValueError, match="more than once"):
        vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_A.upper().replace("0X", "0x"), 1, GOOD)])


def test_vote__same_replica_twice__rejected():
    with pytest.raises(ValueError, match="replica 0"):
        vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_B, 0, GOOD)])


def test_vote__short_digest__rejected():
    with pytest.raises(ValueError, match="32 bytes"):
        vote([Submission(WORKER_A, 0, b"\x11" * 31)])


def test_vote__submission_order__same_result():
    subs = [
        Submission(WORKER_D, 0, BAD),
        Submission(WORKER_B, 1, GOOD),
        Submission(WORKER_C, 2, GOOD),
        Submission(WORKER_A, 3, GOOD),
    ]
    assert vote(subs) == vote(list(reversed(subs)))


def test_vote__evidence__json_with_hex_digests():
    evidence = vote([Submission(WORKER_A, 0, GOOD), Submission(WORKER_B, 1, GOOD), Submission(WORKER_C, 2, BAD)])
    record = json.loads(json.dumps(evidence.evidence()))
    assert record["winner"] == "0x" + GOOD.hex()
    assert record["dissenting"] == [WORKER_C]
    assert record["tally"] == [{"digest": "0x" + GOOD.hex(), "count": 2}, {"digest": "0x" + BAD.hex(), "count": 1}]
