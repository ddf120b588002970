"""The workers list and a worker's page in Chromium: stake, unbonding, slashes and earnings as the
registry and the escrow's claims left them."""

from __future__ import annotations

from protocol.contracts import TOKEN


def test_workers__chain_history__stakes_from_the_registry(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/workers")
    for address in (web_server.history.paid_worker, web_server.history.slashed_worker):
        row = page.locator(f'#workers-table tr[data-address="{address}"]')
        staked = web_server.chain.node(address).staked
        assert row.locator("td.num").first.inner_text() == f"{staked / TOKEN:,.2f}"
    screenshot(page, f"explorer_workers_{page.device}")


def test_worker__paid_worker__earnings_chart_and_stake(web_server, device_page, screenshot):
    page = device_page
    history = web_server.history
    page.goto(f"{web_server.url}/workers/{history.paid_worker}")
    node = web_server.chain.node(history.paid_worker)
    assert page.locator("#tile-staked .value").inner_text().startswith(f"{node.staked / TOKEN:,.2f}")
    assert page.locator("#tile-earned .value").inner_text().startswith(f"{history.payout / TOKEN:,.2f}")
    assert page.locator("#earnings svg circle.dot").count() == 1  # one claim
    assert page.locator("#worker-jobs a").all_inner_texts() == [f"#{history.settled_job}"]
    screenshot(page, f"explorer_worker_{page.device}")


def test_worker__slashed_worker__slash_and_unbonding(web_server, desktop_page):
    page = desktop_page
    history = web_server.history
    page.goto(f"{web_server.url}/workers/{history.slashed_worker}")
    node = web_server.chain.node(history.slashed_worker)
    assert f"{history.slash / TOKEN:,.2f} HIVE in 1 slash" in page.locator("#facts").inner_text()
    assert f"{node.unbonding / TOKEN:,.2f} unbonding" in page.locator("#tile-staked").inner_text()
