"""Who is paid and who is slashed for a task, from its submissions alone.

The leader applies these rules while a job runs, and every committee member
applies them again to the result manifest before signing, so the rules are
pure functions of the records the manifest carries:

- ``hash`` policy: the strict majority digest among the task's runs wins;
  its workers are paid, the others slashed. No strict majority: nobody is
  paid or slashed for the task (it failed).
- ``render`` / ``train`` policies: a run whose check passed is paid; a run
  whose check failed is slashed; an unchecked run is paid if the task was
  accepted on it. Runs superseded (built on a result that later failed a
  check) are neither paid nor slashed.
- Every completed check is paid: checkers are assigned by the oracle and
  cannot choose what they check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from oracles.verify.hash_vote import Submission, vote


@dataclass(frozen=True)
class Record:
    """One completed slot of a task, as the manifest records it."""

    slot_id: int
    replica: int
    role: str  # run | check
    round: int
    worker: str
    digest: str
    output_cid: str
    superseded: bool = False
    subject_slot: int | None = None
    passed: bool | None = None  # checks: the evidence verdict


@dataclass
class Outcome:
    accepted_slot: int | None
    paid: list[str] = field(default_factory=list)
    slashed: list[str] = field(default_factory=list)


def judge_task(method: str, records: Sequence[Record]) -> Outcome:
    """Apply the policy's rules to a task's completed slots."""
    live = [r for r in records if not r.superseded]
    runs = [r for r in live if r.role == "run"]
    checks = [r for r in live if r.role == "check"]
    outcome = Outcome(None, paid=[c.worker for c in checks])
    if method == "hash":
        if not runs:
            return outcome
        result = vote([Submission(r.worker, r.replica, bytes.fromhex(r.digest[2:])) for r in runs])
        if result.winner is None:
            return outcome
        winner = "0x" + result.winner.hex()
        outcome.accepted_slot = min(r.slot_id for r in runs if r.digest == winner)
        outcome.paid += list(result.agreeing)
        outcome.slashed += list(result.dissenting)
        return outcome
    verdicts = {c.subject_slot: c.passed for c in checks if c.passed is not None}
    for run in sorted(runs, key=lambda r: (r.round, r.slot_id)):
        verdict = verdicts.get(run.slot_id)
        if verdict is False:
            outcome.slashed.append(run.worker)
            outcome.accepted_slot = None
        else:
            outcome.accepted_slot = run.slot_id
    if outcome.accepted_slot is not None:
        outcome.paid.append(next(r.worker for r in runs if r.slot_id == outcome.accepted_slot))
    return outcome
