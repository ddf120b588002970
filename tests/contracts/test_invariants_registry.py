"""Invariant tests of WorkerRegistry: a hypothesis state machine drives the
real contract (titanoboa) through random sequences of register / stake /
begin_unbond / withdraw / slash / jail (by an address made slasher) and the
owner's settings, valid and invalid, with time travel, against a ghost model.

After every step the contract must agree with the model, and:

* the registry's token balance == total_bonded == the sum of (staked +
  unbonding) over all nodes;
* a slash never takes more than the node's stake (active first, then
  unbonding), and what it takes is exactly what the treasury receives;
* eligibility follows the role, the role's minimum stake and the jail term;
* no tokens appear or vanish: nodes' wallets + stake + treasury == minted.

Every invalid move must revert with the reason the model predicts and change
nothing. At the end of each example every node unbonds and withdraws, and
the registry must hold exactly 0.

One deployment per module; each example runs inside `boa.env.anchor()`.
Default: 50 examples of up to 30 steps (GPUHIVE_FUZZ_EXAMPLES / _STEPS scale
it); the numbers of each run go to benchmarks/results/invariants.json.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import boa
from boa_system import System, deploy_system, keyed_account
from fuzz_support import AnchoredMachine, ModuleRun, expect_revert, fuzz_settings, now, travel_to
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from protocol.contracts import TOKEN, Role

DAY = 86_400
ZERO_ADDRESS = "0x" + "00" * 20
ROLES = (Role.WORKER, Role.SENTRY, Role.LABELER)


@dataclass
class World:
    system: System
    nodes: list[str]  # none registered at the start
    slasher: str  # made a slasher by the owner
    non_slasher: str
    owner: str
    treasury: str
    min_stake: dict[int, int]
    unbonding_period: int
    max_unbonding_period: int
    max_jail: int
    total_bonded: int
    balances: dict[str, int]

    @property
    def tracked(self) -> list[str]:
        return [*self.nodes, self.treasury, self.slasher, self.system.registry.address]


def build_world() -> World:
    system = deploy_system()
    registry = system.registry
    nodes = [keyed_account(f"fuzz-node-{i}")[0] for i in range(5)]
    slasher = keyed_account("fuzz-slasher")[0]
    registry.set_slasher(slasher, True, sender=system.deployer)
    w = World(
        system,
        nodes,
        slasher,
        keyed_account("fuzz-non-slasher")[0],
        system.deployer,
        system.treasury,
        {r: registry.min_stake(r) for r in (0, *ROLES, 4)},
        registry.unbonding_period(),
        registry.MAX_UNBONDING_PERIOD(),
        registry.MAX_JAIL_DURATION(),
        registry.total_bonded(),
        {},
    )
    w.balances = {a: system.token.balanceOf(a) for a in w.tracked}
    return w


@dataclass(frozen=True)
class GhostNode:
    role: int = 0
    capabilities: int = 0
    staked: int = 0
    unbonding: int = 0
    unbond_ready_at: int = 0
    jailed_until: int = 0
    metadata_cid: str = ""


SETTINGS = fuzz_settings(default_examples=50, default_steps=30)
RUN = ModuleRun("test_invariants_registry", build_world, SETTINGS)
setup_module = RUN.setup_module
teardown_module = RUN.teardown_module
step = RUN.step

time_steps = st.one_of(
    st.sampled_from([1, 3_600, DAY, 7 * DAY - 1, 7 * DAY, 7 * DAY + 1, 30 * DAY]), st.integers(1, 100 * DAY)
)
cids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz234567", max_size=64).map(lambda s: "bafy" + s)


class RegistryMachine(AnchoredMachine):
    def __init__(self) -> None:
        w = RUN.world()
        self.w = w
        self.s = w.system
        self.registry = w.system.registry
        self.nodes = {n: GhostNode() for n in w.nodes}
        self.min_stake = dict(w.min_stake)
        self.unbonding_period = w.unbonding_period
        self.slasher_allowed = True
        self.balances = dict(w.balances)
        self.minted = 0  # minted to nodes during the example
        self.slashed = 0  # paid to the treasury during the example
        self.trace: list[str] = []
        self.aim = True
        RUN.stats.examples += 1
        super().__init__()

    # ---------------------------------------------------------------- helpers

    def _note(self, text: str) -> None:
        self.trace.append(f"[t={now()}] {text}")

    def _observe(self, *nodes: str):
        return (
            tuple(self.registry.nodes(n) for n in nodes),
            self.registry.total_bonded(),
            self.s.token.balanceOf(self.registry.address),
        )

    def _check_revert(self, call, reason: str, *nodes: str) -> None:
        self.reverted()
        expect_revert(call, reason, observe=lambda: self._observe(*nodes))

    def _variant(self, data, invalid: list[str], label: str) -> str:
        if data.draw(st.integers(0, 99), label=f"{label}: valid?") < (85 if self.aim else 30):
            return "ok"
        return data.draw(st.sampled_from(invalid), label=label)

    def _pick_node(self, data, wanted) -> str:
        good = [n for n, g in self.nodes.items() if wanted(g)]
        if self.aim and good and data.draw(st.integers(0, 9), label="aim at a valid node") < 9:
            return data.draw(st.sampled_from(good), label="node")
        return data.draw(st.sampled_from(self.w.nodes), label="node (any)")

    def _eligible(self, node: str, role: int) -> bool:
        g = self.nodes[node]
        return g.role == role and role != 0 and g.staked >= self.min_stake[role] and g.jailed_until <= now()

    def _mint_and_approve(self, node: str, amount: int, allowance: int) -> None:
        self.s.fund(node, amount)
        self.balances[node] += amount
        self.minted += amount
        self.s.token.approve(self.registry.address, allowance, sender=node)

    def _move(self, frm: str, to: str, amount: int) -> None:
        self.balances[frm] -= amount
        self.balances[to] += amount

    # ----------------------------------------------------------------- moves

    def _register(self, data, node: str | None = None, valid: bool = False) -> None:
        node = node or self._pick_node(data, lambda g: g.role == 0)
        role = data.draw(st.sampled_from(ROLES), label="role")
        if not valid and self._variant(data, ["unknown role"], "register variant") != "ok":
            role = data.draw(st.sampled_from([0, 4, 255]), label="unknown role")
        capabilities = data.draw(st.integers(0, 2**256 - 1), label="capabilities")
        cid = data.draw(cids, label="cid")
        self._note(f"register({node[:8]}, role={role})")

        def call():
            return self.registry.register(role, capabilities, cid, sender=node)

        if role not in ROLES:
            return self._check_revert(call, "registry: unknown role", node)
        if self.nodes[node].role != 0:
            return self._check_revert(call, "registry: already registered", node)
        call()
        self.nodes[node] = replace(self.nodes[node], role=role, capabilities=capabilities, metadata_cid=cid)

    def _update_node(self, data) -> None:
        node = self._pick_node(data, lambda g: g.role != 0)
        capabilities = data.draw(st.integers(0, 2**256 - 1), label="capabilities")
        cid = data.draw(cids, label="cid")
        self._note(f"update_node({node[:8]})")

        def call():
            return self.registry.update_node(capabilities, cid, sender=node)

        if self.nodes[node].role == 0:
            return self._check_revert(call, "registry: not registered", node)
        call()
        self.nodes[node] = replace(self.nodes[node], capabilities=capabilities, metadata_cid=cid)

    def _stake(self, data, node: str | None = None, valid: bool = False) -> None:
        node = node or self._pick_node(data, lambda g: g.role != 0)
        g = self.nodes[node]
        min_stake = self.min_stake.get(g.role, 0) or self.min_stake[Role.WORKER]
        amount = data.draw(
            st.one_of(
                st.sampled_from([1, max(min_stake - g.staked - 1, 1), max(min_stake - g.staked, 1), min_stake]),
                st.integers(1, 1_000 * TOKEN),
            ),
            label="amount",
        )
        variant = "ok" if valid else self._variant(data, ["zero", "no_allowance"], "stake variant")
        if variant == "zero":
            amount = 0
        self._mint_and_approve(node, amount, amount - 1 if variant == "no_allowance" else amount)
        self._note(f"stake({node[:8]}, {amount}) [{variant}]")

        def call():
            return self.registry.stake(amount, sender=node)

        if g.role == 0:
            return self._check_revert(call, "registry: not registered", node)
        if amount == 0:
            return self._check_revert(call, "registry: zero amount", node)
        if variant == "no_allowance":
            return self._check_revert(call, "erc20: insufficient allowance", node)
        call()
        self.nodes[node] = replace(g, staked=g.staked + amount)
        self._move(node, self.registry.address, amount)
        logs = [e for e in self.registry.get_logs() if type(e).__name__ == "Staked"]
        assert len(logs) == 1 and (logs[0].node, logs[0].amount, logs[0].staked) == (node, amount, g.staked + amount)

    def _begin_unbond(self, data, node: str | None = None, valid: bool = False) -> None:
        node = node or self._pick_node(data, lambda g: g.staked > 0)
        g = self.nodes[node]
        amount = data.draw(st.one_of(st.integers(1, max(g.staked, 1)), st.just(g.staked)), label="amount")
        variant = "ok" if valid else self._variant(data, ["zero", "more than staked"], "unbond variant")
        if variant == "zero":
            amount = 0
        elif variant == "more than staked":
            amount = g.staked + data.draw(st.integers(1, 10 * TOKEN), label="excess")
        self._note(f"begin_unbond({node[:8]}, {amount}) [{variant}]")

        def call():
            return self.registry.begin_unbond(amount, sender=node)

        if amount == 0:
            return self._check_revert(call, "registry: zero amount", node)
        if amount > g.staked:
            return self._check_revert(call, "registry: amount exceeds stake", node)
        call()
        # Unbonding more restarts the clock for the whole unbonding amount.
        self.nodes[node] = replace(
            g, staked=g.staked - amount, unbonding=g.unbonding + amount, unbond_ready_at=now() + self.unbonding_period
        )

    def _withdraw(self, data, node: str | None = None) -> None:
        node = node or self._pick_node(data, lambda g: g.unbonding > 0 and now() >= g.unbond_ready_at)
        self._note(f"withdraw({node[:8]})")
        self._do_withdraw(node)

    def _do_withdraw(self, node: str) -> None:
        g = self.nodes[node]

        def call():
            return self.registry.withdraw(sender=node)

        if g.unbonding == 0:
            return self._check_revert(call, "registry: nothing unbonding", node)
        if now() < g.unbond_ready_at:
            return self._check_revert(call, "registry: still unbonding", node)
        call()
        self.nodes[node] = replace(g, unbonding=0)
        self._move(self.registry.address, node, g.unbonding)

    def _slash(self, data) -> None:
        node = self._pick_node(data, lambda g: g.staked + g.unbonding > 0)
        g = self.nodes[node]
        total = g.staked + g.unbonding
        amount = data.draw(
            st.one_of(
                st.sampled_from(
                    [
                        0,
                        1,
                        g.staked // 2,
                        g.staked,
                        g.staked + 1,
                        g.unbonding,
                        max(total - 1, 0),
                        total,
                        total + 1,
                        2**256 - 1,
                    ]
                ),
                st.integers(0, 2 * total + 1),
            ),
            label="amount",
        )
        by_slasher = self._variant(data, ["not a slasher"], "slash caller") == "ok"
        caller = (
            self.w.slasher
            if by_slasher
            else data.draw(st.sampled_from([self.w.non_slasher, node, self.w.owner]), label="caller")
        )
        reason = data.draw(st.binary(min_size=32, max_size=32), label="reason")
        self._note(f"slash({node[:8]}, {amount}) by {caller[:8]} (stake {g.staked} + {g.unbonding} unbonding)")

        def call():
            return self.registry.slash(node, amount, reason, sender=caller)

        if not (caller == self.w.slasher and self.slasher_allowed):
            return self._check_revert(call, "registry: caller is not a slasher", node)
        taken = call()
        assert taken == min(amount, total), f"slash took {taken} of {amount} asked, stake {total}"
        assert taken <= total, "a slash took more than the node's stake"
        active = min(taken, g.staked)
        self.nodes[node] = replace(g, staked=g.staked - active, unbonding=g.unbonding - (taken - active))
        self._move(self.registry.address, self.w.treasury, taken)
        self.slashed += taken
        logs = [e for e in self.registry.get_logs() if type(e).__name__ == "Slashed"]
        assert len(logs) == 1 and (logs[0].node, logs[0].slasher, logs[0].requested, logs[0].slashed) == (
            node,
            caller,
            amount,
            taken,
        )

    def _jail(self, data) -> None:
        node = data.draw(st.sampled_from(self.w.nodes), label="node")
        duration = data.draw(
            st.one_of(st.sampled_from([0, 1, DAY, self.w.max_jail]), st.integers(0, self.w.max_jail)), label="duration"
        )
        variant = self._variant(data, ["not a slasher", "too long"], "jail variant")
        if variant == "too long":
            duration = self.w.max_jail + data.draw(st.integers(1, DAY), label="excess")
        caller = self.w.non_slasher if variant == "not a slasher" else self.w.slasher
        self._note(f"jail({node[:8]}, {duration}) by {caller[:8]}")

        def call():
            return self.registry.jail(node, duration, sender=caller)

        if not (caller == self.w.slasher and self.slasher_allowed):
            return self._check_revert(call, "registry: caller is not a slasher", node)
        if duration > self.w.max_jail:
            return self._check_revert(call, "registry: jail too long", node)
        call()
        g = self.nodes[node]
        self.nodes[node] = replace(g, jailed_until=max(g.jailed_until, now() + duration))

    def _set_min_stake(self, data) -> None:
        role = data.draw(st.sampled_from(ROLES), label="role")
        amount = data.draw(
            st.one_of(st.sampled_from([1, 50 * TOKEN, 100 * TOKEN, 200 * TOKEN]), st.integers(1, 500 * TOKEN)),
            label="amount",
        )
        variant = self._variant(data, ["not the owner", "unknown role", "zero"], "min stake variant")
        caller = self.w.non_slasher if variant == "not the owner" else self.w.owner
        if variant == "unknown role":
            role = data.draw(st.sampled_from([0, 4]), label="unknown role")
        elif variant == "zero":
            amount = 0
        self._note(f"set_min_stake({role}, {amount}) by {caller[:8]}")

        def call():
            return self.registry.set_min_stake(role, amount, sender=caller)

        if caller != self.w.owner:
            return self._check_revert(call, "ownable: caller is not the owner")
        if role not in ROLES:
            return self._check_revert(call, "registry: unknown role")
        if amount == 0:
            return self._check_revert(call, "registry: minimum stake must be positive")
        call()
        self.min_stake[role] = amount

    def _set_unbonding_period(self, data) -> None:
        period = data.draw(
            st.one_of(
                st.sampled_from([0, 1, DAY, 7 * DAY, self.w.max_unbonding_period]),
                st.integers(0, self.w.max_unbonding_period),
            ),
            label="period",
        )
        variant = self._variant(data, ["not the owner", "too long"], "unbonding period variant")
        if variant == "too long":
            period = self.w.max_unbonding_period + data.draw(st.integers(1, DAY), label="excess")
        caller = self.w.non_slasher if variant == "not the owner" else self.w.owner
        self._note(f"set_unbonding_period({period}) by {caller[:8]}")

        def call():
            return self.registry.set_unbonding_period(period, sender=caller)

        if caller != self.w.owner:
            return self._check_revert(call, "ownable: caller is not the owner")
        if period > self.w.max_unbonding_period:
            return self._check_revert(call, "registry: unbonding period too long")
        call()
        self.unbonding_period = period

    def _set_slasher(self, data) -> None:
        allowed = data.draw(st.integers(0, 3), label="allowed (0: no)") != 0
        variant = self._variant(data, ["not the owner", "zero address"], "set_slasher variant")
        caller = self.w.non_slasher if variant == "not the owner" else self.w.owner
        target = ZERO_ADDRESS if variant == "zero address" else self.w.slasher
        self._note(f"set_slasher({target[:8]}, {allowed}) by {caller[:8]}")

        def call():
            return self.registry.set_slasher(target, allowed, sender=caller)

        if caller != self.w.owner:
            return self._check_revert(call, "ownable: caller is not the owner")
        if target == ZERO_ADDRESS:
            return self._check_revert(call, "registry: zero address")
        call()
        self.slasher_allowed = allowed

    # ------------------------------------------------------------------ rules

    @initialize(data=st.data())
    @step
    def register_and_stake_some_nodes(self, data):
        """Every example starts with 1-3 registered nodes holding stake, some
        of it unbonding (whichever rules hypothesis's swarm testing switches off)."""
        for node in data.draw(
            st.lists(st.sampled_from(self.w.nodes), min_size=1, max_size=3, unique=True), label="first nodes"
        ):
            self._register(data, node, valid=True)
            self._stake(data, node, valid=True)
            if data.draw(st.booleans(), label="unbond some"):
                self._begin_unbond(data, node, valid=True)

    @rule(data=st.data())
    @step
    def register(self, data):
        self._register(data)

    @rule(data=st.data())
    @step
    def update_node(self, data):
        self._update_node(data)

    @rule(data=st.data())
    @step
    def stake(self, data):
        self._stake(data)

    @precondition(lambda self: any(g.staked for g in self.nodes.values()))
    @rule(data=st.data())
    @step
    def begin_unbond(self, data):
        self._begin_unbond(data)

    @precondition(lambda self: any(g.unbonding and now() >= g.unbond_ready_at for g in self.nodes.values()))
    @rule(data=st.data())
    @step
    def withdraw(self, data):
        self._withdraw(data)

    @precondition(lambda self: any(g.staked + g.unbonding for g in self.nodes.values()))
    @rule(data=st.data())
    @step
    def slash(self, data):
        self._slash(data)

    @rule(data=st.data())
    @step
    def jail(self, data):
        self._jail(data)

    @rule(data=st.data())
    @step
    def owner_settings(self, data):
        """The owner changes a minimum stake, the unbonding period or the slasher."""
        move = data.draw(st.sampled_from(["set_min_stake", "set_unbonding_period", "set_slasher"]), label="setting")
        getattr(self, f"_{move}")(data)
        self._outcome = f"{move} {self._outcome}"

    @rule(data=st.data())
    @step
    def any_move(self, data):
        """Any move by any node, with arguments that are mostly wrong."""
        move = data.draw(
            st.sampled_from(["register", "update_node", "stake", "begin_unbond", "withdraw", "slash", "jail"]),
            label="move",
        )
        self.aim = False
        try:
            getattr(self, f"_{move}")(data)
        finally:
            self.aim = True
        self._outcome = f"{move} {self._outcome}"

    @rule(data=st.data())
    @step
    def let_time_pass(self, data):
        """Time travel: a random step, or to exactly (or one second around) a
        node's unbonding end (then it tries to withdraw) or jail end (where
        the eligibility invariant looks)."""
        edges = [
            (t, node, kind)
            for node, g in self.nodes.items()
            for t, kind in ((g.unbond_ready_at, "unbond"), (g.jailed_until, "jail"))
            if t
        ]
        edges = [(e, node, kind) for e, node, kind in edges if e + 1 >= now()]
        if edges and data.draw(st.booleans(), label="to an edge"):
            edge, node, kind = data.draw(st.sampled_from(edges), label="edge")
            target = edge + data.draw(st.sampled_from([d for d in (-1, 0, 1) if edge + d >= now()]), label="+")
            self._note(f"travel_to({target})")
            travel_to(target)
            if kind == "unbond":
                self._note(f"withdraw({node[:8]})")
                self._do_withdraw(node)
                self._outcome = f"edge withdraw {self._outcome}"
            return
        seconds = data.draw(time_steps, label="seconds")
        self._note(f"time_travel({seconds})")
        boa.env.time_travel(seconds=seconds)

    # ------------------------------------------------------------- invariants

    @invariant()
    def registry_holds_exactly_what_it_books(self):
        total = self.registry.total_bonded()
        assert self.s.token.balanceOf(self.registry.address) == total, "registry balance != total_bonded"
        assert total == self.w.total_bonded + sum(g.staked + g.unbonding for g in self.nodes.values())

    @invariant()
    def nodes_match_the_model(self):
        for node, g in self.nodes.items():
            got = self.registry.nodes(node)
            assert (got.role, got.capabilities, got.staked, got.unbonding, got.unbond_ready_at, got.jailed_until) == (
                g.role,
                g.capabilities,
                g.staked,
                g.unbonding,
                g.unbond_ready_at,
                g.jailed_until,
            ), node
            assert self.registry.stake_of(node) == g.staked + g.unbonding
            assert self.registry.metadata_cid(node) == g.metadata_cid

    @invariant()
    def eligibility_follows_role_min_stake_and_jail(self):
        for node in self.nodes:
            for role in (0, *ROLES, 4):
                assert self.registry.is_eligible(node, role) == self._eligible(node, role), (node, role)

    @invariant()
    def settings_match_the_model(self):
        for role in ROLES:
            assert self.registry.min_stake(role) == self.min_stake[role]
        assert self.registry.unbonding_period() == self.unbonding_period
        assert self.registry.is_slasher(self.w.slasher) == self.slasher_allowed

    @invariant()
    def no_tokens_appear_or_vanish(self):
        for who in self.w.tracked:
            assert self.s.token.balanceOf(who) == self.balances[who], f"balance of {who}"
        held = sum(self.balances[n] - self.w.balances[n] for n in self.w.nodes)
        bonded = sum(g.staked + g.unbonding for g in self.nodes.values())
        assert held + bonded + self.slashed == self.minted
        assert self.balances[self.w.treasury] - self.w.balances[self.w.treasury] == self.slashed

    # ------------------------------------------------------- end of an example

    def finish(self) -> None:
        """Every node unbonds all and withdraws: the registry ends empty."""
        self._note("finish")
        for node, g in self.nodes.items():
            if g.staked:
                self.registry.begin_unbond(g.staked, sender=node)
                self.nodes[node] = replace(
                    g, staked=0, unbonding=g.unbonding + g.staked, unbond_ready_at=now() + self.unbonding_period
                )
        travel_to(max([now()] + [g.unbond_ready_at for g in self.nodes.values()]))
        for node, g in self.nodes.items():
            if g.unbonding:
                self._do_withdraw(node)
        for check in (
            self.registry_holds_exactly_what_it_books,
            self.nodes_match_the_model,
            self.eligibility_follows_role_min_stake_and_jail,
            self.no_tokens_appear_or_vanish,
        ):
            check()
        assert self.registry.total_bonded() == self.w.total_bonded
        assert self.s.token.balanceOf(self.registry.address) == self.w.total_bonded, "tokens stuck in the registry"


RegistryMachine.TestCase.settings = SETTINGS
test_registry_invariants = RegistryMachine.TestCase
