"""The generated Groth16 verifier (contracts/zk/DenseClassifierVerifier.vy) on titanoboa's EVM,
against real snarkjs proofs (zk/build/dense_classifier/fixtures.json, made by
`scripts/zk_setup.py fixtures` from the committed proving key).

A valid proof passes within the gas goal; every changed public signal, every changed proof element,
points off the curve, coordinates >= q and public signals >= r fail (False, or a revert naming why).
"""

from __future__ import annotations

import json

import boa
import pytest
from py_ecc.bn128 import G1, G2, add, curve_order, field_modulus

from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof
from protocol.zk.verifier_gen import render_verifier

GAS_GOAL = 250_000


@pytest.fixture(scope="module")
def fixtures() -> list[dict]:
    return DENSE_CLASSIFIER.fixtures()


@pytest.fixture(scope="module")
def verifier_deployer():
    return boa.load_partial(str(DENSE_CLASSIFIER.verifier_path))


@pytest.fixture
def verifier(verifier_deployer):
    with boa.env.anchor():
        yield verifier_deployer.deploy()


def _args(fixture: dict):
    proof = parse_proof(json.dumps(fixture["proof"]).encode())
    a, b, c = proof.call_args()
    return a, b, c, [int(s) for s in fixture["public"]]


def _tx_gas(computation, calldata: bytes) -> int:
    """What a transaction calling the verifier directly pays: execution + 21,000 + calldata."""
    return computation.get_gas_used() + 21_000 + sum(4 if byte == 0 else 16 for byte in calldata)


def test_verify_proof__valid_proof__passes_within_gas_goal(verifier, fixtures):
    """(Each pairing costs seconds in py-evm, so the tests check few; the registry tests verify the
    other fixtures.)"""
    a, b, c, public = _args(fixtures[0])
    assert verifier.verify_proof(a, b, c, public) is True
    calldata = verifier.verify_proof.prepare_calldata(a, b, c, public)
    assert _tx_gas(verifier._computation, calldata) <= GAS_GOAL


@pytest.mark.parametrize("index", range(5))
def test_verify_proof__public_signal_changed__fails(verifier, fixtures, index):
    a, b, c, public = _args(fixtures[0])
    public[index] = (public[index] + 1) % curve_order
    assert verifier.verify_proof(a, b, c, public) is False


def test_verify_proof__another_proofs_public_signals__fail(verifier, fixtures):
    """The valid proof of (job 2, task 0) presented with the valid signals of (job 1, task 0)."""
    a, b, c, _ = _args(fixtures[3])
    assert verifier.verify_proof(a, b, c, _args(fixtures[0])[3]) is False


@pytest.mark.parametrize("index", range(5))
def test_verify_proof__public_signal_plus_r__reverts(verifier, fixtures, index):
    """s and s + r are the same scalar to ecmul: the verifier must refuse the second encoding."""
    a, b, c, public = _args(fixtures[0])
    public[index] += curve_order
    with boa.reverts("verifier: public signal not in the scalar field"):
        verifier.verify_proof(a, b, c, public)


def test_verify_proof__other_valid_points__fail(verifier, fixtures):
    a, b, c, public = _args(fixtures[0])
    a2 = [int(v) for v in add(_fq(a), G1)]  # A + G: a different point on the curve
    c2 = [int(v) for v in add(_fq(c), G1)]
    g2 = [[int(G2[0].coeffs[1]), int(G2[0].coeffs[0])], [int(G2[1].coeffs[1]), int(G2[1].coeffs[0])]]
    assert verifier.verify_proof(a2, b, c, public) is False
    assert verifier.verify_proof(a, b, c2, public) is False
    assert verifier.verify_proof(a, g2, c, public) is False


def _fq(point):
    from py_ecc.bn128 import FQ

    return FQ(point[0]), FQ(point[1])


@pytest.mark.parametrize("which", ["a", "c"])
@pytest.mark.parametrize("coordinate", [0, 1])
def test_verify_proof__g1_point_off_curve__reverts(verifier, fixtures, which, coordinate):
    a, b, c, public = _args(fixtures[0])
    point = a if which == "a" else c
    point[coordinate] = (point[coordinate] + 1) % field_modulus
    with boa.reverts("verifier: point not on the curve"):
        verifier.verify_proof(a, b, c, public)


@pytest.mark.parametrize("row", [0, 1])
@pytest.mark.parametrize("col", [0, 1])
def test_verify_proof__g2_point_off_curve__reverts(verifier, fixtures, row, col):
    """The pairing precompile refuses B off the twist; the call reverts (revert_on_failure stays True)."""
    a, b, c, public = _args(fixtures[0])
    b[row][col] = (b[row][col] + 1) % field_modulus
    with boa.reverts():
        verifier.verify_proof(a, b, c, public)


def test_verify_proof__coordinate_not_below_q__reverts(verifier, fixtures):
    a, b, c, public = _args(fixtures[0])
    with boa.reverts("verifier: coordinate not in the base field"):
        verifier.verify_proof([a[0] + field_modulus, a[1]], b, c, public)
    with boa.reverts("verifier: coordinate not in the base field"):
        verifier.verify_proof(a, b, [c[0], c[1] + field_modulus], public)
    with boa.reverts("verifier: coordinate not in the base field"):
        verifier.verify_proof(a, [[b[0][0] + field_modulus, b[0][1]], b[1]], c, public)


def test_verify_proof__negated_a__fails(verifier, fixtures):
    """-A is on the curve too: the verifier must not accept the proof's mirror image."""
    a, b, c, public = _args(fixtures[0])
    assert verifier.verify_proof([a[0], field_modulus - a[1]], b, c, public) is False


def test_verifier_source__regenerated_from_the_key__is_the_committed_file():
    vkey = json.loads(DENSE_CLASSIFIER.vkey.read_text())
    source = render_verifier(vkey, DENSE_CLASSIFIER.contract_name)
    assert DENSE_CLASSIFIER.verifier_path.read_text() == source
    # the trap: with revert_on_failure=False, gas estimation stops at the out-of-gas branch
    assert "revert_on_failure=False" not in source
    assert source.count("raw_call(") == 1
