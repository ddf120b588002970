"""``POST /v1/eligible`` (oracles/routes/eligible.py): the workers a spec's hardware would have, from the
sentries' attested scores and the workers' node metadata read by the registry's CID (oracles/node_metadata.py,
here over a real LocalStore and a stand-in registry read)."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from oracles.api import create_app
from oracles.deps import OracleIdentity
from oracles.node_metadata import NodeMetadata
from oracles.routes.eligible import Eligibility
from protocol.storage import LocalStore
from tests.oracles.test_api_routes import CHAIN_ID, ORACLE, FakeAuth, FakeCommittee, FakeDispatcher, FakeStatus
from tests.oracles.test_worker_selection_hardware import H100, LIAR, METADATA, selection


class Registry:
    """``ChainClient.metadata_cid`` with a count of reads."""

    def __init__(self, cids: dict[str, str]) -> None:
        self.cids = cids
        self.reads = 0

    def metadata_cid(self, worker: str) -> str:
        self.reads += 1
        return self.cids.get(worker, "")


def oracle_app(eligibility: Eligibility | None) -> FastAPI:
    """An oracle API on fakes whose /v1/eligible counts with ``eligibility``."""
    app = create_app(
        oracle=OracleIdentity(ORACLE, CHAIN_ID),
        auth=FakeAuth(),
        dispatcher=FakeDispatcher(),
        committee=FakeCommittee(),
        status=FakeStatus(),
    )
    if eligibility is not None:
        app.state.eligibility = eligibility
    return app


def _app(eligibility: Eligibility | None) -> TestClient:
    return TestClient(oracle_app(eligibility))


@pytest.fixture
def registry(tmp_path):
    store = LocalStore(tmp_path)
    return Registry({w: store.put_bytes(json.dumps(doc).encode()) for w, doc in METADATA.items()}), store


@pytest.fixture
def client(registry):
    chain, store = registry
    return _app(Eligibility(selection(), NodeMetadata(chain, store), lambda: 4))


def test_eligible__hardware_requirements__counts_from_attested_scores_and_metadata(client, registry):
    assert client.post("/v1/eligible", json={"hardware": None}).json() == {
        "eligible": 4,
        "attested": 4,
        "epoch": 4,
        "speeds": [13.333, 1.5, 1.0, 0.267],  # each score over the median attested one, fastest first
    }
    assert client.post("/v1/eligible", json={}).json()["eligible"] == 4
    datacenter = {"gpu_class": "datacenter", "min_vram_gb": 40}
    # the H100 only: LIAR claims one but the sentries flagged its class; RTX and the laptop are below the class
    assert client.post("/v1/eligible", json={"hardware": datacenter}).json() == {
        "eligible": 1,
        "attested": 4,
        "epoch": 4,
        "speeds": [13.333],
    }
    assert client.post("/v1/eligible", json={"hardware": {"min_perf_score": 40}}).json()["eligible"] == 2
    reads = registry[0].reads
    client.post("/v1/eligible", json={"hardware": datacenter})
    assert registry[0].reads == reads  # CIDs cached


def test_eligible__worker_updates_metadata__seen_after_the_cid_ttl(registry):
    chain, store = registry
    now = [0.0]
    metadata = NodeMetadata(chain, store, cid_ttl_s=60, clock=lambda: now[0])
    client = _app(Eligibility(selection(), metadata, lambda: 4))
    body = {"hardware": {"gpu_class": "datacenter"}}
    assert client.post("/v1/eligible", json=body).json()["eligible"] == 1
    chain.cids[H100] = store.put_bytes(b"not json")  # NodeUpdated to an unreadable document: claims nothing
    now[0] = 61.0
    assert client.post("/v1/eligible", json=body).json()["eligible"] == 0
    assert metadata(LIAR)["gpus"][0]["name"] == "NVIDIA H100"


@pytest.mark.parametrize(
    "body",
    [
        {"hardware": {"gpu_class": "Bad Class!"}},
        {"hardware": {"min_vram_gb": -1}},
        {"hardware": {"cores": 8}},
        {"gpu": "h100"},
    ],
)
def test_eligible__bad_body__422_names_the_field(client, body):
    response = client.post("/v1/eligible", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"]


def test_eligible__oversized_or_deep_body__refused_before_parsing(client):
    big = {"hardware": {"gpu_class": "a" * 2_000}}
    assert client.post("/v1/eligible", json=big).status_code == 413
    deep = b'{"hardware": {"gpu_class": [[["x"]]]}}'
    assert client.post("/v1/eligible", content=deep, headers={"content-type": "application/json"}).status_code == 400


def test_eligible__oracle_without_scores__503_says_so():
    response = _app(None).post("/v1/eligible", json={"hardware": None})
    assert response.status_code == 503
    assert "sentry attestations" in response.json()["detail"]


@pytest.mark.anvil
def test_node_metadata__registered_worker_on_anvil__document_by_the_registry_cid(
    deployed, anvil_uri, accounts, chain_snapshot, tmp_path
):
    from web3 import Web3

    from protocol.chain import ChainClient
    from protocol.contracts import Capability, Role

    manifest, contracts, _ = deployed
    store = LocalStore(tmp_path)
    worker, stranger = accounts[7], accounts[6]
    cid = store.put_bytes(json.dumps(METADATA[H100]).encode())
    contracts["WorkerRegistry"].register(int(Role.WORKER), int(Capability.GPU), cid, sender=worker)
    chain = ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), manifest)
    assert chain.metadata_cid(worker.address.lower()) == cid
    metadata = NodeMetadata(chain, store)
    assert metadata(worker.address) == METADATA[H100]
    assert chain.metadata_cid(stranger.address) == "" and metadata(stranger.address) == {}


def test_eligible__more_workers_than_a_reply_holds__evenly_spaced_speeds_and_the_full_count():
    from oracles.routes.eligible import MAX_SPEEDS
    from oracles.worker_selection import WorkerSelection
    from protocol.sentry_leaf import Leaf

    many = WorkerSelection()
    many.update({"s1": [Leaf(f"0x{i:040x}", 4, 10_000, i) for i in range(1, 1_001)]})  # scores 1..1000
    reply = _app(Eligibility(many, lambda _w: {}, lambda: 4)).post("/v1/eligible", json={}).json()
    assert reply["eligible"] == reply["attested"] == 1_000
    speeds = reply["speeds"]
    assert len(speeds) == MAX_SPEEDS and speeds == sorted(speeds, reverse=True)
    assert speeds[0] == round(1_000 / 500, 3) and speeds[-1] < 0.02  # from the fastest to about the slowest
