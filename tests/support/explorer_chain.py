"""A small, complete history on the session's anvil for the explorer's indexer and read API tests: two
staked workers, a settled job with a slash and a claimed payout, a rejected job, an open job with a
cancel request, a refund taken and an unbond begun (through Ape, on the session's deployment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from eth_utils import keccak

from protocol import eip712
from protocol.contracts import TOKEN, Capability, Role
from protocol.settlement import plan_settlement


@dataclass
class ExplorerChain:
    settled_job: int
    rejected_job: int
    open_job: int
    requester: str
    paid_worker: str
    slashed_worker: str
    payout: int
    slash: int


def explorer_history(deployed, accounts) -> Iterator[ExplorerChain]:
    """A module fixture's body: the scenario on the session chain, reverted when the generator closes."""
    from ape import chain

    snapshot = chain.snapshot()
    yield build_explorer_chain(deployed, accounts)
    chain.restore(snapshot)


def build_explorer_chain(deployed, accounts) -> ExplorerChain:
    from ape import chain

    _, c, params = deployed
    escrow, token, registry = c["JobEscrow"], c["HiveToken"], c["WorkerRegistry"]
    deployer, requester, workers = accounts[0], accounts[8], [accounts[6], accounts[7]]
    keys = [a.private_key for a in accounts[1:4]]  # 3 of the committee's 5 signers (threshold 3)
    domain = eip712.Domain(chain.chain_id, escrow.address)
    for i, worker in enumerate(workers):
        token.transfer(worker, 1_000 * TOKEN, sender=deployer)
        registry.register(int(Role.WORKER), int(Capability.COMPUTE), f"bafk-meta-{i}", sender=worker)
        token.approve(registry, 300 * TOKEN, sender=worker)
        registry.stake(200 * TOKEN, sender=worker)
    token.transfer(requester, 1_000 * TOKEN, sender=deployer)
    token.approve(escrow, 1_000 * TOKEN, sender=requester)

    def create(tag: str, budget: int) -> int:
        tx = escrow.create_job(
            f"bafk-{tag}", keccak(text=tag), 4, budget, chain.pending_timestamp + 86_400, sender=requester
        )
        return tx.decode_logs(escrow.JobCreated)[0].job_id

    settled, rejected, open_job = (
        create("settled", 100 * TOKEN),
        create("rejected", 50 * TOKEN),
        create("open", 30 * TOKEN),
    )
    plan = plan_settlement(
        settled,
        100 * TOKEN,
        {workers[0].address: 60 * TOKEN, workers[1].address: 20 * TOKEN},
        10 * TOKEN,
        slashes=[(workers[1].address, 5 * TOKEN)],
    )
    escrow.settle(
        plan.settlement.as_tuple(),
        plan.slashes_arg(),
        eip712.committee_signatures(keys, domain, plan.settlement),
        sender=accounts[1],
    )
    reject = eip712.Reject(rejected, eip712.REJECT_INVALID_SPEC)
    escrow.reject(rejected, reject.reason, eip712.committee_signatures(keys, domain, reject), sender=accounts[2])
    escrow.request_cancel(open_job, sender=requester)
    chain.pending_timestamp += params.dispute_window + 1
    chain.mine()
    amount, proof = plan.proof(workers[0].address)
    escrow.claim(workers[0], [settled], [amount], [proof], sender=workers[0])
    escrow.claim_refund(settled, sender=requester)
    registry.begin_unbond(50 * TOKEN, sender=workers[1])
    return ExplorerChain(
        settled_job=settled,
        rejected_job=rejected,
        open_job=open_job,
        requester=requester.address,
        paid_worker=workers[0].address,
        slashed_worker=workers[1].address,
        payout=60 * TOKEN,
        slash=5 * TOKEN,
    )


