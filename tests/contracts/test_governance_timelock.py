"""GovernanceTimelock: every owner action waits in public, and none reaches
a job already open.

The system here is deployed as protocol/deployment.py does it: the
registry, the committee and the sentry contract owned by a
GovernanceTimelock (snekmate's timelock_controller) whose proposer is the
former owner, with GOVERNANCE_DELAY (8 days, above the 7-day unbonding
period) between schedule and execute. The owner is the adversary.
"""

import boa
import pytest
from boa_system import ZERO32, calldata, hand_to_timelock, keyed_account
from contract_helpers import OWNER_REVERT
from escrow_helpers import assert_solvent, claim, dispute, past_window, resolve, settle, standard_split, with_round

from protocol import eip712
from protocol.contracts import DAY, JobStatus

GOVERNANCE_DELAY = 8 * DAY
SALT = b"\x07" * 32


@pytest.fixture
def timelock(system):
    return hand_to_timelock(system, GOVERNANCE_DELAY)


@pytest.fixture
def owner_key() -> tuple[str, bytes]:
    return keyed_account("owner-oracle-key")


def schedule(timelock, owner, target, name: str, *args, delay: int = GOVERNANCE_DELAY) -> bytes:
    payload = calldata(target, name, *args)
    timelock.schedule(target.address, 0, payload, ZERO32, SALT, delay, sender=owner)
    return payload


def execute(timelock, target, payload: bytes, sender: str | None = None):
    return timelock.execute(target.address, 0, payload, ZERO32, SALT, sender=sender or keyed_account("anyone")[0])


def test_deploy__timelock_owns_governed_contracts__former_owner_only_proposes(system, timelock, owner):
    for contract in (system.registry, system.committee, system.sentry):
        assert contract.owner() == timelock.address
    assert timelock.get_minimum_delay() == GOVERNANCE_DELAY > system.params.unbonding_period
    assert timelock.hasRole(timelock.PROPOSER_ROLE(), owner)
    assert timelock.hasRole(timelock.CANCELLER_ROLE(), owner)
    assert not timelock.hasRole(ZERO32, owner)  # the set-up admin was renounced
    assert timelock.hasRole(timelock.EXECUTOR_ROLE(), "0x" + "00" * 20)  # anyone executes


@pytest.mark.parametrize(
    "target, name, args",
    [
        ("committee", "add_signer", ("owner",)),
        ("committee", "set_threshold", (1,)),
        ("registry", "set_slasher", ("owner", True)),
        ("registry", "set_treasury", ("owner",)),
        ("registry", "set_min_stake", (1, 1)),
        ("registry", "set_unbonding_period", (0,)),
        ("sentry", "set_quorum", (1,)),
        ("sentry", "set_jail_duration", (0,)),
    ],
)
def test_owner_action__called_directly_by_former_owner__reverts(system, timelock, owner, target, name, args):
    args = tuple(owner if a == "owner" else a for a in args)
    with boa.reverts(OWNER_REVERT):
        getattr(getattr(system, target), name)(*args, sender=owner)


def test_owner_action__scheduled__public_event_then_applies_only_after_delay(system, timelock, owner, non_owner):
    payload = schedule(timelock, owner, system.committee, "set_threshold", 2)

    [scheduled] = [e for e in timelock.get_logs() if type(e).__name__ == "CallScheduled"]
    assert (scheduled.target, scheduled.payload, scheduled.delay) == (
        system.committee.address,
        payload,
        GOVERNANCE_DELAY,
    )
    boa.env.time_travel(seconds=GOVERNANCE_DELAY - 1)
    with boa.reverts("timelock_controller: operation is not ready"):
        execute(timelock, system.committee, payload)
    boa.env.time_travel(seconds=1)
    execute(timelock, system.committee, payload, sender=non_owner)
    assert system.committee.threshold() == 2


def test_owner_action__shorter_delay__reverts(system, timelock, owner):
    with boa.reverts("timelock_controller: insufficient delay"):
        schedule(timelock, owner, system.committee, "set_threshold", 1, delay=GOVERNANCE_DELAY - 1)


def test_owner_action__non_proposer__reverts(system, timelock, non_owner):
    with boa.reverts("access_control: account is missing role"):
        schedule(timelock, non_owner, system.committee, "set_threshold", 1)


