"""The committed gas snapshot (benchmarks/results/gas.json) against a fresh run
of benchmarks/gas.py on anvil. Gas is deterministic for a given contract build
and anvil version, so any increase is a real regression: fix it, or re-run
`make gas` and commit the new snapshot if the increase is intended."""

from __future__ import annotations

import json
import subprocess

import pytest

from protocol.contracts import REPO_ROOT

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

SNAPSHOT = REPO_ROOT / "benchmarks" / "results" / "gas.json"
KEYS = [
    "create_job",
    "create_job_permit",
    "settle_k3_n5",
    "claim_1",
    "claim_10",
    "claim_50",
    "sentry_post",
    "jail",
    "sentry_lift",
    "gas_per_task",
]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("gas") / "gas.json"
    proc = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "python"), "benchmarks/gas.py", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(out.read_text())


def test_gas__every_measured_call__not_above_committed_snapshot(fresh):
    snapshot = json.loads(SNAPSHOT.read_text())
    regressions = {k: (snapshot[k], fresh[k]) for k in KEYS if fresh[k] > snapshot[k]}
    assert not regressions, f"gas went up (snapshot, now): {regressions}; run `make gas` if intended"


def test_gas__settlement__does_not_grow_with_tasks(fresh):
    by_tasks = fresh["settle_by_tasks"]
    assert set(by_tasks) == {"10", "1000", "100000"}
    assert max(by_tasks.values()) - min(by_tasks.values()) < 1_000


def test_gas__per_task__meets_goal_of_1000(fresh):
    assert fresh["gas_per_task"] <= 1_000
