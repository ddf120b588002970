"""The oracle's worker API, as pydantic models both sides import.

A worker logs in by signing the oracle's challenge (EIP-712 ``Login``) with
its staking key, then leases tasks, heartbeats, and submits a signed
``TaskResult`` or a failure. Checks (render crops, train segment replays)
are leased like tasks; their ``replica`` numbers start at ``CHECK_REPLICA_BASE``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CHECK_REPLICA_BASE = 128
Hex32 = str  # 0x-prefixed 32-byte hex
HEX32_PATTERN = r"^0x[0-9a-fA-F]{64}$"
ADDRESS_PATTERN = r"^0x[0-9a-fA-F]{40}$"
SIGNATURE_PATTERN = r"^0x[0-9a-fA-F]{130}$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Challenge(_Body):
    worker: str = Field(pattern=ADDRESS_PATTERN)
    oracle: str = Field(pattern=ADDRESS_PATTERN, description="The oracle's signer address (part of the signed Login).")
    nonce: str = Field(pattern=HEX32_PATTERN)
    expires: int
    chain_id: int
    registry: str = Field(pattern=ADDRESS_PATTERN, description="verifyingContract of the Login domain.")
    escrow: str = Field(pattern=ADDRESS_PATTERN, description="verifyingContract of the TaskResult domain.")


class LoginRequest(_Body):
    worker: str = Field(pattern=ADDRESS_PATTERN)
    nonce: str = Field(pattern=HEX32_PATTERN)
    expires: int
    signature: str = Field(pattern=SIGNATURE_PATTERN)


class LoginReply(_Body):
    token: str
    expires: int
    capabilities: int


class LeaseRequest(_Body):
    wait_s: float = Field(0.0, ge=0.0, le=30.0, description="Long-poll: wait up to this long for work.")


class Lease(_Body):
    lease_id: str
    job_id: int
    task_index: int
    replica: int
    role: Literal["run", "check"]
    job_kind: Literal["render", "train", "compute", "label", "zk"]
    spec_cid: str
    task: dict[str, Any] = Field(description="protocol.jobspec.slicing.Task.to_json() of the task.")
    inputs: dict[str, Any] = Field(default_factory=dict, description="CIDs the task needs besides the spec.")
    check: dict[str, Any] | None = Field(None, description="What to check: render crops or train segment.")
    urgent: bool = Field(
        False,
        description="A spot check or an added run: results already computed wait on it, "
        "so a worker holding several leases should run it first.",
    )
    expires_at: float
    heartbeat_s: float


class Heartbeat(_Body):
    progress: float = Field(
        0.0, ge=0.0, le=1.0, description="The lease's stage (worker_node/execute.py), not work done."
    )
    fraction: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="The runtime's own completion fraction (render: frames and samples, train: steps); "
        "None when it reports none (compute, zk, an older agent).",
    )


class HeartbeatReply(_Body):
    expires_at: float


class ResultSubmission(_Body):
    digest: str = Field(pattern=HEX32_PATTERN)
    output_cid: str = Field(min_length=8, max_length=128)
    signature: str = Field(pattern=SIGNATURE_PATTERN, description="EIP-712 TaskResult by the worker's key.")


class FailureReport(_Body):
    reason: str = Field(min_length=1, max_length=2_000)


MAX_EXCHANGE = 32  # results, failures or leases in one /v1/work exchange


class ResultReport(ResultSubmission):
    lease_id: str = Field(min_length=1, max_length=64)


class FailureItem(FailureReport):
    lease_id: str = Field(min_length=1, max_length=64)


class WorkRequest(_Body):
    """Report finished leases and ask for more in one round trip (a BOINC-style scheduler request).

    The oracle records every result before it answers; ``want`` leases come back, fewer when the
    queue is short (each worker gets at most its share of what is pending, so the last tasks of a
    job are spread over all workers)."""

    results: list[ResultReport] = Field(default_factory=list, max_length=MAX_EXCHANGE)
    failures: list[FailureItem] = Field(default_factory=list, max_length=MAX_EXCHANGE)
    want: int = Field(1, ge=0, le=MAX_EXCHANGE, description="How many leases to hand out (0: report only).")
    wait_s: float = Field(0.0, ge=0.0, le=30.0, description="Long-poll for work when none is leasable.")


class ItemOutcome(_Body):
    lease_id: str
    status: int = Field(description="200 recorded, else the 4xx the single-lease endpoint would answer.")
    detail: str = ""


class WorkReply(_Body):
    outcomes: list[ItemOutcome] = Field(description="One per reported result, then one per failure, in order.")
    leases: list[Lease]


class Ack(_Body):
    ok: bool = True
    detail: str = ""


class JobStatus(_Body):
    job_id: int
    state: str
    num_tasks: int
    tasks_accepted: int
    tasks_failed: int
    slots_leased: int
    slots_done: int
    manifest_cid: str | None = None
    settle_tx: str | None = None
    error: str | None = None


class SettlementProposal(_Body):
    """What the leader asks a committee member to sign; the member re-derives it before signing."""

    job_id: int
    manifest_cid: str
    settlement: dict[str, Any]
    slashes: list[tuple[str, int]]


class RejectProposal(_Body):
    job_id: int
    reason: int


class SignatureReply(_Body):
    signer: str
    signature: str
