"""`gpuhive job estimate --index-db`: the reward advice from the going rate of the index's settled jobs (issue 21)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from frontend_api.estimates import history_from_index
from protocol.jobspec import load_spec_file
from protocol.sqldb import make_engine
from protocol.storage import LocalStore
from tests.frontend_api.test_estimates import cli
from tests.frontend_api.test_estimates_calibration import index_of_jobs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def index_with_settled(tmp_path: Path, kind: str, jobs: int) -> tuple[str, Path, object]:
    """An index of ``jobs`` settled jobs of the example spec of ``kind`` (each taking an hour), its spec in a store."""
    url, store_path, _sessions = index_of_jobs(tmp_path, jobs, EXAMPLES / f"{kind}.yaml", spread=0.0)
    return url, store_path, load_spec_file(EXAMPLES / f"{kind}.yaml")


def test_history_from_index__settled_jobs__reward_per_task_and_measured_seconds(tmp_path):
    url, store_path, spec = index_with_settled(tmp_path, "render", 3)
    store = LocalStore(store_path)
    from protocol.jobspec import load_spec

    samples, settled = history_from_index(sessionmaker(make_engine(url)), lambda cid: load_spec(store.get_bytes(cid)))
    assert len(settled) == 3 and {job.kind for job in settled} == {"render"}
    assert all(job.reward_per_task == spec.reward_per_task for job in settled)
    assert [job.task_seconds for job in settled] == [sample.seconds for sample in samples]


def test_estimate_command__index_with_settled_jobs__reward_from_the_going_rate(tmp_path):
    url, store_path, _ = index_with_settled(tmp_path, "render", 3)
    spec_path = EXAMPLES / "render.yaml"
    result = CliRunner().invoke(cli(), ["estimate", str(spec_path), "--index-db", url, "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "the index's going rate" in out and "3 settled render jobs" in out


def test_estimate_command__index_without_enough_jobs__assumed_rate_said(tmp_path):
    url, store_path, _ = index_with_settled(tmp_path, "render", 1)
    result = CliRunner().invoke(
        cli(), ["estimate", str(EXAMPLES / "render.yaml"), "--index-db", url, "--store", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    assert "assumed going rate" in " ".join(result.output.split())
