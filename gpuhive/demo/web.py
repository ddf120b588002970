"""``gpuhive demo --web``: after the demo job, the demo network stays up and ``gpuhive web`` serves the dApp
over it (explorer, new job, job and worker pages) until Ctrl-C; prints the URL and how to point a wallet at
the local chain with one of anvil's funded dev accounts.

The accounts named are anvil's well-known development accounts (the public ``test test ... junk``
mnemonic; every Foundry and Hardhat user has the same keys): the demo's requester (account 9, holding
HIVE) and its first worker (account 4, staked, with a payout to claim). Nothing else's key is printed, and
only when the chain runs from that public mnemonic.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from gpuhive.demo.processes import MNEMONIC, Child, DemoError, ProcessNetwork, _gpuhive, _wait
from gpuhive.ports import free_port

PUBLIC_MNEMONIC = "test test test test test test test test test test test junk"  # anvil's default, public


def start_web(net: ProcessNetwork) -> str:
    """Start ``gpuhive web`` over the network (a child stopped with the others); returns its URL."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = _gpuhive("web", "--rpc-url", str(net.rpc_url), "--deployment", str(net.deployment_path))
    argv += ["--database-url", f"sqlite:///{net.workdir / 'web' / 'index.db'}", "--port", str(port)]
    argv += ["--store", str(net.store_path), "--oracles", ",".join(net.oracle_urls)]
    argv += ["--confirmations", "0", "--poll-seconds", "0.5"]
    (net.workdir / "web").mkdir(parents=True, exist_ok=True)
    child = Child("web", argv, dict(os.environ), net.logs / "web.log")
    net.extra.append(child)
    child.start()

    def serving() -> bool:
        try:
            return httpx.get(f"{url}/api/v1/network", timeout=2).json()["indexed_block"] >= 0
        except (httpx.HTTPError, ValueError, KeyError):
            return False

    _wait(serving, 90, f"gpuhive web to serve {url}", child)
    return url


def wallet_instructions(net: ProcessNetwork, url: str) -> list[str]:
    """What to tell the user: the dApp's URL, the chain to add, and the dev accounts to import."""
    chain_id = int(net.web3.eth.chain_id)
    lines = [
        f"dApp: {url}/  (explorer; new job: {url}/new; your worker: {url}/worker; API: {url}/api/v1/docs)",
        "Add the local chain to your wallet (MetaMask: Settings > Networks > Add network manually; the New job "
        "page also offers it):",
        f"  network name GPUHive demo, RPC URL {net.rpc_url}, chain ID {chain_id}, currency symbol ETH",
    ]
    if MNEMONIC != PUBLIC_MNEMONIC:
        return [*lines, "Import one of the chain's funded accounts into your wallet."]
    requester, worker = net.requester_account, net.worker_account(0)
    lines += [
        "Import a funded dev account (anvil's well-known development keys from the public 'test ... junk' "
        "mnemonic: never use them on a real network):",
        f"  requester (holds HIVE): {requester.address}  private key {_hex(requester)}",
        f"  worker 1 (staked, a payout to claim): {worker.address}  private key {_hex(worker)}",
        "Add the HIVE token to the wallet: " + net.deployment.contracts["HiveToken"].address,
    ]
    return lines


def _hex(account: Any) -> str:
    return "0x" + str(account.private_key).removeprefix("0x")


def serve_until_interrupted(net: ProcessNetwork, print_line: Callable[[str], None]) -> None:
    """Start the dApp, print the instructions, then keep the network up until Ctrl-C (KeyboardInterrupt)."""
    url = start_web(net)
    for line in wallet_instructions(net, url):
        print_line(line)
    print_line(f"the network keeps running (logs in {net.logs}); Ctrl-C stops every process")
    web = net.extra[-1]
    while True:
        if not web.alive:
            raise DemoError(f"gpuhive web exited: see {web.log}")
        time.sleep(1)
