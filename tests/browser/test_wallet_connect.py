"""The wallet in the header, in a real Chromium with the test wallet over anvil: connect shows the account
and the chain; a wallet on another chain is offered the switch (and the add, on 4902); a rejected connect
says so; a browser without a wallet says what to install."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from protocol.storage import LocalStore
from tests.support.test_wallet import TestWallet, wallet_app


@pytest.fixture(scope="module")
def dapp(deployed, anvil_uri, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dapp-connect")
    yield from wallet_app(deployed[0], anvil_uri, LocalStore(tmp / "store"), [], tmp)


def test_connect__account_and_chain_shown(dapp, accounts, desktop_page, screenshot):
    wallet = TestWallet(dapp.backend.rpc_url, accounts[9].address).install(desktop_page)
    desktop_page.goto(f"{dapp.url}/new")
    desktop_page.click("#wallet-connect")
    expect(desktop_page.locator("#wallet-account")).to_have_attribute("title", accounts[9].address)
    expect(desktop_page.locator("#wallet-chain")).to_have_text("anvil (tests)")
    assert wallet.calls.count("eth_requestAccounts") == 1 and not wallet.sent


def test_connect__wrong_chain__switch_offered_and_done(dapp, accounts, phone_page, screenshot):
    wallet = TestWallet(dapp.backend.rpc_url, accounts[9].address, chain_id=1).install(phone_page)
    phone_page.goto(f"{dapp.url}/new")
    phone_page.click("#wallet-connect")
    expect(phone_page.locator("#wallet-chain")).to_have_text("wrong chain 1")
    phone_page.click("#create-button")  # nothing may be sent from the wrong chain
    expect(phone_page.locator("#create-message")).to_contain_text("switch it to anvil (tests)")
    screenshot(phone_page, "new_job_wrong_chain_phone")
    phone_page.click("#wallet-switch")
    expect(phone_page.locator("#wallet-chain")).to_have_text("anvil (tests)")
    assert "wallet_switchEthereumChain" in wallet.calls and not wallet.added_chains and not wallet.sent


def test_connect__chain_unknown_to_the_wallet__added_on_4902(dapp, accounts, desktop_page):
    wallet = TestWallet(dapp.backend.rpc_url, accounts[9].address, chain_id=1, knows_chain=False)
    wallet.install(desktop_page)
    desktop_page.goto(f"{dapp.url}/worker")
    desktop_page.click("#wallet-connect")
    desktop_page.click("#wallet-switch")
    expect(desktop_page.locator("#wallet-chain")).to_have_text("anvil (tests)")
    added = wallet.added_chains[0]
    assert int(added["chainId"], 16) == wallet.real_chain_id and added["rpcUrls"] == [dapp.backend.rpc_url]


def test_connect__user_rejects__message_and_no_account(dapp, accounts, desktop_page):
    wallet = TestWallet(dapp.backend.rpc_url, accounts[9].address, reject={"eth_requestAccounts"})
    wallet.install(desktop_page)
    desktop_page.goto(f"{dapp.url}/new")
    desktop_page.click("#wallet-connect")
    expect(desktop_page.locator("#wallet-note")).to_contain_text("You rejected the request")
    expect(desktop_page.locator("#wallet-account")).to_have_count(0)


def test_no_wallet__says_to_install_one(dapp, desktop_page):
    desktop_page.goto(f"{dapp.url}/new")
    expect(desktop_page.locator("#wallet-none")).to_have_text("No wallet")
    expect(desktop_page.locator("#wallet-none")).to_have_attribute("title", re.compile("Install a wallet"))
    desktop_page.click("#check-button")  # the page still checks specs without a wallet
    expect(desktop_page.locator('[data-error-for="scene_cid"]')).to_contain_text("required field is missing")
