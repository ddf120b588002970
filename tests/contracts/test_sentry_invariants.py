"""Invariant tests of SentryAttestations with the real WorkerRegistry and
OracleCommittee (titanoboa): a hypothesis state machine posts attestation roots
(some carrying canonical OFFLINE leaves), jails by any subset of sentries,
lifts jails on committee verdicts, slashes other liars, unbonds, withdraws,
restakes, jails and partly slashes from another slasher and lets time pass (epochs, the evidence window,
jail terms), against a ghost model that predicts every outcome and revert reason.

After every step:

* no stake is created or lost: the registry's token balance == total_bonded ==
  the sum of every node's stake, and nodes' wallets + stake + treasury equal
  what the example started with (a slash moves stake to the treasury only);
* each node's active and unbonding stake and jail term match the model (a lift
  takes exactly the lying sentries' whole stake and ends only the board's term);
* a jail happened only when the model allowed it (count and stake quorum,
  the worker-minimum stake of each sentry, fresh evidence, eligible sentries).

Default: 12 examples of up to 25 steps (GPUHIVE_FUZZ_EXAMPLES / _STEPS scale it).
"""

from __future__ import annotations

from dataclasses import dataclass

import boa
from boa_system import TOKEN, System, deploy_system, keyed_account
from fuzz_support import AnchoredMachine, ModuleRun, expect_revert, fuzz_settings, now, travel_to
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

from protocol import eip712
from protocol.contracts import Role
from protocol.sentry_leaf import Leaf, attestation_tree, offline_leaf, proof_of, wrongful_jail_signatures

DAY = 86_400
SENTRY_STAKES = (100 * TOKEN, 100 * TOKEN, 150 * TOKEN, 300 * TOKEN)
WORKER_STAKES = (100 * TOKEN, 100 * TOKEN, 250 * TOKEN)
SPARE = 60 * TOKEN


@dataclass
class World:
    system: System
    sentries: list[str]  # sorted by address
    workers: list[str]
    slasher: str
    start_balances: dict[str, int]
    total: int  # wallets + stake + treasury over the tracked addresses


def build_world() -> World:
    system = deploy_system()
    registry, token = system.registry, system.token
    sentries, workers = [], []
    for i, stake in enumerate(SENTRY_STAKES):
        sentry = keyed_account(f"fuzz-sentry-{i}")[0]
        registry.register(Role.SENTRY, 0, "bafy", sender=sentry)
        system.fund(sentry, stake)
        token.approve(registry.address, stake, sender=sentry)
        registry.stake(stake, sender=sentry)
        sentries.append(sentry)
    for i, stake in enumerate(WORKER_STAKES):
        workers.append(system.add_worker(f"fuzz-sentry-worker-{i}", stake=stake))
    for node in [*sentries, *workers]:
        system.fund(node, SPARE)  # in the wallet: restaking it is a path too
    slasher = keyed_account("fuzz-sentry-slasher")[0]
    registry.set_slasher(slasher, True, sender=system.deployer)
    sentries.sort(key=lambda a: int(a, 16))
    tracked = [*sentries, *workers, system.treasury]
    balances = {a: token.balanceOf(a) for a in tracked}
    total = sum(balances.values()) + sum(registry.stake_of(a) for a in tracked)
    return World(system, sentries, workers, slasher, balances, total)


@dataclass
class Ghost:
    staked: int
    unbonding: int = 0
    ready_at: int = 0
    jailed_until: int = 0


SETTINGS = fuzz_settings(default_examples=12, default_steps=25)
RUN = ModuleRun("test_sentry_invariants", build_world, SETTINGS)
setup_module = RUN.setup_module
teardown_module = RUN.teardown_module
step = RUN.step


