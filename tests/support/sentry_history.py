"""A hand-filled explorer index with sentry attestations (no chain): two staked workers, three sentries
posting three epochs of files to a local store. FAST is online at the end (uptime medians 100 %, 100 %,
75 %), ABSENT goes OFFLINE in epoch 3 (and one sentry flagged its GPU class in epoch 1); the third sentry's epoch-2 file does not match its posted root.
Used by the worker page's tests (tests/frontend_api/test_worker_epochs.py) and its browser screenshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from protocol.contracts import TOKEN, SentryFlag
from protocol.follower import DecodedEvent
from protocol.sentry_file import AttestationFile, WorkerRecord
from protocol.sentry_leaf import FLAG_CLASS_MISMATCH
from protocol.storage import LocalStore
from tests.support.explorer_chain import to_address

FAST, ABSENT = to_address(1), to_address(2)  # both staked and free: FAST online, ABSENT offline at the end
SENTRIES = [to_address(100 + i) for i in range(3)]
REGISTRY, ATTESTATIONS = "0x" + "b" * 40, "0x" + "5" * 40
METADATA = {
    "sentry_url": "http://10.0.0.1:9000",
    "gpus": [{"name": "NVIDIA RTX 4090", "vram_bytes": 24 * 2**30}],
    "cpu_model": "AMD EPYC 7B13",
}


def record(worker: str, uptime: int, perf: int, flags: int = 0) -> WorkerRecord:
    return WorkerRecord(worker=worker, uptime_bps=uptime, perf_score=perf, flags=flags, probes=[])


def history(store: LocalStore):
    block = 100

    def event(name: str, address: str, **args) -> DecodedEvent:
        nonlocal block
        block += 1
        return DecodedEvent(
            name,
            args,
            address,
            block,
            block.to_bytes(32, "big"),
            "0x" + block.to_bytes(32, "big").hex(),
            0,
            1_800_000_000 + 2 * block,
        )

    yield event("MinStakeSet", REGISTRY, role=1, amount=100 * TOKEN)
    for node in (FAST, ABSENT):
        cid = store.put_bytes(json.dumps(METADATA).encode()) if node == FAST else ""
        yield event("NodeRegistered", REGISTRY, node=node, role=1, capabilities=5, metadata_cid=cid)
        yield event("Staked", REGISTRY, node=node, amount=150 * TOKEN, staked=150 * TOKEN)
    for epoch in (1, 2, 3):
        for i, sentry in enumerate(SENTRIES):
            absent = (
                record(ABSENT, 0, 0, int(SentryFlag.OFFLINE))
                if epoch == 3
                else record(ABSENT, 10_000, 900, FLAG_CLASS_MISMATCH * (epoch == 1 and i == 0))
            )
            workers = sorted(
                [record(FAST, 10_000 - 2_500 * i * (epoch == 3), 1_000 + 100 * epoch + 10 * i), absent],
                key=lambda r: int(r.worker, 16),
            )
            file = AttestationFile(sentry=sentry, epoch=epoch, chain_id=31_337, contract=ATTESTATIONS, workers=workers)
            root = file.tree().root
            if i == 2 and epoch == 2:  # the third sentry's file for epoch 2 does not match its posted root
                file = file.model_copy(update={"workers": [record(FAST, 0, 0, int(SentryFlag.OFFLINE)), absent]})
            yield event(
                "AttestationPosted",
                ATTESTATIONS,
                epoch=epoch,
                sentry=sentry,
                root=root,
                cid=store.put_bytes(file.to_bytes()),
            )


@contextmanager
def sentry_web_app(tmp_path: Path) -> Iterator[tuple[Any, LocalStore]]:
    """The web app over an index of ``history`` (its files in a local store the app reads), and the store."""
    from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
    from frontend_api.indexer import Indexer, open_index
    from frontend_api.web import build_web_app

    store = LocalStore(tmp_path / "store")
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    with sessions.begin() as s:
        Indexer().write(history(store), s)
    app = build_web_app(sessions)
    attach_wallet(app, WalletBackend(None, store, [], "http://127.0.0.1:8545"))  # type: ignore[arg-type]
    try:
        yield app, store
    finally:
        engine.dispose()
