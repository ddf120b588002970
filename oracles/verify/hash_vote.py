"""Majority vote over the digests that a task's replicas submitted (the ``hash`` policy).

Rules, applied identically by every oracle:

- the digest held by a *strict* majority of the submissions (more than half)
  wins; its workers are ``agreeing`` (paid), every other worker is
  ``dissenting`` (slashed, unpaid);
- without a strict majority (a tie such as 1–1 or 2–2, three different
  digests, or no submission at all) there is no winner, nobody is judged
  (``agreeing`` and ``dissenting`` are empty) and ``needs_more`` asks the
  dispatcher for a tie-break replica;
- a single submission is a majority of one;
- one worker may submit once per task: a second submission from the same
  address (compared case-insensitively) or a second submission for the same
  replica index is a caller bug and raises ``ValueError``.

Outputs are sorted by address (lower-case hex), so the result does not
depend on the order of the submissions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


class Submission(NamedTuple):
    """One replica's result: who ran it, which replica it was, and the 32-byte digest it signed."""

    worker: str
    replica: int
    digest: bytes


@dataclass(frozen=True)
class Vote:
    """Outcome of a vote; ``winner`` is None when there is no strict majority."""

    winner: bytes | None
    agreeing: tuple[str, ...]
    dissenting: tuple[str, ...]
    needs_more: bool
    tally: tuple[tuple[bytes, int], ...] = ()

    def evidence(self) -> dict[str, Any]:
        """A JSON-serialisable record of the vote (digests as ``0x`` hex)."""
        return {
            "winner": None if self.winner is None else "0x" + self.winner.hex(),
            "agreeing": list(self.agreeing),
            "dissenting": list(self.dissenting),
            "needs_more": self.needs_more,
            "tally": [{"digest": "0x" + digest.hex(), "count": count} for digest, count in self.tally],
        }


def _address_key(worker: str) -> str:
    return worker.lower()


def _validate(submissions: Sequence[Submission]) -> None:
    workers: set[str] = set()
    replicas: set[int] = set()
    for sub in submissions:
        if not isinstance(sub.digest, bytes | bytearray) or len(sub.digest) != 32:
            raise ValueError(f"digest of replica {sub.replica} from {sub.worker} must be 32 bytes")
        key = _address_key(sub.worker)
        if key in workers:
            raise ValueError(f"worker {sub.worker} submitted more than once; a worker runs one replica per task")
        if sub.replica in replicas:
            raise ValueError(f"replica {sub.replica} was submitted more than once")
        workers.add(key)
        replicas.add(sub.replica)


def _tally(submissions: Sequence[Submission]) -> tuple[tuple[bytes, int], ...]:
    """Digest counts, most votes first, ties broken by digest bytes (deterministic)."""
    counts = Counter(bytes(sub.digest) for sub in submissions)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def vote(submissions: Sequence[Submission]) -> Vote:
    """Majority vote over replica digests; see the module docstring for the rules."""
    _validate(submissions)
    tally = _tally(submissions)
    if not tally or 2 * tally[0][1] <= len(submissions):
        return Vote(winner=None, agreeing=(), dissenting=(), needs_more=True, tally=tally)
    winner = tally[0][0]
    by_address = sorted(submissions, key=lambda sub: _address_key(sub.worker))
    return Vote(
        winner=winner,
        agreeing=tuple(sub.worker for sub in by_address if bytes(sub.digest) == winner),
        dissenting=tuple(sub.worker for sub in by_address if bytes(sub.digest) != winner),
        needs_more=False,
        tally=tally,
    )
