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
- ``cheat_and_leave``: cheat, then unbond everything at once, on a job whose deadline is ``LONG_JOB_DAYS`` days
  away, so that it could settle after the unbonding period: the leader leases its runs only within the run
  window after its first lease (``protocol.jobspec.horizon``), then settles, so the slash (and a dispute's
  resolve) lands on the unbonding stake (without the window the cheat paid about +10 tokens a job:
  ``cheat_then_unbond_without_run_window_detection_0.99``);
- ``sybil_min_stake``: ten identities with the minimum stake each, every one on its own career;
- ``huge_reward``: a job paying 1,000 tokens per task; the stake cover makes the cheater stake one slash
  (``S``) to lease a single run;
- ``colluding_checker``: a quarter of the checks of its tasks land on the cheater's own identities, which
  pass them.

A caught cheat is slashed only when a second checker confirms the failed check (``oracles.verify.confirmation``:
the worker must fail against both checkers), so the tables are keyed by the per-check detection ``d`` and
evaluated at the confirmed detection ``d²`` (``confirmed_detection`` in each row). That is conservative: a cheat
the first check catches and the second misses is modelled as paid, although it is not (the task is run again by
someone else). ``break_even_detection`` is per check (the square root of the confirmed rate's break-even).

``old_rule`` shows the same for the slash before issue 17 (a fixed 10 tokens, no stake cover, no bar after a
catch), where cheating on large rewards paid.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import replace
from functools import partial
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
    slash_lands_after_unbond,
    slash_rule,
)
from protocol.config import CommitteePolicy  # noqa: E402
from protocol.contracts import TOKEN, DeployParams  # noqa: E402
from protocol.jobspec.horizon import run_window  # noqa: E402
from protocol.jobspec.policies import HashPolicy, RenderPolicy, TrainPolicy  # noqa: E402

DETECTION_RATES = (0.99, 0.9, 0.5)
JOB_TASKS = 1_000
WORKER_TASKS = 100
REWARD = 1.0  # tokens per task
HUGE_REWARD = 1_000.0
SYBILS = 10
COLLUDING_SHARE = 0.25
OLD_SLASH = 10.0  # tokens per caught fault before issue 17
LONG_JOB_DAYS = 30  # a job whose deadline is this far: without the run window it could settle after the unbonding
METHODS = {
    "render": RenderPolicy().spot_check_bps,
    "train": TrainPolicy().spot_check_bps,
    "hash": HashPolicy().spot_check_bps,  # one replica: the spot check's extra replica is the only check
}


def _tokens(x: float) -> float:
    return round(x, 4) if math.isfinite(x) else x


def _row(name: str, what: str, sit: Situation, cheated: int, *, latency: int | None, career: bool = False,
         identities: int = 1, old: bool = False, confirmed: bool = True) -> dict[str, Any]:  # fmt: skip
    """One strategy: per-job catch chances and E[profit] per job (per career when ``career``). ``latency``:
    the runs delivered after the first catch before the bar (None: no bar, the old system). ``sit.detection``
    is the confirmed detection (the per-check rate squared) unless ``old`` (one check decided)."""

    def profit(s: Situation) -> float:
        if career:
            return identities * career_profit(s, latency or 0)
        return identities * expected_profit(s, cheated, latency)

    p_job = p_caught_in_job(sit, cheated)
    value = profit(sit)
    break_even = break_even_detection(profit, sit)
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
        "confirmed_detection": round(sit.detection, 6) if confirmed and not old else None,
        "break_even_detection": round(break_even if old or not confirmed else break_even**0.5, 4),
        "verdict": "loses" if value < 0 else "pays",
    }


