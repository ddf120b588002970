"""What the oracle's HTTP API depends on: the small interfaces it calls, and FastAPI dependencies for them.

``oracles.api.create_app`` is given one object per interface (the real
ones: ``Auth``, ``Dispatcher``, ``Countersigner``, ``OracleStatus``; the unit
tests pass fakes) and keeps them on ``app.state``. Routes ask for them
through the ``Annotated`` aliases below (``AuthDep``, ``CurrentWorker``...),
so a route names what it uses and nothing else.

The dependencies are ``async``: FastAPI awaits them on the event loop,
where a plain ``def`` dependency would cost every request a hop to a thread.

No ``from __future__ import annotations`` here: FastAPI reads these
annotations at run time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from oracles.dispatcher import LeaseError, ResultItem, Submitted
from oracles.wakeups import WorkSignal
from protocol.leases import (
    Challenge,
    JobStatus,
    Lease,
    LoginReply,
    LoginRequest,
    RejectProposal,
    SettlementProposal,
    SignatureReply,
)

MAX_DB_JOB_ID = 2**63 - 1  # job ids are stored as BIGINT; JobEscrow numbers jobs 1, 2, ...


# -- what the API calls ------------------------------------------------------------------------


class WorkerAuth(Protocol):
    """Worker login and sessions (``oracles.auth.Auth``)."""

    def challenge(self, worker: str) -> Challenge: ...
    def login(self, body: LoginRequest) -> LoginReply: ...
    def cached_session(self, token: str) -> tuple[bool, tuple[str, int] | None]: ...
    def session(self, token: str) -> tuple[str, int] | None: ...


class WorkQueue(Protocol):
    """Leases over the slots of running jobs (``oracles.dispatcher.Dispatcher``)."""

    def on_work(self, listener: Callable[[int | None], None]) -> None: ...
    def lease_many(self, worker: str, kinds: tuple[str, ...], want: int) -> list[Lease]: ...
    def submit_many(self, worker: str, items: list[ResultItem]) -> list[Submitted | LeaseError]: ...
    def exchange(
        self, worker: str, items: list[ResultItem], kinds: tuple[str, ...], want: int
    ) -> tuple[list[Submitted | LeaseError], list[Lease]]: ...
    def submit(self, lease_id: str, worker: str, digest: bytes, output_cid: str, signature: bytes) -> Submitted: ...
    def fail(self, lease_id: str, worker: str, reason: str) -> None: ...
    def heartbeat(self, lease_id: str, worker: str, progress: float, fraction: float | None = None) -> float: ...
    def release_worker(self, lease_id: str, worker: str) -> None: ...


class CommitteeMember(Protocol):
    """This member's answer to a leader's proposal (``oracles.countersigning.Countersigner``);
    raises ``oracles.committee.Refused`` to refuse."""

    def countersign_settlement(self, body: SettlementProposal) -> SignatureReply: ...
    def countersign_reject(self, body: RejectProposal) -> SignatureReply: ...


class StatusReport(Protocol):
    """Jobs' progress and the metrics (``oracles.status.OracleStatus``)."""

    def job_status(self, job_id: int) -> JobStatus | None: ...
    def metrics_text(self) -> str: ...


@dataclass(frozen=True)
class OracleIdentity:
    """Who answers: the oracle's signer address and the chain it serves."""

    address: str
    chain_id: int


# -- dependencies ------------------------------------------------------------------------------


async def _identity(request: Request) -> OracleIdentity:
    return request.app.state.identity


async def _auth(request: Request) -> WorkerAuth:
    return request.app.state.auth


async def _dispatcher(request: Request) -> WorkQueue:
    return request.app.state.dispatcher


async def _signal(request: Request) -> WorkSignal:
    return request.app.state.signal


async def _committee(request: Request) -> CommitteeMember:
    return request.app.state.committee


async def _status(request: Request) -> StatusReport:
    return request.app.state.status


IdentityDep = Annotated[OracleIdentity, Depends(_identity)]
AuthDep = Annotated[WorkerAuth, Depends(_auth)]
DispatcherDep = Annotated[WorkQueue, Depends(_dispatcher)]
SignalDep = Annotated[WorkSignal, Depends(_signal)]
CommitteeDep = Annotated[CommitteeMember, Depends(_committee)]
StatusDep = Annotated[StatusReport, Depends(_status)]


async def current_worker(auth: AuthDep, authorization: Annotated[str | None, Header()] = None) -> tuple[str, int]:
    """(worker, capabilities) of the request's bearer token; 401 saying what to do otherwise."""
    # usually a dictionary lookup, answered on the event loop; a database read or an eligibility
    # re-read from the chain goes to a thread, so a slow node never stalls the other requests
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(401, "log in first: POST /v1/auth/login, then send 'Authorization: Bearer <token>'")
    token = authorization.removeprefix("Bearer ").strip()
    known, found = auth.cached_session(token)
    if not known:
        found = await run_in_threadpool(auth.session, token)
    if found is None:
        raise HTTPException(
            401,
            "session unknown or expired, or the worker is no longer eligible "
            "(registered, staked, not jailed); log in again",
        )
    return found


CurrentWorker = Annotated[tuple[str, int], Depends(current_worker)]
