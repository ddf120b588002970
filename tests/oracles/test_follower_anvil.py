"""The oracle's chain client and event follower against the session's anvil node: events handled
once each and in order, confirmations, restarts, replays, a real reorg (``anvil_reorg``), and
revert reasons from ``ChainClient.transact``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from sqlalchemy import BigInteger, Integer, String, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from web3 import Web3

from oracles.db import create_all, make_engine
from protocol.chain import ChainClient, ChainError
from protocol.contracts import TOKEN, Capability, JobStatus, Role
from protocol.follower import (
    ChainFollower,
    DecodedEvent,
    FollowerCursor,
    NewHeadsWaker,
    ProcessedLog,
    ws_url_for,
)

pytestmark = [pytest.mark.anvil]

BUDGET = 10 * TOKEN


class _TestBase(DeclarativeBase):
    pass


class SeenJob(_TestBase):
    """What the recording handler derives from JobCreated, written in the follower's transaction."""

    __tablename__ = "test_seen_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(BigInteger)
    spec_hash: Mapped[str] = mapped_column(String(66))
    tx_hash: Mapped[str] = mapped_column(String(66))
    block_number: Mapped[int] = mapped_column(BigInteger)


class RecordingHandler:
    """Writes each JobCreated to ``test_seen_jobs`` and deletes rows of rewound blocks."""

    def __init__(self, fail_on_job: int | None = None) -> None:
        self.rewinds: list[int] = []
        self.calls = 0
        self.fail_on_job = fail_on_job

    def on_event(self, event: DecodedEvent, session: Session) -> None:
        self.calls += 1
        if event.name != "JobCreated":
            return
        if event.args["job_id"] == self.fail_on_job:
            self.fail_on_job = None
            raise RuntimeError("handler crashed")
        session.add(
            SeenJob(
                job_id=event.args["job_id"],
                spec_hash="0x" + event.args["spec_hash"].hex(),
                tx_hash=event.tx_hash,
                block_number=event.block_number,
            )
        )

    def on_rewind(self, fork_block: int, session: Session) -> None:
        self.rewinds.append(fork_block)
        session.execute(delete(SeenJob).where(SeenJob.block_number >= fork_block))


def _seen(sessions: sessionmaker) -> list[tuple[int, str, str]]:
    with sessions() as s:
        rows = s.scalars(select(SeenJob).order_by(SeenJob.id)).all()
        return [(r.job_id, r.spec_hash, r.tx_hash) for r in rows]


def _canonical_jobs(client: ChainClient, from_block: int) -> list[tuple[int, str, str]]:
    """JobCreated as the chain has it now, read fresh."""
    event = client.escrow.events.JobCreated()
    logs = client.w3.eth.get_logs(
        {
            "fromBlock": from_block,
            "toBlock": client.head_number(),
            "address": client.escrow.address,
            "topics": [event.topic],
        }
    )
    decoded = [event.process_log(entry) for entry in logs]
    return [(d.args.job_id, "0x" + d.args.spec_hash.hex(), d.transactionHash.to_0x_hex()) for d in decoded]


def _mine(w3: Web3, blocks: int = 1) -> None:
    for _ in range(blocks):
        w3.provider.make_request("evm_mine", [])


@pytest.fixture
def w3(anvil_uri: str) -> Web3:
    return Web3(Web3.HTTPProvider(anvil_uri))


@pytest.fixture
def oracle(deployed, w3: Web3, accounts, chain_snapshot) -> ChainClient:
    """The chain client of oracle signer 1 (reverts the chain after the test)."""
    manifest, _, _ = deployed
    return ChainClient(w3, manifest, Account.from_key(accounts[1].private_key), receipt_timeout=30)


@pytest.fixture
def requester_key(accounts) -> LocalAccount:
    return Account.from_key(accounts[9].private_key)


