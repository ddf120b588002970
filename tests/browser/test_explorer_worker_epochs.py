"""A worker's page in Chromium with the sentries' attestations (a hand-filled index and store, no chain:
``tests.support.sentry_history``): online apart from eligible, GPU and VRAM, uptime and performance per epoch
as charts and a table, on a desktop and a phone, under the pages' Content-Security-Policy."""

from __future__ import annotations

import pytest

from tests.support.explorer_chain import serve_in_thread
from tests.support.sentry_history import ABSENT, FAST, sentry_web_app


@pytest.fixture(scope="module")
def epochs_url(tmp_path_factory):
    with sentry_web_app(tmp_path_factory.mktemp("epochs-web")) as (app, _), serve_in_thread(app) as url:
        yield url


def test_worker_epochs__attested_worker__online_gpu_and_charts(epochs_url, device_page, screenshot, csp_violations):
    page = device_page
    page.goto(f"{epochs_url}/workers/{FAST}")
    assert page.locator("#tile-online .value").inner_text() == "online"
    assert page.locator("#tile-eligible .value").inner_text() == "eligible"
    assert "NVIDIA RTX 4090 (24 GiB VRAM)" in page.locator("#hardware-gpus").inner_text()
    assert (
        page.locator("#uptime-chart svg path.line").count() == 1 and page.locator("#perf-chart svg circle").count() == 3
    )
    assert page.locator("#epoch-table tbody tr").count() == 3
    box = page.locator("#uptime-chart svg").bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"]  # fits a phone
    assert csp_violations(page) == []
    screenshot(page, f"explorer_worker_epochs_{page.device}")


def test_workers_list__online_and_offline__both_shown(epochs_url, desktop_page):
    page = desktop_page
    page.goto(f"{epochs_url}/workers")
    assert page.locator(f'tr[data-address="{FAST}"] td.online').inner_text().startswith("online")
    assert page.locator(f'tr[data-address="{ABSENT}"] td.online').inner_text() == "offline"


def test_home__sentry_view__online_and_gpu_models(epochs_url, desktop_page, screenshot):
    page = desktop_page
    page.goto(epochs_url)
    assert "1 of 2 attested workers online in epoch 3" in page.locator("#online-summary").inner_text()
    assert page.locator("#gpu-models tbody tr").all_inner_texts() == ["NVIDIA RTX 4090\t24 GiB\t1"]
    screenshot(page, "explorer_home_sentries_desktop")
