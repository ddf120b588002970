"""Worker login and sessions on a real oracle (anvil, WorkerRegistry): every bad login is a clear 4xx.

A login is an EIP-712 ``Login(worker, oracle, nonce, expires)`` signed by the worker's staking key over
a one-time challenge; the registry must say the worker is registered, staked and not jailed. A
session is re-checked against the registry once the eligibility cache period has passed, or at once
when the oracle's follower sees a WorkerRegistry event for the worker.
"""

from __future__ import annotations

import time

import httpx
import pytest

from oracles import auth
from tests.support.oracle_api import (  # noqa: F401  (_function_isolation overrides Ape's fixture)
    _function_isolation,
    api_network,
    key_of,
    logged_in,
    new_worker,
    signed_login,
)

pytestmark = [pytest.mark.anvil]

CACHE_SECONDS = 1.0


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    with api_network(
        accounts, anvil_uri, tmp_path_factory.mktemp("api_auth"), eligibility_cache_seconds=CACHE_SECONDS
    ) as network:
        yield network


@pytest.fixture(scope="module")
def oracle(net):
    return net.oracle(0)


@pytest.fixture
def worker(net):
    return new_worker(net)


def _login(oracle, body):
    return httpx.post(f"{oracle.url}/v1/auth/login", json=body)


# --------------------------------------------------------------------------- challenge


@pytest.mark.parametrize("who", ["0x1234", "not-an-address", "", "0x" + "g" * 40, "0x" + "ab" * 21])
def test_challenge__not_an_address__400(oracle, who):
    response = httpx.get(f"{oracle.url}/v1/auth/challenge", params={"worker": who})
    assert response.status_code == 400
    assert "is not an address" in response.json()["detail"]


def test_challenge__missing_worker__422(oracle):
    assert httpx.get(f"{oracle.url}/v1/auth/challenge").status_code == 422


# --------------------------------------------------------------------------- login


def test_login__valid_signature__token_and_capabilities(oracle, worker):
    response = _login(oracle, signed_login(oracle, worker))
    assert response.status_code == 200, response.text
    reply = response.json()
    assert len(reply["token"]) == 64 and reply["capabilities"] > 0


def test_login__signature_by_other_key__400(net, oracle, worker):
    impostor = new_worker(net)
    body = signed_login(oracle, worker, signer_key=key_of(impostor))
    response = _login(oracle, body)
    assert response.status_code == 400
    assert "not the worker's" in response.json()["detail"]
    # a refused attempt does not burn the challenge: the real worker can still answer it
    assert _login(oracle, {**body, "signature": _resign(oracle, worker, body)}).status_code == 200


def _resign(oracle, account, body) -> str:
    from protocol import eip712

    payload = eip712.Login(account.address, oracle.address, bytes.fromhex(body["nonce"][2:]), body["expires"])
    return "0x" + eip712.sign(key_of(account), oracle.registry_domain, payload).hex()


def test_login__garbage_signature_bytes__400(oracle, worker):
    body = {**signed_login(oracle, worker), "signature": "0x" + "00" * 65}
    response = _login(oracle, body)
    assert response.status_code == 400
    assert "not the worker's" in response.json()["detail"]


def test_login__same_challenge_twice__400_already_used(oracle, worker):
    body = signed_login(oracle, worker)
    assert _login(oracle, body).status_code == 200
    again = _login(oracle, body)
    assert again.status_code == 400
    assert "already used" in again.json()["detail"]


def test_login__expired_challenge__400(oracle, worker, monkeypatch):
    monkeypatch.setattr(auth, "CHALLENGE_SECONDS", -1)  # the challenge is issued already expired
    body = signed_login(oracle, worker)
    monkeypatch.undo()
    response = _login(oracle, body)
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_login__expiry_extended_by_worker__400_unknown_challenge(oracle, worker):
    body = signed_login(oracle, worker)
    body["expires"] += 3_600
    body["signature"] = _resign(oracle, worker, body)  # even correctly signed, the oracle set the expiry
    response = _login(oracle, body)
    assert response.status_code == 400
    assert "unknown challenge" in response.json()["detail"]


def test_login__challenge_issued_to_other_worker__400(net, oracle, worker):
    other = new_worker(net)
    body = signed_login(oracle, other)
    body["worker"] = worker.address
    body["signature"] = _resign(oracle, worker, body)
    response = _login(oracle, body)
    assert response.status_code == 400
    assert "unknown challenge" in response.json()["detail"]


def test_login__signed_for_another_oracle__400(net, oracle, worker):
    other_oracle = net.oracle(1)
    # a Login the worker signed for the other oracle (its own challenge there), replayed here
    replayed = _login(oracle, signed_login(other_oracle, worker))
    assert replayed.status_code == 400
    assert "unknown challenge" in replayed.json()["detail"]
    # the other oracle fetched our challenge and had the worker sign it naming itself: the
    # signature does not cover this oracle's address, so it is refused here
    relayed = _login(oracle, signed_login(oracle, worker, oracle=other_oracle.address))
    assert relayed.status_code == 400
    assert "not the worker's" in relayed.json()["detail"]