@pytest.fixture
def requester(oracle: ChainClient, deployed, accounts, requester_key: LocalAccount) -> ChainClient:
    """A client signing as a requester that holds tokens and has approved the escrow."""
    _, contracts, _ = deployed
    contracts["HiveToken"].transfer(requester_key.address, 100 * BUDGET, sender=accounts[0])
    client = ChainClient(oracle.w3, oracle.deployment, requester_key, receipt_timeout=30)
    client.transact(client.token.functions.approve(client.escrow.address, 100 * BUDGET))
    return client


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker]:
    engine = make_engine(f"sqlite:///{tmp_path / 'oracle.db'}")
    factory = create_all(engine)
    _TestBase.metadata.create_all(engine)
    yield factory
    engine.dispose()


def _follower(
    oracle: ChainClient,
    sessions: sessionmaker,
    handler: RecordingHandler,
    *,
    start_block: int | None = None,
    **settings,
) -> ChainFollower:
    return ChainFollower(oracle, sessions, handler, start_block=start_block, **{"confirmations": 0, **settings})


def _create_job(client: ChainClient, tag: str) -> str:
    """create_job with spec hash keccak(tag); returns the tx hash."""
    deadline = client.head().timestamp + 86_400
    receipt = client.transact(client.escrow.functions.create_job(f"bafk-{tag}", keccak(text=tag), 4, BUDGET, deadline))
    return receipt["transactionHash"].to_0x_hex()


def _signed_create_job(client: ChainClient, tag: str, nonce: int) -> str:
    """A raw signed create_job transaction with a given nonce (for anvil_reorg)."""
    deadline = client.head().timestamp + 86_400
    # the fee from the chain's own base fee: a fixed 20 gwei would fall below it once earlier blocks had raised it,
    # and anvil_reorg leaves such a transaction out without an error (one way a new fork can hold no job)
    base_fee = client.w3.eth.get_block("latest")["baseFeePerGas"]
    tx = client.escrow.functions.create_job(f"bafk-{tag}", keccak(text=tag), 4, BUDGET, deadline).build_transaction(
        {
            "from": client.account.address,
            "nonce": nonce,
            "gas": 400_000,
            "chainId": client.chain_id,
            "maxFeePerGas": 2 * base_fee + 10**9,
            "maxPriorityFeePerGas": 10**9,
        }
    )
    return client.account.sign_transaction(tx).raw_transaction.to_0x_hex()


# -- following -------------------------------------------------------------------------------
# -- following -------------------------------------------------------------------------------


def test_follower__several_create_job__each_handled_once_in_chain_order(oracle, requester, sessions):
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler)  # from the manifest's start block
    assert follower.start_block == oracle.deployment.start_block
    txs = [_create_job(requester, f"job-{i}") for i in range(3)]

    assert follower.poll_once() >= 3
    assert follower.poll_once() == 0

    seen = _seen(sessions)
    assert seen == _canonical_jobs(oracle, oracle.deployment.start_block)
    assert [tx for _, _, tx in seen[-3:]] == txs
    ids = [job_id for job_id, _, _ in seen]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert follower.last_block() == oracle.head_number()


def test_follower__event_not_deep_enough__handled_only_after_more_blocks(oracle, requester, sessions, w3):
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler, start_block=oracle.head_number() + 1, confirmations=2)
    tx = _create_job(requester, "shallow")
    follower.poll_once()
    assert _seen(sessions) == []
    _mine(w3)
    follower.poll_once()
    assert _seen(sessions) == []
    assert follower.last_block() == oracle.head_number() - 2
    _mine(w3)
    assert follower.poll_once() == 1
    assert [t for _, _, t in _seen(sessions)] == [tx]


def test_follower__restart_from_persisted_cursor__nothing_handled_twice(oracle, requester, sessions):
    start = oracle.head_number() + 1
    first = [_create_job(requester, f"before-{i}") for i in range(2)]
    follower = _follower(oracle, sessions, RecordingHandler(), start_block=start)
    assert follower.poll_once() == 2

    second = [_create_job(requester, f"after-{i}") for i in range(2)]
    restarted_handler = RecordingHandler()
    restarted = _follower(oracle, sessions, restarted_handler, start_block=start)  # same database
    assert restarted.last_block() == follower.last_block()
    assert restarted.poll_once() == 2
    assert restarted_handler.calls == 2
    assert [t for _, _, t in _seen(sessions)] == first + second


