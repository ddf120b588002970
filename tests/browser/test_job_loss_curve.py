"""A running training job's page in Chromium: the loss curve its workers published in their checkpoints
(read through the real oracle per-task API, ``tests.support.oracle_tasks``), drawn as inline SVG that fits a
phone, with who ran each accepted task, and no Content-Security-Policy violation."""

from __future__ import annotations

from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
from frontend_api.indexer import open_index
from frontend_api.web import build_web_app
from protocol.storage import LocalStore
from tests.support.explorer_chain import serve_in_thread
from tests.support.oracle_tasks import LOSS_CURVE, RUNNER, fill_oracle, serve_oracle


def test_job_page__running_train_job__loss_curve_and_tasks(
    web_server, device_page, tmp_path, screenshot, csp_violations
):
    page = device_page
    job_id = web_server.history.open_job
    store = LocalStore(tmp_path / "store")
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    with serve_oracle(tmp_path, lambda db: fill_oracle(db, store, 10**9, job_id)) as oracle_url:
        app = build_web_app(sessions)
        attach_wallet(app, WalletBackend(web_server.chain, store, [oracle_url], web_server.rpc_url))
        with serve_in_thread(app) as url:
            page.goto(f"{url}/jobs/{job_id}")
            chart = page.locator("#loss-chart svg")
            assert chart.locator("path.line").count() == 1 and chart.locator("circle").count() == 0  # 80 points
            assert f"{len(LOSS_CURVE)} points up to step {LOSS_CURVE[-1][0]}" in page.locator("#job-loss").inner_text()
            box = chart.bounding_box()
            assert box is not None and box["width"] <= page.viewport_size["width"]
            ran = page.locator("#live-task-table td.mono a").all_inner_texts()
            assert len(ran) == 2 and all(RUNNER[:6].lower() in r.lower() for r in ran)
            assert csp_violations(page) == []
            screenshot(page, f"job_loss_{page.device}")
    engine.dispose()
