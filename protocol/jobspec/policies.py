"""Verification policies: how the oracles decide a task's result is honest.

- ``hash``: replicas must return the same digest (the minority is slashed);
  optionally a share of tasks is run once more by another worker.
- ``render``: a share of tasks is spot-checked by re-rendering random crops
  on another worker and comparing with PSNR and SSIM thresholds, because
  renders differ slightly across GPUs (Golem's Brass verification).
- ``train``: Proof-of-Learning; a share of tasks has some of its checkpoint
  segments replayed and the resulting weights compared within a tolerance.

Shares are basis points (``1000`` = 10 %) so every oracle computes the same
number of checks with integer arithmetic.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from protocol.jobspec.types import BPS, Float, Int


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HashPolicy(_Policy):
    """Replicas must agree on the output digest."""

    method: Literal["hash"] = Field("hash", description="Compare output digests of replicas (deterministic work).")
    spot_check_bps: Int = Field(
        1_000,
        ge=0,
        le=BPS,
        description="Chance per task, in basis points, that it is run once more by one extra worker and "
        "compared by digest, on top of the replicas (drawn as each result arrives; a job with a chance above "
        "0 gets at least one). With replication 1 this must be above 0.",
    )


class RenderPolicy(_Policy):
    """Re-render random crops of a share of tasks and compare them (Golem Brass)."""

    method: Literal["render"] = Field("render", description="Spot-check renders by re-rendering random crops.")
    spot_check_bps: Int = Field(
        1_000,
        ge=1,
        le=BPS,
        description="Chance per task, in basis points, that its output is spot-checked "
        "(drawn as each result arrives; every job gets at least one check).",
    )
    crops: Int = Field(3, ge=1, le=16, description="Crops re-rendered per spot-checked frame.")
    crop_size_bps: Int = Field(
        1_000,
        ge=100,
        le=BPS,
        description="Side of each crop as a share of the task's tile side, in basis points (1000 = 10 %).",
    )
    psnr_min_db: Float = Field(
        30.0, ge=10.0, le=100.0, description="Minimum PSNR in dB between the submitted and the re-rendered crop."
    )
    ssim_min: Float = Field(
        0.95, ge=0.0, le=1.0, description="Minimum SSIM between the submitted and the re-rendered crop."
    )


class TrainPolicy(_Policy):
    """Proof-of-Learning: replay sampled checkpoint segments of a share of tasks."""

    method: Literal["train"] = Field("train", description="Replay checkpoint segments (Proof-of-Learning).")
    spot_check_bps: Int = Field(
        2_000,
        ge=1,
        le=BPS,
        description="Chance per task, in basis points, that its segments are replayed "
        "(drawn as each result arrives; every job gets at least one check).",
    )
    replay_segments: Int = Field(
        2,
        ge=1,
        le=64,
        description="Checkpoint intervals replayed per checked task; at most the intervals a task has.",
    )
    tolerance: Float = Field(
        0.01,
        gt=0.0,
        le=1.0,
        description="Largest accepted relative L2 distance between replayed and submitted weights.",
    )


RenderVerification = Annotated[RenderPolicy | HashPolicy, Field(discriminator="method")]
TrainVerification = Annotated[TrainPolicy | HashPolicy, Field(discriminator="method")]
