"""Worker login: a signed challenge proves the staking key; the registry proves the stake.

The oracle issues a one-time nonce; the worker signs an EIP-712 ``Login``
(worker, this oracle's address, nonce, expiry) under the WorkerRegistry
domain. The oracle checks the signature, that the nonce is unused and
unexpired, and that WorkerRegistry says the worker is registered, staked
and not jailed; then it issues a bearer token.

While the session lasts, a worker's eligibility (per worker, shared by its
tokens) is trusted for ``eligibility_cache_seconds`` after it was read. From
a point drawn between half and nine tenths of that age it is re-read in
the background, one worker at a time, so requests do not wait on the
chain. Workers that logged in together would otherwise all expire
together and stall the API on a burst of chain reads (seen in
benchmarks/e2e.py: a job 15 % slower while 40 workers' reads ran in the
requests); the random point spreads the re-reads out. Only an answer older
than the full period is re-read in the request, as before.

A login needs the same answer, and it must not wait on the chain either: 300 workers logging in at
once waited 11 s at the median (issue 15), each login holding a database connection through two
``eth_call`` reads. So the challenge starts the read in the background (``PREFETCH_THREADS`` at a
time, one per worker), while the worker signs; the login takes that answer, or one still within its
period, waits for a read already under way, and reads itself only when there is neither. The nonce
is checked and claimed in two short transactions around that (claimed only by a successful login,
as before, and by one login only: a conditional update); no transaction spans a chain read or the
signature check. The login's checks and their order, its messages and its EIP-712 ``Login`` are
unchanged.

The period is the bound when nothing else says the answer changed. The
oracle's chain follower also reads WorkerRegistry's events: a stake, unbond,
withdrawal, slash, jail or capability change drops that worker's answer
(``invalidate``), a new minimum stake drops all of them, so a jailed or
slashed worker is refused from the block the follower sees. A read that
began before an invalidation is not cached.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from eth_utils import is_address, to_checksum_address
from sqlalchemy import update
from sqlalchemy.orm import sessionmaker

from oracles.models import LoginNonce, WorkerSession
from protocol import eip712
from protocol.leases import Challenge, LoginReply, LoginRequest

log = logging.getLogger(__name__)

CHALLENGE_SECONDS = 120
REFRESH_AFTER = (0.5, 0.9)  # of eligibility_cache_seconds: re-read in the background from an age drawn here
PREFETCH_THREADS = 4  # eligibility reads started by challenges; each is two eth_calls, mostly waiting on the node
PREFETCH_WAIT_SECONDS = 30.0  # a login waits this long at most for a read already under way, then reads itself


class Auth:
    def __init__(
        self,
        sessions: sessionmaker,
        oracle_address: str,
        domain: eip712.Domain,
        escrow: str,
        eligibility: Callable[[str], tuple[bool, int]],
        session_seconds: float,
        cache_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.oracle = oracle_address
        self.domain = domain
        self.escrow = escrow
        self.eligibility = eligibility  # worker -> (eligible, capabilities), read from WorkerRegistry
        self.session_seconds = session_seconds
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}  # token -> (worker, session expiry)
        # worker -> (read at, eligible, capabilities, when to re-read it in the background)
        self._eligible: dict[str, tuple[float, bool, int, float]] = {}
        self._refreshing: set[str] = set()
        self._invalidations = 0  # bumped by invalidate(): a read begun before it is not cached
        self._refresher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eligibility")
        self._prefetcher = ThreadPoolExecutor(max_workers=PREFETCH_THREADS, thread_name_prefix="login-eligibility")
        self._prefetching: dict[str, Future] = {}  # worker -> the read its challenge started
        self._lock = threading.Lock()

    def challenge(self, worker: str) -> Challenge:
        if not is_address(worker):
            raise ValueError(f"{worker!r} is not an address")
        worker = to_checksum_address(worker)
        nonce = "0x" + secrets.token_hex(32)
        expires = int(self.clock()) + CHALLENGE_SECONDS
        with self.sessions.begin() as s:
            s.add(LoginNonce(nonce=nonce, worker=worker, expires=expires))
        self._prefetch(worker)
        return Challenge(
            worker=worker,
            oracle=self.oracle,
            nonce=nonce,
            expires=expires,
            chain_id=self.domain.chain_id,
            registry=self.domain.verifying_contract,
            escrow=self.escrow,
        )

    def login(self, body: LoginRequest) -> LoginReply:
        worker = to_checksum_address(body.worker)
        with self.sessions() as s:
            row = s.get(LoginNonce, body.nonce)
            if row is None or row.worker != worker or row.expires != body.expires:
                raise ValueError("unknown challenge; GET /v1/auth/challenge first")
            if row.used:
                raise ValueError("challenge already used; get a new one")
        if body.expires < self.clock():
            raise ValueError("challenge expired; get a new one")
        payload = eip712.Login(worker, self.oracle, bytes.fromhex(body.nonce[2:]), body.expires)
        try:
            signer = eip712.recover(self.domain, payload, bytes.fromhex(body.signature[2:]))
        except Exception:  # malformed signature bytes
            signer = ""
        if signer.lower() != worker.lower():
            raise ValueError("login signature is not the worker's (sign the Login typed data with its key)")
        eligible, caps = self._eligibility_for_login(worker)
        if not eligible:
            raise PermissionError(
                f"{worker} is not an eligible worker: register, stake at least the minimum, and wait out any jail term"
            )
        token = secrets.token_hex(32)
        expires = self.clock() + self.session_seconds
        with self.sessions.begin() as s:
            claimed = s.execute(
                update(LoginNonce).where(LoginNonce.nonce == body.nonce, LoginNonce.used.is_(False)).values(used=True)
            )
            if claimed.rowcount != 1:  # another login with this challenge got there first
                raise ValueError("challenge already used; get a new one")
            s.add(WorkerSession(token=token, worker=worker, capabilities=caps, expires=expires))
        with self._lock:
            self._tokens[token] = (worker, expires)
        return LoginReply(token=token, expires=int(expires), capabilities=caps)

    def _eligibility_for_login(self, worker: str) -> tuple[bool, int]:
        """(eligible, capabilities) for a login: the answer within its period, else the read the challenge
        started (waited for), else read now."""
        answer = self._fresh(worker)
        if answer is None:
            with self._lock:
                pending = self._prefetching.get(worker)
            if pending is not None:
                try:
                    pending.result(timeout=PREFETCH_WAIT_SECONDS)
                except Exception:  # failed, or still running after the wait: read it here, and report what fails then
                    pass
                answer = self._fresh(worker)  # (not cached if an invalidation came during that read)
        if answer is None:
            _read_at, ok, caps, _refresh_from = self._read(worker)
            return ok, caps
        return answer

    def _fresh(self, worker: str) -> tuple[bool, int] | None:
        with self._lock:
            entry = self._eligible.get(worker)
        if entry is None or self.clock() - entry[0] > self.cache_seconds:
            return None
        return entry[1], entry[2]

    def _prefetch(self, worker: str) -> None:
        """Start reading ``worker``'s eligibility for the login its challenge announces, unless an answer is
        still young (before its background refresh point) or a read is under way."""
        now = self.clock()
        with self._lock:
            entry = self._eligible.get(worker)
            if entry is not None and now < entry[3] and now - entry[0] <= self.cache_seconds:
                return
            if worker in self._prefetching:
                return
            try:
                self._prefetching[worker] = self._prefetcher.submit(self._prefetch_read, worker)
            except RuntimeError:  # shut down: the login reads for itself
                pass

    def _prefetch_read(self, worker: str) -> None:
        try:
            self._read(worker)
        except Exception as exc:  # the login reads again, and reports what fails then
            log.warning("eligibility read for a login failed", extra={"worker": worker, "error": str(exc)})
            raise
        finally:
            with self._lock:
                self._prefetching.pop(worker, None)

    def cached_session(self, token: str) -> tuple[bool, tuple[str, int] | None]:
        """(True, ``session(token)``) when the answer needs neither the database nor the chain, else
        (False, None). The API's event loop asks this first and hands only the rare slow case (a token
        not seen since a restart, or an eligibility answer past its period) to a thread."""
        now = self.clock()
        with self._lock:
            known = self._tokens.get(token)
            if known is None:
                return False, None
            worker, expires = known
            if expires < now:
                return True, None
            eligible = self._eligible.get(worker)
        if eligible is None:
            return False, None
        read_at, ok, caps, refresh_from = eligible
        if now - read_at > self.cache_seconds:
            return False, None
        if now >= refresh_from:
            self._refresh_soon(worker)
        return True, ((worker, caps) if ok else None)

    def session(self, token: str) -> tuple[str, int] | None:
        """(worker, capabilities) for a live session of an (still) eligible worker, else None."""
        now = self.clock()
        with self._lock:
            known = self._tokens.get(token)
        if known is None:
            with self.sessions() as s:
                row = s.get(WorkerSession, token)
                if row is None:
                    return None
                known = (row.worker, row.expires)
            with self._lock:
                self._tokens[token] = known
        worker, expires = known
        if expires < now:
            return None
        with self._lock:
            eligible = self._eligible.get(worker)
        if eligible is None or now - eligible[0] > self.cache_seconds:
            eligible = self._read(worker)
        _read_at, ok, caps, _refresh_from = eligible
        return (worker, caps) if ok else None

    def _read(self, worker: str) -> tuple[float, bool, int, float]:
        read_at, seen = self.clock(), self._invalidations
        ok, caps = self.eligibility(worker)
        return self._store(worker, read_at, ok, caps, seen)

    def _store(self, worker: str, read_at: float, ok: bool, caps: int, seen: int) -> tuple[float, bool, int, float]:
        """Cache an answer read when ``self._invalidations`` was ``seen``; not if an invalidation came
        since (the read may predate the change that caused it: the next request reads again)."""
        entry = (read_at, ok, caps, read_at + self.cache_seconds * random.uniform(*REFRESH_AFTER))
        with self._lock:
            if self._invalidations == seen:
                self._eligible[worker] = entry
        return entry

    def _refresh_soon(self, worker: str) -> None:
        """Re-read ``worker``'s eligibility on the background thread, unless that is already queued."""
        with self._lock:
            if worker in self._refreshing:
                return
            self._refreshing.add(worker)
        try:
            self._refresher.submit(self._refresh, worker)
        except RuntimeError:  # shut down: the request path re-reads once the answer is too old
            with self._lock:
                self._refreshing.discard(worker)

    def _refresh(self, worker: str) -> None:
        try:
            self._read(worker)
        except Exception as exc:  # the node is unreachable: the answer ages out and the request path retries
            log.warning("eligibility re-read failed", extra={"worker": worker, "error": str(exc)})
        finally:
            with self._lock:
                self._refreshing.discard(worker)

    def invalidate(self, worker: str) -> None:
        """Forget ``worker``'s eligibility (WorkerRegistry logged a change for it): its next request
        reads it again."""
        with self._lock:
            self._invalidations += 1
            self._eligible.pop(to_checksum_address(worker), None)

    def invalidate_all(self) -> None:
        """Forget every worker's eligibility (a new minimum stake)."""
        with self._lock:
            self._invalidations += 1
            self._eligible.clear()

    def close(self) -> None:
        self._refresher.shutdown(wait=False, cancel_futures=True)
        self._prefetcher.shutdown(wait=False, cancel_futures=True)
