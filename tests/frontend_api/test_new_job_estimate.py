"""The new-job page's estimate card (frontend_api/web/requester_pages.py): wall time with its 80 % interval,
expected cost, the cold start said so, and "Eligible workers for this spec: N of M attested" from a real oracle
API served over HTTP (its /v1/eligible on the sentries' scores and the workers' metadata in a LocalStore); a
down oracle is skipped, and with none answering the page says "unknown"."""

from __future__ import annotations

import html
import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
from frontend_api.indexer import open_index
from frontend_api.web import build_web_app
from frontend_api.web.requester_pages import MAX_ESTIMATE_SPEC_BYTES
from oracles.node_metadata import NodeMetadata
from oracles.routes.eligible import Eligibility
from protocol.contracts import TOKEN
from protocol.jobspec import canonical_bytes, load_spec_file
from protocol.storage import LocalStore
from tests.oracles.test_eligible_route import Registry, oracle_app
from tests.oracles.test_worker_selection_hardware import METADATA, selection
from tests.support.explorer_chain import serve_in_thread

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DOC: dict[str, Any] = {
    "kind": "render",
    "name": "estimate test",
    "scene_cid": "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    "frame_start": 1,
    "frame_end": 40,
    "resolution_x": 640,
    "resolution_y": 360,
    "samples": 32,
    "split": {"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
    "verification": {"method": "render", "spot_check_bps": 1000, "crops": 4, "crop_size_bps": 2000},
    "reward_per_task": str(TOKEN // 100),
    "budget": str(2 * TOKEN),
    "deadline": 1_990_000_000,
}


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="module")
def oracle_url(tmp_path_factory):
    store = LocalStore(tmp_path_factory.mktemp("oracle-store"))
    chain = Registry({w: store.put_bytes(json.dumps(doc).encode()) for w, doc in METADATA.items()})
    with serve_in_thread(oracle_app(Eligibility(selection(), NodeMetadata(chain, store), lambda: 4))) as url:
        yield url


def _web(tmp_path, oracle_urls: list[str] | None) -> TestClient:
    _engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    web = build_web_app(sessions)
    if oracle_urls is not None:
        attach_wallet(web, WalletBackend(None, LocalStore(tmp_path / "store"), oracle_urls, "http://rpc"))  # type: ignore[arg-type]
    return TestClient(web)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_new_job_estimate__oracle_answers__eligible_count_and_estimate_on_them(tmp_path, oracle_url):
    web = _web(tmp_path, [_closed_port_url(), oracle_url])  # the down oracle is skipped
    page = _text(web.get("/new").text)
    assert "Eligible workers for this spec: 4 of 4 attested" in page
    doc = {**DOC, "hardware": {"gpu_class": "consumer", "min_vram_gb": 16}}
    card = _text(web.post("/new/estimate", json=doc).text)
    assert "Eligible workers for this spec: 2 of 4 attested" in card  # the H100 and the RTX 4090
    assert re.search(
        r"Wall time [\d.]+ (s|min|h) \( ?80 % interval [\d.]+ (s|min|h) – [\d.]+ (s|min|h) ?\) on 2 workers at their "
        r"attested speeds",
        card,
    ), card
    assert re.search(r"Expected cost [\d.]+ HIVE \( ?at most [\d.]+ HIVE", card), card
    assert "Cold start from the benchmarks' rates" in card
    assert "(assumed)" not in card


def test_new_job_estimate__no_worker_meets_the_hardware__says_nothing_would_run(tmp_path, oracle_url):
    web = _web(tmp_path, [oracle_url])
    card = _text(web.post("/new/estimate", json={**DOC, "hardware": {"min_vram_gb": 1000}}).text)
    assert "Eligible workers for this spec: 0 of 4 attested" in card
    assert "No attested worker meets this spec's hardware" in card
    assert "Wall time" not in card


def test_new_job_estimate__no_oracle_answers__unknown_and_assumed_workers(tmp_path):
    for web in (_web(tmp_path, None), _web(tmp_path, [_closed_port_url()])):
        assert "Eligible workers for this spec: unknown" in _text(web.get("/new").text)
        card = _text(web.post("/new/estimate", json=DOC).text)
        assert "Eligible workers for this spec: unknown" in card
        assert "on 10 workers (assumed)" in card


def test_new_job_estimate__bad_or_oversized_spec__says_why_or_413(tmp_path):
    web = _web(tmp_path, None)
    card = _text(web.post("/new/estimate", json={**DOC, "frame_end": 0}).text)
    assert "No estimate: the spec does not check (frame_end:" in card and "Wall time" not in card
    zk = canonical_bytes(load_spec_file(EXAMPLES / "zk.yaml"))  # a kind without a work model: said, not a 500
    card = _text(web.post("/new/estimate", content=zk, headers={"content-type": "application/json"}).text)
    assert "No estimate: no work model for job kind" in card
    big = b'{"name": "' + b"x" * MAX_ESTIMATE_SPEC_BYTES + b'"}'
    assert web.post("/new/estimate", content=big).status_code == 413


def test_new_job_estimate__cold_network__suggests_reward_split_and_replicas_at_the_assumed_rate(tmp_path, oracle_url):
    card = _text(_web(tmp_path, [oracle_url]).post("/new/estimate", json=DOC).text)
    reward = re.search(r"Reward ([\d.]+) HIVE per task \( ?assumed going rate", card)
    assert reward, card
    assert float(reward.group(1)) > 0
    assert re.search(r"Split 1 frame\(s\) per task, 1 × 1 tiles \( ?the shortest estimated wall time", card), card
    assert re.search(r"Replicas 1 \( ?checked by re-running crops", card), card  # a render job: one replica


def test_new_job_estimate__index_with_settled_jobs__reward_from_the_index_going_rate(tmp_path):
    from frontend_api.estimates import EstimateService, index_history
    from tests.frontend_api.test_estimates_going_rate import index_with_settled

    url, store_path, spec = index_with_settled(tmp_path, "render", 3)
    _engine, sessions = open_index(url)
    web = build_web_app(sessions)
    web.state.estimates = EstimateService(index_history(sessions, LocalStore(store_path)))
    doc = json.loads(canonical_bytes(spec))
    card = html.unescape(_text(TestClient(web).post("/new/estimate", json=doc).text))
    assert re.search(r"Reward [\d.]+ HIVE per task \( ?the index's going rate [\d.e-]+ tokens", card), card
    assert "3 settled render jobs" in card


def _wall_s(card: str) -> float:
    value, unit = re.search(r"Wall time ([\d.]+) (s|min|h) ", card).groups()  # type: ignore[union-attr]
    return float(value) * {"s": 1, "min": 60, "h": 3_600}[unit]


def test_new_job_estimate__eligible_workers_attested_fast__shorter_wall_time_than_median_workers(
    tmp_path, oracle_url, monkeypatch
):
    """The H100 and the RTX 4090 meet this spec, attested at 13.3x and 1.5x the median worker: the estimate runs on
    their speeds, not on two median workers (what an oracle that sends no speeds gets)."""
    from frontend_api.web import requester_pages

    doc = {**DOC, "hardware": {"gpu_class": "consumer", "min_vram_gb": 16}}
    fast = _text(_web(tmp_path, [oracle_url]).post("/new/estimate", json=doc).text)
    real = requester_pages.eligible_workers
    monkeypatch.setattr(requester_pages, "eligible_workers", lambda urls, hw: {**real(urls, hw), "speeds": []})
    median = _text(_web(tmp_path, [oracle_url]).post("/new/estimate", json=doc).text)
    assert "on 2 workers at their attested speeds" in fast and "attested speeds" not in median
    assert _wall_s(fast) < 0.5 * _wall_s(median)
