"""The chain reads the oracle's parts are handed as plain callables (so each part can be tested without a chain)."""

from __future__ import annotations

from collections.abc import Callable

from oracles.dispatcher import CachedStake
from protocol.chain import ChainClient
from protocol.contracts import Capability, Role


def head_of(chain: ChainClient) -> Callable[[], tuple[int, bytes]]:
    """(number, hash) of the chain head, for drawing spot checks from block hashes."""

    def head() -> tuple[int, bytes]:
        block = chain.head()
        return block.number, block.hash

    return head


def eligibility_of(chain: ChainClient, stake: CachedStake) -> Callable[[str], tuple[bool, int]]:
    """(eligible, capabilities) of a worker, read from WorkerRegistry; its stake is read with them and handed
    to the dispatcher's stake cover, so a worker's first leases do not wait on the chain inside the lease lock."""

    def eligibility(worker: str) -> tuple[bool, int]:
        node = chain.node(worker)
        stake.prime(worker, node.staked)
        if node.role == Role.LABELER:  # a labeler (its own small stake) labels and does nothing else
            return chain.is_eligible(worker, Role.LABELER), int(Capability.LABEL)
        return chain.is_eligible(worker, Role.WORKER), node.capabilities & ~Capability.LABEL

    return eligibility


def sentry_epoch_seconds(chain: ChainClient) -> int:
    """SentryAttestations' epoch length: how often the sentries post, so how often their scores change."""
    return int(chain.sentry.functions.epoch_length().call())
