"""A failed train check is confirmed by a second checker's replay before anyone is slashed (issue 17).

The first segment (0 → 8) of the small mlp job of ``test_train_cheats`` (256 examples, batch 16,
checkpoints every 8 steps) is trained in this process by the runtime's own training code
(``tests.support.train_cheats.train``, which ``test_train_cheats`` shows bit-identical to the sandboxed
``replay_segment``; no child process, so the module takes seconds): by the worker, by the first checker,
and by the second checker on two threads ("other hardware"). A malicious first checker submits a replay
that skipped half the steps; a cheating worker submits such a checkpoint itself. The real
``confirm_train`` judges the three.
"""

from __future__ import annotations

from typing import Any

import pytest

from oracles.verify import compare_checkpoints, confirm_train
from protocol.jobspec.policies import TrainPolicy
from tests.oracles.test_train_cheats import train_spec
from tests.support import train_cheats
from tests.support.train_cheats import CHEATS, Segment
from worker_node.runtimes.train import make_dataset

POLICY = TrainPolicy()
LIMITS = {"noise_floor": POLICY.noise_floor, "outlier_tolerance": POLICY.outlier_tolerance}


@pytest.fixture(scope="module")
def job(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("train_confirm")
    spec = train_spec()
    dataset = make_dataset(root / "data.npz", examples=256, classes=4, input_dim=16, seed=1)
    segment = Segment(spec, dataset, None, 0, 8)
    return {
        "honest": train_cheats.train(segment, root / "worker.safetensors"),  # the worker's checkpoint at step 8
        "replay": train_cheats.train(segment, root / "replay.safetensors"),
        "second": train_cheats.train(segment, root / "second.safetensors", threads=2),
        "skipped": CHEATS["skip_half"](segment, root / "skipped.safetensors"),
        "second_skipped": CHEATS["skip_half"](segment, root / "second_skipped.safetensors"),
    }


def _first_check(submitted, replayed):
    return compare_checkpoints(submitted, replayed, POLICY.tolerance, **LIMITS)


def _confirm(submitted, first, second):
    return confirm_train([(submitted, first, second)], POLICY.tolerance, **LIMITS)


def test_confirm__honest_worker_malicious_first_replay__checker_faulted(job):
    assert not _first_check(job["honest"], job["skipped"]).passed  # one checker alone fails the honest worker
    confirmation = _confirm(job["honest"], job["skipped"], job["second"])
    assert confirmation.worker_passed and not confirmation.checkers_agree
    assert confirmation.verdict == "checker"


def test_confirm__cheating_worker_two_honest_replays__worker_faulted(job):
    assert not _first_check(job["skipped"], job["replay"]).passed
    confirmation = _confirm(job["skipped"], job["replay"], job["second"])
    assert not confirmation.worker_passed and confirmation.checkers_agree
    assert confirmation.verdict == "worker"
    assert confirmation.evidence()["worker_vs_second"]["segments"][0]["distance"] > POLICY.tolerance


def test_confirm__malicious_second_replay__ambiguous_never_the_honest_workers_fault(job):
    confirmation = _confirm(job["honest"], job["replay"], job["second_skipped"])
    assert confirmation.verdict == "ambiguous"


def test_confirm__first_replay_unreadable__checkers_disagree(job):
    confirmation = _confirm(job["honest"], b"not a checkpoint", job["second"])
    assert confirmation.verdict == "checker"
    assert "cannot be read" in confirmation.first_vs_second["segments"][0]["reason"]


def test_evaluate_check__confirmation_from_the_store__verdict_and_the_first_check_unchanged(job, tmp_path):
    """The oracle's evaluation (``oracles.checks.evaluate_check``) of a confirmation: the three checkpoints
    fetched from storage by the slots' output manifests, as the advancer and every auditing member do."""
    from oracles.checks import evaluate_check
    from oracles.jobcache import JobCache
    from oracles.models import Slot
    from protocol.storage import LocalStore
    from protocol.storage.folder_manifest import put_manifest

    store = LocalStore(tmp_path / "store")

    def folder(name: str, path) -> str:
        return put_manifest(store, {name: store.put_bytes(path.read_bytes())})

    replay = "replay_0000000008.safetensors"
    params = {
        "kind": "train",
        "segments": [
            {"step_from": 0, "step_to": 8, "start": None, "submitted": {"cid": folder("ckpt_8", job["honest"]),
                                                                         "path": "ckpt_8"}}
        ],
        "tolerance": POLICY.tolerance,
        "noise_floor": POLICY.noise_floor,
        "outlier_tolerance": POLICY.outlier_tolerance,
    }  # fmt: skip
    first = Slot(id=7, task_index=0, role="check", check=params, output_cid=folder(replay, job["skipped"]))
    second = Slot(
        id=9, task_index=0, role="check", check={**params, "confirms": 7}, output_cid=folder(replay, job["second"])
    )
    entry = JobCache().put(1, train_spec())
    assert evaluate_check(store, entry, first)["passed"] is False  # the malicious replay fails the honest worker
    evidence = evaluate_check(store, entry, second, first)
    assert evidence["confirms"] == 7 and evidence["passed"] is True and evidence["verdict"] == "checker"
