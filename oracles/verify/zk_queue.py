"""The leader's proof posting, off the judging pass: proofs checked off-chain wait in a bounded queue and one
thread sends them to the ProofRegistry, so a judging pass never waits for a chain transaction.

``offer`` takes a proof that passed the off-chain check (``ZkPoster.check``) and is not on record; it is
refused when the queue is full (``max_items``) and the caller posts that one itself (backpressure: a large
job's judging slows to the chain's pace instead of growing the queue). A task is queued once; the thread
sends each in arrival order with ``ZkPoster.send`` (which skips a task another member proved). A node that
does not answer keeps the proof queued and the thread retries after ``retry_seconds``; a revert is final:
the task is kept in ``refused`` with the reason and is not paid. When a job has nothing queued any more,
``on_drained(job_id)`` runs (the settler settles it).

"Posted once, before the task pays" is kept at settlement: ``ZkJobs.settle_manifest`` holds a job's
settlement while any of its tasks is queued, and a task accepted without a proof on record and not
queued (a restart or a failover lost the queue, which lives in memory) is queued again from its accepted
output, so a restarted leader posts what was missing before it settles.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from oracles.verify.zk_check import ZkVerdict
from oracles.verify.zk_post import PostOutcome, ZkPoster
from protocol.chain import ChainError
from protocol.zk.job import ZkJobTerms

log = logging.getLogger(__name__)

MAX_QUEUED = 1_024  # proofs waiting (a zk job is at most 1,024 tasks); beyond it the judging pass posts itself
MAX_REFUSED = 4_096  # refusals kept (for the settlement's notes); the oldest are dropped first


@dataclass(frozen=True)
class QueuedProof:
    job_id: int
    task_index: int
    terms: ZkJobTerms
    proof: bytes
    verdict: ZkVerdict


class ProofQueue:
    """Proofs waiting to be posted, and the thread that posts them (see the module docstring)."""

    def __init__(
        self,
        poster: Callable[[], ZkPoster],
        stop: threading.Event,
        *,
        max_items: int = MAX_QUEUED,
        retry_seconds: float = 2.0,
        on_drained: Callable[[int], None] = lambda job_id: None,
    ) -> None:
        self.poster = poster
        self.stop = stop
        self.max_items = max_items
        self.retry_seconds = retry_seconds
        self.on_drained = on_drained
        self._items: OrderedDict[tuple[int, int], QueuedProof] = OrderedDict()
        self._refused: OrderedDict[tuple[int, int], str] = OrderedDict()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.posted: list[PostOutcome] = []  # the newest outcomes (at most 64), for status and tests

    # ------------------------------------------------------------ what the judging pass and the settler ask

    def offer(self, item: QueuedProof) -> bool:
        """Queue ``item``; True when it is queued (or already was), False when the queue is full."""
        key = (item.job_id, item.task_index)
        with self._cond:
            if key in self._items:
                return True
            if len(self._items) >= self.max_items:
                return False
            self._refused.pop(key, None)
            self._items[key] = item
            self._start()
            self._cond.notify()
        return True

    def queued(self, job_id: int) -> set[int]:
        """The tasks of ``job_id`` waiting to be posted."""
        with self._cond:
            return {task for job, task in self._items if job == job_id}

    def refused(self, job_id: int, task_index: int) -> str | None:
        """Why the registry refused the task's queued proof, if it did."""
        with self._cond:
            return self._refused.get((job_id, task_index))

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)

    # ------------------------------------------------------------ the posting thread

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self.run, name="zk-proof-poster", daemon=True)
            self._thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            with self._cond:
                while not self._items and not self.stop.is_set():
                    self._cond.wait(timeout=1.0)
                if self.stop.is_set():
                    return
                item = next(iter(self._items.values()))
            if not self.post_one(item):
                self.stop.wait(self.retry_seconds)

    def post_one(self, item: QueuedProof) -> bool:
        """Send ``item``; False when the node did not answer (it stays queued), True when it is settled either
        way (on record, or refused by the registry)."""
        key = (item.job_id, item.task_index)
        try:
            outcome = self.poster().send(item.terms, item.job_id, item.task_index, item.proof, item.verdict)
        except ChainError as exc:
            if exc.reason is None:
                log.warning("zk proof not posted; retried", extra={"job_id": item.job_id, "task": item.task_index})
                return False
            refusal: str | None = f"proof refused on-chain: {exc.reason}"
        except Exception:  # noqa: BLE001 - anything else (a node's malformed answer): retried, never lost
            log.exception("zk proof posting failed; retried", extra={"job_id": item.job_id, "task": item.task_index})
            return False
        else:
            refusal = None
            self.posted = [*self.posted[-63:], outcome]
            log.info(
                "zk proof on record",
                extra={
                    "job_id": item.job_id,
                    "task": item.task_index,
                    "posted": outcome.posted,
                    "gas": outcome.gas_used,
                },
            )
        with self._cond:
            self._items.pop(key, None)
            if refusal is not None:
                log.warning("zk proof refused on-chain", extra={"job_id": item.job_id, "why": refusal})
                self._refused[key] = refusal
                while len(self._refused) > MAX_REFUSED:
                    self._refused.popitem(last=False)
            drained = not any(job == item.job_id for job, _ in self._items)
        if drained:
            self.on_drained(item.job_id)
        return True
