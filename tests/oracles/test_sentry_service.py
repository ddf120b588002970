"""The sentry service on anvil with real worker endpoints: three sentries (quorum 2) probe three workers,
one of them down; each sentry posts one root per epoch; the down worker is jailed by the quorum, the live
ones are not; a restarted sentry posts exactly once; a lone sentry's OFFLINE leaf jails no one.

In-process services over real HTTP and a real chain; the clock is the chain's (the test moves anvil's
time), so epochs take no wall time.
"""

from __future__ import annotations

import pytest

from oracles.sentry.scores import AttestedScores
from oracles.sentry.service import SentryService, SentrySettings
from oracles.sentry.state import PostRow
from protocol.chain import ChainClient, http_web3
from protocol.contracts import TOKEN, DeployParams, Role
from protocol.eip712 import Domain
from protocol.sqldb import make_engine
from protocol.storage.local_store import LocalStore
from worker_node.sentry_endpoint import SentryEndpoint, metadata_document

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

EPOCH = 600


def key_of(account) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    from protocol.deployment import deploy

    params = DeployParams(oracle_signers=[a.address for a in accounts[1:4]], threshold=2, epoch_length=EPOCH)
    manifest, c = deploy(accounts[0], params)
    manifest_path = tmp_path / "deployment.json"
    manifest.save(manifest_path)
    store = LocalStore(tmp_path / "store")
    token, registry = c["HiveToken"], c["WorkerRegistry"]
    w3 = http_web3(anvil_uri)
    domain = Domain(w3.eth.chain_id, registry.address)

    def join(account, role, cid=""):
        token.transfer(account, 100 * TOKEN, sender=accounts[0])
        token.approve(registry, 100 * TOKEN, sender=account)
        registry.register(role, 0b100, cid, sender=account)
        registry.stake(100 * TOKEN, sender=account)

    sentries = [accounts[5], accounts[6], accounts[7]]
    workers = [accounts[4], accounts[8], accounts[9]]
    endpoints = []
    for account in sentries:
        join(account, Role.SENTRY)
    for account in workers:
        endpoint = SentryEndpoint(key_of(account), domain).start()
        endpoints.append(endpoint)
        join(account, Role.WORKER, store.put_bytes(metadata_document(endpoint.url)))
    endpoints[0].stop()  # workers[0] is down

    def service(account, tmp_name: str, database_url: str | None = None) -> SentryService:
        chain = ChainClient(w3, manifest, key_of(account))
        engine = make_engine(database_url or f"sqlite:///{tmp_path / tmp_name}.db")
        return SentryService(
            chain,
            store,
            engine,
            SentrySettings(probes_per_epoch=3, probe_n=32, seed=7),
            clock=lambda: w3.eth.get_block("latest")["timestamp"],
        )

    class Net:
        pass

    n = Net()
    n.c, n.w3, n.sentries, n.workers, n.endpoints, n.service = c, w3, sentries, workers, endpoints, service
    n.genesis = c["SentryAttestations"].genesis()
    yield n
    for endpoint in endpoints:
        endpoint.stop()


def move_to(net, timestamp: int) -> None:
    net.w3.provider.make_request("evm_setNextBlockTimestamp", [timestamp])
    net.w3.provider.make_request("evm_mine", [])


def run_epoch(net, services, epoch: int) -> None:
    start = net.genesis + epoch * EPOCH
    move_to(net, start + 1)
    for s in services:
        s.tick()  # discover, plan
    move_to(net, start + int(0.95 * EPOCH))
    for s in services:
        s.tick()  # every probe of the epoch is due
    move_to(net, start + EPOCH + 1)


def test_sentries__worker_down__quorum_jails_it_and_spares_the_live(net):
    services = [net.service(s, f"sentry{i}") for i, s in enumerate(net.sentries[:2])]
    registry, board = net.c["WorkerRegistry"], net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    run_epoch(net, services, epoch)
    services[0].tick()  # posts; one root is below quorum: no jail yet
    assert not board.jailed_for_epoch(net.workers[0], epoch)
    services[1].tick()  # posts; two roots carry the OFFLINE leaf: jails
    assert board.jailed_for_epoch(net.workers[0], epoch)
    assert not registry.is_eligible(net.workers[0], Role.WORKER)
    assert all(registry.is_eligible(w, Role.WORKER) for w in net.workers[1:])
    for s in services:
        root = bytes(board.roots(epoch, s.address))
        assert root != b"\x00" * 32
        s.tick()  # nothing twice
    # the oracle's side: the posted files, verified against their roots, decide who may lease
    scores = AttestedScores(services[0].chain, services[0].store)
    assert scores.refresh() == 2 and scores.epoch == epoch
    assert scores.kinds_for(net.workers[0].address, ("compute",)) == ()
    assert all(scores.kinds_for(w.address, ("compute",)) == ("compute",) for w in net.workers[1:])
    for s in services:
        s.close()


def test_sentry__lone_offline_leaf__jails_no_one(net):
    lone = net.service(net.sentries[0], "lone")
    board = net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    run_epoch(net, [lone], epoch)
    lone.tick()
    assert bytes(board.roots(epoch, lone.address)) != b"\x00" * 32
    assert not board.jailed_for_epoch(net.workers[0], epoch)
    lone.close()


