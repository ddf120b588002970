"""The cheating-economics section of ``benchmarks/results/verification.json``: does any way of cheating pay?

    .venv/bin/python benchmarks/verification_economics.py      (prints the section as JSON; instant)

``benchmarks/verification.py`` calls ``run(detection)`` with the detection rates it measured per verification
method (``{"render": 0.995, "train": 0.99}``); every method is also evaluated at 0.99 (the target), 0.9 and 0.5
(pessimistic), to show the margin. The numbers are exact formulas, not a simulation
(``protocol.cheating_economics``; its tests check them against a Monte Carlo).

The setting, per method (render, train, hash with one replica), with the default policies and stake: a job of
``JOB_TASKS`` tasks paying 1 token each, of which the cheater runs ``WORKER_TASKS``; the cheater's stake is the
registry's minimum (``DeployParams.min_worker_stake``) unless a strategy says otherwise; the slash per caught
fault is the committee's rule (``CommitteePolicy.slash_per_fault``). Worst case for the defence: the honest
compute costs the whole reward and a cheat saves all of it (``g = R``), so no cheat can gain more.

Strategies (each row: P(caught) in one job, within 10 and 100 jobs, the expected profit per job against
honest work, the detection rate at which it would break even, and the verdict):

- ``every_task``, ``fraction_10pct``, ``one_task_per_job``: cheat on all, a tenth, or one of the worker's
  tasks in each job;
- ``single_task_jobs``: only jobs of one task (checked by the fallback when not drawn);
- ``career_until_caught``: cheat on every task of every job until caught; the dispatcher then bars the
  worker until the settlement slashed it, after up to ``⌊B/S⌋ − 1`` more runs delivered while the catch was
  judged (what the stake cover allows);
- ``cheat_and_leave``: cheat, then unbond everything at once; the slash still lands when the settlement
  (and a dispute's resolve) comes within the unbonding period;
- ``sybil_min_stake``: ten identities with the minimum stake each, every one on its own career;
- ``huge_reward``: a job paying 1,000 tokens per task; the stake cover makes the cheater stake one slash
  (``S``) to lease a single run;
- ``colluding_checker``: a quarter of the checks of its tasks land on the cheater's own identities, which
  pass them.

``old_rule`` shows the same for the slash before issue 17 (a fixed 10 tokens, no stake cover, no bar after a
catch), where cheating on large rewards paid.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from protocol.cheating_economics import (  # noqa: E402
    Situation,
    break_even_detection,
    career_profit,
    expected_profit,
    p_caught_in_job,
    p_caught_within,
    runs_covered,
    slash_rule,
    unbonding_covers,
)
from protocol.config import CommitteePolicy  # noqa: E402
from protocol.contracts import TOKEN, DeployParams  # noqa: E402
from protocol.jobspec.policies import HashPolicy, RenderPolicy, TrainPolicy  # noqa: E402

DETECTION_RATES = (0.99, 0.9, 0.5)
JOB_TASKS = 1_000
WORKER_TASKS = 100
REWARD = 1.0  # tokens per task
HUGE_REWARD = 1_000.0
SYBILS = 10
COLLUDING_SHARE = 0.25
OLD_SLASH = 10.0  # tokens per caught fault before issue 17
METHODS = {
    "render": RenderPolicy().spot_check_bps,
    "train": TrainPolicy().spot_check_bps,
    "hash": HashPolicy().spot_check_bps,  # one replica: the spot check's extra replica is the only check
}


def _tokens(x: float) -> float:
    return round(x, 4) if math.isfinite(x) else x


def _row(name: str, what: str, sit: Situation, cheated: int, *, latency: int | None, career: bool = False,
         identities: int = 1) -> dict[str, Any]:  # fmt: skip
    """One strategy: per-job catch chances and E[profit] per job (per career when ``career``). ``latency``:
    the runs delivered after the first catch before the bar (None: no bar, the old system)."""

    def profit(s: Situation) -> float:
        if career:
            return identities * career_profit(s, latency or 0)
        return identities * expected_profit(s, cheated, latency)

    p_job = p_caught_in_job(sit, cheated)
    value = profit(sit)
    return {
        "strategy": name,
        "what": what,
        "tasks_cheated_per_job": cheated,
        "slash_per_fault_tokens": _tokens(sit.slash),
        "stake_tokens": _tokens(sit.stake),
        "p_caught_one_job": round(p_job, 6),
        "p_caught_within_10_jobs": round(p_caught_within(p_job, 10), 6),
        "p_caught_within_100_jobs": round(p_caught_within(p_job, 100), 6),
        "expected_profit_vs_honest_tokens": _tokens(value),
        "per": "career (until barred)" if career else "job",
        "identities": identities,
        "break_even_detection": round(break_even_detection(profit, sit), 4),
        "verdict": "loses" if value < 0 else "pays",
    }


def _strategies(check_bps: int, detection: float, policy: CommitteePolicy, params: DeployParams) -> list[dict]:
    stake = params.min_worker_stake / TOKEN
    floor = policy.slash_amount / TOKEN
    slash = slash_rule(REWARD, check_bps, floor, policy.slash_reward_multiple, JOB_TASKS)
    base = Situation(
        reward=REWARD, tasks=WORKER_TASKS, job_tasks=JOB_TASKS, check_bps=check_bps, detection=detection,
        slash=slash, stake=stake,
    )  # fmt: skip
    latency = max(int(runs_covered(stake, slash)) - 1, 0)
    window = params.unbonding_period - params.dispute_window - params.resolve_timeout
    leave = replace(
        base, slash_lands=1.0 if unbonding_covers(params.unbonding_period, window, params.dispute_window,
                                                  params.resolve_timeout) else 0.0
    )  # fmt: skip
    huge_slash = slash_rule(HUGE_REWARD, check_bps, floor, policy.slash_reward_multiple, JOB_TASKS)
    huge = replace(base, reward=HUGE_REWARD, slash=huge_slash, stake=huge_slash, tasks=1, job_tasks=JOB_TASKS)
    colluding = replace(base, own_checkers=COLLUDING_SHARE)
    single = replace(
        base, tasks=1, job_tasks=1, slash=slash_rule(REWARD, check_bps, floor, policy.slash_reward_multiple, 1)
    )
    return [
        _row("every_task", "cheat on all of its tasks in each job", base, WORKER_TASKS, latency=latency),
        _row("fraction_10pct", "cheat on a tenth of its tasks", base, WORKER_TASKS // 10, latency=latency),
        _row("one_task_per_job", "cheat on one task per job", base, 1, latency=latency),
        _row("single_task_jobs", "take only one-task jobs and cheat (fallback check)", single, 1, latency=latency),
        _row(
            "career_until_caught",
            f"cheat on every task of every job until the first catch bars it, {latency} more runs meanwhile",
            base,
            WORKER_TASKS,
            latency=latency,
            career=True,
        ),
        _row(
            "cheat_and_leave",
            f"cheat on every task, then unbond at once; the job settles within {window / 86_400:g} days "
            "(unbonding period - dispute window - resolve timeout), so the slash lands on the unbonding stake",
            leave,
            WORKER_TASKS,
            latency=latency,
        ),
        _row(
            "sybil_min_stake",
            f"{SYBILS} identities with the minimum stake, each cheating until caught",
            base,
            WORKER_TASKS,
            latency=latency,
            career=True,
            identities=SYBILS,
        ),
        _row(
            "huge_reward",
            f"a job paying {HUGE_REWARD:g} tokens per task: the stake cover asks one slash of stake per run",
            huge,
            1,
            latency=0,
        ),
        _row(
            "colluding_checker",
            f"{COLLUDING_SHARE:.0%} of its checks land on its own identities, which pass them",
            colluding,
            WORKER_TASKS,
            latency=latency,
        ),
    ]


def _old_rule(check_bps: int, detection: float, params: DeployParams) -> list[dict]:
    """Before issue 17: 10 tokens per fault, no stake cover, no bar after a catch."""
    stake = params.min_worker_stake / TOKEN
    base = Situation(
        reward=REWARD, tasks=WORKER_TASKS, job_tasks=JOB_TASKS, check_bps=check_bps, detection=detection,
        slash=OLD_SLASH, stake=stake,
    )  # fmt: skip
    return [
        _row("every_task", "cheat on all of its tasks in a 1-token job", base, WORKER_TASKS, latency=None),
        _row(
            "large_reward",
            "cheat on every task of a job paying 10 tokens each",
            replace(base, reward=10 * REWARD),
            WORKER_TASKS,
            latency=None,
        ),  # fmt: skip
        _row(
            "huge_reward",
            f"cheat on one task of a job paying {HUGE_REWARD:g} tokens, minimum stake",
            replace(base, reward=HUGE_REWARD, tasks=1),
            1,
            latency=None,
        ),  # fmt: skip
    ]


def _leave_late(check_bps: int, detection: float, policy: CommitteePolicy, params: DeployParams) -> dict:
    """Cheat and leave on a job settled after the unbonding period: the slash finds no stake."""
    stake = params.min_worker_stake / TOKEN
    slash = slash_rule(REWARD, check_bps, policy.slash_amount / TOKEN, policy.slash_reward_multiple, JOB_TASKS)
    sit = Situation(
        reward=REWARD, tasks=WORKER_TASKS, job_tasks=JOB_TASKS, check_bps=check_bps, detection=detection,
        slash=slash, stake=stake, slash_lands=0.0,
    )  # fmt: skip
    latency = max(int(runs_covered(stake, slash)) - 1, 0)
    return _row(
        "cheat_and_leave_late_settlement",
        "cheat on every task, unbond at once, the job settles after the unbonding period ends",
        sit,
        WORKER_TASKS,
        latency=latency,
    )


def run(detection: dict[str, float] | None = None) -> dict:
    """The ``economics`` section: per method and detection rate, every strategy's odds and expected profit."""
    policy = CommitteePolicy()
    params = DeployParams()
    tables: dict[str, dict[str, list[dict]]] = {}
    for method, bps in METHODS.items():
        rates = sorted({*DETECTION_RATES, *([detection[method]] if detection and method in detection else [])})
        tables[method] = {f"{d:g}": _strategies(bps, d, policy, params) for d in sorted(rates, reverse=True)}
    rows = [r for per_rate in tables.values() for table in per_rate.values() for r in table]
    old = {method: _old_rule(bps, 0.99, params) for method, bps in METHODS.items()}
    window = params.unbonding_period - params.dispute_window - params.resolve_timeout
    return {
        "rule": {
            "formula": "S = max(slash_amount, ceil(slash_reward_multiple * reward_per_task / c)), c = p + (1 - p)^M / M "
            "the chance a given task of the job's M is checked (p = spot_check_bps / 10000; the second term is the "
            "fallback check of a job none of whose tasks was drawn)",
            "inequality": "a cheat loses when q * (R + S) > g, q = p * d; with S >= m * R / p: q * (R + S) >= "
            "d * (m + p) * R > R >= g for every d > 1 / (m + p)",
            "slash_amount_tokens": policy.slash_amount / TOKEN,
            "slash_reward_multiple": policy.slash_reward_multiple,
            "min_worker_stake_tokens": params.min_worker_stake / TOKEN,
            "spot_check_bps": METHODS,
            "slash_per_fault_tokens_at_1_token_reward": {
                m: policy.slash_per_fault(TOKEN, bps, JOB_TASKS) / TOKEN for m, bps in METHODS.items()
            },
            "stake_cover": "a worker leases a run only while S x (runs held + runs awaiting a check's verdict + 1) "
            "<= its stake; a worker caught in a job not yet settled leases nothing until that settlement",
            "lowest_detection_that_deters": round(
                1 / (policy.slash_reward_multiple + min(METHODS.values()) / 10_000), 4
            ),
        },
        "assumptions": {
            "reward_tokens": REWARD,
            "job_tasks": JOB_TASKS,
            "worker_tasks_per_job": WORKER_TASKS,
            "cheat_gain": "the whole reward per cheated task (honest cost = reward, cheat costs nothing): the worst "
            "case; any smaller gain loses more",
            "caught_task": "not paid (re-run by another worker), slashed S; the registry takes at most the stake",
            "measured_detection": detection or {},
        },
        "tables": tables,
        "old_rule_detection_0.99": old,
        "unbonding": {
            "unbonding_period_days": params.unbonding_period / 86_400,
            "dispute_window_days": params.dispute_window / 86_400,
            "resolve_timeout_days": params.resolve_timeout / 86_400,
            "settle_within_days_for_the_slash_to_land": window / 86_400,
            "note": "unbonding stake stays slashable; a job settled more than this long after a cheat lets a "
            "worker that unbonds at once withdraw first (residual: see residual_risks)",
        },
        "all_strategies_lose": all(r["verdict"] == "loses" for r in rows),
        "old_rule_some_strategy_pays": any(r["verdict"] == "pays" for rows_ in old.values() for r in rows_),
        "residual_late_settlement_detection_0.99": {
            method: _leave_late(bps, 0.99, policy, params) for method, bps in METHODS.items()
        },
        "residual_risks": [
            "cheat and leave on a job still unsettled "
            f"{window / 86_400:g} days after the cheat: the stake is withdrawn before the slash; the cheater still "
            "loses the caught tasks' rewards and is barred after the first catch, but it pays when the gain "
            "exceeds q * R per task (residual_late_settlement_detection_0.99)",
            "colluding checkers: a check run by the cheater's own identity passes; deterrence holds while the "
            f"colluding share of checks stays below 1 - 1 / (d * (m + p)) ({1 - 1 / (0.99 * 3.1):.0%} at d = 0.99, "
            "render)",
            "hash jobs with replication >= 2 whose replicas are all the cheater's identities agree on a wrong "
            "digest; only the spot check's extra replica can catch them",
        ],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
