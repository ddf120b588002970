"""Which workers get leases, from what the sentries attest (issue 19): the whole policy, in one place.

Input: the leaves of the latest attested epoch, one list per sentry, each list read from an attestation
file already verified against the root its sentry posted (``oracles/sentry/attestation.py``). Per worker the
sentries' numbers are combined by their median, so one sentry that lies high or low moves nothing while the
others agree.

* A worker whose median uptime is below ``min_uptime_bps``, or that a majority of the sentries saw
  OFFLINE, gets no lease at all.
* A heavy task (the dispatcher says which) is preferred for workers whose median score is at least
  ``heavy_perf_fraction`` of the fastest attested worker's: a throttled or overloaded worker gets light
  tasks first, and a heavy one only when it is idle (its other kinds left it without a lease). The
  dispatcher's lock serves one request at a time, so a heavy slot still pending then is one no fast worker
  is asking for; near a job's end the dispatch policy's tail rule keeps slow workers off the last tasks.
  (Forbidding them outright starved every 1x worker whenever a 4x one was attested.)
* A worker no sentry attested yet (new, or a network without sentries) is allowed (``allow_unattested``),
  so the network runs before the first epoch closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median_low
from typing import Any

from eth_utils import to_checksum_address

from oracles.sentry.gpu_class import DEFAULT_CLASSES, GpuClass, claimed_class
from protocol.aicore.hardware import meets
from protocol.aicore.speed import median_score, relative_speed
from protocol.contracts import SentryFlag
from protocol.jobspec.hardware import HardwareRequirements
from protocol.sentry_leaf import FLAG_CLASS_MISMATCH, Leaf

# The dispatcher asks about a worker on every lease request: its address's EIP-55 checksum (a keccak) is computed
# once per address, not per request (it was 14 % of the leading oracle's API thread in benchmarks/e2e.py).
_checksum = lru_cache(maxsize=65_536)(to_checksum_address)

# Job kinds whose tasks are long GPU work: only workers with a heavy-capable score lease them.
HEAVY_KINDS = frozenset({"render", "train"})


@dataclass(frozen=True)
class SelectionPolicy:
    min_uptime_bps: int = 8_000
    heavy_perf_fraction: float = 0.5
    allow_unattested: bool = True


@dataclass(frozen=True)
class WorkerScore:
    worker: str
    epoch: int
    uptime_bps: int
    perf_score: int
    offline_votes: int
    sentries: int
    mismatch_votes: int = 0  # sentries that flagged its claimed GPU class (FLAG_CLASS_MISMATCH)

    @property
    def offline(self) -> bool:
        return 2 * self.offline_votes > self.sentries

    @property
    def class_confirmed(self) -> bool:
        """No majority of its sentries found its probe score outside its claimed class's range."""
        return 2 * self.mismatch_votes <= self.sentries


def combine(leaves_by_sentry: Mapping[str, Iterable[Leaf]]) -> dict[str, WorkerScore]:
    """Per worker, the median of the sentries' uptime and score, and how many saw it OFFLINE; only each
    worker's latest epoch counts."""
    seen: dict[str, dict[int, list[Leaf]]] = {}
    for leaves in leaves_by_sentry.values():
        for leaf in leaves:
            seen.setdefault(leaf.worker, {}).setdefault(leaf.epoch, []).append(leaf)
    scores = {}
    for worker, by_epoch in seen.items():
        epoch = max(by_epoch)
        leaves = by_epoch[epoch]
        scores[worker] = WorkerScore(
            worker=worker,
            epoch=epoch,
            uptime_bps=median_low(leaf.uptime_bps for leaf in leaves),
            perf_score=median_low(leaf.perf_score for leaf in leaves),
            offline_votes=sum(1 for leaf in leaves if leaf.flags & SentryFlag.OFFLINE),
            sentries=len(leaves),
            mismatch_votes=sum(1 for leaf in leaves if leaf.flags & FLAG_CLASS_MISMATCH),
        )
    return scores


