"""Invariant test of governance with the owner as the adversary: a
hypothesis state machine in which the owner (the GovernanceTimelock's
proposer, as protocol/deployment.py leaves it) schedules and executes any
sequence of owner actions (add its own oracle key, remove honest signers,
set k = 1, make itself slasher and treasury, change stakes, periods,
quorum, even the timelock's own delay), calls the owned contracts
directly, and tries, after every change, to settle, reject or resolve the
jobs that were open before, paying itself. Meanwhile the honest committee
settles, requesters dispute, the committee resolves, workers, requester
and signers take their money, and time passes.

After every step:

* the owner (its own address and the oracle key it adds) has received no
  token from any job: its balances stay 0;
* every job was settled, if at all, by the committee it was created under,
  with the honest split;
* the escrow holds exactly what it owes (open budgets, unclaimed payouts,
  refunds, bonds, unpaid fees), and no token was created or lost: the
  balances of everyone who can hold one add up to what was minted;
* an operation runs only once `get_minimum_delay` (at scheduling) has
  passed, and every direct owner call reverts.

Default: 25 examples of up to 25 steps (GPUHIVE_FUZZ_EXAMPLES / _STEPS);
the numbers go to benchmarks/results/invariants.json.
"""

from __future__ import annotations

from dataclasses import dataclass

import boa
from boa_system import ZERO32, System, calldata, deploy_system, hand_to_timelock, keyed_account
from escrow_helpers import make_split, owed
from eth_utils import keccak
from fuzz_support import AnchoredMachine, ModuleRun, expect_revert, fuzz_settings, now
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from protocol import eip712
from protocol.contracts import DAY, TOKEN, JobStatus

GOVERNANCE_DELAY = 8 * DAY
OWNER_REVERT = "ownable: caller is not the owner"
BUDGET = 1_000 * TOKEN


@dataclass
class World:
    system: System
    timelock: object
    owner: str
    owner_oracle: str
    owner_key: bytes
    requester: str
    workers: list[str]
    signers: list[str]

    @property
    def holders(self) -> list[str]:
        s = self.system
        return [
            self.owner,
            self.owner_oracle,
            self.requester,
            *self.workers,
            *self.signers,
            s.treasury,
            s.escrow.address,
            s.registry.address,
            self.timelock.address,
        ]


def build_world() -> World:
    system = deploy_system()
    workers = [system.add_worker(f"gov-worker-{i}") for i in range(2)]
    timelock = hand_to_timelock(system, GOVERNANCE_DELAY)
    owner_oracle, owner_key = keyed_account("gov-owner-oracle")
    signers = list(system.params.oracle_signers)
    return World(
        system, timelock, system.deployer, owner_oracle, owner_key, keyed_account("gov-requester")[0], workers, signers
    )


SETTINGS = fuzz_settings(default_examples=25, default_steps=25)
RUN = ModuleRun("test_invariants_governance", build_world, SETTINGS)
setup_module = RUN.setup_module
teardown_module = RUN.teardown_module
step = RUN.step


@dataclass
class Pending:
    target: str
    name: str
    payload: bytes
    salt: bytes
    ready_at: int


