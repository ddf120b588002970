"""The job page of a zk job in Chromium: each task's proof as the ProofRegistry verified it on-chain (task, output
commitment, who posted it, block, transaction, gas) and how many of the job's tasks are proven, updated live
when another proof lands. Real Groth16 proofs (the committed fixtures, ``tests.support.zk_chain``) checked by
the deployed verifier on anvil; the dApp's own indexer and gas meter read them from the chain."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from frontend_api.indexer.gas import GasMeter, GasThread
from protocol.storage import LocalStore
from tests.support.test_wallet import wallet_app
from tests.support.zk_chain import JOB_ID, NUM_TASKS, build_zk_fixture_chain


@pytest.fixture
def _function_isolation():
    """No chain revert after the test (Ape's default): the module restores its own snapshot."""
    yield


@pytest.fixture(scope="module")
def zk(accounts):
    from ape import chain

    snapshot = chain.snapshot()
    yield build_zk_fixture_chain(accounts)
    chain.restore(snapshot)


@pytest.fixture(scope="module")
def dapp(zk, anvil_uri, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dapp-zk")
    for served in wallet_app(zk.manifest, anvil_uri, LocalStore(tmp / "store"), [], tmp):
        gas = GasThread(GasMeter(served.chain.w3, served.sessions), poll_seconds=0.1).start()
        yield served
        gas.stop()


def test_job_page__zk_job__each_task_proof_and_proven_count(zk, dapp, desktop_page, screenshot):
    first = zk.post(0)
    dapp.wait_indexed()
    page = desktop_page
    page.goto(f"{dapp.url}/jobs/{JOB_ID}")
    card = page.locator("#job-zk-proofs")
    expect(card).to_be_visible()
    expect(page.locator("#zk-proven")).to_contain_text(f"1 of {NUM_TASKS} tasks proven on-chain")
    rows = page.locator("#zk-proof-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(4)).to_have_attribute("title", first.txn_hash)

    second = zk.post(1)  # the panel refreshes itself: the new proof shows without a reload
    expect(page.locator("#zk-proven")).to_contain_text(f"2 of {NUM_TASKS} tasks proven on-chain", timeout=15_000)
    expect(rows).to_have_count(2)
    for row, receipt, task in ((rows.nth(0), first, 0), (rows.nth(1), second, 1)):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(str(task))
        expect(cells.nth(1)).to_have_attribute("title", str(zk.output_hash(task)))
        expect(cells.nth(2).locator("span")).to_have_attribute("title", zk.poster.address)
        expect(cells.nth(3)).to_have_text(str(receipt.block_number))
        expect(cells.nth(4)).to_have_attribute("title", receipt.txn_hash)
        expect(cells.nth(5)).to_have_text(f"{receipt.gas_used:,}", timeout=15_000)  # priced by the gas meter
    assert card.get_attribute("data-proven") == "2" and card.get_attribute("data-num-tasks") == str(NUM_TASKS)
    card.scroll_into_view_if_needed()
    screenshot(page, "job_zk_proofs_desktop")