def test_sentries__quorum_of_offline_leaves_past_the_evidence_window__jail_refused(net):
    """Two posted roots carry the down worker's OFFLINE leaf, but nobody jails it in time (here: the second
    sentry posts without its jail step); once the observation is older than the contract's evidence window,
    the jail the sentry service submits is refused on-chain and the worker stays eligible, and the
    service's own sweep no longer tries that epoch."""
    services = [net.service(s, f"stale{i}") for i, s in enumerate(net.sentries[:2])]
    registry, board = net.c["WorkerRegistry"], net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    run_epoch(net, services, epoch)
    services[0].tick()  # posts; one root is below quorum: no jail
    services[1].close_epochs(services[1].clock())  # posts, and stops before its jail step
    assert all(bytes(board.roots(epoch, s.address)) != b"\x00" * 32 for s in services)
    assert not board.jailed_for_epoch(net.workers[0], epoch)
    window = board.evidence_epochs()
    move_to(net, net.genesis + (epoch + window + 1) * EPOCH + 1)  # the observation is now too old
    assert board.current_epoch() > epoch + window
    outcome = services[1].jail_if_quorum(net.workers[0].address, epoch)
    assert outcome is not None and outcome.startswith("refused") and "evidence expired" in outcome
    services[0].try_jails(services[0].clock())  # the sweep skips posts older than the window
    assert not board.jailed_for_epoch(net.workers[0], epoch)
    assert registry.is_eligible(net.workers[0], Role.WORKER)
    for s in services:
        s.close()


def test_sentry__restart_after_recording_post__posts_exactly_once(net, tmp_path):
    first = net.service(net.sentries[2], "restart")
    board = net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    run_epoch(net, [first], epoch)
    # crash after the (root, CID) is recorded and the transaction sent, before it is marked posted
    first.close_epochs(first.clock())
    from sqlalchemy.orm import Session

    with Session(first.engine) as db:
        db.get(PostRow, epoch).posted = False
        db.commit()
    first.close()
    again = net.service(net.sentries[2], "restart")
    again.tick()
    with Session(again.engine) as db:
        assert db.get(PostRow, epoch).posted
    posted = board.AttestationPosted.range(0, net.w3.eth.block_number + 1)
    assert [(e.sentry, e.epoch) for e in posted if e.epoch == epoch] == [(net.sentries[2].address, epoch)]
    again.close()


def test_sentries__lying_pair_jails_live_worker__committee_verdict_frees_it_and_slashes_them(net, accounts):
    """Two sentries whose probes cannot reach a live worker (a lie, or their own network) jail it; the
    committee, which saw the worker serve, signs WrongfulJail; the lift frees it and takes the liars' stake."""
    from oracles.sentry.verdict import VerdictError, lift, sign_verdict

    registry, board = net.c["WorkerRegistry"], net.c["SentryAttestations"]
    victim = net.workers[1]
    liars = [net.service(s, f"liar{i}") for i, s in enumerate(net.sentries[:2])]
    for liar in liars:
        liar.discover()
        liar._metadata[victim.address] = {"sentry_url": "http://127.0.0.1:9"}  # they never reach it
    epoch = board.current_epoch() + 1
    run_epoch(net, liars, epoch)
    for liar in liars:
        liar.tick()
    assert board.jailed_for_epoch(victim.address, epoch)
    assert not registry.is_eligible(victim.address, Role.WORKER)
    treasury = net.c["HiveToken"].balanceOf(registry.treasury())
    oracles = accounts[1:3]  # threshold 2
    chain = liars[0].chain
    with pytest.raises(VerdictError):
        sign_verdict(key_of(oracles[0]), chain, victim.address, epoch, worker_was_serving=False)
    signatures = [
        (o.address, sign_verdict(key_of(o), chain, victim.address, epoch, worker_was_serving=True)) for o in oracles
    ]
    lift(chain, victim.address, epoch, signatures)
    assert registry.is_eligible(victim.address, Role.WORKER)
    assert [registry.stake_of(s) for s in net.sentries[:2]] == [0, 0]
    assert net.c["HiveToken"].balanceOf(registry.treasury()) - treasury == 200 * TOKEN
    for liar in liars:
        liar.close()


def test_sentry__started_mid_epoch_and_restarted__owed_probes_fill_the_rest_of_the_window(net):
    """A sentry that starts late in an epoch still probes every worker before the window closes, and a
    restart plans only the probes each worker is still owed (the made ones are in SQL)."""
    from collections import Counter

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from oracles.sentry.state import ProbeRow

    board = net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    start = net.genesis + epoch * EPOCH
    move_to(net, start + int(0.6 * EPOCH))
    late = net.service(net.sentries[0], "late")
    late.tick()
    assert late._plan.epoch == epoch
    assert Counter(w for _, w in late._plan.due) == {w.address: 3 for w in net.workers}
    assert all(start + 0.6 * EPOCH - 1 <= t <= start + 0.9 * EPOCH for t, _ in late._plan.due)
    move_to(net, start + int(0.75 * EPOCH))
    late.tick()
    late.close()
    with Session(late.engine) as db:
        made = Counter(db.scalars(select(ProbeRow.worker).where(ProbeRow.epoch == epoch)).all())
    assert 0 < sum(made.values()) < 9
    again = net.service(net.sentries[0], "late")
    again.tick()
    owed = Counter(w for _, w in again._plan.due)
    assert {w.address: made[w.address] + owed[w.address] for w in net.workers} == {w.address: 3 for w in net.workers}
    again.close()