class GovernanceMachine(AnchoredMachine):
    def __init__(self) -> None:
        w = RUN.world()
        self.w = w
        self.s = w.system
        self.escrow = w.system.escrow
        self.pending: list[Pending] = []
        self.splits: dict[int, object] = {}  # the honest split of each job
        self.jobs: list[int] = []
        self.salt = 0
        RUN.stats.examples += 1
        super().__init__()
        self.minted = sum(self.s.token.balanceOf(a) for a in w.holders)

    # ---------------------------------------------------------------- helpers

    def _contract(self, name: str):
        return {"committee": self.s.committee, "registry": self.s.registry, "sentry": self.s.sentry}.get(
            name, self.w.timelock
        )

    def _actions(self, data) -> tuple[str, str, tuple]:
        w = self.w
        return data.draw(
            st.sampled_from(
                [
                    ("committee", "add_signer", (w.owner_oracle,)),
                    ("committee", "set_threshold", (1,)),
                    ("committee", "set_threshold", (2,)),
                    ("committee", "remove_signer", (w.signers[0],)),
                    ("committee", "remove_signer", (w.signers[1],)),
                    ("registry", "set_slasher", (w.owner, True)),
                    ("registry", "set_treasury", (w.owner,)),
                    ("registry", "set_min_stake", (1, 10**6 * TOKEN)),
                    ("registry", "set_unbonding_period", (0,)),
                    ("sentry", "set_quorum", (1,)),
                    ("timelock", "update_delay", (0,)),
                ]
            ),
            label="owner action",
        )

    def _create(self, deadline_in: int) -> int:
        job_id = self.s.create_job(self.w.requester, BUDGET, deadline_in=deadline_in)  # mints the budget
        self.minted += BUDGET
        payouts = {self.w.workers[0]: BUDGET // 2, self.w.workers[1]: BUDGET // 4}
        self.splits[job_id] = make_split(job_id, payouts, BUDGET // 20, BUDGET - sum(payouts.values()) - BUDGET // 20)
        self.jobs.append(job_id)
        return job_id

    def _status(self, job_id: int) -> int:
        return self.escrow.get_job(job_id).status

    # ------------------------------------------------------------------ rules

    @initialize(data=st.data())
    @step
    def open_jobs(self, data):
        """Jobs open before any change, some living past the delay."""
        for _ in range(data.draw(st.integers(1, 3), label="jobs")):
            self._create(data.draw(st.sampled_from([3_600, 5 * DAY, 20 * DAY]), label="deadline in"))

    @rule(data=st.data())
    @step
    def owner_schedules(self, data):
        target, name, args = self._actions(data)
        contract = self._contract(target)
        payload = calldata(contract, name, *args)
        minimum = self.w.timelock.get_minimum_delay()
        delay = data.draw(st.sampled_from([minimum, minimum + DAY, max(minimum, 1) - 1]), label="delay")
        self.salt += 1
        salt = keccak(self.salt.to_bytes(32, "big"))

        def call():
            return self.w.timelock.schedule(contract.address, 0, payload, ZERO32, salt, delay, sender=self.w.owner)

        if delay < minimum:
            self.reverted()
            expect_revert(call, "timelock_controller: insufficient delay")
            return
        call()
        self.pending.append(Pending(target, name, payload, salt, now() + delay))

    @precondition(lambda self: self.pending)
    @rule(data=st.data())
    @step
    def anyone_executes(self, data):
        op = data.draw(st.sampled_from(self.pending), label="operation")
        contract = self._contract(op.target)

        def call():
            return self.w.timelock.execute(contract.address, 0, op.payload, ZERO32, op.salt, sender=self.w.requester)

        if now() < op.ready_at:
            self.reverted()
            expect_revert(call, "timelock_controller: operation is not ready")
            return
        try:
            call()
        except boa.BoaError:
            self.reverted()  # the owned contract refused it (say, threshold above the signer count)
            return
        self.pending.remove(op)

    @precondition(lambda self: not self.s.committee.is_signer(self.w.owner_oracle))
    @rule()
    @step
    def owner_takes_over_committee(self):
        """The issue's attack in one move: schedule adding its own key and
        k = 1, wait out the delay, execute both (then `owner_takes_a_job`)."""
        timelock, committee = self.w.timelock, self.s.committee
        ops = []
        for name, args in (("add_signer", (self.w.owner_oracle,)), ("set_threshold", (1,))):
            payload = calldata(committee, name, *args)
            self.salt += 1
            salt = keccak(self.salt.to_bytes(32, "big"))
            timelock.schedule(
                committee.address, 0, payload, ZERO32, salt, timelock.get_minimum_delay(), sender=self.w.owner
            )
            ops.append((payload, salt))
        boa.env.time_travel(seconds=timelock.get_minimum_delay())
        for payload, salt in ops:
            try:
                timelock.execute(committee.address, 0, payload, ZERO32, salt, sender=self.w.requester)
            except boa.BoaError:
                self.reverted()  # refused by the committee (k = 1 already, or a pending op got there first)
        boa.env.time_travel(seconds=1)

    @rule(data=st.data())
    @step
    def owner_calls_directly(self, data):
        target, name, args = self._actions(data)
        if target == "timelock":
            return self.skipped()
        self.reverted()
        expect_revert(lambda: getattr(self._contract(target), name)(*args, sender=self.w.owner), OWNER_REVERT)

    @rule(data=st.data())
    @step
    def owner_takes_a_job(self, data):
        """Settle, reject or resolve a job that was open before, paying itself,
        signed by its own key (and, if it likes, by honest keys it does not
        have enough of)."""
        job_id = data.draw(st.sampled_from(self.jobs), label="job")
        keys = [self.w.owner_key] + data.draw(
            st.lists(st.sampled_from(self.s.oracle_keys[:2]), unique=True, max_size=2), label="honest keys"
        )
        move = data.draw(st.sampled_from(["settle", "reject", "resolve"]), label="move")
        grab = eip712.Settlement(
            job_id, ZERO32, 0, BUDGET, 0, eip712.slashes_hash([]), ZERO32, 1 if move == "resolve" else 0
        )
        if move == "settle":
            call = lambda: self.escrow.settle(grab.as_tuple(), [], self.s.oracle_sigs(grab, keys), sender=self.w.owner)  # noqa: E731
        elif move == "resolve":
            call = lambda: self.escrow.resolve(grab.as_tuple(), [], self.s.oracle_sigs(grab, keys), sender=self.w.owner)  # noqa: E731
        else:
            sigs = self.s.oracle_sigs(eip712.Reject(job_id, 1), keys)
            call = lambda: self.escrow.reject(job_id, 1, sigs, sender=self.w.owner)  # noqa: E731
        self.reverted()
        expect_revert(call, ("escrow: ", "committee: "), prefix=True)

    @precondition(lambda self: any(self._status(j) == JobStatus.OPEN for j in self.jobs))
    @rule(data=st.data())
    @step
    def committee_settles(self, data):
        open_jobs = [j for j in self.jobs if self._status(j) == JobStatus.OPEN]
        job_id = data.draw(st.sampled_from(open_jobs), label="job")
        split = self.splits[job_id]
        if now() > self.escrow.get_job(job_id).deadline + self.s.params.settle_grace:
            self.s.escrow.reclaim(job_id, sender=self.w.requester)
            return
        self.escrow.settle(
            split.settlement.as_tuple(), [], self.s.oracle_sigs(split.settlement), sender=self.w.signers[0]
        )

    @precondition(lambda self: any(self._status(j) == JobStatus.SETTLED for j in self.jobs))
    @rule(data=st.data())
    @step
    def requester_disputes_and_committee_answers(self, data):
        job_id = data.draw(st.sampled_from([j for j in self.jobs if self._status(j) == JobStatus.SETTLED]), label="job")
        job = self.escrow.get_job(job_id)
        if job.round != 0 or now() >= job.window_end:
            return self.skipped()
        bond = self.s.params.dispute_bond
        self.s.fund_and_approve(self.w.requester, bond)
        self.minted += bond
        self.escrow.dispute(job_id, sender=self.w.requester)
        if data.draw(st.booleans(), label="committee answers"):
            s = self.splits[job_id].settlement
            again = eip712.Settlement(
                s.job_id, s.payout_root, s.total_payout, s.oracle_fee, s.refund, s.slashes_hash, s.result_hash, 1
            )
            self.escrow.resolve(again.as_tuple(), [], self.s.oracle_sigs(again), sender=self.w.signers[1])

    @rule(seconds=st.sampled_from([3_600, DAY, 3 * DAY, 8 * DAY]))
    @step
    def time_passes(self, seconds):
        boa.env.time_travel(seconds=seconds)

    @precondition(lambda self: any(self.escrow.is_final(j) for j in self.jobs))
    @rule()
    @step
    def everyone_takes_their_money(self):
        self._pay_out()

    def _pay_out(self) -> None:
        for job_id in self.jobs:
            if not self.escrow.is_final(job_id):
                continue
            split = self.splits[job_id]
            for worker in self.w.workers:
                if not self.escrow.is_claimed(worker, job_id):
                    amount, proof = split.leaf(worker)
                    self.escrow.claim(worker, [job_id], [amount], [proof], sender=worker)
            if self.escrow.get_job(job_id).refund:
                self.escrow.claim_refund(job_id, sender=self.w.requester)
            if now() >= self.escrow.fee_state(job_id).join_end:
                for signer in self.w.signers:
                    if self.escrow.fee_share(job_id, signer):
                        self.escrow.claim_fees(signer, [job_id], sender=signer)

    # ------------------------------------------------------------- invariants

    @invariant()
    def owner_got_nothing_and_nothing_was_created_or_lost(self):
        token = self.s.token
        assert token.balanceOf(self.w.owner_oracle) == 0, "the owner's key was paid from a job"
        assert token.balanceOf(self.w.owner) == 0, "the owner was paid from a job"
        for job_id in self.jobs:
            job = self.escrow.get_job(job_id)
            if job.status in (JobStatus.SETTLED, JobStatus.DISPUTED):
                assert job.payout_root == self.splits[job_id].settlement.payout_root
                assert self.escrow.fee_state(job_id).epoch == 1
        assert token.balanceOf(self.escrow.address) == owed(self.s)
        assert sum(token.balanceOf(a) for a in self.w.holders) == self.minted

    def finish(self) -> None:
        boa.env.time_travel(seconds=60 * DAY)
        for job_id in self.jobs:
            if self._status(job_id) == JobStatus.OPEN:
                self.escrow.reclaim(job_id, sender=self.w.requester)
        self._pay_out()
        for job_id in self.jobs:
            if self.escrow.get_job(job_id).dispute_bond:
                boa.env.time_travel(seconds=self.s.params.claim_expiry)
                self.escrow.sweep(job_id, sender=self.w.requester)
        self.owner_got_nothing_and_nothing_was_created_or_lost()
        assert self.s.token.balanceOf(self.escrow.address) == 0, "tokens stuck in the escrow"


GovernanceMachine.TestCase.settings = SETTINGS
test_governance_invariants = GovernanceMachine.TestCase
