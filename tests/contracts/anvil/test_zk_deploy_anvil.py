"""The zk contracts in every deployment (protocol.deployment.deploy, what `ape run deploy` and the demos
run), on anvil: the catalogue's verifier and the ProofRegistry are in the manifest and wired into
JobEscrow before any job, and the deployed verifier accepts a committed fixture proof in an eth_call."""

from __future__ import annotations

import json

import pytest

from protocol.deployment import Deployment
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof

pytestmark = [pytest.mark.anvil]


def test_deploy__zk_contracts__in_manifest_and_wired(deployed, tmp_path):
    manifest, c, _ = deployed
    escrow, proofs, verifier = c["JobEscrow"], c["ProofRegistry"], c["DenseClassifierVerifier"]
    assert escrow.proof_registry() == proofs.address == manifest.address("ProofRegistry")
    assert proofs.escrow() == escrow.address
    assert proofs.is_verifier(verifier.address) and verifier.address == manifest.address("DenseClassifierVerifier")
    assert manifest.wiring_gas["set_proof_registry"] > 0
    loaded = Deployment.load(manifest.save(tmp_path / "m.json"))
    assert loaded.address("ProofRegistry") == proofs.address


def test_deployed_verifier__fixture_proof__verifies_and_tampered_does_not(deployed):
    _, c, _ = deployed
    verifier = c["DenseClassifierVerifier"]
    fixture = DENSE_CLASSIFIER.fixtures()[0]
    a, b, cc = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
    public = [int(s) for s in fixture["public"]]
    assert verifier.verify_proof(a, b, cc, public)
    assert not verifier.verify_proof(a, b, cc, [public[0], public[1], public[2] + 1, public[3], public[4]])
