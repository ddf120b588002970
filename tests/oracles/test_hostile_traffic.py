"""A bounded hostile burst against a real oracle process, while an honest worker keeps working.

One ``gpuhive oracle run`` process and one ``gpuhive worker run`` process (``ProcessNetwork``, on the
session's anvil, k = 1), a compute job with more tasks than the burst lasts, and an honest worker in
this process (``OracleClient``: the real login and ``/v1/work`` exchange, honest outputs) that reports
results throughout. Then every category of issue 15's hostile traffic, each a bounded number of times:

- JSON nested 66,000 deep (the body that crashed an oracle with SIGSEGV) and 55,000 deep (parsed, then
  a 500 and a stack overflow in the error log) on every JSON route, with and without a token; 32 of
  the 55,000-deep ones at once (they froze the API for two minutes);
- bodies over the caps: a declared 50 MB, a 13 MB ``/v1/work`` (100,000 results), chunked bodies
  without a length;
- lone UTF-16 surrogates; invalid tokens; odd content types, methods and paths;
- slow clients: bodies trickled a byte at a time (answered 408 after the body deadline) and headers
  trickled (slowloris), all open while the honest worker's requests go on.

Afterwards: no answer was a 5xx, every hostile request got an answer (no connection cut in its
place), the process is alive and answers health and job status, the honest worker was served all
along, and every result it saw acknowledged is recorded in the oracle's database.

The server runs in its own process so that a crash is reported by this test, not suffered by it.
The last test stops both processes and reads the recursion limit each one had at exit (a
``sitecustomize`` on their ``PYTHONPATH`` writes it): every service process serves with it bounded.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from gpuhive.demo.processes import ProcessNetwork
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec
from protocol.stack_guard import SERVICE_RECURSION_LIMIT
from protocol.storage.folder_manifest import put_manifest
from tests.support.oracle_network import _outputs_run, spec_yaml
from worker_node.oracle_client import OracleClient

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

JSON_ROUTES = [
    "/v1/auth/login",
    "/v1/leases",
    "/v1/work",
    "/v1/leases/{lease}/heartbeat",
    "/v1/leases/{lease}/result",
    "/v1/leases/{lease}/failure",
    "/v1/committee/settlement",
    "/v1/committee/reject",
]
SLOW_CLIENTS = 16
SLOW_SECONDS = 12.0  # longer than the body deadline (10 s), so trickled bodies are cut off
EXIT_PROBE = """
import atexit, json, os, sys

def _record():
    path = os.path.join(os.environ["GPUHIVE_EXIT_PROBE"], f"{os.getpid()}.json")
    with open(path, "w") as out:
        json.dump({"argv": sys.argv, "recursion_limit": sys.getrecursionlimit()}, out)

atexit.register(_record)
"""


@pytest.fixture
def _function_isolation():
    """Replaces Ape's per-test chain revert: the oracle process keeps its database across this module's
    tests (Ape's module-scoped revert still restores the chain at the end)."""
    yield


@pytest.fixture(scope="module")
def net(anvil, anvil_uri, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    probe = work / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(EXIT_PROBE)
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "GPUHIVE_EXIT_PROBE")}
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(probe), saved["PYTHONPATH"]) if p)
    os.environ["GPUHIVE_EXIT_PROBE"] = str(probe / "exits")
    (probe / "exits").mkdir()
    try:
        with ProcessNetwork(work, rpc_url=anvil_uri, n_oracles=1, n_workers=1, threshold=1) as network:
            network.probe = probe / "exits"
            yield network
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def honest(net):
    """A second staked worker, logged in through the real challenge, and a job with work for the burst."""
    account = net.worker_account(1)
    net.stake_worker(1, config=net.worker_configs[0], account=account)
    client = OracleClient(net.oracle_urls[0], bytes.fromhex(str(account.private_key).removeprefix("0x")), timeout=30)
    client.login()
    spec = load_spec(
        spec_yaml(
            "compute",
            replication=1,
            reward_per_task=TOKEN // 100,
            verification={"method": "hash", "spot_check_bps": 1},
            kernel={"name": "sha256_chain", "chains": 400, "length": 5, "seed": 1515},
        )
    )
    job_id = net.requester().submit(spec)
    deadline = time.monotonic() + 120
    while net.oracle_status(0, job_id).get("state") != "running":
        assert time.monotonic() < deadline, f"job {job_id} not running: {net.oracle_status(0, job_id)}"
        time.sleep(0.2)
    yield client, job_id, spec
    client.close()


