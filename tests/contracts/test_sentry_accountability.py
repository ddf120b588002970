"""SentryAttestations' accountability rules: a jail needs a quorum by count AND by
stake (each sentry holding at least the minimum worker stake, together at least
`stake_quorum` and the worker's own stake), evidence older than `evidence_epochs`
jails no one, and a committee-signed WrongfulJail verdict lifts a jail and slashes
every sentry whose root carried the OFFLINE leaf, once."""

from __future__ import annotations

import boa
import pytest
from boa_system import TOKEN, keyed_account
from contract_helpers import (
    OWNER_REVERT,
    add_sentry,
    attestation_tree,
    by_address,
    epoch_start,
    events,
    observation,
    offline,
    one_event,
    proof_for,
    travel_to,
)

from protocol import eip712
from protocol.contracts import Role
from protocol.sentry_leaf import wrongful_jail_signatures

EVIDENCE_EPOCHS = 3  # DeployParams' default
STAKE_QUORUM = 200 * TOKEN


@pytest.fixture
def board(system):
    return system.sentry


@pytest.fixture
def epoch(system) -> int:
    e = system.sentry.current_epoch() + 1
    travel_to(epoch_start(system, e))
    return e


@pytest.fixture
def worker(workers) -> str:
    return workers[0]


def now() -> int:
    return boa.env.evm.patch.timestamp


def others(n: int) -> list[str]:
    return [keyed_account(f"accountability-other-{i}")[0] for i in range(n)]


def post_offline(board, sentries: list[str], worker: str, epoch: int) -> dict:
    """Each sentry posts its own tree holding the canonical OFFLINE leaf of `worker`."""
    trees = {}
    for i, sentry in enumerate(sentries):
        leaves = [offline(worker, epoch)] + [observation(w, epoch, 9_000 + i, 1_000 + i) for w in others(4)]
        trees[sentry] = attestation_tree(leaves)
        board.post(epoch, trees[sentry].root, f"bafy-{i}", sender=sentry)
    return trees


def jail(board, worker: str, epoch: int, sentries: list[str], trees: dict, sender=None):
    proofs = [proof_for(trees[s], offline(worker, epoch)) for s in sentries]
    return board.jail(worker, epoch, sentries, proofs, sender=sender or keyed_account("anyone")[0])


def verdict(system, worker: str, epoch: int, keys=None) -> list[bytes]:
    keys = system.oracle_keys[: system.params.threshold] if keys is None else keys
    domain = eip712.Domain(boa.env.evm.patch.chain_id, system.sentry.address)
    return wrongful_jail_signatures(keys, domain, worker, epoch)


@pytest.fixture
def jailed(system, board, epoch, sentries, worker):
    """sentries[0] and [1] jailed `worker` on evidence of `epoch`; sentries[2]'s
    root also carries the OFFLINE leaf but was not used. Returns (trees, until)."""
    trees = post_offline(board, sentries, worker, epoch)
    jail(board, worker, epoch, sentries[:2], trees)
    log = one_event(board, "WorkerJailed")
    return trees, log.jailed_until


# ---------------------------------------------------------------- quorum by stake


def test_jail__event__records_term_and_sentry_stake(system, board, epoch, sentries, worker):
    trees = post_offline(board, sentries[:2], worker, epoch)
    jail(board, worker, epoch, sentries[:2], trees)
    log = one_event(board, "WorkerJailed")
    assert (log.jailed_until, log.sentry_stake) == (now() + system.params.jail_duration, 2 * 100 * TOKEN)
    assert system.registry.nodes(worker).jailed_until == log.jailed_until


def test_jail__count_quorum_met_but_stake_below_stake_quorum__reverts(system, board, owner, epoch, sentries, worker):
    board.set_stake_quorum(3 * 100 * TOKEN, sender=owner)
    assert one_event(board, "StakeQuorumSet").stake_quorum == 3 * 100 * TOKEN
    trees = post_offline(board, sentries, worker, epoch)
    with boa.reverts("sentry: below stake quorum"):
        jail(board, worker, epoch, sentries[:2], trees)
    jail(board, worker, epoch, sentries, trees)
    assert not system.registry.is_eligible(worker, Role.WORKER)


def test_jail__sentries_stake_below_worker_stake__reverts(system, board, epoch, sentries):
    rich_worker = system.add_worker("rich-worker", stake=500 * TOKEN)
    trees = post_offline(board, sentries, rich_worker, epoch)
    with boa.reverts("sentry: stake below worker's"):
        jail(board, rich_worker, epoch, sentries, trees)  # 300 < 500
    assert system.registry.is_eligible(rich_worker, Role.WORKER)


def test_jail__sentries_that_outweigh_the_worker__jail(system, board, epoch, sentries):
    big = by_address([add_sentry(system, f"big-sentry-{i}", stake=300 * TOKEN) for i in range(2)])
    rich_worker = system.add_worker("rich-worker", stake=500 * TOKEN)
    trees = post_offline(board, big, rich_worker, epoch)
    jail(board, rich_worker, epoch, big, trees)
    assert one_event(board, "WorkerJailed").sentry_stake == 600 * TOKEN


