"""The explorer's index: SQL tables derived from the contracts' events only (JobEscrow, WorkerRegistry,
OracleCommittee), on a declarative base of their own (``IndexBase``).

``IndexedEvent`` keeps every indexed event (the feed, and the record every other table is derived
from: a reorg rewind deletes the events of the rewound blocks and rebuilds the jobs, workers and
committee they touched from the events left). Token amounts are ``Amount``: exact Python ints stored
as 78-digit zero-padded decimal strings, so SQLite and PostgreSQL hold any uint256 without rounding
and string order is numeric order (``ORDER BY staked``, ``staked >= min_stake`` work in SQL; sums are
taken in Python).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import BigInteger, Boolean, Dialect, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

UINT256_DIGITS = 78  # len(str(2**256 - 1))
INT64_MAX = 2**63 - 1


class Amount(TypeDecorator[int]):
    """A non-negative int of up to 78 digits, stored as a zero-padded string (exact, and ordered)."""

    impl = String(UINT256_DIGITS)
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not 0 <= value < 10**UINT256_DIGITS:
            raise ValueError(f"amount out of range: {value}")
        return str(value).zfill(UINT256_DIGITS)

    def process_result_value(self, value: str | None, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


class IndexBase(DeclarativeBase):
    pass


class IndexedEvent(IndexBase):
    """One contract event as indexed: the feed (newest first by ``id``) and the source of every other table.

    ``args`` is JSON with ints as decimal strings and bytes as 0x-hex; ``job_id`` and ``account`` (the
    node, worker, signer or requester the event is about) are copied out for lookups."""

    __tablename__ = "index_events"
    __table_args__ = (
        UniqueConstraint("tx_hash", "log_index", name="uq_index_events_log"),
        Index("ix_index_events_account_name", "account", "name"),
        {"sqlite_autoincrement": True},  # ids never reused after a rewind: a stream's Last-Event-ID stays valid
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    block_time: Mapped[int | None] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))
    log_index: Mapped[int] = mapped_column(Integer)
    contract: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    account: Mapped[str | None] = mapped_column(String(42))
    args_json: Mapped[str] = mapped_column(Text)

    @property
    def args(self) -> dict[str, Any]:
        cached = self.__dict__.get("_args")
        if cached is None:
            cached = json.loads(self.args_json)
            self.__dict__["_args"] = cached
        return cached


class EventRecord:
    """An event about to be stored (the same fields as ``IndexedEvent``, without the ORM's bookkeeping): what
    the projections read while a range is indexed; its row is inserted with the range's other events in
    one batch (``Indexer.on_range_end``)."""

    __slots__ = (
        "block_number",
        "block_time",
        "tx_hash",
        "log_index",
        "contract",
        "name",
        "job_id",
        "account",
        "args_json",
        "args",
    )
    block_number: int
    block_time: int | None
    tx_hash: str
    log_index: int
    contract: str
    name: str
    job_id: int | None
    account: str | None
    args_json: str
    args: dict[str, Any]

    def __init__(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)

    def row(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__slots__ if key != "args"}


class IndexedJob(IndexBase):
    """A job as its JobEscrow events left it. ``state``: open, settled, disputed, rejected, reclaimed."""

    __tablename__ = "index_jobs"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    requester: Mapped[str] = mapped_column(String(42), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    budget: Mapped[int] = mapped_column(Amount)
    num_tasks: Mapped[int] = mapped_column(BigInteger)
    spec_cid: Mapped[str] = mapped_column(String(128))
    spec_hash: Mapped[str] = mapped_column(String(66))
    deadline: Mapped[int] = mapped_column(BigInteger)
    created_block: Mapped[int] = mapped_column(BigInteger)
    created_time: Mapped[int | None] = mapped_column(BigInteger)
    created_tx: Mapped[str] = mapped_column(String(66))
    settled_block: Mapped[int | None] = mapped_column(BigInteger)
    settled_time: Mapped[int | None] = mapped_column(BigInteger)
    round: Mapped[int | None] = mapped_column(Integer)
    payout: Mapped[int | None] = mapped_column(Amount)  # total_payout of the standing settlement
    oracle_fee: Mapped[int | None] = mapped_column(Amount)
    refund: Mapped[int | None] = mapped_column(Amount)  # settlement's refund, or the reject/reclaim refund
    window_end: Mapped[int | None] = mapped_column(BigInteger)
    dispute_bond: Mapped[int | None] = mapped_column(Amount)
    dispute_upheld: Mapped[bool | None] = mapped_column(Boolean)
    reject_reason: Mapped[int | None] = mapped_column(Integer)
    slashed: Mapped[int] = mapped_column(Amount, default=0)  # SlashApplied: taken from workers' stakes
    slash_count: Mapped[int] = mapped_column(Integer, default=0)
    claimed: Mapped[int] = mapped_column(Amount, default=0)  # PayoutClaimed
    refund_claimed: Mapped[int] = mapped_column(Amount, default=0)
    fees_claimed: Mapped[int] = mapped_column(Amount, default=0)
    swept: Mapped[int] = mapped_column(Amount, default=0)
    updated_block: Mapped[int] = mapped_column(BigInteger)


class IndexedSettlement(IndexBase):
    """One JobSettled (round 0 from ``settle``, round 1 from a dispute's ``resolve``)."""

    __tablename__ = "index_settlements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(BigInteger, index=True)
    round: Mapped[int] = mapped_column(Integer)
    payout_root: Mapped[str] = mapped_column(String(66))
    total_payout: Mapped[int] = mapped_column(Amount)
    oracle_fee: Mapped[int] = mapped_column(Amount)
    refund: Mapped[int] = mapped_column(Amount)
    slashes_hash: Mapped[str] = mapped_column(String(66))
    result_hash: Mapped[str] = mapped_column(String(66))
    window_end: Mapped[int] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_time: Mapped[int | None] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66))


