"""Browser tests of the dApp: Python Playwright driving Debian's headless Chromium against ``gpuhive web``'s
app, served over a real anvil chain with the contracts deployed and a small history indexed.

Fixtures (names are stable: the requester's and the worker's page tests use them too)

``browser``
    One Chromium per test package, launched from ``CHROMIUM`` (``/usr/bin/chromium-headless-shell``, Debian's
    ``chromium-headless-shell`` package; ``make test`` installs it as root) through ``executable_path``.
    Never ``playwright install``. Missing Chromium or Playwright: every browser test skips, saying how to
    install it.
``web_server``
    A ``WebServer`` for the whole ``tests/browser`` package: ``url`` (the app's base URL, no trailing
    slash), ``rpc_url`` (anvil), ``chain`` (a web3 ``ChainClient`` on the deployment), ``deployed`` (the
    session's ``(manifest, contracts, params)``), ``accounts`` (Ape's funded test accounts), ``history``
    (``tests.support.explorer_chain.ExplorerChain``: two staked workers, a settled job with a slash and a
    claimed payout, a rejected job, an open job with a cancel request), ``sessions`` (the index database)
    ``signer(account)`` (a ``ChainClient`` signing with an Ape test account's key) and ``wait_indexed()``
    (blocks until the indexer has read the chain's newest block and its transactions are priced). The indexer
    follows the chain in a thread (no confirmations, 0.1 s polls) and the live stream polls every 0.1 s,
    so a transaction sent in a test reaches the pages within a second; a gas meter thread prices the
    indexed transactions from their receipts. Transactions tests send stay on
    the chain for the rest of the package (assert on numbers read from the chain, not constants); the
    chain is reverted to its state before the package when the package ends.
``desktop_page`` / ``phone_page``
    A fresh page in a new context per test: 1280x860, or 375x812 with touch and a phone user agent.
    Each records ``page.dialogs`` (every ``alert``/``confirm``/``prompt`` message, dismissed at once) and
    ``page.js_errors`` (uncaught exceptions); the ``csp_violations`` fixture's ``csp_violations(page)``
    returns what the page's Content-Security-Policy blocked (recorded by an init script). The
    test fails at teardown if ``page.js_errors`` is not empty (a test that expects one removes it).
``device_page``
    Parametrized over ``desktop`` and ``phone``: the test runs once with each page (its id says which;
    ``device_page.device`` is the name). Use it instead of ``request.getfixturevalue``, which breaks the
    titanoboa plugin's per-fixture anchors (a fixture set up inside the test call is torn down after it).
``screenshot``
    ``screenshot(page, name)`` saves a full-page PNG as ``docs/screenshots/<name>.png`` when the
    environment sets ``GPUHIVE_SCREENSHOTS=1``, else in pytest's temporary directory; returns the path.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ape
import pytest
from sqlalchemy.orm import Session, sessionmaker
from web3 import Web3

from protocol.contracts import REPO_ROOT

CHROMIUM = Path(os.environ.get("GPUHIVE_CHROMIUM", "/usr/bin/chromium-headless-shell"))
INSTALL_HINT = "install it with: sudo apt-get install -y --no-install-recommends chromium-headless-shell"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 812}
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/150.0.0.0 Mobile Safari/537.36"
)
PHONE_CONTEXT = {
    "viewport": PHONE,
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": PHONE_AGENT,
}
# Recorded in every page before its own scripts run: what the Content-Security-Policy blocked.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample});
});
"""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright (tests/browser)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.anvil)


# -- the browser -----------------------------------------------------------------------------------


# Session and package fixtures are declared to Ape as not chain-stateful (ape.fixture(chain_isolation=False)):
# Ape's test isolation otherwise "rebases" when one of them is first requested after a test's snapshot,
# reverting the chain to before the browser package's history. web_server reverts its own changes.


