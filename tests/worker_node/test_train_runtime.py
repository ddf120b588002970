"""The train runtime with real PyTorch in the sandboxed child: catalogue models, deterministic
segments, exact resume, Proof-of-Learning replay, safetensors-only files and clear errors.

One tiny job is trained once per module (mlp, 256 examples, batch 32: 8 steps per epoch, 2 epochs,
checkpoint_interval 4, steps_per_task 8 → tasks 0 and 1) and shared by the tests that only read it."""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save_file

from protocol.jobspec.models import TrainSpec
from protocol.jobspec.slicing import Task, slice_tasks
from protocol.storage import LocalStore
from protocol.train_metrics import LOSSES_KEY, read_losses
from worker_node.runtimes.sandbox import RuntimeFailure
from worker_node.runtimes.train import (
    CHECKPOINT_FORMAT,
    DatasetError,
    TrainResult,
    batch_indices,
    checkpoint_digest,
    epoch_permutation,
    load_dataset,
    make_dataset,
    read_checkpoint,
    replay_segment,
    train_task,
)

DATASET_CID = "bafkreicmjkvgta5lggqiwpawob7xxgitde4rips7v6djumwgnpzygtihli"
DEADLINE = 1_893_456_000


def train_spec(**overrides: Any) -> TrainSpec:
    spec: dict[str, Any] = {
        "kind": "train",
        "name": "train runtime test",
        "architecture": {"name": "mlp", "input_dim": 8, "hidden": [16], "output_dim": 3},
        "dataset": {"cid": DATASET_CID, "format": "npz", "examples": 256},
        "optimizer": {"name": "adam", "lr": 0.01},
        "epochs": 2,
        "batch_size": 32,
        "seed": 5,
        "checkpoint_interval": 4,
        "steps_per_task": 8,
        "reward_per_task": 1,
        "budget": 100,
        "deadline": DEADLINE,
    }
    spec.update(overrides)
    return TrainSpec.model_validate(spec)


@dataclasses.dataclass
class Job:
    spec: TrainSpec
    tasks: list[Task]
    dataset: Path
    results: list[TrainResult]
    root: Path


@pytest.fixture(scope="module")
def job(tmp_path_factory) -> Job:
    """Tasks 0 and 1 of the tiny mlp job; task 1 resumes from task 0's last checkpoint."""
    root = tmp_path_factory.mktemp("train_job")
    spec = train_spec()
    tasks = slice_tasks(spec)
    dataset = make_dataset(root / "data.npz", examples=256, classes=3, input_dim=8, seed=1)
    first = train_task(spec, tasks[0], dataset, None, root / "task0")
    second = train_task(spec, tasks[1], dataset, first.files[-1], root / "task1")
    return Job(spec, tasks, dataset, [first, second], root)


@pytest.fixture(scope="module")
def replay_4_to_8(job) -> Path:
    """Replay of task 0's second segment, from its step-4 checkpoint."""
    return replay_segment(job.spec, job.dataset, job.results[0].files[0], 4, 8, job.root / "replay_4_8.safetensors")


# --------------------------------------------------------------------------- a normal job


def test_job__sliced_into_two_tasks_of_two_checkpoints(job):
    assert [t.params["checkpoint_steps"] for t in job.tasks] == [[4, 8], [12, 16]]


def test_train_task__files__exactly_task_outputs(job):
    for task, result, folder in zip(job.tasks, job.results, ["task0", "task1"]):
        assert result.files == [job.root / folder / name for name in task.outputs]
        written = sorted(
            p.relative_to(job.root / folder).as_posix() for p in (job.root / folder).rglob("*") if p.is_file()
        )
        assert written == sorted(task.outputs)


def test_train_task__digests__match_checkpoint_files(job):
    for task, result in zip(job.tasks, job.results):
        steps = task.params["checkpoint_steps"]
        assert result.checkpoint_digests == {s: checkpoint_digest(f).hex() for s, f in zip(steps, result.files)}
        assert result.digest == bytes.fromhex(result.checkpoint_digests[steps[-1]])
        assert len(set(result.checkpoint_digests.values())) == len(steps)


