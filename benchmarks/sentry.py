"""Sentry benchmark (issue 19) -> benchmarks/results/sentry.json.

    .venv/bin/python benchmarks/sentry.py [--out PATH] [--workers 1000] [--seconds 20]

* Gas per sentry per epoch: one ``post`` of the root over 10 and over 10,000 workers' leaves (titanoboa,
  the same contracts; it must not grow with the number of workers), and a quorum ``jail``.
* Probes per second one sentry sustains against 1,000 simulated workers: each worker a SentryEndpoint with
  its own key (one HTTP server routes /w/<i>/... to worker i), the sentry's real prober (signature
  recovered, 4 random rows recomputed), ``concurrency`` probes in flight, for ``--seconds``.
* Time from a worker going down to its jail: three in-process sentry services on anvil (20 s epochs, a
  block a second), the worker's endpoint stopped; epochs and seconds until ``jailed_for_epoch``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "contracts"))
os.environ["PATH"] = f"{REPO / '.venv' / 'bin'}:{REPO / 'node_modules' / '.bin'}:{os.environ['PATH']}"

import httpx  # noqa: E402
from eth_account import Account  # noqa: E402
from eth_utils import keccak  # noqa: E402

from oracles.sentry.probe import probe_worker  # noqa: E402
from protocol.eip712 import Domain  # noqa: E402
from protocol.sentry_leaf import Leaf, attestation_tree, offline_leaf, proof_of  # noqa: E402
from worker_node.sentry_endpoint import ProbeRequest, RowsRequest, SentryEndpoint  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "sentry.json"


def gas() -> dict:
    import boa
    from boa_system import deploy_system
    from contract_helpers import add_sentry, by_address

    system = deploy_system()
    board = system.sentry
    sentries = by_address([add_sentry(system, f"bench-sentry-{i}") for i in range(2)])
    epoch = board.current_epoch()
    out: dict = {}
    for n in (10, 10_000):
        leaves = [Leaf(f"0x{i + 1:040x}", epoch, 9_000 + i % 1_000, i) for i in range(n - 1)]
        leaves.append(offline_leaf("0x" + "ee" * 20, epoch))
        tree = attestation_tree(leaves)
        with boa.env.anchor():
            board.post(epoch, tree.root, "bafy-bench", sender=sentries[0])
            out[f"post_{n}_workers"] = board._computation.get_gas_used()
            board.post(epoch, tree.root, "bafy-bench", sender=sentries[1])
            proof = proof_of(tree, leaves[-1])
            board.jail(leaves[-1].worker, epoch, sentries, [proof, proof])
            out[f"jail_quorum2_{n}_workers"] = board._computation.get_gas_used()
            out[f"proof_depth_{n}_workers"] = len(proof)
    out["note"] = (
        "titanoboa execution gas (no 21,000 intrinsic, no calldata): benchmarks/results/gas.json has the anvil "
        "transaction gas of post and jail"
    )
    return out


def probes_per_second(n_workers: int, seconds: float, n: int, concurrency: int) -> dict:
    domain = Domain(31337, "0x" + "44" * 20)
    endpoints = [SentryEndpoint(keccak(text=f"bench-worker-{i}"), domain) for i in range(n_workers)]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            _, _, index, *rest = self.path.split("/")
            endpoint = endpoints[int(index)]
            body = self.rfile.read(int(self.headers["Content-Length"]))
            path = "/" + "/".join(rest)
            if path == "/v1/sentry/probe":
                answer = endpoint.probe(ProbeRequest.model_validate_json(body))
            else:
                answer = endpoint.rows(RowsRequest.model_validate_json(body))
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/w"
    sentry = Account.from_key(keccak(text="bench-sentry")).address
    answered = failed = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    rng = random.Random(1)

    def loop(_: int) -> None:
        nonlocal answered, failed
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < deadline:
                i = rng.randrange(n_workers)
                r = probe_worker(client, f"{base}/{i}", endpoints[i].address, sentry, 1, domain, n=n)
                with lock:
                    answered += r.answered
                    failed += not r.answered

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(loop, range(concurrency)))
    elapsed = time.monotonic() - started
    server.shutdown()
    return {
        "simulated_workers": n_workers,
        "probe_n": n,
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "probes_answered": answered,
        "probes_failed": failed,
        "probes_per_second": round(answered / elapsed, 1),
        "probes_per_epoch_hour_per_worker_at_this_rate": round(answered / elapsed * 3_600 / n_workers, 1),
        "note": "the simulated workers run in the sentry's own process on the same 2 cores: the rate counts "
        "their matmul too, so it is a lower bound of what one sentry sustains",
    }


def time_to_jail(epoch_length: int = 20) -> dict:
    import tempfile

    from ape import accounts, chain, networks

    from oracles.sentry.service import ChainClock, SentryService, SentrySettings
    from protocol.chain import ChainClient, http_web3
    from protocol.contracts import TOKEN, DeployParams, Role
    from protocol.deployment import deploy
    from protocol.sqldb import make_engine
    from protocol.storage.local_store import LocalStore
    from worker_node.sentry_endpoint import metadata_document

    tmp = Path(tempfile.mkdtemp(prefix="gpuhive-sentry-bench-"))
    with networks.parse_network_choice("ethereum:local:foundry") as provider:
        acct = accounts.test_accounts
        params = DeployParams(oracle_signers=[a.address for a in acct[1:4]], threshold=2, epoch_length=epoch_length)
        manifest, c = deploy(acct[0], params)
        token, registry = c["HiveToken"], c["WorkerRegistry"]
        store = LocalStore(tmp / "store")
        w3 = http_web3(provider.uri)
        domain = Domain(chain.chain_id, registry.address)

        def join(a, role, cid=""):
            token.transfer(a, 100 * TOKEN, sender=acct[0])
            token.approve(registry, 100 * TOKEN, sender=a)
            registry.register(role, 0b100, cid, sender=a)
            registry.stake(100 * TOKEN, sender=a)

        sentries, endpoints, workers = [acct[4], acct[5], acct[6]], [], [acct[7], acct[8], acct[9]]
        for s in sentries:
            join(s, Role.SENTRY)
        for w in workers:
            e = SentryEndpoint(bytes.fromhex(str(w.private_key)[2:]), domain).start()
            endpoints.append(e)
            join(w, Role.WORKER, store.put_bytes(metadata_document(e.url)))
        services = [
            SentryService(
                ChainClient(w3, manifest, bytes.fromhex(str(s.private_key)[2:])),
                store,
                make_engine(f"sqlite:///{tmp}/s{i}.db"),
                SentrySettings(probes_per_epoch=3, probe_n=64),
            )
            for i, s in enumerate(sentries)
        ]
        stop = threading.Event()

        def mine() -> None:
            while not stop.wait(1.0):
                w3.provider.make_request("evm_mine", [])

        threads = [threading.Thread(target=mine, daemon=True)]
        threads += [threading.Thread(target=s.run, args=(0.5,), daemon=True) for s in services]
        for t in threads:
            t.start()
        clock, genesis = ChainClock(w3), c["SentryAttestations"].genesis()
        time.sleep(epoch_length)  # a full epoch of everyone up
        endpoints[0].stop()
        down_wall, down_epoch = time.monotonic(), int(clock() - genesis) // epoch_length
        board = ChainClient(w3, manifest).sentry.functions
        jailed_epoch = None
        while time.monotonic() - down_wall < 6 * epoch_length and jailed_epoch is None:
            now_epoch = int(clock() - genesis) // epoch_length
            jailed_epoch = next(
                (e for e in range(down_epoch, now_epoch + 1) if board.jailed_for_epoch(workers[0].address, e).call()),
                None,
            )
            time.sleep(0.5)
        seconds = time.monotonic() - down_wall
        jailed_at_epoch = int(clock() - genesis) // epoch_length
        for s in services:
            s.stop()
        stop.set()
        for e in endpoints:
            e.stop()
        time.sleep(1)
    return {
        "epoch_length_s": epoch_length,
        "sentries": 3,
        "quorum": 2,
        "went_down_in_epoch": down_epoch,
        "jailed_on_evidence_of_epoch": jailed_epoch,
        "jailed_during_epoch": jailed_at_epoch,
        "epochs_down_to_jail": None if jailed_epoch is None else jailed_at_epoch - down_epoch,
        "seconds_down_to_jail": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--probe-n", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    result = {"gas": gas()}
    print("gas", result["gas"], flush=True)
    result["probes"] = probes_per_second(args.workers, args.seconds, args.probe_n, args.concurrency)
    print("probes", result["probes"], flush=True)
    result["down_to_jail"] = time_to_jail()
    print("down_to_jail", result["down_to_jail"], flush=True)
    result["machine"] = f"{os.cpu_count()} cores, shared with other work (load average {os.getloadavg()[0]:.1f})"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
