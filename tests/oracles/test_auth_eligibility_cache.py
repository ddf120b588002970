"""The session cache in front of WorkerRegistry: requests never wait on a chain read while an answer is
still within its period; one background thread re-reads answers from a point between half and nine tenths of their period, once
per worker.

The registry itself is the boundary here (a callable standing in for ``is_eligible`` and
``capabilities``); the anvil tests in ``test_oracle_api_auth.py`` prove a jailed or unbonded worker is
refused on the real chain. Logins are real: a challenge, an EIP-712 ``Login`` signature, a database row.
"""

from __future__ import annotations

import threading
import time

import pytest
from eth_account import Account
from sqlalchemy import create_engine

from oracles import models  # noqa: F401  (registers the tables)
from oracles.auth import REFRESH_AFTER, Auth
from oracles.db import create_all
from protocol import eip712
from protocol.leases import LoginRequest

CACHE = 30.0
DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)


class Registry:
    """What the chain answers for each worker; counts reads and can hold them to prove nobody waits."""

    def __init__(self) -> None:
        self.eligible: dict[str, tuple[bool, int]] = {}
        self.reads: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.done = threading.Event()

    def __call__(self, worker: str) -> tuple[bool, int]:
        self.gate.wait(10)
        self.reads.append(worker)
        self.done.set()
        return self.eligible.get(worker, (True, 1))


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup(tmp_path):
    registry, clock = Registry(), Clock()
    sessions = create_all(create_engine(f"sqlite:///{tmp_path / 'auth.db'}"))
    auth = Auth(
        sessions,
        "0x" + "22" * 20,
        DOMAIN,
        "0x" + "33" * 20,
        registry,
        session_seconds=3_600,
        cache_seconds=CACHE,
        clock=clock,
    )
    yield auth, registry, clock
    auth.close()


def _login(auth: Auth, account=None) -> tuple[str, str]:
    account = account or Account.create()
    ch = auth.challenge(account.address)
    payload = eip712.Login(account.address, ch.oracle, bytes.fromhex(ch.nonce[2:]), ch.expires)
    signature = eip712.sign(account.key, DOMAIN, payload)
    reply = auth.login(
        LoginRequest(worker=account.address, nonce=ch.nonce, expires=ch.expires, signature="0x" + signature.hex())
    )
    return reply.token, account.address


