"""A sentry's attestation file for one epoch: every probe of every worker (time, answer, score, error), the
leaf each worker's probes imply, and the Merkle root over those leaves that the sentry posts on-chain.

Anyone can audit a root: fetch the file by the CID in ``AttestationPosted``, rebuild the tree from its
leaves (``read_verified``), compare roots, and read the proofs a jail needs (``jail_proof``). Oracles read
the files this way before they use the scores (``oracles/worker_selection.py``).

Leaf rule (the same for every sentry, so honest sentries that saw the same absence agree byte for byte):
no probe of a worker answered in the epoch -> the canonical OFFLINE leaf; else uptime = answered / probes in
basis points and the score is the median of the answered probes' scores. A worker with no probe at all
gets no leaf (no evidence either way).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import median_low

from pydantic import BaseModel, ConfigDict, Field

from oracles.sentry.probe import ProbeResult
from protocol.errors import GPUHiveError
from protocol.merkle import StandardMerkleTree
from protocol.sentry_leaf import FLAG_PERF_FAILED, Leaf, attestation_tree, observed_leaf, proof_of

FILE_VERSION = 1
MAX_WORKERS = 100_000
MAX_PROBES_PER_WORKER = 64
MAX_FILE_BYTES = 64 * 2**20


class AttestationError(GPUHiveError, ValueError):
    """An attestation file does not parse, or does not match the root its sentry posted."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProbeRecord(_Model):
    at: float
    answered: bool
    seconds: float | None = None
    score: int = Field(0, ge=0, lt=2**32)
    error: str | None = Field(None, max_length=300)


class WorkerRecord(_Model):
    worker: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    uptime_bps: int = Field(ge=0, le=10_000)
    perf_score: int = Field(ge=0, lt=2**32)
    flags: int = Field(ge=0, le=255)
    probes: list[ProbeRecord] = Field(max_length=MAX_PROBES_PER_WORKER)


class AttestationFile(_Model):
    version: int = FILE_VERSION
    sentry: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    epoch: int = Field(ge=0, lt=2**64)
    chain_id: int
    contract: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    workers: list[WorkerRecord] = Field(min_length=1, max_length=MAX_WORKERS)

    def leaves(self) -> list[Leaf]:
        return [Leaf(w.worker, self.epoch, w.uptime_bps, w.perf_score, w.flags) for w in self.workers]

    def tree(self) -> StandardMerkleTree:
        return attestation_tree(self.leaves())

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


def leaf_from_probes(worker: str, epoch: int, probes: list[ProbeResult]) -> Leaf:
    answered = [p for p in probes if p.answered]
    if not answered:
        return observed_leaf(worker, epoch, 0, len(probes), 0)
    score = median_low(p.score for p in answered)
    return observed_leaf(worker, epoch, len(answered), len(probes), min(score, 2**32 - 1))


def build_file(
    sentry: str, epoch: int, chain_id: int, contract: str, probes: Mapping[str, Iterable[ProbeResult]]
) -> AttestationFile:
    """The epoch's file from every probe, workers in address order (the file's bytes are deterministic)."""
    records = []
    for worker in sorted(probes, key=lambda a: int(a, 16)):
        mine = sorted(probes[worker], key=lambda p: p.at)[-MAX_PROBES_PER_WORKER:]
        if not mine:
            continue
        leaf = leaf_from_probes(worker, epoch, mine)
        flags = leaf.flags
        if not leaf.offline and all(p.score == 0 for p in mine if p.answered):
            flags |= FLAG_PERF_FAILED
        records.append(
            WorkerRecord(
                worker=leaf.worker,
                uptime_bps=leaf.uptime_bps,
                perf_score=leaf.perf_score,
                flags=flags,
                probes=[
                    ProbeRecord(at=p.at, answered=p.answered, seconds=p.seconds, score=p.score, error=p.error)
                    for p in mine
                ],
            )
        )
    if not records:
        raise AttestationError(f"no probes in epoch {epoch}: nothing to attest")
    return AttestationFile(sentry=sentry, epoch=epoch, chain_id=chain_id, contract=contract, workers=records)


def parse_verified(data: bytes, root: bytes, *, sentry: str | None = None, epoch: int | None = None):  # type: ignore[no-untyped-def]
    """The file in ``data`` if its leaves rebuild ``root`` (and it names ``sentry`` and ``epoch``)."""
    try:
        parsed = AttestationFile.model_validate_json(data)
    except ValueError as exc:
        raise AttestationError(f"attestation file does not parse: {str(exc)[:300]}") from None
    if sentry is not None and parsed.sentry.lower() != sentry.lower():
        raise AttestationError(f"file names sentry {parsed.sentry}, not {sentry}")
    if epoch is not None and parsed.epoch != epoch:
        raise AttestationError(f"file covers epoch {parsed.epoch}, not {epoch}")
    try:
        tree = parsed.tree()
    except ValueError as exc:
        raise AttestationError(f"attestation file has bad leaves: {exc}") from None
    if tree.root != root:
        raise AttestationError("attestation file does not match the posted root")
    return parsed, tree


def read_verified(store, cid: str, root: bytes, *, sentry: str | None = None, epoch: int | None = None):  # type: ignore[no-untyped-def]
    """Fetch a posted file by CID (at most MAX_FILE_BYTES) and verify it against its root."""
    return parse_verified(store.get_bytes(cid, max_bytes=MAX_FILE_BYTES), root, sentry=sentry, epoch=epoch)


def jail_proof(tree: StandardMerkleTree, worker: str, epoch: int) -> list[bytes] | None:
    """The proof of ``worker``'s canonical OFFLINE leaf in ``tree``, or None if the tree does not hold it."""
    from protocol.merkle import MerkleError
    from protocol.sentry_leaf import offline_leaf

    try:
        return proof_of(tree, offline_leaf(worker, epoch))
    except MerkleError:
        return None
