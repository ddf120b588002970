"""Gas spent, from receipts, on anvil: the gas meter prices every transaction that emitted an indexed event
exactly once (checked against receipts read independently), the network API and the dashboard show the sum,
and a reorg takes the rewound transactions off it (a fresh index of the canonical chain agrees)."""

from __future__ import annotations

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web3 import Web3

from frontend_api.indexer import Indexer, open_index
from frontend_api.indexer.gas import GasMeter
from frontend_api.indexer.indexer import INDEXED_CONTRACTS
from frontend_api.indexer.models import IndexedTxFee
from frontend_api.web import build_web_app
from protocol.chain import ChainClient
from protocol.contracts import TOKEN
from tests.support.explorer_chain import explorer_history

pytestmark = [pytest.mark.anvil]


@pytest.fixture(scope="module")
def history(deployed, accounts):
    yield from explorer_history(deployed, accounts)


@pytest.fixture(scope="module")
def client(deployed, anvil_uri, history) -> ChainClient:
    return ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), deployed[0])


@pytest.fixture
def index(tmp_path):
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    yield sessions
    engine.dispose()


def receipts_gas(client: ChainClient) -> tuple[int, int, int]:
    """(gas used, wei, transactions) of every transaction with a log of an indexed contract, read directly."""
    addresses = [client.contracts[name].address for name in INDEXED_CONTRACTS]
    logs = client.w3.eth.get_logs({"address": addresses, "fromBlock": 0, "toBlock": "latest"})
    used = fees = 0
    hashes = {log["transactionHash"] for log in logs}
    for tx in hashes:
        receipt = client.w3.eth.get_transaction_receipt(tx)
        used += receipt["gasUsed"]
        fees += receipt["gasUsed"] * receipt["effectiveGasPrice"]
    return used, fees, len(hashes)


def _raw(w3: Web3, method: str, params: list):
    reply = w3.provider.make_request(method, params)
    assert "error" not in reply, reply
    return reply["result"]


def test_gas__explorer_history__every_transaction_priced_once(client, index):
    Indexer().follower(client, index, confirmations=0).poll_once()
    meter = GasMeter(client.w3, index, batch=7)  # small steps: transactions span steps
    assert meter.run_until_idle() > 0
    used, fees, txs = receipts_gas(client)
    assert fees > 0 and txs > 10
    network = TestClient(build_web_app(index)).get("/api/v1/network").json()
    assert (network["gas_used"], int(network["gas_spent"]), network["gas_transactions"]) == (used, fees, txs)
    assert meter.run_until_idle() == 0  # walked: nothing priced twice
    with index() as s:
        assert s.scalar(select(func.count()).select_from(IndexedTxFee)) == txs
    home = TestClient(build_web_app(index)).get("/").text
    assert f"{used:,} gas in {txs:,} transactions" in home


def test_gas__reorg__rewound_transactions_taken_off(client, index, accounts):
    w3 = client.w3
    follower = Indexer().follower(client, index, confirmations=0)
    meter = GasMeter(w3, index)
    follower.poll_once()
    meter.run_until_idle()
    before = TestClient(build_web_app(index)).get("/api/v1/network").json()
    snapshot = _raw(w3, "evm_snapshot", [])
    worker = ChainClient(w3, client.deployment, Account.from_key(accounts[6].private_key))
    worker.transact(worker.token.functions.approve(worker.registry.address, 10 * TOKEN))
    worker.transact(worker.registry.functions.stake(10 * TOKEN))
    follower.poll_once()
    meter.run_until_idle()
    grown = TestClient(build_web_app(index)).get("/api/v1/network").json()
    assert grown["gas_transactions"] == before["gas_transactions"] + 1  # the stake (approve: the token's event)
    old_head = client.head_number()
    assert _raw(w3, "evm_revert", [snapshot]) is True
    worker.transact(worker.token.functions.transfer(accounts[7].address, 1))
    while client.head_number() <= old_head:
        _raw(w3, "evm_mine", [])
    follower.poll_once()
    meter.run_until_idle()
    after = TestClient(build_web_app(index)).get("/api/v1/network").json()
    assert (after["gas_spent"], after["gas_used"], after["gas_transactions"]) == (
        before["gas_spent"],
        before["gas_used"],
        before["gas_transactions"],
    )
    assert int(after["gas_spent"]) == receipts_gas(client)[1]
