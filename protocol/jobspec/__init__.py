"""Job specs: models, canonical bytes and ``spec_hash``, task slicing and seeded choices.

spec = load_spec_file("examples/render.yaml")   # raises SpecError with field-level issues
spec_hash(spec)                                 # bytes32 for JobEscrow.create_job
tasks = slice_tasks(spec)                       # lazy; len(tasks) == spec.num_tasks <= MAX_TASKS
spot_check_drawn(reveal_seed(seed, later_block_hash), task.index, spec.verification.spot_check_bps)
"""

from protocol.jobspec.canonical import (
    AnySpec,
    canonical_bytes,
    load_document,
    load_spec,
    load_spec_file,
    parse_spec,
    spec_hash,
    spec_hash_hex,
)
from protocol.jobspec.errors import SpecError, SpecIssue
from protocol.jobspec.models import MAX_TASKS, ComputeSpec, JobSpec, RenderSpec, TrainSpec, ZkSpec
from protocol.jobspec.seeds import (
    job_seed,
    render_check,
    replica_ranking,
    reveal_seed,
    select_spot_checks,
    spot_check_drawn,
)
from protocol.jobspec.slicing import Task, TaskList, slice_tasks

__all__ = [
    "MAX_TASKS",
    "AnySpec",
    "ComputeSpec",
    "JobSpec",
    "RenderSpec",
    "SpecError",
    "SpecIssue",
    "Task",
    "TaskList",
    "TrainSpec",
    "ZkSpec",
    "canonical_bytes",
    "job_seed",
    "load_document",
    "load_spec",
    "load_spec_file",
    "parse_spec",
    "render_check",
    "replica_ranking",
    "reveal_seed",
    "select_spot_checks",
    "spot_check_drawn",
    "slice_tasks",
    "spec_hash",
    "spec_hash_hex",
]
