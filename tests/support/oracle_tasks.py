"""A real oracle API (``oracles.api.create_app`` on ``OracleStatus`` over a SQLite oracle database, served by
uvicorn in a thread) holding two jobs' tasks, for the job page's tests: a render job with task 0 accepted (a
PNG frame in the store) and task 1 running, and a train job with two accepted tasks whose checkpoints carry
a loss curve (``protocol.train_metrics``)."""

from __future__ import annotations

import io
import json
import math
import struct

from PIL import Image

from oracles.api import create_app
from oracles.db import create_all, make_engine
from oracles.deps import OracleIdentity
from oracles.models import Job, Slot, SlotState, TaskRow, TaskState
from oracles.status import OracleStatus
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from protocol.train_metrics import encode_losses
from tests.support.explorer_chain import serve_in_thread

RUNNER = "0x" + "1a" * 20
REPLICA = "0x" + "1b" * 20
CHECKER = "0x" + "1c" * 20
RENDER_JOB, TRAIN_JOB = 1, 2
# a training loss that falls and wobbles, steps 1..80: the first task's checkpoint holds 1..40, the second's 41..80
LOSS_CURVE = [
    [step, round(2.2 * math.exp(-step / 25) + 0.15 + 0.04 * math.sin(step * 1.7), 6)] for step in range(1, 81)
]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 90, 30)).save(out, "PNG")
    return out.getvalue()


def _checkpoint(points: list[list[float]]) -> bytes:
    header = json.dumps({"__metadata__": {"format": "gpuhive-ckpt-v1", "losses": encode_losses(points)}}).encode()
    return struct.pack("<Q", len(header)) + header + b"\0" * 64


def add_job(s, job_id: int, num_tasks: int) -> None:  # type: ignore[no-untyped-def]
    """A running job of ``num_tasks`` tasks in an oracle database session."""
    zero = "0x" + "00" * 32
    s.add(
        Job(
            job_id=job_id,
            requester=RUNNER,
            spec_cid="bafyspec",
            spec_hash=zero,
            num_tasks=num_tasks,
            budget="1",
            deadline=0,
            created_block=1,
            created_block_hash=zero,
            tx_hash=zero,
            state="running",
        )
    )


def fill_oracle(sessions, store: LocalStore, render_job: int, train_job: int) -> None:  # type: ignore[no-untyped-def]
    """A render job with task 0 accepted (a frame), task 1 running; a train job with two accepted tasks."""
    frame = put_manifest(store, {"frame_0001.png": store.put_bytes(_png())})
    ckpts = [
        put_manifest(store, {f"checkpoints/step_{end:010d}.safetensors": store.put_bytes(_checkpoint(part))})
        for end, part in ((40, LOSS_CURVE[:40]), (80, LOSS_CURVE[40:]))
    ]
    with sessions() as s:
        add_job(s, render_job, 2)
        add_job(s, train_job, 2)
        s.add(
            Slot(
                job_id=render_job,
                task_index=0,
                replica=0,
                role="run",
                state=SlotState.DONE,
                worker=RUNNER,
                output_cid=frame,
            )
        )
        s.add(Slot(job_id=render_job, task_index=0, replica=0, role="check", state=SlotState.DONE, worker=CHECKER))
        s.add(Slot(job_id=render_job, task_index=1, replica=0, role="run", state=SlotState.LEASED, worker=REPLICA))
        for i, cid in enumerate(ckpts):
            s.add(
                Slot(
                    job_id=train_job,
                    task_index=i,
                    replica=0,
                    role="run",
                    state=SlotState.DONE,
                    worker=RUNNER,
                    output_cid=cid,
                )
            )
        s.flush()
        for slot in s.query(Slot).filter(Slot.role == "run", Slot.state == SlotState.DONE):
            s.add(
                TaskRow(
                    job_id=slot.job_id, task_index=slot.task_index, state=TaskState.ACCEPTED, candidate_slot=slot.id
                )
            )
        s.add(TaskRow(job_id=render_job, task_index=1, state=TaskState.RUNNING))
        s.commit()


def oracle_app(sessions):  # type: ignore[no-untyped-def]
    """The oracle's API over ``sessions`` with the real status report; login, leases and countersigning
    are inert fakes (the read routes never call them)."""
    return create_app(
        oracle=OracleIdentity("0x" + "0a" * 20, 31_337),
        auth=object(),  # type: ignore[arg-type]
        dispatcher=type("D", (), {"on_work": lambda self, listener: None})(),  # type: ignore[arg-type]
        committee=object(),  # type: ignore[arg-type]
        status=OracleStatus(sessions),
    )


def serve_oracle(tmp_path, fill):  # type: ignore[no-untyped-def]
    """``oracle_app`` over a fresh SQLite database that ``fill(sessions)`` fills, served by uvicorn."""
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    fill(sessions)
    return serve_in_thread(oracle_app(sessions))
