"""The requester's path against three oracles on anvil: submit with a permit, follow, fetch and
verify results, and the refusals that say what to do (`gpuhive job ...` uses this library)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from eth_account import Account
from web3 import Web3

from frontend_api.requester import Requester, RequesterError
from protocol.chain import ChainClient
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec
from tests.support.oracle_network import build_network, spec_yaml

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    for i in (4, 5, 6):
        network.add_worker(accounts[i]).start()
    yield network
    network.close()


def _requester(net) -> Requester:
    key = bytes.fromhex(str(net.requester.private_key).removeprefix("0x"))
    chain = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest, Account.from_key(key))
    return Requester(chain, net.store, [f"http://127.0.0.1:{c.api_port}" for c in net.configs])


def test_submit__permit_job_settles__results_downloaded_and_verified(net, tmp_path):
    req = _requester(net)
    token = net.contracts["HiveToken"]
    spec = load_spec(spec_yaml("compute"))
    before = token.balanceOf(req.address)
    seen = []
    job_id = req.submit(spec)
    assert token.balanceOf(req.address) == before - spec.budget  # one transaction: permit + create
    final = req.follow(job_id, seen.append)
    assert final.status == "settled" and final.verified == spec.num_tasks
    assert seen[0].status == "open"
    files = req.results(job_id, tmp_path / "out")
    assert len(files) == spec.num_tasks and all(f.stat().st_size == 32 * 64 for f in files)
    with pytest.raises(RequesterError, match="dispute window of job .* closed|caller"):
        from ape import chain

        chain.pending_timestamp += net.manifest.params["dispute_window"] + 10
        chain.mine()
        req.dispute(job_id)


def test_requester__refusals__say_what_to_do(net):
    req = _requester(net)
    spec = load_spec(spec_yaml("render", scene_cid="bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"))
    with pytest.raises(RequesterError, match="upload it first"):
        req.submit(spec)
    job_id = req.submit(load_spec(spec_yaml("compute", budget=100 * TOKEN)))
    with pytest.raises(RequesterError, match="can be reclaimed after deadline \\+ grace: 20"):
        req.reclaim(job_id)
    with pytest.raises(RequesterError, match="not settled: no results"):
        req.manifest(job_id)
    poor = Requester(ChainClient(req.chain.w3, net.manifest, Account.create()), net.store, req.oracle_urls)
    with pytest.raises(RequesterError, match="fund the account first"):
        poor.submit(load_spec(spec_yaml("compute")))


def test_cli_status__job_on_chain__prints_progress(net, tmp_path):
    req = _requester(net)
    job_id = req.submit(load_spec(spec_yaml("compute")))
    req.follow(job_id, lambda p: None)
    deployment = net.manifest.save(tmp_path / "deployment.json")
    env = {
        **os.environ,
        "GPUHIVE_REQUESTER_KEY": str(net.requester.private_key),
        "GPUHIVE_ORACLES": ",".join(req.oracle_urls),
        "GPUHIVE_STORE": str(net.configs[0].storage.path),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gpuhive.cli",
            "job",
            "status",
            str(job_id),
            "--rpc",
            net.anvil_uri,
            "--deployment",
            str(deployment),
            "--key-env",
            "GPUHIVE_REQUESTER_KEY",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"job {job_id}: settled" in proc.stdout and "verified 6" in proc.stdout
    out = tmp_path / "results"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gpuhive.cli",
            "job",
            "results",
            str(job_id),
            "--rpc",
            net.anvil_uri,
            "--deployment",
            str(deployment),
            "--key-env",
            "GPUHIVE_REQUESTER_KEY",
            "--dest",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(list(out.rglob("chunk_*.bin"))) == 6
