"""One oracle, wired from a config: each part built once and handed what it needs, started and stopped here.

No global state: three ``OracleService`` objects can run in one process
(the tests do). ``start()`` launches the API server, the follower loop, the
intake and judging loops and the scheduler (lease expiry, judging catch-up,
deadline watch, settlement retries); ``stop()`` ends them. Everything needed
to continue after a crash is in the database or on-chain, so a restarted
service picks up where it stopped.

Where the work is done:

- ``oracles.events``: what each JobEscrow and WorkerRegistry event does (the follower's handler)
- ``oracles.intake``: a new job's spec checked, its tasks queued
- ``oracles.dispatcher``: leases; ``oracles.auth``: worker login; ``oracles.api``: the HTTP API
- ``oracles.judge_loop`` and ``oracles.advancer``: results judged; ``oracles.deadlines``: winding down
- ``oracles.settling``: the leader's settlement; ``oracles.countersigning``: a member's re-check and signature
- ``oracles.committee``: membership, leader rotation, collecting signatures; ``oracles.status``: status, metrics
- ``oracles.failover``: a silent leader's job taken over by the next member in the rotation
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

import uvicorn
from apscheduler.schedulers.background import BackgroundScheduler
from eth_account import Account
from web3 import Web3

from oracles.advancer import Advancer
from oracles.api import create_app
from oracles.auth import Auth
from oracles.chain_reads import eligibility_of, head_of, sentry_epoch_seconds
from oracles.committee import Committee, MemberContext, Signer
from oracles.config import OracleConfig
from oracles.countersigning import Countersigner
from oracles.db import create_all, make_engine
from oracles.deadlines import DeadlineWatch
from oracles.deps import OracleIdentity
from oracles.dispatcher import CachedStake, Dispatcher
from oracles.events import JobEvents, RegistryEvents
from oracles.failover import LeaderWatch
from oracles.fees import FeeKeeper
from oracles.intake import Intake
from oracles.jobcache import JobCache
from oracles.judge_loop import JudgeLoop
from oracles.labeling.carry_over import LabelCarryOver
from oracles.labeling.desk import LabelDesk
from oracles.node_metadata import NodeMetadata
from oracles.routes.eligible import Eligibility
from oracles.sentry.scores import AttestedScores
from oracles.settling import Settler
from oracles.status import OracleStatus
from oracles.verify.zk_jobs import ZkJobs
from protocol import eip712
from protocol.chain import ChainClient
from protocol.deployment import Deployment
from protocol.follower import ChainFollower, EventTable, NewHeadsWaker, ws_url_for
from protocol.jobspec.horizon import run_window_of
from protocol.leases import JobStatus
from protocol.storage import Store

log = logging.getLogger(__name__)


class OracleService:
    """One committee member: its parts built from ``config`` and wired together; ``start()`` runs them."""

    def __init__(
        self, config: OracleConfig, web3: Web3, deployment: Deployment, signer_key: bytes, store: Store | None = None
    ) -> None:
        self.config = config
        self.signer = Signer.from_key(signer_key)
        self.address = self.signer.address
        self.chain = chain = ChainClient(web3, deployment, Account.from_key(signer_key))
        self.deployment = deployment
        self.store = store = store or config.storage.open()
        self.escrow_domain = eip712.Domain(chain.chain_id, deployment.address("JobEscrow"))
        self.registry_domain = eip712.Domain(chain.chain_id, deployment.address("WorkerRegistry"))
        self.engine = make_engine(config.database_url)
        self.sessions = sessions = create_all(self.engine)
        self._stop = threading.Event()
        self.jobs = jobs = JobCache()
        self.status = OracleStatus(sessions)
        self.m_results = self.status.m_results
        self.committee = Committee(chain, self.address)
        self.stake = CachedStake(lambda worker: chain.node(worker).staked)
        window = run_window_of(chain)  # the deployment's periods, not the defaults (protocol.jobspec.horizon)
        self.scores = AttestedScores(chain, store)  # the sentries' uptime and speed, for whom to lease what
        self.dispatcher = Dispatcher(
            sessions,
            config,
            jobs,
            self.escrow_domain,
            stake_of=self.stake,
            run_window_s=window,
            selection=self.scores.selection,
        )
        member = MemberContext(sessions, config, chain, deployment, store, jobs, self.signer, self.escrow_domain)
        self.settler = Settler(member, self.committee, self.status.m_settled, self._stop)
        self.advancer = Advancer(
            sessions,
            config,
            jobs,
            self.dispatcher,
            store,
            head=head_of(chain),
            on_settling=self.settler.settle_soon,
            run_window_s=window,
        )
        self.judge = JudgeLoop(config, self.advancer, self.dispatcher)
        self.deadlines = DeadlineWatch(sessions, chain, config.settle_margin_seconds, self.judge.mark)
        self.intake = Intake(sessions, store, jobs, self.dispatcher, config.poll_interval)
        self.failover = LeaderWatch(sessions, config, chain, self.committee, on_takeover=self.intake.wake)
        self.auth = Auth(
            sessions,
            self.address,
            self.registry_domain,
            deployment.address("JobEscrow"),
            eligibility_of(chain, self.stake),
            config.session_seconds,
            config.eligibility_cache_seconds,
        )
        # JobEscrow's events drive the jobs; WorkerRegistry's invalidate cached worker eligibility
        self.job_events = job_events = JobEvents(chain, self.committee, config.name, self.judge.mark)
        self.events = EventTable(job_events, RegistryEvents(self.auth, self.stake), rewind=job_events.rewind)
        self.follower = ChainFollower(
            chain,
            sessions,
            self.events,
            contracts=[chain.escrow, chain.registry],
            confirmations=config.confirmations,
            poll_interval=config.poll_interval,
            max_block_range=config.max_block_range,
        )
        self.countersigner = Countersigner(member, catch_up=self.follower.poll_once)
        self.fees = FeeKeeper(sessions, chain, self.address)
        self.zk = ZkJobs.attach(self)  # zk jobs: registration at intake, proofs on-chain before a task pays
        self.dispatcher.on_result(self.judge.mark)
        self.dispatcher.on_result(lambda _job: self.m_results.inc())
        self.app = create_app(
            oracle=OracleIdentity(self.address, chain.chain_id),
            auth=self.auth,
            dispatcher=self.dispatcher,
            committee=self.countersigner,
            status=self.status,
            labeling=LabelDesk(sessions, store, jobs, self.escrow_domain),
        )
        self.label_carry = LabelCarryOver.attach(self)  # label answers mirrored by followers, kept by a takeover
        scores = self.scores
        self.app.state.eligibility = Eligibility(scores.selection, NodeMetadata(chain, store), lambda: scores.epoch)
        self._threads: list[threading.Thread] = []
        self._server: uvicorn.Server | None = None
        self._waker: NewHeadsWaker | None = None
        self.scheduler: BackgroundScheduler | None = None

    # ------------------------------------------------------------ what callers ask of one oracle

    def members(self) -> list[str]:
        """OracleCommittee's signers, in its order (the leader rotation)."""
        return self.committee.members()

    def threshold(self) -> int:
        return self.committee.threshold()

    def job_status(self, job_id: int) -> JobStatus | None:
        return self.status.job_status(job_id)

    @property
    def url(self) -> str:
        return f"http://{self.config.api_host}:{self.config.api_port}"

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Serve the API and run the follower, intake, judging and scheduler threads."""
        server = uvicorn.Server(
            uvicorn.Config(
                self.app, host=self.config.api_host, port=self.config.api_port, log_level="warning", lifespan="on"
            )
        )
        self._server = server
        self._spawn(server.run, "api")
        self._spawn(lambda: self.follower.run(self._stop, after_poll=lambda _n: self.intake.wake()), "follower")
        self._spawn(lambda: self.judge.run(self._stop), "advance")
        self._spawn(lambda: self.intake.run(self._stop), "intake")
        ws_url = self.config.ws_url
        if ws_url == "auto":
            ws_url = ws_url_for(self.config.rpc_url) if self.config.rpc_url else None
        if ws_url:
            self._waker = NewHeadsWaker(ws_url, self.follower.wake)
            self._waker.start()
        self.scheduler = self._schedule()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"oracle API did not start on {self.config.api_host}:{self.config.api_port}")
            time.sleep(0.02)
        log.info(
            "oracle started", extra={"oracle": self.config.name, "address": self.address, "port": self.config.api_port}
        )

    def _schedule(self) -> BackgroundScheduler:
        """The periodic work: lease expiry every second; judging catch-up, the deadline watch and settlement
        retries every five poll intervals; the leader watch (failover) at once (a restarted leader whose job was
        taken over steps down before it leases much) and then four times per takeover bound."""
        # a periodic job still running when its next turn comes is skipped; that is expected, not a warning
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        scheduler = BackgroundScheduler(daemon=True)
        period = 5 * self.config.poll_interval
        jobs: list[tuple[Callable[[], object], float, str]] = [
            (self.dispatcher.expire_leases, 1.0, "expire"),
            (self.advancer.advance_all, period, "advance_all"),
            (self.deadlines.watch, period, "deadlines"),
            (self.settler.settle_pending, period, "settle"),
            (self.fees.run_once, self.config.fee_claim_seconds, "fees"),
            (self.scores.refresh_quietly, min(max(sentry_epoch_seconds(self.chain) / 4, 1.0), 300.0), "scores"),
            (self.failover.check, min(max(self.config.leader_takeover_after_s / 4, 0.5), 10.0), "failover"),
        ]
        for target, seconds, name in jobs:
            first = {"next_run_time": datetime.now()} if name == "failover" else {}
            scheduler.add_job(target, "interval", seconds=seconds, id=name, max_instances=1, coalesce=True, **first)
        scheduler.start()
        return scheduler

    def _spawn(self, target: Callable[[], object], name: str) -> None:
        thread = threading.Thread(target=target, name=f"{self.config.name}-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.judge.wake()
        self.follower.wake()
        if self._waker is not None:
            self._waker.stop()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self._server is not None:
            self._server.should_exit = True
        for thread in self._threads:
            thread.join(timeout=10)
        for part in (self.auth, self.failover, self.label_carry):
            part.close()
        self.engine.dispose()
