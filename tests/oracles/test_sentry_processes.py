"""Sentries as real processes on anvil (`gpuhive sentry run --config sentry.toml`), epochs of 12 s: three
sentries (quorum 2) and six workers' probe endpoints (real HTTP servers signing with the workers' staked
keys, in this process). A worker that goes down is jailed on-chain within two epochs; a worker that
throttles itself is scored lower in every sentry's attestation file; a sentry killed mid-epoch and restarted
posts each epoch exactly once; every posted file verifies against its root."""

from __future__ import annotations

from statistics import median

import pytest

from oracles.sentry.attestation import read_verified
from oracles.sentry.service import ChainClock
from protocol.chain import ChainClient, http_web3
from protocol.contracts import DeployParams, Role
from protocol.eip712 import Domain
from protocol.storage.local_store import LocalStore
from tests.support.sentry_processes import (
    block_miner,
    join,
    key_of,
    log_tails,
    sentry_child,
    sentry_running,
    wait_for,
)
from worker_node.sentry_endpoint import SentryEndpoint, metadata_document

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

EPOCH = 12


def test_sentry_processes__down_worker_jailed_throttled_scored_lower_restart_posts_once(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    from ape import chain

    from protocol.deployment import deploy

    params = DeployParams(oracle_signers=[a.address for a in accounts[1:4]], threshold=2, epoch_length=EPOCH)
    manifest, c = deploy(accounts[0], params)
    manifest.save(tmp_path / "deployment.json")
    token, registry, board = c["HiveToken"], c["WorkerRegistry"], c["SentryAttestations"]
    store = LocalStore(tmp_path / "store")
    domain = Domain(chain.chain_id, registry.address)

    def enrol(node, role, cid=""):
        join(token, registry, accounts[0], node, role, cid)

    sentries = [accounts[4], accounts[5], accounts[6]]
    for s in sentries:
        enrol(s, Role.SENTRY)
    workers, endpoints = [], []
    for i in range(6):
        worker = accounts.generate_test_account()
        accounts[0].transfer(worker, 10**18)
        endpoint = SentryEndpoint(key_of(worker), domain, slowdown=4.0 if i == 1 else 1.0).start()
        enrol(worker, Role.WORKER, store.put_bytes(metadata_document(endpoint.url)))
        workers.append(worker.address)
        endpoints.append(endpoint)

    procs = [
        sentry_child(
            tmp_path,
            f"sentry{i}",
            sentries[i],
            rpc_url=anvil_uri,
            deployment=tmp_path / "deployment.json",
            store=tmp_path / "store",
        )
        for i in range(3)
    ]
    logs = [p.log for p in procs]  # appended: a restart keeps the first run's lines

    from protocol.abi import load_abi

    load_abi("SentryAttestations")  # the build manifest fresh before three processes read it
    with block_miner(anvil_uri):
        for p in procs:
            p.start()
        try:
            endpoints[0].stop()  # workers[0] goes down
            w3 = http_web3(anvil_uri)
            board_w3 = ChainClient(w3, manifest).sentry
            clock = ChainClock(w3)
            # a loaded machine may take many seconds to start a process: the bound counts from when all run
            wait_for(lambda: all(sentry_running(p) for p in procs), 90, "the sentries to start", logs)
            running_at = int(clock() - board_w3.functions.genesis().call()) // EPOCH
            jails = board_w3.events.WorkerJailed
            jailed = wait_for(
                lambda: [
                    e["args"]["epoch"] for e in jails.get_logs(from_block=0, argument_filters={"worker": workers[0]})
                ],
                3 * EPOCH + 30,
                f"the down worker's jail (all sentries running in epoch {running_at})",
                logs,
            )
            assert min(jailed) - running_at <= 1, log_tails(logs)
            assert not registry.is_eligible(workers[0], Role.WORKER)
            assert all(registry.is_eligible(w, Role.WORKER) for w in workers[1:])

            # a sentry killed mid-epoch restarts and posts each epoch once (the check after the run)
            procs[2].kill()
            procs[2].start()
            wait_for(lambda: sentry_running(procs[2]), 90, "the restarted sentry", logs)
            epoch = board.current_epoch()
            wait_for(
                lambda: any(board.roots(e, sentries[2]) != b"\x00" * 32 for e in (epoch, epoch + 1)),
                2 * EPOCH + 30,
                f"the restarted sentry's post of epoch {epoch} or {epoch + 1}",
                logs,
            )
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.stop(grace=20.0)
            for e in endpoints:
                e.stop()

    posted = list(board.AttestationPosted.range(0, chain.blocks.head.number + 1))
    pairs = [(log.sentry, log.epoch) for log in posted]
    assert len(pairs) == len(set(pairs)), "a sentry posted an epoch twice"
    assert {s.address for s in sentries} <= {s for s, _ in pairs}
    slow, fast = [], []
    for log in posted:
        parsed, _ = read_verified(store, log.cid, bytes(log.root), sentry=log.sentry, epoch=log.epoch)
        scores = {w.worker: w for w in parsed.workers}
        if workers[1] in scores and scores[workers[1]].uptime_bps == 10_000:
            slow.append(scores[workers[1]].perf_score)
            fast += [scores[w].perf_score for w in workers[2:] if w in scores and scores[w].uptime_bps == 10_000]
    assert slow and fast
    assert median(slow) < median(fast), (slow, fast)
