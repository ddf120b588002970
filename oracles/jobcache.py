"""Parsed specs and task lists of the jobs an oracle handles, kept in memory.

The database keeps a job's canonical spec text; slicing it is pure, so the
cache can be rebuilt at any time (after a restart it fills on first use).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from oracles.models import Job, Slot, TaskRow, TaskState
from protocol.jobspec import AnySpec, TaskList, load_spec, slice_tasks


@dataclass(frozen=True)
class JobEntry:
    spec: AnySpec
    tasks: TaskList  # (lazy: task i computed when asked for)


class JobCache:
    def __init__(self) -> None:
        self._entries: dict[int, JobEntry] = {}
        self._lock = threading.Lock()

    def put(self, job_id: int, spec: AnySpec) -> JobEntry:
        entry = JobEntry(spec, slice_tasks(spec))
        with self._lock:
            self._entries[job_id] = entry
        return entry

    def get(self, job: Job) -> JobEntry:
        with self._lock:
            entry = self._entries.get(job.job_id)
        if entry is None:
            if job.spec_json is None:
                raise KeyError(f"job {job.job_id} has no validated spec")
            entry = self.put(job.job_id, load_spec(job.spec_json, "json"))
        return entry

    def entry(self, s: Session, job_id: int) -> JobEntry:
        """The entry of ``job_id``, loading its spec from the database when not cached."""
        with self._lock:
            entry = self._entries.get(job_id)
        if entry is not None:
            return entry
        job = s.get(Job, job_id)
        if job is None:
            raise KeyError(f"job {job_id} unknown")
        return self.get(job)

    def inputs_for(self, s: Session, job_id: int, entry: JobEntry, role: str, task_index: int) -> dict[str, Any]:
        """CIDs a run needs besides the spec: a train segment resumes from its predecessor's last checkpoint."""
        if entry.spec.kind != "train" or role != "run" or task_index == 0:
            return {}
        prev = entry.tasks[task_index - 1]
        source = accepted_output(s, job_id, prev.index)
        if source is None:
            raise RuntimeError(f"job {job_id} task {task_index} leased before task {prev.index} was accepted")
        return {"resume": {"cid": source, "path": prev.outputs[-1]}}


def accepted_output(s: Session, job_id: int, task_index: int) -> str | None:
    """Output CID of the result a task currently stands on (its candidate or accepted run)."""
    task = s.get(TaskRow, (job_id, task_index))
    if task is None or task.candidate_slot is None:
        return None
    slot = s.get(Slot, task.candidate_slot)
    return slot.output_cid if slot is not None else None


def accepted_tasks(s: Session, job_id: int) -> int:
    return len(
        s.execute(select(TaskRow.task_index).where(TaskRow.job_id == job_id, TaskRow.state == TaskState.ACCEPTED)).all()
    )