def test_jail__sentry_stake_below_minimum_worker_stake__reverts(system, board, owner, epoch, sentries, worker):
    """A sentry's stake must be at least the worker minimum, whatever the
    registry's (lower) sentry minimum says."""
    trees = post_offline(board, sentries, worker, epoch)
    system.registry.set_min_stake(Role.WORKER, 150 * TOKEN, sender=owner)
    assert system.registry.is_eligible(sentries[0], Role.SENTRY)
    with boa.reverts("sentry: sentry stake below worker minimum"):
        jail(board, worker, epoch, sentries, trees)


def test_jail__sentry_unbonded_after_posting__reverts(system, board, epoch, sentries, worker):
    trees = post_offline(board, sentries[:2], worker, epoch)
    system.registry.begin_unbond(TOKEN, sender=sentries[1])
    with boa.reverts("sentry: sentry not eligible"):
        jail(board, worker, epoch, sentries[:2], trees)


# ---------------------------------------------------------------- evidence window


def test_jail__evidence_at_window_edge__jails(system, board, epoch, sentries, worker):
    trees = post_offline(board, sentries[:2], worker, epoch)
    travel_to(epoch_start(system, epoch + EVIDENCE_EPOCHS + 1) - 1)
    jail(board, worker, epoch, sentries[:2], trees)
    assert not system.registry.is_eligible(worker, Role.WORKER)


def test_jail__evidence_older_than_window__reverts(system, board, epoch, sentries, worker):
    trees = post_offline(board, sentries[:2], worker, epoch)
    travel_to(epoch_start(system, epoch + EVIDENCE_EPOCHS + 1))
    with boa.reverts("sentry: evidence expired"):
        jail(board, worker, epoch, sentries[:2], trees)
    assert system.registry.is_eligible(worker, Role.WORKER)


def test_set_evidence_epochs__owner__sets_and_applies(system, board, owner, epoch, sentries, worker):
    board.set_evidence_epochs(1, sender=owner)
    assert one_event(board, "EvidenceEpochsSet").evidence_epochs == 1
    trees = post_offline(board, sentries[:2], worker, epoch)
    travel_to(epoch_start(system, epoch + 2))
    with boa.reverts("sentry: evidence expired"):
        jail(board, worker, epoch, sentries[:2], trees)


@pytest.mark.parametrize("value", [0, 65])
def test_set_evidence_epochs__out_of_range__reverts(board, owner, value):
    with boa.reverts("sentry: evidence window out of range"):
        board.set_evidence_epochs(value, sender=owner)


@pytest.mark.parametrize(
    "call",
    [lambda b, who: b.set_evidence_epochs(2, sender=who), lambda b, who: b.set_stake_quorum(1, sender=who)],
    ids=["set_evidence_epochs", "set_stake_quorum"],
)
def test_new_setters__non_owner__reverts(board, non_owner, call):
    with boa.reverts(OWNER_REVERT):
        call(board, non_owner)


# ---------------------------------------------------------------- the verdict


def test_lift__committee_verdict__frees_worker_and_slashes_jailing_sentries(
    system, board, epoch, sentries, worker, jailed
):
    _, until = jailed
    registry, token, treasury = system.registry, system.token, system.treasury
    treasury_before = token.balanceOf(treasury)
    bonded_before = registry.total_bonded()
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch), sender=worker)
    lifted = one_event(board, "JailLifted")
    assert (lifted.worker, lifted.epoch, lifted.slashed) == (worker, epoch, 200 * TOKEN)
    assert [(e.sentry, e.amount) for e in events(board, "SentrySlashed")] == [(s, 100 * TOKEN) for s in sentries[:2]]
    assert one_event(board, "Released", emitter=registry).jailed_until == until
    assert registry.is_eligible(worker, Role.WORKER)
    assert registry.nodes(worker).jailed_until == now()
    assert [registry.stake_of(s) for s in sentries] == [0, 0, 100 * TOKEN]
    assert not registry.is_eligible(sentries[0], Role.SENTRY)
    # the slashed stake went to the treasury; nothing else moved
    assert token.balanceOf(treasury) - treasury_before == 200 * TOKEN
    assert bonded_before - registry.total_bonded() == 200 * TOKEN
    assert token.balanceOf(registry.address) == registry.total_bonded()


def test_lift__slashes_unbonding_stake_too(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    system.registry.begin_unbond(60 * TOKEN, sender=sentries[0])  # trying to outrun the verdict
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch))
    assert system.registry.nodes(sentries[0]).unbonding == 0
    assert system.registry.stake_of(sentries[0]) == 0


