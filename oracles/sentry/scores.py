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


class AttestedScores:
    def __init__(self, chain: ChainClient, store: Any, policy: SelectionPolicy | None = None) -> None:
        self.chain = chain
        self.store = store
        self.selection = WorkerSelection(policy or SelectionPolicy())
        self.epoch: int | None = None
        self._from_block = chain.deployment.contracts["SentryAttestations"].block

    def kinds_for(self, worker: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
        return self.selection.kinds_for(worker, kinds)

    def refresh(self) -> int:
        """Read the newest epoch's posted files; returns how many verified files the scores now come from."""
        board = self.chain.sentry
        logs = board.events.AttestationPosted.get_logs(from_block=self._from_block, to_block="latest")
        if not logs:
            return 0
        epoch = max(int(e["args"]["epoch"]) for e in logs)
        leaves = {}
        for entry in logs:
            args = entry["args"]
            if int(args["epoch"]) != epoch:
                continue
            sentry = Web3.to_checksum_address(args["sentry"])
            if not self.chain.is_eligible(sentry, Role.SENTRY):
                continue  # a slashed or jailed sentry's word no longer counts
            try:
                parsed, _ = read_verified(self.store, args["cid"], bytes(args["root"]), sentry=sentry, epoch=epoch)
            except (AttestationError, ValueError, OSError) as exc:
                log.info("attestation file ignored", extra={"sentry": sentry, "error": str(exc)[:200]})
                continue
            leaves[sentry] = parsed.leaves()
        if leaves:
            self.selection.update(leaves)
            self.epoch = epoch
        return len(leaves)
