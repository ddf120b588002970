"""Whole-life flows through JobEscrow with the money checked after every
step: the escrow's token balance equals what it still owes (open budgets,
unclaimed payouts, pending refunds, bonds, fees owed), and once everybody
has taken their share it holds nothing."""

import re
from pathlib import Path

import boa
from escrow_helpers import (
    assert_solvent,
    claim,
    claim_all_fees,
    dispute,
    make_split,
    owed,
    past_window,
    reject,
    resolve,
    settle,
    standard_split,
    with_round,
)

from protocol.contracts import CONTRACTS_DIR, TOKEN


def _withdraw_all_fees(system):
    # Fees are paid from each job's join_end (the end of its first dispute window).
    escrow = system.escrow
    join_end = max(escrow.fee_state(j).join_end for j in range(1, escrow.job_count() + 1))
    if boa.env.evm.patch.timestamp < join_end:
        boa.env.time_travel(seconds=join_end - boa.env.evm.patch.timestamp)
    for signer in system.params.oracle_signers:
        if claim_all_fees(system, signer):
            assert_solvent(system)


def _everyone_paid(system, paid_in: int, paid_out_to: list[str]):
    assert system.token.balanceOf(system.escrow.address) == 0
    assert owed(system) == 0
    assert sum(system.token.balanceOf(a) for a in paid_out_to) == paid_in


def test_flow__settle_reject_reclaim_dispute_claim_sweep__balance_always_equals_owed(
    system, requester, workers, budget
):
    cheater = workers[2]
    treasury_before = system.token.balanceOf(system.treasury)
    budgets = [budget, 2 * budget, 3 * budget, 5 * budget + 7]
    jobs = []
    for b in budgets:
        jobs.append(system.create_job(requester, b, deadline_in=2 * 86_400))
        assert_solvent(system)
    settled, disputed, rejected, abandoned = jobs

    first = standard_split(settled, workers, budgets[0], slashes=[(cheater, 40 * TOKEN)])
    settle(system, first)
    assert_solvent(system)
    assert system.token.balanceOf(system.treasury) == treasury_before + 40 * TOKEN

    second = standard_split(disputed, workers, budgets[1])
    settle(system, second)
    assert_solvent(system)
    reject(system, rejected)
    assert_solvent(system)

    dispute(system, requester, disputed)
    assert_solvent(system)
    s = second.settlement
    cut = second.payouts[workers[1]]  # the verdict: workers[1] did bad work, is unpaid and slashed
    verdict = make_split(
        disputed,
        {workers[0]: second.payouts[workers[0]]},
        s.oracle_fee,
        s.refund + cut,
        slashes=[(workers[1], 10 * TOKEN)],
        round=1,
    )
    resolve(system, verdict)
    assert_solvent(system)

    boa.env.time_travel(seconds=3 * 86_400 + 1)  # past every deadline + grace
    system.escrow.reclaim(abandoned, sender=requester)
    assert_solvent(system)

    past_window(system, settled)
    paid = claim(system, workers[0], [first, verdict])
    assert paid == first.payouts[workers[0]] + verdict.payouts[workers[0]]
    assert_solvent(system)
    # workers[1] never claims its leaf of the first job.
    for job_id in (settled, disputed):
        system.escrow.claim_refund(job_id, sender=requester)
        assert_solvent(system)
    _withdraw_all_fees(system)

    boa.env.time_travel(seconds=system.params.claim_expiry)
    assert system.escrow.sweep(settled, sender=requester) == first.payouts[workers[1]]
    assert_solvent(system)

    _everyone_paid(
        system, sum(budgets) + system.params.dispute_bond, [requester, *workers, *system.params.oracle_signers]
    )


def test_flow__upheld_dispute__bond_ends_with_workers(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    assert_solvent(system)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    assert_solvent(system)
    dispute(system, requester, job_id)
    assert_solvent(system)
    resolve(system, with_round(split, 1))
    assert_solvent(system)
    claim(system, workers[0], [split])
    assert_solvent(system)
    claim(system, workers[1], [split])
    assert_solvent(system)
    assert system.escrow.claim_refund(job_id, sender=requester) == split.settlement.refund
    assert_solvent(system)
    fees = sum(system.escrow.fee_share(job_id, s) for s in system.params.oracle_signers)
    assert fees == split.settlement.oracle_fee
    _withdraw_all_fees(system)

    _everyone_paid(system, budget + system.params.dispute_bond, [requester, *workers, *system.params.oracle_signers])
    assert system.token.balanceOf(requester) == split.settlement.refund  # the bond is gone
    bond, total = system.params.dispute_bond, split.settlement.total_payout
    assert [system.token.balanceOf(w) for w in workers[:2]] == [
        split.payouts[w] + split.payouts[w] * bond // total for w in workers[:2]
    ]


def test_flow__dispute_times_out__original_split_stands_and_bond_pays_workers(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    assert_solvent(system)
    dispute(system, requester, job_id)
    assert_solvent(system)
    boa.env.time_travel(seconds=system.params.resolve_timeout)
    with boa.reverts("escrow: dispute timed out"):
        resolve(system, with_round(split, 1))
    claim(system, workers[0], [split])
    assert_solvent(system)
    claim(system, workers[1], [split])
    assert_solvent(system)
    system.escrow.claim_refund(job_id, sender=requester)
    assert_solvent(system)
    _withdraw_all_fees(system)

    _everyone_paid(system, budget + system.params.dispute_bond, [requester, *workers, *system.params.oracle_signers])
    assert system.token.balanceOf(requester) == split.settlement.refund
    assert sum(system.token.balanceOf(w) for w in workers) == split.settlement.total_payout + system.params.dispute_bond


def test_revert_strings__every_escrow_reason__tested_with_boa_reverts():
    # Each "escrow: ..." reason in JobEscrow.vy is matched by some
    # `boa.reverts("...")` in these tests, so a changed or dead check shows up.
    source = (CONTRACTS_DIR / "JobEscrow.vy").read_text()
    reasons = set(re.findall(r'"(escrow: [^"]+)"', source))
    assert len(reasons) >= 30
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    missing = sorted(r for r in reasons if f'boa.reverts("{r}")' not in tests)
    assert missing == []
