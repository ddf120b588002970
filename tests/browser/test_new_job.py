"""The new job page in a real Chromium, the test wallet signing with anvil's dev account: the upload with
its progress bar, the spec's field-level errors next to the fields, the permit the user rejects, a balance
too small, and a job created with one permit signature and one transaction (or approve + create_job for a
token without permit), each checked against the chain: what the page did not send, the chain does not have.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from protocol.contracts import TOKEN
from protocol.jobspec import load_spec, spec_hash
from protocol.storage import LocalStore, cid_of_bytes
from tests.support.test_wallet import TestWallet, wallet_app

SCENE = bytes(range(256)) * 1_200  # 300 KiB: a few progress events, more than one CID chunk


@pytest.fixture(scope="module")
def dapp(deployed, anvil_uri, accounts, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dapp-new-job")
    deployed[1]["HiveToken"].transfer(accounts[9], 100 * TOKEN, sender=accounts[0])
    yield from wallet_app(deployed[0], anvil_uri, LocalStore(tmp / "store"), [], tmp)


@pytest.fixture
def requester(accounts):
    return accounts[9]


def chain_state(dapp, address: str) -> tuple[int, int, int, int]:
    """(token nonce, token balance, escrow balance, job count): what a sent permit or job would change."""
    c = dapp.chain
    escrow = c.escrow.address
    return (
        c.token.functions.nonces(address).call(),
        c.token.functions.balanceOf(address).call(),
        c.token.functions.balanceOf(escrow).call(),
        c.escrow.functions.job_count().call(),
    )


def open_form(page, dapp, wallet: TestWallet) -> None:
    wallet.install(page)
    page.goto(f"{dapp.url}/new")
    page.click("#wallet-connect")
    expect(page.locator("#wallet-chain")).to_have_text("anvil (tests)")


def fill_render(page, dapp, scene_cid: str, *, budget: str = "1", **fields: str) -> None:
    values = {
        "name": "wallet render",
        "scene_cid": scene_cid,
        "frame_start": "1",
        "frame_end": "4",
        "resolution_x": "64",
        "resolution_y": "48",
        "samples": "4",
        "verification.spot_check_bps": "5000",
        "verification.crop_size_bps": "5000",
        "reward_per_task": "0.01",
        "budget": budget,
        **fields,
    }
    for path, value in values.items():
        page.locator(f'[data-path="{path}"]:visible').fill(value)
    deadline_ms = (dapp.backend.chain_time() + 7 * 86_400) * 1000
    local = page.evaluate(
        "(ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16)", deadline_ms
    )
    page.locator('[data-path="deadline"]').fill(local)


def stored_scene(dapp) -> str:
    return dapp.backend.store.put_bytes(SCENE)


def test_upload__progress_bar__cid_put_into_the_spec(dapp, requester, desktop_page):
    open_form(desktop_page, dapp, TestWallet(dapp.backend.rpc_url, requester.address))
    desktop_page.set_input_files(
        "#upload-file", files=[{"name": "scene.blend", "mimeType": "application/octet-stream", "buffer": SCENE}]
    )
    desktop_page.click("#upload-button")
    expect(desktop_page.locator("#upload-message")).to_contain_text(f"stored as {cid_of_bytes(SCENE)}")
    expect(desktop_page.locator('[data-path="scene_cid"]')).to_have_value(cid_of_bytes(SCENE))
    assert desktop_page.locator("#upload-progress").evaluate("el => el.value") == 100
    assert dapp.backend.store.get_bytes(cid_of_bytes(SCENE)) == SCENE


def test_upload__connection_breaks__clear_message_nothing_stored_no_job(dapp, requester, desktop_page):
    data = b"a dataset cut off halfway" * 4_000
    before = chain_state(dapp, requester.address)
    open_form(desktop_page, dapp, TestWallet(dapp.backend.rpc_url, requester.address))
    desktop_page.route("**/api/v1/uploads*", lambda route: route.abort("connectionreset"))
    desktop_page.set_input_files("#upload-file", files=[{"name": "d.npz", "mimeType": "x/y", "buffer": data}])
    desktop_page.click("#upload-button")
    expect(desktop_page.locator("#upload-message")).to_contain_text("Upload failed")
    expect(desktop_page.locator("#upload-message")).to_contain_text("no job was created")
    assert not dapp.backend.store.has(cid_of_bytes(data)) and chain_state(dapp, requester.address) == before
    expect(desktop_page.locator('[data-path="scene_cid"]')).to_have_value("")


def test_bad_spec__errors_next_to_the_fields__nothing_signed_or_sent(dapp, requester, desktop_page, screenshot):
    before = chain_state(dapp, requester.address)
    wallet = TestWallet(dapp.backend.rpc_url, requester.address)
    open_form(desktop_page, dapp, wallet)
    fill_render(desktop_page, dapp, stored_scene(dapp), samples="many", **{"split.tiles_x": "9"})
    desktop_page.click("#create-button")
    expect(desktop_page.locator('[data-error-for="samples"]')).to_contain_text("valid integer")
    expect(desktop_page.locator('[data-path="samples"]')).to_have_attribute("aria-invalid", "true")
    expect(desktop_page.locator("#create-message")).to_contain_text("Nothing was signed or sent")
    desktop_page.locator('[data-path="samples"]').fill("4")  # the cross-field rule shows once the field is right
    desktop_page.click("#check-button")
    expect(desktop_page.locator('[data-error-for="split.tiles_x"]')).to_contain_text("each tile needs at least 16 px")
    screenshot(desktop_page, "new_job_desktop")
    assert not wallet.sent and not wallet.signed and chain_state(dapp, requester.address) == before


def test_permit_rejected__message__no_signature_no_transaction(dapp, requester, desktop_page):
    before = chain_state(dapp, requester.address)
    wallet = TestWallet(dapp.backend.rpc_url, requester.address, reject={"eth_signTypedData_v4"})
    open_form(desktop_page, dapp, wallet)
    fill_render(desktop_page, dapp, stored_scene(dapp))
    desktop_page.click("#create-button")
    expect(desktop_page.locator("#create-message")).to_contain_text("You rejected the request in your wallet")
    assert "eth_signTypedData_v4" in wallet.calls and not wallet.sent
    assert chain_state(dapp, requester.address) == before  # nonce, balances and jobs unchanged


def test_balance_too_small__message_before_the_wallet_is_asked(dapp, requester, desktop_page):
    wallet = TestWallet(dapp.backend.rpc_url, requester.address)
    open_form(desktop_page, dapp, wallet)
    fill_render(desktop_page, dapp, stored_scene(dapp), budget="5000")
    desktop_page.click("#create-button")
    expect(desktop_page.locator("#create-message")).to_contain_text("but the budget is 5000 HIVE")
    assert not wallet.signed and not wallet.sent


def test_create__one_permit_one_transaction__budget_escrowed(dapp, requester, phone_page, screenshot):
    nonce, balance, escrowed, jobs = chain_state(dapp, requester.address)
    wallet = TestWallet(dapp.backend.rpc_url, requester.address)
    open_form(phone_page, dapp, wallet)
    scene = stored_scene(dapp)
    fill_render(phone_page, dapp, scene)
    phone_page.click("#check-button")
    expect(phone_page.locator("#budget-summary")).to_contain_text("the budget needs 0.08 HIVE")
    phone_page.click("#create-button")
    expect(phone_page.locator("#create-message")).to_contain_text(f"Job {jobs + 1} created; 1 HIVE locked in escrow")
    screenshot(phone_page, "new_job_phone")

    assert len(wallet.signed) == 1 and len(wallet.sent) == 1  # one permit, one transaction
    job = dapp.chain.get_job(jobs + 1)
    assert job.requester == requester.address and job.budget == TOKEN
    assert chain_state(dapp, requester.address) == (nonce + 1, balance - TOKEN, escrowed + TOKEN, jobs + 1)
    spec_cid = dapp.chain.escrow.events.JobCreated().get_logs(from_block=0)[-1]["args"]["spec_cid"]
    spec = load_spec(dapp.backend.store.get_bytes(spec_cid), "json")
    assert spec.scene_cid == scene and bytes(job.spec_hash) == spec_hash(spec)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    phone_page.click("#create-message a")
    expect(phone_page.locator("h1")).to_have_text(f"Job {jobs + 1}")
    expect(phone_page.locator("#progress-counts")).to_contain_text("No oracle reports this job yet")
    phone_page.click('[data-action="cancel"]')  # the requester asks the oracles to stop
    expect(phone_page.locator("#action-message")).to_contain_text("Cancel requested")
    (event,) = dapp.chain.escrow.events.CancelRequested().get_logs(from_block=0, argument_filters={"job_id": jobs + 1})
    assert event["args"]["requester"] == requester.address
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_create__token_without_permit__approve_then_create_job(dapp, requester, desktop_page, screenshot):
    httpx.get(f"{dapp.url}/api/v1/wallet/config").raise_for_status()  # built once, then served from the cache
    cfg = dapp.backend._config
    cfg["token"]["permit"] = False  # the path a payment token without EIP-2612 takes
    try:
        _, balance, escrowed, jobs = chain_state(dapp, requester.address)
        wallet = TestWallet(dapp.backend.rpc_url, requester.address)
        open_form(desktop_page, dapp, wallet)
        fill_render(desktop_page, dapp, stored_scene(dapp), budget="2")
        desktop_page.click("#create-button")
        expect(desktop_page.locator("#create-message")).to_contain_text(f"Job {jobs + 1} created")
        screenshot(desktop_page, "new_job_no_permit_desktop")
    finally:
        cfg["token"]["permit"] = True
    assert not wallet.signed and [tx["to"].lower() for tx in wallet.sent] == [
        dapp.chain.token.address.lower(),
        dapp.chain.escrow.address.lower(),
    ]
    assert chain_state(dapp, requester.address)[1:] == (balance - 2 * TOKEN, escrowed + 2 * TOKEN, jobs + 1)


def test_train_form__kind_switched__its_own_field_errors(dapp, requester, desktop_page):
    wallet = TestWallet(dapp.backend.rpc_url, requester.address)
    open_form(desktop_page, dapp, wallet)
    desktop_page.check('input[name="kind"][value="train"]')
    expect(desktop_page.locator('[data-path="scene_cid"]')).to_be_hidden()
    dataset = dapp.backend.store.put_bytes(b"PK not really an npz" * 50)
    for path, value in {"dataset.cid": dataset, "dataset.examples": "100", "batch_size": "500"}.items():
        desktop_page.locator(f'[data-path="{path}"]:visible').fill(value)
    desktop_page.click("#check-button")
    expect(desktop_page.locator('[data-error-for="batch_size"]:visible')).to_contain_text(
        "batch_size 500 is larger than the dataset (100 examples)"
    )
    assert not wallet.sent and not wallet.signed


def test_check__spec_with_hardware__estimate_and_eligible_workers_from_the_oracle(
    dapp, requester, desktop_page, screenshot, tmp_path
):
    import json

    from oracles.node_metadata import NodeMetadata
    from oracles.routes.eligible import Eligibility
    from tests.oracles.test_eligible_route import Registry, oracle_app
    from tests.oracles.test_worker_selection_hardware import METADATA, selection
    from tests.support.explorer_chain import serve_in_thread

    store = LocalStore(tmp_path)
    chain = Registry({w: store.put_bytes(json.dumps(doc).encode()) for w, doc in METADATA.items()})
    with serve_in_thread(oracle_app(Eligibility(selection(), NodeMetadata(chain, store), lambda: 4))) as url:
        dapp.backend.oracle_urls.append(url)
        try:
            open_form(desktop_page, dapp, TestWallet(dapp.backend.rpc_url, requester.address))
            expect(desktop_page.locator("#eligible-workers")).to_contain_text("4 of 4 attested")
            fill_render(desktop_page, dapp, stored_scene(dapp), **{"frame_end": "40", "hardware.gpu_class": "consumer"})
            desktop_page.click("#check-button")
            expect(desktop_page.locator("#eligible-workers")).to_contain_text("2 of 4 attested")
            expect(desktop_page.locator("#estimate-wall")).to_contain_text("on 2 workers")
            expect(desktop_page.locator("#estimate-cold")).to_contain_text("Cold start from the benchmarks' rates")
            desktop_page.locator("#estimate").scroll_into_view_if_needed()
            screenshot(desktop_page, "new_job_estimate_desktop")
        finally:
            dapp.backend.oracle_urls.remove(url)
