"""The explorer's network dashboard in Chromium, on desktop and phone, with the numbers the chain holds."""

from __future__ import annotations

from protocol.contracts import TOKEN


def test_home__chain_history__tiles_show_the_chains_numbers(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/")
    history, chain = web_server.history, web_server.chain
    staked = sum(chain.node(a).staked for a in (history.paid_worker, history.slashed_worker))
    assert page.locator("#tile-stake .value").inner_text().startswith(f"{staked // TOKEN:,}")
    screenshot(page, f"explorer_home_{page.device}")
    assert page.dialogs == []
