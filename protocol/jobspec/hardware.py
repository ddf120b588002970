"""Hardware a job requires (issue 21): a GPU class, VRAM, a minimum measured performance.

Matched by the oracles against what the sentries measured (``oracles/worker_selection.py``
``WorkerSelection.meets``), not against what a worker says: the class a worker's node metadata claims
counts only while a majority of the sentries that attested it did not flag it ``FLAG_CLASS_MISMATCH`` (its
probe score is outside the class's range: ``oracles/sentry/gpu_class.py``); VRAM is the claimed GPU's, taken
only from a worker whose class the sentries confirmed; the performance is the sentries' median probe score.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from protocol.jobspec.types import Int

# The default classes, weakest first (oracles/sentry/gpu_class.py DEFAULT_CLASSES): a requirement of one is met
# by it and every class after it. A deployment's own class names match exactly.
CLASS_ORDER = ("cpu", "consumer", "workstation", "datacenter")


class HardwareRequirements(BaseModel):
    """What a worker must have, as the sentries measured it, to lease this job's tasks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gpu_class: str | None = Field(
        None,
        pattern=r"^[a-z0-9_-]{1,40}$",
        description="Least GPU class (cpu < consumer < workstation < datacenter; a deployment's own class by name).",
    )
    min_vram_gb: Int = Field(0, ge=0, le=4_096, description="Least VRAM of the worker's GPU, in GiB.")
    min_perf_score: Int = Field(
        0, ge=0, le=2**32 - 1, description="Least median probe score the sentries attested (MMAC/s)."
    )

    def class_ok(self, worker_class: str) -> bool:
        if self.gpu_class is None:
            return True
        if self.gpu_class in CLASS_ORDER and worker_class in CLASS_ORDER:
            return CLASS_ORDER.index(worker_class) >= CLASS_ORDER.index(self.gpu_class)
        return worker_class == self.gpu_class
