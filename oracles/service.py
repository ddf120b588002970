"""One oracle: chain follower, intake, dispatcher, advancer, committee and its HTTP API, built from a config.

No global state: three ``OracleService`` objects can run in one process
(the tests do). ``start()`` launches the API server, the follower loop and
the scheduler (lease expiry, intake, judging, deadline watch, settlement
retries); ``stop()`` ends them. Everything needed to continue after a
crash is in the database or on-chain, so a restarted service picks up
where it stopped.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import uvicorn
from apscheduler.schedulers.background import BackgroundScheduler
from eth_account import Account
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from sqlalchemy import func, select
from web3 import Web3

from oracles import models
from oracles.advancer import Advancer
from oracles.api import build_app
from oracles.auth import Auth
from protocol.chain import ChainClient, ChainError
from oracles.committee import (
    Refused,
    Signer,
    collect,
    leader_of,
    reject_request,
    settlement_from_dict,
    settlement_request,
    settlement_to_dict,
)
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher
from oracles.follower import ChainFollower, DecodedEvent, NewHeadsWaker, ws_url_for
from oracles.intake import OnChainJob, check_job
from oracles.jobcache import JobCache
from oracles.manifest_audit import audit_manifest, build_manifest
from protocol.result_manifest import ResultManifest, manifest_blocks, plan_from_manifest
from oracles.models import (
    CLOSED,
    FINAL_STATES,
    FOLLOWING,
    INTAKE,
    REJECTED,
    REJECTING,
    RUNNING,
    SETTLED,
    SETTLING,
    T_ACCEPTED,
    T_FAILED,
    Job,
    Slot,
    TaskRow,
)
from oracles.pacing import JudgePacer
from protocol import eip712
from protocol.contracts import KIND_CAPABILITY, ROLE_WORKER, STATUS_DISPUTED, STATUS_OPEN
from protocol.deployment import Deployment
from protocol.jobspec import canonical_bytes
from protocol.leases import JobStatus, RejectProposal, SettlementProposal, SignatureReply
from protocol.storage import Store

log = logging.getLogger(__name__)

INTAKE_GIVE_UP_SECONDS = 120.0  # a spec or input still missing after this long is rejected
# WorkerRegistry events that change one node's eligibility or capabilities (each has a ``node`` argument)
NODE_EVENTS = frozenset({"NodeRegistered", "NodeUpdated", "Staked", "UnbondStarted", "Withdrawn", "Slashed",
                         "Jailed"})


class OracleService:
    def __init__(self, config: OracleConfig, web3: Web3, deployment: Deployment, signer_key: bytes,
                 store: Store | None = None) -> None:
        self.config = config
        self.signer = Signer.from_key(signer_key)
        self.address = self.signer.address
        self.chain = ChainClient(web3, deployment, Account.from_key(signer_key))
        self.deployment = deployment
        self.store = store or config.storage.open()
        self.escrow_domain = eip712.Domain(self.chain.chain_id, deployment.address("JobEscrow"))
        self.registry_domain = eip712.Domain(self.chain.chain_id, deployment.address("WorkerRegistry"))
        engine = make_engine(config.database_url)
        self.sessions = create_all(engine)
        self.engine = engine
        self.jobs = JobCache()
        self.dispatcher = Dispatcher(self.sessions, config, self.jobs, self.escrow_domain)
        self.advancer = Advancer(self.sessions, config, self.jobs, self.dispatcher, self.store,
                                 head=self._head, on_settling=self._settle_soon)
        self.auth = Auth(self.sessions, self.address, self.registry_domain, deployment.address("JobEscrow"),
                         self._eligibility,
                         config.session_seconds, config.eligibility_cache_seconds)
        # JobEscrow's events drive the jobs; WorkerRegistry's invalidate cached worker eligibility
        self.follower = ChainFollower(self.chain, self.sessions, self, contracts=[self.chain.escrow, self.chain.registry],
                                      confirmations=config.confirmations,
                                      poll_interval=config.poll_interval, max_block_range=config.max_block_range)
        self._dirty: set[int] = set()
        self._dirty_lock = threading.Lock()
        self._wake = threading.Event()
        self._intake_wake = threading.Event()
        self.dispatcher.on_result(self._mark_dirty)
        self._intake_first_try: dict[int, float] = {}
        self._settle_lock = threading.Lock()  # one settlement attempt at a time, per oracle
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: uvicorn.Server | None = None
        self._waker: NewHeadsWaker | None = None
        self.scheduler: BackgroundScheduler | None = None
        self.metrics = CollectorRegistry()
        self.m_results = Counter("gpuhive_oracle_results", "Results recorded", registry=self.metrics)
        self.m_settled = Counter("gpuhive_oracle_settlements", "Settlements submitted", registry=self.metrics)
        self.m_open = Gauge("gpuhive_oracle_open_jobs", "Jobs running", registry=self.metrics)
        self.dispatcher.on_result(lambda _job: self.m_results.inc())
        self.app = build_app(self)

    # ------------------------------------------------------------ committee membership

    def members(self) -> list[str]:
        """OracleCommittee's signers, in its order (the leader rotation)."""
        return self.chain.committee_members()

    def threshold(self) -> int:
        return self.chain.committee_threshold()

    def _eligibility(self, worker: str) -> tuple[bool, int]:
        return self.chain.is_eligible(worker, ROLE_WORKER), self.chain.capabilities(worker)

    @staticmethod
    def kinds_for(caps: int) -> tuple[str, ...]:
        return tuple(kind for kind, bit in KIND_CAPABILITY.items() if caps & bit)

    def _head(self) -> tuple[int, bytes]:
        block = self.chain.head()
        return block.number, block.hash

    # ------------------------------------------------------------ chain events (follower handler)

    def on_event(self, event: DecodedEvent, session: Any) -> None:
        args = event.args
        if event.address.lower() == self.chain.registry.address.lower():
            self._on_registry_event(event)
            return
        if event.name == "JobCreated":
            job_id = int(args["job_id"])
            if session.get(Job, job_id) is not None:
                return
            members = self.members()
            session.add(Job(
                job_id=job_id, requester=args["requester"], spec_cid=args["spec_cid"],
                spec_hash="0x" + bytes(args["spec_hash"]).hex(), num_tasks=int(args["num_tasks"]),
                budget=str(int(args["budget"])), deadline=int(args["deadline"]),
                created_block=event.block_number, created_block_hash="0x" + bytes(event.block_hash).hex(),
                tx_hash=event.tx_hash, state=INTAKE,
                leader=leader_of(job_id, members).lower() == self.address.lower()))
            log.info("job seen", extra={"job_id": job_id, "oracle": self.config.name})
            return
        job_id = int(args.get("job_id", -1))
        job = session.get(Job, job_id)
        if job is None:
            return
        if event.name in ("JobSettled", "DisputeResolved"):
            job.state = SETTLED
        elif event.name == "JobRejected":
            job.state = REJECTED
        elif event.name == "JobReclaimed":
            job.state = CLOSED
        elif event.name == "JobDisputed":
            self._reopen_for_dispute(session, job)
        elif event.name == "CancelRequested":
            job.cancel_requested = True
            job.wind_down = True
            self._mark_dirty(job_id)

    def _on_registry_event(self, event: DecodedEvent) -> None:
        """A node's stake, role, capabilities or jail term changed (or every node's minimum): its cached
        eligibility is dropped, so its next request reads the registry again (a jailed or slashed worker
        is refused from the block the follower sees, not up to ``eligibility_cache_seconds`` later)."""
        if event.name == "MinStakeSet":
            self.auth.invalidate_all()
        elif event.name in NODE_EVENTS:
            self.auth.invalidate(event.args["node"])

    def _reopen_for_dispute(self, session: Any, job: Job) -> None:
        """Round 1: check every task that was accepted unchecked, then `resolve` (leader only)."""
        if not job.leader or job.round != 0 or job.manifest_cid is None:
            return
        on_chain = self.chain.get_job(job.job_id)
        job.fixed_fee = str(on_chain.budget - on_chain.unclaimed_payout - on_chain.refund)
        job.previous_manifest_cid = job.manifest_cid
        job.manifest_cid = None
        job.round = 1
        job.state = RUNNING
        job.wind_down = False
        for task in session.execute(select(TaskRow).where(TaskRow.job_id == job.job_id,
                                                          TaskRow.state == T_ACCEPTED)).scalars():
            if not task.checked:
                task.state, task.must_check, task.note = models.T_RUNNING, True, "re-checked after a dispute"
        log.warning("dispute: re-checking the job", extra={"job_id": job.job_id})
        self._mark_dirty(job.job_id)

    def on_rewind(self, fork_block: int, session: Any) -> None:
        """A reorg removed blocks from ``fork_block`` on: forget jobs first seen there (they are re-read)."""
        for job in session.execute(select(Job).where(Job.created_block >= fork_block)).scalars():
            if job.state in (INTAKE, FOLLOWING, REJECTING, RUNNING):
                session.execute(Slot.__table__.delete().where(Slot.job_id == job.job_id))
                session.execute(TaskRow.__table__.delete().where(TaskRow.job_id == job.job_id))
                session.delete(job)

    # ------------------------------------------------------------ intake

    def _intake_loop(self) -> None:
        """Intake right after the follower commits new events (a job is leasable one poll after its block),
        and every poll interval for specs that were not reachable yet."""
        while not self._stop.is_set():
            self._intake_wake.wait(timeout=self.config.poll_interval)
            self._intake_wake.clear()
            try:
                self.intake()
            except Exception:  # retried on the next round
                log.exception("intake failed")

    def intake(self) -> None:
        with self.sessions() as s:
            ids = s.execute(select(Job.job_id).where(Job.state == INTAKE)).scalars().all()
        for job_id in ids:
            self._intake_one(job_id)

    def _intake_one(self, job_id: int) -> None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None or job.state != INTAKE:
                return
            facts = OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks, int(job.budget))
        result = check_job(self.store, facts)
        now = time.time()
        if result.retry:
            first = self._intake_first_try.setdefault(job_id, now)
            if now - first < INTAKE_GIVE_UP_SECONDS:
                return
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            if job is None or job.state != INTAKE:
                return
            if result.spec is None:
                log.warning("spec rejected", extra={"job_id": job_id, "why": result.message})
                job.error = result.message
                job.reject_reason = result.reject_reason
                job.state = REJECTING if job.leader else FOLLOWING
                return
            spec = result.spec
            job.kind = spec.kind
            job.spec_json = canonical_bytes(spec).decode()
            if not job.leader:
                job.state = FOLLOWING
                return
            entry = self.jobs.put(job_id, spec)
            # bulk inserts: a job can have a million tasks. Core table inserts, not ORM ones: the ORM's bulk
            # path cost 4x more (83 against 20 ms for 2,000 tasks), and this is the time to the first lease
            s.execute(TaskRow.__table__.insert(), [
                {"job_id": job_id, "task_index": t.index, "state": models.T_RUNNING, "rounds": 1,
                 "must_check": False, "selected": False, "checked": False}
                for t in entry.tasks])
            s.execute(Slot.__table__.insert(), [
                {"job_id": job_id, "task_index": t.index, "replica": replica, "role": "run", "round": 1, "rank": 1,
                 "state": models.BLOCKED if spec.kind == "train" and t.index > 0 else models.PENDING,
                 "not_before": 0.0, "attempts": 0, "progress": 0.0}
                for t in entry.tasks for replica in range(spec.replication)])
            job.state = RUNNING
        log.info("job running", extra={"job_id": job_id, "tasks": spec.num_tasks, "kind": spec.kind})
        self.dispatcher.notify_work()

    # ------------------------------------------------------------ judging

    def _mark_dirty(self, job_id: int) -> None:
        with self._dirty_lock:
            self._dirty.add(job_id)
        self._wake.set()

    def _advance_loop(self) -> None:
        pacer = JudgePacer(self.config.judge_batch_seconds, self.dispatcher.has_backlog)
        due: float | None = None  # seconds until a job held back is due
        while not self._stop.is_set():
            self._wake.wait(timeout=min(due, self.config.poll_interval) if due is not None else self.config.poll_interval)
            # results arriving together are judged in one pass (a pass costs about the same for 1 or 100)
            time.sleep(min(self.config.judge_delay_seconds, self.config.poll_interval))
            self._wake.clear()
            with self._dirty_lock:
                dirty, self._dirty = self._dirty, set()
            judge, held, due = pacer.split(dirty)
            with self._dirty_lock:
                self._dirty |= held  # judged later, with what arrives meanwhile
            for job_id in judge:
                try:
                    self.advancer.advance(job_id)
                except Exception:  # retried by the periodic advance_all
                    log.exception("advance failed", extra={"job_id": job_id})

    def watch_deadlines(self) -> None:
        """Jobs whose deadline is near (or cancelled) wind down: settle what was done, refund the rest."""
        # chain time, which is what JobEscrow judges deadlines by
        limit = self.chain.head().timestamp + self.config.settle_margin_seconds
        with self.sessions.begin() as s:
            jobs = s.execute(select(Job).where(Job.state == RUNNING, Job.wind_down.is_(False),
                                               Job.deadline <= limit)).scalars().all()
            for job in jobs:
                job.wind_down = True
                log.warning("deadline near: winding down", extra={"job_id": job.job_id})
        for job in jobs:
            self._mark_dirty(job.job_id)

    # ------------------------------------------------------------ settlement (leader)

    def _settle_soon(self, job_id: int) -> None:
        threading.Thread(target=self.settle_pending, name=f"settle-{job_id}", daemon=True).start()

    def settle_pending(self) -> None:
        """Submit settlements and rejects this oracle leads; retried by the scheduler until final."""
        with self._settle_lock:
            if self._stop.is_set():  # a stopped service sends nothing more
                return
            with self.sessions() as s:
                todo = s.execute(select(Job.job_id, Job.state).where(
                    Job.leader.is_(True), Job.state.in_((SETTLING, REJECTING)))).all()
            for job_id, state in todo:
                try:
                    if state == SETTLING:
                        self._settle(job_id)
                    else:
                        self._reject(job_id)
                except Exception as exc:  # kept for the next retry; the reason is on the job
                    log.warning("settlement attempt failed", extra={"job_id": job_id, "why": str(exc)})
                    with self.sessions.begin() as s:
                        job = s.get(Job, job_id)
                        if job is not None:
                            job.error = str(exc)[:2_000]

    def _already_final(self, job_id: int, round_: int = 0) -> bool:
        status = self.chain.get_job(job_id).status
        if status != (STATUS_DISPUTED if round_ == 1 else STATUS_OPEN):
            with self.sessions.begin() as s:
                job = s.get(Job, job_id)
                if job is not None and job.state not in FINAL_STATES:
                    job.state = {2: SETTLED, 3: SETTLED, 4: REJECTED}.get(status, CLOSED)
            return True
        return False

    def _settle(self, job_id: int) -> None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            assert job is not None
            round_ = job.round
        if self._already_final(job_id, round_):
            return
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            entry = self.jobs.get(job)
            manifest = build_manifest(s, job, entry, self.chain.chain_id, self.deployment.address("JobEscrow"),
                                      self.config.policy)
            cid = self.store.put_bytes(manifest.canonical_bytes())
            self.store.pin(cid)
            job.manifest_cid = cid
            reward = entry.spec.reward_per_task
        previous = self._previous_manifest(manifest)
        plan = plan_from_manifest(manifest, reward, cid, previous)
        proposal = SettlementProposal(job_id=job_id, manifest_cid=cid,
                                      settlement=settlement_to_dict(plan.settlement), slashes=plan.slashes_arg())
        signatures = collect(self.signer, self.escrow_domain, plan.settlement, self.config.peers, self.members(),
                             self.threshold(), settlement_request(proposal, self.config.peer_timeout_seconds))
        method = self.chain.escrow.functions.resolve if manifest.round == 1 else self.chain.escrow.functions.settle
        receipt = self.chain.transact(method(plan.settlement.as_tuple(), plan.slashes_arg(), signatures))
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            job.settle_tx = "0x" + bytes(receipt["transactionHash"]).hex()
            job.state = SETTLED
            job.wind_down = False
        self.m_settled.inc()
        log.info("job settled", extra={"job_id": job_id, "manifest": cid, "payout": plan.settlement.total_payout,
                                       "refund": plan.settlement.refund})

    def _previous_manifest(self, manifest: ResultManifest) -> ResultManifest | None:
        """Round 1's predecessor, checked against the result hash round 0 settled on-chain."""
        if manifest.round != 1:
            return None
        cid = manifest.previous_manifest_cid
        if not cid:
            raise Refused("a round-1 manifest must name the round-0 manifest")
        settled = self.chain.escrow.events.JobSettled().get_logs(
            from_block=self.deployment.start_block, argument_filters={"job_id": manifest.job_id, "round": 0})
        if not settled or bytes(settled[0]["args"]["result_hash"]) != eip712.cid_hash(cid):
            raise Refused(f"manifest {cid} is not the one round 0 settled on-chain")
        return ResultManifest.model_validate_json(self.store.get_bytes(cid))

    def _reject(self, job_id: int) -> None:
        if self._already_final(job_id):
            return
        with self.sessions() as s:
            job = s.get(Job, job_id)
            assert job is not None and job.reject_reason is not None
            reason = job.reject_reason
        payload = eip712.Reject(job_id, reason)
        signatures = collect(self.signer, self.escrow_domain, payload, self.config.peers, self.members(),
                             self.threshold(), reject_request(RejectProposal(job_id=job_id, reason=reason),
                                                              self.config.peer_timeout_seconds))
        receipt = self.chain.transact(self.chain.escrow.functions.reject(job_id, reason, signatures))
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            assert job is not None
            job.settle_tx = "0x" + bytes(receipt["transactionHash"]).hex()
            job.state = REJECTED
        log.info("job rejected on-chain", extra={"job_id": job_id, "reason": reason})

    # ------------------------------------------------------------ countersigning (member)

    def _known_job(self, job_id: int) -> Job:
        self.follower.poll_once()  # the leader may have seen the job a moment before us
        with self.sessions() as s:
            job = s.get(Job, job_id)
        if job is None:
            raise Refused(f"job {job_id} not seen on-chain by this oracle (yet)")
        return job

    def countersign_reject(self, body: RejectProposal) -> SignatureReply:
        job = self._known_job(body.job_id)
        if self.chain.get_job(body.job_id).status != STATUS_OPEN:
            raise Refused(f"job {body.job_id} is not open")
        result = check_job(self.store, OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks,
                                                  int(job.budget)))
        if result.spec is not None:
            raise Refused(f"job {body.job_id}: the spec is valid here; not signing a reject")
        if result.reject_reason != body.reason:
            raise Refused(f"job {body.job_id}: we find reason {result.reject_reason} ({result.message}), "
                          f"not {body.reason}")
        payload = eip712.Reject(body.job_id, body.reason)
        return SignatureReply(signer=self.address, signature="0x" + self.signer.sign(self.escrow_domain, payload).hex())

    def countersign_settlement(self, body: SettlementProposal) -> SignatureReply:
        job = self._known_job(body.job_id)
        on_chain = self.chain.get_job(body.job_id)
        round_ = int(body.settlement.get("round", 0))
        if on_chain.status != (STATUS_DISPUTED if round_ == 1 else STATUS_OPEN):
            raise Refused(f"job {body.job_id} is not {'disputed' if round_ == 1 else 'open'} "
                          f"(status {on_chain.status})")
        result = check_job(self.store, OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks,
                                                  int(job.budget)))
        if result.spec is None:
            raise Refused(f"job {body.job_id}: spec does not pass intake here: {result.message}")
        entry = self.jobs.put(job.job_id, result.spec)
        try:
            manifest = ResultManifest.model_validate_json(self.store.get_bytes(body.manifest_cid))
        except Exception as exc:  # unreachable or malformed manifest
            raise Refused(f"manifest {body.manifest_cid} unusable: {exc}") from None
        expect = {"chain_id": self.chain.chain_id, "escrow": self.deployment.address("JobEscrow"),
                  "job_id": job.job_id, "spec_cid": job.spec_cid, "spec_hash": job.spec_hash,
                  "budget": job.budget, "created_block_hash": job.created_block_hash,
                  "block_hashes": {n: _block_hash(self.chain, n) for n in manifest_blocks(manifest)}}
        problems = audit_manifest(manifest, entry, self.store, expect, self.config.policy)
        if manifest.round != round_:
            problems.append(f"manifest is for round {manifest.round}, the proposal for round {round_}")
        if round_ == 1 and manifest.fixed_fee != str(on_chain.budget - on_chain.unclaimed_payout - on_chain.refund):
            problems.append(f"round 1 must keep round 0's fee; the manifest says {manifest.fixed_fee}")
        if problems:
            raise Refused("; ".join(problems)[:4_000])
        plan = plan_from_manifest(manifest, result.spec.reward_per_task, body.manifest_cid,
                                  self._previous_manifest(manifest))
        proposed = settlement_from_dict(body.settlement)
        if plan.settlement != proposed or [tuple(x) for x in body.slashes] != [tuple(x) for x in plan.slashes_arg()]:
            raise Refused(f"job {body.job_id}: the manifest gives {settlement_to_dict(plan.settlement)}, "
                          f"slashes {plan.slashes_arg()}; the proposal differs")
        signature = self.signer.sign(self.escrow_domain, plan.settlement)
        log.info("countersigned", extra={"job_id": body.job_id, "oracle": self.config.name})
        return SignatureReply(signer=self.address, signature="0x" + signature.hex())

    # ------------------------------------------------------------ status

    def job_status(self, job_id: int) -> JobStatus | None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None:
                return None
            tasks = dict(s.execute(select(TaskRow.state, func.count()).where(TaskRow.job_id == job_id)
                                   .group_by(TaskRow.state)).all())
            slots = dict(s.execute(select(Slot.state, func.count()).where(Slot.job_id == job_id)
                                   .group_by(Slot.state)).all())
            return JobStatus(job_id=job_id, state=job.state, num_tasks=job.num_tasks,
                             tasks_accepted=tasks.get(T_ACCEPTED, 0), tasks_failed=tasks.get(T_FAILED, 0),
                             slots_leased=slots.get(models.LEASED, 0), slots_done=slots.get(models.DONE, 0),
                             manifest_cid=job.manifest_cid, settle_tx=job.settle_tx, error=job.error)

    def metrics_text(self) -> str:
        with self.sessions() as s:
            self.m_open.set(s.execute(select(func.count()).where(Job.state == RUNNING)).scalar() or 0)
        return generate_latest(self.metrics).decode()

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Serve the API and run the follower, judging and scheduler threads."""
        server = uvicorn.Server(uvicorn.Config(self.app, host=self.config.api_host, port=self.config.api_port,
                                               log_level="warning", lifespan="on"))
        self._server = server
        self._spawn(server.run, "api")
        self._spawn(lambda: self.follower.run(self._stop, after_poll=lambda _n: self._intake_wake.set()),
                    "follower")
        self._spawn(self._advance_loop, "advance")
        self._spawn(self._intake_loop, "intake")
        ws_url = ws_url_for(self.config.rpc_url) if self.config.ws_url == "auto" and self.config.rpc_url \
            else (self.config.ws_url if self.config.ws_url != "auto" else None)
        if ws_url:
            self._waker = NewHeadsWaker(ws_url, self.follower.wake)
            self._waker.start()
        # a periodic job still running when its next turn comes is skipped; that is expected, not a warning
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        scheduler = BackgroundScheduler(daemon=True)
        period = self.config.poll_interval
        scheduler.add_job(self.dispatcher.expire_leases, "interval", seconds=1.0, id="expire",
                          max_instances=1, coalesce=True)
        scheduler.add_job(self.advancer.advance_all, "interval", seconds=5 * period, id="advance_all",
                          max_instances=1, coalesce=True)
        scheduler.add_job(self.watch_deadlines, "interval", seconds=5 * period, id="deadlines", max_instances=1,
                          coalesce=True)
        scheduler.add_job(self.settle_pending, "interval", seconds=5 * period, id="settle", max_instances=1,
                          coalesce=True)
        scheduler.start()
        self.scheduler = scheduler
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"oracle API did not start on {self.config.api_host}:{self.config.api_port}")
            time.sleep(0.02)
        log.info("oracle started", extra={"oracle": self.config.name, "address": self.address,
                                          "port": self.config.api_port})

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=f"{self.config.name}-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.follower.wake()
        if self._waker is not None:
            self._waker.stop()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self._server is not None:
            self._server.should_exit = True
        for thread in self._threads:
            thread.join(timeout=10)
        self.auth.close()
        self.engine.dispose()

    @property
    def url(self) -> str:
        return f"http://{self.config.api_host}:{self.config.api_port}"


def _block_hash(chain: ChainClient, number: int | None) -> str | None:
    if number is None:
        return None
    block = chain.block(number)
    return "0x" + block.hash.hex() if block is not None else None


__all__ = ["ChainError", "OracleService"]
