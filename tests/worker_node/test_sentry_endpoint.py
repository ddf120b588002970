"""The worker's sentry endpoint, over real HTTP, against the sentry's real prober (oracles/sentry/probe.py):
a signed liveness answer from the staking key, a performance probe checked by recomputing random rows,
bounded and strict request parsing, and a throttled worker scored lower."""

from __future__ import annotations

import json
import random

import httpx
import pytest
from eth_account import Account

from oracles.sentry.probe import probe_worker
from protocol.eip712 import Domain
from protocol.sentry_leaf import Liveness, probe_digest, probe_row_bytes, probe_seed
from worker_node.sentry_endpoint import SentryEndpoint, metadata_document

WORKER_KEY = bytes.fromhex("11" * 32)
OTHER_KEY = bytes.fromhex("22" * 32)
SENTRY = Account.from_key(bytes.fromhex("33" * 32)).address
DOMAIN = Domain(31337, "0x" + "44" * 20)
N = 64


@pytest.fixture(scope="module")
def endpoint():
    served = SentryEndpoint(WORKER_KEY, DOMAIN).start()
    yield served
    served.stop()


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=30) as c:
        yield c


def post(client, endpoint, path: str, body) -> httpx.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(f"{endpoint.url}{path}", content=data, headers={"Content-Type": "application/json"})


def test_probe__honest_worker__answered_signed_and_rows_check(endpoint, client):
    worker = Account.from_key(WORKER_KEY).address
    result = probe_worker(client, endpoint.url, worker, SENTRY, 5, DOMAIN, n=N, check_rows=8)
    assert result.answered, result.error
    assert result.score > 0 and result.seconds > 0


def test_probe__answer__signature_recovers_staking_key_over_row_hashes(endpoint, client):
    nonce = bytes(range(32))
    answer = post(client, endpoint, "/v1/sentry/probe", {"sentry": SENTRY, "nonce": nonce.hex(), "epoch": 9, "n": N})
    body = answer.json()
    hashes = [bytes.fromhex(h) for h in body["row_hashes"]]
    liveness = Liveness(body["worker"], SENTRY, nonce, 9, probe_digest(hashes))
    assert liveness.signer(DOMAIN, bytes.fromhex(body["signature"])) == Account.from_key(WORKER_KEY).address
    # signed for this sentry, nonce and epoch only
    assert (
        Liveness(body["worker"], SENTRY, nonce, 10, probe_digest(hashes)).signer(
            DOMAIN, bytes.fromhex(body["signature"])
        )
        != body["worker"]
    )
    rows = post(client, endpoint, "/v1/sentry/rows", {"nonce": nonce.hex(), "rows": [0, N - 1]}).json()["rows"]
    assert bytes.fromhex(rows["0"]) == probe_row_bytes(probe_seed(nonce), N, 0)


def test_probe__key_not_the_workers__not_answered(client):
    impostor = SentryEndpoint(OTHER_KEY, DOMAIN).start()
    try:
        worker = Account.from_key(WORKER_KEY).address  # the staked address the sentry expects
        result = probe_worker(client, impostor.url, worker, SENTRY, 5, DOMAIN, n=N)
    finally:
        impostor.stop()
    assert not result.answered and "not signed by the worker" in result.error


def test_probe__wrong_rows__not_answered(client):
    lazy = SentryEndpoint(WORKER_KEY, DOMAIN).start()
    real = lazy.rows

    def corrupt(request):
        answer = real(request)
        first = next(iter(answer["rows"]))
        answer["rows"][first] = "00" * (8 * N)
        return answer

    lazy.rows = corrupt
    try:
        result = probe_worker(client, lazy.url, lazy.address, SENTRY, 5, DOMAIN, n=N)
    finally:
        lazy.stop()
    assert not result.answered and "does not match its committed hash" in result.error


def test_probe__nobody_listening__not_answered(client):
    result = probe_worker(client, "http://127.0.0.1:9", Account.from_key(WORKER_KEY).address, SENTRY, 5, DOMAIN, n=N)
    assert not result.answered and result.score == 0