def _wait_for(predicate, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_cached_session__younger_than_half_the_period__answered_without_a_read(setup):
    auth, registry, clock = setup
    token, worker = _login(auth)
    clock.now += CACHE * REFRESH_AFTER[0] - 1
    assert auth.cached_session(token) == (True, (worker, 1))
    time.sleep(0.05)
    assert registry.reads == [worker]  # only the login's


def test_cached_session__past_its_refresh_point__answered_at_once_and_reread_in_background(setup):
    auth, registry, clock = setup
    token, worker = _login(auth)
    registry.gate.clear()  # the chain read hangs until released: the request must not wait for it
    registry.done.clear()
    registry.eligible[worker] = (False, 1)  # jailed since the login
    clock.now += CACHE * REFRESH_AFTER[1] + 1
    assert auth.cached_session(token) == (True, (worker, 1))  # the answer still within its period
    assert auth.cached_session(token) == (True, (worker, 1))  # (a second request queues no second read)
    registry.gate.set()
    assert registry.done.wait(5)
    _wait_for(lambda: auth.cached_session(token) == (True, None))  # the re-read answer: no longer eligible
    assert registry.reads == [worker, worker]


def test_cached_session__many_tokens_of_one_worker__one_read_shared(setup):
    auth, registry, clock = setup
    account = Account.create()
    first, worker = _login(auth, account)
    second, _ = _login(auth, account)  # the same worker logged in twice (another process, say)
    assert registry.reads == [worker]  # the second login took the first one's answer, still young
    clock.now += CACHE * REFRESH_AFTER[1] + 1
    registry.done.clear()
    assert auth.cached_session(first) == (True, (worker, 1))
    assert auth.cached_session(second) == (True, (worker, 1))
    assert registry.done.wait(5)
    _wait_for(lambda: not auth._refreshing)
    clock.now += 1
    assert auth.cached_session(second) == (True, (worker, 1))  # the re-read is fresh for both tokens
    time.sleep(0.05)
    assert registry.reads == [worker, worker]  # one background read for the two tokens


def test_session__past_the_full_period__read_in_the_request(setup):
    auth, registry, clock = setup
    token, worker = _login(auth)
    registry.eligible[worker] = (False, 1)
    clock.now += CACHE + 1
    assert auth.cached_session(token) == (False, None)  # too old to answer from memory
    assert auth.session(token) is None  # read now: no longer eligible
    assert registry.reads == [worker, worker]


def test_session__token_from_before_a_restart__loaded_and_read(setup):
    auth, registry, clock = setup
    token, worker = _login(auth)
    restarted = Auth(
        auth.sessions,
        auth.oracle,
        DOMAIN,
        auth.escrow,
        registry,
        session_seconds=3_600,
        cache_seconds=CACHE,
        clock=clock,
    )
    try:
        assert restarted.cached_session(token) == (False, None)
        assert restarted.session(token) == (worker, 1)
        assert restarted.cached_session(token) == (True, (worker, 1))
    finally:
        restarted.close()


def test_cached_session__expired_session__refused_without_a_read(setup):
    auth, registry, clock = setup
    token, _worker = _login(auth)
    clock.now += 3_600 + 1
    assert auth.cached_session(token) == (True, None)
    assert len(registry.reads) == 1


def test_cached_session__workers_logged_in_together__rereads_spread_over_the_period(setup):
    auth, registry, clock = setup
    logins = [_login(auth) for _ in range(40)]
    clock.now += CACHE * sum(REFRESH_AFTER) / 2  # the middle of the refresh window
    for token, worker in logins:
        assert auth.cached_session(token) == (True, (worker, 1))
    _wait_for(lambda: not auth._refreshing)
    reread = len(registry.reads) - len(logins)
    assert 0 < reread < len(logins)  # some re-read now, the others later: no burst of 40 chain reads


def test_invalidate__registry_event_for_the_worker__next_request_reads_and_is_refused(setup):
    auth, registry, clock = setup
    token, worker = _login(auth)
    registry.eligible[worker] = (False, 1)  # jailed: WorkerRegistry logged Jailed(node=worker)
    assert auth.cached_session(token) == (True, (worker, 1))  # nothing said yet: the cached answer
    auth.invalidate(worker.lower())  # (an event's address in any case)
    assert auth.cached_session(token) == (False, None)  # not answerable from the cache any more
    assert auth.session(token) is None  # read again, within the period: refused
    assert registry.reads == [worker, worker]


def test_invalidate_all__new_minimum_stake__every_worker_read_again(setup):
    auth, registry, clock = setup
    tokens = [_login(auth) for _ in range(3)]
    auth.invalidate_all()
    assert [auth.cached_session(token) for token, _ in tokens] == [(False, None)] * 3
    assert [auth.session(token) for token, _ in tokens] == [(worker, 1) for _, worker in tokens]
    assert [auth.cached_session(token) for token, _ in tokens] == [(True, (w, 1)) for _, w in tokens]


def test_invalidate__during_a_background_reread__that_read_is_not_cached(setup):
    """A re-read that began before the event may have read the state before the change: it must not
    put the old answer back in the cache."""
    auth, registry, clock = setup
    token, worker = _login(auth)
    registry.gate.clear()
    registry.done.clear()
    clock.now += CACHE * REFRESH_AFTER[1] + 1
    assert auth.cached_session(token) == (True, (worker, 1))  # queues the background re-read (held)
    auth.invalidate(worker)  # the jail lands while that read is in flight
    registry.gate.set()
    assert registry.done.wait(5)
    time.sleep(0.05)
    assert auth.cached_session(token) == (False, None)  # the in-flight answer was dropped, not cached
