"""The GPU-class check: a worker's node metadata claims hardware (``gpus``: ``[{"name", "vram_bytes"}]``,
written by the agent next to its ``sentry_url``); each class has the range of probe scores a worker of that
class should reach, and a worker whose epoch score (the median of its answered probes) falls outside its
claimed class's range gets ``FLAG_CLASS_MISMATCH`` in the sentry's leaf. The flag is informational (only
OFFLINE jails): the explorer and the oracles' selection can read it, and anyone can audit it from the probes
in the attestation file.

The score is the sentry's own timing of the ``matmul_blocked`` probe in MMAC/s (``oracles/sentry/probe.py``).
The agent runs that probe on its host today (numpy, int64), so the default ranges are host bands: a machine
sold as a data-centre GPU server scores far above a throttled laptop. A deployment whose agents answer the
probe on the GPU sets its own ranges in ``sentry.toml`` (``[[gpu_classes]]``). Classes are matched in order by
a case-insensitive substring of a claimed GPU's name; a worker that claims no GPU is class ``cpu``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_GPUS = 64


class GpuClass(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=40)
    match: tuple[str, ...] = Field(default=(), max_length=64, description="Substrings of a GPU name (any case).")
    min_score: int = Field(0, ge=0, description="Lowest plausible epoch score (MMAC/s) for the class.")
    max_score: int | None = Field(None, ge=0, description="Highest plausible score; none = no upper bound.")

    @model_validator(mode="after")
    def _ordered(self) -> GpuClass:
        if self.max_score is not None and self.max_score < self.min_score:
            raise ValueError(f"gpu class {self.name}: max_score below min_score")
        return self

    def fits(self, score: int) -> bool:
        return self.min_score <= score and (self.max_score is None or score <= self.max_score)


CPU = GpuClass(name="cpu")
DEFAULT_CLASSES: tuple[GpuClass, ...] = (
    GpuClass(name="datacenter", match=("h100", "h200", "a100", "b200", "mi300", "mi250", "l40"), min_score=150),
    GpuClass(name="workstation", match=("rtx a6000", "rtx 6000", "a40", "a10", "v100", "l4"), min_score=60),
    GpuClass(name="consumer", match=("rtx", "gtx", "radeon", "arc"), min_score=20),
)


def claimed_class(metadata: Any, classes: Sequence[GpuClass] = DEFAULT_CLASSES) -> GpuClass:
    """The class a worker's metadata document claims: its first GPU whose name matches a class (in the
    classes' order, so the most demanding class listed first wins); no GPU, or none known, is ``cpu``."""
    gpus = metadata.get("gpus") if isinstance(metadata, dict) else None
    if not isinstance(gpus, list):
        return CPU
    names = [str(g.get("name", ""))[:200].lower() for g in gpus[:MAX_GPUS] if isinstance(g, dict)]
    for cls in classes:
        if any(m.lower() in name for name in names for m in cls.match):
            return cls
    return CPU


def mismatched(cls: GpuClass, score: int | None) -> bool:
    """Whether an epoch ``score`` (None: no probe answered) contradicts the claimed class."""
    return score is not None and not cls.fits(score)
