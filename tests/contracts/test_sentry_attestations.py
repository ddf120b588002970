"""SentryAttestations: per-epoch attestation roots from eligible sentries,
and jailing a worker on the same OFFLINE leaf under a quorum of roots."""

from __future__ import annotations

from dataclasses import dataclass

import boa
import pytest
from boa_system import TOKEN, keyed_account
from contract_helpers import (
    NOT_PENDING_OWNER_REVERT,
    OWNER_REVERT,
    ZERO_ADDRESS,
    add_sentry,
    attestation_tree,
    deployer,
    epoch_start,
    events,
    last_gas_used,
    observation,
    offline,
    one_event,
    proof_for,
    travel_to,
)

from protocol.contracts import DAY, Role, SentryFlag
from protocol.merkle import StandardMerkleTree

EPOCH_LENGTH = 3_600  # DeployParams' default
QUORUM = 2
JAIL_DURATION = DAY
MAX_QUORUM = 16
MAX_JAIL_DURATION = 365 * DAY
ROOT = b"\xaa" * 32
CID = "bafy-attestations"


@pytest.fixture
def board(system):
    """The SentryAttestations contract."""
    return system.sentry


@pytest.fixture
def epoch(system) -> int:
    """Moves the clock to the start of the next epoch and returns that epoch."""
    e = system.sentry.current_epoch() + 1
    travel_to(epoch_start(system, e))
    return e


@pytest.fixture
def worker(workers) -> str:
    return workers[0]


@pytest.fixture
def new_owner() -> str:
    return keyed_account("new-owner")[0]


def deploy_board(system, epoch_length: int, quorum: int, jail_duration: int, stake_quorum: int = 0, evidence: int = 3):
    return deployer("SentryAttestations").deploy(
        system.registry.address, system.committee.address, epoch_length, quorum, stake_quorum, jail_duration, evidence
    )


def now() -> int:
    return boa.env.evm.patch.timestamp


def other_workers(n: int) -> list[str]:
    return [keyed_account(f"observed-worker-{i}")[0] for i in range(n)]


@dataclass
class Attested:
    """Roots posted by sentries[0] and sentries[1] for `epoch`; both saw `worker` offline."""

    epoch: int
    worker: str
    sentries: list[str]
    trees: dict[str, StandardMerkleTree]

    @property
    def leaf(self) -> tuple:
        return offline(self.worker, self.epoch)

    def proofs(self, sentries: list[str], leaf: tuple | None = None) -> list[list[bytes]]:
        return [proof_for(self.trees[s], leaf or self.leaf) for s in sentries]

    def jail(self, board, sentries: list[str], leaf: tuple | None = None, proofs=None, sender=None):
        leaf = leaf or self.leaf
        proofs = self.proofs(sentries, leaf) if proofs is None else proofs
        return board.jail(leaf[0], leaf[1], sentries, proofs, sender=sender or keyed_account("anyone")[0])


def sentry_tree(epoch: int, offline_worker: str, online: list[str], seen_uptime: int) -> StandardMerkleTree:
    """One sentry's view: `offline_worker` offline, the others online with its own measurements."""
    leaves = [offline(offline_worker, epoch)]
    leaves += [observation(w, epoch, uptime_bps=seen_uptime - i, perf_score=1_000 + i) for i, w in enumerate(online)]
    return attestation_tree(leaves)


def post_tree(board, sentry: str, epoch: int, tree: StandardMerkleTree) -> None:
    board.post(epoch, tree.root, f"bafy-{sentry[:10]}-{epoch}", sender=sentry)


@pytest.fixture
def attested(board, epoch, sentries, workers) -> Attested:
    """sentries[0] and sentries[1] posted different trees (their own uptime
    numbers) over 3 staked and 5 other workers for `epoch`; both hold the same
    OFFLINE leaf for workers[0]. sentries[2] has posted nothing."""
    online = workers[1:] + other_workers(5)
    trees = {
        sentries[0]: sentry_tree(epoch, workers[0], online, 9_900),
        sentries[1]: sentry_tree(epoch, workers[0], online, 9_700),
    }
    assert trees[sentries[0]].root != trees[sentries[1]].root
    for sentry, tree in trees.items():
        post_tree(board, sentry, epoch, tree)
    return Attested(epoch, workers[0], sentries, trees)


# ---------------------------------------------------------------- constructor


