"""Lifting a wrongful jail: the committee's EIP-712 ``WrongfulJail(worker, epoch)`` verdict
(protocol/sentry_leaf.py) and the ``lift`` transaction that frees the worker and slashes the sentries whose
roots carried the OFFLINE leaf (SentryAttestations.lift; anyone may submit it).

A committee member signs only what it can see for itself: ``worker_was_serving`` is the member's own
evidence (the worker's leases and results during that epoch in its database); ``sign_verdict`` refuses
without it. The jail's sentries and term come from its ``WorkerJailed`` event.
"""

from __future__ import annotations

from collections.abc import Sequence

from eth_account import Account

from protocol.chain import ChainClient
from protocol.eip712 import Domain
from protocol.errors import GPUHiveError
from protocol.sentry_leaf import wrongful_jail_digest


class VerdictError(GPUHiveError, ValueError):
    """No such jail, or no evidence to sign a verdict on."""


def sign_verdict(key: bytes, chain: ChainClient, worker: str, epoch: int, *, worker_was_serving: bool) -> bytes:
    """One committee member's signature that ``worker``'s jail for ``epoch`` was wrong."""
    if not worker_was_serving:
        raise VerdictError(f"no evidence that {worker} served during epoch {epoch}: a member signs only what it saw")
    digest = wrongful_jail_digest(Domain(chain.chain_id, chain.sentry.address), worker, epoch)
    return bytes(Account.unsafe_sign_hash(digest, key).signature)


def jail_of(chain: ChainClient, worker: str, epoch: int) -> tuple[list[str], int]:
    """The (sentries, jailed_until) of ``worker``'s jail for ``epoch``, from its WorkerJailed event."""
    start = chain.deployment.contracts["SentryAttestations"].block
    logs = chain.sentry.events.WorkerJailed.get_logs(
        from_block=start, to_block="latest", argument_filters={"worker": worker, "epoch": epoch}
    )
    if not logs:
        raise VerdictError(f"{worker} was not jailed on the evidence of epoch {epoch}")
    args = logs[-1]["args"]
    return list(args["sentries"]), int(args["jailed_until"])


def lift(chain: ChainClient, worker: str, epoch: int, signatures: Sequence[tuple[str, bytes]]) -> str:
    """Submit the verdict: ``signatures`` as (signer address, signature), any order. Returns the tx hash."""
    sentries, until = jail_of(chain, worker, epoch)
    ordered = [sig for _, sig in sorted(signatures, key=lambda pair: int(pair[0], 16))]
    receipt = chain.transact(chain.sentry.functions.lift(worker, epoch, sentries, until, ordered))
    return receipt["transactionHash"].to_0x_hex()
