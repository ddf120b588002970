"""The follower on anvil when blocks it has not processed yet are reorganised (``anvil_reorg`` above its
cursor, within the confirmation depth): nothing it processed changes, but the handler is told to undo what
it took from the head it saw (the leader's spot-check draws use the head)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_account import Account
from sqlalchemy.orm import Session
from web3 import Web3

from oracles.db import create_all, make_engine
from protocol.chain import ChainClient
from protocol.follower import ChainFollower, DecodedEvent

pytestmark = [pytest.mark.anvil]


class Rewinds:
    def __init__(self) -> None:
        self.forks: list[int] = []

    def on_event(self, event: DecodedEvent, session: Session) -> None:
        pass

    def on_rewind(self, fork_block: int, session: Session) -> None:
        self.forks.append(fork_block)


@pytest.fixture
def follower(deployed, anvil_uri, accounts, chain_snapshot, tmp_path: Path):
    manifest, _, _ = deployed
    w3 = Web3(Web3.HTTPProvider(anvil_uri))
    client = ChainClient(w3, manifest, Account.from_key(accounts[1].private_key))
    engine = make_engine(f"sqlite:///{tmp_path / 'follower.db'}")
    handler = Rewinds()
    yield (
        ChainFollower(client, create_all(engine), handler, confirmations=3, start_block=client.head_number() - 5),
        handler,
        w3,
        client.account,
    )
    engine.dispose()


def _mine(w3: Web3, n: int) -> None:
    for _ in range(n):
        w3.provider.make_request("evm_mine", [])


def test_follower__unconfirmed_head_reorganised__handler_rewound_from_first_unprocessed_block(follower):
    chain_follower, handler, w3, key = follower
    _mine(w3, 2)
    chain_follower.poll_once()
    cursor = chain_follower.last_block()
    assert cursor == w3.eth.block_number - 3

    # the two newest blocks (above the cursor) replaced by two holding a transfer (empty ones can hash the same)
    reply = w3.provider.make_request("anvil_reorg", [2, [[_transfer(w3, key), 0]]])
    assert "error" not in reply, reply
    chain_follower.poll_once()

    assert handler.forks == [cursor + 1]
    assert chain_follower.last_block() == cursor  # nothing processed was undone
    chain_follower.poll_once()
    assert handler.forks == [cursor + 1]  # once


def test_follower__head_extended_without_reorg__no_rewind(follower):
    chain_follower, handler, w3, _ = follower
    chain_follower.poll_once()
    _mine(w3, 2)
    chain_follower.poll_once()
    assert handler.forks == []


def _transfer(w3: Web3, key) -> str:
    """A raw signed 1-wei transfer to itself, with the sender's current nonce (for anvil_reorg)."""
    tx = {
        "from": key.address,
        "to": key.address,
        "value": 1,
        "nonce": w3.eth.get_transaction_count(key.address),
        "gas": 21_000,
        "chainId": w3.eth.chain_id,
        "maxFeePerGas": 50 * 10**9,
        "maxPriorityFeePerGas": 10**9,
    }
    return key.sign_transaction(tx).raw_transaction.to_0x_hex()
