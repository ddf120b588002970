"""A job's tasks before settlement, through the web server: the real oracle API (``/v1/jobs/{id}/tasks`` on
``OracleStatus`` over a SQLite oracle database, served by uvicorn) answers, and ``/api/v1/jobs/{id}/tasks``
and the job page show each task's state, who ran and checked the final ones, the accepted frames (served
CID-checked) and a training job's loss curve read from its checkpoints' heads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
from frontend_api.indexer import open_index
from frontend_api.web import build_web_app
from protocol.storage import LocalStore
from tests.support.oracle_tasks import (
    CHECKER,
    LOSS_CURVE,
    RENDER_JOB,
    REPLICA,
    RUNNER,
    TRAIN_JOB,
    fill_oracle,
    serve_oracle,
)


@pytest.fixture(scope="module")
def oracle_and_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("live")
    store = LocalStore(tmp / "store")
    with serve_oracle(tmp, lambda sessions: fill_oracle(sessions, store, RENDER_JOB, TRAIN_JOB)) as url:
        yield url, store


@pytest.fixture(scope="module")
def web(oracle_and_store, tmp_path_factory):  # type: ignore[no-untyped-def]
    url, store = oracle_and_store
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('index') / 'index.db'}")
    app = build_web_app(sessions)
    backend = WalletBackend(None, store, ["http://127.0.0.1:9", url], "http://127.0.0.1:8545")  # type: ignore[arg-type]
    attach_wallet(app, backend)
    yield TestClient(app)
    engine.dispose()


def test_job_tasks__render_job__final_task_named_running_task_anonymous_frame_served(web, oracle_and_store):
    url, _ = oracle_and_store
    body = web.get(f"/api/v1/jobs/{RENDER_JOB}/tasks").json()
    assert body["available"] and body["oracle"] == url and body["oracles_down"] == ["http://127.0.0.1:9"]
    done, running = body["tasks"]
    assert done["state"] == "accepted" and done["ran"] == [RUNNER] and done["checked"] == [CHECKER]
    assert running["state"] == "running" and running["ran"] == [] and running["runs_leased"] == 1
    (frame,) = body["frames"]
    assert frame["task"] == 0 and frame["name"] == "frame_0001.png"
    image = web.get(f"/api/v1/files/{frame['cid']}?name=frame_0001.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert body["loss"] == []


def test_job_tasks__train_job__loss_curve_from_every_accepted_checkpoint(web):
    body = web.get(f"/api/v1/jobs/{TRAIN_JOB}/tasks").json()
    assert body["loss"] == LOSS_CURVE and body["frames"] == []


def test_job_tasks__unknown_job_or_no_oracle__unavailable_with_reason(web):
    unknown = web.get("/api/v1/jobs/77/tasks").json()
    assert not unknown["available"] and unknown["why"] == "no oracle reports this job's tasks yet"
    assert web.get("/api/v1/jobs/1/tasks?limit=201").status_code == 400


@pytest.mark.anvil
def test_job_page__running_jobs__task_table_frames_and_loss_chart(
    deployed, anvil_uri, accounts, tmp_path, chain_snapshot
):
    from ape import chain
    from web3 import Web3

    from protocol.chain import ChainClient
    from protocol.contracts import TOKEN

    _, c, _ = deployed
    requester = accounts[9]
    c["HiveToken"].transfer(requester, 10 * TOKEN, sender=accounts[0])
    c["HiveToken"].approve(c["JobEscrow"], 10 * TOKEN, sender=requester)
    ids = []
    for n in (1, 2):
        tx = c["JobEscrow"].create_job(
            f"bafk-{n}", bytes([n]) * 32, 2, 5 * TOKEN, chain.pending_timestamp + 3_600, sender=requester
        )
        ids.append(tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id)
    store = LocalStore(tmp_path / "store")
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    with serve_oracle(tmp_path, lambda oracle_db: fill_oracle(oracle_db, store, ids[0], ids[1])) as url:
        app = build_web_app(sessions)
        attach_wallet(
            app, WalletBackend(ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), deployed[0]), store, [url], anvil_uri)
        )
        client = TestClient(app)
        render_page, train_page = (client.get(f"/jobs/{i}").text for i in ids)
    engine.dispose()
    assert 'id="live-task-table"' in render_page and 'data-state="accepted"' in render_page
    assert f'href="/workers/{RUNNER}"' in render_page and f'href="/workers/{REPLICA}"' not in render_page
    assert 'id="live-thumbs"' in render_page and "task 0 · frame_0001.png" in render_page
    assert 'id="job-loss"' not in render_page
    assert 'id="loss-chart"' in train_page and "<svg" in train_page and "80 points up to step 80" in train_page
