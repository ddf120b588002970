"""Verification policies: how the oracles decide a task's result is honest.

- ``hash``: replicas must return the same digest (the minority is slashed);
  optionally a share of tasks is run once more by another worker.
- ``render``: a share of tasks is spot-checked by re-rendering crops twice
  with other seeds on another worker and testing whether the submitted pixels
  behave like a third honest render (renders differ across GPUs by
  path-tracing noise, so no fixed PSNR threshold separates honest from
  cheating work).
- ``train``: Proof-of-Learning; a share of tasks has some of its checkpoint
  segments replayed and the resulting weights compared within a tolerance.

Shares are basis points (``1000`` = 10 %) so every oracle computes the same
number of checks with integer arithmetic.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from protocol.jobspec.errors import field_error
from protocol.jobspec.types import BPS, Float, Int


def crop_grid(crops: int) -> tuple[int, int]:
    """Columns × rows of the grid a tile is cut into for ``crops`` render-check crops, one crop per cell."""
    columns = math.isqrt(crops - 1) + 1 if crops > 1 else 1
    return columns, -(-crops // columns)


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
    """Re-render crops of a share of tasks twice, with other seeds, and test the submitted pixels against them.

    Renders of one scene differ across GPUs, drivers and CPUs by path-tracing
    noise, so no fixed distance threshold separates honest from cheating work.
    The check instead asks whether the submitted pixels behave like a third
    independent render: for each pixel, the submitted value and the two
    re-rendered ones are exchangeable when the worker was honest, so the
    submitted one is the median, the outlier or the other extreme with
    exactly 1/3 chance each, and the lowest or the highest of three distinct
    values with 1/2 each. Too many medians (too smooth: denoised, downscaled,
    recompressed), too many outliers (too noisy, or different: fewer samples,
    wrong frame, added noise) or too many lows or highs (biased: light paths
    cut short) fail the check, at a false rejection chance of at most
    ``max_false_rejection`` whatever the scene and the hardware
    (``oracles.verify.rank_test``).
    """

    method: Literal["render"] = Field("render", description="Spot-check renders by re-rendering crops twice.")
    spot_check_bps: Int = Field(
        1_000,
        ge=1,
        le=BPS,
        description="Chance per task, in basis points, that its output is spot-checked "
        "(drawn as each result arrives; every job gets at least one check).",
    )
    crops: Int = Field(
        4,
        ge=1,
        le=16,
        description="Crops re-rendered per spot-checked frame, one in each cell of a grid over the tile "
        "(4 crops: 2 × 2 cells).",
    )
    crop_size_bps: Int = Field(
        2_000,
        ge=100,
        le=BPS,
        description="Side of each crop as a share of the task's tile side, in basis points (2000 = 20 %); "
        "a crop must fit in its grid cell.",
    )
    max_false_rejection: Float = Field(
        1e-3,
        ge=1e-12,
        le=0.005,
        description="Largest chance that an honest render fails one check (the statistical test's size); "
        "smaller values need larger differences to reject.",
    )

    @model_validator(mode="after")
    def _crops_fit_their_cells(self) -> RenderPolicy:
        columns, rows = crop_grid(self.crops)
        most = BPS // max(columns, rows)
        if self.crop_size_bps > most:
            raise ValueError(
                f"crop_size_bps {self.crop_size_bps} is too large for {self.crops} crops: each crop lies in one "
                f"cell of a {columns} × {rows} grid over the tile, so its side can be at most {most} bps; "
                "use fewer crops or smaller ones"
            )
        return self


class TrainPolicy(_Policy):
    """Proof-of-Learning: replay sampled checkpoint segments of a share of tasks.

    A replayed segment is compared with the submitted checkpoint by L2 distance
    measured against how far the replay moved the weights, leaving out the 1 %
    largest differences (rare rounding flips of ReLU, max-pool or Adam's sign
    on honest hardware), with a looser limit over every entry and a noise floor
    relative to the weights' norm (``oracles.verify.train_check``). Measured on
    the train runtime over ~1000 segments (``benchmarks/verification_train.py``):
    honest replays on another thread count, or from a start one float32 ulp
    away, reach 1.9e-4 of the move (1.1e-3 over every entry); the closest
    cheats (16-bit autocast, float16-rounded weights) 1.2e-3 and more, the
    others (skipped steps, wrong data, interpolated or fabricated checkpoints)
    0.03 and more. A policy whose limits do not fall between is refused.
    """

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
        5e-4,
        gt=0.0,
        le=1.0,
        description="Largest accepted L2 distance between submitted and replayed weights, the 1 % largest "
        "differences left out, as a share of how far the replayed segment moved the weights "
        "(‖replayed − start‖); 2.5e-4 to 1e-3.",
    )
    outlier_tolerance: Float = Field(
        0.02,
        gt=0.0,
        le=1.0,
        description="Largest accepted L2 distance over every entry, the 1 % left out by tolerance included, "
        "as a share of the segment's move; 0.005 to 0.1.",
    )
    noise_floor: Float = Field(
        1e-6,
        ge=0.0,
        le=1.0,
        description="Differences up to this share of the replayed weights' norm always pass, so float32 "
        "rounding cannot fail a segment that barely moves the weights; 1e-7 to 1e-5.",
    )

    @model_validator(mode="after")
    def _separates_honest_from_cheating(self) -> TrainPolicy:
        problems: list[tuple[tuple[str | int, ...], str, float]] = []
        if self.tolerance > 1e-3:
            problems.append(
                (
                    ("tolerance",),
                    f"tolerance {self.tolerance} of the segment's move would pass lower-precision training "
                    "(16-bit autocast or float16 weights land from 1.2e-3 of the move); use at most 0.001 "
                    "(default 0.0005)",
                    self.tolerance,
                )
            )
        if self.tolerance < 2.5e-4:
            problems.append(
                (
                    ("tolerance",),
                    f"tolerance {self.tolerance} leaves honest hardware too little room (another thread count "
                    "or device reaches 1.9e-4 of the move); use at least 0.00025 (default 0.0005)",
                    self.tolerance,
                )
            )
        if not 0.005 <= self.outlier_tolerance <= 0.1:
            problems.append(
                (
                    ("outlier_tolerance",),
                    f"outlier_tolerance {self.outlier_tolerance} must be 0.005 to 0.1 of the segment's move: "
                    "below, an honest rounding flip (up to 1.1e-3 measured) can fail the check; above, the 1 % "
                    "of the weights the tolerance leaves out could be tampered with (default 0.02)",
                    self.outlier_tolerance,
                )
            )
        if not 1e-7 <= self.noise_floor <= 1e-5:
            problems.append(
                (
                    ("noise_floor",),
                    f"noise_floor {self.noise_floor} must be 1e-7 to 1e-5 of the weights' norm: below, one float32 "
                    "rounding (1.2e-7) can fail an honest segment that barely moves the weights; above, a "
                    "segment that skipped half its steps passes whenever it moves the weights by less than "
                    "twice the floor (default 1e-6)",
                    self.noise_floor,
                )
            )
        if problems:
            raise field_error("TrainPolicy", problems)
        return self


RenderVerification = Annotated[RenderPolicy | HashPolicy, Field(discriminator="method")]
TrainVerification = Annotated[TrainPolicy | HashPolicy, Field(discriminator="method")]