class SentryMachine(AnchoredMachine):
    def __init__(self) -> None:
        w = RUN.world()
        self.w = w
        self.s = w.system
        self.board = w.system.sentry
        self.registry = w.system.registry
        self.nodes = {a: Ghost(self.registry.stake_of(a)) for a in [*w.sentries, *w.workers]}
        self.min_worker = self.registry.min_stake(Role.WORKER)
        self.min_sentry = self.registry.min_stake(Role.SENTRY)
        self.unbonding_period = self.registry.unbonding_period()
        self.roots: dict[tuple[int, str], tuple] = {}  # (epoch, sentry) -> (tree, offline workers)
        self.jails: dict[tuple[str, int], tuple | str] = {}  # (worker, epoch) -> (sentries, until) | "lifted"
        self.slashed: set[tuple[str, int, str]] = set()
        self.treasury_gain = 0
        self.trace: list[str] = []
        RUN.stats.examples += 1
        super().__init__()

    # ---------------------------------------------------------------- model

    def _note(self, text: str) -> None:
        self.trace.append(f"[t={now()} epoch={self.board.current_epoch()}] {text}")

    def _eligible_sentry(self, sentry: str) -> bool:
        g = self.nodes[sentry]
        return g.staked >= self.min_sentry and g.jailed_until <= now()

    def _stake_of(self, node: str) -> int:
        return self.nodes[node].staked + self.nodes[node].unbonding

    def _observe(self):
        return tuple(tuple(self.registry.nodes(n)) for n in self.nodes), self.registry.total_bonded()

    def _jail_reason(self, worker: str, epoch: int, sentries: list[str]) -> str | None:
        if len(sentries) < self.board.quorum():
            return "sentry: below quorum"
        if self.board.current_epoch() > epoch + self.board.evidence_epochs():
            return "sentry: evidence expired"
        if (worker, epoch) in self.jails:
            return "sentry: already jailed for epoch"
        total = 0
        for sentry in sentries:
            if (epoch, sentry) not in self.roots:
                return "sentry: no root from sentry"
            if worker not in self.roots[(epoch, sentry)][1]:
                return "sentry: invalid proof"
            if not self._eligible_sentry(sentry):
                return "sentry: sentry not eligible"
            if self._stake_of(sentry) < self.min_worker:
                return "sentry: sentry stake below worker minimum"
            total += self._stake_of(sentry)
        if total < self.board.stake_quorum():
            return "sentry: below stake quorum"
        if total < self._stake_of(worker):
            return "sentry: stake below worker's"
        return None

    def _proof(self, worker: str, epoch: int, sentry: str) -> list[bytes]:
        entry = self.roots.get((epoch, sentry))
        if entry is None:
            return []
        tree, offline = entry
        if worker in offline:
            return proof_of(tree, offline_leaf(worker, epoch))
        return tree.proof(0)  # a proof of some other leaf: invalid for the OFFLINE one

    def _take_all(self, sentry: str) -> None:
        g = self.nodes[sentry]
        self.treasury_gain += g.staked + g.unbonding
        g.staked = g.unbonding = 0

    # ---------------------------------------------------------------- rules

    @initialize(data=st.data())
    @step
    def sentries_post_an_epoch(self, data):
        """Every example starts with each sentry's root for the current epoch."""
        for sentry in self.w.sentries:
            self._post(data, sentry, self.board.current_epoch())

    @rule(data=st.data())
    @step
    def post(self, data):
        sentry = data.draw(st.sampled_from(self.w.sentries), label="sentry")
        current = self.board.current_epoch()
        self._post(data, sentry, data.draw(st.sampled_from([current, max(current - 1, 0)]), label="epoch"))

    def _post(self, data, sentry: str, epoch: int) -> None:
        # mostly the same absent worker, so that several sentries carry its leaf
        usual = {self.w.workers[0]} if data.draw(st.integers(0, 9), label="usual absence") < 7 else set()
        offline = usual | set(
            data.draw(st.lists(st.sampled_from(self.w.workers), max_size=2, unique=True), label="offline")
        )
        leaves = [
            offline_leaf(w, epoch) if w in offline else Leaf(w, epoch, 9_000 + i, 1_000 + i)
            for i, w in enumerate(self.w.workers)
        ]
        tree = attestation_tree(leaves)
        self._note(f"post({sentry[:8]}, {epoch}, offline={[w[:8] for w in offline]})")

        def call():
            return self.board.post(epoch, tree.root, "bafy-fuzz", sender=sentry)

        if not self._eligible_sentry(sentry):
            self.reverted()
            expect_revert(call, "sentry: caller is not an eligible sentry", observe=self._observe)
        elif (epoch, sentry) in self.roots:
            self.reverted()
            expect_revert(call, "sentry: already posted for epoch", observe=self._observe)
        else:
            call()
            self.roots[(epoch, sentry)] = (tree, offline)

    @precondition(lambda self: self.roots)
    @rule(data=st.data())
    @step
    def jail(self, data):
        fresh = sorted({(e, w) for (e, _), (_, off) in self.roots.items() for w in off if (w, e) not in self.jails})
        if fresh and data.draw(st.integers(0, 9), label="aim at evidence not used yet") < 7:
            epoch, worker = data.draw(st.sampled_from(fresh), label="evidence")
        else:
            epoch, _ = data.draw(st.sampled_from(sorted(self.roots)), label="root")
            offline = {w for (e, _), (_, off) in self.roots.items() if e == epoch for w in off}
            worker = data.draw(st.sampled_from(sorted(offline) or self.w.workers), label="worker")
        carrying = [s for s in self.w.sentries if worker in self.roots.get((epoch, s), (None, set()))[1]]
        if carrying and data.draw(st.integers(0, 9), label="aim at the carrying sentries") < 7:
            drop = data.draw(st.sampled_from([None, *carrying]), label="all carrying but")
            chosen = [c for c in carrying if c != drop] if len(carrying) > 2 else carrying
        else:
            chosen = data.draw(st.lists(st.sampled_from(self.w.sentries), max_size=4, unique=True), label="sentries")
        sentries = sorted(chosen, key=lambda a: int(a, 16))
        reason = self._jail_reason(worker, epoch, sentries)
        proofs = [self._proof(worker, epoch, s) for s in sentries]
        self._note(f"jail({worker[:8]}, {epoch}, {[s[:8] for s in sentries]}) -> {reason or 'ok'}")

        def call():
            return self.board.jail(worker, epoch, sentries, proofs, sender=keyed_account("anyone")[0])

        if reason:
            self.reverted()
            self._outcome = f"reverted ({reason.removeprefix('sentry: ')})"
            expect_revert(call, reason, observe=self._observe)
            return
        call()
        until = now() + self.board.jail_duration()
        g = self.nodes[worker]
        g.jailed_until = max(g.jailed_until, until)
        self.jails[(worker, epoch)] = (sentries, until)

    @precondition(lambda self: any(v != "lifted" for v in self.jails.values()))
    @rule(data=st.data())
    @step
    def lift(self, data):
        live = sorted(k for k, v in self.jails.items() if v != "lifted")
        worker, epoch = data.draw(st.sampled_from(live), label="jail")
        sentries, until = self.jails[(worker, epoch)]
        domain = eip712.Domain(boa.env.evm.patch.chain_id, self.board.address)
        keys = self.s.oracle_keys[: self.s.params.threshold]
        signatures = wrongful_jail_signatures(keys, domain, worker, epoch)
        self._note(f"lift({worker[:8]}, {epoch})")
        self.board.lift(worker, epoch, sentries, until, signatures, sender=worker)
        if self.nodes[worker].jailed_until == until and until > now():
            self.nodes[worker].jailed_until = now()
        for sentry in sentries:
            self._take_all(sentry)
            self.slashed.add((worker, epoch, sentry))
        self.jails[(worker, epoch)] = "lifted"
        # replaying the verdict changes nothing
        expect_revert(
            lambda: self.board.lift(worker, epoch, sentries, until, signatures),
            "sentry: no jail to lift",
            observe=self._observe,
        )

    @precondition(lambda self: "lifted" in self.jails.values())
    @rule(data=st.data())
    @step
    def slash_liar(self, data):
        worker, epoch = data.draw(st.sampled_from(sorted(k for k, v in self.jails.items() if v == "lifted")))
        sentry = data.draw(st.sampled_from(self.w.sentries), label="sentry")
        proof = self._proof(worker, epoch, sentry)
        self._note(f"slash_liar({worker[:8]}, {epoch}, {sentry[:8]})")

        def call():
            return self.board.slash_liar(worker, epoch, sentry, proof)

        if (worker, epoch, sentry) in self.slashed:
            reason = "sentry: already slashed"
        elif (epoch, sentry) not in self.roots:
            reason = "sentry: no root from sentry"
        elif worker not in self.roots[(epoch, sentry)][1]:
            reason = "sentry: invalid proof"
        else:
            call()
            self._take_all(sentry)
            self.slashed.add((worker, epoch, sentry))
            return
        self.reverted()
        expect_revert(call, reason, observe=self._observe)

    @rule(data=st.data())
    @step
    def registry_moves(self, data):
        """Unbond, withdraw, restake from the wallet, or a jail or partial slash by another slasher (a longer
        term than the board's; stake a later lift can no longer take)."""
        move = data.draw(st.integers(0, 9), label="move")
        if move < 2:
            self._jail_from_elsewhere(data)
            return
        if move < 4:
            self._slash_from_elsewhere(data)
            return
        if move < 5:
            self._restake(data)
            return
        # mostly workers: sentries that leave cannot post or jail
        pool = self.w.workers if data.draw(st.integers(0, 9), label="a worker?") < 7 else self.w.sentries
        node = data.draw(st.sampled_from(pool), label="node")
        g = self.nodes[node]
        if g.unbonding and now() >= g.ready_at:
            self._note(f"withdraw({node[:8]})")
            self.registry.withdraw(sender=node)
            g.unbonding = 0
        elif g.staked:
            amount = data.draw(st.sampled_from([TOKEN, g.staked // 2 or 1, g.staked]), label="amount")
            self._note(f"begin_unbond({node[:8]}, {amount})")
            self.registry.begin_unbond(amount, sender=node)
            g.staked -= amount
            g.unbonding += amount
            g.ready_at = now() + self.unbonding_period
        else:
            self.skipped()

    def _jail_from_elsewhere(self, data):
        if data.draw(st.integers(0, 9), label="a sentry?") < 2:
            node = data.draw(st.sampled_from(self.w.sentries), label="sentry")
        else:
            node = data.draw(st.sampled_from(self.w.workers), label="worker")
        duration = data.draw(st.sampled_from([600, DAY, 3 * DAY]), label="duration")
        self._note(f"registry.jail({node[:8]}, {duration})")
        self.registry.jail(node, duration, sender=self.w.slasher)
        g = self.nodes[node]
        g.jailed_until = max(g.jailed_until, now() + duration)

    def _slash_from_elsewhere(self, data):
        pool = self.w.sentries if data.draw(st.integers(0, 9), label="a sentry?") < 6 else self.w.workers
        node = data.draw(st.sampled_from(pool), label="node")
        g = self.nodes[node]
        amount = data.draw(st.sampled_from([1, TOKEN, 40 * TOKEN, g.staked + g.unbonding + TOKEN]), label="amount")
        self._note(f"registry.slash({node[:8]}, {amount})")
        self.registry.slash(node, amount, b"\x05" * 32, sender=self.w.slasher)
        taken = min(amount, g.staked + g.unbonding)
        from_active = min(taken, g.staked)
        g.staked -= from_active
        g.unbonding -= taken - from_active
        self.treasury_gain += taken

    def _restake(self, data):
        node = data.draw(st.sampled_from([*self.w.sentries, *self.w.workers]), label="node")
        wallet = self.s.token.balanceOf(node)
        if wallet == 0:
            self.skipped()
            return
        amount = data.draw(st.sampled_from([1, wallet // 2 or 1, wallet]), label="amount")
        self._note(f"stake({node[:8]}, {amount})")
        self.s.token.approve(self.registry.address, amount, sender=node)
        self.registry.stake(amount, sender=node)
        self.nodes[node].staked += amount

    @rule(seconds=st.sampled_from([1, 600, 3_600, 3_600, 2 * 3_600, 4 * 3_600, DAY, 8 * DAY]))
    @step
    def let_time_pass(self, seconds):
        self._note(f"time_travel({seconds})")
        travel_to(now() + seconds)

    # ------------------------------------------------------------- invariants

    @invariant()
    def no_stake_created_or_lost(self):
        registry, token = self.registry, self.s.token
        bonded = registry.total_bonded()
        assert token.balanceOf(registry.address) == bonded
        assert bonded == self.s.registry.total_bonded()
        tracked = [*self.nodes, self.s.treasury]
        total = sum(token.balanceOf(a) for a in tracked) + sum(registry.stake_of(a) for a in tracked)
        assert total == self.w.total, "tokens appeared or vanished"
        treasury = token.balanceOf(self.s.treasury) - self.w.start_balances[self.s.treasury]
        assert treasury == self.treasury_gain, "the treasury got other than the slashed stake"

    @invariant()
    def nodes_match_the_model(self):
        for node, g in self.nodes.items():
            got = self.registry.nodes(node)
            assert (got.staked, got.unbonding, got.jailed_until) == (g.staked, g.unbonding, g.jailed_until), node

    def finish(self) -> None:
        self.no_stake_created_or_lost()
        self.nodes_match_the_model()


SentryMachine.TestCase.settings = SETTINGS
test_sentry_invariants = SentryMachine.TestCase
