"""A check whose kind is not its job's (``oracles.checks.evaluate_check``; real store, real spec, real images).

The advancer makes render checks only for render jobs verified by re-renders, and train checks only for
train jobs verified by replays; but a committee member re-evaluates the checks a leader's manifest names
(``manifest_audit._recheck``), and a buggy or forging leader may put a render or train check on any job.
That check is unusable (the member refuses the manifest saying why); before, a render check on a compute
job failed with an AttributeError (the spec has no ``output_format``: the member answered 500), and a train
check on one was judged, failed, as if the job were a train job.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from oracles.checks import CheckUnusable, evaluate_check
from oracles.jobcache import JobCache
from oracles.models import Slot
from protocol.jobspec import load_spec
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from tests.support.oracle_network import spec_yaml


@pytest.fixture
def store(tmp_path):
    return LocalStore(tmp_path / "store")


def _png(store: LocalStore) -> str:
    buf = io.BytesIO()
    Image.fromarray(np.zeros((16, 16, 4), dtype=np.uint8)).save(buf, format="PNG")
    return put_manifest(store, {"frame.png": store.put_bytes(buf.getvalue()), "crop.png": store.put_bytes(b"x")})


def test_evaluate_check__render_check_on_a_compute_job__unusable(store):
    entry = JobCache().put(1, load_spec(spec_yaml("compute")))
    cid = _png(store)
    params = {
        "kind": "render",
        "frame": 1,
        "crops": [[0, 8, 0, 8]],
        "seeds": [1, 2],
        "subject": {"cid": cid, "path": "frame.png"},
    }
    check = Slot(id=2, job_id=1, task_index=0, replica=100, role="check", output_cid=cid, check=params)

    with pytest.raises(CheckUnusable, match="a render check on a compute job verified by hash"):
        evaluate_check(store, entry, check)


def test_evaluate_check__train_check_on_a_compute_job__unusable_not_a_failed_check(store):
    entry = JobCache().put(1, load_spec(spec_yaml("compute")))
    replay = put_manifest(store, {f"replay_{8:010d}.safetensors": store.put_bytes(b"replayed")})
    segment = {"step_from": 0, "step_to": 8, "start": None, "submitted": {"cid": replay, "path": "gone"}}
    params = {"kind": "train", "segments": [segment], "tolerance": 0.1}
    check = Slot(id=2, job_id=1, task_index=0, replica=100, role="check", output_cid=replay, check=params)

    with pytest.raises(CheckUnusable, match="a train check on a compute job verified by hash"):
        evaluate_check(store, entry, check)
