"""``GET /v1/jobs/{id}/tasks`` on the real ``OracleStatus`` over a SQLite oracle database: each task's state,
who ran and checked it and its accepted output only once it is final, paging, and 404s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from oracles.db import create_all, make_engine
from oracles.models import Slot, SlotState, TaskRow, TaskState
from tests.support.oracle_tasks import add_job, oracle_app

RUNNER = "0x" + "1a" * 20
REPLICA = "0x" + "1b" * 20
CHECKER = "0x" + "1c" * 20
ACCEPTED_CID = "bafyaccepted"
PENDING_CID = "bafynotyet"


@pytest.fixture
def client(tmp_path) -> TestClient:  # type: ignore[no-untyped-def]
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    with sessions() as s:
        add_job(s, 7, 3)
        add_job(s, 8, 300)
        s.add(
            Slot(
                id=1,
                job_id=7,
                task_index=0,
                replica=0,
                role="run",
                state=SlotState.DONE,
                worker=RUNNER,
                output_cid=ACCEPTED_CID,
                lease_id="secret-lease-1",
                signature="0x" + "11" * 65,
            )
        )
        s.add(
            Slot(
                id=2,
                job_id=7,
                task_index=0,
                replica=0,
                role="check",
                state=SlotState.DONE,
                worker=CHECKER,
                output_cid="bafycheck",
            )
        )
        s.add(Slot(id=3, job_id=7, task_index=0, replica=1, role="run", state=SlotState.SUPERSEDED, worker=REPLICA))
        s.add(TaskRow(job_id=7, task_index=0, state=TaskState.ACCEPTED, candidate_slot=1))
        # task 1 running: one replica done (its output must not show), one leased
        s.add(
            Slot(
                id=4,
                job_id=7,
                task_index=1,
                replica=0,
                role="run",
                state=SlotState.DONE,
                worker=RUNNER,
                output_cid=PENDING_CID,
                lease_id="secret-lease-4",
            )
        )
        s.add(
            Slot(
                id=5,
                job_id=7,
                task_index=1,
                replica=1,
                role="run",
                state=SlotState.LEASED,
                worker=REPLICA,
                lease_id="secret-lease-5",
            )
        )
        s.add(TaskRow(job_id=7, task_index=1, state=TaskState.RUNNING, candidate_slot=4))
        s.add(Slot(id=6, job_id=7, task_index=2, replica=0, role="run", state=SlotState.FAILED, worker=REPLICA))
        s.add(TaskRow(job_id=7, task_index=2, state=TaskState.FAILED))
        for i in range(300):
            s.add(TaskRow(job_id=8, task_index=i, state=TaskState.RUNNING))
        s.commit()
    return TestClient(oracle_app(sessions))


def test_job_tasks__mixed_states__final_tasks_name_workers_and_output_running_ones_do_not(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/v1/jobs/7/tasks")
    assert response.status_code == 200
    body = response.json()
    assert body["num_tasks"] == 3 and body["next_offset"] is None
    accepted, running, failed = body["tasks"]
    assert accepted == {
        "index": 0,
        "state": "accepted",
        "runs_leased": 0,
        "runs_done": 1,
        "ran": [RUNNER],
        "checked": [CHECKER],
        "output_cid": ACCEPTED_CID,
    }
    assert running == {
        "index": 1,
        "state": "running",
        "runs_leased": 1,
        "runs_done": 1,
        "ran": [],
        "checked": [],
        "output_cid": None,
    }
    assert failed["state"] == "failed" and failed["output_cid"] is None and failed["ran"] == []
    text = response.text
    assert PENDING_CID not in text and "secret-lease" not in text and "11" * 65 not in text and REPLICA not in text


def test_job_tasks__many_tasks__pages_are_bounded_and_chain(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/v1/jobs/8/tasks", params={"limit": 200}).json()
    assert [t["index"] for t in first["tasks"]] == list(range(200)) and first["next_offset"] == 200
    rest = client.get("/v1/jobs/8/tasks", params={"offset": first["next_offset"], "limit": 200}).json()
    assert [t["index"] for t in rest["tasks"]] == list(range(200, 300)) and rest["next_offset"] is None
    assert client.get("/v1/jobs/8/tasks", params={"limit": 201}).status_code == 422
    assert client.get("/v1/jobs/8/tasks", params={"offset": -1}).status_code == 422


def test_job_tasks__unknown_or_out_of_range_job__404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/v1/jobs/99/tasks").status_code == 404
    assert client.get(f"/v1/jobs/{2**63}/tasks").status_code == 404
    assert client.get("/v1/jobs/-1/tasks").status_code == 404
