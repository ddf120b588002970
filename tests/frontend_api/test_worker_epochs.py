"""The explorer's worker page from the sentries' posted attestation files: GPU model and VRAM from the node
metadata, "online" (the latest attested epoch) apart from "eligible" (staked, not jailed), and uptime and
performance per epoch, the median over the sentries whose file rebuilds the root they posted; a file that
does not is named and not counted."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from frontend_api.web import build_web_app
from tests.support.sentry_history import ABSENT, FAST, SENTRIES, sentry_web_app


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    with sentry_web_app(tmp_path_factory.mktemp("epochs")) as (app, _):
        yield app


@pytest.fixture(scope="module")
def client(web) -> TestClient:
    return TestClient(web)


def text_of(html: str, element_id: str) -> str:
    chunk = html[html.index(f'id="{element_id}"') :]
    chunk = chunk[: min(i for i in (chunk.find('<div class="tile"', 1), chunk.find("</section>")) if i > 0)]
    return " ".join(re.sub(r"<[^>]+>", " ", chunk.split(">", 1)[1]).split())


def rows(html: str) -> list[list[str]]:
    table = html[html.index('id="epoch-table"') : html.index("</table>", html.index('id="epoch-table"'))]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in re.findall(r"<tr data-epoch[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_worker_page__attested_worker__online_eligible_gpu_and_median_per_epoch(client):
    html = client.get(f"/workers/{FAST}").text
    assert text_of(html, "tile-online") == "Online online uptime 75.0% in epoch 3"
    assert text_of(html, "tile-eligible") == "Eligible eligible staked, not jailed"
    assert "NVIDIA RTX 4090 (24 GiB VRAM)" in text_of(html, "hardware-gpus") and "AMD EPYC 7B13" in html
    # epoch 3: uptimes 10000, 7500, 5000 and scores 1300, 1310, 1320 -> medians 7500 and 1310
    assert rows(html) == [
        ["3", "75.0%", "1,310", "3 of 3", "-"],
        ["2", "100.0%", "1,200", "2 of 3", "-"],  # the tampered file is not counted
        ["1", "100.0%", "1,110", "3 of 3", "-"],
    ]
    assert "does not match the posted root" in text_of(html, "epoch-problems")
    assert html.count("<svg") >= 3 and "Uptime per epoch" in html and "Performance score per epoch" in html


def test_worker_page__offline_in_latest_epoch__eligible_but_offline(client):
    html = client.get(f"/workers/{ABSENT}").text
    assert text_of(html, "tile-eligible").startswith("Eligible eligible")
    assert text_of(html, "tile-online") == "Online offline no probe answered in epoch 3"
    assert rows(html)[0] == ["3", "0.0%", "0", "3 of 3", "offline"]
    assert text_of(html, "hardware-gpus").startswith("no metadata published Slashed")


def test_worker_page__no_store__says_what_to_configure(web):
    html = TestClient(build_web_app(web.state.sessions)).get(f"/workers/{FAST}").text
    assert "no store to read the sentries' files from" in text_of(html, "tile-online")
    assert "GPUHIVE_STORE" in text_of(html, "worker-epochs")


def test_workers_list__online_column__from_the_latest_epoch(client):
    html = client.get("/workers").text
    online = {
        a: re.sub(r"<[^>]+>", " ", c).split()
        for a, c in re.findall(r'data-address="([^"]+)".*?<td class="online">(.*?)</td>', html, re.S)
    }
    assert online == {FAST: ["online", "75%"], ABSENT: ["offline"]}
    assert "latest attested epoch (3)" in html


def test_worker_epochs_api__medians_flags_and_problems(client):
    body = client.get(f"/api/v1/workers/{ABSENT}/epochs").json()
    assert body["latest_epoch"] == 3 and body["online"] is False
    assert [(e["epoch"], e["uptime_bps"], e["flags"], e["sentries"]) for e in body["epochs"]] == [
        (1, 10_000, ["class mismatch"], 3),  # any sentry's flag shows
        (2, 10_000, [], 2),
        (3, 0, ["offline"], 3),
    ]
    assert len(body["problems"]) == 1 and SENTRIES[2] in body["problems"][0]
    assert client.get("/api/v1/workers/0x12/epochs").status_code == 400


def test_home__sentry_view__online_count_and_published_gpu_models(client, web):
    html = client.get("/").text
    assert "1 of 2 attested workers online in epoch 3" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html[html.index('id="gpu-models"') :].split("</table>")[0])
    assert cells == ["NVIDIA RTX 4090", "24 GiB", "1"]
    bare = TestClient(build_web_app(web.state.sessions)).get("/").text
    assert "need the store (GPUHIVE_STORE" in bare and 'id="gpu-models"' not in bare
