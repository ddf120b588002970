"""Whether cheating pays: the chance a cheating worker is caught and its expected profit against honest work.

Pure arithmetic, no I/O; ``benchmarks/verification_economics.py`` prints the table for the defaults and the
README states the rule ("Cheating is a losing bet"). Amounts are in any one unit (tokens, base units).

What the system does to a run (``protocol.jobspec.seeds``, ``oracles.advancer``, ``oracles.judging``,
``protocol.result_manifest``, ``oracles.dispatcher``):

- each task is spot-checked with chance ``p = check_bps / 10 000``, independently, drawn from a block mined
  after its result (so a worker cannot aim its cheating at unchecked tasks); a job none of whose ``M`` tasks
  is drawn gets one check anyway, on a task picked uniformly (the *fallback*);
- a checked cheat is detected with chance ``d`` (the verifier's per-check detection rate), so each cheated
  task is caught with chance ``q = p·d``;
- a caught task is not paid (another worker re-runs it) and slashes ``S`` of stake, the registry taking at
  most the worker's stake ``B`` in all (``WorkerRegistry.slash``); the default rule is
  ``S = max(slash_amount, ⌈m·R/c⌉)`` (``CommitteePolicy.slash_per_fault``, ``m = slash_reward_multiple``)
  with ``c = p + (1 − p)^M / M`` the chance a given task is checked (its draw or the fallback's pick);
- a worker may lease runs only while ``S`` times (runs held + runs awaiting a check's verdict + 1) fits its
  stake, and a worker caught in a job not yet settled leases nothing until the settlement has slashed it;
- a job's runs are leased for at most ``run_window`` after its first lease, then it winds down and settles
  (``protocol.jobspec.horizon``), so a worker that starts unbonding right after a lease is still slashable
  when the slash comes (``slash_lands_after_unbond``): cheating and then leaving does not escape it.

Profit against honest work, for a task paying ``R`` whose honest compute costs ``C = h·R`` and whose cheat
saves ``s·C`` (``g = s·h·R``, at most ``R``): an uncaught cheat gains ``g``; a caught one gains ``g`` but
loses the reward ``R`` and is slashed. With ``k`` tasks cheated and ``X`` of them caught::

    Δ = k·g − X·R − min(X·S, B)

Formulas (exact, no simulation; the tests check them against a Monte Carlo):

- caught tasks in a job, ``X``: binomial ``Bin(k, q)`` plus the fallback. With ``z = (1 − p)^M`` (no task
  of the job drawn; then no cheated task was caught by a draw) and ``φ = z·(k/M)·d`` (the fallback lands on
  a cheated task and detects it)::

      P(X = x) = C(k, x)·q^x·(1 − q)^(k − x)  −  φ·[x = 0]  +  φ·[x = 1]

  so ``P(caught in a job) = 1 − (1 − q)^k + φ``, and over ``n`` independent jobs ``1 − (1 − P_job)^n``;
- ``E[Δ] = k·g − E[X]·R − Σ_x P(X = x)·min(x·S, B)``;
- the same job when the first catch bars the worker (``L`` more cheated tasks delivered while that catch's
  check is judged): ``expected_profit(..., latency=L)``, summed over the first catch ``G``;
- a *career* (cheat on every task until the first catch bars the worker; ``L`` more tasks are delivered
  while that catch's check is being judged): the first catch comes after ``G ~ Geometric(q)`` tasks
  (mean ``1/q``) and ``Y ~ Bin(L, q)`` of the ``L`` are caught too::

      E[Δ] = (1/q + L)·g − (1 + L·q)·R − Σ_y P(Y = y)·min((1 + y)·S, B)

When the stake covers every slash (``B ≥ x·S`` for every ``x`` that can happen, what the dispatcher's stake
cover enforces), both reduce to ``k·(g − q·(R + S))`` resp. ``(1/q + L)·(g − q·(R + S))``: cheating loses
exactly when ``g < q·(R + S)``, whatever the fraction of tasks cheated. With ``S ≥ m·R/p`` the right side
is at least ``d·(m + p)·R``, above ``R ≥ g`` for every ``d > 1/(m + p)``: with ``m = 3``, any detection
rate above 1/3 makes every cheat a loss. (With the fallback the expected catches of a job are
``k·c·d``, and ``S ≥ m·R/c`` gives the same bound.)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

BPS = 10_000


@dataclass(frozen=True)
class Situation:
    """One worker's position in a job.

    ``reward``: R per task; ``tasks``: the tasks this worker runs in the job; ``job_tasks``: all the job's
    tasks (the fallback check picks among them; default ``tasks``); ``cost_share``: h, the honest compute
    cost over the reward; ``saving``: s, the share of that cost a cheat saves; ``check_bps``: the spot-check
    share; ``detection``: d per checked task; ``slash``: S per caught fault; ``stake``: B, the most all
    slashes can take; ``slash_lands``: the chance the slash is applied at all (1, unless the worker can
    withdraw its stake before the settlement, see ``unbonding_covers``); ``own_checkers``: the share of
    checks that land on the cheater's own identities, which pass them (collusion).
    """

    reward: float
    tasks: int
    check_bps: int
    detection: float
    slash: float
    stake: float
    cost_share: float = 1.0
    saving: float = 1.0
    job_tasks: int | None = None
    fallback: bool = True
    slash_lands: float = 1.0
    own_checkers: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.check_bps <= BPS or not 0 <= self.detection <= 1 or not 0 <= self.own_checkers <= 1:
            raise ValueError("check_bps within 0..10000, detection and own_checkers within 0..1")
        if self.tasks < 0:
            raise ValueError("tasks must be >= 0")
        if self.job_tasks is not None and self.job_tasks < self.tasks:
            raise ValueError("job_tasks must be at least tasks")

    @property
    def p(self) -> float:
        return self.check_bps / BPS

    @property
    def d(self) -> float:
        """The chance a check of a cheated task catches it: detected, by a checker not the cheater's own."""
        return self.detection * (1 - self.own_checkers)

    @property
    def q(self) -> float:
        """The chance one cheated task is caught: checked and detected."""
        return self.p * self.d

    @property
    def gain(self) -> float:
        """g: what one cheat saves against honest work (its reward stays the same if uncaught)."""
        return self.saving * self.cost_share * self.reward


