"""The read API's response bodies (pydantic). Token amounts are decimal strings in the token's base units
(exact for any uint256 in any client); times are unix seconds of the block; addresses are checksummed."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="rows matching the filters")
    limit: int
    offset: int


class EventOut(BaseModel):
    id: int = Field(description="the feed's id: increasing in chain order, never reused (a stream's Last-Event-ID)")
    block_number: int
    block_time: int | None
    tx_hash: str
    log_index: int
    contract: str
    name: str
    job_id: int | None
    account: str | None = Field(description="the node, worker, signer or requester the event is about")
    args: dict[str, Any] = Field(description="the event's arguments: ints as decimal strings, bytes as 0x-hex")


class EventPage(BaseModel):
    items: list[EventOut]
    next_before: int | None = Field(description="pass as `before` for the next (older) page; null at the end")


class SettlementOut(BaseModel):
    round: int
    payout_root: str
    total_payout: str
    oracle_fee: str
    refund: str
    slashes_hash: str
    result_hash: str
    window_end: int
    block_number: int
    block_time: int | None
    tx_hash: str


class JobOut(BaseModel):
    job_id: int
    requester: str
    state: str = Field(description="open, settled, disputed, rejected or reclaimed (JobEscrow's status)")
    cancel_requested: bool
    budget: str
    num_tasks: int
    spec_cid: str
    spec_hash: str
    deadline: int
    created_block: int
    created_time: int | None
    created_tx: str
    settled_block: int | None = Field(description="block of the standing settlement, reject or reclaim")
    settled_time: int | None
    round: int | None
    payout: str | None = Field(description="total paid to workers by the standing settlement")
    oracle_fee: str | None
    refund: str | None
    window_end: int | None = Field(description="end of the dispute window (or of the resolve time when disputed)")
    dispute_bond: str | None
    dispute_upheld: bool | None
    reject_reason: int | None
    slashed: str = Field(description="stake taken from this job's workers (SlashApplied)")
    slash_count: int
    claimed: str = Field(description="payouts claimed by workers so far")
    refund_claimed: str
    fees_claimed: str
    swept: str


class JobDetail(JobOut):
    settlements: list[SettlementOut]
    events: list[EventOut] = Field(description="the job's events, newest first (at most 200)")


class WorkerOut(BaseModel):
    address: str
    role: int = Field(description="1 worker, 2 sentry (WorkerRegistry)")
    capabilities: str = Field(description="capability bitmask (protocol.contracts.Capability), decimal")
    metadata_cid: str
    staked: str
    unbonding: str
    unbond_ready_at: int
    jailed_until: int
    jailed: bool = Field(description="jailed at the newest indexed block's time")
    slashed: str
    slash_count: int
    earned: str = Field(description="payouts claimed (PayoutClaimed)")
    claims: int
    registered_block: int
    registered_time: int | None


class EarningPoint(BaseModel):
    block_number: int
    block_time: int | None
    job_id: int | None
    amount: str
    cumulative: str


class WorkerDetail(WorkerOut):
    jobs: list[int] = Field(
        description="jobs this worker was paid or slashed in, newest first (at most 200); a payout shows once claimed"
    )
    earnings: list[EarningPoint] = Field(description="claimed payouts over time, oldest first (the last 500)")
    events: list[EventOut] = Field(description="the node's events, newest first (at most 100)")


class CommitteeOut(BaseModel):
    signers: list[str]
    threshold: int | None
    epoch: int | None
    epoch_start: int | None


class NetworkOut(BaseModel):
    workers_registered: int
    workers_eligible: int = Field(
        description="registered workers staking at least the minimum and not jailed at the newest indexed block's "
        "time: who may lease work, not whether they are online: that is the sentries' view, /api/v1/workers/{address}/epochs"
    )
    sentries_registered: int
    total_staked: str = Field(description="active stake of every node")
    total_unbonding: str
    total_slashed: str
    jobs_by_state: dict[str, int]
    jobs_total: int
    budget_locked: str = Field(description="budgets of open and disputed jobs")
    paid_out: str = Field(description="total_payout of every standing settlement (what workers are owed or paid)")
    claimed_by_workers: str
    oracle_fees: str
    refunded: str = Field(description="refunds of settled, disputed, rejected and reclaimed jobs")
    gas_spent: str | None = Field(
        None,
        description="wei paid for gas by every transaction that emitted an indexed event (gasUsed x "
        "effectiveGasPrice from its receipt; reverted transactions and ones without indexed events are not "
        "counted); null before the gas meter has priced any. Receipts are read behind the indexer, so this can "
        "lag the newest events by a few seconds",
    )
    gas_used: int | None = Field(None, description="gas units of the same transactions")
    gas_transactions: int | None = Field(None, description="how many transactions are priced")
    indexed_block: int = Field(description="the newest block the indexer has fully processed")
    indexed_time: int | None
    events_indexed: int


class Root(BaseModel):
    name: str
    api: str
    docs: str
    openapi: str
