"""The oracle's zk terms and pay rules without a chain (the anvil test tests/e2e/test_zk_job_anvil.py posts
real proofs): a registration that differs from the spec's files is refused term by term, and only proven
tasks pay."""

from __future__ import annotations

from pathlib import Path

import pytest

from oracles.verify.zk_post import zk_payouts
from protocol.jobspec import load_spec_file
from protocol.merkle import leaf_hash, process_proof
from protocol.zk import dense_classifier as dc
from protocol.zk.job import INPUT_LEAF_TYPES, ZkTermsMismatch, zk_terms

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def terms():
    spec = load_spec_file(EXAMPLES / "zk.yaml")
    return zk_terms(spec, (EXAMPLES / "zk" / "model.npz").read_bytes(), (EXAMPLES / "zk" / "inputs.npz").read_bytes())


def test_zk_terms__example__commitments_and_input_proofs(terms):
    assert terms.weights_hash == dc.weights_hash(dc.demo_model(0))
    assert terms.input_hashes == (dc.input_hash(dc.demo_pixels(0)), dc.input_hash(dc.demo_pixels(1)))
    for t, h in enumerate(terms.input_hashes):
        assert process_proof(leaf_hash(list(INPUT_LEAF_TYPES), [t, h]), terms.input_proof(t)) == terms.inputs_root


def test_check_registered__each_term_differs__refused(terms):
    good = ("0xverifier", 2, 0, terms.weights_hash, terms.inputs_root)
    terms.check_registered(good, 2)
    with pytest.raises(ZkTermsMismatch, match="registered for 3 tasks"):
        terms.check_registered((*good[:1], 3, *good[2:]), 3)
    with pytest.raises(ZkTermsMismatch, match="weights commitment"):
        terms.check_registered((*good[:3], terms.weights_hash + 1, good[4]), 2)
    with pytest.raises(ZkTermsMismatch, match="inputs root"):
        terms.check_registered((*good[:4], b"\x00" * 32), 2)


def test_zk_payouts__only_proven_tasks__reward_each_to_its_worker():
    worker_of = {0: "0xA", 1: "0xB", 2: "0xA", 3: "0xB"}
    assert zk_payouts({0, 2, 3}, worker_of, 10) == {"0xA": 20, "0xB": 10}
    assert zk_payouts(set(), worker_of, 10) == {}
