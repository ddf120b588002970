"""frontend_api/estimates.py: `gpuhive job estimate`, the refit schedule, and task samples from the index."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from frontend_api.estimates import EstimateService, register, samples_from_index
from frontend_api.indexer.models import IndexBase, IndexedJob, IndexedWorker
from protocol.aicore.estimate import MIN_SAMPLES, DurationModel, TaskSample, shape_of
from protocol.jobspec import load_spec_file
from protocol.sqldb import make_engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")  # (a lone command would become the app itself)
    def noop() -> None:
        pass

    return app


def test_estimate_command__example_spec__wall_time_cost_interval_and_advice():
    result = CliRunner().invoke(cli(), ["estimate", str(EXAMPLES / "render.yaml"), "--workers", "20"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for words in (
        "wall time",
        "80% interval",
        "tokens expected",
        "cold start",
        "suggested",
        "reward",
        "split",
        "replicas",
    ):
        assert words in out


def test_estimate_command__invalid_spec__clear_error_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: render\nname: x\n")
    result = CliRunner().invoke(cli(), ["estimate", str(bad)])
    assert result.exit_code == 1 and "error" in result.output


def test_estimate_service__refresh_schedule__refits_only_when_stale():
    calls: list[int] = []
    now = [0.0]

    def history() -> list[TaskSample]:
        calls.append(1)
        return []

    service = EstimateService(history, refresh_s=60.0, clock=lambda: now[0])
    service.model()
    now[0] = 30.0
    service.model()
    assert len(calls) == 1
    now[0] = 61.0
    service.model()
    assert len(calls) == 2


def test_samples_from_index__settled_jobs__one_sample_per_job_from_wall_time(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/index.db")
    IndexBase.metadata.create_all(engine)
    sessions = sessionmaker(engine)
    spec = load_spec_file(EXAMPLES / "render.yaml")
    with sessions.begin() as s:
        for i in range(2):
            s.add(
                IndexedWorker(
                    address=f"0x{i:040x}", role=1, capabilities=0, metadata_cid="", registered_block=1, updated_block=1
                )
            )
        for job_id, settled in ((1, 1_000 + 3_600), (2, None)):
            s.add(
                IndexedJob(
                    job_id=job_id,
                    requester="0x" + "22" * 20,
                    state="settled",
                    budget=spec.budget,
                    num_tasks=spec.num_tasks,
                    spec_cid="cid",
                    spec_hash="0x",
                    deadline=0,
                    created_block=1,
                    created_time=1_000,
                    created_tx="0x",
                    settled_time=settled,
                    updated_block=1,
                )
            )
    samples = samples_from_index(sessions, lambda cid: spec)
    assert len(samples) == 1  # the unsettled job gives none
    runs = spec.num_tasks * spec.replication + spec.num_tasks * spec.verification.spot_check_bps / 10_000
    assert samples[0].kind == "render" and samples[0].seconds == pytest.approx(3_600 / (runs / 2 + 1))
    # the sample is the one the estimate's formula turns back into the job's wall time on the two workers
    assert DurationModel().fit([samples[0]] * MIN_SAMPLES).estimate(shape_of(spec), [1.0, 1.0]).wall_s[
        1
    ] == pytest.approx(3_600)


def test_start_refits__scheduler__fits_at_once_in_the_background_never_on_read():
    import threading
    import time

    from fastapi import FastAPI

    from frontend_api.estimates import start_refits
    from protocol.aicore.estimate import CalibrationJob, HistoryJob
    from protocol.aicore.history import samples_of, simulated_jobs

    jobs = [
        HistoryJob(i, tuple(samples_of(job, seed=i)), CalibrationJob(job.shape, (1.0,), 1.0))
        for i, job in enumerate(simulated_jobs("compute", 8, seed=3))
    ]
    samples = [s for job in jobs for s in job.samples]
    calls: list[str] = []

    def history() -> list[HistoryJob]:
        calls.append(threading.current_thread().name)
        return jobs

    app = FastAPI()
    scheduler = start_refits(app, history, refresh_s=3_600)
    try:
        deadline = time.monotonic() + 10
        while "compute" not in app.state.estimates.model().samples and time.monotonic() < deadline:
            time.sleep(0.02)
        assert app.state.estimates.model().samples["compute"] == len(samples)
        assert calls and threading.main_thread().name not in calls  # fitted by the scheduler's thread
        assert "compute" in app.state.estimates.model().models  # enough samples: learned, not the cold start
        app.state.estimates.model()
        assert len(calls) == 1  # reads never refit; the next fit is the scheduler's, an hour later
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.parametrize("kind", ["render", "train", "compute"])
def test_history_job__one_settled_job__its_sample_estimates_back_the_wall_time(kind):
    from frontend_api.estimates import history_job

    shape = shape_of(load_spec_file(EXAMPLES / f"{kind}.yaml"))
    record = history_job(7, shape, 3_600.0, pool=5)
    model = DurationModel().fit(list(record.samples) * MIN_SAMPLES)
    assert model.estimate(shape, [1.0] * 5).wall_s[1] == pytest.approx(3_600.0)
    assert record.job.wall_s == 3_600.0 and record.job.speeds == (1.0,) * 5
