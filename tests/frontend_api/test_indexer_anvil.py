"""The explorer's indexer on anvil against the real contracts: every job, node, settlement and committee
row derived from the events equals what the contracts say; nothing is indexed twice; a reorg rewinds
and rebuilds the rows; a log that does not decode is skipped and indexing goes on; PostgreSQL."""

from __future__ import annotations

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web3 import Web3

from frontend_api.api import build_read_api
from frontend_api.indexer import Indexer, event_count, open_index
from frontend_api.indexer.models import (
    CommitteeSigner,
    IndexedEvent,
    IndexedJob,
    IndexedSettlement,
    IndexedWorker,
    IndexRewind,
    IndexTotal,
    NetworkParam,
)
from protocol.chain import ChainClient
from protocol.contracts import TOKEN
from protocol.follower import EventDecoder
from tests.support.explorer_chain import explorer_history
from tests.support.postgres import fresh_database, postgres_server

pytestmark = [pytest.mark.anvil]


@pytest.fixture(scope="module")
def history(deployed, accounts):
    yield from explorer_history(deployed, accounts)


@pytest.fixture(scope="module")
def client(deployed, anvil_uri, history) -> ChainClient:
    manifest, _, _ = deployed
    return ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), manifest)


@pytest.fixture
def index(tmp_path):
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    yield sessions
    engine.dispose()


def _raw(w3: Web3, method: str, params: list):
    reply = w3.provider.make_request(method, params)
    assert "error" not in reply, reply
    return reply["result"]


def test_indexer__scenario__rows_equal_the_contracts(client, history, index):
    follower = Indexer().follower(client, index, confirmations=0)
    assert follower.poll_once() > 10
    with index() as s:
        for job_id in (history.settled_job, history.rejected_job, history.open_job):
            job, on_chain = s.get(IndexedJob, job_id), client.get_job(job_id)
            assert job.state == on_chain.status.label and job.budget == on_chain.budget
            assert job.requester == history.requester and job.created_time is not None
        settled = s.get(IndexedJob, history.settled_job)
        assert (settled.payout, settled.oracle_fee, settled.refund) == (80 * TOKEN, 10 * TOKEN, 10 * TOKEN)
        assert settled.claimed == history.payout and settled.refund_claimed == 10 * TOKEN
        assert settled.slashed == history.slash and settled.slash_count == 1
        (settlement,) = s.scalars(select(IndexedSettlement).where(IndexedSettlement.job_id == history.settled_job))
        assert settlement.payout_root == "0x" + bytes(client.get_job(history.settled_job).payout_root).hex()
        assert s.get(IndexedJob, history.rejected_job).refund == 50 * TOKEN
        assert s.get(IndexedJob, history.open_job).cancel_requested
        for address in (history.paid_worker, history.slashed_worker):
            worker, node = s.get(IndexedWorker, address), client.node(address)
            assert (worker.staked, worker.unbonding, worker.jailed_until) == (
                node.staked,
                node.unbonding,
                node.jailed_until,
            )
            assert worker.capabilities == node.capabilities and worker.role == node.role
        assert s.get(IndexedWorker, history.paid_worker).earned == history.payout
        assert s.get(IndexedWorker, history.slashed_worker).slashed == history.slash
        signers = set(s.scalars(select(CommitteeSigner.address)))
        assert signers == set(client.committee_members())
        assert s.get(NetworkParam, "threshold").value == str(client.committee.functions.threshold().call())
        assert s.get(NetworkParam, "min_stake_1").value == str(100 * TOKEN)


def test_indexer__polled_again_and_restarted__each_log_once(client, index):
    first = Indexer().follower(client, index, confirmations=0)
    first.poll_once()
    count = event_count(index)
    assert first.poll_once() == 0
    restarted = Indexer().follower(client, index, confirmations=0)
    assert restarted.poll_once() == 0 and event_count(index) == count
    with index() as s:
        keys = s.execute(select(IndexedEvent.tx_hash, IndexedEvent.log_index)).all()
        assert len(keys) == len(set(keys)) == count


def test_indexer__confirmations__newest_blocks_wait(client, index):
    follower = Indexer().follower(client, index, confirmations=3)
    follower.poll_once()
    assert follower.last_block() == client.head_number() - 3


def test_indexer__reorg__rewound_rows_rebuilt_from_the_canonical_chain(client, history, index, accounts):
    w3 = client.w3
    follower = Indexer().follower(client, index, confirmations=0)
    follower.poll_once()
    with index() as s:
        before = s.get(IndexedWorker, history.paid_worker).staked
        jobs_before = s.scalar(select(func.count()).select_from(IndexedJob))
    snapshot = _raw(w3, "evm_snapshot", [])
    worker = ChainClient(w3, client.deployment, Account.from_key(accounts[6].private_key))
    requester = ChainClient(w3, client.deployment, Account.from_key(accounts[8].private_key))
    worker.transact(worker.token.functions.approve(worker.registry.address, 10 * TOKEN))
    worker.transact(worker.registry.functions.stake(10 * TOKEN))
    deadline = requester.head().timestamp + 86_400
    requester.transact(requester.escrow.functions.create_job("bafk-doomed", b"\x01" * 32, 1, 5 * TOKEN, deadline))
    follower.poll_once()
    with index() as s:
        assert s.get(IndexedWorker, history.paid_worker).staked == before + 10 * TOKEN
        assert s.scalar(select(func.count()).select_from(IndexedJob)) == jobs_before + 1
    old_head = client.head_number()

    # the chain from the snapshot on replaced: one other transaction, then empty blocks past the old head
    assert _raw(w3, "evm_revert", [snapshot]) is True
    worker.transact(worker.token.functions.transfer(accounts[7].address, 1))
    while client.head_number() <= old_head:
        _raw(w3, "evm_mine", [])
    follower.poll_once()

    with index() as s:
        assert s.get(IndexedWorker, history.paid_worker).staked == before == client.node(history.paid_worker).staked
        assert s.scalar(select(func.count()).select_from(IndexedJob)) == jobs_before
        assert s.scalar(select(func.count()).where(IndexedEvent.name == "Staked")) == 2  # the scenario's two
        (rewind,) = s.scalars(select(IndexRewind))
        assert rewind.events_removed == 2  # Staked and JobCreated (the token is not indexed)
    fresh = Indexer()
    engine, sessions = open_index("sqlite://")  # a fresh index of the canonical chain agrees
    fresh.follower(client, sessions, confirmations=0).poll_once()
    assert _dump(sessions) == _dump(index)
    engine.dispose()