class HonestWorker(threading.Thread):
    """Reports honest results and leases more (``/v1/work``) until stopped; remembers what was acknowledged
    and how long each exchange took."""

    def __init__(self, net: ProcessNetwork, client: OracleClient, spec: Any) -> None:
        super().__init__(daemon=True)
        self.net, self.client, self.spec = net, client, spec
        self.stop = threading.Event()
        self.acked: dict[str, tuple[str, str]] = {}  # lease id -> (digest, output cid)
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        held: list[Any] = []
        while not self.stop.is_set():
            reports, sent = [], {}
            for lease in held:
                files, digest = _outputs_run(self.spec, lease, liar=False)
                cid = put_manifest(self.net.store, {n: self.net.store.put_bytes(d) for n, d in files.items()})
                reports.append(self.client.result_report(lease, digest, cid))
                sent[lease.lease_id] = ("0x" + digest.hex(), cid)
            started = time.monotonic()
            try:
                reply = self.client.exchange(reports, want=2, wait_s=0.5)
            except Exception as exc:  # recorded: the honest worker must be served throughout
                self.errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.2)
                continue
            self.latencies.append(time.monotonic() - started)
            for outcome in reply.outcomes:
                if outcome.status == 200:
                    self.acked[outcome.lease_id] = sent[outcome.lease_id]
                else:
                    self.errors.append(f"result for {outcome.lease_id}: {outcome.status} {outcome.detail}")
            held = reply.leases


# --------------------------------------------------------------------------- hostile requests


async def _send(client: httpx.AsyncClient, kind: str, method: str, path: str, **kw: Any) -> tuple[str, int | str]:
    label = f"{kind}: {method} {path[:60]}"
    try:
        response = await client.request(method, path, **kw)
    except httpx.HTTPError as exc:
        return label, f"no answer: {type(exc).__name__}: {exc}"
    return label, response.status_code


def _requests(token: str, lease: str) -> list[tuple[str, dict[str, Any]]]:
    """Every hostile request sent through an HTTP client, with its kind (the ones that need a raw socket are
    apart)."""
    bearer = {"Authorization": f"Bearer {token}"}
    json_type = {"content-type": "application/json"}
    out: list[tuple[str, dict[str, Any]]] = []
    for route in JSON_ROUTES:
        path = route.format(lease=lease)
        for auth in ({}, bearer):
            for depth in (66_000, 55_000):
                out.append(("deep", dict(method="POST", url=path, content=b"[" * depth, headers={**json_type, **auth})))
        surrogate = b'{"reason": "\\ud800", "worker": "\\udfff", "results": [{"lease_id": "\\ud83d"}]}'
        out.append(("surrogate", dict(method="POST", url=path, content=surrogate, headers={**json_type, **bearer})))
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
            odd = dict(method="POST", url=path, content=b'{"want": 1}', headers={"content-type": content_type})
            out.append(("content type", odd))
        out.append(("content type", dict(method="POST", url=path, content=b'{"want": 1}', headers=bearer)))
        out.append(
            ("not utf-8", dict(method="POST", url=path, content=b"\xff\xfe{\x00", headers={**json_type, **bearer}))
        )
    for header in ("Bearer nobody", "Bearer " + "x" * 6_000, "Basic d29ya2VyOnB3", "Bearer"):
        out.append(
            ("bad token", dict(method="POST", url="/v1/work", json={"want": 1}, headers={"Authorization": header}))
        )
    for method, path in [
        ("PATCH", "/v1/work"),
        ("DELETE", "/v1/leases"),
        ("OPTIONS", "/v1/auth/login"),
        ("GET", "/v1/work"),
        ("GET", "/v1/jobs/99999999999999999999999"),
        ("GET", "/v1/jobs/-1"),
        ("GET", "/%00"),
        ("GET", "/v1/../v1/health"),
        ("GET", "/" + "a" * 8_000),
        ("POST", "/v1/leases/%ff%fe/heartbeat"),
        ("POST", f"/v1/leases/{'z' * 2_000}/release"),
        ("GET", "/v1/auth/challenge?worker=" + "0" * 5_000),
        ("GET", "/v1/auth/challenge?worker=%ED%A0%80"),
    ]:
        out.append(("odd path", dict(method=method, url=path, headers=bearer)))
    return out


