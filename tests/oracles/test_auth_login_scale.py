"""Logins without a chain read on the request path (``oracles.auth``): the challenge starts the worker's
eligibility read in the background, the login takes its answer.

300 workers logging in at once waited 11 s at the median on main (issue 15): each login read
WorkerRegistry twice inside its request, holding a database connection meanwhile. The registry here is
a callable that can hold its reads (a gate) to show who waits for it; logins are real (a challenge, an
EIP-712 ``Login`` signed with eth-account, database rows). ``benchmarks/load.py`` measures the whole
path with 300 workers on a real oracle.
"""

from __future__ import annotations

import threading
import time

import pytest
from eth_account import Account
from sqlalchemy import create_engine

from oracles import models  # noqa: F401  (registers the tables)
from oracles.auth import Auth
from oracles.db import create_all
from protocol import eip712
from protocol.leases import LoginRequest

DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)


class Registry:
    """WorkerRegistry's answers; records which thread read, and can hold reads until released."""

    def __init__(self) -> None:
        self.eligible: dict[str, tuple[bool, int]] = {}
        self.reads: list[tuple[str, str]] = []  # (worker, thread name)
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()

    def __call__(self, worker: str) -> tuple[bool, int]:
        self.started.set()
        assert self.gate.wait(10), "read held for 10 s"
        self.reads.append((worker, threading.current_thread().name))
        return self.eligible.get(worker, (True, 1))


@pytest.fixture
def setup(tmp_path):
    registry = Registry()
    sessions = create_all(create_engine(f"sqlite:///{tmp_path / 'auth.db'}"))
    auth = Auth(sessions, "0x" + "22" * 20, DOMAIN, "0x" + "33" * 20, registry, session_seconds=3_600, cache_seconds=30)
    yield auth, registry
    auth.close()


def _signed(auth: Auth, account) -> LoginRequest:
    ch = auth.challenge(account.address)
    payload = eip712.Login(account.address, ch.oracle, bytes.fromhex(ch.nonce[2:]), ch.expires)
    signature = eip712.sign(account.key, DOMAIN, payload)
    return LoginRequest(worker=account.address, nonce=ch.nonce, expires=ch.expires, signature="0x" + signature.hex())


def _wait_for(predicate, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_login__after_its_challenge__answered_without_a_chain_read(setup):
    auth, registry = setup
    worker = Account.create()
    body = _signed(auth, worker)
    assert registry.started.wait(2), "the challenge started no eligibility read"
    _wait_for(lambda: len(registry.reads) == 1)
    registry.gate.clear()  # from now on a chain read would hang: the login must not make one
    started = time.monotonic()
    reply = auth.login(body)
    assert time.monotonic() - started < 1.0
    assert reply.capabilities == 1
    assert [w for w, _thread in registry.reads] == [worker.address]
    assert registry.reads[0][1].startswith("login-eligibility")  # read off the request's thread


def test_login__read_still_under_way__waits_for_it_instead_of_a_second_read(setup):
    auth, registry = setup
    registry.gate.clear()
    worker = Account.create()
    body = _signed(auth, worker)
    assert registry.started.wait(2)
    replies = []
    login = threading.Thread(target=lambda: replies.append(auth.login(body)))
    login.start()
    time.sleep(0.1)
    assert replies == []  # waiting for the challenge's read
    registry.gate.set()
    login.join(5)
    assert len(replies) == 1
    assert [w for w, _thread in registry.reads] == [worker.address]


def test_login__worker_jailed_while_its_read_ran__read_again_and_refused(setup):
    auth, registry = setup
    registry.gate.clear()
    worker = Account.create()
    body = _signed(auth, worker)
    assert registry.started.wait(2)
    auth.invalidate(worker.address)  # WorkerRegistry logged Jailed while the read was under way
    registry.eligible[worker.address] = (False, 1)
    registry.gate.set()
    with pytest.raises(PermissionError, match="not an eligible worker"):
        auth.login(body)
    assert len(registry.reads) == 2  # the challenge's read was dropped, the login read again


def test_login__ineligible_then_staked__same_challenge_still_usable(setup):
    """As before: a refused login does not use up its challenge."""
    auth, registry = setup
    worker = Account.create()
    registry.eligible[worker.address] = (False, 1)
    body = _signed(auth, worker)
    with pytest.raises(PermissionError):
        auth.login(body)
    registry.eligible[worker.address] = (True, 5)
    auth.invalidate(worker.address)  # Staked(node=worker)
    assert auth.login(body).capabilities == 5
    with pytest.raises(ValueError, match="challenge already used"):
        auth.login(body)


def test_login__same_challenge_twice_at_once__one_token(setup):
    auth, registry = setup
    worker = Account.create()
    body = _signed(auth, worker)
    _wait_for(lambda: len(registry.reads) == 1)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            auth.login(body)
            outcomes.append("token")
        except ValueError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes) == ["challenge already used; get a new one"] * 7 + ["token"]
