"""``gpuhive demo --web``'s dApp step on a deployed demo network (no job run: the demo's job is the demo's
own test): ``gpuhive web`` starts as a child with the network's store and oracles, the explorer shows the
deployment in Chromium, the wallet pages are on (their config names the chain), and the instructions name
the chain ID, the RPC URL and only anvil's public dev keys."""

from __future__ import annotations

import re

import httpx
from web3 import Web3


def test_demo_web__deployed_network__serves_the_dapp_and_says_how_to_connect(
    anvil_uri, accounts, desktop_page, tmp_path
):
    from gpuhive.demo.processes import ProcessNetwork
    from gpuhive.demo.web import start_web, wallet_instructions

    w3 = Web3(Web3.HTTPProvider(anvil_uri))
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    net = ProcessNetwork(tmp_path, rpc_url=anvil_uri)
    try:
        net.workdir.mkdir(parents=True, exist_ok=True)
        net.start_chain()
        net.deploy()
        net.write_configs()
        url = start_web(net)
        text = "\n".join(wallet_instructions(net, url))
        assert f"{url}/" in text and f"RPC URL {anvil_uri}, chain ID {w3.eth.chain_id}" in text
        dev_keys = {"0x" + str(a.private_key).removeprefix("0x").lower() for a in accounts}
        printed = set(re.findall(r"0x[0-9a-fA-F]{64}", text))
        assert printed and {k.lower() for k in printed} <= dev_keys  # anvil's public dev keys only
        assert net.requester_account.address in text
        config = httpx.get(f"{url}/api/v1/wallet/config", timeout=10).json()
        assert config["chain_id"] == w3.eth.chain_id and config["rpc_url"] == anvil_uri
        page = desktop_page
        page.goto(url + "/committee")
        assert page.locator("#tile-threshold .value").inner_text() == f"{net.threshold} of {net.n_oracles}"
    finally:
        net.close()
        w3.provider.make_request("evm_revert", [snapshot])