def test_init__parameters__stored_and_logged(system, board, owner):
    assert board.registry() == system.registry.address
    assert board.epoch_length() == EPOCH_LENGTH
    assert board.quorum() == QUORUM
    assert board.jail_duration() == JAIL_DURATION
    assert board.owner() == owner
    assert (board.FLAG_OFFLINE(), board.MAX_QUORUM()) == (SentryFlag.OFFLINE, MAX_QUORUM)
    fresh = deploy_board(system, 600, 3, 2 * DAY)
    assert one_event(fresh, "QuorumSet").quorum == 3
    assert one_event(fresh, "JailDurationSet").duration == 2 * DAY
    assert fresh.genesis() == now()
    assert fresh.current_epoch() == 0


def test_init__zero_epoch_length__reverts(system):
    with boa.reverts("sentry: zero epoch length"):
        deploy_board(system, 0, QUORUM, DAY)


@pytest.mark.parametrize("quorum", [0, MAX_QUORUM + 1])
def test_init__quorum_out_of_range__reverts(system, quorum):
    with boa.reverts("sentry: quorum out of range"):
        deploy_board(system, EPOCH_LENGTH, quorum, DAY)


def test_init__jail_duration_above_registry_max__reverts(system):
    with boa.reverts("sentry: jail too long"):
        deploy_board(system, EPOCH_LENGTH, QUORUM, MAX_JAIL_DURATION + 1)


# ---------------------------------------------------------------- current_epoch


