"""The slash a settlement plans per caught fault: the job's ``slash_per_fault`` (recorded in the manifest,
from its reward and check share), in round 0 and, for the faults a dispute adds, in round 1."""

from __future__ import annotations

import pytest
from eth_account import Account

from protocol.config import CommitteePolicy
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec
from protocol.result_manifest import (
    ResultManifest,
    TaskRecord,
    job_slash,
    manifest_slash,
    plan_from_manifest,
    slash_totals,
)
from tests.support.oracle_network import spec_yaml

CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
HONEST, CHEATER = (Account.from_key(bytes([i + 1]) * 32).address for i in range(2))


def _task(index: int, paid: list[str], slashed: list[str]) -> TaskRecord:
    return TaskRecord(
        index=index,
        status="accepted",
        accepted_output_cid=CID,
        accepted_digest="0x" + "07" * 32,
        selected_for_check=bool(slashed),
        slots=[],
        paid=paid,
        slashed=slashed,
    )


def _manifest(
    tasks: list[TaskRecord], budget: int, slash_per_fault: int | None, round_: int = 0, **over
) -> ResultManifest:
    return ResultManifest(
        chain_id=31337,
        escrow="0x" + "11" * 20,
        job_id=5,
        spec_cid=CID,
        spec_hash="0x" + "00" * 32,
        budget=str(budget),
        created_block_hash="0x" + "00" * 32,
        reveal_block=None,
        reveal_block_hash=None,
        policy=CommitteePolicy(),
        tasks=tasks,
        round=round_,
        slash_per_fault=None if slash_per_fault is None else str(slash_per_fault),
        **over,
    )


def _hash_spec(reward: int, bps: int):
    return load_spec(
        spec_yaml(
            "compute", replication=1, reward_per_task=reward, verification={"method": "hash", "spot_check_bps": bps}
        )
    )


def test_job_slash__big_reward_job__scales_with_reward_over_the_chance_a_task_is_checked():
    # 6 tasks, 10 % drawn: a task is checked with chance 0.1 + 0.9^6 / 6 (its draw, or the fallback's pick)
    chance = 0.1 + 0.9**6 / 6
    big = job_slash(CommitteePolicy(), _hash_spec(1_000 * TOKEN, 1_000))
    assert big == pytest.approx(3 * 1_000 * TOKEN / chance, rel=1e-12)  # about 15,909 tokens
    assert job_slash(CommitteePolicy(), _hash_spec(1_000 * TOKEN, 2_000)) < big
    assert job_slash(CommitteePolicy(), _hash_spec(TOKEN // 100, 1_000)) == CommitteePolicy().slash_amount  # floor


def test_plan__big_reward_job__slashes_the_jobs_slash_per_fault_for_each_caught_task():
    reward = 1_000 * TOKEN
    per_fault = CommitteePolicy().slash_per_fault(reward, 1_000)
    tasks = [_task(0, [HONEST], []), _task(1, [HONEST, HONEST], [CHEATER]), _task(2, [HONEST], [CHEATER])]
    m = _manifest(tasks, budget=10 * reward, slash_per_fault=per_fault)
    plan = plan_from_manifest(m, reward, CID)
    assert plan.slashes == ((CHEATER, 2 * 30_000 * TOKEN),)
    assert plan.payouts == {HONEST: 4 * reward}
    assert CHEATER not in plan.payouts


def test_plan__manifest_from_before_the_rule__slashes_the_policys_fixed_amount():
    m = _manifest([_task(0, [HONEST], [CHEATER])], budget=10 * TOKEN, slash_per_fault=None)
    assert manifest_slash(m) == 10 * TOKEN
    assert plan_from_manifest(m, TOKEN, CID).slashes == ((CHEATER, 10 * TOKEN),)


def test_plan__round_1_dispute__slashes_only_the_new_faults_at_the_jobs_slash_per_fault():
    reward = 50 * TOKEN
    per_fault = CommitteePolicy().slash_per_fault(reward, 1_000)  # 1,500 tokens
    round0 = _manifest(
        [_task(0, [HONEST], [CHEATER]), _task(1, [CHEATER], []), _task(2, [CHEATER], [])],
        budget=10 * reward,
        slash_per_fault=per_fault,
    )
    round1 = _manifest(
        [_task(0, [HONEST], [CHEATER]), _task(1, [HONEST, HONEST], [CHEATER]), _task(2, [CHEATER], [])],
        budget=10 * reward,
        slash_per_fault=per_fault,
        round_=1,
        fixed_fee="0",
    )
    assert slash_totals(round0) == {CHEATER: per_fault}
    plan = plan_from_manifest(round1, reward, CID, round0)
    assert plan.slashes == ((CHEATER, per_fault),)  # task 1's fault only: task 0's was slashed in round 0
    assert plan.settlement.round == 1
