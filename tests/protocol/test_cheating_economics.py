"""The cheating-economics model: its exact formulas against a Monte Carlo of the same rules, and the verdict
that no modelled way of cheating pays under the default policy and stake (while some did under the old
fixed 10-token slash)."""

from __future__ import annotations

import importlib.util
import math
import random
from dataclasses import replace
from pathlib import Path

import pytest

from protocol.cheating_economics import (
    Situation,
    binomial_pmf,
    break_even_detection,
    career_profit,
    caught_distribution,
    expected_profit,
    p_caught_in_job,
    p_caught_within,
    runs_covered,
    slash_rule,
    unbonding_covers,
)
from protocol.config import FALLBACK_EXACT_TASKS, CommitteePolicy
from protocol.contracts import TOKEN, DeployParams

TRIALS = 40_000


def _economics_benchmark():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "verification_economics.py"
    spec = importlib.util.spec_from_file_location("verification_economics", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _simulate_job(sit: Situation, cheated: int, latency: int | None, rng: random.Random) -> tuple[int, float]:
    """One job by the system's rules, task by task: (caught tasks, profit against honest work).

    The worker's cheated tasks come first among the job's tasks (the order does not matter: draws are
    independent); with ``latency`` the first catch bars the worker after ``latency`` more cheated tasks."""
    total = sit.job_tasks or sit.tasks
    caught = delivered = 0
    any_drawn = False
    barred_at: int | None = None
    for index in range(total):
        drawn = rng.random() < sit.p
        any_drawn |= drawn
        if index >= cheated or (barred_at is not None and index > barred_at):
            continue
        delivered += 1
        if drawn and rng.random() < sit.d:
            caught += 1
            if latency is not None and barred_at is None:
                barred_at = index + latency
    if not any_drawn and sit.fallback and sit.check_bps and total:
        if rng.randrange(total) < delivered and rng.random() < sit.d:
            caught += 1
    profit = delivered * sit.gain - caught * sit.reward - sit.slash_lands * min(caught * sit.slash, sit.stake)
    return caught, profit


def _close(exact: float, samples: list[float], what: str) -> None:
    mean = sum(samples) / len(samples)
    sd = math.sqrt(sum((x - mean) ** 2 for x in samples) / (len(samples) - 1))
    assert abs(mean - exact) <= 5 * sd / math.sqrt(len(samples)) + 1e-9, f"{what}: exact {exact}, simulated {mean}"


SITUATIONS = {
    "render, 40 of 50 tasks, stake binds": Situation(
        reward=1.0, tasks=40, job_tasks=50, check_bps=1_000, detection=0.9, slash=30.0, stake=100.0
    ),
    "train, small job, fallback matters": Situation(
        reward=2.0, tasks=3, job_tasks=5, check_bps=2_000, detection=0.5, slash=15.0, stake=1_000.0, cost_share=0.6
    ),
    "one-task job": Situation(reward=1.0, tasks=1, check_bps=1_000, detection=0.99, slash=30.0, stake=100.0),
}


@pytest.mark.parametrize("name", SITUATIONS)
def test_caught_distribution__exact__matches_monte_carlo(name):
    sit = SITUATIONS[name]
    rng = random.Random(17)
    cheated = sit.tasks
    pmf = caught_distribution(sit, cheated)
    assert math.isclose(sum(pmf), 1.0) and min(pmf) >= 0
    counts = [0] * (cheated + 1)
    for _ in range(TRIALS):
        counts[_simulate_job(sit, cheated, None, rng)[0]] += 1
    for x, px in enumerate(pmf):
        se = math.sqrt(max(px * (1 - px), 1e-12) / TRIALS)
        assert abs(counts[x] / TRIALS - px) <= 5 * se + 1e-4, f"P(X={x})"
    assert math.isclose(p_caught_in_job(sit, cheated), 1 - pmf[0])


@pytest.mark.parametrize("name", SITUATIONS)
@pytest.mark.parametrize("latency", [None, 0, 2])
def test_expected_profit__exact__matches_monte_carlo(name, latency):
    sit = SITUATIONS[name]
    rng = random.Random(4)
    cheated = sit.tasks
    samples = [_simulate_job(sit, cheated, latency, rng)[1] for _ in range(TRIALS)]
    _close(expected_profit(sit, cheated, latency), samples, f"{name}, latency {latency}")


def test_career_profit__exact__matches_monte_carlo():
    sit = Situation(reward=1.0, tasks=1, check_bps=1_000, detection=0.9, slash=30.0, stake=70.0)
    rng = random.Random(9)
    latency = 3
    samples = []
    for _ in range(TRIALS):
        delivered = caught = 0
        while not caught:  # tasks until the first catch
            delivered += 1
            caught = rng.random() < sit.q
        for _ in range(latency):
            delivered += 1
            caught += rng.random() < sit.q
        samples.append(delivered * sit.gain - caught * sit.reward - min(caught * sit.slash, sit.stake))
    _close(career_profit(sit, latency), samples, "career")


def test_expected_profit__stake_covers_every_slash__is_k_times_g_minus_q_r_plus_s():
    sit = Situation(
        reward=1.0, tasks=20, check_bps=1_000, detection=0.9, slash=30.0, stake=10**9, fallback=False, cost_share=0.7
    )
    assert math.isclose(expected_profit(sit, 20), 20 * (sit.gain - sit.q * (sit.reward + sit.slash)))
    assert math.isclose(expected_profit(sit, 7), 7 * (sit.gain - sit.q * (sit.reward + sit.slash)))


def test_p_caught_within__n_jobs__geometric():
    assert math.isclose(p_caught_within(0.1, 10), 1 - 0.9**10)
    assert p_caught_within(0.1, 0) == 0


def test_binomial_pmf__sums_to_one():
    assert math.isclose(sum(binomial_pmf(30, 0.099)), 1.0)


def test_slash_rule__matches_committee_policy():
    policy = CommitteePolicy()
    cases = [(TOKEN, 1_000, None), (TOKEN // 1_000, 1_000, 50), (1_000 * TOKEN, 2_000, 4), (7 * TOKEN, 0, 3)]
    cases += [(3, 1, None), (TOKEN, 1, 6), (TOKEN, 5_000, 1), (TOKEN, 1_000, 5_000)]
    for reward, bps, tasks in cases:
        exact = policy.slash_per_fault(reward, bps, tasks)
        model = slash_rule(reward, bps, policy.slash_amount, policy.slash_reward_multiple, tasks)
        assert abs(exact - model) <= 1 + 1e-9 * model, (reward, bps, tasks)


def test_slash_per_fault__defaults__thirty_rewards_at_a_tenth_checked_and_the_floor_below():
    policy = CommitteePolicy()
    assert policy.slash_per_fault(TOKEN, 1_000) == 30 * TOKEN
    assert policy.slash_per_fault(TOKEN, 2_000) == 15 * TOKEN
    assert policy.slash_per_fault(TOKEN, 0) == policy.slash_amount  # every replica compared: 3 × reward < floor
    assert policy.slash_per_fault(TOKEN // 1_000, 1_000) == policy.slash_amount
    assert policy.slash_per_fault(1_000 * TOKEN, 1_000) == 30_000 * TOKEN
    # a big job: the fallback check adds nothing worth counting; past FALLBACK_EXACT_TASKS it is not counted
    assert 29.99 * TOKEN < policy.slash_per_fault(TOKEN, 1_000, 1_000) <= 30 * TOKEN
    assert policy.slash_per_fault(TOKEN, 1, FALLBACK_EXACT_TASKS + 1) == 30_000 * TOKEN
    # a 6-task job checking 1 bps: the fallback checks each task with chance about 1/6 -> about 18 rewards
    assert 17.99 * TOKEN < policy.slash_per_fault(TOKEN, 1, 6) <= 18 * TOKEN
    assert policy.slash_per_fault(10 * TOKEN, 5_000, 1) == 30 * TOKEN  # one task: always checked
    with pytest.raises(ValueError):
        policy.slash_per_fault(TOKEN, 10_001)
    with pytest.raises(ValueError):
        policy.slash_per_fault(TOKEN, 1_000, 0)


def test_unbonding__default_period__covers_a_settlement_within_three_days_and_its_dispute():
    params = DeployParams()
    window = params.unbonding_period - params.dispute_window - params.resolve_timeout
    assert window == 3 * 86_400
    assert unbonding_covers(params.unbonding_period, window, params.dispute_window, params.resolve_timeout)
    assert not unbonding_covers(params.unbonding_period, window + 1, params.dispute_window, params.resolve_timeout)


def test_strategies__default_policy_and_stake__every_one_loses_above_break_even_detection():
    section = _economics_benchmark().run({"render": 0.97, "train": 0.95})
    tables = section["tables"]
    rows = [r for per_rate in tables.values() for table in per_rate.values() for r in table]
    assert len(rows) == 3 * 3 * 9 + 2 * 9  # 3 methods x 3 rates x 9 strategies, and a measured rate for two
    assert set(tables["render"]) == {"0.99", "0.97", "0.9", "0.5"}
    # at the measured rates, 0.99 and 0.9, every strategy loses for every method
    for method, per_rate in tables.items():
        for rate, table in per_rate.items():
            if float(rate) >= 0.9:
                paying = [r["strategy"] for r in table if r["expected_profit_vs_honest_tokens"] >= 0]
                assert not paying, (method, rate, paying)
    # a hash job's extra replica votes at once (detection d): it loses even at 0.5; a render or train fault is
    # slashed only once a second checker confirms it (d squared), so at 0.5 per check cheating there can pay,
    # and the report says so rather than hiding it
    assert all(section["all_strategies_lose_by_detection"]["hash"].values())
    assert not section["all_strategies_lose"]
    # margin: every strategy breaks even below 0.7 per check, far under the measured 0.97 / 0.99
    assert all(r["break_even_detection"] < 0.7 for r in rows)
    assert max(section["break_even_detection_max"].values()) < 0.7


def test_large_reward__old_fixed_slash_pays__default_rule_loses():
    params = DeployParams()
    stake = params.min_worker_stake / TOKEN
    sit = Situation(reward=10.0, tasks=100, job_tasks=1_000, check_bps=1_000, detection=0.99, slash=10.0, stake=stake)
    assert expected_profit(sit, 100) > 500  # old: 10 tokens per fault, the stake caps it, nothing stops the worker
    policy = CommitteePolicy()
    slash = policy.slash_per_fault(10 * TOKEN, 1_000) / TOKEN
    assert slash == 300
    # the stake cover: a minimum stake cannot hold one run of this job; a worker staking one slash can
    assert runs_covered(stake, slash) == 0
    covered = replace(sit, slash=slash, stake=slash)
    assert expected_profit(covered, 100, latency=0) < 0
    assert career_profit(covered, 0) < 0
    section = _economics_benchmark().run()
    assert section["old_rule_some_strategy_pays"]


def test_break_even_detection__default_rule__one_over_m_plus_p():
    sit = Situation(reward=1.0, tasks=1, check_bps=1_000, detection=0.99, slash=30.0, stake=1e9, fallback=False)
    found = break_even_detection(lambda s: expected_profit(s, 1), sit)
    assert math.isclose(found, 1 / 3.1, rel_tol=1e-6)