def binomial_pmf(n: int, q: float) -> list[float]:
    """P(Bin(n, q) = x) for x = 0..n."""
    return [math.comb(n, x) * q**x * (1 - q) ** (n - x) for x in range(n + 1)]


def caught_distribution(sit: Situation, cheated: int) -> list[float]:
    """P(X = x), x = 0..cheated: how many of the ``cheated`` tasks are caught in the job (draws + fallback)."""
    if not 0 <= cheated <= sit.tasks:
        raise ValueError("cheated must be within 0..tasks")
    pmf = binomial_pmf(cheated, sit.q)
    if phi := fallback_catch(sit, cheated):
        pmf[0] -= phi
        pmf[1] += phi
    return pmf


def fallback_catch(sit: Situation, cheated: int) -> float:
    """φ = (1 − p)^M·(k/M)·d: no task of the job was drawn, and the one fallback check caught a cheated task."""
    total = sit.job_tasks or sit.tasks
    if not (sit.fallback and cheated and sit.check_bps):
        return 0.0
    return (1 - sit.p) ** total * cheated / total * sit.d


def p_caught_in_job(sit: Situation, cheated: int) -> float:
    """The chance at least one of the ``cheated`` tasks is caught: 1 − (1 − q)^k + φ."""
    return 1 - caught_distribution(sit, cheated)[0] if cheated else 0.0


def p_caught_within(p_job: float, jobs: int) -> float:
    """The chance of being caught at least once in ``jobs`` independent jobs: 1 − (1 − P_job)^n."""
    return 1 - (1 - p_job) ** jobs


def expected_slash(pmf: list[float], slash: float, stake: float, base: int = 0) -> float:
    """Σ_x P(x)·min((base + x)·S, B): the expected stake taken (the registry never takes more than B)."""
    return sum(px * min((base + x) * slash, stake) for x, px in enumerate(pmf))


def expected_profit(sit: Situation, cheated: int, latency: int | None = None) -> float:
    """E[Δ] of cheating on ``cheated`` of the worker's tasks in one job, against running them honestly.

    ``latency=None``: nothing stops the worker before the settlement (the system before issue 17):
    k·g − E[X]·R − Σ_x P(X = x)·min(x·S, B). ``latency=L``: the first catch bars the worker (the
    dispatcher), after ``L`` more cheated tasks delivered while it was judged; with ``G ~ Geometric(q)`` the
    first caught of the cheated tasks and ``Y ~ Bin(min(L, k − G), q)`` the catches among those ``L``::

        Σ_{G=1..k} q(1−q)^(G−1)·[(G + min(L, k−G))·g − (1 + E[Y])·R − Σ_y P(Y=y)·min((1+y)·S, B)]
            + (1 − q)^k·k·g − φ·(R + min(S, B))
    """
    if latency is None:
        pmf = caught_distribution(sit, cheated)
        mean_caught = sum(x * px for x, px in enumerate(pmf))
        slashed = expected_slash(pmf, sit.slash, sit.stake)
        return cheated * sit.gain - mean_caught * sit.reward - sit.slash_lands * slashed
    q, g = sit.q, sit.gain
    total = 0.0
    for first in range(1, cheated + 1):
        extra = min(latency, cheated - first)
        pmf = binomial_pmf(extra, q)
        slashed = expected_slash(pmf, sit.slash, sit.stake, base=1)
        outcome = (first + extra) * g - (1 + extra * q) * sit.reward - sit.slash_lands * slashed
        total += q * (1 - q) ** (first - 1) * outcome
    phi = fallback_catch(sit, cheated)
    return total + (1 - q) ** cheated * cheated * g - phi * (sit.reward + sit.slash_lands * min(sit.slash, sit.stake))


