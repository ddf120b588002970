"""A spec's hardware requirements against what the sentries measured (issue 21): the one rule the oracles'
selection (``oracles/worker_selection.py``) and any reader of the attestations apply.

A worker meets ``HardwareRequirements`` when the sentries attested it (never unattested: nothing was
measured), its median probe score is at least ``min_perf_score``, and, if a class or VRAM is required, a
majority of its sentries did not flag its claimed class (``FLAG_CLASS_MISMATCH``) and that class (its node
metadata's, ``oracles/sentry/gpu_class.py``) is at least the required one with at least ``min_vram_gb`` of
VRAM on one GPU. VRAM itself is not measured by the probes: it is believed only from a worker whose class the
sentries confirmed, and a worker caught claiming a class it does not have gets nothing.
"""

from __future__ import annotations

from typing import Any

from protocol.jobspec.hardware import HardwareRequirements

MAX_GPUS = 64
GIB = 2**30


def vram_bytes(metadata: Any) -> int:
    """The most VRAM of one GPU the node metadata claims (0 without GPUs or with a malformed document)."""
    gpus = metadata.get("gpus") if isinstance(metadata, dict) else None
    if not isinstance(gpus, list):
        return 0
    sizes = [g.get("vram_bytes") for g in gpus[:MAX_GPUS] if isinstance(g, dict)]
    return max((int(v) for v in sizes if isinstance(v, int) and not isinstance(v, bool) and v > 0), default=0)


def meets(
    requirements: HardwareRequirements | None,
    perf_score: int | None,
    class_confirmed: bool,
    worker_class: str,
    metadata: Any,
) -> bool:
    """Whether a worker with these attested numbers meets ``requirements`` (None: anything attested does).
    ``perf_score`` None: unattested. ``worker_class``: the class its metadata claims."""
    if perf_score is None:
        return requirements is None
    if requirements is None:
        return True
    if perf_score < requirements.min_perf_score:
        return False
    if requirements.gpu_class is None and requirements.min_vram_gb == 0:
        return True
    if not class_confirmed or not requirements.class_ok(worker_class):
        return False
    return vram_bytes(metadata) >= requirements.min_vram_gb * GIB
