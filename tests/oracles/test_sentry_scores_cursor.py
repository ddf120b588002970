"""AttestedScores reads the sentries' posts from a cursor (each refresh only the new blocks, plus a re-read
window), and a post whose block was replaced in a reorg stops counting. The chain here is a small fake: the
test is about the cursor's bookkeeping; the reads against a real chain and real files are in
test_sentry_service.py."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from oracles.sentry import scores as scores_module
from oracles.sentry.scores import AttestedScores

S1 = "0x" + "11" * 20
S2 = "0x" + "22" * 20


class _Posts:
    def __init__(self) -> None:
        self.logs: list[dict[str, Any]] = []
        self.ranges: list[tuple[int, int]] = []

    def get_logs(self, from_block: int, to_block: int) -> list[dict[str, Any]]:
        self.ranges.append((from_block, to_block))
        return [e for e in self.logs if from_block <= e["blockNumber"] <= to_block]


class _Chain:
    def __init__(self) -> None:
        self.posts = _Posts()
        self.head = 0
        self.deployment = SimpleNamespace(contracts={"SentryAttestations": SimpleNamespace(block=5)})
        self.sentry = SimpleNamespace(events=SimpleNamespace(AttestationPosted=self.posts))

    def head_number(self) -> int:
        return self.head

    def is_eligible(self, _address: str, _role: int) -> bool:
        return True


def _post(block: int, epoch: int, sentry: str) -> dict[str, Any]:
    return {
        "blockNumber": block,
        "args": {"epoch": epoch, "sentry": sentry, "cid": f"cid-{block}", "root": b"\x01" * 32},
    }


def test_refresh__second_call__reads_only_new_blocks_and_the_reorg_window(monkeypatch):
    monkeypatch.setattr(scores_module, "REORG_BLOCKS", 2)
    monkeypatch.setattr(scores_module, "read_verified", lambda *a, **k: (SimpleNamespace(leaves=lambda: []), None))
    chain = _Chain()
    chain.posts.logs = [_post(10, 3, S1), _post(12, 3, S2)]
    chain.head = 12
    scores = AttestedScores(chain, store=None)  # type: ignore[arg-type]
    assert scores.refresh() == 2 and scores.epoch == 3
    chain.head = 20
    assert scores.refresh() == 2
    assert chain.posts.ranges == [(5, 12), (11, 20)]


def test_refresh__post_in_a_replaced_block__no_longer_counts(monkeypatch):
    monkeypatch.setattr(scores_module, "REORG_BLOCKS", 4)
    read: list[str] = []

    def fake_read(_store: Any, cid: str, *_a: Any, **_k: Any) -> Any:
        read.append(cid)
        return SimpleNamespace(leaves=lambda: []), None

    monkeypatch.setattr(scores_module, "read_verified", fake_read)
    chain = _Chain()
    chain.posts.logs = [_post(10, 3, S1), _post(12, 3, S2)]
    chain.head = 12
    scores = AttestedScores(chain, store=None)  # type: ignore[arg-type]
    assert scores.refresh() == 2
    chain.posts.logs = [_post(10, 3, S1)]  # block 12 replaced: S2's post is gone
    chain.head = 13
    read.clear()
    assert scores.refresh() == 1
    assert read == ["cid-10"]


def test_refresh__newer_epoch__older_epochs_files_not_read(monkeypatch):
    read: list[str] = []
    monkeypatch.setattr(
        scores_module,
        "read_verified",
        lambda _s, cid, *a, **k: read.append(cid) or (SimpleNamespace(leaves=lambda: []), None),
    )
    chain = _Chain()
    chain.posts.logs = [_post(10, 3, S1), _post(30, 4, S1), _post(31, 4, S2)]
    chain.head = 40
    scores = AttestedScores(chain, store=None)  # type: ignore[arg-type]
    assert scores.refresh() == 2 and scores.epoch == 4
    assert sorted(read) == ["cid-30", "cid-31"]