def test_owner_action__cancelled__never_applies(system, timelock, owner):
    payload = schedule(timelock, owner, system.committee, "set_threshold", 1)
    operation = timelock.hash_operation(system.committee.address, 0, payload, ZERO32, SALT)
    timelock.cancel(operation, sender=owner)
    boa.env.time_travel(seconds=GOVERNANCE_DELAY)
    with boa.reverts("timelock_controller: operation is not ready"):
        execute(timelock, system.committee, payload)


def test_update_delay__only_through_the_timelock__reverts_direct(timelock, owner):
    with boa.reverts("timelock_controller: caller must be timelock"):
        timelock.update_delay(0, sender=owner)


def _take_over_committee(system, timelock, owner, owner_address):
    """The attack from the issue, through the timelock: the owner adds its own
    key and sets k = 1, waits out the delay and executes."""
    add = schedule(timelock, owner, system.committee, "add_signer", owner_address)
    boa.env.time_travel(seconds=1)  # a second operation needs its own id: same salt, other payload
    one = schedule(timelock, owner, system.committee, "set_threshold", 1)
    boa.env.time_travel(seconds=GOVERNANCE_DELAY)
    execute(timelock, system.committee, add)
    execute(timelock, system.committee, one)
    boa.env.time_travel(seconds=1)
    assert system.committee.threshold() == 1 and system.committee.is_signer(owner_address)


def test_committee_takeover__open_job__owner_cannot_settle_it_to_itself(
    system, timelock, owner, owner_key, requester, workers, budget
):
    # A job with a long deadline, open all through the delay.
    job_id = system.create_job(requester, budget, deadline_in=30 * DAY)
    owner_address, key = owner_key
    _take_over_committee(system, timelock, owner, owner_address)

    steal = eip712.Settlement(job_id, ZERO32, 0, budget, 0, eip712.slashes_hash([]), ZERO32, 0)
    for keys in ([key], [key, *system.oracle_keys[:2]]):
        with boa.reverts():
            system.escrow.settle(steal.as_tuple(), [], system.oracle_sigs(steal, keys), sender=owner_address)
    with boa.reverts():
        system.escrow.reject(job_id, 1, system.oracle_sigs(eip712.Reject(job_id, 1), [key]), sender=owner_address)
    assert system.escrow.get_job(job_id).status == JobStatus.OPEN

    # The committee it was created under still settles it, and the owner gets nothing.
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    past_window(system, job_id)
    for w in workers[:2]:
        claim(system, w, [split])
    assert system.token.balanceOf(owner_address) == 0
    assert_solvent(system)


def test_committee_change__job_created_while_pending__keeps_old_committee(
    system, timelock, owner, owner_key, requester, workers, budget
):
    owner_address, key = owner_key
    add = schedule(timelock, owner, system.committee, "add_signer", owner_address)
    boa.env.time_travel(seconds=DAY)
    job_id = system.create_job(requester, budget, deadline_in=30 * DAY)  # created while the change is pending
    boa.env.time_travel(seconds=GOVERNANCE_DELAY)
    execute(timelock, system.committee, add)
    boa.env.time_travel(seconds=1)

    split = standard_split(job_id, workers, budget)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=system.oracle_sigs(split.settlement, [key, *system.oracle_keys[:2]]))
    settle(system, split)
    dispute(system, requester, job_id)
    with boa.reverts("committee: not a signer"):
        resolve(
            system,
            with_round(split, 1),
            sigs=system.oracle_sigs(with_round(split, 1).settlement, [key, *system.oracle_keys[:2]]),
        )


def test_slasher_change__worker_sees_it_and_leaves_before_it_applies(system, timelock, owner, workers):
    # The owner schedules making itself a slasher; the worker reads the
    # CallScheduled event, unbonds at once, and is out before the change can run.
    worker = workers[0]
    payload = schedule(timelock, owner, system.registry, "set_slasher", owner, True)
    stake = system.registry.stake_of(worker)
    system.registry.begin_unbond(stake, sender=worker)
    boa.env.time_travel(seconds=system.params.unbonding_period)
    system.registry.withdraw(sender=worker)
    boa.env.time_travel(seconds=GOVERNANCE_DELAY - system.params.unbonding_period)
    execute(timelock, system.registry, payload)

    assert system.registry.slash(worker, stake, ZERO32, sender=owner) == 0
    assert system.token.balanceOf(worker) == stake == system.params.min_worker_stake
