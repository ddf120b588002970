"""End to end in the browser against the real multi-process network (``gpuhive.demo.processes``: the
session's anvil, three ``gpuhive oracle run`` and three ``gpuhive worker run`` processes rendering with
Blender): the requester uploads a real .blend on the new job page, creates the render job with one permit
and one transaction, watches it settle on the job page, sees the frames, takes the refund after the dispute
window; a worker claims its payout from the worker page. Before settlement the job page shows each task
as the oracles report it and an accepted frame. Balances are read from the chain."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import expect

from gpuhive.demo.processes import ProcessNetwork
from protocol.contracts import TOKEN
from protocol.storage import LocalStore
from tests.support.test_wallet import TestWallet, wallet_app

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture
def _function_isolation():
    """No revert under the running oracle processes (Ape's module revert restores the chain at the end)."""
    yield


@pytest.fixture(scope="module")
def net(anvil, anvil_uri, tmp_path_factory):
    work = tmp_path_factory.mktemp("dapp-e2e")
    # the workers' own claim schedule stays out of the way: the page claims
    with ProcessNetwork(work, rpc_url=anvil_uri, worker_options={"claim_threshold": 1_000_000}) as network:
        yield network


@pytest.fixture(scope="module")
def dapp(net, anvil_uri, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dapp-e2e-web")
    yield from wallet_app(net.deployment, anvil_uri, LocalStore(net.store_path), net.oracle_urls, tmp)


def test_dapp_e2e__render_job_from_the_page__frames__refund__worker_claims(
    net, dapp, desktop_page, tmp_path, screenshot
):
    from ape import chain

    from worker_node.runtimes.scenes import make_test_scene

    page = desktop_page
    requester = net.requester_account.address
    scene = make_test_scene(tmp_path / "scene.blend", frames=4)
    wallet = TestWallet(dapp.backend.rpc_url, requester).install(page)
    page.goto(f"{dapp.url}/new")
    page.click("#wallet-connect")
    page.set_input_files("#upload-file", str(scene))
    page.click("#upload-button")
    expect(page.locator("#upload-message")).to_contain_text("stored as")
    fields = {
        "name": "e2e turntable",
        "frame_start": "1",
        "frame_end": "4",
        "resolution_x": "96",
        "resolution_y": "72",
        "samples": "8",
        "verification.spot_check_bps": "5000",
        "verification.crop_size_bps": "3500",
        "reward_per_task": "1",
        "budget": "10",
    }
    for path, value in fields.items():
        page.locator(f'[data-path="{path}"]:visible').fill(value)
    before = net.balance(requester)
    page.click("#create-button")
    expect(page.locator("#create-message")).to_contain_text("created; 10 HIVE locked in escrow", timeout=30_000)
    assert net.balance(requester) == before - 10 * TOKEN
    page.click("#create-message a")

    # before settlement: the oracles' per-task view, polled through the web server with the panel
    expect(page.locator("#live-task-table tbody tr")).to_have_count(4, timeout=60_000)
    seen_live = None
    deadline = time.monotonic() + 240
    while page.locator("#job-status").inner_text() != "settled" and time.monotonic() < deadline:
        if seen_live is None and page.locator("#live-thumbs img").count():
            seen_live = page.locator("#live-task-table tr[data-state=accepted] td.mono a").first.inner_text()
            page.wait_for_function(  # every shown frame decoded (an empty list, if the panel moved on, passes)
                "() => [...document.querySelectorAll('#live-thumbs img')].every(i => i.complete && i.naturalWidth > 0)"
            )
            screenshot(page, "job_live_desktop")
        # the panel refreshes itself every 3 s; on a quiet machine the last three tasks and the settlement can all
        # fall between two of those, so the test asks for the panel's "refresh" more often (CI saw that race)
        page.evaluate("htmx.trigger('#job-live', 'refresh')")
        page.wait_for_timeout(400)
    expect(page.locator("#job-status")).to_have_text("settled", timeout=5_000)  # htmx refreshes the panel
    assert seen_live, "no accepted frame was shown before the job settled"
    assert page.locator("#live-task-table").count() == 0  # the settled manifest's table replaces it
    job_id = int(page.locator("#job-live").get_attribute("data-job-id"))
    expect(page.locator("#thumbs img")).to_have_count(4, timeout=15_000)
    page.wait_for_function("() => [...document.querySelectorAll('#thumbs img')].every(i => i.naturalWidth === 96)")
    screenshot(page, "job_e2e_desktop")

    chain.pending_timestamp += net.deployment.params["dispute_window"] + 1
    chain.mine()
    refund = net.job(job_id).refund
    before = net.balance(requester)
    page.reload()
    page.click('[data-action="refund"]')
    expect(page.locator("#action-message")).to_contain_text("Refund paid")
    assert refund > 0 and net.balance(requester) == before + refund

    dapp.wait_indexed()
    paid = httpx.get(f"{dapp.url}/api/v1/jobs/{job_id}/results", timeout=30).json()["payouts"]
    worker, owed = next(iter(paid.items()))
    before = net.balance(worker)
    wallet.account, wallet.connected = worker, False  # the worker's key, in the same browser
    page.goto(f"{dapp.url}/worker")
    page.click("#wallet-connect")
    page.click("#claim-button")
    expect(page.locator("#worker-message")).to_contain_text("Claimed")
    assert net.balance(worker) == before + int(owed)
