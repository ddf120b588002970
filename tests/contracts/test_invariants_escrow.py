"""Invariant tests of JobEscrow: a hypothesis state machine drives the real
contracts (titanoboa) through random sequences of create / settle / reject /
request_cancel / dispute / resolve / claim / claim_refund / reclaim / sweep /
add_fee_signatures / claim_fees and time travel, valid and invalid, against a
ghost model in Python.

After every step the contracts must agree with the model, and:

* the escrow's token balance is exactly what it still owes: open budgets,
  unclaimed payouts, pending refunds, dispute bonds, and oracle fees not yet
  claimed;
* per job, payouts paid + oracle fee + refunds paid + unclaimed + pending
  refund == budget (never more), and every bond is held, returned, paid to
  the workers or swept exactly once;
* per job, the fee shares paid plus those unpaid are the oracle fee, split
  equally among every signer that signed the settlement (included in
  `settle` or joined later), whoever submitted it;
* every payout leaf is paid at most once (`is_claimed` agrees with the model);
* the registry still holds exactly the stake it books (slashes go to the
  treasury and never take more than a worker has).

Every invalid move must revert with the reason the model predicts, checked
in the contract's order, and change nothing. At the end of each example
every job is driven to completion, one second before, at and after each of
its deadlines, and the escrow must hold exactly 0.

Rules: one per move, enabled when the move has a valid target (most of its
draws valid, some not); `advance_a_job` takes one job a step further in its
life, so deep states are reached whichever rules hypothesis's swarm testing
switches off; `any_move` tries any move on any job with mostly wrong
arguments; `probe_an_edge` jumps to a job's deadline + grace, dispute window
end, resolve timeout or claim expiry (±1 s) and tries the move that flips
there; `let_time_pass` moves the clock. Each failure carries the model's
readable trace of the moves next to hypothesis's step listing.

One deployment per module; each example runs inside `boa.env.anchor()`.
Default: 60 examples of up to 30 steps (GPUHIVE_FUZZ_EXAMPLES / _STEPS scale
it); the numbers of each run go to benchmarks/results/invariants.json.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from itertools import pairwise

import boa
from boa_system import System, deploy_system, keyed_account
from eth_account import Account
from eth_utils import keccak
from fuzz_support import AnchoredMachine, ModuleRun, expect_revert, fuzz_settings, now, travel_to
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from protocol import eip712
from protocol.contracts import TOKEN, JobStatus
from protocol.merkle import PAYOUT_LEAF_TYPES, leaf_hash, payout_tree
from protocol.merkle import verify as merkle_verify

DAY = 86_400
ZERO32 = b"\x00" * 32
MAX_AMOUNT = 2**128 - 1
NO_PAYOUT_ROOT = keccak(b"gpuhive-test:no-payouts")
RESULT_HASH = keccak(b"gpuhive-test:result-manifest")
RESOLVED_RESULT_HASH = keccak(b"gpuhive-test:resolved-result-manifest")
MAX_CLAIMS = 50  # JobEscrow.MAX_CLAIMS

# --------------------------------------------------------------------------
# The world: deployed once per module, reset to this state for every example
# --------------------------------------------------------------------------


@dataclass
class World:
    system: System
    requesters: list[str]
    payees: list[str]  # staked workers plus one address that never registered
    signers: list[str]  # oracle addresses, same order as system.oracle_keys
    outsider: str  # not a signer, not a party
    outsider_key: bytes
    stakes: dict[str, tuple[int, int]]  # (staked, unbonding) at the start
    balances: dict[str, int]  # token balances at the start
    dispute_window: int
    resolve_timeout: int
    settle_grace: int
    claim_expiry: int
    dispute_bond: int

    @property
    def tracked(self) -> list[str]:
        s = self.system
        return [
            *self.requesters,
            *self.payees,
            *self.signers,
            self.outsider,
            s.treasury,
            s.escrow.address,
            s.registry.address,
        ]


WORKER_STAKES = [100 * TOKEN, 250 * TOKEN, 40 * TOKEN, 100 * TOKEN, 1_000 * TOKEN]


def build_world() -> World:
    system = deploy_system()
    payees = [system.add_worker(f"fuzz-worker-{i}", stake=stake) for i, stake in enumerate(WORKER_STAKES)]
    payees.append(keyed_account("fuzz-unregistered-worker")[0])
    outsider, outsider_key = keyed_account("fuzz-outsider")
    requesters = [keyed_account(f"fuzz-requester-{i}")[0] for i in range(3)]
    signers = [Account.from_key(k).address for k in system.oracle_keys]
    stakes = {}
    for p in payees:
        node = system.registry.nodes(p)
        stakes[p] = (node.staked, node.unbonding)
    w = World(
        system,
        requesters,
        payees,
        signers,
        outsider,
        outsider_key,
        stakes,
        {},
        system.escrow.dispute_window(),
        system.escrow.resolve_timeout(),
        system.escrow.settle_grace(),
        system.escrow.claim_expiry(),
        system.escrow.dispute_bond(),
    )
    w.balances = {a: system.token.balanceOf(a) for a in w.tracked}
    return w


# --------------------------------------------------------------------------
# The ghost model
# --------------------------------------------------------------------------


@dataclass
class Leaf:
    amount: int
    proof: list[bytes]


@dataclass
class GhostJob:
    id: int
    requester: str
    budget: int
    deadline: int
    spec_hash: bytes
    status: int = JobStatus.OPEN
    round: int = 0
    window_end: int = 0
    root: bytes = ZERO32
    leaves: dict[str, Leaf] = field(default_factory=dict)  # under the current root
    old_leaves: list[dict[str, Leaf]] = field(default_factory=list)  # replaced by a resolve
    unclaimed: int = 0
    refund: int = 0  # pending, as the contract books it (may include a returned bond)
    refund_bond_part: int = 0  # the part of `refund` that is a returned dispute bond
    bond: int = 0
    fee: int = 0
    paid: int = 0  # payouts paid to workers
    refunded: int = 0  # budget paid back to the requester (refund, reject, reclaim)
    swept: int = 0  # unclaimed payouts swept back to the requester
    bond_in: int = 0
    bond_returned: int = 0
    bond_to_workers: bool = False  # a failed dispute: the bond pays the workers' wait
    bond_paid_to_workers: int = 0
    bond_swept: int = 0
    payout_at_dispute: int = 0
    claimed: set[str] = field(default_factory=set)
    settlement0: eip712.Settlement | None = None  # the settled round-0 settlement
    fee_signers: int = 0  # bitmap of committee positions
    fee_paid: int = 0
    fee_paid_amount: int = 0
    join_end: int = 0

    def owed(self) -> int:
        """What the escrow still holds for this job."""
        held = (self.budget if self.status == JobStatus.OPEN else 0) + self.unclaimed + self.refund + self.bond
        return held + self.unpaid_fee()

    def fee_shares(self) -> dict[int, int]:
        bits = [1 << i for i in range(32) if self.fee_signers >> i & 1]
        if not bits:
            return {}
        share = self.fee // len(bits)
        shares = dict.fromkeys(bits, share)
        shares[bits[0]] += self.fee - share * len(bits)
        return shares

    def unpaid_fee(self) -> int:
        return sum(a for bit, a in self.fee_shares().items() if not self.fee_paid & bit)

    def bond_goes_to_workers(self) -> bool:
        return self.bond_to_workers or self.status == JobStatus.DISPUTED


def _status_of(job: GhostJob | None) -> int:
    return JobStatus.NONE if job is None else job.status


SETTINGS = fuzz_settings(default_examples=60, default_steps=30)

budgets = st.one_of(st.integers(1, 20), st.integers(1, 1_000_000 * TOKEN), st.just("max"))
deadlines_in = st.one_of(st.sampled_from([3_600, DAY, 3 * DAY]), st.integers(1, 10 * DAY))
slash_amounts = st.one_of(
    st.sampled_from([0, 1, 40 * TOKEN, 100 * TOKEN, 10**6 * TOKEN]), st.integers(0, 1_500 * TOKEN)
)
time_steps = st.one_of(st.sampled_from([1, 60, 3_600, DAY - 1, DAY, DAY + 1, 3 * DAY]), st.integers(1, 4 * DAY))
RUN = ModuleRun("test_invariants_escrow", build_world, SETTINGS)
setup_module = RUN.setup_module
teardown_module = RUN.teardown_module
step = RUN.step

# New jobs only while fewer than this many still hold tokens, so that steps
# go into taking jobs through their lives rather than opening more.
MAX_LIVE_JOBS = 4
# Moves `any_move` may try on any job, valid or not.
MOVES = (
    "create_job",
    "request_cancel",
    "settle",
    "reject",
    "reclaim",
    "dispute",
    "resolve",
    "claim",
    "claim_refund",
    "sweep",
    "add_fee_signatures",
    "claim_fees",
)


class EscrowMachine(AnchoredMachine):
    def __init__(self) -> None:
        w = RUN.world()
        self.w = w
        self.s = w.system
        self.escrow = w.system.escrow
        self.jobs: dict[int, GhostJob] = {}
        self.next_id = self.escrow.job_count() + 1
        self.position = {a: i for i, a in enumerate(w.signers)}
        self.balances = dict(w.balances)
        self.stakes = dict(w.stakes)
        self.trace: list[str] = []
        # Addresses whose balance or stake the model moved since the last
        # check (tokens only move through the escrow and the registry, whose
        # balances and totals are checked every step, so a transfer to or
        # from a wrong address shows up in one of these).
        self.touched: set[str] = set()
        # True: moves aim at a job where they are valid and mostly use valid
        # arguments; `any_move` turns it off to aim anywhere.
        self.aim = True
        # A job `advance_a_job` is moving on: moves then aim at it alone.
        self.focus: int | None = None
        RUN.stats.examples += 1
        super().__init__()

    # ------------------------------------------------------------ predicates

    def _is_final(self, job: GhostJob | None) -> bool:
        return job is not None and job.status in (JobStatus.SETTLED, JobStatus.DISPUTED) and now() >= job.window_end

    def _can_settle(self, j: GhostJob) -> bool:
        return j.status == JobStatus.OPEN and now() <= j.deadline + self.w.settle_grace

    def _can_reclaim(self, j: GhostJob) -> bool:
        return j.status == JobStatus.OPEN and now() > j.deadline + self.w.settle_grace

    def _can_dispute(self, j: GhostJob) -> bool:
        return j.status == JobStatus.SETTLED and j.round == 0 and now() < j.window_end

    def _can_resolve(self, j: GhostJob) -> bool:
        return j.status == JobStatus.DISPUTED and now() < j.window_end

    def _can_claim_refund(self, j: GhostJob) -> bool:
        return self._is_final(j) and (j.refund > 0 or self._bond_returns(j) > 0)

    def _bond_returns(self, j: GhostJob) -> int:
        """The bond claim_refund pays back: a timed-out dispute whose settlement pays no worker."""
        return j.bond if j.status == JobStatus.DISPUTED and j.payout_at_dispute == 0 else 0

    def _sweepable(self, j: GhostJob) -> int:
        return j.unclaimed + (j.bond if j.bond_goes_to_workers() else 0)

    def _can_sweep(self, j: GhostJob) -> bool:
        return self._is_final(j) and now() >= j.window_end + self.w.claim_expiry and self._sweepable(j) > 0

    def _settled(self, j: GhostJob | None) -> bool:
        return j is not None and j.status in (JobStatus.SETTLED, JobStatus.DISPUTED)

    def _can_join(self, j: GhostJob) -> bool:
        return self._settled(j) and now() < j.join_end and j.fee > 0 and j.fee_signers != 2 ** len(self.w.signers) - 1

    def _fee_claimable(self, signer: str) -> list[int]:
        bit = 1 << self.position[signer]
        return [
            j.id
            for j in self.jobs.values()
            if self._settled(j) and now() >= j.join_end and j.fee_signers & bit and not j.fee_paid & bit and j.fee
        ]

    def _any(self, predicate) -> bool:
        return any(predicate(j) for j in self.jobs.values())

    def _payable(self, worker: str) -> list[tuple[int, int, list[bytes]]]:
        """`worker`'s leaves that a claim would pay now."""
        out = []
        for job in self.jobs.values():
            leaf = job.leaves.get(worker)
            if leaf and self._is_final(job) and worker not in job.claimed and leaf.amount <= job.unclaimed:
                out.append((job.id, leaf.amount, leaf.proof))
        return out

    def _all_leaves(self, worker: str) -> list[tuple[int, int, list[bytes]]]:
        """Every leaf `worker` could present, current or replaced by a resolve."""
        out = []
        for job in self.jobs.values():
            for leaves in [job.leaves, *job.old_leaves]:
                if worker in leaves:
                    out.append((job.id, leaves[worker].amount, leaves[worker].proof))
        return out

    # ---------------------------------------------------------------- helpers

    def _note(self, text: str) -> None:
        self.trace.append(f"[t={now()}] {text}")

    def _observe(self, *job_ids: int):
        """What a reverted call must leave as it was."""
        return (
            tuple(self.escrow.get_job(j) for j in job_ids),
            self.s.token.balanceOf(self.escrow.address),
            self.s.registry.total_bonded(),
        )

    def _check_revert(self, call, reason: str, *job_ids: int) -> None:
        self.reverted()
        expect_revert(call, reason, observe=lambda: self._observe(*job_ids), prefix=reason.endswith(": "))

    def _move(self, frm: str, to: str, amount: int) -> None:
        self.balances[frm] -= amount
        self.balances[to] += amount
        self.touched |= {frm, to}

    def _mint(self, to: str, amount: int) -> None:
        self.s.fund(to, amount)
        self.balances[to] += amount
        self.touched.add(to)

    def _pick_job(self, data, wanted) -> int:
        """A job id where the move is valid (when aiming), else any job id or
        one that does not exist."""
        if self.focus is not None:
            return self.focus
        ids = sorted(self.jobs)
        good = [i for i in ids if wanted(self.jobs[i])]
        if self.aim and good and data.draw(st.integers(0, 9), label="aim at a valid job") < 9:
            return data.draw(st.sampled_from(good), label="job")
        return data.draw(st.sampled_from(ids + [0, self.next_id]), label="job (any)")

    def _variant(self, data, invalid: list[str], label: str) -> str:
        """ "ok" most of the time when aiming, else one of the `invalid` variants."""
        if data.draw(st.integers(0, 99), label=f"{label}: valid?") < (85 if self.aim else 30):
            return "ok"
        return data.draw(st.sampled_from(invalid), label=label)

    def _anyone(self, data) -> str:
        choices = [self.w.outsider, *self.w.requesters, self.w.payees[0], self.w.signers[0]]
        return data.draw(st.sampled_from(choices), label="caller")

    def _bitmap(self, signer_addrs: list[str]) -> int:
        return sum(1 << self.position[a] for a in signer_addrs)

    def _apply_slashes(self, slashes: list[tuple[str, int]]) -> None:
        for worker, amount in slashes:
            staked, unbonding = self.stakes[worker]
            taken = min(amount, staked + unbonding)
            active = min(taken, staked)
            self.stakes[worker] = (staked - active, unbonding - (taken - active))
            self._move(self.s.registry.address, self.s.treasury, taken)
            self.touched.add(worker)
        if slashes:
            logs = [e for e in self.escrow.get_logs() if type(e).__name__ == "SlashApplied"]
            assert len(logs) == len(slashes)
            for log, (worker, amount) in zip(logs, slashes):
                assert (log.worker, log.requested) == (worker, amount)
                assert log.slashed <= amount, "a slash took more than was asked"

    def _draw_split(self, data, budget: int) -> tuple[int, int, int]:
        shape = data.draw(
            st.sampled_from(["random", "all_payout", "all_refund", "all_fee", "no_fee"]), label="split shape"
        )
        if shape == "all_payout":
            return budget, 0, 0
        if shape == "all_refund":
            return 0, 0, budget
        if shape == "all_fee":
            return 0, budget, 0
        payout = data.draw(st.integers(0, budget), label="total_payout")
        fee = 0 if shape == "no_fee" else data.draw(st.integers(0, budget - payout), label="oracle_fee")
        return payout, fee, budget - payout - fee

    def _draw_leaves(self, data, job_id: int, payout: int) -> tuple[bytes, dict[str, Leaf]]:
        """A payout tree of 1-4 workers over `payout`; sometimes its leaves sum
        below `payout` (the rest is swept) or above it (the committee erred:
        the escrow must still never pay more than `payout`)."""
        if payout == 0:
            return data.draw(st.sampled_from([ZERO32, NO_PAYOUT_ROOT]), label="root without payouts"), {}
        k = data.draw(st.integers(1, min(4, payout)), label="workers in the tree")
        workers = data.draw(
            st.lists(st.sampled_from(self.w.payees), min_size=k, max_size=k, unique=True), label="workers"
        )
        cuts = (
            sorted(
                data.draw(
                    st.lists(st.integers(1, payout - 1), min_size=k - 1, max_size=k - 1, unique=True), label="cuts"
                )
            )
            if k > 1
            else []
        )
        bounds = [0, *cuts, payout]
        amounts = [b - a for a, b in pairwise(bounds)]
        mode = data.draw(st.sampled_from(["exact", "exact", "exact", "under", "over"]), label="leaves vs total")
        if mode == "under":
            if amounts[-1] > 1:
                amounts[-1] -= data.draw(st.integers(1, amounts[-1] - 1), label="under by")
            elif k > 1:
                workers, amounts = workers[:-1], amounts[:-1]
        elif mode == "over":
            amounts[0] += data.draw(st.integers(1, payout), label="over by")
        payouts = dict(zip(workers, amounts))
        tree = payout_tree(job_id, payouts)
        leaves = {}
        for worker, amount in payouts.items():
            leaves[worker] = Leaf(amount, tree.proof(tree.index_of((job_id, worker, amount))))
        return tree.root, leaves

    def _draw_slashes(self, data) -> list[tuple[str, int]]:
        if data.draw(st.integers(0, 2), label="with slashes") != 0:
            return []
        return data.draw(
            st.lists(st.tuples(st.sampled_from(self.w.payees), slash_amounts), min_size=1, max_size=3), label="slashes"
        )

    def _draw_signatures(self, data, payload) -> tuple[list[bytes], list[str], str | None]:
        """Committee signatures over `payload`: (signatures, signer addresses in
        the order the escrow credits them, the revert reason they cause or None).
        A reason ending in ": " is a prefix."""
        keys = self.s.oracle_keys
        threshold = self.s.params.threshold
        variant = self._variant(
            data, ["below_threshold", "unsorted", "repeated", "outsider", "other_payload"], "signatures"
        )
        if variant == "below_threshold":
            chosen = data.draw(
                st.lists(st.sampled_from(range(len(keys))), max_size=threshold - 1, unique=True),
                label="too few signers",
            )
            return self.s.oracle_sigs(payload, [keys[i] for i in chosen]), [], "committee: below threshold"
        chosen = data.draw(
            st.lists(st.sampled_from(range(len(keys))), min_size=threshold, max_size=len(keys), unique=True),
            label="signers",
        )
        chosen_keys = [keys[i] for i in chosen]
        sigs = self.s.oracle_sigs(payload, chosen_keys)
        if variant == "ok":
            addrs = sorted((Account.from_key(k).address for k in chosen_keys), key=lambda a: int(a, 16))
            return sigs, addrs, None
        if variant == "unsorted":
            return list(reversed(sigs)), [], "committee: signers not sorted or repeated"
        if variant == "repeated":
            i = data.draw(st.integers(0, len(sigs) - 1), label="repeated signature")
            return sigs[: i + 1] + [sigs[i]] + sigs[i + 1 :], [], "committee: signers not sorted or repeated"
        if variant == "outsider":
            return self.s.oracle_sigs(payload, [*chosen_keys, self.w.outsider_key]), [], "committee: not a signer"
        # signatures over another payload recover to unrelated addresses
        other = eip712.Reject(job_id=10**9, reason=255)
        return self.s.oracle_sigs(other, chosen_keys), [], "committee: "

    # ----------------------------------------------------------------- moves
    # Each move predicts from the model whether the contract must revert (and
    # with which reason, checked in the contract's order), then calls it and
    # either checks the revert changed nothing or applies the effects.

    def _create_job(self, data, valid: bool = False):
        requester = data.draw(st.sampled_from(self.w.requesters), label="requester")
        budget = data.draw(budgets, label="budget")
        max_budget = MAX_AMOUNT - self.w.dispute_bond  # so that refund + returned bond fits 128 bits
        if budget == "max":
            budget = max_budget
        deadline = now() + data.draw(deadlines_in, label="deadline in")
        num_tasks = data.draw(st.integers(1, 2**32 - 1), label="num_tasks")
        spec_hash = keccak(data.draw(st.binary(min_size=1, max_size=8), label="spec bytes"))
        variant = (
            "ok"
            if valid
            else self._variant(
                data,
                [
                    "zero_budget",
                    "budget_too_large",
                    "no_tasks",
                    "empty_spec",
                    "deadline_past",
                    "deadline_too_far",
                    "no_allowance",
                ],
                "create variant",
            )
        )
        reason = None
        if variant == "zero_budget":
            budget, reason = 0, "escrow: zero budget"
        elif variant == "budget_too_large":
            budget, reason = max_budget + 1, "escrow: budget too large"
        elif variant == "no_tasks":
            num_tasks, reason = 0, "escrow: no tasks"
        elif variant == "empty_spec":
            spec_hash, reason = ZERO32, "escrow: empty spec hash"
        elif variant == "deadline_past":
            deadline, reason = now(), "escrow: deadline in the past"
        elif variant == "deadline_too_far":
            deadline, reason = 2**40, "escrow: deadline too far"
        elif variant == "no_allowance":
            reason = "erc20: insufficient allowance"
        self._mint(requester, budget)
        self.s.token.approve(self.escrow.address, budget - 1 if variant == "no_allowance" else budget, sender=requester)

        def call():
            return self.escrow.create_job("bafy-fuzz-spec", spec_hash, num_tasks, budget, deadline, sender=requester)

        self._note(f"create_job({requester[:8]}, budget={budget}, deadline={deadline}) [{variant}]")
        if reason:
            return self._check_revert(call, reason, self.next_id)
        job_id = call()
        assert job_id == self.next_id
        self.next_id += 1
        self.jobs[job_id] = GhostJob(job_id, requester, budget, deadline, spec_hash)
        self._move(requester, self.escrow.address, budget)

    def _request_cancel(self, data):
        job_id = self._pick_job(data, lambda j: j.status == JobStatus.OPEN)
        job = self.jobs.get(job_id)
        by_requester = job is not None and self._variant(data, ["someone else"], "cancel caller") == "ok"
        sender = job.requester if by_requester else self._anyone(data)
        self._note(f"request_cancel({job_id}) by {sender[:8]}")

        def call():
            return self.escrow.request_cancel(job_id, sender=sender)

        if _status_of(job) != JobStatus.OPEN:
            return self._check_revert(call, "escrow: job not open", job_id)
        if sender != job.requester:
            return self._check_revert(call, "escrow: caller is not the requester", job_id)
        call()
        logs = [e for e in self.escrow.get_logs() if type(e).__name__ == "CancelRequested"]
        assert len(logs) == 1 and logs[0].job_id == job_id and logs[0].requester == job.requester

    def _settle(self, data):
        grace = self.w.settle_grace
        job_id = self._pick_job(data, self._can_settle)
        job = self.jobs.get(job_id)
        budget = job.budget if job else data.draw(st.integers(1, 10**6), label="budget of a missing job")
        payout, fee, refund = self._draw_split(data, budget)
        root, leaves = self._draw_leaves(data, job_id, payout)
        slashes = self._draw_slashes(data)
        variant = self._variant(data, ["wrong_round", "sum_off", "slashes_mismatch"], "settle variant")
        round_ = data.draw(st.integers(1, 255), label="round") if variant == "wrong_round" else 0
        if variant == "sum_off":
            if data.draw(st.booleans(), label="one too many"):
                refund += 1
            elif refund:
                refund -= 1
            elif fee:
                fee -= 1
            else:
                payout -= 1
        slashes_hash = eip712.slashes_hash(slashes)
        if variant == "slashes_mismatch":
            slashes_hash = eip712.slashes_hash([*slashes, (self.w.payees[0], 1)])
        settlement = eip712.Settlement(job_id, root, payout, fee, refund, slashes_hash, RESULT_HASH, round_)
        sigs, signer_addrs, sig_reason = self._draw_signatures(data, settlement)
        caller = self._anyone(data)
        self._note(
            f"settle({job_id}, payout={payout}, fee={fee}, refund={refund}, leaves="
            f"{ {w[:8]: leaf.amount for w, leaf in leaves.items()} }, slashes={slashes}, round={round_}, "
            f"sigs={len(sigs)}) [{variant}, signatures: {sig_reason or 'ok'}]"
        )

        def call():
            return self.escrow.settle(settlement.as_tuple(), slashes, sigs, sender=caller)

        if _status_of(job) != JobStatus.OPEN:
            reason = "escrow: job not open"
        elif now() > job.deadline + grace:
            reason = "escrow: too late to settle"
        elif round_ != 0:
            reason = "escrow: wrong round"
        elif payout + fee + refund != budget:
            reason = "escrow: amounts must add up to budget"
        elif slashes_hash != eip712.slashes_hash(slashes):
            reason = "escrow: slashes do not match hash"
        else:
            reason = sig_reason
        if reason:
            return self._check_revert(call, reason, job_id)
        call()
        job.status, job.round, job.window_end = JobStatus.SETTLED, 0, now() + self.w.dispute_window
        job.root, job.leaves = root, leaves
        job.unclaimed, job.refund, job.fee = payout, refund, fee
        job.settlement0, job.fee_signers, job.join_end = settlement, self._bitmap(signer_addrs), job.window_end
        self._apply_slashes(slashes)

    def _reject(self, data):
        job_id = self._pick_job(data, lambda j: j.status == JobStatus.OPEN)
        job = self.jobs.get(job_id)
        reason_code = data.draw(st.integers(0, 255), label="reason")
        sigs, _, sig_reason = self._draw_signatures(data, eip712.Reject(job_id, reason_code))
        if sig_reason is None and self._variant(data, ["signed another reason"], "reject variant") != "ok":
            sigs = self.s.oracle_sigs(eip712.Reject(job_id, (reason_code + 1) % 256))
            sig_reason = "committee: "
        caller = self._anyone(data)
        self._note(f"reject({job_id}, reason={reason_code}, sigs={len(sigs)}) [signatures: {sig_reason or 'ok'}]")

        def call():
            return self.escrow.reject(job_id, reason_code, sigs, sender=caller)

        if _status_of(job) != JobStatus.OPEN:
            return self._check_revert(call, "escrow: job not open", job_id)
        if sig_reason:
            return self._check_revert(call, sig_reason, job_id)
        call()
        job.status, job.window_end = JobStatus.REJECTED, 0
        job.refunded += job.budget
        self._move(self.escrow.address, job.requester, job.budget)

    def _reclaim(self, data):
        job_id = self._pick_job(data, self._can_reclaim)
        caller = self._anyone(data)
        self._note(f"reclaim({job_id}) by {caller[:8]}")
        self._do_reclaim(job_id, caller)

    def _do_reclaim(self, job_id: int, caller: str) -> None:
        job = self.jobs.get(job_id)

        def call():
            return self.escrow.reclaim(job_id, sender=caller)

        if _status_of(job) != JobStatus.OPEN:
            return self._check_revert(call, "escrow: job not open", job_id)
        if now() <= job.deadline + self.w.settle_grace:
            return self._check_revert(call, "escrow: deadline + grace not reached", job_id)
        call()
        job.status, job.window_end = JobStatus.RECLAIMED, 0
        job.refunded += job.budget
        self._move(self.escrow.address, job.requester, job.budget)

    def _dispute(self, data):
        job_id = self._pick_job(data, self._can_dispute)
        job = self.jobs.get(job_id)
        variant = self._variant(data, ["someone else", "no_allowance"], "dispute variant")
        sender = job.requester if job is not None and variant != "someone else" else self._anyone(data)
        self._note(f"dispute({job_id}) by {sender[:8]} [{variant}]")
        self._do_dispute(job_id, sender, with_allowance=variant != "no_allowance")

    def _do_dispute(self, job_id: int, sender: str, with_allowance: bool = True) -> None:
        job = self.jobs.get(job_id)
        bond = self.w.dispute_bond
        self._mint(sender, bond)
        self.s.token.approve(self.escrow.address, bond if with_allowance else max(bond - 1, 0), sender=sender)

        def call():
            return self.escrow.dispute(job_id, sender=sender)

        if job is None or job.status != JobStatus.SETTLED or job.round != 0:
            return self._check_revert(call, "escrow: job not disputable", job_id)
        if now() >= job.window_end:
            return self._check_revert(call, "escrow: dispute window closed", job_id)
        if sender != job.requester:
            return self._check_revert(call, "escrow: caller is not the requester", job_id)
        if not with_allowance and bond > 0:
            return self._check_revert(call, "erc20: insufficient allowance", job_id)
        call()
        job.status, job.window_end = JobStatus.DISPUTED, now() + self.w.resolve_timeout
        job.bond = bond
        job.bond_in += bond
        job.payout_at_dispute = job.unclaimed
        self._move(sender, self.escrow.address, bond)

    def _resolve(self, data):
        job_id = self._pick_job(data, self._can_resolve)
        job = self.jobs.get(job_id)
        if job is not None and job.status == JobStatus.DISPUTED:
            pool, fee = job.unclaimed + job.refund, job.fee
            old_root, old_payout, old_refund, old_leaves = job.root, job.unclaimed, job.refund, job.leaves
        else:
            pool = data.draw(st.integers(1, 10**6), label="pool of a job that is not disputed")
            fee, old_root, old_payout, old_refund, old_leaves = 0, ZERO32, pool, 0, {}
        verdict = data.draw(st.sampled_from(["overturned", "upheld"]), label="verdict")
        if verdict == "upheld":
            root, payout, refund, leaves = old_root, old_payout, old_refund, dict(old_leaves)
        else:
            payout = data.draw(st.integers(0, pool), label="new total_payout")
            refund = pool - payout
            root, leaves = self._draw_leaves(data, job_id, payout)
        variant = self._variant(data, ["wrong_round", "fee_changed", "sum_off", "slashes_mismatch"], "resolve variant")
        round_ = data.draw(st.sampled_from([0, 2, 255]), label="round") if variant == "wrong_round" else 1
        if variant == "fee_changed":
            delta = 1 if fee == 0 or refund == 0 or data.draw(st.booleans(), label="fee up") else -1
            fee += delta
            refund = max(refund - delta, 0)
        elif variant == "sum_off":
            refund += 1
        slashes = self._draw_slashes(data)
        slashes_hash = eip712.slashes_hash(slashes)
        if variant == "slashes_mismatch":
            slashes_hash = eip712.slashes_hash([*slashes, (self.w.payees[1], 7)])
        settlement = eip712.Settlement(job_id, root, payout, fee, refund, slashes_hash, RESOLVED_RESULT_HASH, round_)
        sigs, signer_addrs, sig_reason = self._draw_signatures(data, settlement)
        caller = self._anyone(data)
        self._note(
            f"resolve({job_id}, payout={payout}, fee={fee}, refund={refund}, same root={root == old_root}, "
            f"slashes={slashes}, round={round_}, sigs={len(sigs)}) [{verdict}, {variant}, "
            f"signatures: {sig_reason or 'ok'}]"
        )
        self._do_resolve(settlement, leaves, slashes, sigs, signer_addrs, sig_reason, caller, pool)

    def _do_resolve(
        self,
        settlement: eip712.Settlement,
        leaves: dict[str, Leaf],
        slashes: list[tuple[str, int]],
        sigs: list[bytes],
        signer_addrs: list[str],
        sig_reason: str | None,
        caller: str,
        pool: int,
    ) -> None:
        job_id, root, payout, fee, refund, slashes_hash, _, round_ = settlement.as_tuple()
        job = self.jobs.get(job_id)

        def call():
            return self.escrow.resolve(settlement.as_tuple(), slashes, sigs, sender=caller)

        if _status_of(job) != JobStatus.DISPUTED:
            reason = "escrow: job not disputed"
        elif now() >= job.window_end:
            reason = "escrow: dispute timed out"
        elif round_ != 1:
            reason = "escrow: wrong round"
        elif fee != job.fee:
            reason = "escrow: oracle fee cannot change"
        elif payout + refund != pool:
            reason = "escrow: amounts must add up to budget"
        elif slashes_hash != eip712.slashes_hash(slashes):
            reason = "escrow: slashes do not match hash"
        else:
            reason = sig_reason
        if reason:
            return self._check_revert(call, reason, job_id)
        call()
        upheld = root == job.root and payout == job.unclaimed and refund == job.refund
        logs = [e for e in self.escrow.get_logs() if type(e).__name__ == "DisputeResolved"]
        assert len(logs) == 1 and logs[0].upheld == upheld and logs[0].bond == job.bond
        if upheld and job.unclaimed > 0:
            job.bond_to_workers = True  # the failed dispute's bond pays the workers' wait
            job.refund = refund
        else:
            bond, job.bond = job.bond, 0
            job.refund_bond_part += bond
            job.refund = refund + bond
        if root != job.root or leaves != job.leaves:
            job.old_leaves.append(job.leaves)
        job.root, job.leaves, job.unclaimed = root, leaves, payout
        job.status, job.round, job.window_end = JobStatus.SETTLED, 1, now()
        self._apply_slashes(slashes)

    def _predict_claim(self, worker: str, items: list[tuple[int, int, list[bytes]]]):
        """(revert reason, None) or (None, {job_id: amount paid})."""
        if not items:
            return "escrow: nothing to claim", None
        left: dict[int, int] = {}
        paid: dict[int, int] = {}
        for job_id, amount, proof in items:
            job = self.jobs.get(job_id)
            if not self._is_final(job):
                return "escrow: payouts not claimable yet", None
            if worker in job.claimed or job_id in paid:
                return "escrow: already claimed", None
            if not merkle_verify(job.root, leaf_hash(PAYOUT_LEAF_TYPES, (job_id, worker, amount)), proof):
                return "escrow: invalid proof", None
            remaining = left.get(job_id, job.unclaimed)
            if amount > remaining:
                return "escrow: payout exceeds what is left", None
            left[job_id] = remaining - amount
            paid[job_id] = amount + self._bond_share(job, amount)
        return None, paid

    def _bond_share(self, job: GhostJob, amount: int) -> int:
        if not job.bond_goes_to_workers() or job.payout_at_dispute == 0:
            return 0
        return amount * self.w.dispute_bond // job.payout_at_dispute

    def _do_claim(
        self, worker: str, items: list[tuple[int, int, list[bytes]]], caller: str, amounts: list[int] | None = None
    ) -> None:
        job_ids = [i[0] for i in items]
        amounts = [i[1] for i in items] if amounts is None else amounts
        proofs = [i[2] for i in items]

        def call():
            return self.escrow.claim(worker, job_ids, amounts, proofs, sender=caller)

        if len(amounts) != len(items):
            return self._check_revert(call, "escrow: length mismatch", *job_ids)
        reason, paid = self._predict_claim(worker, items)
        if reason:
            return self._check_revert(call, reason, *job_ids)
        total = call()
        assert total == sum(paid.values())
        logs = [e for e in self.escrow.get_logs() if type(e).__name__ == "PayoutClaimed"]
        assert [(e.job_id, e.worker, e.amount) for e in logs] == [(j, worker, a) for j, a in paid.items()]
        for job_id, amount in zip(job_ids, amounts, strict=True):
            job = self.jobs[job_id]
            assert worker not in job.claimed, "a payout leaf was paid twice"
            share = paid[job_id] - amount
            job.claimed.add(worker)
            job.unclaimed -= amount
            job.paid += amount
            job.bond -= share
            job.bond_paid_to_workers += share
        self._move(self.escrow.address, worker, total)

    def _claim(self, data):
        payable = [w for w in self.w.payees if self._payable(w)]
        with_leaves = [w for w in self.w.payees if self._all_leaves(w)]
        first = []
        if self.focus is not None:
            # a worker of the focused job claims its leaf there, in a batch with its other payable leaves
            job = self.jobs[self.focus]
            holders = [w for w in job.leaves if w not in job.claimed] or list(job.leaves)
            if not holders:
                return self.skipped()
            worker = data.draw(st.sampled_from(holders), label="worker")
            first = [(job.id, job.leaves[worker].amount, job.leaves[worker].proof)]
            pool = self._payable(worker)
        elif self.aim and payable:
            worker = data.draw(st.sampled_from(payable), label="worker")
            pool = self._payable(worker)
        else:
            worker = data.draw(st.sampled_from(with_leaves or self.w.payees), label="worker")
            pool = self._all_leaves(worker) or [(self.next_id, 1, [])]
        if self.aim and self._variant(data, ["any of its leaves"], "claim pool") != "ok":
            pool = self._all_leaves(worker)
        pool = [i for i in pool if not first or i[0] != self.focus]
        items = first + data.draw(
            st.lists(
                st.sampled_from(pool), min_size=0 if first or not pool else 1, max_size=5, unique_by=lambda i: i[0]
            )
            if pool
            else st.just([]),
            label="leaves",
        )
        variant = self._variant(
            data,
            [
                "wrong_amount",
                "foreign_leaf",
                "no_job",
                "empty",
                "length_mismatch",
                "already_claimed",
                "same_leaf_twice",
            ],
            "claim variant",
        )
        amounts = None
        if variant == "wrong_amount":
            i = data.draw(st.integers(0, len(items) - 1), label="item")
            j, a, p = items[i]
            items[i] = (j, a + (data.draw(st.sampled_from([1, -1]), label="off by") if a > 1 else 1), p)
        elif variant == "foreign_leaf":
            others = [
                (j.id, leaf.amount, leaf.proof)
                for j in self.jobs.values()
                for w, leaf in j.leaves.items()
                if w != worker
            ]
            if others:
                items.append(data.draw(st.sampled_from(others), label="another worker's leaf"))
        elif variant == "no_job":
            items.insert(data.draw(st.integers(0, len(items)), label="at"), (self.next_id, 1, []))
        elif variant == "empty":
            items = []
        elif variant == "length_mismatch":
            amounts = [i[1] for i in items][:-1]
        elif variant == "same_leaf_twice":
            items.insert(
                data.draw(st.integers(0, len(items)), label="at"),
                items[data.draw(st.integers(0, len(items) - 1), label="leaf")],
            )
        elif variant == "already_claimed":
            done = [
                (j.id, j.leaves[worker].amount, j.leaves[worker].proof)
                for j in self.jobs.values()
                if worker in j.claimed
            ]
            if done:
                items.append(data.draw(st.sampled_from(done), label="claimed leaf"))
        caller = data.draw(st.sampled_from([worker, self.w.outsider, self.w.requesters[0]]), label="caller")
        self._note(f"claim({worker[:8]}, {[(j, a) for j, a, _ in items]}) [{variant}]")
        self._do_claim(worker, items, caller, amounts)

    def _claim_refund(self, data):
        job_id = self._pick_job(data, self._can_claim_refund)
        caller = self._anyone(data)
        self._note(f"claim_refund({job_id}) by {caller[:8]}")
        self._do_claim_refund(job_id, caller)

    def _do_claim_refund(self, job_id: int, caller: str) -> None:
        job = self.jobs.get(job_id)

        def call():
            return self.escrow.claim_refund(job_id, sender=caller)

        if not self._is_final(job):
            return self._check_revert(call, "escrow: refund not claimable yet", job_id)
        bond = self._bond_returns(job)
        amount = job.refund + bond
        if amount == 0:
            return self._check_revert(call, "escrow: nothing to refund", job_id)
        assert call() == amount
        job.refunded += job.refund - job.refund_bond_part
        job.bond_returned += job.refund_bond_part + bond
        job.refund = job.refund_bond_part = 0
        job.bond -= bond
        self._move(self.escrow.address, job.requester, amount)

    def _sweep(self, data):
        job_id = self._pick_job(data, self._can_sweep)
        caller = self._anyone(data)
        self._note(f"sweep({job_id}) by {caller[:8]}")
        self._do_sweep(job_id, caller)

    def _do_sweep(self, job_id: int, caller: str) -> None:
        job = self.jobs.get(job_id)

        def call():
            return self.escrow.sweep(job_id, sender=caller)

        if not self._is_final(job):
            return self._check_revert(call, "escrow: payouts not claimable yet", job_id)
        if now() < job.window_end + self.w.claim_expiry:
            return self._check_revert(call, "escrow: claim period not over", job_id)
        amount = self._sweepable(job)
        if amount == 0:
            return self._check_revert(call, "escrow: nothing to sweep", job_id)
        assert call() == amount
        self._move(self.escrow.address, job.requester, amount)
        bond = job.bond if job.bond_goes_to_workers() else 0
        job.swept += job.unclaimed
        job.unclaimed = 0
        job.bond_swept += bond
        job.bond -= bond

    def _add_fee_signatures(self, data):
        job_id = self._pick_job(data, self._can_join)
        job = self.jobs.get(job_id)
        keys = self.s.oracle_keys
        chosen = data.draw(
            st.lists(st.sampled_from(range(len(keys))), min_size=1, max_size=len(keys), unique=True), label="joiners"
        )
        settlement = job.settlement0 if job is not None and job.settlement0 is not None else None
        if settlement is None:
            settlement = eip712.Settlement(job_id, ZERO32, 0, 1, 0, eip712.slashes_hash([]), RESULT_HASH, 0)
        variant = self._variant(data, ["other_settlement", "outsider", "round_1"], "join variant")
        if variant == "other_settlement":
            settlement = dataclasses.replace(settlement, result_hash=keccak(b"another manifest"))
        elif variant == "round_1":
            settlement = dataclasses.replace(settlement, round=1)
        chosen_keys = [keys[i] for i in chosen] + ([self.w.outsider_key] if variant == "outsider" else [])
        sigs = self.s.oracle_sigs(settlement, chosen_keys)
        caller = self._anyone(data)
        self._note(f"add_fee_signatures({job_id}, positions={sorted(chosen)}) [{variant}]")

        def call():
            return self.escrow.add_fee_signatures(settlement.as_tuple(), sigs, sender=caller)

        added = sum(1 << i for i in chosen)
        if not self._settled(job) or now() >= job.join_end:
            reason = "escrow: fee signing closed"
        elif job.fee == 0:
            reason = "escrow: no fee to share"
        elif variant in ("other_settlement", "round_1"):
            reason = "escrow: not the settled settlement"
        elif variant == "outsider":
            reason = "committee: not a signer"
        elif job.fee_signers | added == job.fee_signers:
            reason = "escrow: no new fee signers"
        else:
            reason = None
        if reason:
            return self._check_revert(call, reason, job_id)
        assert call() == job.fee_signers | added
        job.fee_signers |= added

    def _claim_fees(self, data):
        owed = [a for a in self.w.signers if self._fee_claimable(a)]
        if self.aim and owed:
            signer = data.draw(st.sampled_from(owed), label="signer")
            pool = self._fee_claimable(signer)
        else:
            signer = data.draw(st.sampled_from([*self.w.signers, self.w.outsider]), label="anyone")
            pool = sorted(self.jobs) + [self.next_id]
        job_ids = data.draw(
            st.lists(st.sampled_from(pool), min_size=0 if not self.aim else 1, max_size=4), label="jobs"
        )
        caller = self._anyone(data)
        self._note(f"claim_fees({signer[:8]}, {job_ids})")
        self._do_claim_fees(signer, job_ids, caller)

    def _do_claim_fees(self, signer: str, job_ids: list[int], caller: str) -> None:
        def call():
            return self.escrow.claim_fees(signer, job_ids, sender=caller)

        if not job_ids:
            return self._check_revert(call, "escrow: nothing to claim")
        bit = 1 << self.position[signer] if signer in self.position else 0
        paid: dict[int, int] = {}
        for job_id in job_ids:
            job = self.jobs.get(job_id)
            if not self._settled(job) or now() < job.join_end:
                return self._check_revert(call, "escrow: fees not claimable yet", *set(job_ids))
            if not job.fee_signers & bit:
                return self._check_revert(call, "escrow: not a fee signer", *set(job_ids))
            if job.fee_paid & bit or job_id in paid:
                return self._check_revert(call, "escrow: fee already claimed", *set(job_ids))
            paid[job_id] = job.fee_shares()[bit]
        assert call() == sum(paid.values())
        for job_id, amount in paid.items():
            self.jobs[job_id].fee_paid |= bit
            self.jobs[job_id].fee_paid_amount += amount
        self._move(self.escrow.address, signer, sum(paid.values()))

    # ------------------------------------------------------------------ rules
    # Rules run only when they have a valid target, so most steps do
    # something; `any_move` tries any move on any job, mostly invalid ones.

    @initialize(data=st.data())
    @step
    def open_first_jobs(self, data):
        """Every example starts with 1-3 open jobs (hypothesis's swarm testing
        may switch `create_job` off for a whole example)."""
        for _ in range(data.draw(st.integers(1, 3), label="first jobs")):
            self._create_job(data, valid=True)

    @precondition(lambda self: sum(j.owed() > 0 for j in self.jobs.values()) < MAX_LIVE_JOBS)
    @rule(data=st.data())
    @step
    def create_job(self, data):
        self._create_job(data)

    @precondition(lambda self: self._any(self._can_settle))
    @rule(data=st.data())
    @step
    def settle(self, data):
        self._settle(data)

    @precondition(lambda self: self._any(lambda j: j.status == JobStatus.OPEN))
    @rule(data=st.data())
    @step
    def reject(self, data):
        self._reject(data)

    @precondition(lambda self: self._any(self._can_reclaim))
    @rule(data=st.data())
    @step
    def reclaim(self, data):
        self._reclaim(data)

    @precondition(lambda self: self._any(self._can_dispute))
    @rule(data=st.data())
    @step
    def dispute(self, data):
        self._dispute(data)

    @precondition(lambda self: self._any(self._can_resolve))
    @rule(data=st.data())
    @step
    def resolve(self, data):
        self._resolve(data)

    @precondition(lambda self: any(self._payable(w) for w in self.w.payees))
    @rule(data=st.data())
    @step
    def claim(self, data):
        self._claim(data)

    @precondition(lambda self: self._any(self._can_claim_refund))
    @rule(data=st.data())
    @step
    def claim_refund(self, data):
        self._claim_refund(data)

    @precondition(lambda self: self._any(self._can_sweep))
    @rule(data=st.data())
    @step
    def sweep(self, data):
        self._sweep(data)

    @precondition(lambda self: self._any(self._can_join))
    @rule(data=st.data())
    @step
    def add_fee_signatures(self, data):
        self._add_fee_signatures(data)

    @precondition(lambda self: any(self._fee_claimable(a) for a in self.w.signers))
    @rule(data=st.data())
    @step
    def claim_fees(self, data):
        self._claim_fees(data)

    @precondition(lambda self: self.jobs)
    @rule(data=st.data())
    @step
    def any_move(self, data):
        """Any move on any job (or none), with arguments that are mostly wrong."""
        move = data.draw(st.sampled_from(MOVES), label="move")
        self.aim = False
        try:
            getattr(self, f"_{move}")(data)
        finally:
            self.aim = True
        self._outcome = f"{move} {self._outcome}"

    def _live(self, job: GhostJob) -> bool:
        return job.owed() > 0

    def _next_moves(self, job: GhostJob) -> list[str]:
        """The moves that take `job` a step further in its life ("wait":
        travel to its next deadline)."""
        if job.status == JobStatus.OPEN:
            if self._can_settle(job):
                return ["settle", "settle", "settle", "reject", "request_cancel", "wait", "edge"]
            return ["reclaim"]
        if not self._is_final(job):
            return ["dispute", "wait", "edge"] if self._can_dispute(job) else ["resolve", "resolve", "wait", "edge"]
        moves = []
        if any(i[0] == job.id for w in self.w.payees for i in self._payable(w)):
            moves.append("claim")
        if self._can_claim_refund(job):
            moves.append("claim_refund")
        if self._can_sweep(job):
            moves.append("sweep")
        elif self._sweepable(job) > 0:
            moves += ["wait", "edge"]
        if self._can_join(job):
            moves.append("add_fee_signatures")
        if job.unpaid_fee() and now() >= job.join_end:
            moves.append("claim_fees")
        elif job.unpaid_fee() and not moves:
            moves.append("wait_join_end")
        return moves

    def _wait_join_end(self, data):
        job = self.jobs[self.focus]
        self._note(f"wait for job {job.id}'s join_end: travel_to({job.join_end})")
        travel_to(job.join_end)

    def _wait(self, data):
        job = self.jobs[self.focus]
        if job.status == JobStatus.OPEN:
            target = job.deadline + self.w.settle_grace + 1
        elif not self._is_final(job):
            target = job.window_end
        else:
            target = job.window_end + self.w.claim_expiry
        self._note(f"wait for job {job.id}: travel_to({target})")
        travel_to(target)

    @precondition(lambda self: any(j.owed() > 0 for j in self.jobs.values()))
    @rule(data=st.data())
    @step
    def advance_a_job(self, data):
        """Takes one job that still holds tokens one step further in its life
        (settle, dispute, resolve, wait, claim, refund, sweep...), so that
        every example reaches deep states whichever rules hypothesis's swarm
        testing switched off."""
        live = sorted(j.id for j in self.jobs.values() if self._live(j))
        job = self.jobs[data.draw(st.sampled_from(live), label="job to advance")]
        move = data.draw(st.sampled_from(self._next_moves(job)), label="next move")
        self.focus = job.id
        try:
            getattr(self, f"_{move}")(data)
        finally:
            self.focus = None
        self._outcome = f"{move} {self._outcome}"

    def _edges_ahead(self) -> list[tuple[int, int, tuple[str, ...]]]:
        """(time, job, moves whose validity flips there) for every job edge
        not yet passed: deadline + grace, end of the dispute window or of the
        resolve timeout, end of the claim period."""
        out = []
        for job in self.jobs.values():
            edges = []
            if job.status == JobStatus.OPEN:
                edges.append((job.deadline + self.w.settle_grace, ("settle", "reclaim")))
            elif job.status == JobStatus.SETTLED and job.round == 0:
                edges.append((job.window_end, ("dispute", "claim", "claim_refund")))
            elif job.status == JobStatus.DISPUTED:
                edges.append((job.window_end, ("resolve", "claim", "claim_refund")))
            if job.status in (JobStatus.SETTLED, JobStatus.DISPUTED) and self._sweepable(job):
                edges.append((job.window_end + self.w.claim_expiry, ("sweep",)))
            if self._settled(job) and job.fee:
                edges.append((job.join_end, ("add_fee_signatures", "claim_fees")))
            out += [(t, job.id, moves) for t, moves in edges if t + 1 >= now()]
        return sorted(out)

    def _probe_edge(self, data, job_id: int | None = None) -> None:
        """Travel to exactly (or one second around) an edge ahead, of any job
        or of `job_id`, and there try a move whose validity flips at that edge:
        where off-by-one bugs live (the model says which way it must go)."""
        edges = [e for e in self._edges_ahead() if job_id is None or e[1] == job_id]
        if not edges:
            return self.skipped()
        # the kind of edge first, so that short-lived ones (a dispute window) get their share
        kind = data.draw(st.sampled_from(sorted({moves for _, _, moves in edges})), label="edge kind")
        edge, job_id, moves = data.draw(st.sampled_from([e for e in edges if e[2] == kind]), label="edge")
        offsets = [d for d in (0, 0, 0, -1, 1) if edge + d >= now()]
        target = edge + data.draw(st.sampled_from(offsets), label="edge +")
        self._note(f"travel_to({target}) (edge of job {job_id})")
        travel_to(target)
        move = data.draw(st.sampled_from(moves), label="then try")
        focus, self.focus = self.focus, job_id
        try:
            getattr(self, f"_{move}")(data)
        finally:
            self.focus = focus
        self._outcome = f"{move} {self._outcome}"

    def _edge(self, data):
        """`advance_a_job`'s move: probe an edge of the focused job."""
        self._probe_edge(data, self.focus)

    @precondition(lambda self: self._edges_ahead())
    @rule(data=st.data())
    @step
    def probe_an_edge(self, data):
        self._probe_edge(data)

    @precondition(lambda self: self.jobs)
    @rule(seconds=time_steps)
    @step
    def let_time_pass(self, seconds):
        self._note(f"time_travel({seconds})")
        boa.env.time_travel(seconds=seconds)

    # ------------------------------------------------------------- invariants

    @invariant()
    def invariants_hold(self):
        """After every step: the checks below, in this order."""
        self.escrow_holds_exactly_what_it_owes()
        self.jobs_match_the_model_and_add_up()
        self.each_payout_leaf_paid_at_most_once()
        self.token_balances_match_the_model()
        self.registry_holds_what_it_books()
        self.touched.clear()

    def escrow_holds_exactly_what_it_owes(self):
        """Its balance is exactly what it still owes: open budgets, unclaimed
        payouts, pending refunds, dispute bonds and oracle fees not yet claimed."""
        owed = sum(j.owed() for j in self.jobs.values())
        balance = self.s.token.balanceOf(self.escrow.address)
        assert balance == owed, f"escrow holds {balance}, owes {owed}"
        assert balance == self.balances[self.escrow.address]
        for job in self.jobs.values():
            if not self._settled(job):
                continue
            state = self.escrow.fee_state(job.id)
            assert (state.fee, state.signers, state.paid, state.join_end) == (
                job.fee,
                job.fee_signers if job.fee else state.signers,
                job.fee_paid,
                job.join_end,
            ), f"fee of job {job.id}"

    def jobs_match_the_model_and_add_up(self):
        """Every job as the model has it, and its money adds up to its budget."""
        assert self.escrow.job_count() == self.next_id - 1
        for job in self.jobs.values():
            got = self.escrow.get_job(job.id)
            assert (
                got.requester,
                got.status,
                got.round,
                got.deadline,
                got.window_end,
                got.budget,
                got.spec_hash,
                got.payout_root,
                got.unclaimed_payout,
                got.refund,
                got.dispute_bond,
            ) == (
                job.requester,
                job.status,
                job.round,
                job.deadline,
                job.window_end,
                job.budget,
                job.spec_hash,
                job.root if job.status in (JobStatus.SETTLED, JobStatus.DISPUTED) else ZERO32,
                job.unclaimed,
                job.refund,
                job.bond,
            ), f"job {job.id}: contract {got} vs model {job}"
            assert self.escrow.is_final(job.id) == self._is_final(job)
            # Money in == money out + money held, for the budget and for the bond separately.
            assert (
                job.paid
                + job.fee
                + job.refunded
                + job.swept
                + job.unclaimed
                + (job.refund - job.refund_bond_part)
                + (job.budget if job.status == JobStatus.OPEN else 0)
                == job.budget
            )
            assert job.paid + job.fee <= job.budget and job.refunded + job.swept <= job.budget
            assert (
                job.bond_in
                == job.bond_returned + job.bond_paid_to_workers + job.bond_swept + job.bond + job.refund_bond_part
            )
            assert job.fee_paid_amount + job.unpaid_fee() == (job.fee if job.fee_signers else 0)
            assert job.paid == sum(leaf.amount for w, leaf in job.leaves.items() if w in job.claimed)

    def each_payout_leaf_paid_at_most_once(self):
        """`is_claimed` agrees with the model's set of paid (job, worker) leaves."""
        for job in self.jobs.values():
            names = set(job.claimed) | set(job.leaves)
            for leaves in job.old_leaves:
                names |= set(leaves)
            for worker in names:
                assert self.escrow.is_claimed(worker, job.id) == (worker in job.claimed), (job.id, worker)

    def token_balances_match_the_model(self, everyone: bool = False):
        """Balances of the contracts, the treasury and whoever the step paid or charged."""
        s = self.s
        for who in self.w.tracked if everyone else {*self.touched, s.escrow.address, s.registry.address, s.treasury}:
            assert s.token.balanceOf(who) == self.balances[who], f"balance of {who}"

    def registry_holds_what_it_books(self, everyone: bool = False):
        """Slashes through the escrow: registry balance == total_bonded == sum of stakes."""
        registry = self.s.registry
        total = registry.total_bonded()
        assert self.s.token.balanceOf(registry.address) == total
        assert total == sum(s + u for s, u in self.stakes.values())
        for worker, (staked, unbonding) in self.stakes.items():
            if everyone or worker in self.touched:
                node = registry.nodes(worker)
                assert (node.staked, node.unbonding) == (staked, unbonding), worker

    # ------------------------------------------------------- end of an example

    def finish(self) -> None:
        """Drive every job to its end, checking each edge on the way (one
        second before, at, and after it, the model says what must revert),
        then nothing may be left in the escrow."""
        self._note("finish")
        grace, ce = self.w.settle_grace, self.w.claim_expiry
        # 1. Open jobs reach deadline + grace; settled ones the end of their
        #    dispute window; disputed ones their resolve timeout.
        edges = sorted(
            [(j.deadline + grace, j.id) for j in self.jobs.values() if j.status == JobStatus.OPEN]
            + [
                (j.window_end, j.id)
                for j in self.jobs.values()
                if j.status in (JobStatus.SETTLED, JobStatus.DISPUTED) and not self._is_final(j)
            ]
        )
        for edge, job_id in edges:
            job = self.jobs[job_id]
            if job.status == JobStatus.OPEN:
                for t in (edge, edge + 1):  # reclaim: too early at the edge, fine one second later
                    travel_to(t)
                    self._do_reclaim(job_id, self.w.outsider)
                continue
            travel_to(edge - 1)
            self._do_claim_refund(job_id, self.w.outsider)  # not final yet
            travel_to(edge)
            if job.status == JobStatus.SETTLED:
                self._do_dispute(job_id, job.requester)  # the window has just closed
            else:
                self._resolve_as_settled(job)  # the resolve timeout has just passed
        # 2. Each worker claims all its payable leaves in one transaction.
        for worker in self.w.payees:
            items, left = [], {}
            for job in self.jobs.values():
                leaf = job.leaves.get(worker)
                if leaf and worker not in job.claimed and leaf.amount <= left.get(job.id, job.unclaimed):
                    left[job.id] = left.get(job.id, job.unclaimed) - leaf.amount
                    items.append((job.id, leaf.amount, leaf.proof))
            for i in range(0, len(items), MAX_CLAIMS):
                self._do_claim(worker, items[i : i + MAX_CLAIMS], worker)
        # Leaves beyond what is left (a tree summing above total_payout) must
        # revert, and so must a second claim of any leaf and a replaced leaf.
        for job in self.jobs.values():
            for leaves in [job.leaves, *job.old_leaves]:
                for worker, leaf in leaves.items():
                    self._do_claim(worker, [(job.id, leaf.amount, leaf.proof)], worker)
        for job in self.jobs.values():
            if job.refund or self._bond_returns(job):
                self._do_claim_refund(job.id, self.w.outsider)
        # 3. What nobody claimed is swept back at the end of the claim period, not a second earlier.
        for edge, job_id in sorted((j.window_end + ce, j.id) for j in self.jobs.values() if self._sweepable(j)):
            travel_to(edge - 1)
            self._do_sweep(job_id, self.w.outsider)
            travel_to(edge)
            self._do_sweep(job_id, self.w.outsider)
        # 4. Every fee signer takes its share of each job, one second before and at join_end.
        for edge, job_id in sorted((j.join_end, j.id) for j in self.jobs.values() if j.unpaid_fee()):
            job = self.jobs[job_id]
            signers = [a for a in self.w.signers if job.fee_signers & 1 << self.position[a]]
            if now() < edge:
                travel_to(edge - 1)
                self._do_claim_fees(signers[0], [job_id], self.w.outsider)
                travel_to(edge)
            for signer in signers:
                if not job.fee_paid & 1 << self.position[signer]:
                    self._do_claim_fees(signer, [job_id], self.w.outsider)
        self.escrow_holds_exactly_what_it_owes()
        self.jobs_match_the_model_and_add_up()
        self.each_payout_leaf_paid_at_most_once()
        self.token_balances_match_the_model(everyone=True)
        self.registry_holds_what_it_books(everyone=True)
        assert self.s.token.balanceOf(self.escrow.address) == 0, "tokens stuck in the escrow"
        for job in self.jobs.values():
            assert job.unclaimed == job.refund == job.bond == 0, f"job {job.id} still holds tokens"
            assert job.paid + job.fee + job.refunded + job.swept == job.budget, f"job {job.id}"
            assert job.fee_paid_amount == (job.fee if job.fee_signers else 0), f"job {job.id}'s fee"

    def _resolve_as_settled(self, job: GhostJob) -> None:
        """A committee resolve that upholds the settlement, properly signed:
        refused once the resolve timeout has passed (the model checks)."""
        settlement = eip712.Settlement(
            job.id, job.root, job.unclaimed, job.fee, job.refund, eip712.slashes_hash([]), RESOLVED_RESULT_HASH, 1
        )
        sigs = self.s.oracle_sigs(settlement)
        signers = sorted(
            (Account.from_key(k).address for k in self.s.oracle_keys[: self.s.params.threshold]),
            key=lambda a: int(a, 16),
        )
        self._do_resolve(
            settlement, dict(job.leaves), [], sigs, signers, None, self.w.outsider, job.unclaimed + job.refund
        )


EscrowMachine.TestCase.settings = SETTINGS
test_escrow_invariants = EscrowMachine.TestCase
