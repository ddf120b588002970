"""Who is paid and who is slashed for a task, from its submissions alone.

The leader applies these rules while a job runs, and every committee member
applies them again to the result manifest before signing, so the rules are
pure functions of the records the manifest carries:

- ``hash`` policy: the strict majority digest among the task's runs wins;
  its workers are paid, the others slashed. No strict majority: nobody is
  paid or slashed for the task (it failed).
- ``render`` / ``train`` policies: a run whose check passed is paid; an
  unchecked run is paid if the task was accepted on it. A failed check is not
  a verdict on its own: a second checker's *confirmation* decides
  (``oracles.verify.confirmation``): ``worker`` — the run is slashed and not
  paid; ``checker`` — the first checker is slashed and not paid, the run is
  accepted and paid; ``ambiguous`` (or no confirmation: the budget or the
  fleet could not give one) — nobody is slashed and the run is not paid (the
  task is run again by someone else, so the requester pays for one run).
  Runs superseded (built on a result that later failed a check) are neither
  paid nor slashed.
- Every completed check is paid (checkers are assigned by the oracle and
  cannot choose what they check), except a first check its confirmation
  faulted.
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
    confirms: int | None = None  # confirmations: the slot of the failed check they confirm
    verdict: str | None = None  # confirmations: worker | checker | ambiguous


@dataclass
class Outcome:
    accepted_slot: int | None
    paid: list[str] = field(default_factory=list)
    slashed: list[str] = field(default_factory=list)
    checks_paid: list[str] = field(default_factory=list)  # the checkers among ``paid`` (what a failed task pays)


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
    confirmed = {c.confirms: c.verdict for c in checks if c.confirms is not None and c.verdict is not None}
    verdicts: dict[int | None, str] = {}
    for check in checks:
        if check.confirms is not None or check.passed is None:
            continue
        if check.passed:
            verdicts[check.subject_slot] = "passed"
            continue
        verdict = confirmed.get(check.slot_id)
        verdicts[check.subject_slot] = verdict or "unconfirmed"
        if verdict == "checker":
            outcome.slashed.append(check.worker)
            outcome.paid.remove(check.worker)
    for run in sorted(runs, key=lambda r: (r.round, r.slot_id)):
        verdict = verdicts.get(run.slot_id)
        if verdict == "worker":
            outcome.slashed.append(run.worker)
            outcome.accepted_slot = None
        elif verdict in ("ambiguous", "unconfirmed"):
            outcome.accepted_slot = None
        else:
            outcome.accepted_slot = run.slot_id
    outcome.checks_paid = list(outcome.paid)
    if outcome.accepted_slot is not None:
        outcome.paid.append(next(r.worker for r in runs if r.slot_id == outcome.accepted_slot))
    return outcome