class IndexedWorker(IndexBase):
    """A registry node (worker or sentry) as its WorkerRegistry events and its payout claims left it."""

    __tablename__ = "index_workers"

    address: Mapped[str] = mapped_column(String(42), primary_key=True)
    role: Mapped[int] = mapped_column(Integer, index=True)
    capabilities: Mapped[int] = mapped_column(Amount)
    metadata_cid: Mapped[str] = mapped_column(String(128))
    staked: Mapped[int] = mapped_column(Amount, default=0, index=True)
    unbonding: Mapped[int] = mapped_column(Amount, default=0)
    unbond_ready_at: Mapped[int] = mapped_column(BigInteger, default=0)
    jailed_until: Mapped[int] = mapped_column(BigInteger, default=0)
    slashed: Mapped[int] = mapped_column(Amount, default=0)
    slash_count: Mapped[int] = mapped_column(Integer, default=0)
    earned: Mapped[int] = mapped_column(Amount, default=0)  # payouts claimed (PayoutClaimed)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    registered_block: Mapped[int] = mapped_column(BigInteger, index=True)
    registered_time: Mapped[int | None] = mapped_column(BigInteger)
    updated_block: Mapped[int] = mapped_column(BigInteger)


class CommitteeSigner(IndexBase):
    """A current oracle signer (SignerAdded, not yet SignerRemoved)."""

    __tablename__ = "index_committee_signers"

    address: Mapped[str] = mapped_column(String(42), primary_key=True)
    added_block: Mapped[int] = mapped_column(BigInteger)


class NetworkParam(IndexBase):
    """A network setting read from events: ``threshold``, ``epoch``, ``epoch_start``, ``min_stake_<role>``,
    ``unbonding_period``, ``treasury``. Values are strings (decimal for numbers)."""

    __tablename__ = "index_params"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(80))


class IndexTotal(IndexBase):
    """A network-wide sum kept up to date by the projections (``projections.add_totals``), so the dashboard
    reads a dozen rows instead of summing every job: ``jobs:<state>`` counts, ``jobs:locked``, ``jobs:paid``,
    ``jobs:fees``, ``jobs:claimed``, ``jobs:refunded``, ``nodes:role:<n>``, ``nodes:staked``,
    ``nodes:unbonding``, ``nodes:slashed``; ``gas:used``, ``gas:fees``, ``gas:txs`` (``gas.GasMeter``). A rewind subtracts what it forgets and its replay adds it back."""

    __tablename__ = "index_totals"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Amount)


class IndexedTxFee(IndexBase):
    """What one transaction that emitted indexed events cost in gas, from its receipt (``gas.GasMeter``):
    ``fee`` = gasUsed x effectiveGasPrice, in wei. Deleted with its block by a rewind."""

    __tablename__ = "index_tx_fees"

    tx_hash: Mapped[str] = mapped_column(String(66), primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    gas_used: Mapped[int] = mapped_column(BigInteger)
    fee: Mapped[int] = mapped_column(Amount)


class IndexRewind(IndexBase):
    """A reorg the index was rewound for: events from ``fork_block`` on were deleted (live streams say so)."""

    __tablename__ = "index_rewinds"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fork_block: Mapped[int] = mapped_column(BigInteger)
    events_removed: Mapped[int] = mapped_column(Integer)
    last_event_id: Mapped[int] = mapped_column(Integer)  # the newest event id when it happened


Event = IndexedEvent | EventRecord  # what a projection handler reads
