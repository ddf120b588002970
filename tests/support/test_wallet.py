"""A wallet for browser tests: an EIP-1193 ``window.ethereum`` injected into the page (and announced with
EIP-6963) whose requests go, through a function exposed with Playwright's ``expose_function``, to anvil as
JSON-RPC. anvil's unlocked dev accounts sign ``eth_sendTransaction`` and ``eth_signTypedData_v4`` themselves
(an address made signable with ``anvil_impersonateAccount`` sends transactions too, but cannot sign typed
data).

The wallet behaves like a browser wallet where the pages can tell: no account until ``eth_requestAccounts``
(answered with the one account the test chose, not anvil's ten); ``wallet_switchEthereumChain`` to an unknown
chain fails with 4902; ``reject`` makes chosen methods fail with 4001 (the user said no); ``chain_id`` makes it
report another chain until the page switches. ``calls`` records every method the page asked for, ``sent``
every transaction forwarded, so a test can assert that nothing was sent.

    wallet = TestWallet(anvil_uri, requester.address)
    wallet.install(page)            # before page.goto
    wallet.reject.add("eth_signTypedData_v4")
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

# Runs in the page before its own scripts. Every request goes to window.__gpuhiveWallet (exposed from Python),
# which answers {"result": ...} or {"error": {"code", "message"}}; events are fired when Python says so.
INIT_SCRIPT = """
(() => {
  const listeners = {};
  const provider = {
    isGpuhiveTestWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(await window.__gpuhiveWallet(JSON.stringify({ method, params: params || [] })));
      if (answer.events) for (const [name, value] of answer.events) (listeners[name] || []).forEach((f) => f(value));
      if (answer.error) {
        const err = new Error(answer.error.message);
        err.code = answer.error.code;
        if (answer.error.data !== undefined) err.data = answer.error.data;
        throw err;
      }
      return answer.result;
    },
    on(name, fn) { (listeners[name] ||= []).push(fn); return provider; },
    removeListener(name, fn) { listeners[name] = (listeners[name] || []).filter((f) => f !== fn); return provider; },
  };
  const info = { uuid: "0b7c3a4e-6f7e-4d3c-9a3e-000000000001", name: "GPUHive test wallet",
                 icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E", rdns: "org.gpuhive.testwallet" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider",
                                                              { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  window.ethereum = provider;
  announce();
})();
"""


@dataclass
class TestWallet:
    rpc_url: str
    account: str
    chain_id: int | None = None  # a chain the wallet claims to be on (None: anvil's)
    knows_chain: bool = True  # False: switching fails with 4902 until wallet_addEthereumChain
    reject: set[str] = field(default_factory=set)  # methods the "user" rejects (4001)
    calls: list[str] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    signed: list[Any] = field(default_factory=list)
    added_chains: list[dict[str, Any]] = field(default_factory=list)
    connected: bool = False

    __test__ = False  # not a pytest test class

    def __post_init__(self) -> None:
        self._http = httpx.Client(timeout=30)
        self._id = 0
        self.real_chain_id = int(self._rpc("eth_chainId", [])["result"], 16)

    def install(self, page: Any) -> TestWallet:
        page.expose_function("__gpuhiveWallet", self._handle)
        page.add_init_script(INIT_SCRIPT)
        return self

    def _rpc(self, method: str, params: list[Any]) -> dict[str, Any]:
        self._id += 1
        response = self._http.post(
            self.rpc_url, json={"jsonrpc": "2.0", "id": self._id, "method": method, "params": params}
        )
        return response.json()

    def _handle(self, text: str) -> str:
        request = json.loads(text)
        return json.dumps(self.answer(request["method"], request["params"]))

    def answer(self, method: str, params: list[Any]) -> dict[str, Any]:
        self.calls.append(method)
        if method in self.reject:
            return {"error": {"code": 4001, "message": "User rejected the request."}}
        if method == "eth_requestAccounts":
            self.connected = True
            return {"result": [self.account], "events": [["accountsChanged", [self.account]]]}
        if method == "eth_accounts":
            return {"result": [self.account] if self.connected else []}
        if method == "eth_chainId":
            return {"result": hex(self.chain_id if self.chain_id is not None else self.real_chain_id)}
        if method == "net_version":
            return {"result": str(self.chain_id if self.chain_id is not None else self.real_chain_id)}
        if method == "wallet_switchEthereumChain":
            wanted = int(params[0]["chainId"], 16)
            if wanted != self.real_chain_id or not self.knows_chain:
                return {"error": {"code": 4902, "message": f"Unrecognized chain ID {hex(wanted)}."}}
            self.chain_id = None
            return {"result": None, "events": [["chainChanged", hex(wanted)]]}
        if method == "wallet_addEthereumChain":
            self.added_chains.append(params[0])
            if int(params[0]["chainId"], 16) != self.real_chain_id:
                return {"error": {"code": -32603, "message": "this test wallet only reaches anvil"}}
            self.knows_chain = True
            self.chain_id = None
            return {"result": None, "events": [["chainChanged", params[0]["chainId"]]]}
        if method in ("eth_sendTransaction", "eth_signTypedData_v4", "eth_sign", "personal_sign"):
            if not self.connected:
                return {"error": {"code": 4100, "message": "The requested account has not been authorized."}}
            if self.chain_id not in (None, self.real_chain_id):
                return {"error": {"code": -32603, "message": "wallet is on another chain"}}
            if method == "eth_sendTransaction":
                self.sent.append(params[0])
            else:
                self.signed.append(params)
        answer = self._rpc(method, params)
        if "error" in answer:
            return {"error": answer["error"]}
        return {"result": answer.get("result")}


# --------------------------------------------------------------------------- the dApp with its wallet routes


@dataclass
class WalletApp:
    """``gpuhive web`` as the wallet pages need it: index, read API, pages, and the chain/store/oracles."""

    url: str
    chain: Any  # protocol.chain.ChainClient (read-only)
    backend: Any  # frontend_api.api.routes.requester_tx.WalletBackend
    sessions: Any

    def wait_indexed(self, timeout: float = 15.0) -> int:
        """Block until the indexer has processed the chain's newest block."""
        import time

        from frontend_api.indexer.indexer import STREAM
        from protocol.follower import FollowerCursor

        head = self.chain.w3.eth.block_number
        deadline = time.monotonic() + timeout
        while True:
            with self.sessions() as s:
                cursor = s.get(FollowerCursor, STREAM)
                if cursor is not None and cursor.last_block >= head:
                    return head
            assert time.monotonic() < deadline, f"the indexer did not reach block {head} within {timeout} s"
            time.sleep(0.05)


def wallet_app(deployment: Any, rpc_url: str, store: Any, oracle_urls: list[str], tmp: Any, **backend: Any):
    """A generator for a fixture: the dApp over ``deployment`` served in a thread (see ``WalletApp``)."""
    from web3 import Web3

    from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
    from frontend_api.indexer import Indexer, IndexerThread, open_index
    from frontend_api.web import build_web_app
    from protocol.chain import ChainClient
    from tests.support.explorer_chain import serve_in_thread

    chain = ChainClient(Web3(Web3.HTTPProvider(rpc_url)), deployment)
    engine, sessions = open_index(f"sqlite:///{tmp / 'index.db'}")
    thread = IndexerThread(Indexer().follower(chain, sessions, confirmations=0, poll_interval=0.1)).start()
    wallet = WalletBackend(chain, store, oracle_urls, rpc_url, chain_name="anvil (tests)", spool_dir=tmp, **backend)
    app = build_web_app(sessions, stream_poll_seconds=0.1)
    attach_wallet(app, wallet)
    try:
        with serve_in_thread(app) as url:
            served = WalletApp(url, chain, wallet, sessions)
            served.wait_indexed()
            yield served
    finally:
        thread.stop()
        engine.dispose()
