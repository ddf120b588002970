"""OracleCommittee: the oracle signer set, its threshold, and `verify`."""

from __future__ import annotations

import boa
import pytest
from boa_system import keyed_account
from contract_helpers import (
    NOT_PENDING_OWNER_REVERT,
    OWNER_REVERT,
    ZERO_ADDRESS,
    address_of,
    by_address,
    deployer,
    events,
    high_s,
    one_event,
    sign_hash,
    sorted_signatures,
)
from eth_utils import keccak

DIGEST = keccak(b"gpuhive-test:verdict")
MAX_SIGNERS = 32
THRESHOLD = 3  # deploy_system's default, over 5 oracles


@pytest.fixture
def committee(system):
    return system.committee


@pytest.fixture
def oracle_keys(system) -> list[bytes]:
    return list(system.oracle_keys)


@pytest.fixture
def outsider_key() -> bytes:
    """The key of an address that is not an oracle signer."""
    return keyed_account("outsider-oracle")[1]


@pytest.fixture
def new_signer() -> str:
    return keyed_account("new-oracle")[0]


@pytest.fixture
def new_owner() -> str:
    return keyed_account("new-owner")[0]


def signed_by(keys: list[bytes]) -> list[str]:
    return by_address([address_of(k) for k in keys])


# ---------------------------------------------------------------- constructor


def test_init__signers_and_threshold__stored(committee, oracle_signers, owner):
    assert committee.signers() == oracle_signers
    assert committee.signer_count() == 5
    assert committee.threshold() == THRESHOLD
    assert committee.owner() == owner
    assert committee.MAX_SIGNERS() == MAX_SIGNERS
    for signer in oracle_signers:
        assert committee.is_signer(signer)


def test_init__new_committee__logs_signers_and_threshold(oracle_signers):
    committee = deployer("OracleCommittee").deploy(oracle_signers[:2], 2)
    added = [(log.signer, log.signer_count) for log in events(committee, "SignerAdded")]
    assert added == [(oracle_signers[0], 1), (oracle_signers[1], 2)]
    changed = one_event(committee, "ThresholdChanged")
    assert (changed.old_threshold, changed.new_threshold) == (0, 2)
    assert committee.signers() == oracle_signers[:2]
    assert committee.threshold() == 2


@pytest.mark.parametrize(
    ("signers", "threshold", "reason"),
    [
        ("two", 0, "committee: threshold must be at least 1"),
        ("two", 3, "committee: threshold above signer count"),
        ("none", 1, "committee: threshold above signer count"),
        ("duplicate", 1, "committee: already a signer"),
        ("zero", 1, "committee: zero address"),
    ],
    ids=["zero_threshold", "threshold_above_count", "no_signers", "duplicate_signer", "zero_address"],
)
def test_init__bad_signers_or_threshold__reverts(oracle_signers, signers, threshold, reason):
    a, b = oracle_signers[:2]
    signer_list = {"two": [a, b], "none": [], "duplicate": [a, b, a], "zero": [a, ZERO_ADDRESS]}[signers]
    with boa.reverts(reason):
        deployer("OracleCommittee").deploy(signer_list, threshold)


def test_init__max_signers__accepted(system):
    signers = [keyed_account(f"many-oracle-{i}")[0] for i in range(MAX_SIGNERS)]
    committee = deployer("OracleCommittee").deploy(signers, MAX_SIGNERS)
    assert committee.signer_count() == MAX_SIGNERS


# ---------------------------------------------------------------- add_signer / remove_signer


def test_add_signer__owner__adds_and_logs(committee, owner, oracle_signers, new_signer):
    committee.add_signer(new_signer, sender=owner)
    log = one_event(committee, "SignerAdded")
    assert (log.signer, log.signer_count) == (new_signer, 6)
    assert committee.is_signer(new_signer)
    assert committee.signers() == oracle_signers + [new_signer]
    assert committee.signer_count() == 6


def test_add_signer__new_signer__signatures_count(committee, owner, oracle_keys):
    key = keyed_account("new-oracle")[1]
    committee.add_signer(address_of(key), sender=owner)
    keys = oracle_keys[:2] + [key]
    assert committee.verify(DIGEST, sorted_signatures(keys, DIGEST)) == signed_by(keys)


