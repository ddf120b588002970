"""A sentry's attestation file for one epoch, as anyone reads it: every probe of every worker (time, answer,
score, error) and the leaf each worker's probes imply, whose Merkle root the sentry posts on-chain
(``SentryAttestations.AttestationPosted``: epoch, root, CID).

Anyone can audit a root: fetch the file by the CID, rebuild the tree from its leaves (``read_verified``),
compare roots, and read the proofs a jail needs (``jail_proof``). The oracles (worker selection) and the
explorer (uptime and performance per epoch) read the files this way; the sentry writes them
(``oracles/sentry/attestation.py`` ``build_file``). Parsing is bounded: at most ``MAX_FILE_BYTES`` are
fetched, ``MAX_WORKERS`` records of ``MAX_PROBES_PER_WORKER`` probes each are accepted.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from protocol.errors import GPUHiveError
from protocol.merkle import MerkleError, StandardMerkleTree
from protocol.sentry_leaf import Leaf, attestation_tree, offline_leaf, proof_of

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


class ByteSource(Protocol):
    """What ``read_verified`` fetches from: a ``protocol.storage.Store``."""

    def get_bytes(self, cid: str, *, max_bytes: int = ...) -> bytes: ...


def parse_verified(
    data: bytes, root: bytes, *, sentry: str | None = None, epoch: int | None = None
) -> tuple[AttestationFile, StandardMerkleTree]:
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


def read_verified(
    store: ByteSource, cid: str, root: bytes, *, sentry: str | None = None, epoch: int | None = None
) -> tuple[AttestationFile, StandardMerkleTree]:
    """Fetch a posted file by CID (at most MAX_FILE_BYTES) and verify it against its root."""
    return parse_verified(store.get_bytes(cid, max_bytes=MAX_FILE_BYTES), root, sentry=sentry, epoch=epoch)


def jail_proof(tree: StandardMerkleTree, worker: str, epoch: int) -> list[bytes] | None:
    """The proof of ``worker``'s canonical OFFLINE leaf in ``tree``, or None if the tree does not hold it."""
    try:
        return proof_of(tree, offline_leaf(worker, epoch))
    except MerkleError:
        return None
