"""oracles/verify/zk_check.py, the oracle's off-chain check before it posts a zk proof: real snarkjs
proofs (the committed fixtures), py_ecc verification. ~10 s (two pairings)."""

from __future__ import annotations

import json

import pytest

from oracles.verify.zk_check import check_zk_result
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER


@pytest.fixture(scope="module")
def fixture() -> dict:
    return DENSE_CLASSIFIER.fixtures()[0]  # job 1, task 0, model 0, pixels 0


@pytest.fixture(scope="module")
def vkey() -> dict:
    return json.loads(DENSE_CLASSIFIER.vkey.read_text())


def _check(vkey, fixture, *, public=None, proof=None, **overrides):
    expected = {
        "weights_hash": dc.weights_hash(dc.demo_model(0)),
        "input_hash": dc.input_hash(dc.demo_pixels(0)),
        "job_id": 1,
        "task_index": 0,
    }
    expected.update(overrides)
    return check_zk_result(
        DENSE_CLASSIFIER,
        vkey,
        json.dumps(proof or fixture["proof"]).encode(),
        json.dumps(public or fixture["public"]).encode(),
        **expected,
    )


def test_check__valid_proof__accepted_with_its_output_commitment(vkey, fixture):
    verdict = _check(vkey, fixture)
    assert verdict.ok and verdict.output_hash == int(fixture["public"][2])
    assert verdict.evidence()["output_hash"] == fixture["public"][2]


@pytest.mark.parametrize(
    "overrides, word",
    [
        ({"weights_hash": dc.weights_hash(dc.demo_model(1))}, "weights"),
        ({"input_hash": dc.input_hash(dc.demo_pixels(1))}, "input"),
        ({"job_id": 2}, "job id"),
        ({"task_index": 1}, "task index"),
    ],
)
def test_check__proof_for_another_model_input_job_or_task__refused(vkey, fixture, overrides, word):
    verdict = _check(vkey, fixture, **overrides)
    assert not verdict.ok and word in verdict.reason and verdict.output_hash is None


def test_check__tampered_output__does_not_verify(vkey, fixture):
    public = list(fixture["public"])
    public[2] = str(int(public[2]) + 1)
    verdict = _check(vkey, fixture, public=public)
    assert not verdict.ok and verdict.reason == "proof does not verify"


def test_check__malformed_files__refused_without_raising(vkey, fixture):
    assert _check(vkey, fixture, public=["1"]).reason.startswith("malformed")
    bad_proof = dict(fixture["proof"], pi_a=["x", "1", "1"])
    assert _check(vkey, fixture, proof=bad_proof).reason.startswith("malformed")