def test_sentry__tick_late_past_the_epoch__left_probes_made_for_their_epoch_and_posted(net):
    """Probes still due when a slow tick crosses into the next epoch are made for the epoch they were drawn
    in, and that epoch's post holds every worker with all its probes."""
    from oracles.sentry.attestation import read_verified

    board = net.c["SentryAttestations"]
    epoch = board.current_epoch() + 1
    start = net.genesis + epoch * EPOCH
    move_to(net, start + 1)
    sentry = net.service(net.sentries[1], "slow")
    sentry.tick()  # plans the epoch; nothing due yet
    move_to(net, start + EPOCH + 1)  # the next tick comes only after the epoch is over
    sentry.tick()
    root = board.roots(epoch, sentry.address)
    posted = [e for e in board.AttestationPosted.range(0, net.w3.eth.block_number + 1) if e.epoch == epoch]
    assert len(posted) == 1 and bytes(posted[0].root) == bytes(root)
    parsed, _ = read_verified(sentry.store, posted[0].cid, bytes(posted[0].root))
    assert {w.worker: len(w.probes) for w in parsed.workers} == {w.address: 3 for w in net.workers}
    assert [w.worker for w in parsed.workers if w.uptime_bps == 0] == [net.workers[0].address]
    sentry.close()


def test_sentry__worker_claims_a_class_its_score_misses__leaf_flagged(net):
    """A worker whose metadata claims a data-centre GPU but whose probes score like anything else gets
    FLAG_CLASS_MISMATCH in the posted leaf; workers that claim no GPU do not; the down one stays OFFLINE."""
    from oracles.sentry.attestation import read_verified
    from oracles.sentry.gpu_class import GpuClass
    from protocol.sentry_leaf import FLAG_CLASS_MISMATCH

    boaster = net.workers[1]
    registry, board = net.c["WorkerRegistry"], net.c["SentryAttestations"]
    sentry = net.service(net.sentries[0], "classes")
    cid = sentry.store.put_bytes(metadata_document(net.endpoints[1].url, {"gpus": [{"name": "NVIDIA H100 80GB HBM3"}]}))
    registry.update_node(registry.nodes(boaster).capabilities, cid, sender=boaster)
    sentry.settings.gpu_classes = (GpuClass(name="datacenter", match=("h100",), min_score=10**9),)
    epoch = board.current_epoch() + 1
    run_epoch(net, [sentry], epoch)
    sentry.tick()
    [posted] = [e for e in board.AttestationPosted.range(0, net.w3.eth.block_number + 1) if e.epoch == epoch]
    parsed, _ = read_verified(sentry.store, posted.cid, bytes(posted.root))
    flags = {w.worker: w.flags for w in parsed.workers}
    assert flags[boaster.address] & FLAG_CLASS_MISMATCH
    assert {w.worker: w.uptime_bps for w in parsed.workers}[boaster.address] == 10_000
    assert not flags[net.workers[2].address] & FLAG_CLASS_MISMATCH
    assert flags[net.workers[0].address] == 1  # the canonical OFFLINE leaf, nothing else
    sentry.close()


def test_sentry__registry_events__counted_when_confirmed_and_rewound_by_a_reorg(net, accounts):
    """The sentry follows WorkerRegistry through protocol/follower.py: a new worker counts only once its
    registration is `confirmations` deep, and a reorg that drops the registration drops the worker."""
    from protocol.contracts import TOKEN

    sentry = net.service(net.sentries[0], "follow")  # confirmations = 2
    for _ in range(2):
        net.w3.provider.make_request("evm_mine", [])
    sentry.discover()
    before = sentry.workers()
    assert sorted(before) == sorted(w.address for w in net.workers)
    token, registry = net.c["HiveToken"], net.c["WorkerRegistry"]
    newcomer = accounts[3]
    fork = net.w3.provider.make_request("evm_snapshot", [])["result"]
    token.transfer(newcomer, 100 * TOKEN, sender=accounts[0])
    registry.register(Role.WORKER, 0b100, "bafy-newcomer", sender=newcomer)
    sentry.discover()
    assert newcomer.address not in sentry.workers()  # not confirmed yet
    for _ in range(2):
        net.w3.provider.make_request("evm_mine", [])
    sentry.discover()
    assert newcomer.address in sentry.workers()
    assert sentry._metadata_cid(newcomer.address) == "bafy-newcomer"
    net.w3.provider.make_request("evm_revert", [fork])  # the registration's block is replaced
    for _ in range(4):
        net.w3.provider.make_request("evm_mine", [])
    sentry.discover()
    assert sorted(sentry.workers()) == sorted(before)
    sentry.close()
