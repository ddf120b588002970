"""The committee page in Chromium: the signers and threshold the OracleCommittee contract holds."""

from __future__ import annotations


def test_committee__deployed__signers_and_threshold(web_server, device_page, screenshot):
    page = device_page
    web_server.wait_indexed()
    page.goto(web_server.url + "/committee")
    committee = web_server.chain.contracts["OracleCommittee"].functions
    signers, threshold = committee.signers().call(), committee.threshold().call()
    assert page.locator("#tile-threshold .value").inner_text() == f"{threshold} of {len(signers)}"
    assert page.locator("#signers-table tbody td.mono").all_inner_texts() == signers
    screenshot(page, f"explorer_committee_{page.device}")