def test_add_signer__existing_signer__reverts(committee, owner, oracle_signers):
    with boa.reverts("committee: already a signer"):
        committee.add_signer(oracle_signers[2], sender=owner)
    assert committee.signer_count() == 5


def test_add_signer__zero_address__reverts(committee, owner):
    with boa.reverts("committee: zero address"):
        committee.add_signer(ZERO_ADDRESS, sender=owner)


def test_add_signer__beyond_max_signers__reverts(committee, owner):
    for i in range(MAX_SIGNERS - 5):
        committee.add_signer(keyed_account(f"extra-oracle-{i}")[0], sender=owner)
    assert committee.signer_count() == MAX_SIGNERS
    with boa.reverts("committee: too many signers"):
        committee.add_signer(keyed_account("one-too-many")[0], sender=owner)


def test_remove_signer__owner__removes_keeping_order_and_logs(committee, owner, oracle_signers):
    committee.remove_signer(oracle_signers[1], sender=owner)
    log = one_event(committee, "SignerRemoved")
    assert (log.signer, log.signer_count) == (oracle_signers[1], 4)
    assert not committee.is_signer(oracle_signers[1])
    assert committee.signers() == [oracle_signers[0]] + oracle_signers[2:]
    assert committee.signer_count() == 4


def test_remove_signer__then_add_again__accepted(committee, owner, oracle_signers):
    committee.remove_signer(oracle_signers[0], sender=owner)
    committee.add_signer(oracle_signers[0], sender=owner)
    assert committee.signers() == oracle_signers[1:] + [oracle_signers[0]]


def test_remove_signer__not_a_signer__reverts(committee, owner, new_signer):
    with boa.reverts("committee: not a signer"):
        committee.remove_signer(new_signer, sender=owner)


def test_remove_signer__below_threshold__reverts(committee, owner, oracle_signers):
    committee.remove_signer(oracle_signers[0], sender=owner)
    committee.remove_signer(oracle_signers[1], sender=owner)  # 3 signers, threshold 3
    with boa.reverts("committee: threshold above signer count"):
        committee.remove_signer(oracle_signers[2], sender=owner)
    assert committee.signer_count() == THRESHOLD


def test_remove_signer__removed_signer__signature_stops_counting(committee, owner, oracle_keys):
    keys = oracle_keys[:THRESHOLD]
    signatures = sorted_signatures(keys, DIGEST)  # signed before the removal
    committee.remove_signer(address_of(keys[0]), sender=owner)
    with boa.reverts("committee: not a signer"):
        committee.verify(DIGEST, signatures)


# ---------------------------------------------------------------- set_threshold


@pytest.mark.parametrize("threshold", [1, 5])
def test_set_threshold__within_bounds__sets_and_logs(committee, owner, threshold):
    committee.set_threshold(threshold, sender=owner)
    log = one_event(committee, "ThresholdChanged")
    assert (log.old_threshold, log.new_threshold) == (THRESHOLD, threshold)
    assert committee.threshold() == threshold


def test_set_threshold__zero__reverts(committee, owner):
    with boa.reverts("committee: threshold must be at least 1"):
        committee.set_threshold(0, sender=owner)
    assert committee.threshold() == THRESHOLD


def test_set_threshold__above_signer_count__reverts(committee, owner):
    with boa.reverts("committee: threshold above signer count"):
        committee.set_threshold(6, sender=owner)


def test_set_threshold__raised__old_quorum_no_longer_enough(committee, owner, oracle_keys):
    signatures = sorted_signatures(oracle_keys[:THRESHOLD], DIGEST)
    committee.set_threshold(4, sender=owner)
    with boa.reverts("committee: below threshold"):
        committee.verify(DIGEST, signatures)


# ---------------------------------------------------------------- signers / signer_count


def test_signers__after_changes__reflects_current_set(committee, owner, oracle_signers, new_signer):
    committee.add_signer(new_signer, sender=owner)
    committee.remove_signer(oracle_signers[4], sender=owner)
    assert committee.signers() == oracle_signers[:4] + [new_signer]
    assert committee.signer_count() == len(committee.signers()) == 5


# ---------------------------------------------------------------- verify


def test_verify__threshold_sorted_signatures__returns_signers(committee, oracle_keys):
    keys = oracle_keys[:THRESHOLD]
    assert committee.verify(DIGEST, sorted_signatures(keys, DIGEST)) == signed_by(keys)


