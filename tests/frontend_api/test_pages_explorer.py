"""The explorer's pages on a hand-filled index (TestClient, the pages' own app): each page shows the index's
numbers (read back through the JSON API, not constants), lists page with bounds, unknown or malformed ids
get an error page with the right status, user-controlled text (a worker's metadata CID, a job's spec CID)
is escaped wherever it shows, and the charts are inline SVG without scripts."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient

from frontend_api.indexer import Indexer, open_index
from frontend_api.web import build_web_app
from frontend_api.web.explorer_pages import PAGE
from tests.support.explorer_chain import synthetic_events, to_address

JOBS, WORKERS = 130, 20
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


def hostile_history():
    """The synthetic history with node 2's metadata CID and job 7's spec CID set to markup."""
    for event in synthetic_events(JOBS, WORKERS):
        if event.name == "NodeRegistered" and event.args["node"] == to_address(2):
            event = dataclasses.replace(event, args={**event.args, "metadata_cid": SCRIPT + BREAKOUT})
        if event.name == "JobCreated" and event.args["job_id"] == 7:
            event = dataclasses.replace(event, args={**event.args, "spec_cid": BREAKOUT + SCRIPT})
        yield event


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'index.db'}")
    with sessions.begin() as s:
        Indexer().write(hostile_history(), s)
    yield TestClient(build_web_app(sessions))
    engine.dispose()


def text_of(html: str, element_id: str) -> str:
    """The text of a tile (or section) by id: tags stripped, whitespace squeezed, up to the next one."""
    start = html.index(f'id="{element_id}"')
    ends = [i for i in (html.find('class="tile"', start), html.find("</section>", start)) if i > 0]
    chunk = html[start : min(ends)]
    return " ".join(re.sub(r"<[^>]+>", " ", chunk.split(">", 1)[1]).split())


def test_home__indexed_history__tiles_equal_the_api(client):
    network = client.get("/api/v1/network").json()
    html = client.get("/").text
    assert text_of(html, "tile-jobs").startswith(f"Jobs {network['jobs_total']:,}")
    assert text_of(html, "tile-eligible").startswith(f"Workers eligible {network['workers_eligible']:,}")
    assert f"of {network['workers_registered']:,} registered" in text_of(html, "tile-eligible")
    assert text_of(html, "tile-paid").startswith(f"Paid out {int(network['paid_out']) // 10**18:,}")
    assert "not indexed" in text_of(html, "tile-gas")  # no receipts in a hand-filled index


def test_home__charts__inline_svg_with_each_state(client):
    html = client.get("/").text
    network = client.get("/api/v1/network").json()
    chart = html[html.index('aria-label="Jobs by state"') : html.index("</svg>", html.index("Jobs by state"))]
    for state, count in network["jobs_by_state"].items():
        assert f">{state}</text>" in chart and f">{count:,}</text>" in chart
    assert "<svg" in html and "<script>" not in html.split("</footer>")[0]


def test_network_fragment__polled_by_htmx(client):
    html = client.get("/fragments/network").text
    assert html.lstrip().startswith('<div id="network" hx-get="/fragments/network" hx-trigger="every 10s"')
    assert "<html" not in html


def test_jobs__paged_newest_first__every_job_once(client):
    seen = []
    for page in range(1, -(-JOBS // PAGE) + 1):
        html = client.get("/jobs", params={"page": page}).text
        seen += [int(j) for j in re.findall(r'data-job-id="(\d+)"', html)]
    assert seen == list(range(JOBS, 0, -1))
    assert f"1–{PAGE} of {JOBS}" in client.get("/jobs").text


def test_jobs__state_filter__only_that_state(client):
    network = client.get("/api/v1/network").json()
    html = client.get("/jobs", params={"state": "disputed"}).text
    rows = re.findall(r'<tr data-job-id="\d+">.*?</tr>', html, flags=re.S)
    assert len(rows) == network["jobs_by_state"]["disputed"] > 0
    assert all('class="badge disputed"' in row for row in rows)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/jobs?state=done", 400, "unknown state &#39;done&#39;"),
        ("/workers/0xnothex", 400, "not an address"),
        (f"/workers/{to_address(99_999)}", 404, "registered in the index"),
        ("/jobs?page=0", 400, "page"),
    ],
)
def test_pages__bad_or_unknown__error_page_with_status(client, path, status, message):
    reply = client.get(path)
    assert reply.status_code == status and message in reply.text


def test_workers__by_stake__each_worker_once(client):
    html = client.get("/workers").text
    listed = re.findall(r'<tr data-address="(0x[0-9a-fA-F]{40})">', html)
    api = client.get("/api/v1/workers", params={"limit": PAGE}).json()
    assert listed == [w["address"] for w in api["items"]] and len(listed) == WORKERS


def test_worker__page__stake_earnings_and_chart(client):
    address = to_address(3)
    worker = client.get(f"/api/v1/workers/{address}").json()
    html = client.get(f"/workers/{address}").text
    assert text_of(html, "tile-staked").startswith(f"Stake {int(worker['staked']) // 10**18:,}.00")
    assert text_of(html, "tile-earned").startswith(f"Earned {int(worker['earned']) // 10**18:,}.00")
    assert 'aria-label="Claimed earnings over time"' in html
    assert html.count('class="dot"') == len(worker["earnings"]) > 0


def test_user_text__markup_in_cids__escaped_everywhere(client):
    created = client.get("/api/v1/events", params={"job_id": 7, "name": "JobCreated"}).json()["items"][0]
    registered = client.get("/api/v1/events", params={"account": to_address(2), "name": "NodeRegistered"}).json()
    pages = {
        "worker": client.get(f"/workers/{to_address(2)}").text,
        "jobs": client.get("/jobs", params={"page": -(-(JOBS - 7 + 1) // PAGE)}).text,
        "job event": client.get("/events", params={"before": created["id"] + 1}).text,
        "node event": client.get("/events", params={"before": registered["items"][0]["id"] + 1}).text,
    }
    for name, html in pages.items():
        assert "<script>alert(1)" not in html and "<img src=x" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in pages["worker"]
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in pages["jobs"]
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in pages["job event"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["node event"]


def test_committee__signers_and_threshold(client):
    committee = client.get("/api/v1/committee").json()
    html = client.get("/committee").text
    assert f"{committee['threshold']} of {len(committee['signers'])}" in text_of(html, "tile-threshold")
    for signer in committee["signers"]:
        assert signer in html


def test_events__first_page_live__older_pages_still(client):
    html = client.get("/events").text
    assert 'data-live="/api/v1/events/stream"' in html and "/static/js/events_live.js" in html
    newest = client.get("/api/v1/events", params={"limit": 1}).json()["items"][0]["id"]
    assert f'data-after="{newest}"' in html
    older = client.get("/events", params={"before": newest}).text
    assert "data-live" not in older and f'data-id="{newest - 1}"' in older
