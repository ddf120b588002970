"""Bounded parsing of worker-supplied snarkjs proofs and public signals (protocol/zk/groth16.py),
and the Python Poseidon against circomlib's known value."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from py_ecc.bn128 import curve_order, field_modulus

from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import MAX_PROOF_BYTES, ProofFormatError, parse_proof, parse_public
from protocol.zk.poseidon import chain_hash, poseidon16


@pytest.fixture(scope="module")
def proof_json() -> dict:
    return DENSE_CLASSIFIER.fixtures()[0]["proof"]


def test_parse_proof__snarkjs_output__round_trips(proof_json):
    proof = parse_proof(json.dumps(proof_json).encode())
    assert proof.to_json() == proof_json
    a, b, c = proof.call_args()
    assert b[0] == [int(proof_json["pi_b"][0][1]), int(proof_json["pi_b"][0][0])]  # EVM order: imaginary first


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda p: p.pop("pi_c"), "exactly"),
        (lambda p: p.update(extra=1), "exactly"),
        (lambda p: p.update(protocol="plonk"), "groth16"),
        (lambda p: p["pi_a"].__setitem__(0, "0x12"), "decimal"),
        (lambda p: p["pi_a"].__setitem__(0, 12), "decimal"),
        (lambda p: p["pi_a"].__setitem__(0, "-1"), "decimal"),
        (lambda p: p["pi_a"].__setitem__(0, "٣"), "decimal"),  # a non-ASCII digit
        (lambda p: p["pi_a"].__setitem__(1, str(field_modulus)), "modulus"),
        (lambda p: p["pi_a"].__setitem__(2, "2"), "affine"),
        (lambda p: p["pi_b"].__setitem__(2, ["1", "1"]), "affine G2"),
        (lambda p: p["pi_b"].__setitem__(0, ["1"]), "affine G2"),
        (lambda p: p["pi_b"][1].__setitem__(0, "9" * 100), "decimal"),
    ],
)
def test_parse_proof__malformed__raises(proof_json, mutate, message):
    bad = json.loads(json.dumps(proof_json))
    mutate(bad)
    with pytest.raises(ProofFormatError, match=message):
        parse_proof(json.dumps(bad).encode())


def test_parse_proof__oversized_or_not_json__raises():
    with pytest.raises(ProofFormatError, match="larger than"):
        parse_proof(b" " * (MAX_PROOF_BYTES + 1))
    with pytest.raises(ProofFormatError, match="not JSON"):
        parse_proof(b"\xff{")
    with pytest.raises(ProofFormatError, match="exactly"):
        parse_proof(b"[]")


def test_parse_public__count_and_field__checked():
    assert parse_public(b'["1","2"]', 2) == [1, 2]
    with pytest.raises(ProofFormatError, match="list of 3"):
        parse_public(b'["1","2"]', 3)
    with pytest.raises(ProofFormatError, match="modulus"):
        parse_public(json.dumps([str(curve_order)]).encode(), 1)


def test_poseidon__chain_hash_separates_lengths_and_checks_inputs():
    assert chain_hash([1]) != chain_hash([1, 0])  # zero padding does not collide: the length is hashed
    words = list(range(100, 116))
    assert chain_hash(words) == poseidon16([poseidon16([16, *words[:15]]), words[15]] + [0] * 14)
    with pytest.raises(ValueError, match="field element"):
        poseidon16([curve_order] + [0] * 15)
    with pytest.raises(ValueError, match="16 inputs"):
        poseidon16([1, 2])


def test_curve_constants__written_out__equal_py_eccs():
    from protocol.zk.groth16 import CURVE_ORDER, FIELD_MODULUS

    assert (FIELD_MODULUS, CURVE_ORDER) == (field_modulus, curve_order)


def test_verify__fresh_process__py_ecc_loaded_on_first_check_and_recursion_limit_kept():
    """Importing the zk modules does not load py_ecc (it raises the recursion limit to 100,000: see
    protocol/stack_guard.py); the first check loads it, passes a valid proof and leaves the limit as it was."""
    code = (
        "import json, sys\n"
        "from protocol.zk.catalogue import DENSE_CLASSIFIER\n"
        "from protocol.zk.groth16 import parse_proof, parse_public, verify\n"
        "before = 'py_ecc' in sys.modules\n"
        "fx = DENSE_CLASSIFIER.fixtures()[0]\n"
        "vkey = json.loads(DENSE_CLASSIFIER.vkey.read_text())\n"
        "proof = parse_proof(json.dumps(fx['proof']).encode())\n"
        "public = parse_public(json.dumps(fx['public']).encode(), int(vkey['nPublic']))\n"
        "ok = verify(vkey, proof, public)\n"
        "print(json.dumps({'before': before, 'ok': ok, 'after': 'py_ecc' in sys.modules,"
        " 'limit': sys.getrecursionlimit()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"before": False, "ok": True, "after": True, "limit": 1_000}