async def _burst(url: str, token: str, lease: str) -> list[tuple[str, int | str]]:
    limits = httpx.Limits(max_connections=40)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        answers = []
        for kind, request in _requests(token, lease):  # one at a time: a crash shows at the request that caused it
            method, path = request.pop("method"), request.pop("url")
            answers.append(await _send(client, kind, method, path, **request))
        deep = dict(content=b"[" * 55_000, headers={"content-type": "application/json"})
        answers += await asyncio.gather(*(_send(client, "deep", "POST", "/v1/work", **deep) for _ in range(32)))
    return answers


def _raw_http(port: int, head: bytes, body: bytes = b"", read_timeout: float = 20.0) -> str:
    """Send ``head`` and ``body`` on a raw socket, without finishing the body; the status line of the answer,
    or why there was none."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as sock:
            sock.sendall(head + body)
            answer = sock.recv(4096)
    except OSError as exc:
        return f"no answer: {exc}"
    return answer.split(b"\r\n", 1)[0].decode(errors="replace") if answer else "no answer: closed"


def _oversize(port: int, token: str) -> list[tuple[str, int | str]]:
    """Lengths far over the caps: declared (50 MB; a 13 MB ``/v1/work``, the size of 100,000 results), and
    chunked bodies without a length that pass the cap. Only the start of each body is sent: the answer
    must come before the rest (a client that sends it all meets a closed connection, as from any server
    that will not read 50 MB)."""
    answers = []
    for path, length in [("/v1/auth/login", 50_000_000), ("/v1/work", 13_000_000), ("/v1/leases", 10**12)]:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Length: {length}\r\n\r\n"
        ).encode()
        answers.append((f"oversize: declared {length} to {path}", _status(_raw_http(port, head, b"[" * 1_000))))
    for path, size in [("/v1/auth/login", 8_000), ("/v1/work", 1_100_000)]:
        chunk = b" " * size
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        body = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        answers.append((f"oversize: chunked {size} to {path}", _status(_raw_http(port, head.encode(), body))))
    return answers


def _status(status_line: str) -> int | str:
    parts = status_line.split(" ")
    return int(parts[1]) if status_line.startswith("HTTP/1.1 ") and parts[1].isdigit() else status_line


class SlowClients:
    """Sockets that trickle a request body (and some only their headers), one byte per half second."""

    def __init__(self, port: int, n: int) -> None:
        self.port, self.n = port, n
        self.answers: list[tuple[str, int | str]] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._body, daemon=True) for _ in range(n)]
        self.threads += [threading.Thread(target=self._headers, daemon=True) for _ in range(n)]

    def __enter__(self) -> SlowClients:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _body(self) -> None:
        head = (
            b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(head)
            sock.settimeout(0.5)
            answer = b""
            for _ in range(int(SLOW_SECONDS * 2) + 10):  # at most 400 bytes: the body never completes in time
                try:
                    sock.send(b" ")
                    answer = sock.recv(4096)
                    if answer or self.stop.is_set():
                        break
                except TimeoutError:
                    continue
                except OSError:
                    break
            self.answers.append(
                ("trickled body: POST /v1/auth/login", _status(answer.split(b"\r\n", 1)[0].decode(errors="replace")))
            )

    def _headers(self) -> None:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
                while not self.stop.wait(0.5):
                    sock.sendall(b"X-a: b\r\n")
        except OSError:
            return  # (the body tricklers report whether the server answered)


# --------------------------------------------------------------------------- the tests


def test_oracle_api__hostile_burst_with_an_honest_worker__no_5xx_alive_and_nothing_acknowledged_lost(net, honest):
    client, job_id, spec = honest
    oracle = net.oracles[0]
    port = net.oracle_configs[0].api_port
    url = net.oracle_urls[0]
    worker = HonestWorker(net, client, spec)
    worker.start()
    try:
        time.sleep(1.0)
        lease = next(iter(worker.acked), "no-such-lease")
        answers: list[tuple[str, int | str]] = []
        with SlowClients(port, SLOW_CLIENTS) as slow:
            answers += asyncio.run(_burst(url, client.token or "", lease))
            assert oracle.alive, f"the oracle died in the burst (exit {oracle.proc.returncode}); see {oracle.log}"
            answers += _oversize(port, client.token or "")
            during = len(worker.latencies)
            deadline = time.monotonic() + SLOW_SECONDS + 5
            while len(slow.answers) < SLOW_CLIENTS and time.monotonic() < deadline:
                time.sleep(0.2)  # the trickled bodies are cut off 10 s after they began
            assert oracle.alive, f"the oracle died (exit {oracle.proc.returncode}); see {oracle.log}"
            answers += [("health: while slow clients wait", httpx.get(f"{url}/v1/health", timeout=10).status_code)]
        answers += slow.answers
    finally:
        worker.stop.set()
        worker.join(timeout=30)

    assert oracle.alive, f"the oracle died (exit {oracle.proc.returncode}); see {oracle.log}"
    not_answered = [(what, got) for what, got in answers if not isinstance(got, int)]
    errors = [(what, got) for what, got in answers if isinstance(got, int) and got >= 500]
    assert not_answered == [] and errors == [], f"unanswered: {not_answered[:5]}; 5xx: {errors[:5]}"
    statuses: dict[str, set[int]] = {}
    for what, got in answers:
        statuses.setdefault(what.split(":")[0], set()).add(int(got))
    assert statuses["deep"] <= {400, 413}, statuses
    assert statuses["surrogate"] == {400}, statuses
    assert statuses["oversize"] == {413}, statuses
    assert statuses["bad token"] == {401}, statuses
    assert statuses["trickled body"] == {408}, statuses
    assert statuses["health"] == {200}, statuses
    assert httpx.get(f"{url}/v1/health", timeout=10).json()["ok"] is True
    assert net.oracle_status(0, job_id)["state"] in ("running", "judging", "settling", "settled")
    # the honest worker was served all along, and everything acknowledged to it is recorded
    assert worker.errors == []
    assert during > 5 and len(worker.acked) > 10
    assert sorted(worker.latencies)[int(0.99 * len(worker.latencies))] < 5.0
    slots = {s.lease_id: s for s in net.slots(job_id, oracle=0)}
    recorded = {
        lease_id: (slots[lease_id].digest, slots[lease_id].output_cid)
        for lease_id in worker.acked
        if lease_id in slots and slots[lease_id].worker == client.address
    }
    assert recorded == worker.acked


def test_service_processes__stopped_after_serving__recursion_limit_bounded(net):
    net.close()  # SIGTERM: both processes stop cleanly, and the probe records their limit at exit
    seen = [json.loads(p.read_text()) for p in Path(net.probe).glob("*.json")]
    roles = {" ".join(s["argv"][1:3]): s["recursion_limit"] for s in seen if "run" in s["argv"]}
    assert set(roles) == {"oracle run", "worker run"}, seen
    assert all(limit <= SERVICE_RECURSION_LIMIT for limit in roles.values()), roles
