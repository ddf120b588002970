"""WorkerRegistry: registration, staking, unbonding, slashing, jailing,
eligibility and the owner's settings."""

from __future__ import annotations

import boa
import pytest
from boa_system import TOKEN, keyed_account
from contract_helpers import (
    NOT_PENDING_OWNER_REVERT,
    OWNER_REVERT,
    ZERO_ADDRESS,
    child_events,
    deploy_false_token,
    deployer,
    one_event,
    travel_to,
)
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from protocol.contracts import DAY, Role

MIN_STAKE = 100 * TOKEN  # DeployParams' default for both roles
UNBONDING = 7 * DAY
MAX_UNBONDING_PERIOD = 90 * DAY
MAX_JAIL_DURATION = 365 * DAY
REASON = b"\x07" * 32


@pytest.fixture
def registry(system):
    return system.registry


@pytest.fixture
def worker(workers) -> str:
    """A registered worker with the minimum stake (100 tokens)."""
    return workers[0]


@pytest.fixture
def newcomer(system) -> str:
    """An address that has not registered, holding 1,000 tokens approved to the registry."""
    newcomer = keyed_account("newcomer")[0]
    system.fund(newcomer, 1_000 * TOKEN)
    system.token.approve(system.registry.address, 1_000 * TOKEN, sender=newcomer)
    return newcomer


def now() -> int:
    return boa.env.evm.patch.timestamp


def node(registry, who):
    return registry.nodes(who)


def assert_bonded_matches_balance(system) -> None:
    assert system.registry.total_bonded() == system.token.balanceOf(system.registry.address)


def stake_more(system, who: str, amount: int) -> None:
    system.fund(who, amount)
    system.token.approve(system.registry.address, amount, sender=who)
    system.registry.stake(amount, sender=who)


# ---------------------------------------------------------------- constructor and constants


def test_init__parameters__stored(system, registry, owner):
    assert registry.stake_token() == system.token.address
    assert registry.min_stake(Role.WORKER) == MIN_STAKE
    assert registry.min_stake(Role.SENTRY) == MIN_STAKE
    assert registry.min_stake(Role.LABELER) == system.params.min_labeler_stake < MIN_STAKE
    assert registry.unbonding_period() == UNBONDING
    assert registry.treasury() == system.treasury
    assert registry.owner() == owner
    assert registry.total_bonded() == 0
    assert (registry.ROLE_WORKER(), registry.ROLE_SENTRY()) == (Role.WORKER, Role.SENTRY)
    assert (registry.MAX_UNBONDING_PERIOD(), registry.MAX_JAIL_DURATION()) == (MAX_UNBONDING_PERIOD, MAX_JAIL_DURATION)


@pytest.mark.parametrize(
    ("min_worker", "min_sentry", "min_labeler", "period", "treasury", "reason"),
    [
        (0, 1, 1, 0, "treasury", "registry: minimum stake must be positive"),
        (1, 0, 1, 0, "treasury", "registry: minimum stake must be positive"),
        (1, 1, 0, 0, "treasury", "registry: minimum stake must be positive"),
        (1, 1, 1, MAX_UNBONDING_PERIOD + 1, "treasury", "registry: unbonding period too long"),
        (1, 1, 1, 0, ZERO_ADDRESS, "registry: zero address"),
    ],
    ids=["zero_worker_minimum", "zero_sentry_minimum", "zero_labeler_minimum", "period_too_long", "zero_treasury"],
)
def test_init__bad_parameter__reverts(system, min_worker, min_sentry, min_labeler, period, treasury, reason):
    treasury = system.treasury if treasury == "treasury" else treasury
    with boa.reverts(reason):
        deployer("WorkerRegistry").deploy(system.token.address, min_worker, min_sentry, min_labeler, period, treasury)


# ---------------------------------------------------------------- register / update_node


@pytest.mark.parametrize("role", [Role.WORKER, Role.SENTRY, Role.LABELER])
def test_register__known_role__stores_node_and_logs(registry, newcomer, role):
    registry.register(role, 0b101, "bafy-node", sender=newcomer)
    log = one_event(registry, "NodeRegistered")
    assert (log.node, log.role, log.capabilities, log.metadata_cid) == (newcomer, role, 0b101, "bafy-node")
    n = node(registry, newcomer)
    assert (n.role, n.capabilities, n.staked, n.unbonding, n.jailed_until) == (role, 0b101, 0, 0, 0)
    assert registry.metadata_cid(newcomer) == "bafy-node"


