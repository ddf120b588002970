"""worker_node.execute.run_lease on a lease whose kind has no GPU runtime: a label batch (a human labeler's
work, which the oracles never lease to a worker) fails as that lease's own RuntimeFailure naming the kind,
not as an AttributeError from the runtime-limits lookup (which the agent reports as a bug of its own)."""

from __future__ import annotations

import pytest

from protocol.jobspec import slice_tasks
from protocol.leases import Lease
from protocol.storage.local_store import LocalStore
from tests.support.labelers import LabelJob
from worker_node.config import LimitsSection
from worker_node.execute import run_lease
from worker_node.inputs import InputFetcher
from worker_node.runtimes.sandbox import RuntimeFailure


def test_run_lease__label_lease__fails_as_unknown_kind(tmp_path):
    spec = LabelJob(items=40, gold_items=4, batch_size=20).spec
    lease = Lease(
        lease_id="l-label",
        job_id=1,
        task_index=0,
        replica=0,
        role="run",
        job_kind="label",
        spec_cid="bafy-unused",
        task=slice_tasks(spec)[0].to_json(),
        expires_at=0.0,
        heartbeat_s=600.0,
    )
    fetch = InputFetcher(LocalStore(tmp_path / "store"), tmp_path / "cache")
    with pytest.raises(RuntimeFailure, match="unknown job kind 'label'"):
        run_lease(lease, spec, fetch, tmp_path / "out", LimitsSection())


@pytest.mark.parametrize("kind", ["render", "train", "compute", "zk"])
def test_limits_for_kind__runtime_kind__that_kinds_section(kind):
    limits = LimitsSection()
    assert limits.for_kind(kind) == getattr(limits, kind).to_limits()


@pytest.mark.parametrize("kind", ["label", "model_config", "for_kind"])
def test_limits_for_kind__no_runtime__key_error_naming_the_kinds(kind):
    with pytest.raises(KeyError, match="render, train, compute, zk"):
        LimitsSection().for_kind(kind)
