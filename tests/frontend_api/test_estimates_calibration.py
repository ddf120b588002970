"""The live estimates' calibrated interval (issue 21): ``gpuhive job estimate --index-db`` and the new-job page fit
on the index's settled jobs less a seeded calibration fold of whole jobs and calibrate on that fold; with too few
held-out jobs of a kind they say the interval is not calibrated. Each test builds a real index (SQLite) and a
real store holding the spec, as ``gpuhive web`` and the CLI read them."""

from __future__ import annotations

import random
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from frontend_api.estimates import EstimateService, index_history, jobs_from_index
from frontend_api.indexer import open_index
from frontend_api.indexer.models import IndexedJob, IndexedWorker
from frontend_api.web import build_web_app
from protocol.aicore.estimate import MIN_CALIBRATION, fit_calibrated, in_calibration_fold, shape_of
from protocol.jobspec import canonical_bytes, load_spec, load_spec_file
from protocol.storage import LocalStore
from tests.frontend_api.test_estimates import cli
from tests.frontend_api.test_new_job_estimate import DOC

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RENDER = EXAMPLES / "render.yaml"


def index_of_jobs(
    tmp_path: Path, jobs: int, spec_path: Path = RENDER, spread: float = 0.1
) -> tuple[str, Path, sessionmaker]:
    """An index of ``jobs`` settled jobs of one spec, each about an hour (seeded lognormal spread, sigma
    ``spread``; 0: each exactly an hour), on one registered worker; the spec in a LocalStore."""
    store = LocalStore(tmp_path / "store")
    cid = store.put_bytes(canonical_bytes(load_spec_file(spec_path)))
    url = f"sqlite:///{tmp_path / 'index.db'}"
    _engine, sessions = open_index(url)
    rng = random.Random(7)
    with sessions.begin() as s:
        s.add(
            IndexedWorker(
                address="0x" + "01" * 20, role=1, capabilities=0, metadata_cid="", registered_block=1, updated_block=1
            )
        )
        for job_id in range(1, jobs + 1):
            s.add(
                IndexedJob(
                    job_id=job_id,
                    requester="0x" + "22" * 20,
                    state="settled",
                    budget=0,
                    num_tasks=1,
                    spec_cid=cid,
                    spec_hash="0x",
                    deadline=0,
                    created_block=1,
                    created_time=1_000,
                    created_tx="0x",
                    settled_time=1_000 + round(3_600 * rng.lognormvariate(0.0, spread)),
                    updated_block=1,
                )
            )
    return url, tmp_path / "store", sessions


def _spec_of(store_path: Path):
    store = LocalStore(store_path)
    return lambda cid: load_spec(store.get_bytes(cid))


def _out(result) -> str:
    return " ".join(result.output.split())


def test_fit_calibrated__enough_index_history__fold_held_out_and_interval_widened_where_it_under_covered(tmp_path):
    _url, store_path, sessions = index_of_jobs(tmp_path, 120)
    jobs, _ = jobs_from_index(sessions, _spec_of(store_path))
    fold = [j for j in jobs if in_calibration_fold(j.job_id)]
    assert len(fold) >= MIN_CALIBRATION and len(fold) < len(jobs) / 2
    model = fit_calibrated(jobs)
    assert model.samples["render"] == len(jobs) - len(fold)  # the fold is not fitted on
    shape = shape_of(load_spec_file(RENDER))
    raw_low, _, raw_high = model._walls(shape, [1.0])  # the interval before calibration
    raw_coverage = sum(raw_low <= j.job.wall_s <= raw_high for j in fold) / len(fold)
    assert raw_coverage < 0.8  # the raw interval under-covers this history's held-out jobs ...
    estimate = model.estimate(shape, [1.0])
    low, _, high = estimate.wall_s
    assert low < raw_low and high > raw_high  # ... so calibration widens it
    assert sum(low <= j.job.wall_s <= high for j in fold) / len(fold) >= 0.8
    assert estimate.calibration == f"interval calibrated on {len(fold)} held-out jobs"


def test_fit_calibrated__same_jobs_in_another_order__same_estimate(tmp_path):
    _url, store_path, sessions = index_of_jobs(tmp_path, 100)
    jobs, _ = jobs_from_index(sessions, _spec_of(store_path))
    shape = shape_of(load_spec_file(RENDER))
    first = fit_calibrated(jobs).estimate(shape, [1.0] * 4)
    again = fit_calibrated(list(reversed(jobs))).estimate(shape, [1.0] * 4)
    assert first == again


def test_estimate_command__index_with_enough_jobs__interval_calibrated_and_two_runs_agree(tmp_path):
    url, store_path, _ = index_of_jobs(tmp_path, 120)
    args = ["estimate", str(RENDER), "--index-db", url, "--store", str(store_path), "--workers", "1"]
    first, again = CliRunner().invoke(cli(), args), CliRunner().invoke(cli(), args)
    assert first.exit_code == 0, first.output
    assert re.search(r"interval calibrated on \d+ held-out jobs", _out(first)), first.output
    assert first.output == again.output  # a seeded split: the same index gives the same estimate


def test_estimate_command__index_with_few_jobs__says_interval_not_calibrated(tmp_path):
    url, store_path, sessions = index_of_jobs(tmp_path, 30)
    jobs, _ = jobs_from_index(sessions, _spec_of(store_path))
    held = sum(in_calibration_fold(j.job_id) for j in jobs)
    result = CliRunner().invoke(cli(), ["estimate", str(RENDER), "--index-db", url, "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert f"interval not calibrated: {held} of {MIN_CALIBRATION} held-out jobs" in _out(result)


def test_estimate_command__no_index__says_interval_not_calibrated():
    result = CliRunner().invoke(cli(), ["estimate", str(RENDER)])
    assert result.exit_code == 0, result.output
    assert f"interval not calibrated: 0 of {MIN_CALIBRATION} held-out jobs" in _out(result)


def _page_card(tmp_path: Path, jobs: int) -> str:
    """The new-job page's estimate card for ``DOC`` (a render spec), its model refitted from a real index."""
    _url, store_path, sessions = index_of_jobs(tmp_path, jobs)
    web = build_web_app(sessions)
    web.state.estimates = EstimateService(index_history(sessions, LocalStore(store_path)))
    response = TestClient(web).post("/new/estimate", json=DOC)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def test_new_job_estimate__index_with_enough_jobs__card_says_interval_calibrated(tmp_path):
    card = _page_card(tmp_path, 120)
    assert re.search(r"80 % interval calibrated on \d+ held-out jobs: it covers about 80 %", card), card
    assert "not calibrated" not in card


def test_new_job_estimate__index_with_few_jobs__card_says_interval_not_calibrated(tmp_path):
    card = _page_card(tmp_path, 30)
    assert re.search(rf"interval not calibrated: \d+ of {MIN_CALIBRATION} held-out jobs: it may cover fewer", card)
