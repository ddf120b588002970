"""The indexer: the chain follower's handler that writes the explorer's index.

``protocol.follower.ChainFollower`` reads JobEscrow, WorkerRegistry and OracleCommittee logs from the
deployment's start block, ``confirmations`` deep, each range in one transaction, exactly once per log,
and calls ``on_rewind`` on a reorg. ``Indexer.on_event`` stores the event (``IndexedEvent``, its
arguments bounded: strings cut at 128 characters, as the contracts' ``String[128]``; ids above
BIGINT kept in the feed but tied to no job) and hands it to every projection with a handler for its
name. ``on_rewind`` deletes the events of the rewound blocks, then rebuilds every job, node and the
committee they touched by replaying the events left, so the index always equals a fresh indexing of
the canonical chain.

Block times come from the log's ``blockTimestamp`` where the node sends it (anvil, recent geth), else
from one ``eth_getBlockByNumber`` per block (cached).
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, Table, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from frontend_api.indexer import gas
from frontend_api.indexer.models import (
    INT64_MAX,
    EventRecord,
    IndexBase,
    IndexedEvent,
    IndexedJob,
    IndexedWorker,
    IndexRewind,
)
from frontend_api.indexer.projections import (
    JobProjection,
    NetworkProjection,
    WorkerProjection,
    add_totals,
    job_totals,
    node_totals,
    peek,
    write_pending,
)
from frontend_api.indexer.zk_proofs import ZkProofProjection
from protocol.chain import ChainClient
from protocol.follower import ChainFollower, DecodedEvent, create_follower_tables, handlers_of
from protocol.sqldb import make_engine

log = logging.getLogger(__name__)
Row = TypeVar("Row", IndexedJob, IndexedWorker)  # a row whose share of the network totals a handler changes

DEFAULT_DATABASE = Path.home() / ".gpuhive" / "web" / "index.db"
INDEXED_CONTRACTS = ("JobEscrow", "WorkerRegistry", "OracleCommittee", "SentryAttestations", "ProofRegistry")
OPTIONAL_CONTRACTS = ("ProofRegistry",)  # indexed when the deployment has it (zk_proofs)
STREAM = "index"
PENDING = "index_pending_events"  # Session.info key: the range's records, inserted by on_range_end
MAX_STRING = 128  # the contracts' String[128]
CREATIONS = ("JobCreated", "NodeRegistered")  # their row cannot exist before (see projections._seen)
ACCOUNT_ARGS = (
    "node",
    "worker",
    "signer",
    "requester",
    "treasury",
    "slasher",
    "sentry",
)  # who an event is about, in order


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_DATABASE}"


def open_index(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """The index database at ``url`` (SQLite path URL or PostgreSQL), its tables created."""
    engine = make_engine(url)
    IndexBase.metadata.create_all(engine)
    create_follower_tables(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


class Indexer:
    """The follower's handler for the explorer (see the module docstring)."""

    def __init__(self, block_time: Callable[[int], int | None] | None = None) -> None:
        self.jobs = JobProjection()
        self.workers = WorkerProjection()
        self.network = NetworkProjection()
        self.proofs = ZkProofProjection()  # keyed on job_id like the job's own rows: rewound with them
        self._job_handlers = handlers_of(self.jobs, self.proofs)
        self._worker_handlers = handlers_of(self.workers)
        self._network_handlers = handlers_of(self.network)
        self._block_time = block_time
        self._times: OrderedDict[int, int | None] = OrderedDict()
        self._contracts: dict[str, str] = {}

    # -- wiring ----------------------------------------------------------------------------------

    def follower(self, client: ChainClient, sessions: sessionmaker[Session], **settings: Any) -> ChainFollower:
        """A ChainFollower over the three indexed contracts feeding this indexer (``settings``: confirmations,
        poll_interval, max_block_range, start_block, ...)."""
        names = [n for n in INDEXED_CONTRACTS if n in client.contracts or n not in OPTIONAL_CONTRACTS]
        contracts = [client.contracts[name] for name in names]
        self._contracts = {c.address.lower(): name for name, c in zip(names, contracts, strict=True)}
        if self._block_time is None:
            self._block_time = lambda number: b.timestamp if (b := client.block(number)) else None
        return ChainFollower(client, sessions, self, stream=STREAM, contracts=contracts, **settings)

    # -- the follower's handler --------------------------------------------------------------------

    def on_event(self, event: DecodedEvent, session: Session) -> None:
        with session.no_autoflush:  # a range's rows go in at its commit, in batches (projections._get)
            record = self.record(event)
            session.info.setdefault(PENDING, []).append(record)
            self.apply(record, session)

    def write(self, events: Iterable[DecodedEvent], session: Session) -> None:
        """Index ``events`` (in chain order) as the follower would in one range, without a chain: for
        hand-filled indexes (tests, the benchmark's read-API data)."""
        for event in events:
            self.on_event(event, session)
        self.on_range_end(session)

    def on_range_end(self, session: Session) -> None:
        """Insert the range's event rows in one batch (before the derived rows are flushed at the commit)."""
        pending = session.info.pop(PENDING, [])
        if pending:
            rows = [record.row() for record in pending]
            session.connection().execute(
                insert(cast(Table, IndexedEvent.__table__)), rows
            )  # Core: the ORM's bulk path costs more
        write_pending(session)

    def on_rewind(self, fork_block: int, session: Session) -> None:
        gone = session.scalars(select(IndexedEvent).where(IndexedEvent.block_number >= fork_block)).all()
        if not gone:
            return
        jobs = {e.job_id for e in gone if e.name in self._job_handlers and e.job_id is not None}
        nodes = {e.account for e in gone if e.name in self._worker_handlers and e.account is not None}
        network = any(e.name in self._network_handlers for e in gone)
        last_id = max(e.id for e in gone)
        session.execute(delete(IndexedEvent).where(IndexedEvent.block_number >= fork_block))
        session.flush()
        if jobs:
            self._forget_totals(session, IndexedJob, jobs, job_totals)
            self.jobs.forget(jobs, session)
            self.proofs.forget(jobs, session)
            self._replay(session, self._job_handlers, IndexedEvent.job_id.in_(jobs))
        if nodes:
            self._forget_totals(session, IndexedWorker, nodes, node_totals)
            self.workers.forget(nodes, session)
            self._replay(session, self._worker_handlers, IndexedEvent.account.in_(nodes))
        if network:
            self.network.forget(session)
            self._replay(session, self._network_handlers, None)
        write_pending(session)
        gas.forget(session, fork_block)
        session.add(IndexRewind(fork_block=fork_block, events_removed=len(gone), last_event_id=last_id))
        log.warning(
            "index rewound",
            extra={"fork_block": fork_block, "events": len(gone), "jobs": len(jobs), "nodes": len(nodes)},
        )

    # -- recording and applying --------------------------------------------------------------------

    def record(self, event: DecodedEvent) -> EventRecord:
        """The stored form of ``event``: arguments as bounded JSON, its job and account copied out."""
        args = {key: _jsonable(value) for key, value in event.args.items()}
        job_id = int(args["job_id"]) if "job_id" in args else None
        if job_id is not None and job_id > INT64_MAX:
            log.warning("job id beyond the index's range; kept in the feed only", extra={"job_id": str(job_id)})
            job_id = None
        account = next((args[k] for k in ACCOUNT_ARGS if isinstance(args.get(k), str)), None)
        return EventRecord(
            args=args,
            block_number=event.block_number,
            block_time=event.block_timestamp
            if event.block_timestamp is not None
            else self._time_of(event.block_number),
            tx_hash=event.tx_hash,
            log_index=event.log_index,
            contract=self._contracts.get(event.address.lower(), event.address[:32]),
            name=event.name[:32],
            job_id=job_id,
            account=account[:42] if account else None,
            args_json=json.dumps(args, separators=(",", ":")),
        )

    def apply(self, row: IndexedEvent | EventRecord, session: Session) -> None:
        """Hand an event to every projection that handles its name."""
        for handlers in (self._job_handlers, self._worker_handlers, self._network_handlers):
            if row.name in handlers:
                self._handle(handlers, row, session)

    def _handle(self, handlers: dict[str, Any], row: IndexedEvent | EventRecord, session: Session) -> None:
        """One projection's handler, with the change it makes to its row's share of the network totals."""
        if handlers is self._job_handlers and row.job_id is not None:
            self._handle_counted(handlers, row, session, IndexedJob, row.job_id, job_totals)
        elif handlers is self._worker_handlers and row.account is not None:
            self._handle_counted(handlers, row, session, IndexedWorker, row.account, node_totals)
        else:
            handlers[row.name](row, session)

    @staticmethod
    def _handle_counted(
        handlers: dict[str, Any],
        row: IndexedEvent | EventRecord,
        session: Session,
        model: type[Row],
        key: object,
        totals: Callable[[Row | None], dict[str, int]],
    ) -> None:
        before = totals(peek(session, model, key, cached_only=row.name in CREATIONS))
        handlers[row.name](row, session)
        add_totals(session, before, totals(peek(session, model, key, cached_only=True)))

    def _forget_totals(self, session: Session, model: Any, keys: set[Any], totals: Any) -> None:
        column = model.job_id if model is IndexedJob else model.address
        for row in session.scalars(select(model).where(column.in_(keys))):
            add_totals(session, totals(row), {})

    def _replay(self, session: Session, handlers: dict[str, Any], where: Any) -> None:
        query = select(IndexedEvent).where(IndexedEvent.name.in_(handlers)).order_by(IndexedEvent.id)
        for row in session.scalars(query if where is None else query.where(where)).all():
            self._handle(handlers, row, session)
            session.flush()

    def _time_of(self, number: int) -> int | None:
        if number not in self._times:
            self._times[number] = self._block_time(number) if self._block_time else None
            if len(self._times) > 4_096:
                self._times.popitem(last=False)
        return self._times[number]


class IndexerThread:
    """Runs a follower feeding an ``Indexer`` in a daemon thread until ``stop()``."""

    def __init__(self, follower: ChainFollower) -> None:
        self.follower = follower
        self._stop = threading.Event()
        self._thread = threading.Thread(target=follower.run, args=(self._stop,), name="indexer", daemon=True)

    def start(self) -> IndexerThread:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.follower.wake()
        self._thread.join(timeout)


def event_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(IndexedEvent)) or 0)


def _jsonable(value: Any) -> Any:
    """An event argument as JSON: ints as decimal strings (exact in any client), bytes as 0x-hex, strings cut."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, str):
        return value[:MAX_STRING]
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value[:64]]
    return str(value)[:MAX_STRING]
