"""Job spec models: what a requester asks for, validated before any money or work moves.

``JobSpec`` is a discriminated union on ``kind`` (``render``, ``train``,
``compute``, ``label``: ``protocol.jobspec.label``). Every model is frozen and forbids unknown fields, so a typo is
an error rather than a silently ignored option. Cross-field rules (frame
range, tile size, budget coverage, ...) are checked here too and reported at
the field a requester has to change; ``protocol.jobspec.errors`` turns them
into a ``SpecError``.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from protocol.jobspec.catalogue import Architecture, Kernel, Optimizer
from protocol.jobspec.errors import field_error
from protocol.jobspec.hardware import HardwareRequirements
from protocol.jobspec.policies import HashPolicy, RenderPolicy, RenderVerification, TrainPolicy, TrainVerification
from protocol.jobspec.types import Amount, Cid, Deadline, Int, Seed

SPEC_VERSION = 1
MAX_TASKS = 1_000_000  # one oracle holds the whole task list in memory
MAX_PAYEES = 65_536  # JobEscrow: claim proofs are at most 16 hashes
MAX_FRAME = 1_048_574  # Blender's last frame
MIN_TILE_PX = 16
#: Fewest pixels a render spot check may compare (crops × crop area of the smallest tile): below it the test
#: cannot tell a cheat that shifts the ranks by less than ~9 % from honest noise (see RenderSpec.check_pixels).
MIN_CHECK_PIXELS = 1_024

Problem = tuple[tuple[str | int, ...], str, Any]


def _scene_path(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError("must be a relative path inside the scene directory, without '.', '..' or empty parts")
    if not value.endswith(".blend"):
        raise ValueError("must name a .blend file")
    return value


ScenePath = Annotated[str, Field(max_length=256, pattern=r"^[A-Za-z0-9._/ -]+$"), AfterValidator(_scene_path)]


class _Spec(BaseModel):
    """Fields every job kind has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec_version: Literal[1] = Field(1, description="Version of this spec format.")
    name: str = Field(
        min_length=1,
        max_length=128,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Human-readable job name (no control characters).",
    )
    replication: Int = Field(
        1,
        ge=1,
        le=5,
        description="Workers that independently run each task (replicas per task); above 1 needs the hash policy.",
    )
    reward_per_task: Amount = Field(description="Payment-token base units paid for one replica of one task.")
    budget: Amount = Field(
        description="Base units locked in JobEscrow; must cover (num_tasks × replication + spot checks) × reward_per_task. "
        "What is not paid out is refunded."
    )
    deadline: Deadline = Field(
        description="When the job must be settled: unix seconds or an ISO 8601 datetime with timezone."
    )
    max_payees: Int = Field(MAX_PAYEES, ge=1, le=MAX_PAYEES, description="Most distinct workers this job may pay.")
    hardware: HardwareRequirements | None = Field(
        None,
        exclude_if=lambda v: v is None,  # absent from the canonical bytes when unset: older specs keep their hash
        description="Hardware a worker must have, as the sentries measured it (protocol/jobspec/hardware.py); absent: any.",
    )

    # ------------------------------------------------------------ derived numbers

    @property
    def num_tasks(self) -> int:
        """How many tasks the spec slices into (``create_job``'s ``num_tasks``)."""
        raise NotImplementedError

    @property
    def spot_checks(self) -> int:
        """The most spot checks (one extra unit of work each) the budget must cover.

        Each task is drawn with a chance of p = bps / 10 000, independently, so the count varies: the
        budget covers the mean plus three standard deviations, ceil(n·p + 3·sqrt(n·p·(1 − p))), at least
        one (a job none of whose tasks is drawn gets one check) and at most one per task. What is not
        used is refunded. In the rare job drawn beyond it (about 1 in 700), the checks the budget cannot
        pay are skipped and their tasks accepted unchecked, with a note in the manifest.
        """
        policy = getattr(self, "verification", None)
        bps = getattr(policy, "spot_check_bps", 0)
        n = self.num_tasks
        if bps == 0 or n == 0:
            return 0
        # exact integer arithmetic (the same bound on every machine): smallest k with
        # k·10⁴ − n·bps ≥ sqrt(9·n·bps·(10⁴ − bps))
        variance9 = 9 * n * bps * (10_000 - bps)
        root = math.isqrt(variance9)
        root += root * root < variance9
        return min(n, max(1, -(-(n * bps + root) // 10_000)))

    @property
    def budget_needed(self) -> int:
        """The least budget that pays every replica of every task and every spot check.

        A spot check (an extra replica, a crop re-render, a segment replay) is
        paid one ``reward_per_task`` to the worker who runs it.
        """
        return (self.num_tasks * self.replication + self.spot_checks) * self.reward_per_task

    # ------------------------------------------------------------ cross-field rules

    def _kind_problems(self) -> list[Problem]:
        return []

    @model_validator(mode="after")
    def _cross_field_rules(self) -> _Spec:
        problems = self._kind_problems()
        if not problems:
            problems = self._common_problems()
        if problems:
            raise field_error(type(self).__name__, problems)
        return self

    def _common_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        n = self.num_tasks
        if n > MAX_TASKS:
            problems.append(
                ((), f"the split gives {n:,} tasks; at most {MAX_TASKS:,} per job — put more work into each task", n)
            )
            return problems
        policy = getattr(self, "verification", None)
        if isinstance(policy, HashPolicy) and self.replication < 2 and policy.spot_check_bps == 0:
            problems.append(
                (
                    ("verification", "spot_check_bps"),
                    "with replication 1 and no spot checks nothing would be verified; "
                    "set replication ≥ 2 or spot_check_bps > 0",
                    0,
                )
            )
        if policy is not None and not isinstance(policy, HashPolicy) and self.replication > 1:
            problems.append(
                (
                    ("replication",),
                    f"replication {self.replication} needs the hash policy (replicas are compared by "
                    f"digest); the {policy.method} policy checks with spot checks instead — "
                    "set replication: 1 or verification.method: hash",
                    self.replication,
                )
            )
        if self.budget < self.budget_needed:
            problems.append(
                (
                    ("budget",),
                    f"budget {self.budget} does not cover ({n} tasks × {self.replication} replicas + "
                    f"{self.spot_checks} spot checks) × {self.reward_per_task} reward_per_task = "
                    f"{self.budget_needed}; short by {self.budget_needed - self.budget}",
                    self.budget,
                )
            )
        return problems


# --------------------------------------------------------------------------- render


class OutputFormat(StrEnum):
    PNG = "PNG"
    EXR = "EXR"


class RenderSplit(BaseModel):
    """How a render job is cut into tasks: runs of frames, optionally tiles of each frame."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    frames_per_task: Int = Field(1, ge=1, le=10_000, description="Consecutive frames rendered by one task.")
    tiles_x: Int = Field(1, ge=1, le=64, description="Columns each frame is cut into (one task per tile).")
    tiles_y: Int = Field(1, ge=1, le=64, description="Rows each frame is cut into (one task per tile).")


class RenderSpec(_Spec):
    """Render frames of a Blender scene with Cycles."""

    kind: Literal["render"] = Field(description="Job kind: Blender rendering.")
    scene_cid: Cid = Field(
        description="CID of the .blend file, or of a directory manifest that holds it (then give scene_path)."
    )
    scene_path: ScenePath | None = Field(
        None,
        description="Relative path of the .blend inside the scene directory; None when scene_cid is the file.",
    )
    frame_start: Int = Field(ge=0, le=MAX_FRAME, description="First frame to render (inclusive).")
    frame_end: Int = Field(ge=0, le=MAX_FRAME, description="Last frame to render (inclusive).")
    frame_step: Int = Field(1, ge=1, le=10_000, description="Render every frame_step-th frame of the range.")
    scene_frame_count: Int | None = Field(
        None,
        ge=1,
        le=MAX_FRAME,
        description="Frames in the scene (numbered 1..count), if known; frames beyond it are an error.",
    )
    resolution_x: Int = Field(ge=16, le=16_384, description="Output width in pixels.")
    resolution_y: Int = Field(ge=16, le=16_384, description="Output height in pixels.")
    samples: Int = Field(128, ge=1, le=65_536, description="Cycles samples per pixel.")
    engine: Literal["CYCLES"] = Field("CYCLES", description="Render engine (Cycles; its output is seedable).")
    output_format: OutputFormat = Field(OutputFormat.PNG, description="PNG (8-bit RGBA) or EXR (32-bit float).")
    split: RenderSplit = Field(RenderSplit(), description="How frames are cut into tasks.")
    verification: RenderVerification = Field(RenderPolicy(), description="How results are checked.")

    @property
    def frames(self) -> range:
        return range(self.frame_start, self.frame_end + 1, self.frame_step)

    @property
    def num_tasks(self) -> int:
        chunks = -(-len(self.frames) // self.split.frames_per_task)
        return chunks * self.split.tiles_x * self.split.tiles_y

    def _kind_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.frame_end < self.frame_start:
            problems.append(
                (
                    ("frame_end",),
                    f"zero frames: frame_end {self.frame_end} is before frame_start "
                    f"{self.frame_start} (the range is inclusive; one frame is frame_end == frame_start)",
                    self.frame_end,
                )
            )
        if self.scene_frame_count is not None and self.frame_end > self.scene_frame_count:
            problems.append(
                (
                    ("frame_end",),
                    f"frame {self.frame_end} is beyond the scene, which has "
                    f"{self.scene_frame_count} frames (1..{self.scene_frame_count})",
                    self.frame_end,
                )
            )
        for axis, tiles, size in (
            ("x", self.split.tiles_x, self.resolution_x),
            ("y", self.split.tiles_y, self.resolution_y),
        ):
            if size // tiles < MIN_TILE_PX:
                problems.append(
                    (
                        ("split", f"tiles_{axis}"),
                        f"{tiles} tiles over {size} px make tiles "
                        f"{size // tiles} px wide; each tile needs at least {MIN_TILE_PX} px",
                        tiles,
                    )
                )
        if not problems and isinstance(self.verification, RenderPolicy) and self.check_pixels < MIN_CHECK_PIXELS:
            crop_w, crop_h = self.check_crop_box
            problems.append(
                (
                    ("verification", "crop_size_bps"),
                    f"a render check would compare only {self.check_pixels} px ({self.verification.crops} crops of "
                    f"{crop_w}×{crop_h} px of the smallest tile); at least {MIN_CHECK_PIXELS} are needed to tell "
                    "honest render noise from cheating — raise crops or crop_size_bps, or cut frames into fewer tiles",
                    self.verification.crop_size_bps,
                )
            )
        return problems

    @property
    def check_crop_box(self) -> tuple[int, int]:
        """Width and height of each render-check crop in the smallest tile."""
        from protocol.jobspec.seeds import crop_box  # seeds → slicing → this module

        policy = self.verification if isinstance(self.verification, RenderPolicy) else RenderPolicy()
        return crop_box(self.resolution_x // self.split.tiles_x, self.resolution_y // self.split.tiles_y, policy)

    @property
    def check_pixels(self) -> int:
        """Pixels one render spot check compares in the smallest tile (0 without the render policy)."""
        if not isinstance(self.verification, RenderPolicy):
            return 0
        crop_w, crop_h = self.check_crop_box
        return self.verification.crops * crop_w * crop_h


# --------------------------------------------------------------------------- train


class DatasetFormat(StrEnum):
    NPZ = "npz"
    SAFETENSORS = "safetensors"


TensorKey = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,63}$")]


class TrainDataset(BaseModel):
    """A training set stored as plain arrays (never pickles)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cid: Cid = Field(description="CID of the dataset file.")
    format: DatasetFormat = Field(description="npz (numpy, loaded with allow_pickle=False) or safetensors.")
    examples: Int = Field(ge=1, le=1_000_000_000, description="Training examples in the file.")
    inputs_key: TensorKey = Field("x", description="Name of the inputs array.")
    labels_key: TensorKey = Field("y", description="Name of the labels array.")


class TrainSpec(_Spec):
    """Train a catalogue model on a dataset, in segments of steps with checkpoints."""

    kind: Literal["train"] = Field(description="Job kind: PyTorch training.")
    architecture: Architecture = Field(description="Model from the fixed catalogue, with its parameters.")
    dataset: TrainDataset = Field(description="Where the training data is and how it is stored.")
    optimizer: Optimizer = Field(description="Optimizer and its hyperparameters.")
    epochs: Int = Field(ge=1, le=10_000, description="Passes over the dataset.")
    batch_size: Int = Field(ge=1, le=65_536, description="Examples per step; the last partial batch is dropped.")
    seed: Seed = Field(0, description="Seed of initialisation and data order.")
    checkpoint_interval: Int = Field(100, ge=1, le=1_000_000, description="Steps between saved checkpoints.")
    steps_per_task: Int = Field(
        1_000,
        ge=1,
        le=10_000_000,
        description="Steps in one task segment; a multiple of checkpoint_interval.",
    )
    verification: TrainVerification = Field(TrainPolicy(), description="How results are checked.")

    @property
    def steps_per_epoch(self) -> int:
        return self.dataset.examples // self.batch_size

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def num_tasks(self) -> int:
        return -(-self.total_steps // self.steps_per_task)

    def _kind_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.batch_size > self.dataset.examples:
            problems.append(
                (
                    ("batch_size",),
                    f"batch_size {self.batch_size} is larger than the dataset "
                    f"({self.dataset.examples} examples), so there would be no step",
                    self.batch_size,
                )
            )
        if self.steps_per_task % self.checkpoint_interval:
            problems.append(
                (
                    ("steps_per_task",),
                    f"steps_per_task {self.steps_per_task} is not a multiple of "
                    f"checkpoint_interval {self.checkpoint_interval}; segments must end on checkpoints",
                    self.steps_per_task,
                )
            )
        policy = self.verification
        intervals = self.steps_per_task // self.checkpoint_interval
        if isinstance(policy, TrainPolicy) and intervals and policy.replay_segments > intervals:
            problems.append(
                (
                    ("verification", "replay_segments"),
                    f"{policy.replay_segments} segments to replay but a task has only {intervals} checkpoint intervals",
                    policy.replay_segments,
                )
            )
        return problems


# --------------------------------------------------------------------------- compute


class ComputeSpec(_Spec):
    """Run a deterministic catalogue kernel, in chunks of work items."""

    kind: Literal["compute"] = Field(description="Job kind: generic deterministic compute.")
    kernel: Kernel = Field(description="Kernel from the fixed catalogue, with its parameters.")
    items_per_task: Int = Field(
        1,
        ge=1,
        le=10_000_000,
        description="Work items per task: row blocks for matmul_blocked, chains for sha256_chain.",
    )
    verification: HashPolicy = Field(HashPolicy(), description="How results are checked.")

    @property
    def num_tasks(self) -> int:
        return -(-self.kernel.items // self.items_per_task)


# label subclasses _Spec, so it is imported once _Spec exists (every import of protocol.jobspec runs this module first)
from protocol.jobspec.label import LabelSpec  # noqa: E402
from protocol.jobspec.zk import ZkSpec  # noqa: E402

JobSpec = Annotated[RenderSpec | TrainSpec | ComputeSpec | LabelSpec | ZkSpec, Field(discriminator="kind")]
KINDS = ("render", "train", "compute", "label", "zk")