def _jailed(net):
    account = new_worker(net)
    registry, owner = net.contracts["WorkerRegistry"], net.accounts[0]
    registry.jail(account, 3_600, sender=owner)
    return account


@pytest.mark.parametrize("case", ["not_registered", "registered_not_staked", "stake_below_minimum", "jailed"])
def test_login__ineligible_worker__403(net, oracle, case):
    registry = net.contracts["WorkerRegistry"]
    if case == "not_registered":
        account = new_worker(net, register=False, stake=0)
    elif case == "registered_not_staked":
        account = new_worker(net, stake=0)
    elif case == "stake_below_minimum":
        account = new_worker(net, stake=registry.min_stake(1) - 1)
    else:
        account = _jailed(net)
    assert not registry.is_eligible(account, 1)
    response = _login(oracle, signed_login(oracle, account))
    assert response.status_code == 403
    assert "not an eligible worker" in response.json()["detail"]


@pytest.mark.parametrize(
    "change",
    [
        {"signature": "0x1234"},
        {"nonce": "0x" + "ab" * 31},
        {"worker": "0x1234"},
        {"expires": "soon"},
        {"extra": 1},
    ],
)
def test_login__malformed_body__422(oracle, worker, change):
    body = {**signed_login(oracle, worker), **change}
    assert _login(oracle, body).status_code == 422


def test_login__not_json__422(oracle):
    response = httpx.post(
        f"{oracle.url}/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


# --------------------------------------------------------------------------- sessions


def test_lease__without_authorization__401(oracle):
    response = httpx.post(f"{oracle.url}/v1/leases", json={"wait_s": 0})
    assert response.status_code == 401
    assert "log in first" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer " + "00" * 32, "Bearer", "Bearer x y", "Basic dXNlcjpwYXNz", "bearer x"])
def test_lease__bogus_token__401(oracle, header):
    response = httpx.post(f"{oracle.url}/v1/leases", json={"wait_s": 0}, headers={"Authorization": header})
    assert response.status_code == 401


def test_lease__token_of_other_oracle__401(net, worker):
    client = logged_in(net.oracle(1), worker)
    try:
        response = httpx.post(
            f"{net.oracle(0).url}/v1/leases", json={"wait_s": 0}, headers={"Authorization": f"Bearer {client.token}"}
        )
        assert response.status_code == 401
    finally:
        client.close()


def test_session__stake_unbonded_below_minimum__401_after_cache_period(net, oracle, worker):
    registry = net.contracts["WorkerRegistry"]
    client = logged_in(oracle, worker)
    try:
        assert client.http.post("/v1/leases", json={"wait_s": 0}).status_code == 204  # no work, but allowed
        minimum = registry.min_stake(1)
        registry.begin_unbond(registry.stake_of(worker) - minimum + 1, sender=worker)  # just below the minimum
        assert not registry.is_eligible(worker, 1)
        time.sleep(CACHE_SECONDS + 0.2)
        response = client.http.post("/v1/leases", json={"wait_s": 0})
        assert response.status_code == 401
        assert "eligible" in response.json()["detail"]
        again = _login(oracle, signed_login(oracle, worker))
        assert again.status_code == 403
        assert "not an eligible worker" in again.json()["detail"]
    finally:
        client.close()


def test_session__worker_jailed_after_login__401_after_cache_period(net, oracle, worker):
    registry, owner = net.contracts["WorkerRegistry"], net.accounts[0]
    client = logged_in(oracle, worker)
    try:
        registry.jail(worker, 3_600, sender=owner)
        time.sleep(CACHE_SECONDS + 0.2)
        assert client.http.post("/v1/leases", json={"wait_s": 0}).status_code == 401
    finally:
        client.close()


def test_session__worker_jailed_after_login__401_from_the_jail_event_within_the_cache_period(net, oracle, worker):
    """The follower reads WorkerRegistry's events: a Jailed worker is refused as soon as the oracle sees
    the block, though its cached eligibility would otherwise be trusted for an hour."""
    registry, owner = net.contracts["WorkerRegistry"], net.accounts[0]
    oracle.auth.cache_seconds = 3_600.0  # (this module's oracles trust an answer for 1 s)
    client = logged_in(oracle, worker)
    try:
        assert client.http.post("/v1/leases", json={"wait_s": 0}).status_code in (200, 204)  # cached: eligible
        registry.jail(worker, 3_600, sender=owner)
        deadline = time.monotonic() + 20
        while (status := client.http.post("/v1/leases", json={"wait_s": 0}).status_code) != 401:
            assert time.monotonic() < deadline, f"still answered {status}: the Jailed event did not reach the cache"
            time.sleep(0.1)
    finally:
        oracle.auth.cache_seconds = CACHE_SECONDS
        client.close()
