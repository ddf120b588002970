"""Text users control cannot run as script in another user's browser. A worker registers with a metadata
CID and a requester creates a job with a spec CID that are markup (``<script>alert(1)</script>`` and an
attribute breakout with ``onerror``); every explorer page that shows them, and the live feed that receives
them, shows them as text and no dialog opens. The Content-Security-Policy itself is checked too: an inline
script and an inline event handler put into a page by script do not run, and the browser reports the
violation."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from protocol.contracts import TOKEN, Capability, Role

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + BREAKOUT


@pytest.fixture(scope="module")
def hostile(web_server):
    """A worker whose metadata CID and a job whose spec CID are HOSTILE, on the chain and indexed."""
    deployer, worker = web_server.signer(web_server.accounts[0]), web_server.signer(web_server.accounts[9])
    requester = web_server.signer(web_server.accounts[8])
    deployer.transact(deployer.token.functions.transfer(worker.account.address, 300 * TOKEN))
    worker.transact(worker.registry.functions.register(int(Role.WORKER), int(Capability.RENDER), HOSTILE))
    worker.transact(worker.token.functions.approve(worker.registry.address, 200 * TOKEN))
    worker.transact(worker.registry.functions.stake(200 * TOKEN))
    deadline = requester.head().timestamp + 86_400
    requester.transact(requester.escrow.functions.create_job(BREAKOUT + SCRIPT, keccak(text="x"), 2, TOKEN, deadline))
    web_server.wait_indexed()
    return worker.account.address


def test_injection__worker_page__metadata_shown_as_text(web_server, hostile, desktop_page, screenshot):
    page = desktop_page
    page.goto(f"{web_server.url}/workers/{hostile}")
    assert page.locator("#metadata-cid").inner_text() == HOSTILE
    assert page.locator("#facts img").count() == 0 and page.locator("main script").count() == 0
    page.wait_for_timeout(300)  # an image error handler would have fired by now
    assert page.dialogs == []
    screenshot(page, "injection_worker")


@pytest.mark.parametrize("path", ["/jobs", "/events", "/", "/workers"])
def test_injection__lists__markup_stays_text(web_server, hostile, device_page, path):
    page = device_page
    page.goto(web_server.url + path)
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("main img").count() == 0
    if path in ("/jobs", "/events"):
        assert page.get_by_text("<img src=x", exact=False).count() >= 1


def test_injection__live_feed__hostile_event_is_text(web_server, hostile, desktop_page):
    page = desktop_page
    page.goto(web_server.url + "/events")
    page.locator("#live-status[data-state=live]").wait_for()
    worker = web_server.signer(web_server.accounts[9])
    worker.transact(worker.registry.functions.update_node(int(Capability.RENDER), BREAKOUT + "live" + SCRIPT))
    item = page.locator("#event-feed li.fresh").first
    item.wait_for(timeout=10_000)
    assert "live<script>alert(1)</script>" in item.inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.locator("#event-feed img").count() == 0


def test_csp__inline_script_and_handler__blocked_and_reported(web_server, desktop_page, csp_violations):
    page = desktop_page
    page.goto(web_server.url + "/")
    ran = page.evaluate(
        """() => new Promise((done) => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true";
            document.body.append(script);
            const img = document.createElement("img");
            img.setAttribute("onerror", "window.__handlerRan = true");
            img.src = "/nothing-here.png";
            document.body.append(img);
            setTimeout(() => done([window.__inlineRan === true, window.__handlerRan === true]), 500);
        })"""
    )
    assert ran == [False, False]
    blocked = {v["directive"] for v in csp_violations(page)}
    assert {"script-src-elem", "script-src-attr"} <= blocked, blocked
