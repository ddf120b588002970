"""protocol/aicore/advice.py's going rate (issue 21): the reward advice read from the index's settled jobs, by kind,
and the assumed rate, said as such, when the index has too few."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocol.aicore.advice import COLD_TOKENS_PER_SECOND, MIN_RATE_JOBS, SettledJob, advise, going_rate
from protocol.aicore.estimate import DurationModel, shape_of
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_going_rate__settled_jobs_of_the_kind__median_reward_over_task_seconds():
    settled = [
        SettledJob("render", 2 * TOKEN, 100.0),  # 0.02 token per second
        SettledJob("render", 3 * TOKEN, 100.0),  # 0.03
        SettledJob("render", 8 * TOKEN, 100.0),  # 0.08: an outlier the median ignores
        SettledJob("train", 100 * TOKEN, 1.0),  # another kind: not counted
        SettledJob("render", 0, 100.0),  # nothing paid, or nothing measured: not counted
        SettledJob("render", TOKEN, 0.0),
    ]
    rate = going_rate("render", settled)
    assert rate.tokens_per_second == pytest.approx(0.03)
    assert rate.jobs == 3 and "the index's going rate" in rate.note and "3 settled render jobs" in rate.note


def test_going_rate__fewer_settled_jobs_than_the_minimum__assumed_rate_and_says_so():
    settled = [SettledJob("render", 2 * TOKEN, 100.0)] * (MIN_RATE_JOBS - 1) + [SettledJob("train", TOKEN, 9.0)] * 5
    rate = going_rate("render", settled)
    assert rate.tokens_per_second == COLD_TOKENS_PER_SECOND and rate.jobs == 0
    assert "assumed going rate" in rate.note and "not measured" in rate.note


def test_advise__index_history__reward_is_the_going_rate_times_the_task_seconds():
    spec = load_spec_file(EXAMPLES / "train.yaml")
    model = DurationModel()
    task_s = float(model.task_seconds(shape_of(spec), [1.0])[1, 0])
    settled = [SettledJob("train", int(0.05 * 60 * TOKEN), 60.0)] * 4  # 0.05 token per median-worker second
    advice = advise(spec, model, [1.0] * 5, budget=10**9 * TOKEN, settled=settled)
    assert advice.reward_per_task == pytest.approx(0.05 * task_s * TOKEN, rel=0.01)
    assert "the index's going rate 0.05" in advice.reward_note
    cold = advise(spec, model, [1.0] * 5, budget=10**9 * TOKEN)
    assert cold.reward_per_task == pytest.approx(COLD_TOKENS_PER_SECOND * task_s * TOKEN, rel=0.01)
    assert "assumed going rate" in cold.reward_note
