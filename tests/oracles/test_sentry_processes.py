"""Sentries as real processes on anvil (`gpuhive sentry run --config sentry.toml`), epochs of 12 s: three
sentries (quorum 2) and six workers' probe endpoints (real HTTP servers signing with the workers' staked
keys, in this process). A worker that goes down is jailed on-chain within two epochs; a worker that
throttles itself is scored lower in every sentry's attestation file; a sentry killed mid-epoch and restarted
posts each epoch exactly once; every posted file verifies against its root."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from statistics import median

import pytest

from oracles.sentry.attestation import read_verified
from oracles.sentry.service import ChainClock
from protocol.chain import ChainClient, http_web3
from protocol.config import toml_text
from protocol.contracts import TOKEN, DeployParams, Role
from protocol.eip712 import Domain
from protocol.storage.local_store import LocalStore
from worker_node.sentry_endpoint import SentryEndpoint, metadata_document

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

EPOCH = 12
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def key_of(account) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


def log_tails(paths, lines: int = 40) -> str:
    """The last lines of each sentry's log, for a failure message."""
    out = []
    for path in paths:
        text = path.read_text(errors="replace").splitlines() if path.exists() else ["(no log)"]
        out.append(f"--- {path.name} (last {lines} of {len(text)} lines)\n" + "\n".join(text[-lines:]))
    return "\n".join(out)


def wait_for(condition, timeout: float, what: str, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}\n{log_tails(logs)}")


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

    def join(address_or_account, role, cid=""):
        token.transfer(address_or_account, 100 * TOKEN, sender=accounts[0])
        token.approve(registry, 100 * TOKEN, sender=address_or_account)
        registry.register(role, 0b100, cid, sender=address_or_account)
        registry.stake(100 * TOKEN, sender=address_or_account)

    sentries = [accounts[4], accounts[5], accounts[6]]
    for s in sentries:
        join(s, Role.SENTRY)
    workers, endpoints = [], []
    for i in range(6):
        worker = accounts.generate_test_account()
        accounts[0].transfer(worker, 10**18)
        endpoint = SentryEndpoint(key_of(worker), domain, slowdown=4.0 if i == 1 else 1.0).start()
        join(worker, Role.WORKER, store.put_bytes(metadata_document(endpoint.url)))
        workers.append(worker.address)
        endpoints.append(endpoint)

    logs = [tmp_path / f"sentry{i}.log" for i in range(3)]

    def running(i: int) -> bool:
        return logs[i].read_text(errors="replace").rsplit("--- started", 1)[-1].count("sentry running") > 0

    def start_sentry(i: int) -> subprocess.Popen:
        config = tmp_path / f"sentry{i}.toml"
        config.write_text(
            toml_text(
                {
                    "rpc_url": anvil_uri,
                    "deployment": str(tmp_path / "deployment.json"),
                    "key_env": "SENTRY_TEST_KEY",
                    "database_url": f"sqlite:///{tmp_path}/sentry{i}.db",
                    "storage": {"kind": "local", "path": str(tmp_path / "store")},
                    "probes_per_epoch": 2,
                    "probe_n": 256,
                    "poll_interval": 0.5,
                }
            )
        )
        env = {**os.environ, "SENTRY_TEST_KEY": key_of(sentries[i]).hex()}
        with open(logs[i], "ab") as out:  # appended: a restart keeps the first run's lines
            out.write(f"--- started at {time.time():.3f}\n".encode())
            return subprocess.Popen(
                [os.path.join(REPO, ".venv", "bin", "gpuhive"), "sentry", "run", "--config", str(config)],
                env=env,
                cwd=tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    from protocol.abi import load_abi

    load_abi("SentryAttestations")  # the build manifest fresh before three processes read it
    # a chain that makes blocks (as `anvil --block-time 1` or any live chain does): the contract's clock
    # moves only with blocks, and the session's anvil mines only on transactions
    miner_w3, mining = http_web3(anvil_uri), threading.Event()

    def mine() -> None:
        while not mining.wait(1.0):
            miner_w3.provider.make_request("evm_mine", [])

    miner = threading.Thread(target=mine, daemon=True)
    miner.start()
    procs = [start_sentry(i) for i in range(3)]
    try:
        endpoints[0].stop()  # workers[0] goes down
        w3 = http_web3(anvil_uri)
        board_w3 = ChainClient(w3, manifest).sentry
        clock = ChainClock(w3)
        # a loaded machine may take many seconds to start a process: the bound counts from when all run
        wait_for(lambda: all(running(i) for i in range(3)), 90, "the sentries to start", logs)
        running_at = int(clock() - board_w3.functions.genesis().call()) // EPOCH
        jails = board_w3.events.WorkerJailed
        jailed = wait_for(
            lambda: [e["args"]["epoch"] for e in jails.get_logs(from_block=0, argument_filters={"worker": workers[0]})],
            3 * EPOCH + 30,
            f"the down worker's jail (all sentries running in epoch {running_at})",
            logs,
        )
        assert min(jailed) - running_at <= 1, log_tails(logs)
        assert not registry.is_eligible(workers[0], Role.WORKER)
        assert all(registry.is_eligible(w, Role.WORKER) for w in workers[1:])

        # a sentry killed mid-epoch restarts and posts each epoch once (the check after the run)
        procs[2].send_signal(signal.SIGKILL)
        procs[2].wait()
        procs[2] = start_sentry(2)
        wait_for(lambda: running(2), 90, "the restarted sentry", logs)
        epoch = board.current_epoch()
        wait_for(
            lambda: any(board.roots(e, sentries[2]) != b"\x00" * 32 for e in (epoch, epoch + 1)),
            2 * EPOCH + 30,
            f"the restarted sentry's post of epoch {epoch} or {epoch + 1}",
            logs,
        )
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        for e in endpoints:
            e.stop()
        mining.set()
        miner.join()

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
