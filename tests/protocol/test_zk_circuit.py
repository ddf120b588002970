"""The dense_classifier catalogue circuit: committed artifacts, the Python mirror of its commitments,
its range checks, and a fresh proof from the real prover (snarkjs) checked off-chain (py_ecc).

Run time: ~40 s here, most of it one snarkjs proof, one witness calculation and three py_ecc checks.
"""

from __future__ import annotations

import io
import json
import subprocess

import numpy as np
import pytest

from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER, PUB_JOB_ID, PUB_OUTPUT_HASH, PUB_TASK_INDEX
from protocol.zk.groth16 import parse_proof, parse_public, verify
from protocol.zk.prover import prove, snarkjs_path


@pytest.fixture(scope="module")
def fixtures() -> list[dict]:
    return DENSE_CLASSIFIER.fixtures()


@pytest.fixture(scope="module")
def vkey() -> dict:
    return json.loads(DENSE_CLASSIFIER.vkey.read_text())


def test_artifacts__match_their_committed_checksums():
    """The circuit source, wasm, proving key, verification key and Vyper verifier are the ones
    `scripts/zk_setup.py build` wrote (rebuild with it; the dev setup is deterministic)."""
    assert DENSE_CLASSIFIER.changed_artifacts() == []


def test_commitments__python_mirror__equals_the_circuits_public_signals(fixtures):
    """Every fixture's public signals came out of the circuit (snarkjs); Python computes the same."""
    for f in fixtures:
        model, pixels = dc.demo_model(f["model_seed"]), dc.demo_pixels(f["pixels_seed"])
        expected = dc.public_signals(model, pixels, f["job_id"], f["task_index"])
        assert [int(s) for s in f["public"]] == expected


def test_witness__pixel_out_of_range__is_refused_by_the_circuit(tmp_path):
    model, pixels = dc.demo_model(0), dc.demo_pixels(0)
    signals = dc.witness_input(model, pixels, 1, 0)
    signals["pixel"][0][0] = "16"  # 5 bits: the 4-bit range check must fail
    (tmp_path / "input.json").write_text(json.dumps(signals))
    done = subprocess.run(
        [str(snarkjs_path()), "wtns", "calculate", str(DENSE_CLASSIFIER.wasm), str(tmp_path / "input.json"),
         str(tmp_path / "w.wtns")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode != 0 or not (tmp_path / "w.wtns").exists()
    assert "Assert Failed" in done.stdout + done.stderr


def test_prove__real_snarkjs__verifies_offchain_and_binds_the_task(vkey):
    model, pixels = dc.demo_model(3), dc.demo_pixels(3)
    result = prove(DENSE_CLASSIFIER, dc.witness_input(model, pixels, 42, 5))
    assert result.backend == "snarkjs-cpu"
    assert result.public_signals == dc.public_signals(model, pixels, 42, 5)
    assert result.public_signals[PUB_JOB_ID] == 42 and result.public_signals[PUB_TASK_INDEX] == 5
    assert verify(vkey, result.proof, result.public_signals)
    other_task = list(result.public_signals)
    other_task[PUB_TASK_INDEX] = 6
    assert not verify(vkey, result.proof, other_task)


def test_verify__tampered_output_or_proof__fails_offchain(vkey, fixtures):
    f = fixtures[0]
    proof = parse_proof(json.dumps(f["proof"]).encode())
    public = parse_public(json.dumps(f["public"]).encode(), 5)
    tampered = list(public)
    tampered[PUB_OUTPUT_HASH] += 1
    assert not verify(vkey, proof, tampered)
    off_curve = type(proof)(a=(proof.a[0], proof.a[1] + 1), b=proof.b, c=proof.c)
    assert not verify(vkey, off_curve, public)
    assert not verify(vkey, proof, public[:4])


def test_infer__labels_are_the_first_argmax_and_logits_exact():
    model = dc.QuantizedDense(weight=np.zeros((10, 64), dtype=np.int8), bias=np.zeros(10, dtype=np.int16))
    model.bias[3] = model.bias[7] = 5
    logits, labels = dc.infer(model, dc.demo_pixels(0))
    assert labels.tolist() == [3, 3, 3, 3]  # a tie goes to the lowest index, as in the circuit
    big = dc.QuantizedDense(weight=np.full((10, 64), -128, dtype=np.int8), bias=np.full(10, -32768, dtype=np.int16))
    extreme, _ = dc.infer(big, np.full((4, 64), 15, dtype=np.uint8))
    assert int(extreme.min()) == -128 * 15 * 64 - 32768 > -dc.LOGIT_OFFSET


def test_npz__round_trip_and_bad_files__refused():
    model, pixels = dc.demo_model(0), dc.demo_pixels(0)
    again = dc.load_model(dc.dump_model(model))
    assert np.array_equal(again.weight, model.weight) and np.array_equal(again.bias, model.bias)
    assert np.array_equal(dc.load_pixels(dc.dump_pixels(pixels)), pixels)
    buf = io.BytesIO()
    np.savez(buf, weight=model.weight.astype(np.int16), bias=model.bias)
    with pytest.raises(dc.ZkDataError, match="weight must be int8"):
        dc.load_model(buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, pixels=np.array([object()], dtype=object))
    with pytest.raises(dc.ZkDataError):
        dc.load_pixels(buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, pixels=np.full((4, 64), 16, dtype=np.uint8))
    with pytest.raises(dc.ZkDataError, match="4-bit"):
        dc.load_pixels(buf.getvalue())
    with pytest.raises(dc.ZkDataError, match="larger than"):
        dc.load_pixels(b"\x00" * (dc.MAX_NPZ_BYTES + 1))
    with pytest.raises(dc.ZkDataError, match="not a readable npz"):
        dc.load_pixels(b"not a zip")


def test_downsample__28x28_to_64_four_bit_pixels():
    image = np.zeros((28, 28))
    image[:, :] = 255
    out = dc.downsample(image)
    assert out.shape == (64,) and out.dtype == np.uint8 and out.max() == 15
    assert out[0] == round(15 * 4 / 16)  # a corner block is 2x2 of image in 4x4