@dataclass
class WorkerSelection:
    """The dispatcher's question "may this worker lease this task?", answered from the attested scores."""

    policy: SelectionPolicy = field(default_factory=SelectionPolicy)
    scores: dict[str, WorkerScore] = field(default_factory=dict)
    _median: tuple[object, float] = field(default=(None, 1.0), init=False, repr=False)
    _fastest: tuple[object, int] = field(default=(None, 0), init=False, repr=False)

    def update(self, leaves_by_sentry: Mapping[str, Iterable[Leaf]]) -> None:
        self.scores = combine(leaves_by_sentry)

    @property
    def fastest(self) -> int:
        """The best attested score of the workers not OFFLINE (read once per ``scores`` dict)."""
        if self._fastest[0] is not self.scores:
            best = max((s.perf_score for s in self.scores.values() if not s.offline), default=0)
            self._fastest = (self.scores, best)
        return self._fastest[1]

    def may_lease(self, worker: str, heavy: bool = False) -> bool:
        score = self.scores.get(_checksum(worker))
        if score is None:
            return self.policy.allow_unattested
        if score.offline or score.uptime_bps < self.policy.min_uptime_bps:
            return False
        if heavy:
            return score.perf_score >= self.policy.heavy_perf_fraction * self.fastest
        return True

    def kinds_for(self, worker: str, kinds: tuple[str, ...], idle: bool = False) -> tuple[str, ...]:
        """The dispatcher's hook (``Dispatcher(selection=...)``): of the job kinds ``worker`` asks for, those it
        may lease now. Heavy kinds (HEAVY_KINDS) are preferred for heavy-capable workers, not forbidden to the
        others: a slower worker gets them on its ``idle`` pass, when its other kinds left it without a lease."""
        if not self.may_lease(worker):
            return ()
        if idle or self.may_lease(worker, heavy=True):
            return kinds
        return tuple(k for k in kinds if k not in HEAVY_KINDS)

    def rank(self, workers: Iterable[str]) -> list[str]:
        """``workers`` that may lease a heavy task, fastest first (the unattested last)."""
        allowed = [_checksum(w) for w in workers if self.may_lease(w, heavy=True)]
        return sorted(allowed, key=lambda w: -(self.scores[w].perf_score if w in self.scores else -1))

    def speed(self, worker: str) -> float:
        """``worker``'s attested speed relative to the median attested worker (1.0); an unattested worker counts
        as the median, an OFFLINE one as 0. The dispatch policy's unit (``oracles.dispatch_policy``)."""
        score = self.scores.get(_checksum(worker))
        if score is not None and score.offline:
            return 0.0
        return relative_speed(None if score is None else score.perf_score, self.median)

    @property
    def median(self) -> float:
        """The median attested score of the workers not OFFLINE (read once per ``scores`` dict)."""
        if self._median[0] is not self.scores:
            self._median = (self.scores, median_score(s.perf_score for s in self.scores.values() if not s.offline))
        return self._median[1]

    def meets(
        self,
        worker: str,
        hardware: HardwareRequirements | None,
        metadata: Any,
        classes: Sequence[GpuClass] = DEFAULT_CLASSES,
    ) -> bool:
        """Whether ``worker`` may lease a job requiring ``hardware``, from what the sentries measured
        (``protocol.aicore.hardware.meets``); ``metadata``: its node metadata document (the claimed GPUs)."""
        if not self.may_lease(worker):
            return False
        score = self.scores.get(_checksum(worker))
        if score is None:
            return hardware is None
        cls = claimed_class(metadata, classes).name
        return meets(hardware, score.perf_score, score.class_confirmed, cls, metadata)

    def eligible(
        self,
        hardware: HardwareRequirements | None,
        metadata_of: Callable[[str], Any],
        classes: Sequence[GpuClass] = DEFAULT_CLASSES,
    ) -> tuple[list[float], int]:
        """(the ``speed`` of each attested worker that meets ``hardware``, fastest first; attested workers): what a
        spec would have before it is submitted. ``metadata_of(worker)``: its node metadata (the oracle's cached
        registry read)."""
        live = [w for w in self.scores if self.may_lease(w)]
        meeting = [w for w in live if self.meets(w, hardware, metadata_of(w), classes)]
        return sorted((self.speed(w) for w in meeting), reverse=True), len(live)