def test_follower__head_unchanged_since_last_poll__one_chain_read_then_new_block_followed(
    oracle, requester, sessions, monkeypatch
):
    start = oracle.head_number() + 1
    _create_job(requester, "idle-0")
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler, start_block=start)
    assert follower.poll_once() == 1
    reads = []
    for name in ("head", "head_number", "block", "get_logs"):
        if hasattr(oracle, name):
            real = getattr(oracle, name)
            monkeypatch.setattr(
                oracle, name, lambda *a, _real=real, _name=name, **k: (reads.append(_name), _real(*a, **k))[1]
            )
    assert follower.poll_once() == 0
    assert reads == ["head"]  # nothing mined: neither the reorg check's block read nor a log read
    tx = _create_job(requester, "idle-1")
    assert follower.poll_once() == 1  # a new head: the full poll
    assert [t for _, _, t in _seen(sessions)][-1] == tx


def test_follower__cursor_rewound__processed_logs_skipped(oracle, requester, sessions):
    start = oracle.head_number() + 1
    txs = [_create_job(requester, f"replay-{i}") for i in range(3)]
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler, start_block=start)
    assert follower.poll_once() == 3
    with sessions.begin() as s:
        s.get(FollowerCursor, follower.stream).last_block = start - 1  # as if the cursor update were lost

    assert follower.poll_once() == 0
    assert handler.calls == 3
    assert [t for _, _, t in _seen(sessions)] == txs
    assert follower.last_block() == oracle.head_number()


def test_follower__handler_raises__range_rolled_back_then_retried_whole(oracle, requester, sessions):
    start = oracle.head_number() + 1
    txs = [_create_job(requester, f"crash-{i}") for i in range(3)]
    second_job = requester.escrow.functions.job_count().call() - 1
    follower = _follower(oracle, sessions, RecordingHandler(fail_on_job=second_job), start_block=start)

    with pytest.raises(RuntimeError, match="handler crashed"):
        follower.poll_once()
    assert _seen(sessions) == []
    assert follower.last_block() == start - 1
    with sessions() as s:
        assert s.scalars(select(ProcessedLog)).all() == []

    assert follower.poll_once() == 3
    assert [t for _, _, t in _seen(sessions)] == txs


def test_follower__small_block_range__reads_bounded_ranges_and_catches_up(oracle, requester, sessions, w3, monkeypatch):
    start = oracle.head_number() + 1
    txs = [_create_job(requester, "range-0")]
    _mine(w3, 5)
    txs.append(_create_job(requester, "range-1"))
    ranges: list[tuple[int, int]] = []
    get_logs = w3.eth.get_logs

    def recording_get_logs(params):
        ranges.append((params["fromBlock"], params["toBlock"]))
        return get_logs(params)

    monkeypatch.setattr(w3.eth, "get_logs", recording_get_logs)
    follower = _follower(oracle, sessions, RecordingHandler(), start_block=start, max_block_range=3)
    assert follower.poll_once() == 2
    assert all(to - frm + 1 <= 3 for frm, to in ranges)
    assert ranges[0][0] == start and ranges[-1][1] == oracle.head_number()
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:]))  # contiguous, no gap, no overlap
    assert [t for _, _, t in _seen(sessions)] == txs