def test_train_task__auto_device__cuda_if_there_else_cpu_and_says_so(job):
    for result in job.results:  # this machine has no GPU; a CUDA one reports "cuda:0 <name>, <GiB> (auto: ...)"
        assert result.device == "cpu (CUDA not available)" or result.device.startswith("cuda:0 ")


def test_train_task__unknown_device__runtime_failure(job, tmp_path):
    with pytest.raises(RuntimeFailure, match="unknown device 'tpu'"):
        train_task(job.spec, job.tasks[0], job.dataset, None, tmp_path, device="tpu")


def test_train_job__epoch_metrics__one_entry_per_epoch_with_its_steps(job):
    epochs = [e for result in job.results for e in result.epochs]
    spec = job.spec
    assert [e["epoch"] for e in epochs] == list(range(spec.epochs))
    assert all(e["steps"] == spec.steps_per_epoch for e in epochs)
    assert epochs[-1]["loss"] < epochs[0]["loss"]


def test_train_job__loss__goes_down(job):
    losses = [m["loss"] for result in job.results for m in result.metrics]
    assert [m["step"] for result in job.results for m in result.metrics] == [4, 8, 12, 16]
    assert all(np.isfinite(losses))
    assert losses[-1] < 0.8 * losses[0], losses


def test_checkpoint__safetensors_header__never_pickle(job):
    for path in [f for result in job.results for f in result.files]:
        raw = path.read_bytes()
        (header_len,) = struct.unpack("<Q", raw[:8])
        assert raw[8:9] == b"{" and 8 + header_len <= len(raw)  # safetensors: u64 length + JSON header
        assert not raw.startswith(b"\x80") and not raw.startswith(b"PK")  # not pickle, not torch.save's zip


def test_checkpoint__holds_model_and_adam_state_and_step(job):
    tensors, step = read_checkpoint(job.results[1].files[-1])
    assert step == 16
    with safe_open(str(job.results[1].files[-1]), framework="numpy") as handle:
        metadata = handle.metadata()
        assert metadata.pop(LOSSES_KEY).startswith("[[13,")  # the loss curve since step 12 (test below)
        assert metadata == {"format": CHECKPOINT_FORMAT, "step": "16"}
    params = ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert set(tensors) == {f"model.{p}" for p in params} | {
        f"optim.{p}.{key}" for p in params for key in ("exp_avg", "exp_avg_sq", "step")
    }
    assert tensors["model.0.weight"].shape == (16, 8)
    assert float(tensors["optim.0.weight.step"]) == 16.0


def test_train_task__task0_again__identical_checkpoint_digests(job, tmp_path):
    again = train_task(job.spec, job.tasks[0], job.dataset, None, tmp_path)
    assert again.checkpoint_digests == job.results[0].checkpoint_digests
    assert again.metrics == job.results[0].metrics


# --------------------------------------------------------------------------- Proof-of-Learning replay


def test_replay_segment__honest_segment__reproduces_submitted_checkpoint(job, replay_4_to_8):
    assert checkpoint_digest(replay_4_to_8, 8) == bytes.fromhex(job.results[0].checkpoint_digests[8])


@pytest.mark.slow
def test_replay_segment__whole_job_from_seed__equals_resumed_tasks(job, tmp_path):
    # Resuming from a checkpoint is exact: one uninterrupted run 0→16 gives task 1's last checkpoint.
    replay = replay_segment(job.spec, job.dataset, None, 0, 16, tmp_path / "all.safetensors")
    assert checkpoint_digest(replay, 16) == job.results[1].digest


def test_replay_segment__tampered_checkpoint__does_not_match(job, replay_4_to_8, tmp_path):
    submitted = job.results[0].files[-1]
    tensors, step = read_checkpoint(submitted)
    tensors["model.2.weight"] = tensors["model.2.weight"].copy()
    tensors["model.2.weight"][0, 0] += 0.5
    tampered = tmp_path / "tampered.safetensors"
    save_file(tensors, str(tampered), metadata={"format": CHECKPOINT_FORMAT, "step": str(step)})
    assert checkpoint_digest(tampered) != checkpoint_digest(replay_4_to_8)
    replayed, _ = read_checkpoint(replay_4_to_8)
    honest, _ = read_checkpoint(submitted)
    assert replayed.keys() == honest.keys() == tensors.keys()
    assert all(np.array_equal(replayed[name], honest[name]) for name in replayed)  # bit for bit on one machine
    assert not np.array_equal(replayed["model.2.weight"], tensors["model.2.weight"])


