"""The events feed in Chromium: the chain's events newest first, and a new event appears live (Server-Sent
Events) without a reload."""

from __future__ import annotations


def test_events__new_transaction__appears_live(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/events")
    page.locator("#live-status[data-state=live]").wait_for()
    before = page.locator("#event-feed li").count()
    worker = web_server.signer(web_server.accounts[7])
    tag = f"bafk-live-{page.device}"
    worker.transact(worker.registry.functions.update_node(5, tag))
    fresh = page.locator("#event-feed li.fresh").filter(has_text=tag)
    fresh.wait_for(timeout=10_000)
    assert page.locator("#event-feed li").first.locator(".event-name").inner_text() == "NodeUpdated"
    assert page.locator("#event-feed li").count() == before + 1
    assert page.url == web_server.url + "/events"  # no reload
    screenshot(page, f"explorer_events_{page.device}")
