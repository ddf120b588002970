"""The worker agent: ``gpuhive worker run`` — lease, run, upload, prove, submit, claim.

One agent serves every oracle of the committee (each leads different jobs):
it logs in to each with its staking key and polls them in turn for a lease
that fits its capabilities (long-polling, ``lease_wait_seconds`` split over
the oracles). For a lease it

1. writes it to the journal (before any work, so a crash is recoverable),
2. heartbeats from a background thread while it fetches inputs by CID and
   runs the runtime child under the kind's wall-clock and memory limits,
3. records the outputs and digest in the journal, uploads the outputs as a
   directory manifest, signs the ``TaskResult`` and submits it — or reports
   the runtime's failure reason (Blender's error, a limit hit, a missing
   input) so the slot goes back to the queue at once.

On start it settles what the journal still holds from a previous life:
outputs that were complete (digest recomputed and matching) are submitted,
everything else is released, and runtime children left running are killed.
A scheduler (APScheduler) claims matured payouts; Prometheus metrics are
served on ``metrics_port``.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import httpx
from apscheduler.schedulers.background import BackgroundScheduler
from web3 import Web3

from protocol.chain import ChainClient
from protocol.contracts import KIND_CAPABILITY, ROLE_WORKER
from protocol.leases import Lease
from protocol.storage import Store
from worker_node import orphans
from worker_node.config import ConfigError, WorkerConfig
from worker_node.execute import UPLOADING, load_lease_spec, recompute_digest, run_lease, upload_outputs
from worker_node.heartbeat import LOST_STATUSES, Heartbeat
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


class AgentError(Exception):
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


class Agent:
    def __init__(self, config: WorkerConfig, key: bytes, *, web3: Web3 | None = None, chain: ChainClient | None = None,
                 store: Store | None = None, marker: str | None = None, nvml: ModuleType | None = None,
                 hardware: HardwareReport | None = None) -> None:
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
        self.oracles = {url: _Oracle(url, OracleClient(url, key, timeout=config.oracle_timeout_seconds))
                        for url in self.urls}
        self.rewards = Rewards(self.chain, self.store, self.journal, self.urls)
        self.metrics = WorkerMetrics()
        self.marker = marker
        self.nvml = nvml
        self.hardware = hardware or probe(nvml)
        self.current: Lease | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._journal_dirty = True
        self._last_claim: ClaimReport | None = None
        # Blender stays loaded between render tasks (started on the first one): a spot check's few small
        # crops would otherwise cost mostly interpreter start and `import bpy`.
        from worker_node.runtimes.render import warm_engine

        self.engines = {"render": warm_engine(config.limits.for_kind("render"))}

    # ------------------------------------------------------------ life cycle

    def check_node(self) -> None:
        """Raise AgentError unless the key is a staked, eligible worker whose capabilities this machine has."""
        node = self.chain.node(self.address)
        if node.role != ROLE_WORKER:
            raise AgentError(f"{self.address} is not registered as a worker: run `gpuhive worker register` "
                             "and `gpuhive worker stake AMOUNT` first")
        if not self.chain.is_eligible(self.address, ROLE_WORKER):
            minimum = int(self.chain.registry.functions.min_stake(ROLE_WORKER).call())
            raise AgentError(f"{self.address} is not eligible (stake {format_units(self.chain, node.staked)}, "
                             f"minimum {format_units(self.chain, minimum)}, jailed until {node.jailed_until}): "
                             "stake more with `gpuhive worker stake AMOUNT` or wait for the jail term to end")
        missing = [f"{kind} ({self.hardware.kinds.get(kind)})" for kind, bit in KIND_CAPABILITY.items()
                   if node.capabilities & bit and self.hardware.kinds.get(kind) is not None]
        if missing:
            raise AgentError(f"registered for {', '.join(missing)} but this machine cannot run it; install the "
                             "engine or re-register with `gpuhive worker register` (it offers what `gpuhive "
                             "worker probe` finds)")

    def start(self) -> Agent:
        """Run in a background thread (tests, embedding); ``stop()`` ends it."""
        self.check_node()
        self._thread = threading.Thread(target=self.run, name=f"agent-{self.address[:8]}", daemon=True)
        self._thread.start()
        return self

    def run(self) -> None:
        """Recover the journal, start claims and metrics, then lease and work until ``stop()``."""
        self.recover(kill=True)
        self._start_services()
        log.info("worker agent running", extra={"worker": self.address, "oracles": self.urls,
                                               "capabilities": self.hardware.capabilities})
        try:
            while not self._stop.is_set():
                if self._journal_dirty:
                    self.recover(kill=False)
                if not self.poll_once():
                    self._idle()
        finally:
            self._stop_services()

    def request_stop(self) -> None:
        """Stop after the current lease (safe from a signal handler)."""
        self._stop.set()

    def stop(self, timeout: float = 60.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.close()

    def close(self) -> None:
        for engine in self.engines.values():
            engine.close()
        for oracle in self.oracles.values():
            oracle.client.close()
        self.journal.close()

    def _start_services(self) -> None:
        scheduler = BackgroundScheduler(daemon=True)
        scheduler.add_job(self.claim_matured, "interval", seconds=self.config.claim_interval_seconds, id="claim",
                          max_instances=1, coalesce=True)
        if self.hardware.has_gpu:
            self.metrics.update_gpus(self.nvml)
            scheduler.add_job(lambda: self.metrics.update_gpus(self.nvml), "interval", seconds=15, id="gpu",
                              max_instances=1, coalesce=True)
        scheduler.start()
        self._scheduler = scheduler
        self.metrics.serve(self.config.metrics_port, self.config.metrics_host)

    def _stop_services(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        self.metrics.stop()

    def _idle(self) -> None:
        """Nothing leased this round: if every oracle is down, wait for the first to be worth asking again."""
        now = time.monotonic()
        waits = [o.down_until - now for o in self.oracles.values()]
        if all(w > 0 for w in waits):
            self._stop.wait(min(waits))
        elif self.config.lease_wait_seconds == 0:
            self._stop.wait(0.5)

    # ------------------------------------------------------------ leasing

    def poll_once(self) -> bool:
        """Work on one lease if any oracle has one; True if anything was leased.

        First every oracle is asked without waiting, so a busy oracle is not
        kept waiting behind idle ones' long-polls; only when none has work
        does the agent long-poll each in turn.
        """
        wait = self.config.lease_wait_seconds / max(1, len(self.oracles))
        for patience in (0.0, wait):
            for oracle in self.oracles.values():
                if self._stop.is_set():
                    return False
                lease = self._lease(oracle, patience)
                if lease is not None:
                    self.work(oracle, lease)
                    return True
        return False

    def _lease(self, oracle: _Oracle, wait: float) -> Lease | None:
        if oracle.down_until > time.monotonic():
            return None
        try:
            if oracle.client.token is None:
                oracle.client.login()
            try:
                lease = oracle.client.lease(wait_s=wait)
            except OracleRefused as exc:
                if exc.status != 401:
                    raise
                oracle.client.login()  # the session expired
                lease = oracle.client.lease(wait_s=wait)
        except OracleRefused as exc:
            log.warning("oracle refused", extra={"oracle": oracle.url, "status": exc.status, "why": exc.detail})
            self._mark_down(oracle, DOWN_BACKOFF_S[1])
            return None
        except httpx.HTTPError as exc:
            log.warning("oracle unreachable", extra={"oracle": oracle.url, "error": str(exc)})
            self._mark_down(oracle)
            return None
        oracle.backoff = DOWN_BACKOFF_S[0]
        return lease

    def _mark_down(self, oracle: _Oracle, wait: float | None = None) -> None:
        oracle.down_until = time.monotonic() + (wait or oracle.backoff)
        oracle.backoff = min(DOWN_BACKOFF_S[1], oracle.backoff * 2)
        oracle.client.token = None

    def work(self, oracle: _Oracle, lease: Lease) -> None:
        """Run one lease end to end; never raises for a task's own failure."""
        started = time.monotonic()
        out_dir = self.work_dir / "leases" / lease.lease_id
        self.journal.hold(oracle.url, lease, out_dir)
        self.current = lease
        log.info("leased", extra={"job_id": lease.job_id, "task": lease.task_index, "role": lease.role,
                                  "kind": lease.job_kind, "oracle": oracle.url})
        interval = min(lease.heartbeat_s, self.config.heartbeat_seconds or lease.heartbeat_s)
        beat = Heartbeat(oracle.client, lease, interval, on_lost=self._on_lease_lost)
        try:
            with beat:
                try:
                    spec = load_lease_spec(self.store, lease)
                    outputs = run_lease(lease, spec, self.fetch, out_dir, self.config.limits, self.config.device,
                                        beat.stage, self.engines)
                except (InputError, RuntimeFailure) as exc:
                    reason = exc.reason
                    self._report_failure(oracle, lease, beat, reason)
                    return
                except Exception as exc:  # a bug of ours must still give the slot back, with the reason
                    log.exception("worker error", extra={"lease": lease.lease_id})
                    self._report_failure(oracle, lease, beat, f"worker error: {type(exc).__name__}: {exc}")
                    return
                self.journal.ready(lease.lease_id, outputs.files, outputs.digest)
                if beat.lost:
                    self.journal.drop(lease.lease_id)
                    return
                beat.stage(UPLOADING)
                self._submit(oracle, lease, outputs.files, outputs.digest, beat)
        finally:
            self.current = None
            self.metrics.busy_seconds.inc(time.monotonic() - started)

    def _on_lease_lost(self, why: str) -> None:
        """The oracle took the lease away: stop the runtime child (CLI agents) rather than finish for nothing."""
        orphans.kill_marked(self.marker)

    def _report_failure(self, oracle: _Oracle, lease: Lease, beat: Heartbeat, reason: str) -> None:
        log.warning("task failed", extra={"job_id": lease.job_id, "task": lease.task_index, "reason": reason})
        self.metrics.failures.labels(kind=lease.job_kind).inc()
        if beat.lost:
            self.journal.drop(lease.lease_id)
            return
        try:
            oracle.client.fail(lease, reason[:MAX_REASON])
        except OracleRefused as exc:
            if exc.status not in LOST_STATUSES:
                log.warning("failure report refused", extra={"lease": lease.lease_id, "why": exc.detail})
        except httpx.HTTPError as exc:  # unreachable: the journal releases it later
            log.warning("failure report not delivered", extra={"lease": lease.lease_id, "error": str(exc)})
            self._journal_dirty = True
            return
        self.journal.drop(lease.lease_id)
        shutil.rmtree(self.work_dir / "leases" / lease.lease_id, ignore_errors=True)

    def _submit(self, oracle: _Oracle, lease: Lease, files: dict[str, Path], digest: bytes,
                beat: Heartbeat | None = None) -> str:
        """Upload, sign, submit: ``"submitted"``, ``"gone"`` (the oracle refused it; dropped) or ``"retry"``
        (not delivered; the journal keeps the ready result for the next recovery pass)."""
        try:
            cid = upload_outputs(self.store, files)
            if beat is not None:
                beat.stop()
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
        self.journal.drop(lease.lease_id)
        self.metrics.tasks_done.labels(kind=lease.job_kind, role=lease.role).inc()
        shutil.rmtree(self.work_dir / "leases" / lease.lease_id, ignore_errors=True)
        log.info("submitted", extra={"job_id": lease.job_id, "task": lease.task_index, "role": lease.role,
                                     "output_cid": cid})
        return "submitted"

    # ------------------------------------------------------------ recovery

    def recover(self, kill: bool = True) -> RecoveryReport:
        """Settle every lease the journal holds: submit complete outputs, release the rest."""
        report = RecoveryReport()
        if kill:
            report.killed = orphans.kill_marked(self.marker)
        self._journal_dirty = False
        for held in self.journal.held():
            oracle = self.oracles.get(held.oracle_url)
            if oracle is None:  # an oracle no longer configured: still give its lease back
                oracle = self.oracles[held.oracle_url] = _Oracle(
                    held.oracle_url, OracleClient(held.oracle_url, self.key, timeout=self.config.oracle_timeout_seconds))
            self._recover_one(oracle, held, report)
        if report.submitted or report.released or report.gone or report.killed:
            log.info("journal recovered", extra={"submitted": report.submitted, "released": report.released,
                                                 "gone": report.gone, "kept": report.kept, "killed": report.killed})
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
                    lease.lease_id)
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
        self.journal.drop(lease.lease_id)
        shutil.rmtree(self.work_dir / "leases" / lease.lease_id, ignore_errors=True)

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


def load_agent(config: WorkerConfig, *, marker: str | None = None) -> Agent:
    """An agent from a config file's settings (the CLI's path); raises ConfigError/AgentError."""
    key = config.signer_key()
    try:
        return Agent(config, key, marker=marker)
    except ConfigError:
        raise
    except Exception as exc:  # chain connection problems
        raise AgentError(f"cannot start the worker: {exc}") from exc