# --------------------------------------------------------------------------- other models


@pytest.mark.slow
def test_train_task__cnn_small_with_sgd_momentum__writes_bn_stats_and_momentum(tmp_path):
    spec = train_spec(
        architecture={"name": "cnn_small", "in_channels": 3, "image_size": 8, "num_classes": 2, "width": 8, "depth": 1},
        dataset={"cid": DATASET_CID, "format": "safetensors", "examples": 32},
        optimizer={"name": "sgd", "lr": 0.05, "momentum": 0.9},
        epochs=1,
        batch_size=8,
        checkpoint_interval=2,
        steps_per_task=4,
    )
    (task,) = slice_tasks(spec)
    dataset = make_dataset(
        tmp_path / "images.safetensors", examples=32, classes=2, image_shape=(3, 8, 8), format="safetensors"
    )
    result = train_task(spec, task, dataset, None, tmp_path / "out")
    assert result.files == [tmp_path / "out" / name for name in task.outputs]
    tensors, step = read_checkpoint(result.files[-1])
    assert step == 4
    assert int(tensors["model.1.num_batches_tracked"]) == 4  # BatchNorm buffers are in the checkpoint
    assert tensors["model.1.running_mean"].shape == (8,)
    assert tensors["optim.0.weight.momentum_buffer"].shape == (8, 3, 3, 3)
    assert tensors["model.5.weight"].shape == (2, 8)  # conv, bn, relu, pool, global pool, linear


# --------------------------------------------------------------------------- errors


def test_train_task__missing_dataset__runtime_failure(job, tmp_path):
    with pytest.raises(RuntimeFailure, match="dataset file .* does not exist"):
        train_task(job.spec, job.tasks[0], tmp_path / "nope.npz", None, tmp_path)


def test_train_task__wrong_input_dim__runtime_failure_says_so(job, tmp_path):
    spec = train_spec(architecture={"name": "mlp", "input_dim": 10, "hidden": [16], "output_dim": 3})
    with pytest.raises(
        RuntimeFailure, match=r"DatasetError: .*shape \(256, 8\).*needs \(256, 10\).*input_dim"
    ) as failure:
        train_task(spec, slice_tasks(spec)[0], job.dataset, None, tmp_path)
    assert "device cpu" in failure.value.log_tail or "device cuda" in failure.value.log_tail
    assert not list(tmp_path.rglob("*.safetensors"))


def test_train_task__resume_at_wrong_step__runtime_failure(job, tmp_path):
    with pytest.raises(RuntimeFailure, match="resume checkpoint: .*at step 4, but step 8 was expected"):
        train_task(job.spec, job.tasks[1], job.dataset, job.results[0].files[0], tmp_path)


def test_train_task__corrupt_resume_checkpoint__runtime_failure(job, tmp_path):
    corrupt = tmp_path / "corrupt.safetensors"
    corrupt.write_bytes(job.results[0].files[-1].read_bytes()[:100])
    with pytest.raises(RuntimeFailure, match="resume checkpoint: .*not a valid safetensors file"):
        train_task(job.spec, job.tasks[1], job.dataset, corrupt, tmp_path / "out")


