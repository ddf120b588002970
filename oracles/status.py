"""What the oracle reports about itself: a job's progress (``/v1/jobs/{id}``) and Prometheus metrics (``/metrics``).

The counters are bumped by the parts that do the work (a result recorded, a
settlement submitted); the gauge of running jobs is read from the database
when the metrics are scraped.

A job's ``error`` says why it is stuck: intake or settlement failures, and a
running job that has no lease because no eligible worker's stake covers its
slash per fault (written by the dispatcher's stake cover, cleared at its first
lease: ``oracles.dispatcher.UNCOVERED_PREFIX``).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from oracles.models import Job, JobState, Slot, SlotState, TaskRow, TaskState
from protocol.leases import JobStatus


class OracleStatus:
    def __init__(self, sessions: sessionmaker) -> None:
        self.sessions = sessions
        self.metrics = CollectorRegistry()  # one per oracle: three oracles can run in one process
        self.m_results = Counter("gpuhive_oracle_results", "Results recorded", registry=self.metrics)
        self.m_settled = Counter("gpuhive_oracle_settlements", "Settlements submitted", registry=self.metrics)
        self.m_open = Gauge("gpuhive_oracle_open_jobs", "Jobs running", registry=self.metrics)

    def job_status(self, job_id: int) -> JobStatus | None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None:
                return None
            tasks = dict(
                s.execute(
                    select(TaskRow.state, func.count()).where(TaskRow.job_id == job_id).group_by(TaskRow.state)
                ).all()
            )
            slots = dict(
                s.execute(select(Slot.state, func.count()).where(Slot.job_id == job_id).group_by(Slot.state)).all()
            )
            return JobStatus(
                job_id=job_id,
                state=job.state,
                num_tasks=job.num_tasks,
                tasks_accepted=tasks.get(TaskState.ACCEPTED, 0),
                tasks_failed=tasks.get(TaskState.FAILED, 0),
                slots_leased=slots.get(SlotState.LEASED, 0),
                slots_done=slots.get(SlotState.DONE, 0),
                manifest_cid=job.manifest_cid,
                settle_tx=job.settle_tx,
                error=job.error,
            )

    def metrics_text(self) -> str:
        with self.sessions() as s:
            self.m_open.set(s.execute(select(func.count()).where(Job.state == JobState.RUNNING)).scalar() or 0)
        return generate_latest(self.metrics).decode()