def test_verify__all_signers__returns_all_in_order(committee, oracle_keys, oracle_signers):
    assert committee.verify(DIGEST, sorted_signatures(oracle_keys, DIGEST)) == by_address(oracle_signers)


def test_verify__below_threshold__reverts(committee, oracle_keys):
    with boa.reverts("committee: below threshold"):
        committee.verify(DIGEST, sorted_signatures(oracle_keys[: THRESHOLD - 1], DIGEST))
    with boa.reverts("committee: below threshold"):
        committee.verify(DIGEST, [])


def test_verify__unsorted__reverts(committee, oracle_keys):
    signatures = sorted_signatures(oracle_keys[:THRESHOLD], DIGEST)
    with boa.reverts("committee: signers not sorted or repeated"):
        committee.verify(DIGEST, list(reversed(signatures)))


def test_verify__duplicate_signer__reverts(committee, oracle_keys):
    first, second = sorted_signatures(oracle_keys[:2], DIGEST)
    with boa.reverts("committee: signers not sorted or repeated"):
        committee.verify(DIGEST, [first, second, second])


def test_verify__non_signer__reverts(committee, oracle_keys, outsider_key):
    signatures = sorted_signatures(oracle_keys[: THRESHOLD - 1] + [outsider_key], DIGEST)
    with boa.reverts("committee: not a signer"):
        committee.verify(DIGEST, signatures)


def test_verify__signature_over_other_digest__reverts(committee, oracle_keys):
    # recovers some unrelated address, which is not a signer
    wrong = sign_hash(oracle_keys[0], keccak(b"another verdict"))
    with boa.reverts("committee: not a signer"):
        committee.verify(DIGEST, [wrong] + sorted_signatures(oracle_keys[1 : THRESHOLD + 1], DIGEST))


def test_verify__64_byte_signature__reverts(committee, oracle_keys):
    signatures = sorted_signatures(oracle_keys[:THRESHOLD], DIGEST)
    signatures[1] = signatures[1][:64]  # what EIP-2098 compact form would look like in length
    with boa.reverts("committee: signature must be 65 bytes"):
        committee.verify(DIGEST, signatures)


def test_verify__high_s_malleable_signature__reverts(committee, oracle_keys):
    from eth_account import Account

    signatures = sorted_signatures(oracle_keys[:THRESHOLD], DIGEST)
    twin = high_s(signatures[0])
    # the twin is a valid secp256k1 signature of the same signer...
    assert Account._recover_hash(DIGEST, signature=twin) == Account._recover_hash(DIGEST, signature=signatures[0])
    # ...which the committee refuses
    with boa.reverts("ecdsa: invalid signature `s` value"):
        committee.verify(DIGEST, [twin] + signatures[1:])


def test_verify__invalid_v__reverts(committee, oracle_keys):
    signatures = sorted_signatures(oracle_keys[:THRESHOLD], DIGEST)
    signatures[0] = signatures[0][:64] + bytes([29])
    with boa.reverts("ecdsa: invalid signature"):
        committee.verify(DIGEST, signatures)


# ---------------------------------------------------------------- ownership (Ownable2Step)


OWNER_CALLS = {
    "add_signer": lambda c, who: c.add_signer(keyed_account("new-oracle")[0], sender=who),
    "remove_signer": lambda c, who: c.remove_signer(c.signers()[0], sender=who),
    "set_threshold": lambda c, who: c.set_threshold(2, sender=who),
    "transfer_ownership": lambda c, who: c.transfer_ownership(keyed_account("x")[0], sender=who),
    "renounce_ownership": lambda c, who: c.renounce_ownership(sender=who),
}


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_owner_function__non_owner__reverts(committee, non_owner, oracle_signers, function):
    for caller in (non_owner, oracle_signers[0]):
        with boa.reverts(OWNER_REVERT):
            OWNER_CALLS[function](committee, caller)


def test_transfer_ownership__owner__sets_pending_owner_only(committee, owner, new_owner):
    committee.transfer_ownership(new_owner, sender=owner)
    log = one_event(committee, "OwnershipTransferStarted")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert committee.pending_owner() == new_owner
    assert committee.owner() == owner
    with boa.reverts(OWNER_REVERT):
        committee.set_threshold(1, sender=new_owner)


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_accept_ownership__pending_owner__takes_over_owner_functions(committee, owner, new_owner, function):
    committee.transfer_ownership(new_owner, sender=owner)
    committee.accept_ownership(sender=new_owner)
    log = one_event(committee, "OwnershipTransferred")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert committee.owner() == new_owner
    assert committee.pending_owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        OWNER_CALLS[function](committee, owner)
    OWNER_CALLS[function](committee, new_owner)


