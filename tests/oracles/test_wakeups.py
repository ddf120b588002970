"""Long-poll wake-ups (oracles.wakeups): as many waiters as there are new slots, oldest first; an
empty-handed waiter passes its wake-up on, a bounded number of times."""

from __future__ import annotations

import asyncio
import threading

from oracles.wakeups import SUPERSEDED, WorkSignal


async def _waiters(signal: WorkSignal, n: int, timeout: float = 0.5) -> list[asyncio.Task]:
    tasks = []
    for _ in range(n):
        tasks.append(asyncio.ensure_future(signal.wait(timeout)))
        await asyncio.sleep(0)  # queued in this order
    return tasks


def _woken(waiters: int, count: int | None, timeout: float = 0.5) -> list[int | None]:
    """What each of ``waiters`` long-polls (oldest first) gets when ``fire(count)`` comes."""

    async def main():
        signal = WorkSignal()
        signal.bind()
        tasks = await _waiters(signal, waiters, timeout)
        signal.fire(count)
        return await asyncio.gather(*tasks)

    return asyncio.run(main())


def test_fire__one_slot_three_waiters__wakes_only_the_oldest():
    # the oldest is woken and may pass the wake-up on as often as there were waiters; the others time out
    assert _woken(3, 1, timeout=0.2) == [3, None, None]


def test_fire__no_count__wakes_every_waiter_and_none_passes_it_on():
    assert _woken(3, None) == [1, 1, 1]


def test_fire__count_at_least_the_waiters__wakes_all_of_them():
    assert _woken(2, 5) == [1, 1]


def test_pass_on__woken_waiter_finds_nothing__next_waiter_is_woken():
    async def main():
        signal = WorkSignal()
        signal.bind()
        tasks = await _waiters(signal, 3, timeout=0.3)
        signal.fire(1)
        hops = await tasks[0]
        signal.pass_on(hops)  # the slot went elsewhere: the next waiter gets the chance
        return hops, await tasks[1], await tasks[2]

    first, second, third = asyncio.run(main())
    assert (first, second, third) == (3, 2, None)


def test_pass_on__nobody_can_take_the_slot__stops_after_one_round_of_the_queue():
    """Waiters that find nothing pass the wake-up on and wait again: the passing ends after as many
    hops as there were waiters, instead of circling the queue for ever."""
    wakes = []

    async def waiter(signal: WorkSignal, name: int) -> None:
        while True:
            hops = await signal.wait(0.3)
            if hops is None:
                return
            wakes.append(name)
            signal.pass_on(hops)  # this worker may not run the slot either

    async def main():
        signal = WorkSignal()
        signal.bind()
        tasks = []
        for name in range(4):
            tasks.append(asyncio.ensure_future(waiter(signal, name)))
            await asyncio.sleep(0)
        signal.fire(1)
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert wakes == [0, 1, 2, 3]  # each once, oldest first, then nobody


def test_fire__from_another_thread__wakes_a_waiter_on_the_loop():
    async def main():
        signal = WorkSignal()
        signal.bind()
        task = asyncio.ensure_future(signal.wait(2.0))
        await asyncio.sleep(0)
        threading.Thread(target=signal.fire, args=(1,)).start()
        return await task

    assert asyncio.run(main()) == 1


def test_wait__timed_out_waiter__is_not_left_in_the_queue():
    async def main():
        signal = WorkSignal()
        signal.bind()
        assert await signal.wait(0.01) is None
        return signal.waiting, len(signal._waiters)

    assert asyncio.run(main()) == (0, 0)


def test_wait__same_owner_waits_again__older_wait_superseded_other_owners_kept():
    async def main():
        signal = WorkSignal()
        signal.bind()
        older = asyncio.ensure_future(signal.wait(0.3, owner="worker"))
        other = asyncio.ensure_future(signal.wait(0.3, owner="other"))
        await asyncio.sleep(0)
        newer = asyncio.ensure_future(signal.wait(0.3, owner="worker"))
        await asyncio.sleep(0)
        first = await older  # answered at once, before any wake-up or timeout
        signal.supersede("worker")  # (a request that does not wait ends the newer one the same way)
        return first, await newer, await other, signal.waiting

    assert asyncio.run(main()) == (SUPERSEDED, SUPERSEDED, None, 0)