def test_follower__reorg_replaces_blocks__nothing_twice_nothing_missed(oracle, requester, sessions, w3):
    start = oracle.head_number() + 1
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler, start_block=start)
    old = [_create_job(requester, f"old-{i}") for i in range(3)]
    assert follower.poll_once() == 3
    fork_block = w3.eth.get_transaction(old[1])["blockNumber"]
    nonce = w3.eth.get_transaction(old[1])["nonce"]
    head_before = oracle.head_number()

    # Replace the last two blocks: one new job where old-1 was, two new jobs where old-2 was.
    new_txs = [
        [_signed_create_job(requester, "new-0", nonce), 0],
        [_signed_create_job(requester, "new-1", nonce + 1), 1],
        [_signed_create_job(requester, "new-2", nonce + 2), 1],
    ]
    reply = w3.provider.make_request("anvil_reorg", [head_before - fork_block + 1, new_txs])
    assert "error" not in reply, reply
    assert w3.eth.get_transaction_receipt(old[0])["blockNumber"] == fork_block - 1
    follower.poll_once()

    canonical = _canonical_jobs(oracle, start)
    assert [spec for _, spec, _ in canonical] == [
        "0x" + keccak(text=t).hex() for t in ("old-0", "new-0", "new-1", "new-2")
    ]
    assert _seen(sessions) == canonical  # each once: ids repeat across forks, rows do not
    assert handler.rewinds == [fork_block]
    assert follower.poll_once() == 0
    assert handler.rewinds == [fork_block]


def test_follower__reorg_deeper_than_window__resyncs_from_start(oracle, requester, sessions, w3):
    """The new fork is made with evm_snapshot / evm_revert, not anvil_reorg: after the suite's many snapshot reverts
    anvil_reorg rebuilt its fork on a stale state of that height, without the contracts (the replacement create_job
    went to an address with no code: status 1, 22,644 gas, no event; CI runs of the full suite failed so)."""
    start = oracle.head_number() + 1
    fork_point = w3.provider.make_request("evm_snapshot", [])["result"]
    handler = RecordingHandler()
    follower = _follower(oracle, sessions, handler, start_block=start, reorg_window=1)
    for i in range(2):
        _create_job(requester, f"deep-old-{i}")
    follower.poll_once()
    assert follower.last_block() >= start + 1  # both old blocks processed, only the newest one's hash kept
    assert w3.provider.make_request("evm_revert", [fork_point])["result"] is True
    _create_job(requester, "deep-new")  # the new fork: one block at ``start``, its hash unlike the old one's

    follower.poll_once()
    assert handler.rewinds == [start]
    assert _seen(sessions) == _canonical_jobs(oracle, start)
    assert [spec for _, spec, _ in _seen(sessions)] == ["0x" + keccak(text="deep-new").hex()]


def test_follower_run__new_heads_waker__wakes_a_sleeping_poller(oracle, requester, sessions, anvil_uri):
    follower = _follower(oracle, sessions, RecordingHandler(), start_block=oracle.head_number() + 1, poll_interval=60)
    stop = threading.Event()
    runner = threading.Thread(target=follower.run, args=(stop,), daemon=True)
    runner.start()
    waker = NewHeadsWaker(ws_url_for(anvil_uri), follower.wake).start()
    try:
        assert waker.connected.wait(5), "no newHeads subscription"
        _wait_for(lambda: follower.last_block() >= oracle.head_number())  # the first poll is done; it sleeps now
        tx = _create_job(requester, "woken")
        _wait_for(lambda: _seen(sessions) != [])
        assert [t for _, _, t in _seen(sessions)] == [tx]
        assert waker.heads_seen >= 1
    finally:
        waker.stop()
        stop.set()
        follower.wake()
        runner.join(5)
    assert not runner.is_alive()


def test_new_heads_waker__no_server__logged_and_polling_unaffected(caplog):
    woken = threading.Event()
    waker = NewHeadsWaker("ws://127.0.0.1:9", woken.set, retry_seconds=0.1, open_timeout=0.5).start()
    _wait_for(lambda: "newHeads subscription failed" in caplog.text, timeout=5)
    waker.stop()
    assert not woken.is_set() and not waker.connected.is_set()


def _wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


# -- chain client ----------------------------------------------------------------------------


def test_transact__call_reverts__chain_error_carries_revert_string(oracle, requester):
    with pytest.raises(ChainError, match="escrow: job not open") as info:
        requester.transact(requester.escrow.functions.request_cancel(10**9))
    assert info.value.reason == "escrow: job not open"
    with pytest.raises(ChainError, match="escrow: zero budget"):
        requester.transact(requester.escrow.functions.create_job("bafk", keccak(text="x"), 1, 0, 2**40))


