"""Worker login: a signed challenge proves the staking key; the registry proves the stake.

The oracle issues a one-time nonce; the worker signs an EIP-712 ``Login``
(worker, this oracle's address, nonce, expiry) under the WorkerRegistry
domain. The oracle checks the signature, that the nonce is unused and
unexpired, and that WorkerRegistry says the worker is registered, staked
and not jailed; then it issues a bearer token. Eligibility is re-read from
the chain at most every ``eligibility_cache_seconds`` while the session lasts.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from eth_utils import is_address, to_checksum_address
from sqlalchemy.orm import sessionmaker

from oracles.models import LoginNonce, WorkerSession
from protocol import eip712
from protocol.leases import Challenge, LoginReply, LoginRequest

CHALLENGE_SECONDS = 120


class Auth:
    def __init__(self, sessions: sessionmaker, oracle_address: str, domain: eip712.Domain, escrow: str,
                 eligibility: Callable[[str], tuple[bool, int]], session_seconds: float,
                 cache_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.sessions = sessions
        self.oracle = oracle_address
        self.domain = domain
        self.escrow = escrow
        self.eligibility = eligibility  # worker -> (eligible, capabilities), read from WorkerRegistry
        self.session_seconds = session_seconds
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._cache: dict[str, tuple[float, str, int, bool, int]] = {}  # token -> (checked_at, worker, caps, ok, exp)
        self._lock = threading.Lock()

    def challenge(self, worker: str) -> Challenge:
        if not is_address(worker):
            raise ValueError(f"{worker!r} is not an address")
        worker = to_checksum_address(worker)
        nonce = "0x" + secrets.token_hex(32)
        expires = int(self.clock()) + CHALLENGE_SECONDS
        with self.sessions.begin() as s:
            s.add(LoginNonce(nonce=nonce, worker=worker, expires=expires))
        return Challenge(worker=worker, oracle=self.oracle, nonce=nonce, expires=expires,
                         chain_id=self.domain.chain_id, registry=self.domain.verifying_contract,
                         escrow=self.escrow)

    def login(self, body: LoginRequest) -> LoginReply:
        worker = to_checksum_address(body.worker)
        with self.sessions.begin() as s:
            row = s.get(LoginNonce, body.nonce)
            if row is None or row.worker != worker or row.expires != body.expires:
                raise ValueError("unknown challenge; GET /v1/auth/challenge first")
            if row.used:
                raise ValueError("challenge already used; get a new one")
            if row.expires < self.clock():
                raise ValueError("challenge expired; get a new one")
            payload = eip712.Login(worker, self.oracle, bytes.fromhex(body.nonce[2:]), body.expires)
            try:
                signer = eip712.recover(self.domain, payload, bytes.fromhex(body.signature[2:]))
            except Exception:  # malformed signature bytes
                signer = ""
            if signer.lower() != worker.lower():
                raise ValueError("login signature is not the worker's (sign the Login typed data with its key)")
            row.used = True
            eligible, caps = self.eligibility(worker)
            if not eligible:
                raise PermissionError(f"{worker} is not an eligible worker: register, stake at least the "
                                      "minimum, and wait out any jail term")
            token = secrets.token_hex(32)
            expires = self.clock() + self.session_seconds
            s.add(WorkerSession(token=token, worker=worker, capabilities=caps, expires=expires))
        with self._lock:
            self._cache[token] = (self.clock(), worker, caps, True, expires)
        return LoginReply(token=token, expires=int(expires), capabilities=caps)

    def cached_session(self, token: str) -> tuple[bool, tuple[str, int] | None]:
        """(True, ``session(token)``) when the answer needs neither the database nor the chain, else
        (False, None). The API's event loop asks this first and hands only the rare slow case (a token
        not seen since a restart, or eligibility due for a re-read from WorkerRegistry) to a thread."""
        now = self.clock()
        with self._lock:
            cached = self._cache.get(token)
        if cached is None:
            return False, None
        checked_at, worker, caps, ok, expires = cached
        if expires < now:
            return True, None
        if now - checked_at > self.cache_seconds:
            return False, None
        return True, ((worker, caps) if ok else None)

    def session(self, token: str) -> tuple[str, int] | None:
        """(worker, capabilities) for a live session of an (still) eligible worker, else None."""
        now = self.clock()
        with self._lock:
            cached = self._cache.get(token)
        if cached is None:
            with self.sessions() as s:
                row = s.get(WorkerSession, token)
                if row is None:
                    return None
                cached = (0.0, row.worker, row.capabilities, True, row.expires)
        checked_at, worker, caps, ok, expires = cached
        if expires < now:
            return None
        if now - checked_at > self.cache_seconds:
            ok, caps = self.eligibility(worker)
            with self._lock:
                self._cache[token] = (now, worker, caps, ok, expires)
        return (worker, caps) if ok else None