def test_indexer__log_that_does_not_decode__skipped_and_indexing_goes_on(client, history, index, accounts, caplog):
    """The committee's code swapped for a contract that emits SignerAdded's topic with no indexed signer and
    three bytes of data (LOG1): the log cannot decode with the ABI."""
    w3 = client.w3
    snapshot = _raw(w3, "evm_snapshot", [])
    committee = client.committee.address
    code = w3.eth.get_code(committee)
    topic = client.committee.events.SignerAdded().topic
    emitter = "0x7f" + bytes(Web3.to_bytes(hexstr=topic)).hex() + "6003" + "6000" + "a1" + "00"
    _raw(w3, "anvil_setCode", [committee, emitter])
    tx_hash = w3.eth.send_transaction({"to": committee, "from": accounts[8].address, "gas": 100_000})  # anvil signs
    assert w3.eth.wait_for_transaction_receipt(tx_hash)["logs"]
    _raw(w3, "anvil_setCode", [committee, "0x" + bytes(code).hex()])
    worker = ChainClient(w3, client.deployment, Account.from_key(accounts[7].private_key))
    worker.transact(worker.registry.functions.update_node(5, "bafk-after-bad-log"))
    try:
        with caplog.at_level("WARNING"):
            Indexer().follower(client, index, confirmations=0).poll_once()
        assert any("does not decode" in r.getMessage() for r in caplog.records)
        with index() as s:
            assert s.get(IndexedWorker, history.slashed_worker).metadata_cid == "bafk-after-bad-log"
            assert s.scalar(select(func.count()).where(IndexedEvent.tx_hash == tx_hash.to_0x_hex())) == 0
    finally:
        _raw(w3, "evm_revert", [snapshot])


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    yield from postgres_server(tmp_path_factory)


def test_indexer__postgresql__same_rows_as_sqlite(client, index, postgres):
    engine, sessions = open_index(fresh_database(postgres, "gpuhive_index"))
    try:
        Indexer().follower(client, sessions, confirmations=0).poll_once()
        Indexer().follower(client, index, confirmations=0).poll_once()
        assert _dump(sessions) == _dump(index)
        on_postgres, on_sqlite = TestClient(build_read_api(sessions)), TestClient(build_read_api(index))
        for path in ("/api/v1/network", "/api/v1/jobs?limit=500", "/api/v1/workers", "/api/v1/committee"):
            assert on_postgres.get(path).json() == on_sqlite.get(path).json(), path
        assert int(on_postgres.get("/api/v1/network").json()["paid_out"]) == 80 * TOKEN
    finally:
        engine.dispose()


def _dump(sessions) -> dict[str, list]:
    """Every derived row (ids aside) and every event key, comparable across databases."""
    with sessions() as s:
        out: dict[str, list] = {}
        for model, order in (
            (IndexedJob, IndexedJob.job_id),
            (IndexedWorker, IndexedWorker.address),
            (IndexedSettlement, IndexedSettlement.tx_hash),
            (CommitteeSigner, CommitteeSigner.address),
            (NetworkParam, NetworkParam.key),
            (IndexTotal, IndexTotal.key),
        ):
            out[model.__tablename__] = [
                {k: v for k, v in vars(row).items() if not k.startswith("_") and k != "id"}
                for row in s.scalars(select(model).order_by(order))
            ]
        out["events"] = [
            (e.block_number, e.tx_hash, e.log_index, e.name, e.args_json, e.block_time)
            for e in s.scalars(select(IndexedEvent).order_by(IndexedEvent.block_number, IndexedEvent.log_index))
        ]
        return out


def test_event_decoder__every_scenario_log__same_arguments_as_web3(client):
    """The follower decodes with eth_abi directly (protocol.follower.EventDecoder); web3's process_log is
    the reference."""
    contracts = [client.escrow, client.registry, client.committee]
    logs = client.w3.eth.get_logs(
        {"fromBlock": client.deployment.start_block, "toBlock": "latest", "address": [c.address for c in contracts]}
    )
    decoders = {(c.address.lower(), d.topic): (c, d) for c in contracts for d in map(EventDecoder, _events(c))}
    names = set()
    for entry in logs:
        contract, decoder = decoders[(entry["address"].lower(), bytes(entry["topics"][0]))]
        expected = contract.events[decoder.name]().process_log(entry)["args"]
        assert decoder.decode(entry["topics"], entry["data"]) == {k: _plain(v) for k, v in expected.items()}
        names.add(decoder.name)
    assert {"JobCreated", "JobSettled", "PayoutClaimed", "NodeRegistered", "Slashed", "SignerAdded"} <= names


def _events(contract) -> list[dict]:
    return [item for item in contract.abi if item.get("type") == "event"]


def _plain(value):
    return bytes(value) if isinstance(value, bytes) else value
