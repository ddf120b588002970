"""Whole-network benchmark: orchestration efficiency, and the demo's wall time and gas.

Orchestration efficiency: one job of 2,000 tasks, each 100 ms of simulated compute, over 40
workers. The ideal time is tasks x 100 ms / workers (5 s); measured is from the ``create_job``
receipt to the moment the leading oracle has accepted every task (intake, leasing, results,
judging, all included, as the leader records it); efficiency = ideal / measured (goal >= 0.9).
This shared 2-core machine makes single runs vary by +-0.1, so five jobs run one after another on
the same network (each led by the next oracle in the rotation) and the median run is reported, with
every run's efficiency. Settlement (manifest, countersigning, the ``settle`` transaction) is a fixed
cost per job, not per task: it is timed and reported next to it, not inside it.

The network is the real one: anvil, the five contracts, three oracle processes (``gpuhive oracle
run``, k=2) from ``gpuhive.demo.processes.ProcessNetwork``. The 40 workers are registered and
staked on-chain, log in through the real challenge, and call the real worker API; only their
compute is simulated (``asyncio.sleep`` until 100 ms after the machine could start the task; the
one event loop that runs all 40 makes a coroutine wake a few ms late, which is made up on its next
task and reported as ``loop_lateness_ms``), and their outputs were uploaded beforehand. They work the
way a batch worker should: one ``POST /v1/work`` round trip reports the finished results and asks
for the next leases, sent while the last lease of the batch is still computing (prefetch), and the
oracle caps each batch at the worker's share of what is pending, so the job's tail is spread over
every worker (and a worker granted a single lease prefetches less). A worker with nothing left to run
reports its finished results at once, not after a refill still in flight, and long-polls the oracle it
last got work from (its job's last spot checks come from there); every oracle only once that poll comes
back empty. Each run also reports the path of every spot check leased after the job's last run (its
subject computed, reported, the check leased and computed): the job's tail.

The demo part runs ``gpuhive demo`` (embedded chain, Blender render job) in a fresh process and
reads its ``report.json``.

    .venv/bin/python benchmarks/e2e.py [--tasks 2000] [--workers 40] [--runs 5] [--no-demo]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

RESULTS = REPO / "benchmarks" / "results" / "e2e.json"
TASKS = 2_000
WORKERS = 40
COMPUTE_S = 0.100
BATCH = 8            # leases a worker asks for per exchange (the oracle may give fewer)
PREFETCH_AT = 3      # ask for the next batch when fewer than this many leases are queued
RUNS = 5             # jobs per benchmark, one after another on one network: the median is reported
IDLE_WAIT_S = 1.0    # long-poll when a worker has nothing to run
MAX_LATE_S = 0.010   # event-loop lateness of the simulation made up on the next task (see SimWorker.run)
STATUS_POLL_S = 0.25  # only to see the job finish: the time every task was accepted is the leader's own record


# --------------------------------------------------------------------------- simulated workers


@dataclass
class SimWorker:
    """One worker: logged-in HTTP sessions to every oracle, a queue of leases, results to report."""

    sessions: dict[str, Any]            # oracle url -> OracleClient (logged in; used to sign)
    outputs: dict[int, tuple[bytes, str]]
    queue: deque = field(default_factory=deque)            # (url, Lease, received at)
    finished: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    lease_times: list[float] = field(default_factory=list)
    check_lease_times: list[float] = field(default_factory=list)  # spot-check replicas (replica 0 is the run)
    refill_s: list[float] = field(default_factory=list)           # round trips of prefetching exchanges
    report_times: list[float] = field(default_factory=list)
    ran: int = 0
    busy: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of each simulated compute
    late_s: list[float] = field(default_factory=list)  # how late this coroutine woke after each compute
    free_at: float = 0.0  # when the last simulated compute ended
    home: str | None = None  # the oracle this worker last got leases from
    draining: bool = False  # the oracle granted one lease of several asked: the queue is short, keep little
    exchanges: int = 0
    refused: list[str] = field(default_factory=list)
    # per (task, replica): when its compute ended, when the report carrying it was sent, when its lease came
    trace: dict[tuple[int, int], dict[str, float]] = field(default_factory=dict)
    lease_keys: dict[str, tuple[int, int]] = field(default_factory=dict)  # lease id -> (task, replica)

    async def exchange(self, http: Any, url: str, want: int, wait_s: float) -> None:
        import httpx

        from protocol.leases import WorkReply

        results = self.finished.pop(url, [])
        t0 = time.perf_counter()
        try:
            response = await http[url].post("/v1/work", json={"results": results, "want": want, "wait_s": wait_s})
        except httpx.HTTPError as exc:  # recorded; the results are reported again next time
            self.refused.append(f"{type(exc).__name__}: {exc}")
            self.finished[url][:0] = results
            return
        now = time.perf_counter()
        if wait_s == 0:
            self.refill_s.append(now - t0)
        self.exchanges += 1
        if response.status_code != 200:
            self.refused.append(f"{response.status_code} {response.text[:200]}")
            self.finished[url][:0] = results
            return
        reply = WorkReply.model_validate_json(response.content)
        if results:
            self.report_times.append(t0)  # recorded when sent (a long-poll's reply may come much later)
            for r in results:
                self.trace[self.lease_keys[r["lease_id"]]]["sent"] = t0
        self.refused += [f"{o.status} {o.detail}" for o in reply.outcomes if o.status != 200]
        if want and (reply.leases or wait_s == 0):  # (an empty long-poll, or a report only, says nothing)
            self.draining = want > 1 and len(reply.leases) <= 1
        if reply.leases:
            self.home = url
        for lease in reply.leases:
            (self.check_lease_times if lease.replica > 0 else self.lease_times).append(now)
            self.lease_keys[lease.lease_id] = (lease.task_index, lease.replica)
            self.trace[(lease.task_index, lease.replica)] = {"leased": now}
            if lease.urgent:  # a spot check: results already computed wait on it, so it goes first
                self.queue.appendleft((url, lease, now))
            else:
                self.queue.append((url, lease, now))

    async def run(self, http: dict[str, Any], stop: asyncio.Event) -> None:
        refill: asyncio.Task | None = None
        while not stop.is_set():
            if not self.queue:
                if refill is not None:
                    if any(self.finished.values()):
                        # report what is finished now rather than after the refill's reply: in a job's tail the
                        # job waits on these results, and a refill round trip took up to 0.3 s there
                        for url in [u for u, results in self.finished.items() if results]:
                            asyncio.ensure_future(self.exchange(http, url, 0, 0.0)).add_done_callback(lambda _t: None)
                    await refill
                    refill = None
                    continue
                # nothing to run: report what is finished and long-poll. A worker that just ran out of one
                # oracle's work polls that oracle (and any it owes results), where its job's last spot checks
                # come from; every oracle at once only when that poll came back empty. (Polling all three at
                # every idle moment tripled the requests in a job's tail, on the oracles and on this one loop.)
                urls = {u for u, results in self.finished.items() if results}
                if self.home is not None:
                    urls.add(self.home)
                else:
                    urls = set(http)
                self.home = None
                polls = [asyncio.ensure_future(self.exchange(http, url, BATCH, IDLE_WAIT_S))
                         for url in sorted(urls, key=lambda u: not self.finished.get(u))]
                while polls and not self.queue and not stop.is_set():
                    done, pending = await asyncio.wait(polls, return_when=asyncio.FIRST_COMPLETED)
                    polls = list(pending)
                for poll in polls:  # still waiting on the others: let them finish in the background
                    poll.add_done_callback(lambda _t: None)
                continue
            url, lease, received = self.queue.popleft()
            # near the end of a job a deep queue only makes this worker finish last: prefetch less
            if len(self.queue) < (1 if self.draining else PREFETCH_AT) and refill is None:
                refill = asyncio.ensure_future(self.exchange(http, url, BATCH - len(self.queue), 0.0))
            # The simulated compute: 100 ms from when this machine could start it (the lease was here and the
            # previous task done). 40 machines share one event loop here, so a coroutine wakes a few ms late
            # when the loop is busy with other workers' HTTP; a real machine computes in parallel with that.
            # Lateness up to MAX_LATE_S is made up on the next task instead of counting as orchestration
            # time; it is measured and reported (loop_lateness_ms).
            started = max(received, self.free_at, time.perf_counter() - MAX_LATE_S)
            self.free_at = started + COMPUTE_S
            await asyncio.sleep(max(0.0, self.free_at - time.perf_counter()))
            self.late_s.append(time.perf_counter() - self.free_at)
            self.busy.append((started, self.free_at))
            self.trace[(lease.task_index, lease.replica)].update(start=started, end=self.free_at)
            digest, cid = self.outputs[lease.task_index]
            self.finished[url].append(self.sessions[url].result_report(lease, digest, cid))
            self.ran += 1
            if refill is not None and refill.done():
                refill.result()
                refill = None


class WorkerPool:
    """Every simulated worker as a coroutine on one asyncio loop, in a thread of this process."""

    def __init__(self, workers: list[SimWorker]) -> None:
        self.workers = workers
        self.loop = asyncio.new_event_loop()
        self.stop: asyncio.Event | None = None
        self.ready = threading.Event()  # every worker has its HTTP clients (creating 120 takes seconds)
        self.thread = threading.Thread(target=self.loop.run_forever, name="sim-workers", daemon=True)
        self.thread.start()
        self.future = asyncio.run_coroutine_threadsafe(self._main(), self.loop)

    async def _main(self) -> None:
        import httpx

        self.stop = asyncio.Event()
        async with contextlib.AsyncExitStack() as stack:
            runs = []
            for w in self.workers:
                http = {}
                for url, session in w.sessions.items():
                    http[url] = await stack.enter_async_context(httpx.AsyncClient(
                        base_url=url, timeout=30.0, headers={"Authorization": f"Bearer {session.token}"}))
                runs.append(w.run(http, self.stop))
            self.ready.set()
            await asyncio.gather(*runs)

    def close(self) -> None:
        if self.stop is not None:
            self.loop.call_soon_threadsafe(self.stop.set)
        with contextlib.suppress(Exception):
            self.future.result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


# --------------------------------------------------------------------------- the orchestration run


def orchestration(tasks: int, workers: int, work: Path, profile: str | None = None, runs: int = RUNS,
                  oracle_options: dict[str, Any] | None = None, profile_run: int = 1) -> dict[str, Any]:
    """``runs`` jobs one after another on one network; the median run's numbers, and every run's."""
    from dispatch import Requester, register_workers, worker_keys

    from gpuhive.demo.processes import ProcessNetwork
    from protocol.storage import LocalStore
    from worker_node.oracle_client import OracleClient

    key_of = lambda a: bytes.fromhex(str(a.private_key).removeprefix("0x"))  # noqa: E731
    started = time.monotonic()
    options = {"poll_interval": 0.25, "lease_seconds": 120.0, "heartbeat_seconds": 30.0, **(oracle_options or {})}
    with ProcessNetwork(work, n_workers=0, oracle_options=options,
                        progress=lambda m: print(f"  {m}", flush=True)) as net:
        keys = worker_keys(workers)
        register_workers(net.web3, net.deployment, key_of(net.deployer), keys)
        store = LocalStore(net.store_path)
        requester = Requester(net.web3, net.deployment, key_of(net.requester_account), store)
        logged_in = []
        for key in keys:
            sessions = {url: OracleClient(url, key, timeout=30.0) for url in net.oracle_urls}
            for session in sessions.values():
                session.login()
            logged_in.append(sessions)
        print(f"  {workers} workers staked and logged in to {len(net.oracle_urls)} oracles "
              f"({time.monotonic() - started:.0f} s)", flush=True)
        done = []
        for run in range(runs):
            # the simulated workers share this process with web3, ape and the setup's objects: a full
            # collection walking them paused every worker coroutine mid-job (the loop woke up to 218 ms late;
            # 65 ms once they are frozen), which a fleet of separate machines would not see. And with the
            # setup frozen, every collection of the oldest generation walks what the job itself allocated
            # (leases, replies, traces), longer as the job goes on: the cyclic collector is off during a
            # job (reference counting still frees almost everything) and runs between jobs.
            gc.collect()
            gc.freeze()
            gc.disable()
            try:
                result = _one_job(net, requester, logged_in, tasks, workers, run,
                                  profile if run + 1 == profile_run else None)
            finally:
                gc.enable()
            print(f"  run {run + 1}/{runs}: efficiency {result['efficiency']} (measured {result['measured_s']} s, "
                  f"leader oracle{result['leader'] + 1})", flush=True)
            done.append(result)
    effs = [r["efficiency"] for r in done]
    median = sorted(done, key=lambda r: r["efficiency"])[len(done) // 2]
    per_run = [{"efficiency": r["efficiency"], "measured_s": r["measured_s"], "leader": r["leader"],
                "leader_cpu_s": r["oracle_cpu_s"][r["leader"]], "oracle_cpu_s": r["oracle_cpu_s"],
                "workers_process_cpu_s": r["workers_process_cpu_s"], "anvil_cpu_s": r["anvil_cpu_s"],
                "refill_p50_ms": (r["refill_round_trip_ms"] or {}).get("p50"),
                "median_worker_done_s": r["workers_timeline_s"]["median_worker_done"],
                "last_worker_done_s": r["workers_timeline_s"]["last_worker_done"],
                "all_accepted_after_last_compute_s": r["workers_timeline_s"]["all_accepted_after_last_compute"],
                "last_result_sent_to_all_accepted_s": r["phases_s"]["last_result_sent_to_all_accepted"],
                "check_leases_after_the_last_run_lease": r["phases_s"]["check_leases_after_the_last_run_lease"],
                "checks_after_the_last_run_lease_s": r["checks_s"].get("after_the_last_run_lease")}
               for r in done]
    return {**median, "efficiency_runs": effs, "runs": per_run,
            "median_of": "the run with the median efficiency: the keys above are that run's",
            "setup_and_run_s": round(time.monotonic() - started, 1)}


def _one_job(net: Any, requester: Any, logged_in: list[dict[str, Any]], tasks: int, workers: int, run: int,
             profile: str | None) -> dict[str, Any]:
    import httpx
    import psutil
    from dispatch import compute_spec

    # one-replica compute tasks, each spot-checked by a second worker with a chance of 1 %, drawn as its
    # result arrives: the ~20 checks run among the tasks (the ideal time has only the tasks). Each run
    # has its own spec (another kernel seed), so its own outputs.
    call, outputs = requester.prepare(compute_spec(tasks, seed=11 + run))
    sims = [SimWorker(sessions, outputs) for sessions in logged_in]
    pool = WorkerPool(sims)
    if not pool.ready.wait(120):
        raise RuntimeError("the simulated workers did not start")
    time.sleep(1.0)  # every worker is long-polling every oracle
    oracle_procs = [psutil.Process(c.pid) for c in net.oracles]
    # (the anvil child may be the npm launcher: the node is its child)
    anvil = ([psutil.Process(net.anvil.proc.pid), *psutil.Process(net.anvil.proc.pid).children(recursive=True)]
             if net.anvil is not None and net.anvil.proc is not None else [])
    cpu0 = [sum(p.cpu_times()[:2]) for p in oracle_procs]
    anvil0 = sum(sum(p.cpu_times()[:2]) for p in anvil)
    me0 = sum(os.times()[:2])
    job_id, t_created = requester.create(call)
    wall_created = time.time() - (time.perf_counter() - t_created)
    leader = net.leader_index(job_id)
    if profile:
        import signal

        spy = subprocess.Popen(["py-spy", "record", "-p", str(net.oracles[leader].pid), "-o", profile, "-r", "200",
                                "--nonblocking", "-t", "-f", "raw" if profile.endswith(".txt") else "flamegraph"])
    status_url = f"{net.oracle_urls[leader]}/v1/jobs/{job_id}"
    t_running = t_verified = t_settled = None
    last: dict[str, Any] = {}
    deadline = time.perf_counter() + 600
    with httpx.Client(timeout=10) as http:
        while time.perf_counter() < deadline:
            last = http.get(status_url).json()
            now = time.perf_counter()
            state = last.get("state")
            if t_running is None and state in ("running", "settling", "settled"):
                t_running = now
            if t_verified is None and last.get("tasks_accepted") == tasks:
                t_verified = now
                pool.close()
            if state == "settled":
                t_settled = now
                break
            if state in ("rejecting", "rejected") or last.get("tasks_failed"):
                raise RuntimeError(f"job {job_id} did not run: {last}")
            time.sleep(STATUS_POLL_S)
    cpu1 = [sum(p.cpu_times()[:2]) for p in oracle_procs]
    anvil1 = sum(sum(p.cpu_times()[:2]) for p in anvil)
    me1 = sum(os.times()[:2])
    if profile:
        spy.send_signal(signal.SIGINT)
        spy.wait()
    pool.close()
    if t_verified is None or t_settled is None:
        raise RuntimeError(f"job {job_id} did not finish in time: {last}")
    settle_gas = _settle_gas(net, job_id)
    first_lease_at, ready_at = _job_times(net.workdir / f"oracle{leader + 1}.db", job_id)
    # the moment the leader accepted the last task (recorded by it, in this machine's wall clock), in
    # this process's perf_counter; polling the status endpoint for it would add up to a poll interval
    # plus the reply's own delay while the leader starts its settlement
    t_seen_by_poll, t_verified = t_verified, t_created + (ready_at - wall_created)

    lease_times = sorted(t for w in sims for t in w.lease_times)
    check_times = sorted(t for w in sims for t in w.check_lease_times)
    refills = sorted(x for w in sims for x in w.refill_s)
    last_lease = max([lease_times[-1], *check_times])
    last_report = max(t for w in sims for t in w.report_times)
    ideal = tasks * COMPUTE_S / workers
    measured = t_verified - t_created
    ran = [w.ran for w in sims]
    return {
        "efficiency": round(ideal / measured, 3),
        "ideal_s": round(ideal, 3),
        "measured_s": round(measured, 3),
        "efficiency_from_first_lease": round(ideal / (t_verified - lease_times[0]), 3),
        "efficiency_with_settlement": round(ideal / (t_settled - t_created), 3),
        "phases_s": {
            "create_job_to_first_lease": round(lease_times[0] - t_created, 3),
            "first_lease_to_last_lease": round(last_lease - lease_times[0], 3),
            "last_lease_to_last_result_sent": round(last_report - last_lease, 3),
            "last_result_sent_to_all_accepted": round(t_verified - last_report, 3),
            # spot checks are drawn as results arrive and leased before the remaining runs
            "check_leases_after_the_last_run_lease": sum(t > lease_times[-1] for t in check_times),
            "all_accepted_to_settled": round(t_settled - t_verified, 3),
            "all_accepted_to_seen_by_status_poll": round(t_seen_by_poll - t_verified, 3),
            "job_running_seen_after_create": round((t_running or t_created) - t_created, 3),
            "first_lease_recorded_by_oracle_after_create": round(first_lease_at - wall_created, 3),
        },
        "workers_timeline_s": _timeline(sims, t_created, t_verified),
        "checks_s": _checks(sims, t_created, lease_times[-1]),
        "refill_round_trip_ms": {"p50": round(refills[len(refills) // 2] * 1e3, 1),
                                 "p95": round(refills[int(len(refills) * 0.95)] * 1e3, 1),
                                 "max": round(refills[-1] * 1e3, 1)} if refills else None,
        "settle_gas": settle_gas,
        "tasks": tasks, "workers": workers, "compute_s_per_task": COMPUTE_S,
        "tasks_per_worker": {"min": min(ran), "max": max(ran), "mean": round(statistics.mean(ran), 1)},
        "exchanges": sum(w.exchanges for w in sims),
        "leases": {"runs": len(lease_times), "spot_check_replicas": len(check_times)},
        "refused_items": [r for w in sims for r in w.refused][:5],
        "oracle_cpu_s": [round(b - a, 2) for a, b in zip(cpu0, cpu1)],
        "workers_process_cpu_s": round(me1 - me0, 2),
        "anvil_cpu_s": round(anvil1 - anvil0, 2),
        "run_wall_s": round(t_settled - t_created, 2),
        "leader": leader,
        "job_id": job_id,
    }


def _timeline(sims: list[SimWorker], t_created: float, t_verified: float) -> dict[str, float]:
    """Where the workers' time went: when computing started and ended, the gaps, the spread of the ends."""
    worked = [w for w in sims if w.busy]
    ends = sorted(w.busy[-1][1] for w in worked)
    idle = [(w.busy[-1][1] - w.busy[0][0]) - sum(b - a for a, b in w.busy) for w in worked]
    late = [x for w in worked for x in w.late_s]
    return {
        "first_compute_start": round(min(w.busy[0][0] for w in worked) - t_created, 3),
        "last_compute_start_of_first_computes": round(max(w.busy[0][0] for w in worked) - t_created, 3),
        "first_worker_done": round(ends[0] - t_created, 3),
        "last_worker_done": round(ends[-1] - t_created, 3),
        "median_worker_done": round(ends[len(ends) // 2] - t_created, 3),
        "idle_between_computes_mean": round(statistics.mean(idle), 3),
        "idle_between_computes_max": round(max(idle), 3),
        "all_accepted_after_last_compute": round(t_verified - ends[-1], 3),
        "simulated_compute_ms_mean": round(statistics.mean(b - a for w in worked for a, b in w.busy) * 1e3, 2),
        "loop_lateness_ms": {"mean": round(statistics.mean(late) * 1e3, 2), "max": round(max(late) * 1e3, 1)},
        # the tail's balance: when the job's last run was leased, the leases each worker held (queued and
        # computing); a worker holding more than the others finishes after them
        "held_at_last_run_lease": _held_at(sims, max(t for w in sims for t in w.lease_times)),
        # the three workers that finished last: when, how many tasks, idle time, when their last lease came
        "last_workers": [{"done": round(w.busy[-1][1] - t_created, 3), "tasks": len(w.busy),
                          "idle": round((w.busy[-1][1] - w.busy[0][0]) - sum(b - a for a, b in w.busy), 3),
                          "first_start": round(w.busy[0][0] - t_created, 3),
                          "last_lease": round(max([*w.lease_times, *w.check_lease_times]) - t_created, 3)}
                         for w in sorted(worked, key=lambda w: w.busy[-1][1])[-3:]],
    }


def _checks(sims: list[SimWorker], t_created: float, last_run_lease: float) -> dict[str, Any]:
    """Each spot check's path: its subject's compute ended, the subject's result sent, the check leased,
    the check computed; the mean of each step, and every check leased after the job's last run lease."""
    trace = {key: entry for w in sims for key, entry in w.trace.items()}
    rows = []
    for (task, replica), check in trace.items():
        subject = trace.get((task, 0), {})
        if replica == 0 or "end" not in check or not {"end", "sent"} <= subject.keys():
            continue
        rows.append({"task": task, "subject_end": subject["end"], "subject_sent": subject["sent"],
                     "leased": check["leased"], "start": check["start"], "end": check["end"]})
    if not rows:
        return {}
    steps = [("subject_end", "subject_sent"), ("subject_sent", "leased"), ("leased", "start"), ("start", "end")]
    rel = lambda x: round(x - t_created, 3)  # noqa: E731
    return {
        "mean_s": {f"{a}_to_{b}": round(statistics.mean(r[b] - r[a] for r in rows), 3) for a, b in steps},
        "after_the_last_run_lease": [{k: (v if k == "task" else rel(v)) for k, v in r.items()}
                                     for r in sorted(rows, key=lambda r: r["leased"]) if r["leased"] > last_run_lease],
    }


def _held_at(sims: list[SimWorker], at: float) -> dict[str, float]:
    held = sorted(sum(t <= at for t in [*w.lease_times, *w.check_lease_times]) - sum(end <= at for _s, end in w.busy)
                  for w in sims)
    return {"min": held[0], "median": held[len(held) // 2], "max": held[-1], "mean": round(statistics.mean(held), 2)}


def _job_times(db: Path, job_id: int) -> tuple[float, float]:
    """The leader's records: when it handed out the job's first lease, when it accepted the last task."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        first, ready = conn.execute("SELECT first_lease_at, ready_at FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
    return float(first), float(ready)


def _settle_gas(net: Any, job_id: int) -> int | None:
    from protocol.chain import ChainClient

    logs = ChainClient(net.web3, net.deployment).escrow.events.JobSettled().get_logs(from_block=0)
    for log in logs:
        if int(log["args"]["job_id"]) == job_id:
            return int(net.web3.eth.get_transaction_receipt(log["transactionHash"])["gasUsed"])
    return None


# --------------------------------------------------------------------------- the demo


def demo(work: Path) -> dict[str, Any]:
    """``gpuhive demo`` as a new user runs it (embedded chain, render job), in a fresh process."""
    gpuhive = Path(sys.executable).with_name("gpuhive")
    t0 = time.perf_counter()
    proc = subprocess.run([str(gpuhive), "demo", "--workdir", str(work)], cwd=REPO, capture_output=True,
                          text=True, timeout=1800)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"gpuhive demo exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    report = json.loads((work / "report.json").read_text())
    return {"demo_wall_s": round(wall, 1), "demo_gas_total": report["gas_total"],
            "demo_gas": {f"{step} ({who})": gas for step, who, gas in report["gas"]},
            "demo_job_seconds": round(report["seconds"], 1), "demo_kind": report["kind"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=TASKS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--runs", type=int, default=RUNS, help="jobs run one after another; the median is reported")
    parser.add_argument("--no-demo", action="store_true", help="only the orchestration run")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the results file")
    parser.add_argument("--profile", help="py-spy (pip install py-spy; not a project dependency) the leading "
                        "oracle during the job; .txt gives collapsed stacks, else an SVG flame graph")
    parser.add_argument("--profile-run", type=int, default=1, help="which run --profile records (1 = the first)")
    parser.add_argument("--workdir", type=Path, help="keep configs, databases and logs here (default: a "
                        "temporary directory, removed)")
    parser.add_argument("--oracle-option", action="append", default=[], metavar="KEY=JSON",
                        help="override an oracle config field for the run, e.g. judge_delay_seconds=0.1")
    args = parser.parse_args()
    oracle_options = {k: json.loads(v) for k, _, v in (o.partition("=") for o in args.oracle_option)}
    load_before = os.getloadavg()
    with (contextlib.nullcontext(str(args.workdir)) if args.workdir
          else tempfile.TemporaryDirectory(prefix="gpuhive-e2e-")) as tmp:
        print(f"orchestration: {args.tasks} tasks x {COMPUTE_S * 1e3:.0f} ms over {args.workers} workers", flush=True)
        results = orchestration(args.tasks, args.workers, Path(tmp) / "network", args.profile, args.runs,
                                oracle_options, args.profile_run)
        print(f"  efficiency {results['efficiency']}, the median of {results['efficiency_runs']} (ideal "
              f"{results['ideal_s']} s, measured {results['measured_s']} s; goal >= 0.9); phases "
              f"{results['phases_s']}", flush=True)
        if not args.no_demo:
            print("gpuhive demo (embedded chain, render job) ...", flush=True)
            results.update(demo(Path(tmp) / "demo"))
            print(f"  demo wall {results['demo_wall_s']} s, gas {results['demo_gas_total']:,}", flush=True)
    results.update({
        "goal": {"efficiency": ">= 0.9"},
        "batch": BATCH, "prefetch_at": PREFETCH_AT,
        "layout": "anvil, 3 oracle processes (k=2), the benchmark with 40 worker coroutines on one asyncio "
                  "loop in a thread; the jobs one after another on one network",
        "cpus": os.cpu_count(),
        "load_avg_1m_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "python": sys.version.split()[0],
    })
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {RESULTS.relative_to(REPO)}")
    else:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