def test_transact__no_signer__chain_error_says_so(deployed, w3, chain_snapshot):
    client = ChainClient(w3, deployed[0])
    with pytest.raises(ChainError, match="no signer account"):
        client.transact(client.escrow.functions.request_cancel(1))


def test_get_job__created_job__decoded_fields(oracle, requester, requester_key):
    before = oracle.get_job(10**9)
    assert not before.exists
    _create_job(requester, "decoded")
    job_id = oracle.escrow.functions.job_count().call()
    job = oracle.get_job(job_id)
    assert job.exists and job.status == JobStatus.OPEN
    assert job.requester == requester_key.address
    assert job.budget == BUDGET
    assert job.spec_hash == keccak(text="decoded")


def test_node_and_is_eligible__staked_worker__capabilities_and_eligibility(oracle, deployed, accounts):
    _, contracts, params = deployed
    worker_key = Account.from_key(accounts[8].private_key)
    worker = ChainClient(oracle.w3, oracle.deployment, worker_key, receipt_timeout=30)
    assert oracle.node(worker_key.address).role == 0
    assert not oracle.is_eligible(worker_key.address, Role.WORKER)

    contracts["HiveToken"].transfer(worker_key.address, params.min_worker_stake, sender=accounts[0])
    worker.transact(worker.registry.functions.register(Role.WORKER, Capability.RENDER | Capability.GPU, "bafk-meta"))
    worker.transact(worker.token.functions.approve(worker.registry.address, params.min_worker_stake))
    worker.transact(worker.registry.functions.stake(params.min_worker_stake))

    node = oracle.node(worker_key.address.lower())
    assert (node.role, node.staked) == (Role.WORKER, params.min_worker_stake)
    assert node.can_run("render") and not node.can_run("train") and node.has_gpu
    assert oracle.capabilities(worker_key.address) == Capability.RENDER | Capability.GPU
    assert oracle.is_eligible(worker_key.address, Role.WORKER)


def test_head_block_and_committee__live_chain__consistent(oracle, w3, deployed):
    head = oracle.head()
    assert head.number == oracle.head_number()
    block = oracle.block(head.number)
    assert block == head and block.hash == bytes(w3.eth.get_block(head.number)["hash"])
    assert oracle.block(head.number + 1_000) is None
    oracle.check_deployment()
    assert oracle.chain_id == oracle.deployment.chain_id
    _, _, params = deployed
    assert oracle.committee_members() == params.oracle_signers
    assert oracle.committee_threshold() == params.threshold


def test_chain_client__raw_key__signs_as_that_account(deployed, w3, accounts, chain_snapshot):
    client = ChainClient(w3, deployed[0], accounts[1].private_key)
    assert client.account.address == accounts[1].address
    receipt = client.transact(client.token.functions.approve(accounts[2].address, 5))
    assert receipt["from"] == accounts[1].address


def test_check_deployment__manifest_of_another_chain__chain_error(deployed, w3, chain_snapshot):
    from dataclasses import replace

    client = ChainClient(w3, replace(deployed[0], chain_id=1))
    with pytest.raises(ChainError, match="manifest is for chain 1"):
        client.check_deployment()


def test_transact__fails_on_chain__chain_error_with_tx_hash(oracle, requester):
    deadline = requester.head().timestamp + 86_400
    call = requester.escrow.functions.create_job("bafk-oog", keccak(text="oog"), 1, BUDGET, deadline)
    with pytest.raises(ChainError, match=r"JobEscrow.create_job reverted in block \d+") as info:
        requester.transact(call, gas=60_000)  # passes the simulation, runs out of gas when mined
    receipt = oracle.w3.eth.get_transaction_receipt(info.value.tx_hash)
    assert receipt["status"] == 0


def test_run_window_of__deployed_chain__computed_from_the_contracts_periods(oracle, deployed):
    from protocol.jobspec.horizon import run_window, run_window_of

    _, _, params = deployed
    expected = run_window(params.unbonding_period, params.settle_grace, params.dispute_window, params.resolve_timeout)
    assert run_window_of(oracle) == expected > 0
