"""`kind: zk` job specs: catalogue circuits only, data by CID, bounded sizes, slicing into proof tasks,
and `gpuhive job validate` on one (examples/zk.yaml, whose CIDs are those of examples/zk/)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from gpuhive.cli import app
from protocol.jobspec import SpecError, ZkSpec, load_spec_file, parse_spec, slice_tasks, spec_hash_hex
from protocol.jobspec.zk import MAX_ZK_SAMPLES
from protocol.storage.cid import cid_of_bytes
from protocol.zk import dense_classifier as dc

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = 1_893_456_000 - 86_400


def _spec(**changes) -> dict:
    doc = load_spec_file(EXAMPLES / "zk.yaml").model_dump(mode="json")
    doc.update(changes)
    return doc


def _issues(doc: dict) -> dict[str, str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(doc)
    return {i.path: i.message for i in caught.value.issues}


def test_zk_spec__example__two_proof_tasks_over_consecutive_samples():
    spec = load_spec_file(EXAMPLES / "zk.yaml")
    assert isinstance(spec, ZkSpec) and spec.num_tasks == 2 and spec.budget_needed == 2 * spec.reward_per_task
    tasks = slice_tasks(spec)
    assert [t.params for t in tasks] == [
        {"circuit": "dense_classifier", "sample_start": 0, "sample_end": 4},
        {"circuit": "dense_classifier", "sample_start": 4, "sample_end": 8},
    ]
    assert tasks[1].kind == "zk" and tasks[1].outputs == ("proof.json", "public.json")


def test_zk_spec__example_files__match_their_cids_and_the_fixtures_inputs():
    spec = load_spec_file(EXAMPLES / "zk.yaml")
    model_bytes, inputs_bytes = (
        (EXAMPLES / "zk" / "model.npz").read_bytes(),
        (EXAMPLES / "zk" / "inputs.npz").read_bytes(),
    )
    assert cid_of_bytes(model_bytes) == spec.model.cid and cid_of_bytes(inputs_bytes) == spec.inputs.cid
    inputs = dc.load_inputs(inputs_bytes, spec.inputs.samples)
    assert np.array_equal(dc.task_pixels(inputs, 1), dc.demo_pixels(1))
    assert dc.weights_hash(dc.load_model(model_bytes)) == dc.weights_hash(dc.demo_model(0))


def test_zk_spec__circuit_not_in_catalogue__refused():
    assert "unknown circuit 'my_circuit'" in _issues(_spec(circuit="my_circuit"))["circuit"]


def test_zk_spec__samples_not_whole_tasks_or_too_many__refused():
    doc = _spec()
    assert "pad the inputs file to 8" in _issues({**doc, "inputs": {**doc["inputs"], "samples": 7}})["inputs.samples"]
    too_many = {**doc, "inputs": {**doc["inputs"], "samples": MAX_ZK_SAMPLES + 4}}
    assert "inputs.samples" in _issues(too_many)


def test_zk_spec__replicas_spot_checks_other_policy_or_code__refused():
    assert "replication" in _issues(_spec(replication=2))
    assert "verification.method" in _issues(_spec(verification={"method": "hash"}))
    assert "verification.spot_check_bps" in _issues(_spec(verification={"method": "zk", "spot_check_bps": 100}))
    assert "model.script" in _issues(_spec(model={"cid": _spec()["model"]["cid"], "script": "x.py"}))
    assert "model.cid" in _issues(_spec(model={"cid": "not a cid"}))


def test_load_inputs__wrong_count_dtype_or_range__refused():
    good = dc.demo_inputs(2)
    with pytest.raises(dc.ZkDataError, match="pixels must be uint8 of shape"):
        dc.load_inputs(dc.dump_inputs(good), 4)
    bad = good.copy()
    bad[0, 0] = 16
    with pytest.raises(dc.ZkDataError, match="4-bit"):
        dc.load_inputs(dc.dump_inputs(bad), 8)
    with pytest.raises(dc.ZkDataError, match="larger than"):
        dc.load_inputs(b"\0" * (dc.MAX_NPZ_BYTES + 1), 8)


def test_job_validate__zk_example__summary_with_the_proof_promise():
    result = CliRunner().invoke(app, ["job", "validate", str(EXAMPLES / "zk.yaml"), "--now", str(NOW), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["kind"], summary["num_tasks"], summary["replication"]) == ("zk", 2, 1)
    assert summary["spec_hash"] == spec_hash_hex(load_spec_file(EXAMPLES / "zk.yaml"))
    assert "Groth16 proof of dense_classifier (12,042 constraints)" in summary["verification"]
    assert "pays only proven tasks" in summary["verification"]


def test_job_validate__zk_spec_unknown_circuit__exit_1_with_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_spec(circuit="resnet50")))
    result = CliRunner().invoke(app, ["job", "validate", str(bad), "--now", str(NOW), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["errors"][0]["field"] == "circuit"