@ape.fixture(scope="package", chain_isolation=False)
def browser() -> Iterator[Any]:
    """One headless Chromium for the browser tests (see the module docstring). Package scope, not session:
    Playwright's sync API keeps an asyncio loop running on the main thread until it stops, and tests after
    this package call asyncio.run() (which refuses to run inside a running loop)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}; {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need Python Playwright: pip install -e '.[test]'")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def _watched_page(browser: Any, **context_options: Any) -> Iterator[Any]:
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.dialogs, page.js_errors = [], []

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    errors = list(page.js_errors)
    context.close()
    assert not errors, f"uncaught JavaScript errors on the page: {errors}"


@pytest.fixture
def desktop_page(browser) -> Iterator[Any]:
    yield from _watched_page(browser, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser) -> Iterator[Any]:
    yield from _watched_page(browser, **PHONE_CONTEXT)


@pytest.fixture(params=["desktop", "phone"])
def device_page(request, browser) -> Iterator[Any]:
    options = {"desktop": {"viewport": DESKTOP}, "phone": PHONE_CONTEXT}[request.param]
    for page in _watched_page(browser, **options):
        page.device = request.param
        yield page


def _csp_violations(page: Any) -> list[dict[str, str]]:
    return page.evaluate("window.__cspViolations || []")


@ape.fixture(scope="session", chain_isolation=False)
def csp_violations() -> Callable[[Any], list[dict[str, str]]]:
    """``csp_violations(page)``: what the page's Content-Security-Policy blocked so far (its
    ``securitypolicyviolation`` events: directive, blocked URI, sample)."""
    return _csp_violations


@ape.fixture(scope="session", chain_isolation=False)
def screenshot(tmp_path_factory) -> Callable[[Any, str], Path]:
    """``screenshot(page, name)``: a full-page PNG (``docs/screenshots/`` with GPUHIVE_SCREENSHOTS=1)."""
    folder = SCREENSHOTS if os.environ.get("GPUHIVE_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("screenshots")

    def take(page: Any, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# -- the app over a real chain ---------------------------------------------------------------------


@dataclass
class WebServer:
    url: str
    rpc_url: str
    chain: Any  # protocol.chain.ChainClient
    deployed: tuple[Any, Any, Any]
    accounts: Any
    history: Any  # tests.support.explorer_chain.ExplorerChain
    sessions: sessionmaker[Session]

    def signer(self, account: Any) -> Any:
        """A ``ChainClient`` that signs with an Ape test account's key (to send transactions in a test)."""
        from eth_account import Account

        from protocol.chain import ChainClient

        return ChainClient(self.chain.w3, self.chain.deployment, Account.from_key(account.private_key))

    def wait_indexed(self, timeout: float = 15.0) -> int:
        """Wait until the indexer has processed the chain's newest block and the gas meter has priced every
        indexed event's transaction; returns that block number."""
        from sqlalchemy import func, select

        from frontend_api.indexer.gas import MARK
        from frontend_api.indexer.indexer import STREAM
        from frontend_api.indexer.models import IndexedEvent, NetworkParam
        from protocol.follower import FollowerCursor

        head = self.chain.w3.eth.block_number
        deadline = time.monotonic() + timeout
        while True:
            with self.sessions() as s:
                cursor = s.get(FollowerCursor, STREAM)
                newest = s.scalar(select(func.max(IndexedEvent.id))) or 0
                priced = s.get(NetworkParam, MARK)
                if cursor is not None and cursor.last_block >= head and int(priced.value if priced else 0) >= newest:
                    return head
            if time.monotonic() > deadline:
                raise AssertionError(f"the indexer did not reach block {head} within {timeout} s")
            time.sleep(0.05)


@ape.fixture(scope="package", chain_isolation=False)
def web_server(deployed, accounts, anvil_uri, tmp_path_factory) -> Iterator[WebServer]:
    """The dApp over anvil with the explorer history (see the module docstring)."""
    if shutil.which("anvil") is None:
        pytest.fail("anvil not found: run `make setup` (npm installs @foundry-rs/anvil)")
    from frontend_api.indexer import Indexer, IndexerThread, open_index
    from frontend_api.indexer.gas import GasMeter, GasThread
    from frontend_api.web import build_web_app
    from protocol.chain import ChainClient
    from tests.support.explorer_chain import build_explorer_chain, serve_in_thread

    client = ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), deployed[0])
    # anvil's own snapshot, not Ape's: Ape's test isolation keeps a list of its snapshots and restores them
    # per module and test; one of ours in that list was consumed by its restores (UnknownSnapshotError)
    snapshot = client.w3.provider.make_request("evm_snapshot", [])["result"]
    history = build_explorer_chain(deployed, accounts)
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('web') / 'index.db'}")
    follower = Indexer().follower(client, sessions, confirmations=0, poll_interval=0.1)
    thread = IndexerThread(follower).start()
    gas = GasThread(GasMeter(client.w3, sessions), poll_seconds=0.1).start()
    try:
        with serve_in_thread(build_web_app(sessions, stream_poll_seconds=0.1)) as url:
            server = WebServer(url, anvil_uri, client, deployed, accounts, history, sessions)
            server.wait_indexed()
            yield server
    finally:
        gas.stop()
        thread.stop()
        engine.dispose()
        reverted = client.w3.provider.make_request("evm_revert", [snapshot])
        assert reverted.get("result") is True, f"could not revert the chain after the browser tests: {reverted}"
