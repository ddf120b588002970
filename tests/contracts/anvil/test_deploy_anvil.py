"""Deployment-shaped tests on a real anvil node: `ape run deploy`, the manifest,
and a whole job lifecycle that leaves nothing stuck."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from protocol.contracts import CONTRACT_NAMES, REPO_ROOT
from protocol.deployment import Deployment

pytestmark = [pytest.mark.anvil]


def test_ape_run_deploy__fresh_anvil__writes_manifest_of_wired_contracts(tmp_path):
    out = tmp_path / "deployment.json"
    env = {**os.environ, "GPUHIVE_DEPLOYMENT": str(out)}
    proc = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "ape"), "run", "deploy", "--network", "ethereum:local:foundry"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    assert data["chain_id"] == 31337
    assert set(data["contracts"]) == set(CONTRACT_NAMES)
    blocks = [c["block"] for c in data["contracts"].values()]
    assert data["start_block"] == min(blocks) >= 1
    assert all(c["address"].startswith("0x") and c["gas_used"] > 0 for c in data["contracts"].values())
    manifest = Deployment.load(out)
    assert manifest.address("JobEscrow") == data["contracts"]["JobEscrow"]["address"]


def test_deploy__wiring__escrow_and_sentry_are_registry_slashers(deployed):
    manifest, c, params = deployed
    registry = c["WorkerRegistry"]
    assert registry.is_slasher(c["JobEscrow"])
    assert registry.is_slasher(c["SentryAttestations"])
    assert c["JobEscrow"].committee() == c["OracleCommittee"].address
    assert c["JobEscrow"].registry() == registry.address
    assert c["JobEscrow"].token() == c["HiveToken"].address
    assert c["OracleCommittee"].threshold() == params.threshold
    assert c["OracleCommittee"].signer_count() == len(params.oracle_signers)


def test_manifest__save_and_load__round_trips(deployed, tmp_path):
    manifest, _, _ = deployed
    path = manifest.save(tmp_path / "m.json")
    loaded = Deployment.load(path)
    assert loaded.to_json() == manifest.to_json()


def test_manifest__missing_file__says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="gpuhive deploy"):
        Deployment.load(tmp_path / "nope.json")


def test_manifest__missing_contract__rejected(deployed, tmp_path):
    manifest, _, _ = deployed
    data = manifest.to_json()
    del data["contracts"]["JobEscrow"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="JobEscrow"):
        Deployment.load(path)


def test_lifecycle__create_settle_claim_on_anvil__pays_everyone_and_leaves_escrow_empty(anvil, chain_snapshot):
    from gpuhive.demo.lifecycle import run_lifecycle

    report = run_lifecycle()
    assert report.escrow_balance_after == 0
    assert (
        report.payouts["worker-0"]
        + report.payouts["worker-1"]
        + report.payouts["worker-2"]
        + report.oracle_fee
        + report.refund
        == report.budget
    )
    # every worker's whole stake is in the registry, so its balance is exactly its payout
    for who, amount in report.payouts.items():
        assert report.balances_after[who] == amount
    assert {s.name for s in report.steps} >= {"create_job", "settle (k=2 of 3)", "claim", "claim_refund"}


def test_gpuhive_demo__embedded_chain__exits_zero_and_reports_nothing_stuck():
    proc = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "gpuhive"), "demo", "--lifecycle"],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "nothing stuck" in proc.stdout
    assert "settle (k=2 of 3)" in proc.stdout