def test_accept_ownership__someone_else__reverts(committee, owner, new_owner, non_owner):
    committee.transfer_ownership(new_owner, sender=owner)
    for caller in (non_owner, owner):
        with boa.reverts(NOT_PENDING_OWNER_REVERT):
            committee.accept_ownership(sender=caller)
    assert committee.owner() == owner


def test_renounce_ownership__owner__freezes_signer_set(committee, owner, new_signer):
    committee.renounce_ownership(sender=owner)
    assert [log.new_owner for log in events(committee, "OwnershipTransferred")] == [ZERO_ADDRESS]
    assert committee.owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        committee.add_signer(new_signer, sender=owner)


# ---------------------------------------------------------------- epochs (a job keeps its committee)


def _sign_all(keys: list[bytes]) -> list[bytes]:
    return sorted_signatures(keys, DIGEST)


def test_epoch__deploy__first_epoch_from_time_zero(committee, oracle_signers):
    assert committee.current_epoch() == 1
    assert committee.epoch_start(1) == 0
    assert committee.members(1) == oracle_signers
    assert committee.epoch_threshold(1) == THRESHOLD
    assert committee.epoch_at(0) == 1


def test_epoch__each_change__opens_next_epoch_from_next_second(committee, owner, oracle_signers, new_signer):
    now = boa.env.evm.patch.timestamp
    committee.add_signer(new_signer, sender=owner)
    opened = one_event(committee, "EpochOpened")
    assert (opened.epoch, opened.start, opened.signer_count, opened.threshold) == (2, now + 1, 6, THRESHOLD)
    committee.set_threshold(4, sender=owner)
    committee.remove_signer(oracle_signers[0], sender=owner)
    assert committee.current_epoch() == 4
    assert committee.members(2) == [*oracle_signers, new_signer]
    assert committee.members(4) == [*oracle_signers[1:], new_signer]
    assert [committee.epoch_threshold(e) for e in (1, 2, 3, 4)] == [3, 3, 4, 4]
    # A job created in this block (or before) keeps epoch 1.
    assert committee.epoch_at(now) == 1
    assert committee.epoch_at(now + 1) == 4


def test_epoch_at__many_epochs__finds_the_one_in_force(committee, owner, oracle_signers):
    starts = []
    for i in range(6):
        committee.set_threshold(1 + i % 3, sender=owner)
        starts.append(committee.epoch_start(committee.current_epoch()))
        boa.env.time_travel(seconds=100)
    for epoch, start in enumerate(starts, start=2):
        assert committee.epoch_at(start) == epoch
        assert committee.epoch_at(start + 99) == epoch
    assert committee.epoch_at(starts[0] - 1) == 1


def test_verify_at__removed_signer__counts_for_earlier_timestamps_only(committee, owner, oracle_keys):
    before = boa.env.evm.patch.timestamp
    committee.remove_signer(address_of(oracle_keys[0]), sender=owner)
    sigs = _sign_all(oracle_keys[:3])

    epoch, bitmap = committee.verify_at(before, DIGEST, sigs)
    assert (epoch, bitmap) == (1, 0b111)
    with boa.reverts("committee: not a signer"):
        committee.verify_at(before + 1, DIGEST, sigs)


def test_verify_epoch__without_threshold__one_member_enough(committee, oracle_keys):
    assert committee.verify_epoch(1, DIGEST, _sign_all(oracle_keys[4:]), False) == 0b10000
    with boa.reverts("committee: below threshold"):
        committee.verify_epoch(1, DIGEST, _sign_all(oracle_keys[4:]), True)
    with boa.reverts("committee: no signatures"):
        committee.verify_epoch(1, DIGEST, [], False)


def test_member_position__member_and_stranger__position_plus_one_or_zero(committee, oracle_signers, new_signer):
    assert [committee.member_position(1, s) for s in oracle_signers] == [1, 2, 3, 4, 5]
    assert committee.member_position(1, new_signer) == 0
