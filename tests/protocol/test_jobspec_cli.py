"""`gpuhive job validate` and `gpuhive job tasks`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jobspec_samples import DEADLINE, render
from typer.testing import CliRunner

from gpuhive.cli import app
from protocol.jobspec import load_spec_file, spec_hash_hex

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = DEADLINE - 86_400
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["job", *args])


@pytest.mark.parametrize("name", ["render.yaml", "train.yaml", "compute.yaml"])
def test_validate__example__prints_summary_and_exits_0(name):
    result = invoke("validate", str(EXAMPLES / name), "--now", str(NOW))
    spec = load_spec_file(EXAMPLES / name)
    assert result.exit_code == 0, result.output
    assert spec_hash_hex(spec) in result.output
    assert f"num_tasks      {spec.num_tasks}" in result.output
    assert f"budget needed  {spec.budget_needed}" in result.output
    assert "verification   " in result.output


def test_validate__render_example__says_what_its_check_promises():
    result = invoke("validate", str(EXAMPLES / "render.yaml"), "--now", str(NOW), "--json")
    promise = json.loads(result.output)["verification"]
    # 1920×1080 in 2×2 tiles, 4 crops of 20 %: 192×108 px each
    assert "4 crops of 192×108 px (82,944 px)" in promise and "chance ≤ 0.001" in promise


def test_smallest_rank_shift__more_pixels__smaller_shift_caught():
    from protocol.jobspec.promise import smallest_rank_shift

    assert smallest_rank_shift(82_944, 1e-3) < smallest_rank_shift(3_072, 1e-3) < smallest_rank_shift(1_024, 1e-3)
    assert 0.05 < smallest_rank_shift(3_072, 1e-3) < 0.07  # the benchmark's check: ~6 points of 33


def test_promise__mirrors_the_rank_test():
    from oracles.verify import rank_test
    from protocol.jobspec import promise

    assert promise.DISPERSION == rank_test.DISPERSION
    assert promise.RANK_TESTS == 4 * len(rank_test.SCALES) * rank_test.SIDES  # views × block sizes × directions


def test_validate__json_flag__machine_readable(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(render()))
    result = invoke("validate", str(path), "--now", str(NOW), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["kind"] == "render" and summary["num_tasks"] == 10 and summary["budget_needed"] == "1400"
    assert summary["spec_hash"] == spec_hash_hex(load_spec_file(path))


def test_validate__bad_spec__field_errors_and_exit_1(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(render(samples=0, resolution_x=99_999)))
    result = invoke("validate", str(path), "--now", str(NOW))
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "samples: Input should be greater than or equal to 1 (got 0)" in result.output
    assert "resolution_x: Input should be less than or equal to 16384 (got 99999)" in result.output


def test_validate__zero_frames__error_on_frame_end(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(render(frame_start=3, frame_end=2)))
    result = invoke("validate", str(path), "--now", str(NOW))
    assert result.exit_code == 1 and "frame_end: zero frames" in result.output


def test_validate__budget_short__says_by_how_much(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(render(budget=400)))
    result = invoke("validate", str(path), "--now", str(NOW), "--json")
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    assert errors[0]["field"] == "budget" and "+ 4 spot checks" in errors[0]["message"]
    assert errors[0]["message"].endswith("short by 1000")


def test_validate__deadline_passed__exit_1(tmp_path):
    path = tmp_path / "late.yaml"
    path.write_text(yaml.safe_dump(render()))
    result = invoke("validate", str(path), "--now", str(DEADLINE))
    assert result.exit_code == 1 and "deadline:" in result.output


def test_validate__missing_file__exit_1(tmp_path):
    result = invoke("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1 and "cannot read" in result.output


def test_tasks__example__one_json_line_per_task():
    result = invoke("tasks", str(EXAMPLES / "compute.yaml"), "--limit", "0")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [t["index"] for t in lines] == list(range(8))
    assert lines[1]["params"] == {
        "kernel": "matmul_blocked",
        "item_start": 2,
        "item_end": 4,
        "row_start": 512,
        "row_end": 1024,
    }