@pytest.mark.slow
def test_train_task__resume_checkpoint_of_another_model__runtime_failure(job, tmp_path):
    tensors, step = read_checkpoint(job.results[0].files[-1])  # as if the model had 4 outputs, not 3
    for name in [n for n in tensors if n.startswith(("model.2.", "optim.2.")) and not n.endswith(".step")]:
        tensors[name] = np.zeros((4, *tensors[name].shape[1:]), dtype=np.float32)
    other = tmp_path / "other.safetensors"
    save_file(tensors, str(other), metadata={"format": CHECKPOINT_FORMAT, "step": str(step)})
    with pytest.raises(
        RuntimeFailure,
        match=r"CheckpointError: .*tensor model.2.weight is torch.float32 "
        r"\(4, 16\), the model needs torch.float32 \(3, 16\)",
    ):
        train_task(job.spec, job.tasks[1], job.dataset, other, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_train_task__resume_arguments_inconsistent__runtime_failure(job, tmp_path):
    with pytest.raises(RuntimeFailure, match="needs the checkpoint of that step"):
        train_task(job.spec, job.tasks[1], job.dataset, None, tmp_path)
    with pytest.raises(RuntimeFailure, match="takes no resume checkpoint"):
        train_task(job.spec, job.tasks[0], job.dataset, job.results[0].files[0], tmp_path)
    with pytest.raises(RuntimeFailure, match="does not exist"):
        train_task(job.spec, job.tasks[1], job.dataset, tmp_path / "missing.safetensors", tmp_path)


def test_train_task__task_not_from_slicing__runtime_failure(job, tmp_path):
    forged = dataclasses.replace(job.tasks[1], params={**job.tasks[1].params, "step_end": 12})
    with pytest.raises(RuntimeFailure, match="does not match the spec's slicing"):
        train_task(job.spec, forged, job.dataset, job.results[0].files[-1], tmp_path)


def test_replay_segment__steps_outside_job__runtime_failure(job, tmp_path):
    with pytest.raises(RuntimeFailure, match="not within the job's 0→16"):
        replay_segment(job.spec, job.dataset, job.results[1].files[-1], 16, 20, tmp_path / "r.safetensors")


# --------------------------------------------------------------------------- datasets and data order (no torch)


def test_load_dataset__wrong_keys__names_what_the_file_has(tmp_path):
    path = make_dataset(tmp_path / "d.npz", examples=256, classes=3, input_dim=8, inputs_key="features")
    with pytest.raises(DatasetError, match=r"no array named 'x' \(it has: 'features', 'y'\)"):
        load_dataset(train_spec(), path)


def test_load_dataset__object_array_npz__refused_without_unpickling(tmp_path):
    path = tmp_path / "pickled.npz"
    with path.open("wb") as handle:
        np.savez(handle, x=np.array([{"a": 1}] * 256, dtype=object), y=np.zeros(256, dtype=np.int64))
    with pytest.raises(DatasetError, match="pickles are refused"):
        load_dataset(train_spec(), path)


def test_load_dataset__labels_beyond_classes__rejected(tmp_path):
    path = make_dataset(tmp_path / "d.npz", examples=256, classes=5, input_dim=8)
    with pytest.raises(DatasetError, match=r"model predicts 3 classes"):
        load_dataset(train_spec(), path)


def test_batch_indices__each_epoch__a_seeded_permutation_in_batch_order():
    spec = train_spec()
    for epoch in range(2):
        steps = range(epoch * 8, (epoch + 1) * 8)
        seen = np.concatenate([batch_indices(spec, s) for s in steps])
        assert sorted(seen.tolist()) == list(range(256))  # 8 full batches of 32 cover the 256 examples once
        np.testing.assert_array_equal(seen, epoch_permutation(spec.seed, epoch, 256))
    assert not np.array_equal(epoch_permutation(5, 0, 256), epoch_permutation(5, 1, 256))
    assert not np.array_equal(epoch_permutation(5, 0, 256), epoch_permutation(6, 0, 256))


def test_batch_indices__last_partial_batch__dropped():
    spec = train_spec(
        dataset={"cid": DATASET_CID, "format": "npz", "examples": 100},
        batch_size=32,
        checkpoint_interval=1,
        steps_per_task=3,
    )
    assert spec.steps_per_epoch == 3
    used = np.concatenate([batch_indices(spec, s) for s in range(3)])
    assert len(used) == 96 and len(set(used.tolist())) == 96
    np.testing.assert_array_equal(batch_indices(spec, 3), epoch_permutation(spec.seed, 1, 100)[:32])


def test_checkpoint__losses_metadata__each_step_since_previous_and_means_match_metrics(job, replay_4_to_8, tmp_path):
    store = LocalStore(tmp_path / "store")
    curve = [p for result in job.results for f in result.files for p in read_losses(store, store.put_file(f))]
    assert [step for step, _ in curve] == list(range(1, 17))
    means = [m["loss"] for result in job.results for m in result.metrics]
    for i, mean in enumerate(means):
        assert np.mean([loss for _, loss in curve[4 * i : 4 * i + 4]]) == pytest.approx(mean, rel=1e-9)
    assert read_losses(store, store.put_file(replay_4_to_8)) == []  # a replay's bytes are what its checker signs
