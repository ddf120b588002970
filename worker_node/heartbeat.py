"""Heartbeats for held leases: one background thread per oracle beats every lease held from it.

A lease is beaten from the moment the agent holds it; one queued behind the
running one (prefetched) beats too, at progress 0, so it does not expire
while it waits behind a long task. The agent keeps one ``Heartbeats`` per
oracle (started with its first lease): a thread per lease cost a thread
start and exit per task (about 0.25 ms of CPU and a GIL hand-off each, 8
threads per agent with ``max_held_leases = 8``), and an oracle that hangs
only delays the beats of its own leases.

Progress is the lease's stage (fetching, running, uploading); while the
runtime runs it creeps from RUNNING towards UPLOADING with time (half way
after ``RUNNING_HALF_S``), so the oracle and its dashboard see a live,
increasing number. It is not work done: that is the heartbeat's separate
``fraction``, the runtime's own completion fraction (Blender: frames and
samples; PyTorch: steps; ``Heartbeat.report_fraction``, fed by
``worker_node.execute.run_lease``), sent only while the lease is running
and only once the runtime reported one (compute and zk report none). The
oracle's backup rule extrapolates the time left from it
(``oracles/dispatch_policy.py``). A heartbeat the oracle refuses
(lease expired, reassigned) marks the lease lost and calls ``on_lost``; a
network error is retried at the next beat.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable

import httpx

from protocol.leases import Lease
from worker_node.execute import RUNNING, UPLOADING
from worker_node.oracle_client import OracleClient, OracleRefused

log = logging.getLogger(__name__)

RUNNING_HALF_S = 60.0
LOST_STATUSES = (403, 404, 410)
MIN_INTERVAL_S = 0.05


class Heartbeat:
    """One held lease's beat: its stage, whether the oracle took it back, and its next beat's time."""

    def __init__(
        self,
        beats: Heartbeats,
        lease: Lease,
        interval: float,
        on_lost: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.pacer = beats
        self.client = beats.client
        self.lease = lease
        self.interval = max(MIN_INTERVAL_S, interval)
        self.on_lost = on_lost
        self.lost: str | None = None
        self.beats = 0
        self.stopped = False
        self.due = time.monotonic() + self.interval
        self._stage = 0.0
        self._stage_at = time.monotonic()
        self._fraction: float | None = None

    def stage(self, value: float) -> None:
        self._stage, self._stage_at = value, time.monotonic()
        if value != RUNNING:
            self._fraction = None  # a fraction is of the runtime's work: none before it, nor after

    def report_fraction(self, value: float) -> None:
        """The runtime's completion fraction (0..1), sent with the next beats while the lease is running."""
        if self._stage == RUNNING and value == value:  # (not NaN)
            self._fraction = min(max(float(value), 0.0), 1.0)

    @property
    def fraction(self) -> float | None:
        return self._fraction if self._stage == RUNNING else None

    @property
    def progress(self) -> float:
        if self._stage == RUNNING:
            elapsed = time.monotonic() - self._stage_at
            return RUNNING + (UPLOADING - RUNNING) * (1 - math.exp(-elapsed * math.log(2) / RUNNING_HALF_S))
        return self._stage

    def stop(self, wait: bool = True) -> None:
        """No more beats (before submitting: the oracle then refuses beats of a finished lease). ``wait=False``
        does not wait for a beat of this lease in flight (its refusal after the stop is only logged), so the
        agent's loop does not wait on the heartbeat thread between tasks."""
        self.pacer.remove(self, wait)


class Heartbeats:
    """The heartbeat thread of one oracle's client: beats each lease added when it is due, until removed."""

    def __init__(self, client: OracleClient) -> None:
        self.client = client
        self._held: dict[str, Heartbeat] = {}
        self._wake = threading.Condition()
        self._beating: Heartbeat | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def add(self, lease: Lease, interval: float, on_lost: Callable[[str], None] = lambda _: None) -> Heartbeat:
        beat = Heartbeat(self, lease, interval, on_lost)
        with self._wake:
            self._held[lease.lease_id] = beat
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, daemon=True, name=f"heartbeats-{self.client.url.rsplit(':', 1)[-1]}"
                )
                self._thread.start()
            self._wake.notify()
        return beat

    def remove(self, beat: Heartbeat, wait: bool = True) -> None:
        with self._wake:
            beat.stopped = True
            if self._held.get(beat.lease.lease_id) is beat:
                del self._held[beat.lease.lease_id]
            if wait and threading.current_thread() is not self._thread:
                self._wake.wait_for(lambda: self._beating is not beat, timeout=self.client.timeout + 5)

    def held(self) -> list[Heartbeat]:
        with self._wake:
            return list(self._held.values())

    def close(self) -> None:
        with self._wake:
            self._closed = True
            for beat in self._held.values():
                beat.stopped = True
            self._held.clear()
            self._wake.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.client.timeout + 5)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._closed:
                    now = time.monotonic()
                    due = [b for b in self._held.values() if b.due <= now]
                    if due:
                        break
                    nearest = min((b.due for b in self._held.values()), default=now + 3_600.0)
                    self._wake.wait(nearest - now)
                if self._closed:
                    return
            for beat in due:
                with self._wake:
                    if beat.stopped:
                        continue
                    self._beating = beat
                try:
                    self._beat(beat)
                finally:
                    with self._wake:
                        self._beating = None
                        beat.due = time.monotonic() + beat.interval
                        self._wake.notify_all()

    def _beat(self, beat: Heartbeat) -> None:
        lease = beat.lease
        try:
            progress, fraction = round(min(1.0, beat.progress), 4), beat.fraction
            if fraction is None:
                self.client.heartbeat(lease, progress)
            else:
                self.client.heartbeat(lease, progress, round(fraction, 4))
            beat.beats += 1
        except OracleRefused as exc:
            if exc.status == 401:  # session expired: log in again, beat at the next tick
                self._relogin()
                return
            if exc.status in LOST_STATUSES and not beat.stopped:
                beat.lost = exc.detail
                log.warning("lease lost", extra={"lease": lease.lease_id, "why": exc.detail})
                with self._wake:
                    beat.stopped = True
                    self._held.pop(lease.lease_id, None)
                beat.on_lost(exc.detail)
                return
            log.warning("heartbeat refused", extra={"lease": lease.lease_id, "why": str(exc)})
        except httpx.HTTPError as exc:
            log.warning("heartbeat failed; retrying", extra={"lease": lease.lease_id, "error": str(exc)})

    def _relogin(self) -> None:
        try:
            self.client.login()
        except (OracleRefused, httpx.HTTPError) as exc:
            log.warning("re-login failed", extra={"error": str(exc)})
