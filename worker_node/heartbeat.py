"""Heartbeats for a held lease, from a background thread from the moment the agent holds it.

A lease queued behind the running one (prefetched) beats too, at progress 0,
so it does not expire while it waits behind a long task.

Progress is the lease's stage (fetching, running, uploading); while the
runtime runs — the children report no progress of their own — it creeps
from RUNNING towards UPLOADING with time (half way after ``RUNNING_HALF_S``),
so the oracle sees a live, increasing number. A heartbeat the oracle refuses
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


class Heartbeat:
    def __init__(
        self, client: OracleClient, lease: Lease, interval: float, on_lost: Callable[[str], None] = lambda _: None
    ) -> None:
        self.client = client
        self.lease = lease
        self.interval = max(0.05, interval)
        self.on_lost = on_lost
        self.lost: str | None = None
        self.beats = 0
        self._stage = 0.0
        self._stage_at = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"heartbeat-{lease.lease_id[:8]}")

    def stage(self, value: float) -> None:
        self._stage, self._stage_at = value, time.monotonic()

    @property
    def progress(self) -> float:
        if self._stage == RUNNING:
            elapsed = time.monotonic() - self._stage_at
            return RUNNING + (UPLOADING - RUNNING) * (1 - math.exp(-elapsed * math.log(2) / RUNNING_HALF_S))
        return self._stage

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def __enter__(self) -> Heartbeat:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self, wait: bool = True) -> None:
        """No more beats (before submitting: the oracle then refuses beats of a finished lease). ``wait=False``
        does not wait for a beat in flight (its refusal after the stop is only logged), so the agent's loop
        does not wait on this thread between tasks."""
        self._stop.set()
        if wait and self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.client.timeout + 5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.client.heartbeat(self.lease, round(min(1.0, self.progress), 4))
                self.beats += 1
            except OracleRefused as exc:
                if exc.status == 401:  # session expired: log in again, beat at the next tick
                    self._relogin()
                    continue
                if exc.status in LOST_STATUSES and not self._stop.is_set():
                    self.lost = exc.detail
                    log.warning("lease lost", extra={"lease": self.lease.lease_id, "why": exc.detail})
                    self.on_lost(exc.detail)
                    return
                log.warning("heartbeat refused", extra={"lease": self.lease.lease_id, "why": str(exc)})
            except httpx.HTTPError as exc:
                log.warning("heartbeat failed; retrying", extra={"lease": self.lease.lease_id, "error": str(exc)})

    def _relogin(self) -> None:
        try:
            self.client.login()
        except (OracleRefused, httpx.HTTPError) as exc:
            log.warning("re-login failed", extra={"error": str(exc)})
