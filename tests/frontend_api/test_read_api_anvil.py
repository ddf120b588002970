"""The read API on an index the indexer filled from anvil (the explorer scenario on the real contracts):
the job, worker, committee and network answers agree with the contracts, and a new chain event reaches
an open live stream once the indexer reads it."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import httpx
import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from web3 import Web3

from frontend_api.api import build_read_api
from frontend_api.indexer import Indexer, IndexerThread, open_index
from gpuhive.ports import free_port
from protocol.chain import ChainClient
from protocol.contracts import REPO_ROOT, TOKEN
from tests.support.explorer_chain import explorer_history, serve_in_thread, sse_messages

pytestmark = [pytest.mark.anvil]


@pytest.fixture(scope="module")
def history(deployed, accounts):
    yield from explorer_history(deployed, accounts)


@pytest.fixture(scope="module")
def client(deployed, anvil_uri, history) -> ChainClient:
    return ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), deployed[0])


@pytest.fixture(scope="module")
def index(client, tmp_path_factory):
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('index') / 'index.db'}")
    indexer = Indexer()
    follower = indexer.follower(client, sessions, confirmations=0, poll_interval=0.05)
    follower.poll_once()
    yield sessions, follower
    engine.dispose()


@pytest.fixture
def server(index):
    with serve_in_thread(build_read_api(index[0], stream_poll_seconds=0.05)) as url:
        yield url


@pytest.fixture(scope="module")
def api(index) -> TestClient:
    return TestClient(build_read_api(index[0]))


def test_job__settled_on_chain__settlement_claims_and_events(api, client, history):
    body = api.get(f"/api/v1/jobs/{history.settled_job}").json()
    on_chain = client.get_job(history.settled_job)
    assert body["state"] == "settled" and body["window_end"] == on_chain.window_end
    assert body["settlements"][0]["payout_root"] == "0x" + bytes(on_chain.payout_root).hex()
    names = [e["name"] for e in body["events"]]
    assert names[-1] == "JobCreated" and {"JobSettled", "SlashApplied", "PayoutClaimed", "RefundClaimed"} <= set(names)
    rejected = api.get(f"/api/v1/jobs/{history.rejected_job}").json()
    assert rejected["state"] == "rejected" and rejected["reject_reason"] == 1


def test_worker__paid_and_slashed__stake_jobs_and_earnings(api, client, history):
    paid = api.get(f"/api/v1/workers/{history.paid_worker}").json()
    assert paid["staked"] == str(client.node(history.paid_worker).staked)
    assert paid["jobs"] == [history.settled_job] and paid["earned"] == str(history.payout)
    assert [p["cumulative"] for p in paid["earnings"]] == [str(history.payout)]
    slashed = api.get(f"/api/v1/workers/{history.slashed_worker}").json()
    node = client.node(history.slashed_worker)
    assert (slashed["staked"], slashed["unbonding"]) == (str(node.staked), str(node.unbonding))
    assert slashed["slashed"] == str(history.slash) and slashed["jobs"] == [history.settled_job]


def test_network_and_committee__agree_with_the_contracts(api, client):
    network = api.get("/api/v1/network").json()
    assert network["workers_registered"] == 2 and network["workers_eligible"] == 2
    assert network["jobs_by_state"]["open"] == 1 and network["paid_out"] == str(80 * TOKEN)
    assert network["indexed_block"] == client.head_number()
    committee = api.get("/api/v1/committee").json()
    assert committee["signers"] == client.committee_members()
    assert committee["threshold"] == client.committee.functions.threshold().call()


def test_stream__chain_event__pushed_once_indexed(index, server, client, accounts):
    sessions, follower = index
    worker = ChainClient(client.w3, client.deployment, Account.from_key(accounts[6].private_key))
    indexer = IndexerThread(follower).start()
    try:
        with httpx.stream("GET", f"{server}/api/v1/events/stream", timeout=20) as reply:
            sent = threading.Thread(
                target=worker.transact, args=(worker.registry.functions.update_node(5, "bafk-live"),)
            )
            sent.start()
            (message,) = sse_messages(reply.iter_lines(), 1)
            sent.join()
        data = json.loads(message["data"])
        assert data["name"] == "NodeUpdated" and data["args"]["metadata_cid"] == "bafk-live"
        assert data["account"] == accounts[6].address
    finally:
        indexer.stop()


def test_gpuhive_web__command__indexes_and_serves(client, history, tmp_path):
    """``gpuhive web`` as a user runs it: its own process, the deployment manifest, a SQLite file."""
    deployment = client.deployment.save(tmp_path / "deployment.json")
    port = free_port()
    command = [str(REPO_ROOT / ".venv" / "bin" / "gpuhive"), "web", "--rpc-url", client.w3.provider.endpoint_uri]
    command += ["--deployment", str(deployment), "--database-url", f"sqlite:///{tmp_path / 'web.db'}"]
    command += ["--port", str(port), "--confirmations", "0", "--poll-seconds", "0.2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, body = time.monotonic() + 90, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/v1/network", timeout=2).json()
                if body["indexed_block"] >= client.head_number():
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        assert body is not None and body["indexed_block"] >= client.head_number(), process.poll()
        assert body["jobs_total"] == 3 and body["workers_registered"] == 2
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/").json()["api"] == "/api/v1"
        home = httpx.get(f"http://127.0.0.1:{port}/")  # the explorer's dashboard, with the same numbers
        assert home.headers["content-type"].startswith("text/html") and '<div class="value">3</div>' in home.text
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "indexing" in output and "Traceback" not in output, output[-2000:]