def test_probe__throttled_worker__scored_lower(endpoint, client):
    slow = SentryEndpoint(WORKER_KEY, DOMAIN, slowdown=4.0).start()
    try:
        rng = random.Random(1)
        fast = [probe_worker(client, endpoint.url, slow.address, SENTRY, 5, DOMAIN, n=128, rng=rng) for _ in range(3)]
        slowed = [probe_worker(client, slow.url, slow.address, SENTRY, 5, DOMAIN, n=128, rng=rng) for _ in range(3)]
    finally:
        slow.stop()
    assert all(r.answered for r in fast + slowed)
    assert max(r.score for r in slowed) < sorted(r.score for r in fast)[1]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/sentry/probe", {"sentry": SENTRY, "nonce": "00" * 32, "epoch": 1, "n": 4_096}, 422),
        ("/v1/sentry/probe", {"sentry": SENTRY, "nonce": "00" * 31, "epoch": 1, "n": N}, 422),
        ("/v1/sentry/probe", {"sentry": SENTRY, "nonce": "00" * 32, "epoch": -1, "n": N}, 422),
        ("/v1/sentry/probe", {"sentry": SENTRY, "nonce": "00" * 32, "epoch": 1, "n": N, "extra": 1}, 422),
        ("/v1/sentry/probe", b"[" * 1_000, 422),
        ("/v1/sentry/probe", b"x" * 3_000, 400),
        ("/v1/sentry/rows", {"nonce": "ab" * 32, "rows": [0]}, 404),
        ("/v1/sentry/rows", {"nonce": "ab" * 32, "rows": list(range(17))}, 422),
        ("/v1/elsewhere", {}, 404),
    ],
    ids=[
        "n_too_large",
        "short_nonce",
        "negative_epoch",
        "extra_field",
        "deep_json",
        "oversized",
        "unknown_nonce",
        "too_many_rows",
        "unknown_route",
    ],
)
def test_requests__malformed_or_oversized__refused(endpoint, client, path, body, status):
    assert post(client, endpoint, path, body).status_code == status


def test_metadata_document__carries_url__canonical_json():
    doc = json.loads(metadata_document("http://10.0.0.5:7100", {"gpu": "RTX 4090"}))
    assert doc == {"gpu": "RTX 4090", "sentry_url": "http://10.0.0.5:7100"}


@pytest.mark.anvil
@pytest.mark.slow
def test_agent__sentry_port_auto__publishes_the_bound_url_in_metadata_and_answers(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    """The real agent on anvil with ``sentry_port = "auto"``: it binds a port the system picks, the URL sentries need
    (naming that port) is in its registry metadata, and its staking key signs the answers."""
    from protocol.eip712 import Domain as RegistryDomain
    from tests.support.agent_network import build_network, staked_agent, wait_for

    net = build_network(accounts, anvil_uri, tmp_path)
    worker = accounts[4]
    agent = staked_agent(net, tmp_path, worker, "sentry-probed", sentry_port="auto")
    agent.start()
    try:
        registry = net.contracts["WorkerRegistry"]
        cid = wait_for(lambda: registry.metadata_cid(worker.address) or None, 30, "the metadata CID")
        url = json.loads(net.store.get_bytes(cid))["sentry_url"]
        assert httpx.URL(url).port not in (None, 0)
        domain = RegistryDomain(agent.chain.chain_id, registry.address)
        with httpx.Client(timeout=30) as client:
            result = probe_worker(client, url, worker.address, SENTRY, 0, domain, n=N)
        assert result.answered, result.error
    finally:
        agent.stop()
        net.close()


def test_worker_run__sentry_port_off__warns_that_the_node_can_be_jailed():
    """Left at 0, `gpuhive worker run` starts the agent without the endpoint but says at start what that costs where
    sentries attest (the agent itself only logs it at INFO: the demo's agents run where no sentry attests)."""
    from worker_node.cli import start_notes
    from worker_node.config import WorkerConfig

    base = {"rpc_url": "http://127.0.0.1:8545", "deployment": "d.json", "key_env": "K", "oracles": ["http://o"]}
    [note] = start_notes(WorkerConfig(**base))
    assert "sentry_port = 0" in note and "jailed" in note
    assert start_notes(WorkerConfig(**base, sentry_port=8123)) == []


def test_worker_config__sentry_port__auto_or_a_port_accepted_anything_else_refused():
    from worker_node.config import WorkerConfig

    base = {"rpc_url": "http://127.0.0.1:8545", "deployment": "d.json", "key_env": "K", "oracles": ["http://o"]}
    assert WorkerConfig(**base, sentry_port="auto").sentry_bind_port == 0
    assert WorkerConfig(**base, sentry_port=8123).sentry_bind_port == 8123
    assert WorkerConfig(**base).sentry_port == 0  # off
    for bad in (70_000, -1, "any"):
        with pytest.raises(ValueError):
            WorkerConfig(**base, sentry_port=bad)
