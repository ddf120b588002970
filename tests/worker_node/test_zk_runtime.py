"""The zk runtime: a task of examples/zk.yaml proven in a sandboxed child, the prover chosen at run time.

No test here proves for real (~6 s each on this machine; the one real zk job of the suite is the e2e
test): a stand-in native prover on GPUHIVE_ZK_PROVER, with rapidsnark's command line, writes a committed
fixture proof. So the child's whole path runs (weights and inputs files, plain inference, the witness
by snarkjs, the backend's selection and report, the check of the proof's public signals) and the
output is a real proof of this task that the oracle's check accepts.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from oracles.verify.zk_check import check_zk_result
from protocol.digests import bytes_digest
from protocol.jobspec import load_spec_file, slice_tasks
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.prover import PROVER_ENV, ProverError, select_backend
from worker_node.runtimes.sandbox import RuntimeFailure
from worker_node.runtimes.zk import zk_task

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def spec():
    return load_spec_file(EXAMPLES / "zk.yaml")


def _fake_prover(tmp_path: Path, job_id: int, task_index: int) -> Path:
    """An executable with rapidsnark's command line that writes the fixture proof of (job, task, model 0)."""
    [fixture] = [
        f
        for f in DENSE_CLASSIFIER.fixtures()
        if (f["job_id"], f["task_index"], f["model_seed"]) == (job_id, task_index, 0)
    ]
    (tmp_path / "fixture_proof.json").write_text(json.dumps(fixture["proof"]))
    (tmp_path / "fixture_public.json").write_text(json.dumps(fixture["public"]))
    script = tmp_path / "rapidsnark"
    script.write_text(
        f'#!/bin/sh\n[ -s "$2" ] || exit 3\ncp {tmp_path}/fixture_proof.json "$3"\ncp {tmp_path}/fixture_public.json "$4"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_zk_task__native_prover_on_env__selected_reported_and_proof_accepted(spec, tmp_path, monkeypatch):
    monkeypatch.setenv(PROVER_ENV, str(_fake_prover(tmp_path, 1, 1)))
    task = slice_tasks(spec)[1]
    result = zk_task(spec, task, 1, EXAMPLES / "zk" / "model.npz", EXAMPLES / "zk" / "inputs.npz", tmp_path / "out")
    assert (result.backend, result.backend_why) == ("rapidsnark", f"{PROVER_ENV} names it")
    assert [p.name for p in result.files] == ["proof.json", "public.json"]
    assert result.digest == bytes_digest(p.read_bytes() for p in result.files)
    model, pixels = dc.demo_model(0), dc.demo_pixels(1)
    assert result.labels == [int(x) for x in dc.infer(model, pixels)[1]]
    verdict = check_zk_result(
        DENSE_CLASSIFIER,
        json.loads(DENSE_CLASSIFIER.vkey.read_text()),
        result.files[0].read_bytes(),
        result.files[1].read_bytes(),
        weights_hash=dc.weights_hash(model),
        input_hash=dc.input_hash(pixels),
        job_id=1,
        task_index=1,
    )
    assert verdict.ok and verdict.output_hash == result.output_hash


def test_zk_task__prover_returns_another_tasks_proof__refused(spec, tmp_path, monkeypatch):
    monkeypatch.setenv(PROVER_ENV, str(_fake_prover(tmp_path, 1, 0)))
    with pytest.raises(RuntimeFailure, match="proved other public signals than this task's"):
        zk_task(spec, slice_tasks(spec)[1], 1, EXAMPLES / "zk" / "model.npz", EXAMPLES / "zk" / "inputs.npz", tmp_path)
    assert not (tmp_path / "proof.json").exists()


def test_zk_task__inputs_file_of_other_shape__refused_before_proving(spec, tmp_path, monkeypatch):
    monkeypatch.setenv(PROVER_ENV, str(_fake_prover(tmp_path, 1, 1)))
    short = tmp_path / "short.npz"
    short.write_bytes(dc.dump_inputs(dc.demo_inputs(1)))
    with pytest.raises(RuntimeFailure, match=r"pixels must be uint8 of shape \(8, 64\)"):
        zk_task(spec, slice_tasks(spec)[0], 1, EXAMPLES / "zk" / "model.npz", short, tmp_path)


def test_zk_task__task_not_the_specs__refused(spec, tmp_path):
    task = slice_tasks(spec)[1]
    forged = type(task)(index=1, kind="zk", params={**task.params, "sample_start": 0}, outputs=task.outputs)
    with pytest.raises(RuntimeFailure, match="does not match the spec's slicing"):
        zk_task(spec, forged, 1, EXAMPLES / "zk" / "model.npz", EXAMPLES / "zk" / "inputs.npz", tmp_path)


def test_select_backend__nothing_installed__snarkjs_cpu_says_why(monkeypatch, tmp_path):
    monkeypatch.delenv(PROVER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    backend = select_backend()
    assert backend.name == "snarkjs-cpu" and backend.path is None and "no native or GPU prover" in backend.why


def test_select_backend__gpu_prover_on_path__preferred(monkeypatch, tmp_path):
    monkeypatch.delenv(PROVER_ENV, raising=False)
    for name in ("rapidsnark", "icicle-snark"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert select_backend().name == "icicle-snark"


def test_select_backend__env_names_no_executable__clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(PROVER_ENV, str(tmp_path / "missing"))
    with pytest.raises(ProverError, match="unset it to use snarkjs on the CPU"):
        select_backend()


def test_run_lease__zk_lease__fetches_files_by_cid_and_proves(spec, tmp_path, monkeypatch):
    """The agent's lease path (worker_node.execute.run_lease): the spec's weights and inputs come from the
    store by CID, and the outputs are the two files the worker uploads and signs."""
    from protocol.leases import Lease
    from protocol.storage.local_store import LocalStore
    from worker_node.config import LimitsSection
    from worker_node.execute import run_lease
    from worker_node.inputs import InputFetcher

    monkeypatch.setenv(PROVER_ENV, str(_fake_prover(tmp_path, 1, 1)))
    store = LocalStore(tmp_path / "store")
    for name in ("model.npz", "inputs.npz"):
        store.put_bytes((EXAMPLES / "zk" / name).read_bytes())
    task = slice_tasks(spec)[1]
    lease = Lease(
        lease_id="l-1",
        job_id=1,
        task_index=1,
        replica=0,
        role="run",
        job_kind="zk",
        spec_cid="bafy-unused",
        task=task.to_json(),
        expires_at=0.0,
        heartbeat_s=600.0,
    )
    outputs = run_lease(lease, spec, InputFetcher(store, tmp_path / "cache"), tmp_path / "out", LimitsSection())
    assert sorted(outputs.files) == ["proof.json", "public.json"]
    assert outputs.digest == bytes_digest(outputs.files[n].read_bytes() for n in task.outputs)
    assert json.loads(outputs.files["public.json"].read_text())[3:] == ["1", "1"]