def _strategies(
    check_bps: int, detection: float, policy: CommitteePolicy, params: DeployParams, confirmed: bool = True
) -> list[dict]:
    """Every strategy at the per-check ``detection`` (evaluated at the confirmed rate, its square, when a failed
    check is ``confirmed`` by a second checker: render and train; a hash job's extra replica votes at once)."""
    detection = detection * detection if confirmed else detection
    row = partial(_row, confirmed=confirmed)
    stake = params.min_worker_stake / TOKEN
    floor = policy.slash_amount / TOKEN
    slash = slash_rule(REWARD, check_bps, floor, policy.slash_reward_multiple, JOB_TASKS)
    base = Situation(
        reward=REWARD, tasks=WORKER_TASKS, job_tasks=JOB_TASKS, check_bps=check_bps, detection=detection,
        slash=slash, stake=stake,
    )  # fmt: skip
    latency = max(int(runs_covered(stake, slash)) - 1, 0)
    leave = replace(base, slash_lands=1.0 if _long_job_slash_lands(params, run_window()) else 0.0)
    huge_slash = slash_rule(HUGE_REWARD, check_bps, floor, policy.slash_reward_multiple, JOB_TASKS)
    huge = replace(base, reward=HUGE_REWARD, slash=huge_slash, stake=huge_slash, tasks=1, job_tasks=JOB_TASKS)
    colluding = replace(base, own_checkers=COLLUDING_SHARE)
    single = replace(
        base, tasks=1, job_tasks=1, slash=slash_rule(REWARD, check_bps, floor, policy.slash_reward_multiple, 1)
    )
    return [
        row("every_task", "cheat on all of its tasks in each job", base, WORKER_TASKS, latency=latency),
        row("fraction_10pct", "cheat on a tenth of its tasks", base, WORKER_TASKS // 10, latency=latency),
        row("one_task_per_job", "cheat on one task per job", base, 1, latency=latency),
        row("single_task_jobs", "take only one-task jobs and cheat (fallback check)", single, 1, latency=latency),
        row(
            "career_until_caught",
            f"cheat on every task of every job until the first catch bars it, {latency} more runs meanwhile",
            base,
            WORKER_TASKS,
            latency=latency,
            career=True,
        ),
        row(
            "cheat_and_leave",
            f"cheat on every task of a job whose deadline is {LONG_JOB_DAYS} days away, then unbond at once; its runs "
            f"are leased only within {run_window() / 86_400:.2f} days of its first lease, so it settles, and a "
            "dispute is resolved, before the unbonding stake can be withdrawn",
            leave,
            WORKER_TASKS,
            latency=latency,
        ),
        row(
            "sybil_min_stake",
            f"{SYBILS} identities with the minimum stake, each cheating until caught",
            base,
            WORKER_TASKS,
            latency=latency,
            career=True,
            identities=SYBILS,
        ),
        row(
            "huge_reward",
            f"a job paying {HUGE_REWARD:g} tokens per task: the stake cover asks one slash of stake per run",
            huge,
            1,
            latency=0,
        ),
        row(
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
        _row("every_task", "cheat on all of its tasks in a 1-token job", base, WORKER_TASKS, latency=None, old=True),
        _row(
            "large_reward",
            "cheat on every task of a job paying 10 tokens each",
            replace(base, reward=10 * REWARD),
            WORKER_TASKS,
            latency=None,
            old=True,
        ),  # fmt: skip
        _row(
            "huge_reward",
            f"cheat on one task of a job paying {HUGE_REWARD:g} tokens, minimum stake",
            replace(base, reward=HUGE_REWARD, tasks=1),
            1,
            latency=None,
            old=True,
        ),  # fmt: skip
    ]


def _long_job_slash_lands(params: DeployParams, window: float | None) -> bool:
    """Whether the slash of a cheat on a ``LONG_JOB_DAYS``-day job lands on stake unbonded right after it."""
    return slash_lands_after_unbond(
        window,
        LONG_JOB_DAYS * 86_400,
        params.unbonding_period,
        params.settle_grace,
        params.dispute_window,
        params.resolve_timeout,
    )


def _leave_late(check_bps: int, detection: float, policy: CommitteePolicy, params: DeployParams) -> dict:
    """Cheat and unbond on a long job without the run window (before it): it settles after the unbonding
    period, and the slash finds no stake."""
    detection = detection * detection
    stake = params.min_worker_stake / TOKEN
    slash = slash_rule(REWARD, check_bps, policy.slash_amount / TOKEN, policy.slash_reward_multiple, JOB_TASKS)
    sit = Situation(
        reward=REWARD, tasks=WORKER_TASKS, job_tasks=JOB_TASKS, check_bps=check_bps, detection=detection,
        slash=slash, stake=stake, slash_lands=1.0 if _long_job_slash_lands(params, None) else 0.0,
    )  # fmt: skip
    latency = max(int(runs_covered(stake, slash)) - 1, 0)
    return _row(
        "cheat_then_unbond_without_run_window",
        f"cheat on every task of a {LONG_JOB_DAYS}-day job and unbond at once, the job settling after the unbonding "
        "period ends (what the run window now prevents)",
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
        tables[method] = {
            f"{d:g}": _strategies(bps, d, policy, params, confirmed=method != "hash")
            for d in sorted(rates, reverse=True)
        }
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
                (1 / (policy.slash_reward_multiple + min(METHODS.values()) / 10_000)) ** 0.5, 4
            ),
            "confirmation": "a caught cheat is slashed only when a second checker confirms the failed check, so a "
            "cheat is slashed with the confirmed detection d^2 per checked task (d per check); deterrence needs "
            "d^2 > 1 / (m + p), d above about 0.57 with m = 3, and up to break_even_detection_max for the worst strategy (the measured rates are in assumptions.measured_detection; a hash job's extra replica is not confirmed: d there)",
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
            "settle_grace_days": params.settle_grace / 86_400,
            "settle_within_days_for_the_slash_to_land": window / 86_400,
            "run_window_days": round(run_window() / 86_400, 4),
            "rule": "a job's runs are leased for at most run_window = unbonding - settle_grace - dispute_window - "
            "resolve_timeout - 1 h after its first lease (protocol.jobspec.horizon), then the leader winds it down "
            "and settles: every slash, a dispute's resolve included, lands before stake unbonded after a lease can "
            "be withdrawn",
            "slash_lands_on_a_long_job": _long_job_slash_lands(params, run_window()),
            "slash_landed_on_a_long_job_without_the_run_window": _long_job_slash_lands(params, None),
        },
        "all_strategies_lose": all(r["verdict"] == "loses" for r in rows),
        "break_even_detection_max": {
            method: max(r["break_even_detection"] for table in per_rate.values() for r in table)
            for method, per_rate in tables.items()
        },
        "all_strategies_lose_by_detection": {
            method: {rate: all(r["verdict"] == "loses" for r in table) for rate, table in per_rate.items()}
            for method, per_rate in tables.items()
        },
        "old_rule_some_strategy_pays": any(r["verdict"] == "pays" for rows_ in old.values() for r in rows_),
        "cheat_then_unbond_without_run_window_detection_0.99": {
            method: _leave_late(bps, 0.99, policy, params) for method, bps in METHODS.items()
        },
        "residual_risks": [
            "a settlement that comes later than the run window plus the settle grace (the leader and its failover "
            "both down for a day) can still miss stake unbonded right after a lease: the rule assumes the committee "
            "is live",
            "two colluding checkers that fake a check the same way get an honest worker slashed (a failed check "
            "is confirmed by a second checker; one lazy or malicious checker is faulted instead)",
            "colluding checkers: a check run by the cheater's own identity passes; deterrence holds while the "
            f"colluding share of checks stays below 1 - 1 / (d * (m + p)) ({1 - 1 / (0.99 * 3.1):.0%} at d = 0.99, "
            "render)",
            "hash jobs with replication >= 2 whose replicas are all the cheater's identities agree on a wrong "
            "digest; only the spot check's extra replica can catch them",
        ],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