def career_profit(sit: Situation, latency: int) -> float:
    """E[Δ] of cheating on every task until the first catch bars the worker (``latency`` tasks delivered
    meanwhile): (1/q + L)·g − (1 + L·q)·R − Σ_y P(Y = y)·min((1 + y)·S, B). Infinite gain when q = 0."""
    if sit.q == 0:
        return math.inf if sit.gain > 0 else 0.0
    pmf = binomial_pmf(latency, sit.q)
    taken = expected_slash(pmf, sit.slash, sit.stake, base=1)
    return (1 / sit.q + latency) * sit.gain - (1 + latency * sit.q) * sit.reward - sit.slash_lands * taken


def break_even_slash(sit: Situation, cheated: int) -> float:
    """The slash per fault at which cheating on ``cheated`` tasks breaks even, the stake not binding:
    k·g / E[X] − R (infinite when nothing can be caught)."""
    pmf = caught_distribution(sit, cheated)
    mean_caught = sum(x * px for x, px in enumerate(pmf))
    if mean_caught <= 0:
        return math.inf
    return max(cheated * sit.gain / mean_caught - sit.reward, 0.0)


def break_even_detection(profit: Callable[[Situation], float], sit: Situation) -> float:
    """The per-check detection rate below which ``profit(sit)`` turns positive (bisection; E[Δ] falls as
    detection rises). 0 when cheating loses even undetected, 1 when it pays even at full detection."""
    if profit(replace(sit, detection=0.0)) <= 0:
        return 0.0
    if profit(replace(sit, detection=1.0)) > 0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        if profit(replace(sit, detection=mid)) > 0:
            low = mid
        else:
            high = mid
    return high


def check_share(check_bps: int, num_tasks: int | None = None) -> float:
    """c: the chance a given task is checked, ``p + (1 − p)^M / M`` (its own draw, or the fallback's uniform
    pick when no task of the ``M`` was drawn); ``p`` without ``num_tasks``; 1 for a share of 0 (hash replicas
    only, every task compared)."""
    if check_bps == 0:
        return 1.0
    p = check_bps / BPS
    return p if num_tasks is None else p + (1 - p) ** num_tasks / num_tasks


def slash_rule(
    reward: float, check_bps: int, slash_amount: float, multiple: float, num_tasks: int | None = None
) -> float:
    """The default slash per caught fault, as ``CommitteePolicy.slash_per_fault`` (real-valued here):
    max(slash_amount, multiple·R / c), c = ``check_share(check_bps, num_tasks)``."""
    return max(slash_amount, multiple * reward / check_share(check_bps, num_tasks))


def runs_covered(stake: float, slash: float) -> float:
    """Runs a worker may hold or await a verdict on at once: ⌊B / S⌋ (the dispatcher's stake cover)."""
    return math.inf if slash <= 0 else float(stake // slash)


def unbonding_covers(unbonding_s: float, settle_after_s: float, dispute_window_s: float, resolve_s: float) -> bool:
    """Whether stake a worker starts unbonding right after cheating is still slashable when the slash comes:
    a round-0 slash at settlement (``settle_after_s`` after the cheat) and a round-1 slash (after a dispute)
    up to ``dispute_window_s + resolve_s`` later. Unbonding stake stays slashable (WorkerRegistry)."""
    return settle_after_s + dispute_window_s + resolve_s <= unbonding_s


def slash_lands_after_unbond(
    run_window_s: float | None,
    deadline_s: float,
    unbonding_s: float,
    settle_grace_s: float,
    dispute_window_s: float,
    resolve_s: float,
) -> bool:
    """Whether a worker that unbonds its whole stake right after leasing a run (at the job's first lease, the
    worst case) is still slashable at the latest slash: a job settles by the end of its run window plus the
    settle grace (``run_window_s``; None: no run window, the job may settle at ``deadline_s + settle_grace_s``
    after the lease), and a dispute's resolve comes up to ``dispute_window_s + resolve_s`` later; the stake
    can be withdrawn ``unbonding_s`` after the unbond, and not before (WorkerRegistry)."""
    runs_for = deadline_s if run_window_s is None else min(run_window_s, deadline_s)
    return runs_for + settle_grace_s + dispute_window_s + resolve_s < unbonding_s