def test_lift__replayed_verdict__reverts(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    signatures = verdict(system, worker, epoch)
    board.lift(worker, epoch, sentries[:2], until, signatures)
    with boa.reverts("sentry: no jail to lift"):
        board.lift(worker, epoch, sentries[:2], until, signatures)
    # and the evidence of that epoch cannot jail again
    trees, _ = jailed
    with boa.reverts("sentry: already jailed for epoch"):
        jail(board, worker, epoch, sentries[1:], trees)


def test_lift__no_jail__reverts(system, board, epoch, sentries, worker):
    with boa.reverts("sentry: no jail to lift"):
        board.lift(worker, epoch, sentries[:2], now(), verdict(system, worker, epoch))


def test_lift__other_sentries_or_term__reverts(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    signatures = verdict(system, worker, epoch)
    with boa.reverts("sentry: not the jail's sentries"):
        board.lift(worker, epoch, [sentries[0], sentries[2]], until, signatures)
    with boa.reverts("sentry: not the jail's sentries"):
        board.lift(worker, epoch, sentries[:2], until + 1, signatures)


def test_lift__below_committee_threshold__reverts(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    few = system.oracle_keys[: system.params.threshold - 1]
    with boa.reverts("committee: below threshold"):
        board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch, keys=few))
    assert not system.registry.is_eligible(worker, Role.WORKER)


def test_lift__verdict_for_another_epoch_or_domain__reverts(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    keys = system.oracle_keys[: system.params.threshold]
    other_epoch = verdict(system, worker, epoch + 1)
    escrow_domain = eip712.Domain(boa.env.evm.patch.chain_id, system.escrow.address)
    other_contract = wrongful_jail_signatures(keys, escrow_domain, worker, epoch)
    other_chain = wrongful_jail_signatures(
        keys, eip712.Domain(boa.env.evm.patch.chain_id + 1, board.address), worker, epoch
    )
    for signatures in (other_epoch, other_contract, other_chain):
        with boa.reverts():
            board.lift(worker, epoch, sentries[:2], until, signatures)
    assert not system.registry.is_eligible(worker, Role.WORKER)


def test_lift__longer_jail_from_elsewhere__stands_but_sentries_slashed(
    system, board, epoch, sentries, worker, jailed, slasher
):
    _, until = jailed
    system.registry.jail(worker, 10 * system.params.jail_duration, sender=slasher)
    longer = system.registry.nodes(worker).jailed_until
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch))
    assert system.registry.nodes(worker).jailed_until == longer
    assert [system.registry.stake_of(s) for s in sentries[:2]] == [0, 0]


def test_digest__matches_python(system, board, worker):
    from protocol.sentry_leaf import wrongful_jail_digest

    domain = eip712.Domain(boa.env.evm.patch.chain_id, board.address)
    assert board.wrongful_jail_digest(worker, 7) == wrongful_jail_digest(domain, worker, 7)


# ---------------------------------------------------------------- slash_liar


def test_slash_liar__other_sentry_carrying_leaf__slashed_once(system, board, epoch, sentries, worker, jailed):
    trees, until = jailed
    proof = proof_for(trees[sentries[2]], offline(worker, epoch))
    with boa.reverts("sentry: jail not lifted"):
        board.slash_liar(worker, epoch, sentries[2], proof)
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch))
    board.slash_liar(worker, epoch, sentries[2], proof, sender=worker)
    assert one_event(board, "SentrySlashed").amount == 100 * TOKEN
    assert system.registry.stake_of(sentries[2]) == 0
    with boa.reverts("sentry: already slashed"):
        board.slash_liar(worker, epoch, sentries[2], proof)
    with boa.reverts("sentry: already slashed"):
        board.slash_liar(worker, epoch, sentries[0], proof_for(trees[sentries[0]], offline(worker, epoch)))


def test_slash_liar__sentry_that_saw_worker_online__reverts(system, board, epoch, sentries, worker, jailed):
    _, until = jailed
    honest = add_sentry(system, "honest-sentry")
    tree = attestation_tree([observation(worker, epoch)] + [observation(w, epoch) for w in others(3)])
    board.post(epoch, tree.root, "bafy-honest", sender=honest)
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch))
    with boa.reverts("sentry: invalid proof"):
        board.slash_liar(worker, epoch, honest, proof_for(tree, observation(worker, epoch)))
    assert system.registry.stake_of(honest) == 100 * TOKEN


# ---------------------------------------------------------------- the cost rule


def test_cost_rule__what_a_false_jail_costs_attackers__exceeds_worker_stake_and_stake_quorum(
    system, board, epoch, sentries, worker, jailed
):
    """The NatSpec's arithmetic on the defaults: the jail needed S >= max(stake_quorum,
    W, q * m); the verdict takes S from the attackers, the worker's stake is untouched."""
    _, until = jailed
    worker_stake = system.registry.stake_of(worker)
    board.lift(worker, epoch, sentries[:2], until, verdict(system, worker, epoch))
    taken = one_event(board, "JailLifted").slashed
    m, q = system.registry.min_stake(Role.WORKER), board.quorum()
    assert taken >= max(board.stake_quorum(), worker_stake, q * m)
    assert system.registry.stake_of(worker) == worker_stake
