"""The explorer's network dashboard in Chromium, on desktop and phone, with the numbers the chain holds:
the stake of the registered workers, the jobs the escrow counts, and the gas their transactions paid (read
from the receipts here, independently of the indexer's gas meter)."""

from __future__ import annotations

from protocol.contracts import TOKEN


def chain_gas(chain) -> int:
    """Wei paid by every transaction that emitted an event of the three indexed contracts."""
    from frontend_api.indexer.indexer import INDEXED_CONTRACTS

    addresses = [chain.contracts[name].address for name in INDEXED_CONTRACTS]
    logs = chain.w3.eth.get_logs({"address": addresses, "fromBlock": 0, "toBlock": "latest"})
    receipts = [chain.w3.eth.get_transaction_receipt(tx) for tx in {log["transactionHash"] for log in logs}]
    return sum(r["gasUsed"] * r["effectiveGasPrice"] for r in receipts)


def test_home__chain_history__tiles_show_the_chains_numbers(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/")
    chain = web_server.chain
    nodes = [web_server.history.paid_worker, web_server.history.slashed_worker]
    staked = sum(chain.node(a).staked for a in nodes)
    assert page.locator("#tile-stake .value").inner_text().startswith(f"{staked // TOKEN:,}")
    jobs = chain.escrow.functions.job_count().call()
    assert page.locator("#tile-jobs .value").inner_text() == f"{jobs:,}"
    gas = chain_gas(chain)
    assert page.locator("#tile-gas .value").inner_text() == f"{gas / TOKEN:.4f} ETH"
    assert page.locator("#jobs-by-state svg text", has_text="settled").count() == 1
    assert page.locator("#stake-distribution svg rect").count() == 6
    screenshot(page, f"explorer_home_{page.device}")
    assert page.dialogs == []


def test_home__phone__nothing_wider_than_the_screen(web_server, phone_page):
    page = phone_page
    page.goto(web_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("#tile-eligible").bounding_box()["width"] < 375 / 2
