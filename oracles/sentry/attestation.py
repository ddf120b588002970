"""A sentry's attestation file for one epoch, as the sentry builds it: every probe of every worker (time,
answer, score, error), the leaf each worker's probes imply, and the Merkle root over those leaves that the
sentry posts on-chain. The file's format and its reading and verifying (``read_verified``, ``jail_proof``)
are in ``protocol/sentry_file.py``, shared with the oracles' worker selection and the explorer; they are
re-exported here.

Leaf rule (the same for every sentry, so honest sentries that saw the same absence agree byte for byte):
no probe of a worker answered in the epoch -> the canonical OFFLINE leaf; else uptime = answered / probes in
basis points and the score is the median of the answered probes' scores. A worker with no probe at all
gets no leaf (no evidence either way).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import median_low

from oracles.sentry.probe import ProbeResult
from protocol.sentry_file import (
    FILE_VERSION,
    MAX_FILE_BYTES,
    MAX_PROBES_PER_WORKER,
    MAX_WORKERS,
    AttestationError,
    AttestationFile,
    ProbeRecord,
    WorkerRecord,
    jail_proof,
    parse_verified,
    read_verified,
)
from protocol.sentry_leaf import FLAG_PERF_FAILED, Leaf, observed_leaf

__all__ = [
    "FILE_VERSION",
    "MAX_FILE_BYTES",
    "MAX_PROBES_PER_WORKER",
    "MAX_WORKERS",
    "AttestationError",
    "AttestationFile",
    "ProbeRecord",
    "WorkerRecord",
    "build_file",
    "jail_proof",
    "leaf_from_probes",
    "parse_verified",
    "read_verified",
]


def leaf_from_probes(worker: str, epoch: int, probes: list[ProbeResult]) -> Leaf:
    answered = [p for p in probes if p.answered]
    if not answered:
        return observed_leaf(worker, epoch, 0, len(probes), 0)
    score = median_low(p.score for p in answered)
    return observed_leaf(worker, epoch, len(answered), len(probes), min(score, 2**32 - 1))


def build_file(
    sentry: str,
    epoch: int,
    chain_id: int,
    contract: str,
    probes: Mapping[str, Iterable[ProbeResult]],
    extra_flags: Mapping[str, int] | None = None,
) -> AttestationFile:
    """The epoch's file from every probe, workers in address order (the file's bytes are deterministic).
    ``extra_flags``: more flag bits per worker (the GPU-class check's), never on an OFFLINE leaf."""
    records = []
    for worker in sorted(probes, key=lambda a: int(a, 16)):
        mine = sorted(probes[worker], key=lambda p: p.at)[-MAX_PROBES_PER_WORKER:]
        if not mine:
            continue
        leaf = leaf_from_probes(worker, epoch, mine)
        flags = leaf.flags
        if not leaf.offline and all(p.score == 0 for p in mine if p.answered):
            flags |= FLAG_PERF_FAILED
        if not leaf.offline:
            flags |= (extra_flags or {}).get(worker, 0)
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