def test_current_epoch__time_travel__counts_whole_epochs_since_genesis(system, board):
    genesis = board.genesis()
    assert board.current_epoch() == (now() - genesis) // EPOCH_LENGTH
    fresh = deploy_board(system, EPOCH_LENGTH, QUORUM, DAY)
    start = fresh.genesis()
    assert fresh.current_epoch() == 0
    travel_to(start + EPOCH_LENGTH - 1)
    assert fresh.current_epoch() == 0
    travel_to(start + EPOCH_LENGTH)
    assert fresh.current_epoch() == 1
    travel_to(start + 5 * EPOCH_LENGTH + EPOCH_LENGTH // 2)
    assert fresh.current_epoch() == 5
    boa.env.time_travel(seconds=1_000 * EPOCH_LENGTH)
    assert fresh.current_epoch() == 1_005


# ---------------------------------------------------------------- post


def test_post__eligible_sentry_current_epoch__stores_root_and_logs(board, epoch, sentries):
    board.post(epoch, ROOT, CID, sender=sentries[0])
    log = one_event(board, "AttestationPosted")
    assert (log.epoch, log.sentry, log.root, log.cid) == (epoch, sentries[0], ROOT, CID)
    assert board.roots(epoch, sentries[0]) == ROOT
    assert board.roots(epoch, sentries[1]) == b"\x00" * 32


def test_post__previous_epoch__accepted(system, board, epoch, sentries):
    travel_to(epoch_start(system, epoch + 1) + EPOCH_LENGTH - 1)  # last second of epoch + 1
    assert board.current_epoch() == epoch + 1
    board.post(epoch, ROOT, CID, sender=sentries[0])
    assert board.roots(epoch, sentries[0]) == ROOT


def test_post__two_epochs_back__reverts(system, board, epoch, sentries):
    travel_to(epoch_start(system, epoch + 2))
    with boa.reverts("sentry: epoch not open"):
        board.post(epoch, ROOT, CID, sender=sentries[0])


@pytest.mark.parametrize("ahead", [1, 2**64, 2**256 - 1], ids=["next", "far", "max_uint256"])
def test_post__future_epoch__reverts(board, epoch, sentries, ahead):
    target = min(epoch + ahead, 2**256 - 1)
    with boa.reverts("sentry: epoch not open"):
        board.post(target, ROOT, CID, sender=sentries[0])


def test_post__empty_root__reverts(board, epoch, sentries):
    with boa.reverts("sentry: empty root"):
        board.post(epoch, b"\x00" * 32, CID, sender=sentries[0])


def test_post__twice_in_epoch__reverts(board, epoch, sentries):
    board.post(epoch, ROOT, CID, sender=sentries[0])
    with boa.reverts("sentry: already posted for epoch"):
        board.post(epoch, b"\xbb" * 32, CID, sender=sentries[0])
    assert board.roots(epoch, sentries[0]) == ROOT


def test_post__previous_then_current_epoch__one_root_each(system, board, epoch, sentries):
    travel_to(epoch_start(system, epoch + 1))
    board.post(epoch, ROOT, CID, sender=sentries[0])
    board.post(epoch + 1, b"\xbb" * 32, CID, sender=sentries[0])
    assert board.roots(epoch, sentries[0]) == ROOT
    assert board.roots(epoch + 1, sentries[0]) == b"\xbb" * 32


def test_post__worker__reverts(board, epoch, worker):
    with boa.reverts("sentry: caller is not an eligible sentry"):
        board.post(epoch, ROOT, CID, sender=worker)


def test_post__unregistered__reverts(board, epoch, non_owner):
    with boa.reverts("sentry: caller is not an eligible sentry"):
        board.post(epoch, ROOT, CID, sender=non_owner)


def test_post__sentry_below_minimum_stake__reverts(system, board, epoch):
    poor_sentry = add_sentry(system, "poor-sentry", stake=system.params.min_sentry_stake - 1)
    assert system.registry.nodes(poor_sentry).role == Role.SENTRY
    with boa.reverts("sentry: caller is not an eligible sentry"):
        board.post(epoch, ROOT, CID, sender=poor_sentry)


def test_post__sentry_unbonding_below_minimum__reverts(system, board, epoch, sentries):
    system.registry.begin_unbond(TOKEN, sender=sentries[0])
    with boa.reverts("sentry: caller is not an eligible sentry"):
        board.post(epoch, ROOT, CID, sender=sentries[0])


def test_post__jailed_sentry__reverts_until_term_ends(system, board, epoch, sentries, slasher):
    system.registry.jail(sentries[0], 600, sender=slasher)
    with boa.reverts("sentry: caller is not an eligible sentry"):
        board.post(epoch, ROOT, CID, sender=sentries[0])
    boa.env.time_travel(seconds=600)
    board.post(epoch, ROOT, CID, sender=sentries[0])
    assert board.roots(epoch, sentries[0]) == ROOT


def test_post__tree_of_10_or_10_000_workers__same_gas(system, board, epoch, sentries):
    small = attestation_tree(
        [
            observation(w, epoch, 9_000 + i % 1_000)
            for i, w in enumerate(keyed_account(f"gas-worker-{i}")[0] for i in range(10))
        ]
    )
    large = attestation_tree([observation(f"0x{i + 1:040x}", epoch, i % 10_001, i, i % 2) for i in range(10_000)])
    # a proof into the large tree is more than three times as deep
    assert max(len(small.proof(i)) for i in range(10)) <= 4
    assert min(len(large.proof(i)) for i in (0, 4_999, 9_999)) >= 13
    gas = {}
    for name, tree in (("small", small), ("large", large)):
        # each post from the same chain state (including which slots are warm:
        # boa keeps EIP-2929 access sets across calls, and an anchor restores them)
        with boa.env.anchor():
            board.post(epoch, tree.root, CID, sender=sentries[0])
            gas[name] = last_gas_used(board)
            assert board.roots(epoch, sentries[0]) == tree.root
    assert gas["small"] > 0
    assert gas["small"] == gas["large"]


# ---------------------------------------------------------------- jail


def test_jail__offline_leaf_under_quorum__jails_worker_and_logs(system, board, attested, non_owner):
    registry = system.registry
    assert registry.is_eligible(attested.worker, Role.WORKER)
    signers = attested.sentries[:2]
    attested.jail(board, signers, sender=non_owner)  # anyone may call
    jailed = one_event(board, "WorkerJailed")
    assert (jailed.worker, jailed.epoch, list(jailed.sentries)) == (attested.worker, attested.epoch, signers)
    registry_log = one_event(board, "Jailed", emitter=registry)
    assert (registry_log.node, registry_log.jailer, registry_log.jailed_until) == (
        attested.worker,
        board.address,
        now() + JAIL_DURATION,
    )
    assert board.jailed_for_epoch(attested.worker, attested.epoch)
    assert registry.nodes(attested.worker).jailed_until == now() + JAIL_DURATION
    assert not registry.is_eligible(attested.worker, Role.WORKER)


def test_jail__after_jail_duration__worker_eligible_again(system, board, attested):
    attested.jail(board, attested.sentries[:2])
    until = system.registry.nodes(attested.worker).jailed_until
    travel_to(until - 1)
    assert not system.registry.is_eligible(attested.worker, Role.WORKER)
    travel_to(until)
    assert system.registry.is_eligible(attested.worker, Role.WORKER)


def test_jail__other_workers__stay_eligible(system, board, attested, workers):
    attested.jail(board, attested.sentries[:2])
    assert [system.registry.is_eligible(w, Role.WORKER) for w in workers] == [False, True, True]


def test_jail__more_than_quorum__jails(system, board, attested):
    s0, s1, s2 = attested.sentries
    attested.trees[s2] = sentry_tree(attested.epoch, attested.worker, other_workers(3), 9_500)
    post_tree(board, s2, attested.epoch, attested.trees[s2])
    attested.jail(board, [s0, s1, s2])
    assert list(one_event(board, "WorkerJailed").sentries) == [s0, s1, s2]
    assert not system.registry.is_eligible(attested.worker, Role.WORKER)


def test_jail__previous_epoch_roots__still_jail(system, board, attested):
    travel_to(epoch_start(system, attested.epoch + 3))
    attested.jail(board, attested.sentries[:2])
    assert one_event(board, "WorkerJailed").epoch == attested.epoch
    assert not system.registry.is_eligible(attested.worker, Role.WORKER)


def test_jail__same_tree_from_two_sentries__jails(system, board, epoch, sentries, worker):
    leaf = offline(worker, epoch)
    tree = attestation_tree([leaf] + [observation(w, epoch) for w in other_workers(4)])
    for sentry in sentries[:2]:
        post_tree(board, sentry, epoch, tree)  # two sentries may well see exactly the same
    board.jail(worker, epoch, sentries[:2], [proof_for(tree, leaf)] * 2, sender=worker)
    assert not system.registry.is_eligible(worker, Role.WORKER)


@pytest.mark.parametrize(
    "leaf_fields",
    [(120, 7, SentryFlag.OFFLINE | 0b100), (0, 0, SentryFlag.OFFLINE | 0b10), (0, 1, SentryFlag.OFFLINE)],
    ids=["uptime_and_extra_flag", "extra_flag", "perf_score"],
)
def test_jail__offline_leaf_not_canonical__reverts(system, board, epoch, sentries, worker, leaf_fields):
    """Only the canonical (worker, epoch, 0, 0, OFFLINE) leaf jails: a quorum of
    sentries must have seen exactly the same absence."""
    leaf = observation(worker, epoch, *leaf_fields)
    tree = attestation_tree([leaf] + [observation(w, epoch) for w in other_workers(4)])
    for sentry in sentries[:2]:
        post_tree(board, sentry, epoch, tree)
    with boa.reverts("sentry: invalid proof"):
        board.jail(worker, epoch, sentries[:2], [proof_for(tree, leaf)] * 2, sender=worker)
    assert system.registry.is_eligible(worker, Role.WORKER)


def test_jail__below_quorum__reverts(board, attested):
    with boa.reverts("sentry: below quorum"):
        attested.jail(board, attested.sentries[:1])
    with boa.reverts("sentry: below quorum"):
        attested.jail(board, [])


def test_jail__quorum_raised__old_agreement_below_quorum__reverts(board, owner, attested):
    board.set_quorum(3, sender=owner)
    with boa.reverts("sentry: below quorum"):
        attested.jail(board, attested.sentries[:2])


def test_jail__proofs_and_sentries_length_mismatch__reverts(board, attested):
    s0, s1, _ = attested.sentries
    with boa.reverts("sentry: length mismatch"):
        attested.jail(board, [s0, s1], proofs=attested.proofs([s0]))


def test_jail__same_sentry_twice__reverts(board, attested):
    s0 = attested.sentries[0]
    with boa.reverts("sentry: sentries not sorted or repeated"):
        attested.jail(board, [s0, s0])


def test_jail__unsorted_sentries__reverts(board, attested):
    s0, s1, _ = attested.sentries
    with boa.reverts("sentry: sentries not sorted or repeated"):
        attested.jail(board, [s1, s0])


def test_jail__sentry_without_root__reverts(board, attested):
    s0, _, silent = attested.sentries
    with boa.reverts("sentry: no root from sentry"):
        attested.jail(board, [s0, silent], proofs=attested.proofs([s0, s0]))


def test_jail__roots_of_another_epoch__reverts(system, board, attested):
    # the same observation claimed for the next epoch: no sentry posted a root for it
    travel_to(epoch_start(system, attested.epoch + 1))
    leaf = offline(attested.worker, attested.epoch + 1)
    with boa.reverts("sentry: no root from sentry"):
        attested.jail(board, attested.sentries[:2], leaf=leaf, proofs=attested.proofs(attested.sentries[:2]))


def test_jail__one_sentry_saw_different_uptime__reverts(board, attested):
    """sentries[2] also flags the worker offline, but measured 5% uptime: its
    leaf differs, so it does not back the 0%-uptime leaf."""
    s0, _, s2 = attested.sentries
    disagreeing = observation(attested.worker, attested.epoch, uptime_bps=500, perf_score=0, flags=SentryFlag.OFFLINE)
    attested.trees[s2] = attestation_tree([disagreeing] + [observation(w, attested.epoch) for w in other_workers(5)])
    post_tree(board, s2, attested.epoch, attested.trees[s2])
    proofs = [proof_for(attested.trees[s0], attested.leaf), proof_for(attested.trees[s2], disagreeing)]
    with boa.reverts("sentry: invalid proof"):
        attested.jail(board, [s0, s2], proofs=proofs)


def test_jail__proof_from_another_sentry_tree__reverts(board, attested):
    s0, s1, _ = attested.sentries
    with boa.reverts("sentry: invalid proof"):
        attested.jail(board, [s0, s1], proofs=attested.proofs([s0, s0]))


def test_jail__leaf_for_another_worker__reverts(board, attested, workers):
    with boa.reverts("sentry: invalid proof"):
        attested.jail(
            board,
            attested.sentries[:2],
            leaf=offline(workers[1], attested.epoch),
            proofs=attested.proofs(attested.sentries[:2]),
        )


@pytest.mark.parametrize("flags", [0, 0b10, 0b110])
def test_jail__leaf_without_offline_flag__reverts(system, board, epoch, sentries, worker, flags):
    leaf = observation(worker, epoch, uptime_bps=0, perf_score=0, flags=flags)
    tree = attestation_tree([leaf] + [observation(w, epoch) for w in other_workers(3)])
    for sentry in sentries[:2]:
        post_tree(board, sentry, epoch, tree)
    with boa.reverts("sentry: invalid proof"):
        board.jail(worker, epoch, sentries[:2], [proof_for(tree, leaf)] * 2, sender=worker)
    assert system.registry.is_eligible(worker, Role.WORKER)


def test_jail__online_worker_leaf__reverts(system, board, attested, workers):
    online_leaf = attested.trees[attested.sentries[0]].values[1]
    assert online_leaf[0] == workers[1] and online_leaf[4] == 0
    proofs = [proof_for(attested.trees[s], online_leaf) for s in attested.sentries[:1]] * 2
    with boa.reverts("sentry: invalid proof"):
        attested.jail(board, attested.sentries[:2], leaf=online_leaf, proofs=proofs)


def test_jail__second_time_same_worker_and_epoch__reverts(system, board, attested):
    attested.jail(board, attested.sentries[:2])
    with boa.reverts("sentry: already jailed for epoch"):
        attested.jail(board, attested.sentries[:2])


def test_jail__same_worker_next_epoch__jails_again_keeping_longer_term(system, board, owner, attested, sentries):
    attested.jail(board, attested.sentries[:2])
    first_until = system.registry.nodes(attested.worker).jailed_until
    next_epoch = attested.epoch + 1
    travel_to(epoch_start(system, next_epoch))
    tree = sentry_tree(next_epoch, attested.worker, other_workers(2), 9_000)
    for sentry in sentries[:2]:
        post_tree(board, sentry, next_epoch, tree)
    board.set_jail_duration(10 * DAY, sender=owner)
    leaf = offline(attested.worker, next_epoch)
    board.jail(attested.worker, next_epoch, sentries[:2], [proof_for(tree, leaf)] * 2, sender=owner)
    assert board.jailed_for_epoch(attested.worker, next_epoch)
    assert system.registry.nodes(attested.worker).jailed_until == now() + 10 * DAY > first_until


def test_jail__board_no_longer_slasher__reverts(system, board, owner, attested):
    system.registry.set_slasher(board.address, False, sender=owner)
    with boa.reverts("registry: caller is not a slasher"):
        attested.jail(board, attested.sentries[:2])
    assert not board.jailed_for_epoch(attested.worker, attested.epoch)


def test_set_jail_duration__above_registry_max__reverts(board, owner):
    # bounded here, so a quorum's jailing can never fail on the registry's cap
    assert board.MAX_JAIL_DURATION() == MAX_JAIL_DURATION
    with boa.reverts("sentry: jail too long"):
        board.set_jail_duration(MAX_JAIL_DURATION + 1, sender=owner)
    board.set_jail_duration(MAX_JAIL_DURATION, sender=owner)
    assert board.jail_duration() == MAX_JAIL_DURATION


# ---------------------------------------------------------------- owner setters


@pytest.mark.parametrize("quorum", [1, 5, MAX_QUORUM])
def test_set_quorum__in_range__sets_and_logs(board, owner, quorum):
    board.set_quorum(quorum, sender=owner)
    assert one_event(board, "QuorumSet").quorum == quorum
    assert board.quorum() == quorum


@pytest.mark.parametrize("quorum", [0, MAX_QUORUM + 1])
def test_set_quorum__out_of_range__reverts(board, owner, quorum):
    with boa.reverts("sentry: quorum out of range"):
        board.set_quorum(quorum, sender=owner)
    assert board.quorum() == QUORUM


def test_set_quorum__one__single_sentry_jails_if_stake_quorum_allows(system, board, owner, attested):
    board.set_quorum(1, sender=owner)
    with boa.reverts("sentry: below stake quorum"):
        attested.jail(board, attested.sentries[:1])
    board.set_stake_quorum(system.params.min_sentry_stake, sender=owner)
    attested.jail(board, attested.sentries[:1])
    assert not system.registry.is_eligible(attested.worker, Role.WORKER)


def test_set_jail_duration__owner__sets_logs_and_applies(system, board, owner, attested):
    board.set_jail_duration(3 * DAY, sender=owner)
    assert one_event(board, "JailDurationSet").duration == 3 * DAY
    assert board.jail_duration() == 3 * DAY
    attested.jail(board, attested.sentries[:2])
    assert system.registry.nodes(attested.worker).jailed_until == now() + 3 * DAY


# ---------------------------------------------------------------- ownership (Ownable2Step)


OWNER_CALLS = {
    "set_quorum": lambda b, who: b.set_quorum(3, sender=who),
    "set_jail_duration": lambda b, who: b.set_jail_duration(2 * DAY, sender=who),
    "transfer_ownership": lambda b, who: b.transfer_ownership(keyed_account("x")[0], sender=who),
    "renounce_ownership": lambda b, who: b.renounce_ownership(sender=who),
}


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_owner_function__non_owner__reverts(board, non_owner, sentries, function):
    for caller in (non_owner, sentries[0]):
        with boa.reverts(OWNER_REVERT):
            OWNER_CALLS[function](board, caller)


def test_transfer_ownership__owner__sets_pending_owner_only(board, owner, new_owner):
    board.transfer_ownership(new_owner, sender=owner)
    log = one_event(board, "OwnershipTransferStarted")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert board.pending_owner() == new_owner
    assert board.owner() == owner
    with boa.reverts(OWNER_REVERT):
        board.set_quorum(1, sender=new_owner)


@pytest.mark.parametrize("function", OWNER_CALLS)
def test_accept_ownership__pending_owner__takes_over_owner_functions(board, owner, new_owner, function):
    board.transfer_ownership(new_owner, sender=owner)
    board.accept_ownership(sender=new_owner)
    log = one_event(board, "OwnershipTransferred")
    assert (log.previous_owner, log.new_owner) == (owner, new_owner)
    assert board.owner() == new_owner
    assert board.pending_owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        OWNER_CALLS[function](board, owner)
    OWNER_CALLS[function](board, new_owner)


def test_accept_ownership__someone_else__reverts(board, owner, new_owner, non_owner):
    board.transfer_ownership(new_owner, sender=owner)
    for caller in (non_owner, owner):
        with boa.reverts(NOT_PENDING_OWNER_REVERT):
            board.accept_ownership(sender=caller)
    assert board.owner() == owner


def test_renounce_ownership__owner__freezes_settings(board, owner):
    board.renounce_ownership(sender=owner)
    assert [log.new_owner for log in events(board, "OwnershipTransferred")] == [ZERO_ADDRESS]
    assert board.owner() == ZERO_ADDRESS
    with boa.reverts(OWNER_REVERT):
        board.set_quorum(1, sender=owner)