def synthetic_events(jobs: int, workers: int, *, first_block: int = 100, t0: int = 1_800_000_000):
    """DecodedEvents of a plausible history, in chain order, without a chain (for hand-filled indexes and the
    read-API timings): the committee (3 signers, k = 2, minimum stakes), ``workers`` nodes registered and
    staked (every 50th jailed), and ``jobs`` jobs: 80 % settled with two payouts claimed and the refund
    taken, 10 % rejected, 5 % disputed, the rest open. Block ``n`` has time ``t0 + 2 n``."""
    from protocol.follower import DecodedEvent

    block, log_index = first_block, 0
    escrow, registry, committee = "0x" + "e" * 40, "0x" + "b" * 40, "0x" + "c" * 40
    nodes = [to_address(i) for i in range(workers)]

    def event(name: str, address: str, **args) -> DecodedEvent:
        nonlocal block, log_index
        block, log_index = block + 1, 0
        return DecodedEvent(
            name=name,
            args=args,
            address=address,
            block_number=block,
            block_hash=block.to_bytes(32, "big"),
            tx_hash="0x" + block.to_bytes(32, "big").hex(),
            log_index=log_index,
            block_timestamp=t0 + 2 * block,
        )

    for i in range(3):
        yield event("SignerAdded", committee, signer=to_address(10_000 + i), signer_count=i + 1)
    yield event("ThresholdChanged", committee, old_threshold=0, new_threshold=2)
    yield event("EpochOpened", committee, epoch=0, start=0, signer_count=3, threshold=2)
    yield event("MinStakeSet", registry, role=1, amount=100 * TOKEN)
    for i, node in enumerate(nodes):
        yield event("NodeRegistered", registry, node=node, role=1, capabilities=5, metadata_cid=f"bafk-node-{i}")
        yield event("Staked", registry, node=node, amount=(150 + i % 100) * TOKEN, staked=(150 + i % 100) * TOKEN)
        if i % 50 == 0:
            yield event("Jailed", registry, node=node, jailer=committee, jailed_until=t0 + 10**9)
    requester = to_address(20_000)
    for job_id in range(1, jobs + 1):
        budget = 100 * TOKEN
        yield event(
            "JobCreated",
            escrow,
            job_id=job_id,
            requester=requester,
            spec_hash=job_id.to_bytes(32, "big"),
            spec_cid=f"bafk-spec-{job_id}",
            num_tasks=8,
            budget=budget,
            deadline=t0 + 10**6,
        )
        kind = job_id % 20
        if kind == 0:
            continue  # open
        if kind in (1, 2):
            yield event("JobRejected", escrow, job_id=job_id, reason=1, refund=budget)
            continue
        a, b = nodes[job_id % workers], nodes[(job_id * 7 + 1) % workers]
        yield event(
            "JobSettled",
            escrow,
            job_id=job_id,
            round=0,
            payout_root=b"\x11" * 32,
            total_payout=80 * TOKEN,
            oracle_fee=10 * TOKEN,
            refund=10 * TOKEN,
            slashes_hash=b"\x22" * 32,
            result_hash=b"\x33" * 32,
            window_end=t0 + 2 * block + 86_400,
        )
        if kind == 3:
            yield event(
                "JobDisputed", escrow, job_id=job_id, requester=requester, bond=10 * TOKEN, resolve_by=t0 + 10**6
            )
            continue
        yield event("PayoutClaimed", escrow, job_id=job_id, worker=a, amount=40 * TOKEN)
        yield event("PayoutClaimed", escrow, job_id=job_id, worker=b, amount=40 * TOKEN)
        yield event("RefundClaimed", escrow, job_id=job_id, requester=requester, amount=10 * TOKEN)


def to_address(i: int) -> str:
    """A checksummed address made from a number."""
    from eth_utils import to_checksum_address

    return to_checksum_address(keccak(text=f"explorer-{i}")[:20])


@contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free local port in a thread; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def sse_messages(lines: Iterator[str], count: int) -> list[dict[str, str]]:
    """The next ``count`` Server-Sent Events messages (their event, id and data fields) from response lines."""
    messages: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in lines:
        if not line:
            if "data" in current:
                messages.append(current)
            current = {}
            if len(messages) == count:
                return messages
        elif not line.startswith(":"):
            key, _, value = line.partition(":")
            current[key] = value.strip()
    return messages
