"""The chain is the truth for settlement state: three oracles (k = 2) on anvil, following at a confirmation
depth of ``CONFIRMATIONS`` while a miner thread adds blocks, and real reorganisations (``anvil_reorg``).

- A ``settle`` whose block is reorganised away, before the followers read it (depth below the confirmation
  depth) or after (above it), leaves the job open on-chain: its leader sends the settlement again and the
  canonical chain ends with exactly one ``JobSettled``, whose sums equal the budget.
- A settled job whose ``JobCreated`` is reorganised out, and whose id is then created again by another
  requester with another spec, is taken in fresh and settled with the new spec.
"""

from __future__ import annotations

import time

import pytest
from eth_account import Account
from web3 import Web3

from protocol.chain import ChainClient
from protocol.contracts import TOKEN, JobStatus
from protocol.jobspec import load_spec, spec_hash
from tests.support.oracle_api import leader_index, wait_for
from tests.support.oracle_network import BlockMiner, Network, build_network, job_manifest, settle_events, spec_yaml

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

CONFIRMATIONS = 3


def _spec(seed: int) -> str:
    return spec_yaml("compute", kernel={"name": "sha256_chain", "chains": 2, "length": 5, "seed": seed})


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path, confirmations=CONFIRMATIONS)
    miner = BlockMiner(anvil_uri, period=0.5).start()
    network.miner = miner  # type: ignore[attr-defined]
    for i in (4, 5):
        network.add_worker(accounts[i]).start()
    yield network
    miner.stop()
    network.close()


def _miner(net: Network) -> BlockMiner:
    return net.miner  # type: ignore[attr-defined]


def _settled_block(net: Network, job_id: int) -> int:
    """Wait for the job's settle on-chain; the block that holds it (read at once, polling every 50 ms)."""
    escrow = net.contracts["JobEscrow"]
    deadline = time.monotonic() + 90
    while escrow.get_job(job_id).status != JobStatus.SETTLED:
        assert time.monotonic() < deadline, [svc.job_status(job_id) if svc else None for svc in net.oracles]
        time.sleep(0.05)
    (event,) = _settled_logs(net, job_id)
    return event.blockNumber


def _settled_logs(net: Network, job_id: int) -> list:
    chain = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest)
    return list(
        chain.escrow.events.JobSettled().get_logs(
            from_block=net.manifest.start_block, argument_filters={"job_id": job_id}
        )
    )


def _head(net: Network) -> int:
    return _miner(net).w3.eth.block_number


def _states(net: Network, job_id: int) -> list[str | None]:
    return [(st.state if (st := svc.job_status(job_id)) else None) for svc in net.oracles if svc]


def _assert_settled_once_and_balanced(net: Network, job_id: int) -> None:
    wait_for(lambda: net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.SETTLED, 90, "settled again")
    _miner(net).resume()
    wait_for(lambda: _states(net, job_id) == ["settled"] * 3, 60, f"every oracle settled: {_states(net, job_id)}")
    (settled,) = settle_events(net, job_id)  # exactly one on the canonical chain
    budget = net.contracts["JobEscrow"].get_job(job_id).budget
    assert settled["total_payout"] + settled["oracle_fee"] + settled["refund"] == budget
    assert settled["total_payout"] == 4 * TOKEN  # 2 tasks x 2 replicas, each paid once


def test_settle__block_reorged_away_below_confirmation_depth__sent_again_and_settled_once(net):
    job_id = net.create_job(_spec(1))
    block = _settled_block(net, job_id)
    _miner(net).pause()
    leader = net.oracle(leader_index(net, job_id))
    wait_for(lambda: leader.job_status(job_id).settle_tx, 10, "the leader to read its receipt")
    depth = _head(net) - block + 1
    assert depth <= CONFIRMATIONS  # the followers have not read the JobSettled yet
    assert leader.job_status(job_id).state == "settling"  # not settled from its own receipt

    _miner(net).reorg(depth)
    assert net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.OPEN

    _assert_settled_once_and_balanced(net, job_id)


def test_settle__block_reorged_away_after_confirmation__job_back_to_settling_and_settled_once(net):
    job_id = net.create_job(_spec(2))
    block = _settled_block(net, job_id)
    wait_for(lambda: _states(net, job_id) == ["settled"] * 3, 30, "every oracle read the JobSettled")
    _miner(net).pause()
    depth = _head(net) - block + 1
    assert depth > CONFIRMATIONS

    _miner(net).reorg(depth)
    assert net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.OPEN
    _miner(net).resume()

    _assert_settled_once_and_balanced(net, job_id)


def test_job_created__settled_job_reorged_out_and_id_created_again__new_job_served_with_its_spec(net, accounts):
    escrow, token = net.contracts["JobEscrow"], net.contracts["HiveToken"]
    other_requester = accounts[7]
    token.transfer(other_requester, 1_000 * TOKEN, sender=accounts[0])
    token.approve(escrow, 1_000 * TOKEN, sender=other_requester)
    before_creation = _miner(net).snapshot()
    old_id = net.create_job(_spec(3))
    created_block = _creation_block(net, old_id)
    _settled_block(net, old_id)
    wait_for(lambda: _states(net, old_id) == ["settled"] * 3, 30, "every oracle read the JobSettled")

    new_spec = _spec(4)
    new_cid = net.store.put_bytes(new_spec.encode())
    _miner(net).pause()
    old_head = _head(net)
    assert old_head - created_block + 1 > CONFIRMATIONS  # the settled job's creation was confirmed
    where = f"start {net.manifest.start_block}, created {created_block}, head {old_head}"
    _miner(net).replace_from(
        before_creation, lambda: [_signed_create_job(net, other_requester, new_cid, new_spec)], until=old_head + 1
    )
    assert _miner(net).w3.eth.get_code(escrow.address), f"the escrow's code left the chain: {where}"
    on_chain = escrow.get_job(old_id)
    assert on_chain.requester == other_requester.address  # the same id, another job
    assert bytes(on_chain.spec_hash) == spec_hash(load_spec(new_spec))
    _miner(net).resume()

    _assert_settled_once_and_balanced(net, old_id)
    manifest, _ = job_manifest(net, old_id)
    assert manifest.spec_cid == new_cid


def _creation_block(net: Network, job_id: int) -> int:
    chain = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest)
    (created,) = chain.escrow.events.JobCreated().get_logs(
        from_block=net.manifest.start_block, argument_filters={"job_id": job_id}
    )
    return created.blockNumber


def _signed_create_job(net: Network, requester, cid: str, spec_text: str) -> str:
    """A raw create_job signed by ``requester`` (for anvil_reorg), with the nonce it has now."""
    spec = load_spec(spec_text)
    key = Account.from_key(requester.private_key)
    chain = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest, key)
    deadline = chain.head().timestamp + 86_400
    tx = chain.escrow.functions.create_job(
        cid, spec_hash(spec), spec.num_tasks, spec.budget, deadline
    ).build_transaction(
        {
            "from": key.address,
            "nonce": chain.w3.eth.get_transaction_count(key.address),
            "gas": 600_000,
            "chainId": chain.chain_id,
            "maxFeePerGas": 50 * 10**9,
            "maxPriorityFeePerGas": 10**9,
        }
    )
    return key.sign_transaction(tx).raw_transaction.to_0x_hex()
