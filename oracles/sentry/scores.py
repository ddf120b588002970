"""The oracle's view of the sentries' attestations: for the latest epoch with posted roots, each sentry's
file fetched by its CID and verified against its root (a file that does not match is ignored), and the
leaves handed to ``oracles.worker_selection`` for dispatch (``Dispatcher(lease_filter=scores.kinds_for)``).
Call ``refresh()`` periodically (once an epoch is enough)."""

from __future__ import annotations

import logging
from typing import Any

from web3 import Web3

from oracles.sentry.attestation import AttestationError, read_verified
from oracles.worker_selection import SelectionPolicy, WorkerSelection
from protocol.chain import ChainClient
from protocol.contracts import Role

log = logging.getLogger(__name__)

REORG_BLOCKS = 64  # blocks re-read on every refresh, so a post in a reorganised block is dropped
KEEP_EPOCHS = 2  # older epochs' posts are forgotten (only the newest epoch's files are read)


class AttestedScores:
    def __init__(self, chain: ChainClient, store: Any, policy: SelectionPolicy | None = None) -> None:
        self.chain = chain
        self.store = store
        self.selection = WorkerSelection(policy or SelectionPolicy())
        self.epoch: int | None = None
        self._deployed_at = chain.deployment.contracts["SentryAttestations"].block
        self._next_block = self._deployed_at
        # (block, epoch, sentry, cid, root) of every post read: each refresh reads only the blocks after the
        # last one it read, less REORG_BLOCKS re-read (a post in a replaced block is dropped with it)
        self._posts: list[tuple[int, int, str, str, bytes]] = []

    def kinds_for(self, worker: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
        return self.selection.kinds_for(worker, kinds)

    def refresh(self) -> int:
        """Read the newest epoch's posted files; returns how many verified files the scores now come from."""
        board = self.chain.sentry
        head = self.chain.head_number()
        since = max(self._deployed_at, self._next_block - REORG_BLOCKS)
        fresh = board.events.AttestationPosted.get_logs(from_block=since, to_block=head) if head >= since else []
        self._next_block = head + 1
        self._posts = [p for p in self._posts if p[0] < since] + [
            (
                int(e["blockNumber"]),
                int(e["args"]["epoch"]),
                Web3.to_checksum_address(e["args"]["sentry"]),
                str(e["args"]["cid"]),
                bytes(e["args"]["root"]),
            )
            for e in fresh
        ]
        if not self._posts:
            return 0
        epoch = max(p[1] for p in self._posts)
        self._posts = [p for p in self._posts if p[1] >= epoch - KEEP_EPOCHS]  # bounded: recent epochs only
        leaves = {}
        for _block, posted_epoch, sentry, cid, root in self._posts:
            if posted_epoch != epoch:
                continue
            if not self.chain.is_eligible(sentry, Role.SENTRY):
                continue  # a slashed or jailed sentry's word no longer counts
            try:
                parsed, _ = read_verified(self.store, cid, root, sentry=sentry, epoch=epoch)
            except (AttestationError, ValueError, OSError) as exc:
                log.info("attestation file ignored", extra={"sentry": sentry, "error": str(exc)[:200]})
                continue
            leaves[sentry] = parsed.leaves()
        if leaves:
            self.selection.update(leaves)
            self.epoch = epoch
        return len(leaves)

    def refresh_quietly(self) -> None:
        """``refresh`` for a scheduler: a failure (node down, store unreachable) is logged and the last
        scores are kept."""
        try:
            self.refresh()
        except Exception:  # the scores are advisory: one bad read never stops the oracle's other work
            log.warning("sentry scores not refreshed", exc_info=True)
