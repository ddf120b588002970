"""Waking long-polling workers: as many as there is new work for, oldest waiter first.

A worker with nothing to run long-polls (``wait_s``): its request waits on the event loop until
the dispatcher says slots may have become leasable. Waking every waiter for every new slot cost
a lease query per waiter while only one can take the slot: in a job's tail, with 40 workers
waiting and each spot check drawn there a single slot, every draw ran 40 queries on the API's
event loop, in the window where the job waits on that check (benchmarks/e2e.py).

``fire(count)`` wakes ``count`` waiters (``None``: all of them, for a new job or a burst of
expired leases; then none passes it on). A waiter woken by a count that leases nothing (the slot
went to a prefetching worker, or this worker may not run it: it ran the task being checked)
passes its wake-up on to the next waiter, so a slot is never left waiting while a worker that
could take it sleeps. The passing stops after as many hops as there were waiters when the work
arrived, so a slot that none of them can take does not send the wake-up round the queue forever
(it is still found by the waiters' own re-check, at least once a second).

A worker waits in at most one request at a time: its newer request ends the wait of its older one
(``supersede``), which answers at once with what it has. An idle agent long-polls every oracle at
once, one lease each, and ends the other polls when one of them brings work (``worker_node.agent``).
"""

from __future__ import annotations

import asyncio
from collections import deque

SUPERSEDED = -1  # what wait() answers when the same owner's newer request ended the wait


class WorkSignal:
    """Wake-ups for long-polling waiters; ``fire`` may be called from any thread."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self._waiters: deque[asyncio.Future[int]] = deque()
        self._owned: dict[str, asyncio.Future[int]] = {}  # owner (a worker) -> its waiting request's waiter

    def bind(self) -> None:
        """Attach to the running event loop (the API's, at start-up)."""
        self.loop = asyncio.get_running_loop()

    @property
    def waiting(self) -> int:
        # every waiter leaves the queue in wait()'s ``finally`` or in wake(): no finished one stays in it
        return len(self._waiters)

    def fire(self, count: int | None = None) -> None:
        """Wake ``count`` waiters (None: every one). Thread-safe."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.wake, count, None)

    def wake(self, count: int | None, hops: int | None = None) -> int:
        """On the loop: wake up to ``count`` waiters, oldest first (None, or at least as many as wait:
        all of them, and none passes its wake-up on). A waiter woken by a count may pass its wake-up
        on up to ``hops`` more times (default: the number waiting now). Returns how many were woken."""
        waiting = self.waiting
        if count is None or count >= waiting:
            count, hops = None, 1
        elif hops is None:
            hops = waiting
        woken = 0
        while self._waiters and (count is None or woken < count):
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(hops)
                woken += 1
        return woken

    async def wait(self, timeout: float, owner: str | None = None) -> int | None:
        """Wait until woken or ``timeout``: the hops this wake-up may still be passed on, None, or
        ``SUPERSEDED`` (``owner``'s newer request ended this wait)."""
        if self.loop is None:
            self.bind()
        assert self.loop is not None
        waiter: asyncio.Future[int] = self.loop.create_future()
        self._waiters.append(waiter)
        if owner is not None:
            self.supersede(owner)
            self._owned[owner] = waiter
        try:
            return await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return None
        finally:
            if not waiter.done():
                waiter.cancel()
            try:
                self._waiters.remove(waiter)
            except ValueError:  # already taken off by wake()
                pass
            if owner is not None and self._owned.get(owner) is waiter:
                del self._owned[owner]

    def supersede(self, owner: str) -> None:
        """On the loop: end ``owner``'s wait, if it is waiting (its newer request came)."""
        waiter = self._owned.pop(owner, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(SUPERSEDED)

    def pass_on(self, hops: int) -> None:
        """A woken waiter found nothing to lease: wake the next one, if the wake-up has hops left."""
        if hops > 1:
            self.wake(1, hops - 1)
