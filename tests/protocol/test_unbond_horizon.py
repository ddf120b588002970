"""Cheat, then unbond (issue 17): a job's runs are leased only within the run window after its first lease,
so every slash lands before stake unbonded after a lease can be withdrawn; `gpuhive job validate` warns
about a deadline beyond the window and about a slash per fault no minimum stake covers."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from protocol.cheating_economics import Situation, expected_profit, slash_lands_after_unbond, slash_rule
from protocol.config import CommitteePolicy
from protocol.contracts import TOKEN, DeployParams
from protocol.jobspec import load_spec_file
from protocol.jobspec.cli import app, spec_warnings
from protocol.jobspec.horizon import RUN_WINDOW_SAFETY, run_window, slash_horizon

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PARAMS = DeployParams()
DAY = 86_400


def test_run_window__default_deployment__every_slash_lands_before_an_unbond_after_the_lease_completes():
    window = run_window()
    assert window == run_window(
        PARAMS.unbonding_period, PARAMS.settle_grace, PARAMS.dispute_window, PARAMS.resolve_timeout
    )
    assert window == 2 * DAY - RUN_WINDOW_SAFETY  # 7 - 1 - 1 - 3 days, less an hour
    horizon = slash_horizon(window, PARAMS.settle_grace, PARAMS.dispute_window, PARAMS.resolve_timeout)
    assert horizon < PARAMS.unbonding_period


def test_run_window__periods_longer_than_the_unbonding__zero_not_negative():
    assert run_window(unbonding_period=3 * DAY) == 0


def test_slash_lands_after_unbond__long_job__only_with_the_run_window():
    periods = (PARAMS.unbonding_period, PARAMS.settle_grace, PARAMS.dispute_window, PARAMS.resolve_timeout)
    assert slash_lands_after_unbond(run_window(), 30 * DAY, *periods)
    assert not slash_lands_after_unbond(None, 30 * DAY, *periods)  # (before the rule: settled after the unbond)
    assert slash_lands_after_unbond(None, 1 * DAY, *periods)  # a short deadline was always safe


def test_cheat_then_unbond__long_job__loses_with_the_run_window_paid_without():
    policy = CommitteePolicy()
    slash = slash_rule(1.0, 1_000, policy.slash_amount / TOKEN, policy.slash_reward_multiple, 1_000)
    periods = (PARAMS.unbonding_period, PARAMS.settle_grace, PARAMS.dispute_window, PARAMS.resolve_timeout)
    for window, sign in ((run_window(), -1), (None, 1)):
        lands = 1.0 if slash_lands_after_unbond(window, 30 * DAY, *periods) else 0.0
        sit = Situation(
            reward=1.0, tasks=100, job_tasks=1_000, check_bps=1_000, detection=0.99**2, slash=slash,
            stake=PARAMS.min_worker_stake / TOKEN, slash_lands=lands,
        )  # fmt: skip
        assert sign * expected_profit(sit, 100, latency=2) > 0


def _write(tmp_path: Path, name: str, **over) -> Path:
    doc = yaml.safe_load((EXAMPLES / name).read_text())
    doc.update(over)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc))
    return path


def test_validate__deadline_beyond_the_run_window__warns(tmp_path):
    path = _write(tmp_path, "render.yaml")
    spec = load_spec_file(path)
    now = spec.deadline - 10 * DAY
    result = CliRunner().invoke(app, ["validate", str(path), "--now", str(now), "--json"])
    assert result.exit_code == 0, result.output
    [warning] = json.loads(result.output)["warnings"]
    assert "10.0 days away" in warning and "1.96 days after the job's first lease" in warning
    assert spec_warnings(spec, spec.deadline - DAY) == []  # within the window: nothing to say


def test_validate__slash_above_the_minimum_stake__warns_in_text(tmp_path):
    path = _write(tmp_path, "render.yaml", reward_per_task=5 * TOKEN, budget=10**6 * TOKEN)
    spec = load_spec_file(path)
    slash = CommitteePolicy().slash_per_fault(spec.reward_per_task, spec.verification.spot_check_bps, spec.num_tasks)
    assert slash > PARAMS.min_worker_stake
    result = CliRunner().invoke(app, ["validate", str(path), "--now", str(spec.deadline - DAY)])
    assert result.exit_code == 0, result.output
    assert f"one caught fault slashes {slash / TOKEN:g} tokens" in result.output
    assert "minimum worker stake of 100" in result.output and "waits for its deadline" in result.output
