"""The worker agent: ``gpuhive worker run`` — lease, run, upload, prove, submit, claim.

One agent serves every oracle of the committee (each leads different jobs):
it logs in to each with its staking key and talks to them through the
batched ``POST /v1/work``: one round trip reports the results and failures
it has finished for that oracle and leases the next tasks. It holds at most
``max_held_leases`` leases (the running one included, default 2): while one
runs, a background exchange reports what finished and tops the queue up
(prefetch), so the next task is already here when this one ends; the oracle
may grant fewer (its fair share of what is pending). Urgent leases (spot
checks, added runs: results already computed wait on them) go before queued
runs. With nothing held it asks every oracle without waiting, then
long-polls all of them at once (each for one lease, up to
``lease_wait_seconds``), so work appearing at any oracle reaches it at once;
when one answers with work, the others' polls are ended (a worker's newer
``/v1/work`` ends its waiting one) and the queue is topped up from there. A
poll in flight counts against ``max_held_leases`` with the lease it asked for.
For each lease it

1. writes it to the journal as soon as the oracle grants it (before any
   work, so a crash is recoverable) and heartbeats it from then on, queued
   or running (a queued lease would otherwise expire behind a long task),
2. fetches inputs by CID and runs the runtime child under the kind's
   wall-clock and memory limits,
3. records the outputs and digest in the journal, uploads the outputs as a
   directory manifest and reports the signed ``TaskResult`` in the next
   exchange — or reports the runtime's failure reason (Blender's error, a
   limit hit, a missing input) for that lease alone, so its slot goes back
   to the queue at once.

On stop it reports what it finished and releases the leases it holds but has
not started. On start it settles what the journal still holds from a
previous life: outputs that were complete (digest recomputed and matching)
are submitted, everything else is released, and runtime children left
running are killed. A scheduler (APScheduler) claims matured payouts;
Prometheus metrics are served on ``metrics_port``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType

import httpx
from apscheduler.schedulers.background import BackgroundScheduler
from web3 import Web3

from protocol.chain import ChainClient
from protocol.config import ConfigError
from protocol.contracts import KIND_CAPABILITY, Role
from protocol.errors import GPUHiveError
from protocol.jobspec import AnySpec
from protocol.leases import MAX_EXCHANGE, ItemOutcome, Lease, WorkReply
from protocol.storage import Store
from worker_node import orphans
from worker_node.config import WorkerConfig
from worker_node.execute import UPLOADING, load_lease_spec, recompute_digest, run_lease, upload_outputs
from worker_node.heartbeat import LOST_STATUSES, Heartbeat, Heartbeats
from worker_node.inputs import InputError, InputFetcher
from worker_node.journal import READY, HeldLease, Journal
from worker_node.oracle_client import OracleClient, OracleRefused
from worker_node.probe import HardwareReport, probe
from worker_node.rewards import ClaimReport, Rewards
from worker_node.runtimes.sandbox import RuntimeFailure
from worker_node.staking import connect, format_units, token_units
from worker_node.telemetry import WorkerMetrics

log = logging.getLogger(__name__)

DOWN_BACKOFF_S = (1.0, 30.0)  # first and largest wait before asking an oracle that did not answer again
MAX_REASON = 1_900
SPECS_KEPT = 16  # parsed job specs kept by CID


class AgentError(GPUHiveError):
    """The agent cannot start; the message says what to do."""


@dataclass
class RecoveryReport:
    submitted: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # the oracle no longer knew the lease
    kept: list[str] = field(default_factory=list)  # oracle unreachable: try again later
    killed: int = 0


@dataclass
class _Oracle:
    url: str
    client: OracleClient
    down_until: float = 0.0
    backoff: float = DOWN_BACKOFF_S[0]
    polling: int = 0  # leases asked by the long-poll of this oracle in flight, if any (under the agent's lock)
    beats: Heartbeats = field(init=False)  # one thread beats every lease held from this oracle

    def __post_init__(self) -> None:
        self.beats = Heartbeats(self.client)


@dataclass
class _Held:
    """A lease granted and journalled, heartbeating until it is run and reported (or released)."""

    oracle: _Oracle
    lease: Lease
    beat: Heartbeat


@dataclass
class _Report:
    """A finished lease waiting for the next exchange with its oracle: a result (``cid`` set) or a failure."""

    lease: Lease
    digest: bytes | None = None
    cid: str | None = None
    reason: str = ""


class Agent:
    def __init__(
        self,
        config: WorkerConfig,
        key: bytes,
        *,
        web3: Web3 | None = None,
        chain: ChainClient | None = None,
        store: Store | None = None,
        marker: str | None = None,
        nvml: ModuleType | None = None,
        hardware: HardwareReport | None = None,
    ) -> None:
        self.config = config
        self.key = key
        self.urls = config.require_oracles()
        self.chain = chain or connect(config, key, web3)
        assert self.chain.account is not None
        self.address = Web3.to_checksum_address(self.chain.account.address)
        self.store = store or config.storage.open()
        self.work_dir = config.work_path
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.journal = Journal(config.journal_path)
        self.fetch = InputFetcher(self.store, self.work_dir / "cache")
        self.oracles = {
            url: _Oracle(url, OracleClient(url, key, timeout=config.oracle_timeout_seconds)) for url in self.urls
        }
        self.rewards = Rewards(self.chain, self.store, self.journal, self.urls)
        self.metrics = WorkerMetrics()
        self.marker = marker
        self.nvml = nvml
        self.hardware = hardware or probe(nvml)
        self.capacity = config.max_held_leases
        self._specs: OrderedDict[str, AnySpec] = OrderedDict()  # by CID (content-addressed): parsed once
        self.current: Lease | None = None
        # Leases held but not started (urgent ones first) and finished ones not yet reported, by oracle URL.
        # The background exchange (``_refill``) fills both while the loop's thread runs a lease.
        self._queue: deque[_Held] = deque()
        self._reports: dict[str, list[_Report]] = {}
        self._lock = threading.Lock()
        self._polled = threading.Condition(self._lock)  # a lease was queued, or a long-poll ended
        self._pollers: ThreadPoolExecutor | None = None  # an idle agent's long-polls (and their ends), by oracle
        self._poll_turn = 0  # which oracles an agent with fewer free leases than oracles polls first
        # The background exchange: one thread per agent, handed one refill at a time (starting a thread
        # per task made the loop wait for it to start, a GIL hand-off, between tasks).
        self._refills: queue.SimpleQueue[tuple[_Oracle, int, list[str]] | None] = queue.SimpleQueue()
        self._refill_idle = threading.Event()
        self._refill_idle.set()
        self._refill_thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._journal_dirty = True
        self._home: _Oracle | None = None  # the oracle this agent last got leases from: polled first when dry
        self._had_work = True  # a lease was run since the last idle round: ask every oracle at once first
        self._last_claim: ClaimReport | None = None
        # Blender stays loaded between render tasks (started on the first one): a spot check's few small
        # crops would otherwise cost mostly interpreter start and `import bpy`.
        from worker_node.runtimes.render import warm_engine

        self.engines = {"render": warm_engine(config.limits.for_kind("render"))}

    # ------------------------------------------------------------ life cycle

    def check_node(self) -> None:
        """Raise AgentError unless the key is a staked, eligible worker whose capabilities this machine has."""
        node = self.chain.node(self.address)
        if node.role != Role.WORKER:
            raise AgentError(
                f"{self.address} is not registered as a worker: run `gpuhive worker register` "
                "and `gpuhive worker stake AMOUNT` first"
            )
        if not self.chain.is_eligible(self.address, Role.WORKER):
            minimum = int(self.chain.registry.functions.min_stake(Role.WORKER).call())
            raise AgentError(
                f"{self.address} is not eligible (stake {format_units(self.chain, node.staked)}, "
                f"minimum {format_units(self.chain, minimum)}, jailed until {node.jailed_until}): "
                "stake more with `gpuhive worker stake AMOUNT` or wait for the jail term to end"
            )
        missing = [
            f"{kind} ({self.hardware.kinds.get(kind)})"
            for kind, bit in KIND_CAPABILITY.items()
            if node.capabilities & bit and self.hardware.kinds.get(kind) is not None
        ]
        if missing:
            raise AgentError(
                f"registered for {', '.join(missing)} but this machine cannot run it; install the "
                "engine or re-register with `gpuhive worker register` (it offers what `gpuhive "
                "worker probe` finds)"
            )

    def start(self) -> Agent:
        """Run in a background thread (tests, embedding); ``stop()`` ends it."""
        self.check_node()
        self._thread = threading.Thread(target=self.run, name=f"agent-{self.address[:8]}", daemon=True)
        self._thread.start()
        return self

    def run(self) -> None:
        """Recover the journal, start claims and metrics, then lease and work until ``stop()``; on the way
        out report what finished and release what was not started."""
        self.recover(kill=True)
        self._start_services()
        log.info(
            "worker agent running",
            extra={
                "worker": self.address,
                "oracles": self.urls,
                "capabilities": self.hardware.capabilities,
                "max_held_leases": self.capacity,
            },
        )
        try:
            while not self._stop.is_set():
                if self._journal_dirty:
                    self.recover(kill=False)
                if not self.poll_once():
                    self._idle()
        finally:
            self._wind_down()
            self._stop_services()

    def request_stop(self) -> None:
        """Stop after the current lease (safe from a signal handler)."""
        self._stop.set()

    def stop(self, timeout: float = 60.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        elif self._queue or self._reports:  # driven by poll_once() without run(): wind down here
            self._wind_down()
        self.close()

    def close(self) -> None:
        """Free what the agent holds locally (no oracle calls: a test's "crash" is a close)."""
        self._join_refill()
        self._join_polls()
        if self._pollers is not None:
            self._pollers.shutdown(wait=True)
            self._pollers = None
        if self._refill_thread is not None:
            self._refills.put(None)
            self._refill_thread.join()
            self._refill_thread = None
        with self._lock:
            queued = list(self._queue)
        for held in queued:
            held.beat.stop()
        for engine in self.engines.values():
            engine.close()
        for oracle in self.oracles.values():
            oracle.beats.close()
            oracle.client.close()
        self.journal.close()

    def _start_services(self) -> None:
        scheduler = BackgroundScheduler(daemon=True)
        scheduler.add_job(
            self.claim_matured,
            "interval",
            seconds=self.config.claim_interval_seconds,
            id="claim",
            max_instances=1,
            coalesce=True,
        )
        if self.hardware.has_gpu:
            self.metrics.update_gpus(self.nvml)
            scheduler.add_job(
                lambda: self.metrics.update_gpus(self.nvml),
                "interval",
                seconds=15,
                id="gpu",
                max_instances=1,
                coalesce=True,
            )
        scheduler.start()
        self._scheduler = scheduler
        self.metrics.serve(self.config.metrics_port, self.config.metrics_host)
        self._sentry_endpoint = _start_sentry_endpoint(self)

    def _stop_services(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        self.metrics.stop()
        if getattr(self, "_sentry_endpoint", None) is not None:
            self._sentry_endpoint.stop()
            self._sentry_endpoint = None

    def _idle(self) -> None:
        """Nothing leased this round: if every oracle is down, wait for the first to be worth asking again."""
        now = time.monotonic()
        waits = [o.down_until - now for o in self.oracles.values()]
        if all(w > 0 for w in waits):
            self._stop.wait(min(waits))
        elif self.config.lease_wait_seconds == 0:
            self._stop.wait(0.5)

    def _wind_down(self) -> None:
        """Report what finished; release the leases held but not started (the journal keeps what could not
        be settled now, for the next start's recovery)."""
        self._join_refill()
        with self._lock:
            polled = [o for o in self.oracles.values() if o.polling]
        for oracle in polled:  # end the long-polls in flight rather than wait them out
            self._end_poll(oracle)
        self._join_polls()
        with self._lock:
            queued, self._queue = list(self._queue), deque()
        for held in queued:
            self._release(held)
        for url in [url for url, reports in self._reports.items() if reports]:
            self._exchange(self.oracles[url], 0, 0.0)

    def _release(self, held: _Held) -> None:
        """Give a lease not started back to its oracle (the journal keeps it if that cannot be done now)."""
        held.beat.stop()
        oracle, lease_id = held.oracle, held.lease.lease_id
        try:
            if oracle.client.token is None:
                oracle.client.login()
            oracle.client.release(lease_id)
        except OracleRefused as exc:
            if exc.status not in LOST_STATUSES:
                log.warning("release refused", extra={"lease": lease_id, "why": exc.detail})
                return
        except httpx.HTTPError as exc:
            log.warning("release not delivered", extra={"lease": lease_id, "error": str(exc)})
            return
        self._discard(lease_id)
        log.info("released a lease not started", extra={"lease": lease_id, "job_id": held.lease.job_id})

    # ------------------------------------------------------------ leasing

    def poll_once(self) -> bool:
        """Run the next held lease, leasing first when none is held; True if a lease was run.

        While it runs, a background exchange with its oracle reports what finished and leases up to
        ``max_held_leases`` (this one included), so the next lease is here when this one ends.
        """
        held = self._next()
        if held is None:
            return False
        self._start_refill(held.oracle)
        self.work(held)
        return True

    def _next(self) -> _Held | None:
        """The next lease to run (urgent ones first); with none held, report and lease in this thread.

        An agent that just ran dry first reports, without waiting, to the oracles it owes results (their
        jobs wait on them; until then the results count as held there; the oracle it last got work from,
        its job's last spot checks come from there, is not asked twice). Without a home (the first round
        after start) every oracle is first asked without waiting, so a busy one answers before any
        long-poll. Then every oracle is long-polled at once (``_poll_all``): work that appears at any of
        them reaches the agent at once. Long-polling them in turn, each for a third of the wait, left
        two thirds of the idle agents on an oracle without work when a job started: its first leases
        reached the 40 agents of benchmarks/e2e.py over a second instead of at once.
        """
        held = self._pop()
        if held is not None:
            return held
        self._join_refill()
        held = self._pop()
        if held is not None:
            return held
        home, self._home = self._home, None
        with self._lock:
            owed = [url for url, reports in self._reports.items() if reports]
        if home is not None or self._had_work:
            # results go without waiting: a long-poll's reply (and with it the journal's settling of what
            # it reported) would come only when the poll ends
            ask = owed if home is not None else sorted(self.oracles, key=lambda url: url not in owed)
            self._had_work = False
            for url in ask:
                if (held := self._pop()) is not None or self._stop.is_set():
                    return held
                self._exchange(self.oracles[url], self._free(), 0.0)
            if (held := self._pop()) is not None or self._stop.is_set():
                return held
        self._poll_all(self.config.lease_wait_seconds)
        return self._pop()

    def _free(self) -> int:
        """Leases this agent may still ask for: the capacity less what it holds (queued, running) and what
        its long-polls in flight asked for. (A finished lease not reported yet counts at its oracle until
        the exchange that reports it, which asks for its replacement.)"""
        with self._lock:
            return max(0, self.capacity - len(self._queue) - (self.current is not None) - self._polling())

    def _polling(self) -> int:
        return sum(o.polling for o in self.oracles.values())  # (under the lock)

    def _poll_all(self, wait: float) -> None:
        """Long-poll every oracle at once (one thread each), each for one lease (fewer free leases than
        oracles: as many oracles as there are leases, in turn); return when a lease is queued, every poll
        has ended, or the agent stops. An oracle still polled from the last round is not asked again."""
        if self._pollers is None:
            self._pollers = ThreadPoolExecutor(
                max_workers=2 * max(1, len(self.oracles)), thread_name_prefix=f"poll-{self.address[:8]}"
            )
        now = time.monotonic()
        with self._lock:
            free = self.capacity - len(self._queue) - (self.current is not None) - self._polling()
            oracles = list(self.oracles.values())
            # fewer free leases than oracles: shorter polls, so every oracle is asked as often as in turn
            wait *= min(1.0, free / len(oracles))
            self._poll_turn = (self._poll_turn + 1) % len(oracles)
            for oracle in oracles[self._poll_turn :] + oracles[: self._poll_turn]:
                if free > 0 and not oracle.polling and oracle.down_until <= now:
                    oracle.polling, free = 1, free - 1
                    self._pollers.submit(self._poll, oracle, wait)
            while not self._queue and not self._stop.is_set() and self._polling():
                self._polled.wait(0.25)  # (a stop request, from a signal handler, does not notify)

    def _poll(self, oracle: _Oracle, wait: float) -> None:
        granted = 0
        try:
            granted = self._exchange(oracle, oracle.polling, wait)
        except Exception:  # a bug of ours (the oracle's refusals are handled in _exchange): keep polling
            log.exception("long-poll failed", extra={"oracle": oracle.url})
        finally:
            with self._lock:
                oracle.polling = 0
                self._polled.notify_all()
                others = [o for o in self.oracles.values() if o.polling] if granted else []
                home = self._home if self.current is not None else None
        for other in others:  # work came: end the others' polls, their asks count against the capacity
            assert self._pollers is not None
            self._pollers.submit(self._end_poll, other)
        if home is not None and not granted:  # a poll ended while a lease runs: its ask is free again
            self._start_refill(home)

    def _end_poll(self, oracle: _Oracle) -> None:
        """A ``/v1/work`` with nothing asked ends this worker's long-poll waiting at ``oracle`` (whose reply
        may still bring the lease it asked for, if work came there first); reports owed there go with it."""
        try:
            self._exchange(oracle, 0, 0.0)
        except Exception:
            log.exception("ending a long-poll failed", extra={"oracle": oracle.url})

    def _join_polls(self) -> None:
        """Wait for the long-polls in flight, if any (their leases are then queued)."""
        with self._lock:
            while self._polling():
                self._polled.wait(0.25)

    def _pop(self) -> _Held | None:
        while True:
            with self._lock:
                if self._stop.is_set() or not self._queue:
                    return None
                held = self._queue.popleft()
            if not held.beat.lost:
                self._had_work = True
                return held
            held.beat.stop()  # the oracle took it back while it waited here
            self._discard(held.lease.lease_id)

    def _start_refill(self, home: _Oracle) -> None:
        """In a background thread, while the lease just taken from ``home`` runs: once the queue is down to
        half the capacity, report what finished (to each oracle it is owed to) and lease from ``home`` up to
        the capacity. So with capacity 2 every task's start exchanges one result for one lease; with 8, one
        round trip carries about 4 of each (fewer requests for the oracle, results reported up to 4 tasks
        later). One at a time: what finishes meanwhile goes with the next; an idle agent reports at once.
        Leases asked by long-polls still in flight are not asked again (when such a poll ends, the queue
        is topped up: ``_poll``). Called from the loop's thread and from the polls' threads."""
        with self._lock:
            queued = len(self._queue)
            if not self._refill_idle.is_set() or self._stop.is_set() or queued >= max(1, self.capacity // 2):
                return
            want = max(0, self.capacity - 1 - queued - self._polling())
            owed = [url for url, reports in self._reports.items() if reports]
            if not want and not owed:
                return
            self._refill_idle.clear()
            if self._refill_thread is None:
                self._refill_thread = threading.Thread(
                    target=self._refill_loop, daemon=True, name=f"refill-{self.address[:8]}"
                )
                self._refill_thread.start()
        self._refills.put((home, want, owed))

    def _refill_loop(self) -> None:
        while (job := self._refills.get()) is not None:
            home, want, owed = job
            try:
                for url in owed:
                    if url != home.url:
                        self._exchange(self.oracles[url], 0, 0.0)
                self._exchange(home, want, 0.0)
            except Exception:  # a bug of ours (the oracle's refusals are handled in _exchange): keep serving
                log.exception("background exchange failed", extra={"oracle": home.url})
            finally:
                self._refill_idle.set()

    def _join_refill(self) -> None:
        """Wait for the background exchange in flight, if any (its leases are then queued)."""
        self._refill_idle.wait()

    def _exchange(self, oracle: _Oracle, want: int, wait: float) -> int:
        """One ``/v1/work`` round trip: report what finished for ``oracle`` and lease up to ``want`` from it;
        returns how many leases it granted.

        Reports not delivered (oracle unreachable, or the request refused as a whole) wait for the next
        exchange; each delivered one is settled by its own outcome.
        """
        if oracle.down_until > time.monotonic():
            return 0
        with self._lock:
            owed = self._reports.pop(oracle.url, [])
            reports, later = owed[:MAX_EXCHANGE], owed[MAX_EXCHANGE:]
            if later:
                self._reports[oracle.url] = later
        try:
            reply = self._send(oracle, reports, want, wait)
        except (OracleRefused, httpx.HTTPError) as exc:
            with self._lock:
                self._reports[oracle.url] = reports + self._reports.get(oracle.url, [])
            if isinstance(exc, OracleRefused):
                log.warning("oracle refused", extra={"oracle": oracle.url, "status": exc.status, "why": exc.detail})
                self._mark_down(oracle, DOWN_BACKOFF_S[1])
            else:
                log.warning("oracle unreachable", extra={"oracle": oracle.url, "error": str(exc)})
                self._mark_down(oracle)
            return 0
        oracle.backoff = DOWN_BACKOFF_S[0]
        ordered = [r for r in reports if r.cid is not None] + [r for r in reports if r.cid is None]
        settled = ordered[: len(reply.outcomes)]  # one outcome per report: results first, then failures, as sent
        for report, outcome in zip(settled, reply.outcomes):
            self._settle(oracle, report, outcome)
        # one journal transaction per exchange: the settled leases dropped (after ``earned`` is written),
        # the granted ones held (before any work: they are queued only once it is committed)
        self.journal.exchanged(
            [report.lease.lease_id for report in settled],
            [(oracle.url, lease, self._out_dir(lease)) for lease in reply.leases],
        )
        for report in settled:
            _remove_lease_dir(self._out_dir(report.lease))
        if reply.leases:
            self._home = oracle
        for lease in reply.leases:
            self._hold(oracle, lease, journalled=True)
        return len(reply.leases)

    def _send(self, oracle: _Oracle, reports: list[_Report], want: int, wait: float) -> WorkReply:
        client = oracle.client
        if client.token is None:
            client.login()
        results = [
            client.result_report(r.lease, r.digest, r.cid)
            for r in reports
            if r.cid is not None and r.digest is not None
        ]
        failures = [{"lease_id": r.lease.lease_id, "reason": r.reason} for r in reports if r.cid is None]
        try:
            return client.exchange(results, want, wait, failures)
        except OracleRefused as exc:
            if exc.status != 401:
                raise
        client.login()  # the session expired
        return client.exchange(results, want, wait, failures)

    def _mark_down(self, oracle: _Oracle, wait: float | None = None) -> None:
        oracle.down_until = time.monotonic() + (wait or oracle.backoff)
        oracle.backoff = min(DOWN_BACKOFF_S[1], oracle.backoff * 2)
        oracle.client.token = None

    def _hold(self, oracle: _Oracle, lease: Lease, journalled: bool = False) -> None:
        """Journal a granted lease (before any work; ``journalled``: done with its exchange's), heartbeat
        it, queue it: urgent ones before runs."""
        if not journalled:
            self.journal.hold(oracle.url, lease, self._out_dir(lease))
        interval = min(lease.heartbeat_s, self.config.heartbeat_seconds or lease.heartbeat_s)
        beat = oracle.beats.add(lease, interval, on_lost=partial(self._on_lease_lost, lease.lease_id))
        held = _Held(oracle, lease, beat)
        with self._lock:
            if lease.urgent:
                self._queue.insert(sum(1 for h in self._queue if h.lease.urgent), held)
            else:
                self._queue.append(held)
            self._polled.notify_all()
        log.info(
            "leased",
            extra={
                "job_id": lease.job_id,
                "task": lease.task_index,
                "role": lease.role,
                "kind": lease.job_kind,
                "urgent": lease.urgent,
                "oracle": oracle.url,
            },
        )

    def _settle(self, oracle: _Oracle, report: _Report, outcome: ItemOutcome) -> None:
        """A delivered report's outcome: either way the lease is no longer this agent's (its journal row and
        folder go right after, with its exchange's: ``_exchange``)."""
        lease = report.lease
        if report.cid is None:
            if outcome.status != 200 and outcome.status not in LOST_STATUSES:
                log.warning("failure report refused", extra={"lease": lease.lease_id, "why": outcome.detail})
        elif outcome.status == 200:
            self.journal.earned(lease.job_id, oracle.url)
            self.metrics.tasks_done.labels(kind=lease.job_kind, role=lease.role).inc()
            log.info(
                "submitted",
                extra={"job_id": lease.job_id, "task": lease.task_index, "role": lease.role, "output_cid": report.cid},
            )
        else:
            log.warning(
                "result refused (%s: %s)",
                outcome.status,
                outcome.detail,
                extra={"lease": lease.lease_id, "status": outcome.status, "why": outcome.detail},
            )

    def _queue_report(self, url: str, report: _Report) -> None:
        with self._lock:
            self._reports.setdefault(url, []).append(report)

    def _in_hand(self) -> set[str]:
        """Lease ids the loop holds in memory (queued, running, finished and not reported): not recovery's."""
        with self._lock:
            ids = {h.lease.lease_id for h in self._queue}
            ids |= {r.lease.lease_id for reports in self._reports.values() for r in reports}
        if self.current is not None:
            ids.add(self.current.lease_id)
        return ids

    def _out_dir(self, lease: Lease) -> Path:
        return self.work_dir / "leases" / lease.lease_id

    def _discard(self, lease_id: str) -> None:
        self.journal.drop(lease_id)
        _remove_lease_dir(self.work_dir / "leases" / lease_id)

    # ------------------------------------------------------------ working

    def work(self, held: _Held) -> None:
        """Run one held lease and queue its result or failure for the next exchange; never raises for a
        task's own failure."""
        lease, beat, started = held.lease, held.beat, time.monotonic()
        self.current = lease
        try:
            try:
                spec = self._spec(lease)
                outputs = run_lease(
                    lease,
                    spec,
                    self.fetch,
                    self._out_dir(lease),
                    self.config.limits,
                    self.config.device,
                    beat.stage,
                    self.engines,
                    fraction=beat.report_fraction,
                )
            except (InputError, RuntimeFailure) as exc:
                self._failed(held, exc.reason)
                return
            except Exception as exc:  # a bug of ours must still give the slot back, with the reason
                log.exception("worker error", extra={"lease": lease.lease_id})
                self._failed(held, f"worker error: {type(exc).__name__}: {exc}")
                return
            self.journal.ready(lease.lease_id, outputs.files, outputs.digest)
            if beat.lost:
                beat.stop()
                self._discard(lease.lease_id)
                return
            beat.stage(UPLOADING)
            self._publish(held, outputs.files, outputs.digest)
        finally:
            beat.stop(wait=False)
            self.current = None
            self.metrics.busy_seconds.inc(time.monotonic() - started)

    def _spec(self, lease: Lease) -> AnySpec:
        """The lease's job spec, parsed once per CID (a job's leases share it; parsing cost a millisecond)."""
        spec = self._specs.get(lease.spec_cid)
        if spec is None or spec.kind != lease.job_kind:
            spec = load_lease_spec(self.store, lease)  # raises InputError for a bad or mismatched spec
            self._specs[lease.spec_cid] = spec
            while len(self._specs) > SPECS_KEPT:
                self._specs.popitem(last=False)
        return spec

    def _on_lease_lost(self, lease_id: str, why: str) -> None:
        """The oracle took a lease away: if it is running, stop the runtime child (CLI agents) rather than
        finish for nothing; a queued one is dropped when its turn comes."""
        current = self.current
        if current is not None and current.lease_id == lease_id:
            orphans.kill_marked(self.marker)

    def _publish(self, held: _Held, files: dict[str, Path], digest: bytes) -> None:
        """Upload the outputs and queue the signed result for the next exchange with the lease's oracle.
        If the upload fails the journal keeps the ready result for the next recovery pass."""
        try:
            cid = upload_outputs(self.store, files)
        except Exception as exc:  # storage unreachable
            log.warning("result not delivered; will retry", extra={"lease": held.lease.lease_id, "error": str(exc)})
            held.beat.stop()
            self._journal_dirty = True
            return
        held.beat.stop(wait=False)  # before the report can be recorded: the oracle refuses beats of a done lease
        self._queue_report(held.oracle.url, _Report(held.lease, digest=digest, cid=cid))

    def _failed(self, held: _Held, reason: str) -> None:
        lease = held.lease
        log.warning("task failed", extra={"job_id": lease.job_id, "task": lease.task_index, "reason": reason})
        self.metrics.failures.labels(kind=lease.job_kind).inc()
        held.beat.stop()
        if held.beat.lost:
            self._discard(lease.lease_id)
            return
        self._queue_report(held.oracle.url, _Report(lease, reason=reason[:MAX_REASON] or "failed"))

    def _submit(self, oracle: _Oracle, lease: Lease, files: dict[str, Path], digest: bytes) -> str:
        """Recovery's path for one journalled result: upload, sign, submit. ``"submitted"``, ``"gone"`` (the
        oracle refused it; dropped) or ``"retry"`` (not delivered; the journal keeps it for the next pass)."""
        try:
            cid = upload_outputs(self.store, files)
            if oracle.client.token is None:
                oracle.client.login()
            oracle.client.submit(lease, digest, cid)
        except OracleRefused as exc:
            if exc.status == 401:
                self._journal_dirty = True
                oracle.client.token = None
                return "retry"
            log.warning("result refused", extra={"lease": lease.lease_id, "status": exc.status, "why": exc.detail})
            self.journal.drop(lease.lease_id)
            return "gone"
        except Exception as exc:  # storage or oracle unreachable: the journal keeps the ready result
            log.warning("result not delivered; will retry", extra={"lease": lease.lease_id, "error": str(exc)})
            self._journal_dirty = True
            if isinstance(exc, httpx.HTTPError):
                self._mark_down(oracle)
            return "retry"
        self.journal.earned(lease.job_id, oracle.url)
        self._discard(lease.lease_id)
        self.metrics.tasks_done.labels(kind=lease.job_kind, role=lease.role).inc()
        log.info(
            "submitted", extra={"job_id": lease.job_id, "task": lease.task_index, "role": lease.role, "output_cid": cid}
        )
        return "submitted"

    # ------------------------------------------------------------ recovery

    def recover(self, kill: bool = True) -> RecoveryReport:
        """Settle every lease the journal holds (but the loop's own): submit complete outputs, release the rest."""
        report = RecoveryReport()
        if kill:
            report.killed = orphans.kill_marked(self.marker)
        self._journal_dirty = False
        in_hand = self._in_hand()  # the loop's own leases, mid-flight: not a previous life's
        for held in self.journal.held():
            if held.lease.lease_id in in_hand:
                continue
            oracle = self.oracles.get(held.oracle_url)
            if oracle is None:  # an oracle no longer configured: still give its lease back
                oracle = self.oracles[held.oracle_url] = _Oracle(
                    held.oracle_url, OracleClient(held.oracle_url, self.key, timeout=self.config.oracle_timeout_seconds)
                )
            self._recover_one(oracle, held, report)
        if report.submitted or report.released or report.gone or report.killed:
            log.info(
                "journal recovered",
                extra={
                    "submitted": report.submitted,
                    "released": report.released,
                    "gone": report.gone,
                    "kept": report.kept,
                    "killed": report.killed,
                },
            )
        return report

    def _recover_one(self, oracle: _Oracle, held: HeldLease, report: RecoveryReport) -> None:
        lease = held.lease
        if oracle.down_until > time.monotonic():
            report.kept.append(lease.lease_id)
            self._journal_dirty = True
            return
        complete = held.state == READY and held.digest is not None and self._outputs_intact(held)
        try:
            if oracle.client.token is None:
                oracle.client.login()
            if complete:
                assert held.digest is not None
                outcome = self._submit(oracle, lease, held.files, held.digest)
                {"submitted": report.submitted, "gone": report.gone, "retry": report.kept}[outcome].append(
                    lease.lease_id
                )
                return
            oracle.client.release(lease.lease_id)
            report.released.append(lease.lease_id)
        except OracleRefused as exc:
            if exc.status in LOST_STATUSES:
                report.gone.append(lease.lease_id)
            else:
                log.warning("recovery refused", extra={"lease": lease.lease_id, "why": exc.detail})
                report.kept.append(lease.lease_id)
                self._journal_dirty = True
                return
        except httpx.HTTPError as exc:
            log.warning("oracle unreachable during recovery", extra={"oracle": oracle.url, "error": str(exc)})
            report.kept.append(lease.lease_id)
            self._journal_dirty = True
            self._mark_down(oracle)
            return
        self._discard(lease.lease_id)

    def _outputs_intact(self, held: HeldLease) -> bool:
        try:
            return recompute_digest(held.lease, held.files) == held.digest
        except (OSError, ValueError, KeyError, RuntimeFailure) as exc:
            log.warning("journalled outputs unusable", extra={"lease": held.lease.lease_id, "error": str(exc)})
            return False

    # ------------------------------------------------------------ rewards

    def claim_matured(self) -> ClaimReport:
        """The scheduler's job: claim matured payouts once they reach ``claim_threshold``."""
        threshold = token_units(self.chain, self.config.claim_threshold)
        try:
            report = self.rewards.claim(threshold)
        except Exception as exc:  # chain or oracle hiccup: the next run tries again
            log.warning("claim run failed", extra={"error": str(exc)})
            report = ClaimReport(problems=[str(exc)])
        if report.amount:
            self.metrics.claimed.inc(report.amount)
        for problem in report.problems:
            log.warning("claim problem", extra={"problem": problem})
        self._last_claim = report
        return report


def _remove_lease_dir(path: Path) -> None:
    """Remove a lease's output folder: unlink its files (symlinks included, never followed) and the folder;
    one holding folders goes to ``shutil.rmtree`` (``rmtree`` checked every entry and opened the folder by
    descriptor: about three times the system calls for a task's one or two files)."""
    try:
        with os.scandir(path) as listing:
            entries = list(listing)
        names = [entry.path for entry in entries]
        flat = not any(entry.is_dir(follow_symlinks=False) for entry in entries)
    except FileNotFoundError:
        return
    except OSError:
        flat = False
    if not flat:
        shutil.rmtree(path, ignore_errors=True)
        return
    for name in names:
        with contextlib.suppress(OSError):  # gone already; or else the rmdir below fails: the slow path
            os.unlink(name)
    try:
        os.rmdir(path)
    except FileNotFoundError:
        pass
    except OSError:  # written to meanwhile (a runtime child still running): the slow path
        shutil.rmtree(path, ignore_errors=True)


def load_agent(config: WorkerConfig, *, marker: str | None = None) -> Agent:
    """An agent from a config file's settings (the CLI's path); raises ConfigError/AgentError."""
    key = config.signer_key()
    try:
        return Agent(config, key, marker=marker)
    except ConfigError:
        raise
    except Exception as exc:  # chain connection problems
        raise AgentError(f"cannot start the worker: {exc}") from exc


def _start_sentry_endpoint(agent: Agent):  # type: ignore[no-untyped-def]
    """The sentry probe endpoint (worker_node/sentry_endpoint.py) when ``sentry_port`` is set, its URL
    published in the node's metadata."""
    if not agent.config.sentry_port:
        # what that costs where sentries attest, `gpuhive worker run` says at start (worker_node.cli.SENTRY_OFF)
        log.info("sentry probe endpoint off (sentry_port = 0)")
        return None
    from protocol.eip712 import Domain
    from worker_node.sentry_endpoint import SentryEndpoint, publish_endpoint

    domain = Domain(agent.chain.chain_id, agent.chain.registry.address)
    endpoint = SentryEndpoint(
        agent.key, domain, host=agent.config.sentry_host, port=agent.config.sentry_bind_port
    ).start()
    hardware = {  # shown by the explorer's worker page (frontend_api/web/node_metadata.py)
        "gpus": [{"name": g.name, "vram_bytes": g.memory_total} for g in agent.hardware.gpus],
        "cpu_model": agent.hardware.cpu_model,
    }
    publish_endpoint(agent.chain, agent.store, agent.config.sentry_public_url or endpoint.url, hardware)
    return endpoint
