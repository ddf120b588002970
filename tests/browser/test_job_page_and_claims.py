"""The job page and the worker page on a job that really ran: three oracles (k = 2) on anvil in this process,
three simulated workers rendering PNG tiles through the oracles' real HTTP API, the render job settled by
the committee. In Chromium with the test wallet: the job page shows the oracles' progress, the settlement,
the accepted frames as thumbnails (served checked against their CIDs) and who ran and checked each task,
with dispute open and refund waiting for the window; after the window the requester takes the refund from
the page; the worker claims every payout in one transaction built from the manifest's Merkle proofs; a new
worker registers, stakes, unbonds and withdraws. Every amount is read back from the chain.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from protocol.contracts import TOKEN, JobStatus
from protocol.jobspec import load_spec
from protocol.result_manifest import plan_from_manifest
from protocol.storage import cid_of_bytes
from tests.support.oracle_network import build_network, job_manifest, spec_yaml
from tests.support.test_wallet import TestWallet, wallet_app


@pytest.fixture
def _function_isolation():
    """No chain revert after each test (Ape's default): the tests follow one job through its life, and the
    module-scoped oracles must not see the chain go back. The module restores its own snapshot."""
    yield


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    from ape import chain

    snapshot = chain.snapshot()
    network = build_network(accounts, anvil_uri, tmp_path_factory.mktemp("net"))
    for i in (4, 5, 6):
        network.add_worker(accounts[i]).start()
    yield network
    network.close()
    chain.restore(snapshot)


@pytest.fixture(scope="module")
def job_id(net) -> int:
    scene = net.store.put_bytes(b"BLENDER-v300 stand-in scene for the wallet pages")
    needed = load_spec(spec_yaml("render", scene_cid=scene)).budget_needed
    job = net.create_job(spec_yaml("render", scene_cid=scene, budget=needed + 3 * TOKEN))  # some refund for sure
    net.wait_status(job, JobStatus.SETTLED)
    return job


@pytest.fixture(scope="module")
def dapp(net, job_id, anvil_uri, tmp_path_factory):
    oracles = [f"http://127.0.0.1:{c.api_port}" for c in net.configs]
    yield from wallet_app(net.manifest, anvil_uri, net.store, oracles, tmp_path_factory.mktemp("dapp-jobs"))


def balance(net, address: str) -> int:
    return net.contracts["HiveToken"].balanceOf(address)


def pass_dispute_window(net) -> None:
    from ape import chain

    chain.pending_timestamp += net.manifest.params["dispute_window"] + 1
    chain.mine()


def test_job_page__settled_render__progress_settlement_thumbnails_tasks(dapp, net, job_id, desktop_page, screenshot):
    dapp.wait_indexed()
    TestWallet(dapp.backend.rpc_url, net.requester.address).install(desktop_page)
    desktop_page.goto(f"{dapp.url}/jobs/{job_id}")
    desktop_page.click("#wallet-connect")
    manifest, _ = job_manifest(net, job_id)
    expect(desktop_page.locator("#job-status")).to_have_text("settled")
    expect(desktop_page.locator("#progress-counts")).to_contain_text(
        f"{len(manifest.tasks)} of {len(manifest.tasks)} tasks accepted"
    )
    thumbs = desktop_page.locator("#thumbs img")
    expect(thumbs).to_have_count(len(manifest.tasks))  # one PNG tile per task
    thumbs.first.scroll_into_view_if_needed()
    desktop_page.wait_for_function("() => [...document.querySelectorAll('#thumbs img')].every(i => i.naturalWidth > 0)")
    rows = desktop_page.locator("#task-table tbody tr")
    expect(rows).to_have_count(len(manifest.tasks))
    checked = [t.index for t in manifest.tasks if t.selected_for_check]
    checker = next(s.worker for s in manifest.tasks[checked[0]].slots if s.role == "check")
    expect(rows.nth(checked[0]).locator("td").nth(3)).to_contain_text(checker[:6])
    expect(desktop_page.locator('[data-action="dispute"]')).to_be_enabled()
    expect(desktop_page.locator('[data-action="refund"]')).to_be_disabled()
    expect(desktop_page.locator('[data-action-row="refund"] .countdown')).to_contain_text(":")
    screenshot(desktop_page, "job_desktop")
    href = desktop_page.locator("#result-files a").first.get_attribute("href")
    served = httpx.get(f"{dapp.url}{href}")
    assert cid_of_bytes(served.content) == served.headers["x-gpuhive-cid"] == href.split("/")[-1].split("?")[0]
    assert served.headers["content-type"] == "image/png" and "sandbox" in served.headers["content-security-policy"]


def test_job_page__after_the_window__requester_takes_the_refund(dapp, net, job_id, phone_page, screenshot):
    pass_dispute_window(net)
    refund = net.contracts["JobEscrow"].get_job(job_id).refund
    before = balance(net, net.requester.address)
    wallet = TestWallet(dapp.backend.rpc_url, net.requester.address).install(phone_page)
    phone_page.goto(f"{dapp.url}/jobs/{job_id}")
    phone_page.click("#wallet-connect")
    expect(phone_page.locator('[data-action="dispute"]')).to_be_disabled()  # the window closed
    phone_page.click('[data-action="refund"]')
    expect(phone_page.locator("#action-message")).to_contain_text("Refund paid to the requester")
    assert refund > 0 and balance(net, net.requester.address) == before + refund and len(wallet.sent) == 1
    expect(phone_page.locator('[data-action="refund"]')).to_be_disabled(timeout=10_000)  # nothing left to take
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    screenshot(phone_page, "job_phone")


def test_worker_page__claim__every_payout_in_one_transaction(dapp, net, job_id, accounts, desktop_page, screenshot):
    worker = accounts[4]
    manifest, cid = job_manifest(net, job_id)
    reward = load_spec(net.store.get_bytes(manifest.spec_cid)).reward_per_task
    owed = plan_from_manifest(manifest, reward, cid).payouts[worker.address]
    before = balance(net, worker.address)
    wallet = TestWallet(dapp.backend.rpc_url, worker.address).install(desktop_page)
    desktop_page.goto(f"{dapp.url}/worker")
    desktop_page.click("#wallet-connect")
    expect(desktop_page.locator("#claim-button")).to_contain_text("from 1 job(s) in one transaction")
    screenshot(desktop_page, "worker_desktop")
    desktop_page.click("#claim-button")
    expect(desktop_page.locator("#worker-message")).to_contain_text("Claimed")
    expect(desktop_page.locator("#nothing-to-claim")).to_be_visible()
    assert balance(net, worker.address) == before + owed and len(wallet.sent) == 1
    assert net.contracts["JobEscrow"].is_claimed(worker.address, job_id)


def test_worker_page__register_stake_unbond_withdraw(dapp, net, anvil_uri, accounts, phone_page, screenshot):
    from ape import chain

    node = "0x000000000000000000000000000000000000dA7a"
    rpc = httpx.Client()
    for method, params in (("anvil_impersonateAccount", [node]), ("anvil_setBalance", [node, hex(10**20)])):
        rpc.post(anvil_uri, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
    token, registry = net.contracts["HiveToken"], net.contracts["WorkerRegistry"]
    token.transfer(node, 300 * TOKEN, sender=accounts[0])
    wallet = TestWallet(dapp.backend.rpc_url, node).install(phone_page)
    phone_page.goto(f"{dapp.url}/worker")
    phone_page.click("#wallet-connect")
    phone_page.click('[data-action="register"]')
    expect(phone_page.locator("#worker-message")).to_contain_text("Registered as a worker")
    phone_page.fill("#stake-amount", "50")  # below the 100 HIVE minimum: refused before the wallet is asked
    phone_page.click('[data-action="stake"]')
    expect(phone_page.locator("#worker-message")).to_contain_text("the minimum is 100 HIVE")
    sent = len(wallet.sent)
    phone_page.fill("#stake-amount", "150")
    phone_page.click('[data-action="stake"]')
    expect(phone_page.locator("#worker-message")).to_contain_text("Staked 150 HIVE")
    assert len(wallet.sent) == sent + 2  # approve, stake
    phone_page.fill("#unbond-amount", "40")
    phone_page.click('[data-action="unbond"]')
    expect(phone_page.locator("#worker-message")).to_contain_text("Unbonding 40 HIVE")
    staked = registry.nodes(node)
    assert (staked.staked, staked.unbonding) == (110 * TOKEN, 40 * TOKEN)
    expect(phone_page.locator('[data-action="withdraw"]')).to_be_disabled()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "worker_phone")
    chain.pending_timestamp += net.manifest.params["unbonding_period"] + 1
    chain.mine()
    phone_page.reload()  # the wallet stays connected, as a real one does
    expect(phone_page.locator('[data-action="withdraw"]')).to_be_enabled()
    before = balance(net, node)
    phone_page.click('[data-action="withdraw"]')
    expect(phone_page.locator("#worker-message")).to_contain_text("Withdrawn")
    assert balance(net, node) == before + 40 * TOKEN and registry.nodes(node).unbonding == 0


def test_job_page__dispute__bond_approved_and_locked(dapp, net, accounts, desktop_page):
    scene = net.store.put_bytes(b"BLENDER-v300 stand-in scene for the dispute")
    job = net.create_job(spec_yaml("render", scene_cid=scene))
    net.wait_status(job, JobStatus.SETTLED)
    bond = net.manifest.params["dispute_bond"]
    token, escrow = net.contracts["HiveToken"], net.contracts["JobEscrow"]
    token.approve(escrow, 0, sender=net.requester)  # the page must approve the bond itself
    before = balance(net, net.requester.address)
    wallet = TestWallet(dapp.backend.rpc_url, net.requester.address).install(desktop_page)
    desktop_page.goto(f"{dapp.url}/jobs/{job}")
    desktop_page.click("#wallet-connect")
    desktop_page.click('[data-action="dispute"]')
    expect(desktop_page.locator("#action-message")).to_contain_text("Disputed; 10 HIVE bond locked")
    assert [tx["to"].lower() for tx in wallet.sent] == [token.address.lower(), escrow.address.lower()]
    assert escrow.get_job(job).dispute_bond == bond and balance(net, net.requester.address) == before - bond