@pytest.mark.parametrize("role", [0, 4, 255])
def test_register__unknown_role__reverts(registry, newcomer, role):
    with boa.reverts("registry: unknown role"):
        registry.register(role, 1, "bafy-node", sender=newcomer)
    assert node(registry, newcomer).role == 0


def test_register__twice__reverts(registry, worker):
    with boa.reverts("registry: already registered"):
        registry.register(Role.WORKER, 1, "bafy-again", sender=worker)
    with boa.reverts("registry: already registered"):
        registry.register(Role.SENTRY, 1, "bafy-again", sender=worker)
    assert node(registry, worker).role == Role.WORKER


def test_update_node__registered__changes_capabilities_and_cid_only(registry, worker):
    before = node(registry, worker)
    registry.update_node(0b1110, "bafy-new", sender=worker)
    log = one_event(registry, "NodeUpdated")
    assert (log.node, log.capabilities, log.metadata_cid) == (worker, 0b1110, "bafy-new")
    after = node(registry, worker)
    assert after.capabilities == 0b1110
    assert registry.metadata_cid(worker) == "bafy-new"
    assert (after.role, after.staked, after.unbonding) == (before.role, before.staked, before.unbonding)


def test_update_node__not_registered__reverts(registry, newcomer):
    with boa.reverts("registry: not registered"):
        registry.update_node(1, "bafy", sender=newcomer)


# ---------------------------------------------------------------- stake


def test_stake__registered__moves_tokens_and_logs(system, registry, newcomer):
    registry.register(Role.WORKER, 1, "bafy", sender=newcomer)
    registry.stake(60 * TOKEN, sender=newcomer)
    log = one_event(registry, "Staked")
    assert (log.node, log.amount, log.staked) == (newcomer, 60 * TOKEN, 60 * TOKEN)
    registry.stake(50 * TOKEN, sender=newcomer)
    log = one_event(registry, "Staked")
    assert (log.amount, log.staked) == (50 * TOKEN, 110 * TOKEN)
    assert node(registry, newcomer).staked == 110 * TOKEN
    assert system.token.balanceOf(newcomer) == 890 * TOKEN
    assert registry.total_bonded() == 110 * TOKEN
    assert_bonded_matches_balance(system)


def test_stake__not_registered__reverts(registry, newcomer):
    with boa.reverts("registry: not registered"):
        registry.stake(1, sender=newcomer)


def test_stake__zero_amount__reverts(registry, worker):
    with boa.reverts("registry: zero amount"):
        registry.stake(0, sender=worker)


def test_stake__without_allowance__reverts(system, registry, worker):
    system.fund(worker, TOKEN)
    with boa.reverts("erc20: insufficient allowance"):
        registry.stake(TOKEN, sender=worker)
    assert node(registry, worker).staked == MIN_STAKE
    assert_bonded_matches_balance(system)


# ---------------------------------------------------------------- begin_unbond / withdraw


def test_begin_unbond__within_stake__moves_to_unbonding_and_logs(registry, worker):
    registry.begin_unbond(30 * TOKEN, sender=worker)
    log = one_event(registry, "UnbondStarted")
    assert (log.node, log.amount, log.unbonding, log.ready_at) == (worker, 30 * TOKEN, 30 * TOKEN, now() + UNBONDING)
    n = node(registry, worker)
    assert (n.staked, n.unbonding, n.unbond_ready_at) == (70 * TOKEN, 30 * TOKEN, now() + UNBONDING)
    assert registry.stake_of(worker) == MIN_STAKE


def test_begin_unbond__zero_amount__reverts(registry, worker):
    with boa.reverts("registry: zero amount"):
        registry.begin_unbond(0, sender=worker)


def test_begin_unbond__more_than_active_stake__reverts(registry, worker):
    with boa.reverts("registry: amount exceeds stake"):
        registry.begin_unbond(MIN_STAKE + 1, sender=worker)
    registry.begin_unbond(40 * TOKEN, sender=worker)
    # unbonding stake is no longer active: it cannot be unbonded twice
    with boa.reverts("registry: amount exceeds stake"):
        registry.begin_unbond(60 * TOKEN + 1, sender=worker)


def test_begin_unbond__not_registered__reverts(registry, newcomer):
    with boa.reverts("registry: amount exceeds stake"):
        registry.begin_unbond(1, sender=newcomer)


