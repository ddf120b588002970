"""The sentry service (``gpuhive sentry run``): probe every registered worker at random times each epoch,
post one attestation root per epoch, and jail the absent once a quorum of sentries' roots carries their
canonical OFFLINE leaf.

One loop, driven by ``tick()`` (tests call it directly; ``run()`` calls it every ``poll_interval``):

1. ``discover``: WorkerRegistry's NodeRegistered / NodeUpdated logs, followed by ``protocol/follower.py``
   (persisted cursor, ``confirmations`` deep, a reorg rewinds the rows of the replaced blocks), give the
   workers and their metadata CIDs (whose JSON names the probe URL, ``sentry_url``, and the claimed GPUs).
2. ``probe_due``: each epoch every worker gets ``probes_per_epoch`` probes at times drawn uniformly from
   the first 90 % of the epoch (a worker cannot know when to be up); each result is a row in SQL. A sentry
   that starts or restarts mid-epoch draws the probes still owed over the rest of that window, and probes a
   slow tick left behind when the epoch turned are made at the next tick for their own epoch, so no
   epoch's evidence is lost to a late start or a busy machine.
3. ``close_epochs``: once an epoch is over, its attestation file (every probe) goes to the store and its
   root on-chain, exactly once: the (root, CID) pair is recorded before sending, and a restarted sentry
   that finds its root already on-chain only marks it posted.
4. ``try_jails``: for each worker this sentry saw OFFLINE in a posted epoch still inside the evidence
   window, read the other sentries' AttestationPosted files, verify each against its root, and submit
   ``jail`` when the sentries holding the identical OFFLINE leaf meet the contract's count and stake rules.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from statistics import median_low
from typing import Any

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker
from web3 import Web3

from oracles.sentry.attestation import AttestationError, build_file, jail_proof, read_verified
from oracles.sentry.gpu_class import DEFAULT_CLASSES, GpuClass, claimed_class, mismatched
from oracles.sentry.probe import ProbeResult, probe_worker
from oracles.sentry.state import JailRow, PostRow, ProbeRow, SentryBase, WorkerEventRow
from protocol.chain import ChainClient, ChainError
from protocol.contracts import Role
from protocol.eip712 import Domain
from protocol.follower import ChainFollower, DecodedEvent, EventTable, create_follower_tables, on_
from protocol.sentry_leaf import FLAG_CLASS_MISMATCH, sorted_by_address

log = logging.getLogger(__name__)

METADATA_MAX_BYTES = 16_384


@dataclass
class SentrySettings:
    probes_per_epoch: int = 4
    probe_n: int = 256
    probe_timeout: float = 20.0
    concurrency: int = 8
    max_block_range: int = 2_000
    confirmations: int = 2  # blocks deep before a registry event counts (a reorg rewinds what it replaced)
    seed: int | None = None  # probe times (tests); None: the system's randomness
    gpu_classes: tuple[GpuClass, ...] = DEFAULT_CLASSES


class SentryMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.probes = Counter("gpuhive_sentry_probes", "Probes made", ["outcome"], registry=self.registry)
        self.posts = Counter("gpuhive_sentry_posts", "Attestation roots posted", registry=self.registry)
        self.jails = Counter("gpuhive_sentry_jails", "Jails submitted", ["outcome"], registry=self.registry)
        self.workers = Gauge("gpuhive_sentry_workers", "Workers followed", registry=self.registry)
        self.epoch = Gauge("gpuhive_sentry_epoch", "The current epoch", registry=self.registry)
        self._server: Any = None

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        if port:
            self._server, _ = start_http_server(port, addr=host, registry=self.registry)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None


@dataclass
class _Plan:
    epoch: int
    due: list[tuple[float, str]] = field(default_factory=list)  # (unix time, worker), ascending


class ChainClock:
    """Now, by the chain: the latest block's timestamp plus the wall time since that block was first seen
    (anvil mines only on transactions, and a test may have moved its clock), so epochs are the contract's."""

    def __init__(self, w3: Web3) -> None:
        self.w3 = w3
        self._seen: tuple[int, float, int] | None = None  # (block number, wall time first seen, timestamp)

    def __call__(self) -> float:
        block = self.w3.eth.get_block("latest")
        wall = time.time()
        if self._seen is None or self._seen[0] != block["number"]:
            self._seen = (block["number"], wall, int(block["timestamp"]))
        return self._seen[2] + (wall - self._seen[1])


