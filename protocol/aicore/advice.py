"""Job parameters for a budget and a deadline (issue 21): reward per task, split, replication.

* **Reward per task** = the network's going rate (tokens per second of a median worker) x the task's median
  duration on a median worker. The going rate (``going_rate``) is read from the index: per kind, the median over
  its settled jobs of the reward per task they paid over their measured seconds per task on a median worker
  (``SettledJob``: plain numbers the caller reads from the indexer); with fewer than ``MIN_RATE_JOBS`` such jobs
  of the kind it is ``COLD_TOKENS_PER_SECOND``, an assumption, and the note says so. Capped so that the slash per fault it implies
  (``result_manifest.job_slash``: it grows with the reward) is covered by the median stake of the eligible
  workers: a job whose slash no stake covers is leased to nobody (``oracles/dispatcher.py``'s stake cover);
  and cut to what the budget pays for every run (then the note says it is below the going rate).
* **Split** (render): frames per task x tiles, among ``RENDER_SPLITS``, the one with the shortest estimated
  wall time whose tasks last at least ``MIN_TASK_S`` on a median worker (shorter tasks spend their time in
  leases, uploads and spot checks) and at most ``MAX_TASK_S`` (a lost lease costs less). Other kinds keep
  their split.
* **Replication**: what the kind's verification needs (render and train are checked by re-running crops and
  segments: 1; hash-checked compute: 2 when the budget and the deadline allow it, else 1 with spot checks;
  label: at least 2, 3 when affordable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from protocol.aicore.estimate import DurationModel, Estimate, shape_of
from protocol.config import CommitteePolicy
from protocol.contracts import TOKEN
from protocol.jobspec.models import RenderSplit
from protocol.result_manifest import job_slash

COLD_TOKENS_PER_SECOND = 0.01  # assumed going rate: 0.01 token per second of a median worker (36 per hour)
MIN_RATE_JOBS = 3  # settled jobs of a kind before its going rate is read from them
MIN_TASK_S = 20.0
MAX_TASK_S = 1_800.0
RENDER_SPLITS = [(f, tx, ty) for f in (1, 2, 4, 8) for tx, ty in ((1, 1), (2, 1), (2, 2), (4, 4))]


@dataclass(frozen=True)
class SettledJob:
    """One settled job of the index, as the going rate needs it."""

    kind: str
    reward_per_task: int  # base units, what each accepted run was paid
    task_seconds: float  # its measured seconds per task on a median worker


@dataclass(frozen=True)
class GoingRate:
    tokens_per_second: float  # per second of a median worker
    jobs: int  # settled jobs it is the median of (0: assumed)
    note: str


def going_rate(kind: str, settled: Sequence[SettledJob]) -> GoingRate:
    """``kind``'s going rate: the median of ``reward_per_task / task_seconds`` (in tokens) over its settled jobs,
    or the assumed ``COLD_TOKENS_PER_SECOND`` when fewer than ``MIN_RATE_JOBS`` have both (and the note says so)."""
    rates = sorted(
        job.reward_per_task / TOKEN / job.task_seconds
        for job in settled
        if job.kind == kind and job.reward_per_task > 0 and 0 < job.task_seconds < float("inf")
    )
    if len(rates) < MIN_RATE_JOBS:
        return GoingRate(
            COLD_TOKENS_PER_SECOND,
            0,
            f"assumed going rate {COLD_TOKENS_PER_SECOND:g} tokens per median-worker second: the index has "
            f"{len(rates)} settled {kind} job(s), fewer than {MIN_RATE_JOBS}, so not measured",
        )
    middle = len(rates) // 2
    rate = rates[middle] if len(rates) % 2 else (rates[middle - 1] + rates[middle]) / 2
    return GoingRate(
        rate,
        len(rates),
        f"the index's going rate {rate:.4g} tokens per median-worker second (median reward per task over measured "
        f"task seconds of {len(rates)} settled {kind} jobs)",
    )


@dataclass(frozen=True)
class Advice:
    reward_per_task: int
    reward_note: str
    split: dict[str, int] | None
    split_note: str
    replication: int
    replication_note: str
    estimate: Estimate  # of the spec with the advice applied

    def lines(self) -> list[str]:
        lines = [f"reward     {self.reward_per_task / TOKEN:.4g} tokens per task ({self.reward_note})"]
        if self.split is not None:
            lines.append(f"split      {self.split} ({self.split_note})")
        lines.append(f"replicas   {self.replication} ({self.replication_note})")
        return lines


def advise(
    spec: Any,
    model: DurationModel,
    speeds: Sequence[float],
    budget: int | None = None,
    deadline_s: float | None = None,
    tokens_per_second: float | None = None,
    stakes: Sequence[int] = (),
    policy: CommitteePolicy | None = None,
    settled: Sequence[SettledJob] = (),
) -> Advice:
    """Reward, split and replication for ``spec`` on workers of ``speeds`` within ``budget`` (base units) and
    ``deadline_s`` (None: the spec's own budget; no deadline). The reward follows ``tokens_per_second`` when given,
    else the going rate of ``settled`` (the index's settled jobs; ``going_rate``)."""
    policy = policy or CommitteePolicy()
    budget = spec.budget if budget is None else budget
    split, split_note = _split(spec, model, speeds)
    if split is not None:
        spec = spec.model_copy(update={"split": RenderSplit(**split)})
    rate = going_rate(spec.kind, settled) if tokens_per_second is None else None
    reward, reward_note = _reward(spec, model, rate, tokens_per_second, stakes, policy)
    runs = shape_of(spec).runs
    if reward * runs > budget:
        reward = max(int(budget / runs) // 10**12 * 10**12, 1)
        reward_note += "; cut to what the budget pays for every run and expected check: below the going rate"
    spec = spec.model_copy(update={"reward_per_task": reward})
    replication, replication_note = _replication(spec, model, speeds, budget, deadline_s)
    spec = spec.model_copy(update={"replication": replication})
    estimate = model.estimate(shape_of(spec), speeds)
    if estimate.cost > budget:
        replication_note += f"; the expected cost {estimate.cost / TOKEN:.4g} tokens exceeds the budget"
    if deadline_s is not None and estimate.wall_s[1] > deadline_s:
        replication_note += "; the median wall time misses the deadline: more workers or a later deadline"
    return Advice(reward, reward_note, split, split_note, replication, replication_note, estimate)


def _reward(
    spec: Any,
    model: DurationModel,
    going: GoingRate | None,
    tokens_per_second: float | None,
    stakes: Sequence[int],
    policy: CommitteePolicy,
) -> tuple[int, str]:
    seconds = float(model.task_seconds(shape_of(spec), [1.0])[1, 0])
    if going is not None:
        rate, basis = going.tokens_per_second, going.note
    else:
        rate = COLD_TOKENS_PER_SECOND if tokens_per_second is None else tokens_per_second
        basis = f"the given going rate {rate:g} tokens per median-worker second"
    reward = max(int(rate * seconds * TOKEN) // 10**15 * 10**15, 10**15)
    note = f"{basis}, x {seconds:.1f} s per task"
    if stakes:
        cover = sorted(stakes)[len(stakes) // 2]
        if job_slash(policy, spec.model_copy(update={"reward_per_task": reward})) > cover:
            low, high = 10**15, reward
            while high - low > 10**15:  # the slash grows with the reward: the largest reward the median stake covers
                mid = (low + high) // 2
                low, high = (
                    (mid, high)
                    if job_slash(policy, spec.model_copy(update={"reward_per_task": mid})) <= cover
                    else (low, mid)
                )
            reward = low // 10**15 * 10**15
            if job_slash(policy, spec.model_copy(update={"reward_per_task": reward})) > cover:
                note += f"; no reward makes its slash per fault fit the median stake ({cover / TOKEN:.4g} tokens)"
            else:
                note += f"; capped so the median stake ({cover / TOKEN:.4g} tokens) covers its slash per fault"
        covered = sum(1 for s in stakes if s >= job_slash(policy, spec.model_copy(update={"reward_per_task": reward})))
        note += f"; {covered} of {len(stakes)} workers' stakes cover its slash"
    return reward, note


def _split(spec: Any, model: DurationModel, speeds: Sequence[float]) -> tuple[dict[str, int] | None, str]:
    if spec.kind != "render":
        return None, "kept"
    best: tuple[float, int, dict[str, int]] | None = None
    for frames, tx, ty in RENDER_SPLITS:
        if frames > len(spec.frames) or spec.resolution_x < 16 * tx or spec.resolution_y < 16 * ty:
            continue
        split = {"frames_per_task": frames, "tiles_x": tx, "tiles_y": ty}
        shape = shape_of(spec.model_copy(update={"split": RenderSplit(**split)}))
        task_s = float(model.task_seconds(shape, [1.0])[1, 0])
        if not MIN_TASK_S <= task_s <= MAX_TASK_S:
            continue
        wall = model.estimate(shape, speeds).wall_s[1]
        if best is None or (wall, shape.tasks) < (best[0], best[1]):
            best = (wall, shape.tasks, split)
    if best is None:
        return None, f"kept: no split gives tasks of {MIN_TASK_S:.0f} s to {MAX_TASK_S:.0f} s on a median worker"
    return best[2], f"the shortest estimated wall time with tasks of {MIN_TASK_S:.0f}-{MAX_TASK_S:.0f} s"


def _replication(
    spec: Any, model: DurationModel, speeds: Sequence[float], budget: int, deadline_s: float | None
) -> tuple[int, str]:
    def fits(r: int) -> bool:
        estimate = model.estimate(shape_of(spec.model_copy(update={"replication": r})), speeds)
        return estimate.cost <= budget and (deadline_s is None or estimate.wall_s[2] <= deadline_s)

    if spec.kind in ("render", "train"):
        return 1, "checked by re-running crops and segments; more replicas add cost, not safety"
    if spec.kind == "label":
        return (3, "three labels per item fit the budget and deadline") if fits(3) else (2, "the least for agreement")
    if fits(2):
        return 2, "two replicas' votes catch a wrong result at once, and fit the budget and deadline"
    return 1, "one replica with spot checks: two do not fit the budget or the deadline"
