"""The explorer's read API on a hand-filled index (synthetic events through the indexer's own write path,
no chain): the network sums, paging and its bounds, filters, 400s that say what to send, 404s, the
OpenAPI document, and the live stream (uvicorn, a real HTTP client) delivering new events and rewinds."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from frontend_api.api import build_read_api
from frontend_api.indexer import Indexer, open_index
from protocol.contracts import TOKEN
from protocol.follower import DecodedEvent
from tests.support.explorer_chain import serve_in_thread, sse_messages, synthetic_events, to_address

JOBS, WORKERS = 200, 30


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('index') / 'index.db'}")
    indexer = Indexer()
    with sessions.begin() as s:
        indexer.write(synthetic_events(JOBS, WORKERS), s)
    yield sessions, indexer
    engine.dispose()


@pytest.fixture(scope="module")
def api(index) -> TestClient:
    return TestClient(build_read_api(index[0]))


def test_network__synthetic_history__counts_and_sums(api):
    body = api.get("/api/v1/network").json()
    kinds = [job_id % 20 for job_id in range(1, JOBS + 1)]
    assert body["jobs_by_state"] == {
        "open": kinds.count(0),
        "settled": sum(k > 3 for k in kinds),
        "disputed": kinds.count(3),
        "rejected": kinds.count(1) + kinds.count(2),
        "reclaimed": 0,
    }
    settled_or_disputed = sum(k >= 3 for k in kinds)
    assert body["paid_out"] == str(80 * TOKEN * settled_or_disputed)
    assert body["claimed_by_workers"] == str(80 * TOKEN * sum(k > 3 for k in kinds))
    assert body["workers_registered"] == WORKERS and body["workers_eligible"] == WORKERS - 1  # node 0 jailed
    assert body["total_staked"] == str(sum((150 + i % 100) * TOKEN for i in range(WORKERS)))
    assert body["gas_spent"] is None and body["events_indexed"] > JOBS


def test_jobs__paged__every_job_once_newest_first(api):
    seen = []
    for offset in range(0, JOBS, 64):
        page = api.get("/api/v1/jobs", params={"limit": 64, "offset": offset}).json()
        assert page["total"] == JOBS
        seen += [j["job_id"] for j in page["items"]]
    assert seen == list(range(JOBS, 0, -1))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": 501}, "limit: Input should be less than or equal to 500"),
        ({"limit": 0}, "limit: Input should be greater than or equal to 1"),
        ({"offset": -1}, "offset: Input should be greater than or equal to 0"),
        ({"state": "done"}, "unknown state 'done'; use one of open, settled"),
        ({"requester": "0xnothex"}, "not an address: '0xnothex'; expected 0x followed by 40 hex digits"),
    ],
)
def test_jobs__bad_query__400_says_what_to_send(api, query, message):
    reply = api.get("/api/v1/jobs", params=query)
    assert reply.status_code == 400 and message in reply.json()["detail"]


def test_jobs__filtered_by_state_and_requester(api):
    disputed = api.get("/api/v1/jobs", params={"state": "disputed", "limit": 500}).json()
    assert disputed["total"] == len(disputed["items"]) == sum(j % 20 == 3 for j in range(1, JOBS + 1))
    assert {j["state"] for j in disputed["items"]} == {"disputed"}
    lower = to_address(20_000).lower()  # any case is accepted
    assert api.get("/api/v1/jobs", params={"requester": lower}).json()["total"] == JOBS
    assert api.get("/api/v1/jobs", params={"requester": to_address(1)}).json()["total"] == 0


def test_job__settled__settlement_and_events(api):
    body = api.get("/api/v1/jobs/5").json()
    assert body["state"] == "settled" and body["payout"] == str(80 * TOKEN) and body["claimed"] == str(80 * TOKEN)
    (settlement,) = body["settlements"]
    assert settlement["round"] == 0 and settlement["refund"] == str(10 * TOKEN)
    assert [e["name"] for e in body["events"]] == [
        "RefundClaimed",
        "PayoutClaimed",
        "PayoutClaimed",
        "JobSettled",
        "JobCreated",
    ]
    assert body["events"][-1]["args"]["budget"] == str(100 * TOKEN)


def test_job__unknown_or_bad_id__404_or_400(api):
    assert api.get("/api/v1/jobs/999999").status_code == 404
    assert "no job 999999 indexed" in api.get("/api/v1/jobs/999999").json()["detail"]
    assert api.get("/api/v1/jobs/-1").status_code == 400
    assert api.get("/api/v1/jobs/abc").status_code == 400


def test_worker__earnings_over_time_add_up_to_earned(api):
    address = to_address(7)
    body = api.get(f"/api/v1/workers/{address.lower()}").json()
    assert body["address"] == address and not body["jailed"]
    assert body["earnings"] and body["earnings"][-1]["cumulative"] == body["earned"]
    assert sum(int(p["amount"]) for p in body["earnings"]) == int(body["earned"])
    assert body["jobs"] == sorted(body["jobs"], reverse=True)
    assert api.get(f"/api/v1/workers/{to_address(0)}").json()["jailed"]


def test_worker__bad_or_unknown_address__400_or_404(api):
    reply = api.get("/api/v1/workers/0x1234")
    assert reply.status_code == 400 and "expected 0x followed by 40 hex digits" in reply.json()["detail"]
    reply = api.get(f"/api/v1/workers/{'0x' + '12' * 20}")
    assert reply.status_code == 404 and "no node" in reply.json()["detail"]


def test_workers__by_stake__descending_and_bounded(api):
    items = api.get("/api/v1/workers", params={"limit": 500}).json()["items"]
    stakes = [int(w["staked"]) for w in items]
    assert len(items) == WORKERS and stakes == sorted(stakes, reverse=True)
    assert api.get("/api/v1/workers", params={"limit": 1000}).status_code == 400
    assert api.get("/api/v1/workers", params={"role": 3}).status_code == 400


def test_events__paged_by_before__every_event_once(api):
    ids, before = [], None
    while True:
        params = {"limit": 500} | ({"before": before} if before else {})
        page = api.get("/api/v1/events", params=params).json()
        ids += [e["id"] for e in page["items"]]
        if (before := page["next_before"]) is None:
            break
    network = api.get("/api/v1/network").json()
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == network["events_indexed"]
    settled = api.get("/api/v1/events", params={"name": "JobSettled", "job_id": 5}).json()["items"]
    assert [e["job_id"] for e in settled] == [5]


def test_committee__signers_and_threshold(api):
    body = api.get("/api/v1/committee").json()
    assert body["signers"] == [to_address(10_000 + i) for i in range(3)] and body["threshold"] == 2


def test_openapi__documents_every_route(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in ("network", "jobs", "jobs/{job_id}", "workers", "workers/{address}", "committee", "events"):
        assert f"/api/v1/{path}" in paths
    assert "/api/v1/events/stream" in paths
    assert api.get("/api/v1/").json()["docs"] == "/api/v1/docs"


# -- the live stream ------------------------------------------------------------------------------


@pytest.fixture
def server(index):
    with serve_in_thread(build_read_api(index[0], stream_poll_seconds=0.05)) as url:
        yield url


def test_stream__new_event_and_rewind__pushed_live(index, server):
    sessions, indexer = index
    block = 10**6
    event = DecodedEvent(
        name="JobCreated",
        args={
            "job_id": 77_777,
            "requester": to_address(3),
            "spec_hash": b"\x01" * 32,
            "spec_cid": "bafk-live",
            "num_tasks": 1,
            "budget": TOKEN,
            "deadline": 2_000_000_000,
        },
        address="0x" + "e" * 40,
        block_number=block,
        block_hash=b"\x02" * 32,
        tx_hash="0x" + "ab" * 32,
        log_index=0,
        block_timestamp=1_900_000_000,
    )
    with httpx.stream("GET", f"{server}/api/v1/events/stream", timeout=10) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        with sessions.begin() as s:
            indexer.write([event], s)
        lines = reply.iter_lines()
        (message,) = sse_messages(lines, 1)
        assert message["event"] == "chain_event"
        data = json.loads(message["data"])
        assert data["name"] == "JobCreated" and data["job_id"] == 77_777 and message["id"] == str(data["id"])
        with sessions.begin() as s:
            indexer.on_rewind(block, s)
        (message,) = sse_messages(lines, 1)
        assert message["event"] == "rewind" and json.loads(message["data"]) == {
            "fork_block": block,
            "events_removed": 1,
        }
    assert TestClient(build_read_api(sessions)).get("/api/v1/jobs/77777").status_code == 404
