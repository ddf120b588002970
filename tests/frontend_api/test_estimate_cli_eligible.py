"""``gpuhive job estimate --oracles``: the estimate runs on the spec's eligible workers at their attested speeds, from
a real oracle API served over HTTP (its ``POST /v1/eligible`` on the sentries' scores and the workers' metadata,
as in the new-job page's tests); a down oracle, or one whose answer is oversized, is skipped; with no oracle
answering, or none given, it estimates on ``--workers`` at ``--speed`` as before and says so; with none eligible,
nothing would run it."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from starlette.responses import Response
from typer.testing import CliRunner

from frontend_api.eligible_workers import MAX_ELIGIBLE_REPLY_BYTES
from oracles.node_metadata import NodeMetadata
from oracles.routes.eligible import Eligibility
from protocol.aicore.estimate import DurationModel, shape_of
from protocol.jobspec import load_spec_file
from protocol.storage import LocalStore
from tests.frontend_api.test_estimates import cli
from tests.oracles.test_eligible_route import Registry, oracle_app
from tests.oracles.test_worker_selection_hardware import METADATA, selection
from tests.support.explorer_chain import serve_in_thread

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# the attested workers' speeds (perf score over the median attested one, 30), as /v1/eligible rounds them
ALL_SPEEDS = [round(v, 3) for v in (400 / 30, 45 / 30, 1.0, 8 / 30)]
CONSUMER_16GB = [round(v, 3) for v in (400 / 30, 45 / 30)]  # the H100 and the RTX 4090


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="module")
def oracle_url(tmp_path_factory) -> Iterator[str]:
    store = LocalStore(tmp_path_factory.mktemp("oracle-store"))
    chain = Registry({w: store.put_bytes(json.dumps(doc).encode()) for w, doc in METADATA.items()})
    with serve_in_thread(oracle_app(Eligibility(selection(), NodeMetadata(chain, store), lambda: 4))) as url:
        yield url


@pytest.fixture(scope="module")
def oversized_url() -> Iterator[str]:
    """An 'oracle' whose /v1/eligible answer is valid JSON but longer than the bound."""
    app = FastAPI()
    padded = json.dumps({"eligible": 1, "attested": 1, "speeds": [50.0], "pad": "x" * MAX_ELIGIBLE_REPLY_BYTES})

    @app.post("/v1/eligible")
    def eligible() -> Response:
        return Response(padded, media_type="application/json")

    with serve_in_thread(app) as url:
        yield url


def _spec(tmp_path: Path, **over: object) -> Path:
    doc = yaml.safe_load((EXAMPLES / "render.yaml").read_text())
    doc.update(over)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def _estimate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli(), ["estimate", *args])
    return result.exit_code, " ".join(result.output.split())


def _wall_line(spec: Path, speeds: list[float]) -> str:
    """The estimate's first line on ``speeds`` (the benchmarks' rates: no index given)."""
    return " ".join(DurationModel().estimate(shape_of(load_spec_file(spec)), speeds).lines()[0].split())


def test_estimate_cli__oracle_answers__on_the_eligible_workers_at_their_attested_speeds(tmp_path, oracle_url):
    spec = _spec(tmp_path)
    code, out = _estimate(str(spec), "--oracles", f"{_closed_port_url()},{oracle_url}")  # the down one is skipped
    assert code == 0, out
    assert f"4 of 4 attested meet this spec ({oracle_url}, sentry epoch 4; their attested speeds)" in out
    assert f"{_wall_line(spec, ALL_SPEEDS)} at their attested speeds" in out
    assert _wall_line(spec, ALL_SPEEDS) != _wall_line(spec, [1.0] * 4)  # the speeds change the estimate


def test_estimate_cli__spec_hardware__only_the_workers_that_meet_it(tmp_path, oracle_url):
    spec = _spec(tmp_path, hardware={"gpu_class": "consumer", "min_vram_gb": 16})
    code, out = _estimate(str(spec), "--oracles", oracle_url, "--workers", "50")
    assert code == 0, out
    assert "2 of 4 attested meet this spec" in out
    assert f"{_wall_line(spec, CONSUMER_16GB)} at their attested speeds" in out
    assert "on 2 workers" in out and "on 50 workers" not in out  # --workers is only the fallback


def test_estimate_cli__oversized_answer__skipped_for_the_next_oracle(tmp_path, oracle_url, oversized_url):
    spec = _spec(tmp_path)
    code, out = _estimate(str(spec), "--oracles", f"{oversized_url},{oracle_url}")
    assert code == 0, out
    assert f"4 of 4 attested meet this spec ({oracle_url}" in out
    code, out = _estimate(str(spec), "--oracles", oversized_url)
    assert code == 0, out
    assert "no oracle answered" in out and "on 10 workers at 1x (assumed)" in out


def test_estimate_cli__no_oracle_answers_or_none_given__workers_at_speed_as_before_and_said(tmp_path):
    spec = _spec(tmp_path)
    code, out = _estimate(str(spec), "--oracles", _closed_port_url(), "--workers", "6", "--speed", "2")
    assert code == 0, out
    assert "unknown: no oracle answered; 6 (--workers) at 2x (--speed) assumed" in out
    assert f"{_wall_line(spec, [2.0] * 6)} at 2x (assumed)" in out
    code, out = _estimate(str(spec), "--workers", "6", "--speed", "2")
    assert code == 0, out
    assert "6 (--workers) at 2x (--speed) assumed; --oracles URL estimates on the spec's eligible workers" in out
    assert f"{_wall_line(spec, [2.0] * 6)} at 2x (assumed)" in out


def test_estimate_cli__no_worker_meets_the_hardware__says_nothing_would_run_exit_1(tmp_path, oracle_url):
    spec = _spec(tmp_path, hardware={"min_vram_gb": 1000})
    code, out = _estimate(str(spec), "--oracles", oracle_url)
    assert code == 1, out
    assert "0 of 4 attested meet this spec" in out
    assert "no attested worker meets this spec's hardware: nothing would run it" in out
    assert "wall time" not in out
