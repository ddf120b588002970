"""The dApp's zk proofs on anvil with real Groth16 proofs (the committed fixtures, verified on-chain by the
deployed verifier): the indexer follows the ProofRegistry's ZkJobRegistered and ProofVerified events, the
read API serves a zk job's proofs by task index (paged, bounded) with each transaction's gas, and a reorg
that drops a proof's block rewinds it, leaving what a fresh index of the canonical chain holds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web3 import Web3

from frontend_api.api import build_read_api
from frontend_api.indexer import Indexer, open_index
from frontend_api.indexer.gas import GasMeter
from frontend_api.indexer.models import IndexRewind
from frontend_api.indexer.zk_proofs import IndexedProof, IndexedZkJob
from protocol.chain import ChainClient
from tests.support.zk_chain import JOB_ID, NUM_TASKS, build_zk_fixture_chain

pytestmark = [pytest.mark.anvil]


@pytest.fixture
def _function_isolation():
    """No chain revert after each test: the module's tests share one fresh deployment (restored at its end)."""
    yield


@pytest.fixture(scope="module")
def zk(accounts, anvil_uri):
    from ape import chain

    snapshot = chain.snapshot()
    yield build_zk_fixture_chain(accounts)
    chain.restore(snapshot)


@pytest.fixture(scope="module")
def client(zk, anvil_uri) -> ChainClient:
    return ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), zk.manifest)


@pytest.fixture
def index(tmp_path):
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    yield sessions
    engine.dispose()


def _raw(w3: Web3, method: str, params: list):
    reply = w3.provider.make_request(method, params)
    assert "error" not in reply, reply
    return reply["result"]


def _dump(sessions) -> list[tuple]:
    with sessions() as s:
        jobs = [
            (r.job_id, r.verifier, r.weights_hash, r.inputs_root, r.num_tasks) for r in s.scalars(select(IndexedZkJob))
        ]
        proofs = [
            (p.job_id, p.task_index, p.output_hash, p.submitter, p.block_number, p.tx_hash)
            for p in s.scalars(select(IndexedProof).order_by(IndexedProof.job_id, IndexedProof.task_index))
        ]
    return [*jobs, *proofs]


def test_zk_proofs__reorg_drops_a_proof__rewound_like_a_fresh_index(zk, client, index):
    """Task 0's proof stays canonical; task 1's block is reorged away (this module's first test)."""
    registry = zk.contracts["ProofRegistry"]
    assert not registry.proven_task(JOB_ID, 1), "this test runs first in its module: task 1 must be unproven"
    if not registry.proven_task(JOB_ID, 0):
        zk.post(0)
    w3 = client.w3
    follower = Indexer().follower(client, index, confirmations=0)
    follower.poll_once()
    snapshot = _raw(w3, "evm_snapshot", [])
    zk.post(1)
    follower.poll_once()
    with index() as s:
        assert [p.task_index for p in s.scalars(select(IndexedProof))] == [0, 1]
    old_head = client.head_number()

    assert _raw(w3, "evm_revert", [snapshot]) is True  # task 1's proof gone; empty blocks past the old head
    while client.head_number() <= old_head:
        _raw(w3, "evm_mine", [])
    follower.poll_once()
    with index() as s:
        assert [p.task_index for p in s.scalars(select(IndexedProof))] == [0]
        assert s.get(IndexedZkJob, JOB_ID).num_tasks == NUM_TASKS  # rebuilt by the job's replay
        (rewind,) = s.scalars(select(IndexRewind))
        assert rewind.events_removed == 1
    engine, fresh = open_index("sqlite://")  # a fresh index of the canonical chain agrees
    Indexer().follower(client, fresh, confirmations=0).poll_once()
    assert _dump(fresh) == _dump(index)
    engine.dispose()


def test_zk_proofs__fixture_proofs_posted__indexed_and_served_with_gas(zk, client, index):
    registry = zk.contracts["ProofRegistry"]
    first = None if registry.proven_task(JOB_ID, 0) else zk.post(0)
    follower = Indexer().follower(client, index, confirmations=0)
    follower.poll_once()
    GasMeter(client.w3, index).run_until_idle()
    api = TestClient(build_read_api(index))

    body = api.get(f"/api/v1/jobs/{JOB_ID}/proofs").json()
    assert body["num_tasks"] == NUM_TASKS and body["proven"] == 1
    assert body["verifier"] == zk.contracts["DenseClassifierVerifier"].address
    (proof,) = body["items"]
    assert proof["task_index"] == 0 and proof["submitter"] == zk.poster.address
    assert int(proof["output_hash"]) == zk.output_hash(0) == int(proof["output_hex"], 16)
    receipt = client.w3.eth.get_transaction_receipt(proof["tx_hash"])
    assert first is None or proof["tx_hash"] == first.txn_hash
    assert proof["block_number"] == receipt["blockNumber"]
    assert proof["gas_used"] == receipt["gasUsed"] > 200_000  # the verifier's pairing check, on-chain

    second = zk.post(1)
    follower.poll_once()
    body = api.get(f"/api/v1/jobs/{JOB_ID}/proofs", params={"limit": 1, "offset": 1}).json()
    assert body["proven"] == 2 == registry.proof_status(JOB_ID)[1]  # the registry's own count agrees
    assert [p["task_index"] for p in body["items"]] == [1] and body["items"][0]["tx_hash"] == second.txn_hash
    assert body["items"][0]["gas_used"] is None  # not priced yet: the gas meter runs behind the indexer

    assert api.get(f"/api/v1/jobs/{zk.other_job}/proofs").status_code == 404  # a plain job has no zk rows
    assert api.get(f"/api/v1/jobs/{JOB_ID}/proofs", params={"limit": 501}).status_code == 400
    assert api.get(f"/api/v1/jobs/{JOB_ID}/proofs", params={"offset": -1}).status_code == 400