class SentryService:
    def __init__(
        self,
        chain: ChainClient,
        store: Any,
        engine: Engine,
        settings: SentrySettings | None = None,
        *,
        clock: Any = None,
    ) -> None:
        if chain.account is None:
            raise ValueError("the sentry service needs a signing key")
        self.chain = chain
        self.store = store
        self.engine = engine
        self.settings = settings or SentrySettings()
        self.clock = clock or ChainClock(chain.w3)
        self.address = Web3.to_checksum_address(chain.account.address)
        self.metrics = SentryMetrics()
        self.board = chain.sentry
        self.genesis = int(self.board.functions.genesis().call())
        self.epoch_length = int(self.board.functions.epoch_length().call())
        self.registry_domain = Domain(chain.chain_id, chain.registry.address)
        self._rng = random.Random(self.settings.seed) if self.settings.seed is not None else random.SystemRandom()
        self._plan: _Plan | None = None
        self._metadata: dict[str, dict] = {}
        self._http = httpx.Client(timeout=self.settings.probe_timeout)
        self._pool = ThreadPoolExecutor(max_workers=self.settings.concurrency, thread_name_prefix="sentry-probe")
        self._stop = threading.Event()
        SentryBase.metadata.create_all(engine)
        create_follower_tables(engine)
        self.follower = ChainFollower(
            chain,
            sessionmaker(engine),
            EventTable(self, rewind=self._rewind),
            confirmations=self.settings.confirmations,
            max_block_range=self.settings.max_block_range,
            stream="sentry-registry",
            contracts=[chain.registry],
        )

    # ------------------------------------------------------------ time

    def epoch_at(self, t: float) -> int:
        return max(0, int(t - self.genesis) // self.epoch_length)

    def epoch_start(self, epoch: int) -> int:
        return self.genesis + epoch * self.epoch_length

    # ------------------------------------------------------------ the loop

    def tick(self) -> None:
        now = self.clock()
        self.metrics.epoch.set(self.epoch_at(now))
        self.discover()
        self.probe_due(now)
        self.close_epochs(now)
        self.try_jails(now)

    def run(self, poll_interval: float = 1.0, metrics_port: int = 0) -> None:
        self.metrics.serve(metrics_port)
        log.info("sentry running", extra={"sentry": self.address, "epoch_length": self.epoch_length})
        try:
            while not self._stop.is_set():
                try:
                    self.tick()
                except (ChainError, httpx.HTTPError, OSError) as exc:
                    log.warning("sentry tick failed; retrying", extra={"error": str(exc)[:300]})
                self._stop.wait(poll_interval)
        finally:
            self.close()

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._http.close()
        self.metrics.stop()

    # ------------------------------------------------------------ 1. workers

    def discover(self) -> None:
        """Follow WorkerRegistry's events ``confirmations`` blocks deep, rewinding on a reorg."""
        self.follower.poll_once()
        self.metrics.workers.set(len(self.workers()))

    @on_("NodeRegistered")
    def _registered(self, event: DecodedEvent, db: Session) -> None:
        if event.args["role"] == Role.WORKER:
            self._worker_event(event, db)

    @on_("NodeUpdated")
    def _updated(self, event: DecodedEvent, db: Session) -> None:
        node = Web3.to_checksum_address(event.args["node"])
        if db.scalars(select(WorkerEventRow.block).where(WorkerEventRow.worker == node).limit(1)).first() is not None:
            self._worker_event(event, db)

    def _worker_event(self, event: DecodedEvent, db: Session) -> None:
        node = Web3.to_checksum_address(event.args["node"])
        db.add(
            WorkerEventRow(
                block=event.block_number,
                log_index=event.log_index,
                worker=node,
                metadata_cid=str(event.args["metadata_cid"])[:128],
            )
        )
        self._metadata.pop(node, None)

    def _rewind(self, fork_block: int, db: Session) -> None:
        db.execute(delete(WorkerEventRow).where(WorkerEventRow.block >= fork_block))
        self._metadata.clear()
        log.warning("reorg: worker events rewound", extra={"fork_block": fork_block})

    def workers(self) -> list[str]:
        with Session(self.engine) as db:
            return list(db.scalars(select(WorkerEventRow.worker).distinct().order_by(WorkerEventRow.worker)).all())

    def _metadata_cid(self, worker: str) -> str:
        with Session(self.engine) as db:
            latest = db.scalars(
                select(WorkerEventRow.metadata_cid)
                .where(WorkerEventRow.worker == worker)
                .order_by(WorkerEventRow.block.desc(), WorkerEventRow.log_index.desc())
                .limit(1)
            ).first()
        return latest or ""

    def metadata_of(self, worker: str) -> dict:
        """``worker``'s node metadata document (by the registry's CID, at most METADATA_MAX_BYTES), cached
        until the worker updates it; {} when it has none or it does not parse."""
        if worker in self._metadata:
            return self._metadata[worker]
        cid = self._metadata_cid(worker)
        doc: Any = {}
        if cid:
            try:
                doc = json.loads(self.store.get_bytes(cid, max_bytes=METADATA_MAX_BYTES))
            except (ValueError, OSError) as exc:
                log.info("unreadable node metadata", extra={"worker": worker, "error": str(exc)[:200]})
        self._metadata[worker] = doc if isinstance(doc, dict) else {}
        return self._metadata[worker]

    def url_of(self, worker: str) -> str | None:
        candidate = self.metadata_of(worker).get("sentry_url")
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate[:200]
        return None

    def class_flags(self, probes: dict[str, list[ProbeResult]]) -> dict[str, int]:
        """FLAG_CLASS_MISMATCH for each worker whose epoch score (the leaf's: median of the answered probes)
        is outside the range of the GPU class its metadata claims (``oracles/sentry/gpu_class.py``)."""
        flags = {}
        for worker, mine in probes.items():
            answered = [p.score for p in mine if p.answered]
            cls = claimed_class(self.metadata_of(worker), self.settings.gpu_classes)
            if answered and mismatched(cls, median_low(answered)):
                flags[worker] = FLAG_CLASS_MISMATCH
                log.info("worker below its claimed class", extra={"worker": worker, "class": cls.name})
        return flags

    # ------------------------------------------------------------ 2. probes

    def _plan_for(self, epoch: int, now: float) -> _Plan:
        """Each worker's probes of ``epoch`` at random times in the epoch's first 90 %. A sentry that starts
        (or restarts) mid-epoch draws the probes each worker is still owed (the ones made are in SQL) over
        what is left of that window, so its first epoch has evidence on every worker; past the window it
        probes no one until the next epoch."""
        if self._plan is None or self._plan.epoch != epoch:
            start = self.epoch_start(epoch)
            end = start + 0.9 * self.epoch_length
            begin = min(max(float(start), now), end)
            with Session(self.engine) as db:
                made = dict(
                    db.execute(
                        select(ProbeRow.worker, func.count()).where(ProbeRow.epoch == epoch).group_by(ProbeRow.worker)
                    ).all()
                )
            due = (
                [
                    (self._rng.uniform(begin, end), worker)
                    for worker in self.workers()
                    for _ in range(max(0, self.settings.probes_per_epoch - made.get(worker, 0)))
                ]
                if end - begin > 0
                else []
            )
            self._plan = _Plan(epoch, sorted(due))
            log.info(
                "epoch planned",
                extra={"epoch": epoch, "probes": len(due), "from": round(begin - start, 1), "made": sum(made.values())},
            )
        return self._plan

    def probe_due(self, now: float) -> list[ProbeResult]:
        epoch = self.epoch_at(now)
        due: list[tuple[int, str]] = []
        old = self._plan
        if old is not None and old.epoch == epoch - 1:
            # probes of the epoch just over that a slow tick left behind: made now, still for that epoch
            # (its post comes after them), instead of dropped with the old plan
            due = [(old.epoch, worker) for _, worker in old.due]
            old.due = []
        plan = self._plan_for(epoch, now)
        ready = [d for d in plan.due if d[0] <= now]
        plan.due = plan.due[len(ready) :]
        due += [(epoch, worker) for _, worker in ready]
        results = list(self._pool.map(lambda d: self._probe(d[1], d[0]), due))
        with Session(self.engine) as db:
            for r in results:
                db.add(ProbeRow(**r.as_dict()))
                self.metrics.probes.labels(outcome="answered" if r.answered else "missed").inc()
            db.commit()
        return results

    def _probe(self, worker: str, epoch: int) -> ProbeResult:
        url = self.url_of(worker)
        if not url:
            return ProbeResult(worker, epoch, time.time(), False, error="no sentry_url in the node metadata")
        return probe_worker(self._http, url, worker, self.address, epoch, self.registry_domain, n=self.settings.probe_n)

    # ------------------------------------------------------------ 3. posts

    def close_epochs(self, now: float) -> None:
        current = self.epoch_at(now)
        if current == 0:
            return
        epoch = current - 1  # only the epoch just over can still be posted
        with Session(self.engine) as db:
            post = db.get(PostRow, epoch)
            if post is not None and post.posted:
                return
            if post is None:
                rows = db.scalars(select(ProbeRow).where(ProbeRow.epoch == epoch)).all()
                if not rows:
                    return
                probes: dict[str, list[ProbeResult]] = {}
                for r in rows:
                    probes.setdefault(r.worker, []).append(
                        ProbeResult(r.worker, r.epoch, r.at, r.answered, r.seconds, r.score, r.error)
                    )
                built = build_file(
                    self.address, epoch, self.chain.chain_id, self.board.address, probes, self.class_flags(probes)
                )
                cid = self.store.put_bytes(built.to_bytes())
                post = PostRow(epoch=epoch, root="0x" + built.tree().root.hex(), cid=cid, posted=False)
                db.add(post)
                offline = [leaf.worker for leaf in built.leaves() if leaf.offline]
                log.info("attestation built", extra={"epoch": epoch, "workers": len(built.workers), "offline": offline})
                db.commit()  # recorded before sending: a crash from here on resends the same root, once
            root = bytes.fromhex(post.root.removeprefix("0x"))
            if bytes(self.board.functions.roots(epoch, self.address).call()) == root:
                post.posted = True  # sent before a crash, mined after it
            else:
                receipt = self.chain.transact(self.board.functions.post(epoch, root, post.cid))
                post.posted, post.tx_hash = True, receipt["transactionHash"].to_0x_hex()
                self.metrics.posts.inc()
                log.info("attestation posted", extra={"epoch": epoch, "cid": post.cid, "root": post.root})
            db.commit()

    # ------------------------------------------------------------ 4. jails

    def try_jails(self, now: float) -> None:
        current = self.epoch_at(now)
        window = int(self.board.functions.evidence_epochs().call())
        with Session(self.engine) as db:
            posts = db.scalars(select(PostRow).where(PostRow.posted, PostRow.epoch + window >= current)).all()
            for post in posts:
                mine, tree = read_verified(self.store, post.cid, bytes.fromhex(post.root.removeprefix("0x")))
                for leaf in mine.leaves():
                    if not leaf.offline or db.get(JailRow, (leaf.worker, post.epoch)) is not None:
                        continue
                    outcome = self.jail_if_quorum(leaf.worker, post.epoch)
                    if outcome is not None:
                        db.add(JailRow(worker=leaf.worker, epoch=post.epoch, outcome=outcome[:300]))
                        db.commit()

    def evidence(self, worker: str, epoch: int) -> dict[str, list[bytes]]:
        """Every sentry whose posted, verified file for ``epoch`` holds ``worker``'s OFFLINE leaf: its proof."""
        found: dict[str, list[bytes]] = {}
        head = self.chain.head_number()
        start = max(0, self.chain.deployment.contracts["SentryAttestations"].block)
        logs = self.board.events.AttestationPosted.get_logs(
            from_block=start, to_block=head, argument_filters={"epoch": epoch}
        )
        for entry in logs:
            sentry = Web3.to_checksum_address(entry["args"]["sentry"])
            try:
                _, tree = read_verified(
                    self.store, entry["args"]["cid"], bytes(entry["args"]["root"]), sentry=sentry, epoch=epoch
                )
            except (AttestationError, ValueError, OSError) as exc:
                log.info("unusable attestation file", extra={"sentry": sentry, "error": str(exc)[:200]})
                continue
            proof = jail_proof(tree, worker, epoch)
            if proof is not None:
                found[sentry] = proof
        return found

    def jail_if_quorum(self, worker: str, epoch: int) -> str | None:
        """Submit ``jail`` if the evidence meets the contract's rules; the outcome, or None to retry later."""
        if self.board.functions.jailed_for_epoch(worker, epoch).call():
            return "already jailed"
        registry = self.chain.registry
        minimum = int(registry.functions.min_stake(Role.WORKER).call())
        stakes = {}
        proofs = self.evidence(worker, epoch)
        for sentry in proofs:
            stake = int(registry.functions.stake_of(sentry).call())
            if stake >= minimum and self.chain.is_eligible(sentry, Role.SENTRY):
                stakes[sentry] = stake
        total = sum(stakes.values())
        quorum = int(self.board.functions.quorum().call())
        needed = max(int(self.board.functions.stake_quorum().call()), int(registry.functions.stake_of(worker).call()))
        if len(stakes) < quorum or total < needed:
            return None  # not (yet) enough sentries: other roots may still come
        sentries = sorted_by_address(list(stakes))
        try:
            receipt = self.chain.transact(
                self.board.functions.jail(worker, epoch, sentries, [proofs[s] for s in sentries])
            )
        except ChainError as exc:
            self.metrics.jails.labels(outcome="refused").inc()
            return f"refused: {exc.reason or exc}"
        self.metrics.jails.labels(outcome="jailed").inc()
        log.info("worker jailed", extra={"worker": worker, "epoch": epoch, "sentries": sentries})
        return f"jailed in {receipt['transactionHash'].to_0x_hex()}"