def test_begin_unbond__second_time__restarts_clock_for_whole_amount(registry, worker):
    registry.begin_unbond(10 * TOKEN, sender=worker)
    boa.env.time_travel(seconds=DAY)
    registry.begin_unbond(5 * TOKEN, sender=worker)
    log = one_event(registry, "UnbondStarted")
    assert (log.amount, log.unbonding, log.ready_at) == (5 * TOKEN, 15 * TOKEN, now() + UNBONDING)
    travel_to(now() + UNBONDING - 1)
    with boa.reverts("registry: still unbonding"):
        registry.withdraw(sender=worker)


def test_withdraw__before_period__reverts(registry, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    travel_to(node(registry, worker).unbond_ready_at - 1)
    with boa.reverts("registry: still unbonding"):
        registry.withdraw(sender=worker)


def test_withdraw__after_period__pays_out_and_logs(system, registry, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    travel_to(node(registry, worker).unbond_ready_at)  # exactly at ready_at is allowed
    registry.withdraw(sender=worker)
    log = one_event(registry, "Withdrawn")
    assert (log.node, log.amount) == (worker, MIN_STAKE)
    transfer = one_event(registry, "Transfer", emitter=system.token)
    assert (transfer.sender, transfer.receiver, transfer.value) == (registry.address, worker, MIN_STAKE)
    assert system.token.balanceOf(worker) == MIN_STAKE
    assert registry.stake_of(worker) == 0
    assert registry.total_bonded() == 2 * MIN_STAKE  # the two other workers
    assert_bonded_matches_balance(system)


def test_withdraw__twice__reverts(registry, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    boa.env.time_travel(seconds=UNBONDING)
    registry.withdraw(sender=worker)
    with boa.reverts("registry: nothing unbonding"):
        registry.withdraw(sender=worker)


def test_withdraw__nothing_unbonding__reverts(registry, worker):
    with boa.reverts("registry: nothing unbonding"):
        registry.withdraw(sender=worker)


def test_withdraw__period_shortened_after_unbond__keeps_original_ready_at(registry, owner, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    ready_at = node(registry, worker).unbond_ready_at
    registry.set_unbonding_period(0, sender=owner)
    with boa.reverts("registry: still unbonding"):
        registry.withdraw(sender=worker)
    travel_to(ready_at)
    registry.withdraw(sender=worker)
    assert registry.stake_of(worker) == 0


@pytest.fixture
def false_token_registry(system, owner, slasher):
    """(registry, token, node): a registry over a token that returns False
    instead of reverting once told to; `node` is a worker staking 100 tokens
    with 10 of them unbonding and ready to withdraw."""
    token = deploy_false_token()
    registry = deployer("WorkerRegistry").deploy(token.address, MIN_STAKE, MIN_STAKE, MIN_STAKE, 0, system.treasury)
    registry.set_slasher(slasher, True, sender=owner)
    node = keyed_account("false-token-worker")[0]
    token.mint(node, 200 * TOKEN)
    token.approve(registry.address, 200 * TOKEN, sender=node)
    registry.register(Role.WORKER, 1, "bafy", sender=node)
    registry.stake(MIN_STAKE, sender=node)
    registry.begin_unbond(10 * TOKEN, sender=node)
    token.set_fail(True)
    return registry, token, node


def test_stake__token_returns_false__reverts(false_token_registry):
    registry, token, node = false_token_registry
    with boa.reverts("registry: transfer failed"):
        registry.stake(TOKEN, sender=node)
    assert registry.total_bonded() == MIN_STAKE == token.balanceOf(registry.address)


def test_withdraw__token_returns_false__reverts_keeping_stake(false_token_registry):
    registry, token, node = false_token_registry
    with boa.reverts("registry: transfer failed"):
        registry.withdraw(sender=node)
    assert registry.nodes(node).unbonding == 10 * TOKEN
    token.set_fail(False)
    registry.withdraw(sender=node)
    assert token.balanceOf(node) == 110 * TOKEN


def test_slash__token_returns_false__reverts_keeping_stake(false_token_registry, slasher):
    registry, token, node = false_token_registry
    with boa.reverts("registry: transfer failed"):
        registry.slash(node, TOKEN, REASON, sender=slasher)
    assert registry.stake_of(node) == MIN_STAKE
    assert registry.total_bonded() == token.balanceOf(registry.address)


# ---------------------------------------------------------------- slash


def test_slash__non_slasher__reverts(registry, owner, worker, non_owner):
    for caller in (owner, worker, non_owner):
        with boa.reverts("registry: caller is not a slasher"):
            registry.slash(worker, 1, REASON, sender=caller)
    assert registry.stake_of(worker) == MIN_STAKE


def test_slash__within_active_stake__takes_from_active_and_pays_treasury(system, registry, slasher, worker):
    treasury_before = system.token.balanceOf(system.treasury)
    assert registry.slash(worker, 30 * TOKEN, REASON, sender=slasher) == 30 * TOKEN
    log = one_event(registry, "Slashed")
    assert (log.node, log.slasher, log.reason, log.requested, log.slashed) == (
        worker,
        slasher,
        REASON,
        30 * TOKEN,
        30 * TOKEN,
    )
    transfer = one_event(registry, "Transfer", emitter=system.token)
    assert (transfer.sender, transfer.receiver, transfer.value) == (registry.address, system.treasury, 30 * TOKEN)
    assert node(registry, worker).staked == 70 * TOKEN
    assert system.token.balanceOf(system.treasury) == treasury_before + 30 * TOKEN
    assert_bonded_matches_balance(system)


def test_slash__active_and_unbonding__takes_active_first(registry, slasher, worker):
    registry.begin_unbond(30 * TOKEN, sender=worker)  # 70 active, 30 unbonding
    registry.slash(worker, 50 * TOKEN, REASON, sender=slasher)
    n = node(registry, worker)
    assert (n.staked, n.unbonding) == (20 * TOKEN, 30 * TOKEN)
    registry.slash(worker, 35 * TOKEN, REASON, sender=slasher)
    n = node(registry, worker)
    assert (n.staked, n.unbonding) == (0, 15 * TOKEN)


def test_slash__only_unbonding_stake__is_still_slashable(system, registry, slasher, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    assert registry.slash(worker, 40 * TOKEN, REASON, sender=slasher) == 40 * TOKEN
    assert node(registry, worker).unbonding == 60 * TOKEN
    # the worker gets back only what was left
    boa.env.time_travel(seconds=UNBONDING)
    registry.withdraw(sender=worker)
    assert system.token.balanceOf(worker) == 60 * TOKEN
    assert_bonded_matches_balance(system)


def test_slash__all_unbonding_stake__leaves_nothing_to_withdraw(registry, slasher, worker):
    registry.begin_unbond(MIN_STAKE, sender=worker)
    registry.slash(worker, MIN_STAKE, REASON, sender=slasher)
    boa.env.time_travel(seconds=UNBONDING)
    with boa.reverts("registry: nothing unbonding"):
        registry.withdraw(sender=worker)


def test_slash__more_than_stake__takes_only_stake(system, registry, slasher, worker):
    registry.begin_unbond(25 * TOKEN, sender=worker)
    treasury_before = system.token.balanceOf(system.treasury)
    assert registry.slash(worker, 10 * MIN_STAKE, REASON, sender=slasher) == MIN_STAKE
    log = one_event(registry, "Slashed")
    assert (log.requested, log.slashed) == (10 * MIN_STAKE, MIN_STAKE)
    n = node(registry, worker)
    assert (n.staked, n.unbonding) == (0, 0)
    assert registry.stake_of(worker) == 0
    assert system.token.balanceOf(system.treasury) == treasury_before + MIN_STAKE
    assert registry.total_bonded() == 2 * MIN_STAKE
    assert_bonded_matches_balance(system)


def test_slash__node_without_stake__takes_nothing_and_moves_no_tokens(system, registry, slasher, newcomer):
    assert registry.slash(newcomer, TOKEN, REASON, sender=slasher) == 0
    assert one_event(registry, "Slashed").slashed == 0
    assert child_events(registry, system.token, "Transfer") == []
    assert_bonded_matches_balance(system)


def test_slash__new_treasury__receives_slashed_stake(system, registry, owner, slasher, worker):
    new_treasury = keyed_account("new-treasury")[0]
    registry.set_treasury(new_treasury, sender=owner)
    registry.slash(worker, 5 * TOKEN, REASON, sender=slasher)
    assert system.token.balanceOf(new_treasury) == 5 * TOKEN


def test_slash__slasher_revoked__reverts(registry, owner, slasher, worker):
    registry.set_slasher(slasher, False, sender=owner)
    with boa.reverts("registry: caller is not a slasher"):
        registry.slash(worker, 1, REASON, sender=slasher)


# ---------------------------------------------------------------- jail


def test_jail__slasher__sets_term_and_logs(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    log = one_event(registry, "Jailed")
    assert (log.node, log.jailer, log.jailed_until) == (worker, slasher, now() + DAY)
    assert node(registry, worker).jailed_until == now() + DAY


def test_jail__non_slasher__reverts(registry, owner, worker, non_owner):
    for caller in (owner, worker, non_owner):
        with boa.reverts("registry: caller is not a slasher"):
            registry.jail(worker, DAY, sender=caller)
    assert node(registry, worker).jailed_until == 0


def test_jail__max_duration__accepted(registry, slasher, worker):
    registry.jail(worker, MAX_JAIL_DURATION, sender=slasher)
    assert node(registry, worker).jailed_until == now() + MAX_JAIL_DURATION


def test_jail__longer_than_max__reverts(registry, slasher, worker):
    with boa.reverts("registry: jail too long"):
        registry.jail(worker, MAX_JAIL_DURATION + 1, sender=slasher)


def test_jail__shorter_term_while_jailed__keeps_longer_term(registry, slasher, worker):
    registry.jail(worker, 10 * DAY, sender=slasher)
    until = now() + 10 * DAY
    boa.env.time_travel(seconds=DAY)
    registry.jail(worker, DAY, sender=slasher)
    assert one_event(registry, "Jailed").jailed_until == until
    assert node(registry, worker).jailed_until == until


def test_jail__longer_term_while_jailed__extends_term(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    registry.jail(worker, 20 * DAY, sender=slasher)
    assert node(registry, worker).jailed_until == now() + 20 * DAY


# ---------------------------------------------------------------- release


def test_release__term_in_force__ends_jail_now_and_logs(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    until = node(registry, worker).jailed_until
    boa.env.time_travel(seconds=600)
    registry.release(worker, until, sender=slasher)
    log = one_event(registry, "Released")
    assert (log.node, log.releaser, log.jailed_until) == (worker, slasher, until)
    assert node(registry, worker).jailed_until == now()
    assert registry.is_eligible(worker, Role.WORKER)


def test_release__other_term_in_force__keeps_it(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    short = node(registry, worker).jailed_until
    registry.jail(worker, 10 * DAY, sender=slasher)
    registry.release(worker, short, sender=slasher)
    assert not [log for log in registry.get_logs() if type(log).__name__ == "Released"]
    assert node(registry, worker).jailed_until == now() + 10 * DAY
    assert not registry.is_eligible(worker, Role.WORKER)


def test_release__term_already_over__changes_nothing(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    until = node(registry, worker).jailed_until
    travel_to(until + 5)
    registry.release(worker, until, sender=slasher)
    assert node(registry, worker).jailed_until == until


def test_release__non_slasher__reverts(registry, owner, slasher, worker, non_owner):
    registry.jail(worker, DAY, sender=slasher)
    until = node(registry, worker).jailed_until
    for caller in (owner, worker, non_owner):
        with boa.reverts("registry: caller is not a slasher"):
            registry.release(worker, until, sender=caller)
    assert node(registry, worker).jailed_until == until


# ---------------------------------------------------------------- is_eligible / stake_of


def test_is_eligible__staked_worker__eligible_only_in_its_role(registry, worker):
    assert registry.is_eligible(worker, Role.WORKER)
    assert not registry.is_eligible(worker, Role.SENTRY)
    assert not registry.is_eligible(worker, 0)


def test_is_eligible__staked_sentry__eligible_only_as_sentry(registry, sentries):
    assert registry.is_eligible(sentries[0], Role.SENTRY)
    assert not registry.is_eligible(sentries[0], Role.WORKER)


def test_is_eligible__unregistered__not_eligible_in_any_role(registry, newcomer):
    for role in (0, Role.WORKER, Role.SENTRY, Role.LABELER):
        assert not registry.is_eligible(newcomer, role)


def test_is_eligible__labeler_at_its_small_minimum__eligible_only_as_labeler(system, registry, newcomer):
    small = system.params.min_labeler_stake
    registry.register(Role.LABELER, 0, "bafy-labeler", sender=newcomer)
    stake_more(system, newcomer, small - 1)
    assert not registry.is_eligible(newcomer, Role.LABELER)
    stake_more(system, newcomer, 1)
    assert registry.is_eligible(newcomer, Role.LABELER)
    assert not registry.is_eligible(newcomer, Role.WORKER)  # a labeler's stake is below a worker's minimum
    assert_bonded_matches_balance(system)


def test_slash__labeler__takes_its_stake_to_the_treasury(system, registry, slasher, newcomer):
    registry.register(Role.LABELER, 0, "bafy-labeler", sender=newcomer)
    stake_more(system, newcomer, system.params.min_labeler_stake)
    before = system.token.balanceOf(system.treasury)
    registry.slash(newcomer, 10**30, b"\x01" * 32, sender=slasher)
    assert system.token.balanceOf(system.treasury) - before == system.params.min_labeler_stake
    assert not registry.is_eligible(newcomer, Role.LABELER)
    assert_bonded_matches_balance(system)


def test_is_eligible__stake_below_minimum__not_eligible(system, registry):
    worker = system.add_worker("worker-short", stake=MIN_STAKE - 1)
    assert not registry.is_eligible(worker, Role.WORKER)
    stake_more(system, worker, 1)
    assert registry.is_eligible(worker, Role.WORKER)


def test_is_eligible__unbonding_below_minimum__not_eligible(registry, worker):
    registry.begin_unbond(1, sender=worker)
    assert registry.stake_of(worker) == MIN_STAKE
    assert not registry.is_eligible(worker, Role.WORKER)


def test_is_eligible__slashed_below_minimum__not_eligible(registry, slasher, worker):
    registry.slash(worker, 1, REASON, sender=slasher)
    assert not registry.is_eligible(worker, Role.WORKER)


def test_is_eligible__minimum_raised__not_eligible(registry, owner, worker):
    registry.set_min_stake(Role.WORKER, MIN_STAKE + 1, sender=owner)
    assert not registry.is_eligible(worker, Role.WORKER)


def test_is_eligible__jailed__not_eligible_until_term_ends(registry, slasher, worker):
    registry.jail(worker, DAY, sender=slasher)
    until = node(registry, worker).jailed_until
    assert not registry.is_eligible(worker, Role.WORKER)
    travel_to(until - 1)
    assert not registry.is_eligible(worker, Role.WORKER)
    travel_to(until)
    assert registry.is_eligible(worker, Role.WORKER)


def test_is_eligible__jailed_for_zero_seconds__stays_eligible(registry, slasher, worker):
    registry.jail(worker, 0, sender=slasher)
    assert registry.is_eligible(worker, Role.WORKER)


def test_stake_of__active_and_unbonding__sums_both(system, registry, slasher, worker):
    stake_more(system, worker, 20 * TOKEN)
    registry.begin_unbond(50 * TOKEN, sender=worker)
    assert registry.stake_of(worker) == 120 * TOKEN
    registry.slash(worker, 100 * TOKEN, REASON, sender=slasher)
    assert registry.stake_of(worker) == 20 * TOKEN


def test_stake_of__unregistered__zero(registry, newcomer):
    assert registry.stake_of(newcomer) == 0


# ---------------------------------------------------------------- total_bonded == balance


def test_total_bonded__stake_unbond_slash_withdraw__equals_token_balance(system, registry, slasher, workers):
    assert registry.total_bonded() == 3 * MIN_STAKE
    assert_bonded_matches_balance(system)
    registry.begin_unbond(40 * TOKEN, sender=workers[0])
    assert_bonded_matches_balance(system)
    registry.slash(workers[0], 80 * TOKEN, REASON, sender=slasher)
    assert_bonded_matches_balance(system)
    stake_more(system, workers[1], 33)
    assert_bonded_matches_balance(system)
    registry.slash(workers[2], 10**30, REASON, sender=slasher)
    assert_bonded_matches_balance(system)
    boa.env.time_travel(seconds=UNBONDING)
    registry.withdraw(sender=workers[0])
    assert_bonded_matches_balance(system)
    assert registry.total_bonded() == sum(registry.stake_of(w) for w in workers) == MIN_STAKE + 33


def test_total_bonded__random_operations__equals_balance_and_ghost_stakes(system, slasher, workers):
    """A hypothesis state machine over stake / begin_unbond / withdraw / slash /
    jail / time, checked against ghost values: the registry holds exactly the
    bonded stake, every node's stake is what the rules say, the treasury got
    exactly what was slashed, eligibility follows stake and jail term."""
    registry, token, treasury = system.registry, system.token, system.treasury

    class RegistryMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.anchor = boa.env.anchor()  # each example starts from the fixture's state
            self.anchor.__enter__()
            self.treasury_start = token.balanceOf(treasury)
            self.slashed = 0
            self.active = {w: MIN_STAKE for w in workers}
            self.unbonding = {w: 0 for w in workers}
            self.ready_at = {w: 0 for w in workers}
            self.jailed_until = {w: 0 for w in workers}

        def teardown(self):
            self.anchor.__exit__(None, None, None)

        @rule(i=st.integers(0, 2), amount=st.integers(1, 50 * TOKEN))
        def stake(self, i, amount):
            stake_more(system, workers[i], amount)
            self.active[workers[i]] += amount

        @rule(i=st.integers(0, 2), amount=st.integers(0, 200 * TOKEN))
        def begin_unbond(self, i, amount):
            worker = workers[i]
            if amount == 0 or amount > self.active[worker]:
                with boa.reverts():
                    registry.begin_unbond(amount, sender=worker)
                return
            registry.begin_unbond(amount, sender=worker)
            self.active[worker] -= amount
            self.unbonding[worker] += amount
            self.ready_at[worker] = now() + UNBONDING

        @rule(i=st.integers(0, 2))
        def withdraw(self, i):
            worker = workers[i]
            if self.unbonding[worker] == 0 or now() < self.ready_at[worker]:
                with boa.reverts():
                    registry.withdraw(sender=worker)
                return
            balance = token.balanceOf(worker)
            registry.withdraw(sender=worker)
            assert token.balanceOf(worker) == balance + self.unbonding[worker]
            self.unbonding[worker] = 0

        @rule(i=st.integers(0, 2), amount=st.integers(0, 300 * TOKEN))
        def slash(self, i, amount):
            worker = workers[i]
            taken = registry.slash(worker, amount, REASON, sender=slasher)
            assert taken == min(amount, self.active[worker] + self.unbonding[worker])
            from_active = min(taken, self.active[worker])
            self.active[worker] -= from_active
            self.unbonding[worker] -= taken - from_active
            self.slashed += taken

        @rule(i=st.integers(0, 2), duration=st.integers(0, 30 * DAY))
        def jail(self, i, duration):
            registry.jail(workers[i], duration, sender=slasher)
            self.jailed_until[workers[i]] = max(self.jailed_until[workers[i]], now() + duration)

        @rule(seconds=st.integers(1, 10 * DAY))
        def wait(self, seconds):
            boa.env.time_travel(seconds=seconds)

        @invariant()
        def bonded_equals_balance(self):
            held = token.balanceOf(registry.address)
            assert registry.total_bonded() == held == sum(self.active.values()) + sum(self.unbonding.values())

        @invariant()
        def nodes_match_ghost(self):
            for worker in workers:
                n = registry.nodes(worker)
                assert (n.staked, n.unbonding, n.jailed_until) == (
                    self.active[worker],
                    self.unbonding[worker],
                    self.jailed_until[worker],
                )
                assert registry.stake_of(worker) == self.active[worker] + self.unbonding[worker]
                assert registry.is_eligible(worker, Role.WORKER) == (
                    self.active[worker] >= MIN_STAKE and self.jailed_until[worker] <= now()
                )

        @invariant()
        def treasury_got_slashed_stake(self):
            assert token.balanceOf(treasury) == self.treasury_start + self.slashed

    run_state_machine_as_test(
        RegistryMachine,
        settings=settings(
            max_examples=25, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


# ---------------------------------------------------------------- owner setters


def test_set_slasher__owner__allows_and_revokes_and_logs(registry, owner):
    escrow_like = keyed_account("another-escrow")[0]
    registry.set_slasher(escrow_like, True, sender=owner)
    log = one_event(registry, "SlasherSet")
    assert (log.slasher, log.allowed) == (escrow_like, True)
    assert registry.is_slasher(escrow_like)
    registry.set_slasher(escrow_like, False, sender=owner)
    assert one_event(registry, "SlasherSet").allowed is False
    assert not registry.is_slasher(escrow_like)


def test_set_slasher__zero_address__reverts(registry, owner):
    with boa.reverts("registry: zero address"):
        registry.set_slasher(ZERO_ADDRESS, True, sender=owner)


def test_set_slasher__system_contracts__are_slashers(system, registry):
    assert registry.is_slasher(system.escrow.address)
    assert registry.is_slasher(system.sentry.address)


@pytest.mark.parametrize("role", [Role.WORKER, Role.SENTRY, Role.LABELER])
def test_set_min_stake__owner__sets_and_logs(registry, owner, role):
    registry.set_min_stake(role, 7 * TOKEN, sender=owner)
    log = one_event(registry, "MinStakeSet")
    assert (log.role, log.amount) == (role, 7 * TOKEN)
    assert registry.min_stake(role) == 7 * TOKEN


@pytest.mark.parametrize("role", [0, 4])
def test_set_min_stake__unknown_role__reverts(registry, owner, role):
    with boa.reverts("registry: unknown role"):
        registry.set_min_stake(role, TOKEN, sender=owner)


def test_set_min_stake__zero__reverts(registry, owner):
    with boa.reverts("registry: minimum stake must be positive"):
        registry.set_min_stake(Role.WORKER, 0, sender=owner)
    assert registry.min_stake(Role.WORKER) == MIN_STAKE


@pytest.mark.parametrize("period", [0, DAY, MAX_UNBONDING_PERIOD])
def test_set_unbonding_period__within_bound__sets_and_logs(registry, owner, worker, period):
    registry.set_unbonding_period(period, sender=owner)
    assert one_event(registry, "UnbondingPeriodSet").period == period
    assert registry.unbonding_period() == period
    registry.begin_unbond(TOKEN, sender=worker)
    assert node(registry, worker).unbond_ready_at == now() + period


def test_set_unbonding_period__above_max__reverts(registry, owner):
    with boa.reverts("registry: unbonding period too long"):
        registry.set_unbonding_period(MAX_UNBONDING_PERIOD + 1, sender=owner)
    assert registry.unbonding_period() == UNBONDING


def test_set_treasury__owner__sets_and_logs(registry, owner):
    new_treasury = keyed_account("new-treasury")[0]
    registry.set_treasury(new_treasury, sender=owner)
    assert one_event(registry, "TreasurySet").treasury == new_treasury
    assert registry.treasury() == new_treasury


def test_set_treasury__zero_address__reverts(system, registry, owner):
    with boa.reverts("registry: zero address"):
        registry.set_treasury(ZERO_ADDRESS, sender=owner)
    assert registry.treasury() == system.treasury


# ---------------------------------------------------------------- ownership (Ownable2Step)


OWNER_CALLS = {
    "set_slasher": lambda r, who: r.set_slasher(keyed_account("another-escrow")[0], True, sender=who),
    "set_min_stake": lambda r, who: r.set_min_stake(Role.WORKER, TOKEN, sender=who),
    "set_unbonding_period": lambda r, who: r.set_unbonding_period(DAY, sender=who),
    "set_treasury": lambda r, who: r.set_treasury(keyed_account("new-treasury")[0], sender=who),
    "transfer_ownership": lambda r, who: r.transfer_ownership(keyed_account("x")[0], sender=who),
    "renounce_ownership": lambda r, who: r.renounce_ownership(sender=who),
}


@pytest.fixture
def new_owner() -> str:
    return keyed_account("new-owner")[0]


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_owner_function__non_owner__reverts(registry, non_owner, worker, slasher, function):
    for caller in (non_owner, worker, slasher):
        with boa.reverts(OWNER_REVERT):
            OWNER_CALLS[function](registry, caller)


def test_transfer_ownership__owner__sets_pending_owner_only(registry, owner, new_owner):
    registry.transfer_ownership(new_owner, sender=owner)
    log = one_event(registry, "OwnershipTransferStarted")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert registry.pending_owner() == new_owner
    assert registry.owner() == owner
    with boa.reverts(OWNER_REVERT):
        registry.set_unbonding_period(DAY, sender=new_owner)


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_accept_ownership__pending_owner__takes_over_owner_functions(registry, owner, new_owner, function):
    registry.transfer_ownership(new_owner, sender=owner)
    registry.accept_ownership(sender=new_owner)
    log = one_event(registry, "OwnershipTransferred")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert registry.owner() == new_owner
    assert registry.pending_owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        OWNER_CALLS[function](registry, owner)
    OWNER_CALLS[function](registry, new_owner)


def test_accept_ownership__someone_else__reverts(registry, owner, new_owner, non_owner):
    registry.transfer_ownership(new_owner, sender=owner)
    for caller in (non_owner, owner):
        with boa.reverts(NOT_PENDING_OWNER_REVERT):
            registry.accept_ownership(sender=caller)
    assert registry.owner() == owner


def test_renounce_ownership__owner__leaves_no_owner(registry, owner):
    registry.renounce_ownership(sender=owner)
    assert registry.owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        registry.set_treasury(owner, sender=owner)
