"""The oracle's HTTP routes on small fakes: what each route answers for what its collaborators say.

``create_app`` is built from the four collaborators it calls (worker auth, the lease dispatcher, the
countersigning member, the status report); here they are in-memory fakes, so every route's mapping —
status code, body, which collaborator is asked with what — is checked in milliseconds, without a chain
or a database. What the real collaborators decide (a login's signature, a lease held by someone else,
a manifest's audit) is tested on them, and end to end in ``test_oracle_api_*.py`` on anvil.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from oracles.api import create_app
from oracles.committee import Refused
from oracles.deps import OracleIdentity
from oracles.dispatcher import LeaseError, ResultItem, Submitted
from protocol.contracts import Capability
from protocol.leases import (
    Challenge,
    JobStatus,
    Lease,
    LoginReply,
    LoginRequest,
    RejectProposal,
    SettlementProposal,
    SignatureReply,
)

ORACLE = "0x" + "0a" * 20
REGISTRY = "0x" + "0b" * 20
ESCROW = "0x" + "0c" * 20
CHAIN_ID = 31_337
WORKER = "0x" + "1a" * 20
OTHER_WORKER = "0x" + "1b" * 20
INELIGIBLE_WORKER = "0x" + "1c" * 20
TOKEN = "worker-token"
SIGNATURE = "0x" + "11" * 65
DIGEST = "0x" + "22" * 32
OUTPUT_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"


def lease_of(lease_id: str, job_id: int = 7, task_index: int = 0) -> Lease:
    return Lease(
        lease_id=lease_id,
        job_id=job_id,
        task_index=task_index,
        replica=0,
        role="run",
        job_kind="compute",
        spec_cid="bafyspec",
        task={"index": task_index},
        expires_at=1_000.0,
        heartbeat_s=15.0,
    )


# --------------------------------------------------------------------------- fakes


@dataclass
class FakeAuth:
    """Tokens: ``fast`` answered from memory, ``slow`` only by ``session`` (as after a restart)."""

    fast: dict[str, tuple[str, int]] = field(default_factory=dict)
    slow: dict[str, tuple[str, int]] = field(default_factory=dict)
    issued: dict[str, str] = field(default_factory=dict)  # nonce -> worker
    used: set[str] = field(default_factory=set)

    def challenge(self, worker: str) -> Challenge:
        if not worker.startswith("0x") or len(worker) != 42:
            raise ValueError(f"{worker!r} is not an address")
        nonce = "0x" + f"{len(self.issued) + 1:064x}"
        self.issued[nonce] = worker
        return Challenge(
            worker=worker,
            oracle=ORACLE,
            nonce=nonce,
            expires=2_000,
            chain_id=CHAIN_ID,
            registry=REGISTRY,
            escrow=ESCROW,
        )

    def login(self, body: LoginRequest) -> LoginReply:
        if self.issued.get(body.nonce) != body.worker:
            raise ValueError("unknown challenge; GET /v1/auth/challenge first")
        if body.nonce in self.used:
            raise ValueError("challenge already used; get a new one")
        self.used.add(body.nonce)
        if body.worker == INELIGIBLE_WORKER:
            raise PermissionError(f"{body.worker} is not an eligible worker")
        token = f"token-{body.nonce[-4:]}"
        self.fast[token] = (body.worker, Capability.COMPUTE)
        return LoginReply(token=token, expires=5_000, capabilities=Capability.COMPUTE)

    def cached_session(self, token: str) -> tuple[bool, tuple[str, int] | None]:
        return (True, self.fast[token]) if token in self.fast else (False, None)

    def session(self, token: str) -> tuple[str, int] | None:
        return self.slow.get(token)


@dataclass
class FakeDispatcher:
    """A queue of leases for compute jobs; leases held are ``lease_id -> worker``."""

    queue: list[Lease] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)
    listeners: list[Any] = field(default_factory=list)
    calls: list[tuple] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_work(self, listener: Any) -> None:
        self.listeners.append(listener)

    def add_work(self, lease: Lease) -> None:
        """Work appears, as after intake or a judging pass (from another thread)."""
        with self.lock:
            self.queue.append(lease)
        for listener in self.listeners:
            listener(1)

    def lease_many(self, worker: str, kinds: tuple[str, ...], want: int) -> list[Lease]:
        self.calls.append(("lease_many", worker, kinds, want))
        with self.lock:
            got = [x for x in self.queue if x.job_kind in kinds][:want]
            for x in got:
                self.queue.remove(x)
                self.held[x.lease_id] = worker
        return got

    def _holder(self, lease_id: str, worker: str) -> None:
        if lease_id not in self.held:
            raise LeaseError(404, f"no lease {lease_id}")
        if self.held[lease_id] != worker:
            raise LeaseError(403, f"lease {lease_id} is held by another worker")

    def submit(self, lease_id: str, worker: str, digest: bytes, output_cid: str, signature: bytes) -> Submitted:
        self.calls.append(("submit", lease_id, worker, digest, output_cid, signature))
        self._holder(lease_id, worker)
        del self.held[lease_id]
        return Submitted(slot_id=1, job_id=7)

    def submit_many(self, worker: str, items: list[ResultItem]) -> list[Submitted | LeaseError]:
        outcomes: list[Submitted | LeaseError] = []
        for item in items:
            try:
                outcomes.append(self.submit(item.lease_id, worker, item.digest, item.output_cid, item.signature))
            except LeaseError as exc:
                outcomes.append(exc)
        return outcomes

    def exchange(
        self, worker: str, items: list[ResultItem], kinds: tuple[str, ...], want: int
    ) -> tuple[list[Submitted | LeaseError], list[Lease]]:
        return self.submit_many(worker, items), self.lease_many(worker, kinds, want) if want else []

    def fail(self, lease_id: str, worker: str, reason: str) -> None:
        self.calls.append(("fail", lease_id, worker, reason))
        self._holder(lease_id, worker)
        del self.held[lease_id]

    def heartbeat(self, lease_id: str, worker: str, progress: float, fraction: float | None = None) -> float:
        self.calls.append(("heartbeat", lease_id, worker, progress, fraction))
        if lease_id == "expired":
            raise LeaseError(410, "lease expired; its slot went back to the queue")
        self._holder(lease_id, worker)
        return 1_234.5

    def release_worker(self, lease_id: str, worker: str) -> None:
        self.calls.append(("release", lease_id, worker))
        self._holder(lease_id, worker)
        del self.held[lease_id]


@dataclass
class FakeCommittee:
    """Signs proposals for job 7; refuses the others, as a member that finds a difference does."""

    asked: list[Any] = field(default_factory=list)

    def countersign_settlement(self, body: SettlementProposal) -> SignatureReply:
        self.asked.append(body)
        if body.job_id != 7:
            raise Refused(f"job {body.job_id}: the manifest gives another payout; the proposal differs")
        return SignatureReply(signer=ORACLE, signature=SIGNATURE)

    def countersign_reject(self, body: RejectProposal) -> SignatureReply:
        self.asked.append(body)
        if body.job_id != 7:
            raise Refused(f"job {body.job_id}: the spec is valid here; not signing a reject")
        return SignatureReply(signer=ORACLE, signature=SIGNATURE)


@dataclass
class FakeStatus:
    jobs: dict[int, JobStatus] = field(default_factory=dict)
    asked: list[int] = field(default_factory=list)

    def job_status(self, job_id: int) -> JobStatus | None:
        self.asked.append(job_id)
        return self.jobs.get(job_id)

    def metrics_text(self) -> str:
        return "gpuhive_oracle_open_jobs 3.0\n"


@dataclass
class Api:
    client: TestClient
    auth: FakeAuth
    dispatcher: FakeDispatcher
    committee: FakeCommittee
    status: FakeStatus

    def post(self, path: str, body: Any = None, token: str | None = TOKEN, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(path, json=body, headers=headers, **kw)


@contextmanager
def api_on_fakes() -> Iterator[Api]:
    """The API on fresh fakes, served by a TestClient (also used by ``test_body_limits.py``)."""
    auth = FakeAuth(
        fast={
            TOKEN: (WORKER, Capability.COMPUTE),
            "other-token": (OTHER_WORKER, Capability.COMPUTE),
            "render-only": (WORKER, Capability.RENDER),
            "no-kind": (WORKER, 0),
        }
    )
    fakes = (auth, FakeDispatcher(), FakeCommittee(), FakeStatus())
    app = create_app(
        oracle=OracleIdentity(ORACLE, CHAIN_ID), auth=fakes[0], dispatcher=fakes[1], committee=fakes[2], status=fakes[3]
    )
    with TestClient(app) as client:  # runs the startup hook: long polls are woken on the app's loop
        yield Api(client, *fakes)


@pytest.fixture
def api():
    with api_on_fakes() as built:
        yield built


def result_body(lease_id: str | None = None) -> dict[str, str]:
    body = {"digest": DIGEST, "output_cid": OUTPUT_CID, "signature": SIGNATURE}
    return {"lease_id": lease_id, **body} if lease_id else body


# --------------------------------------------------------------------------- health, status, metrics


def test_health__any_request__oracle_address_and_chain_id(api):
    response = api.client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "oracle": ORACLE, "chain_id": CHAIN_ID}


def test_job_status__known_job__status_from_the_report(api):
    api.status.jobs[7] = JobStatus(
        job_id=7, state="running", num_tasks=4, tasks_accepted=1, tasks_failed=0, slots_leased=2, slots_done=3
    )
    response = api.client.get("/v1/jobs/7")
    assert response.status_code == 200
    assert response.json() == api.status.jobs[7].model_dump()


@pytest.mark.parametrize("job_id", ["8", "-1", str(2**63)])
def test_job_status__unknown_or_beyond_bigint__404(api, job_id):
    response = api.client.get(f"/v1/jobs/{job_id}")
    assert response.status_code == 404
    assert response.json()["detail"] == f"job {job_id} not seen by this oracle (yet)"
    assert api.status.asked == ([8] if job_id == "8" else [])  # ids no database row can hold are not looked up


def test_job_status__not_a_number__422(api):
    assert api.client.get("/v1/jobs/abc").status_code == 422


def test_metrics__any_request__text_from_the_report(api):
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "gpuhive_oracle_open_jobs 3.0\n"


# --------------------------------------------------------------------------- login


def test_challenge__worker_address__challenge_from_auth(api):
    response = api.client.get("/v1/auth/challenge", params={"worker": WORKER})
    assert response.status_code == 200
    body = response.json()
    assert (body["worker"], body["oracle"], body["chain_id"], body["registry"]) == (WORKER, ORACLE, CHAIN_ID, REGISTRY)
    assert api.auth.issued == {body["nonce"]: WORKER}


def test_challenge__not_an_address__400_with_reason(api):
    response = api.client.get("/v1/auth/challenge", params={"worker": "0x1234"})
    assert response.status_code == 400
    assert response.json()["detail"] == "'0x1234' is not an address"


def test_challenge__worker_missing__422(api):
    assert api.client.get("/v1/auth/challenge").status_code == 422


def _answer(api: Api, worker: str) -> dict[str, Any]:
    challenge = api.client.get("/v1/auth/challenge", params={"worker": worker}).json()
    return {"worker": worker, "nonce": challenge["nonce"], "expires": challenge["expires"], "signature": SIGNATURE}


def test_login__answered_challenge__token_that_leases(api):
    response = api.client.post("/v1/auth/login", json=_answer(api, OTHER_WORKER))
    assert response.status_code == 200
    reply = response.json()
    assert reply["capabilities"] == Capability.COMPUTE and reply["expires"] == 5_000
    api.dispatcher.add_work(lease_of("L1"))
    leased = api.post("/v1/leases", {}, token=reply["token"])
    assert leased.status_code == 200
    assert api.dispatcher.held == {"L1": OTHER_WORKER}


def test_login__same_challenge_twice__400_already_used(api):
    body = _answer(api, WORKER)
    assert api.client.post("/v1/auth/login", json=body).status_code == 200
    again = api.client.post("/v1/auth/login", json=body)
    assert again.status_code == 400
    assert again.json()["detail"] == "challenge already used; get a new one"


def test_login__ineligible_worker__403_with_reason(api):
    response = api.client.post("/v1/auth/login", json=_answer(api, INELIGIBLE_WORKER))
    assert response.status_code == 403
    assert "not an eligible worker" in response.json()["detail"]


def test_login__signature_too_short__422_before_auth(api):
    body = {**_answer(api, WORKER), "signature": "0x" + "11" * 64}
    assert api.client.post("/v1/auth/login", json=body).status_code == 422
    assert api.auth.used == set()


# --------------------------------------------------------------------------- sessions


def test_lease__no_authorization__401_log_in_first(api):
    response = api.post("/v1/leases", {}, token=None)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("log in first: POST /v1/auth/login")
    assert api.dispatcher.calls == []


@pytest.mark.parametrize("header", ["Bearer nobody", "Basic d29ya2VyOnB3", TOKEN])
def test_lease__bad_token__401(api, header):
    response = api.client.post("/v1/leases", json={}, headers={"Authorization": header})
    assert response.status_code == 401
    assert api.dispatcher.calls == []


def test_lease__token_only_the_slow_path_knows__leased(api):
    api.auth.slow["restarted-token"] = (OTHER_WORKER, Capability.COMPUTE)
    api.dispatcher.add_work(lease_of("L1"))
    response = api.post("/v1/leases", {}, token="restarted-token")
    assert response.status_code == 200
    assert api.dispatcher.held == {"L1": OTHER_WORKER}


# --------------------------------------------------------------------------- leases


def test_lease__work_queued__the_lease(api):
    api.dispatcher.add_work(lease_of("L1"))
    response = api.post("/v1/leases", {})
    assert response.status_code == 200
    assert response.json() == lease_of("L1").model_dump(mode="json")
    assert api.dispatcher.calls == [("lease_many", WORKER, ("compute",), 1)]


def test_lease__no_work__204(api):
    response = api.post("/v1/leases", {"wait_s": 0})
    assert response.status_code == 204
    assert response.content == b""


def test_lease__capabilities_for_other_kinds__204_and_work_left(api):
    api.dispatcher.add_work(lease_of("L1"))
    response = api.post("/v1/leases", {}, token="render-only")
    assert response.status_code == 204
    assert api.dispatcher.calls == [("lease_many", WORKER, ("render",), 1)]
    assert [x.lease_id for x in api.dispatcher.queue] == ["L1"]


def test_lease__capabilities_allow_no_kind__403_refused(api):
    api.dispatcher.add_work(lease_of("L1"))
    response = api.post("/v1/leases", {}, token="no-kind")
    assert response.status_code == 403
    assert response.json()["detail"] == "capabilities 0x0 allow no job kind; update your registration"
    assert api.dispatcher.calls == []


def test_lease__work_appears_while_long_polling__woken_with_the_lease(api):
    timer = threading.Timer(0.1, api.dispatcher.add_work, args=[lease_of("L9")])
    started = time.monotonic()
    timer.start()
    response = api.post("/v1/leases", {"wait_s": 10})
    elapsed = time.monotonic() - started
    timer.join()
    assert response.status_code == 200
    assert response.json()["lease_id"] == "L9"
    assert elapsed < 0.9  # woken by the dispatcher, not by the poll that comes every second


def test_work__same_worker_asks_again_while_long_polling__the_poll_answers_at_once_empty(api):
    polled: dict[str, Any] = {}

    def long_poll() -> None:
        started = time.monotonic()
        polled["reply"] = api.post("/v1/work", {"want": 1, "wait_s": 10})
        polled["elapsed"] = time.monotonic() - started

    poll = threading.Thread(target=long_poll)
    poll.start()
    time.sleep(0.3)
    other = api.post("/v1/work", {"want": 0}, token="other-token")  # another worker's request: no effect
    time.sleep(0.2)
    assert other.status_code == 200 and poll.is_alive()
    newer = api.post("/v1/work", {"want": 0})
    poll.join(5)
    assert newer.status_code == 200
    assert polled["reply"].status_code == 200
    assert polled["reply"].json() == {"outcomes": [], "leases": []}
    assert polled["elapsed"] < 2  # ended by the newer request, not by its 10 s wait


@pytest.mark.parametrize("raw", [b'{"wait_s": 1e400}', b'{"wait_s": NaN}'])
def test_lease__wait_not_finite__422_without_the_input(api, raw):
    response = api.client.post(
        "/v1/leases", content=raw, headers={"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    )
    assert response.status_code == 422
    detail = json.loads(response.text)["detail"]  # plain JSON: no NaN or Infinity in it
    assert [e["loc"] for e in detail] == [["body", "wait_s"]]
    assert "input" not in detail[0] and "ctx" not in detail[0]
    assert api.dispatcher.calls == []


def test_work__results_failures_and_want__outcomes_in_order_and_new_leases(api):
    for lease_id in ("L1", "L2", "L3"):
        api.dispatcher.add_work(lease_of(lease_id))
    api.post("/v1/work", {"want": 3})  # the worker holds L1, L2, L3
    api.dispatcher.held["L4"] = OTHER_WORKER
    api.dispatcher.add_work(lease_of("L5"))
    response = api.post(
        "/v1/work",
        {
            "results": [result_body("L1"), result_body("L4")],
            "failures": [{"lease_id": "L2", "reason": "out of memory"}, {"lease_id": "L0", "reason": "gone"}],
            "want": 2,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert [(o["lease_id"], o["status"]) for o in body["outcomes"]] == [
        ("L1", 200),
        ("L4", 403),
        ("L2", 200),
        ("L0", 404),
    ]
    assert [o["detail"] for o in body["outcomes"]] == [
        "result recorded",
        "lease L4 is held by another worker",
        "slot returned to the queue",
        "no lease L0",
    ]
    assert [x["lease_id"] for x in body["leases"]] == ["L5"]
    submitted = next(c for c in api.dispatcher.calls if c[:2] == ("submit", "L1"))
    assert submitted == ("submit", "L1", WORKER, bytes.fromhex(DIGEST[2:]), OUTPUT_CID, bytes.fromhex(SIGNATURE[2:]))
    assert api.dispatcher.held == {"L3": WORKER, "L4": OTHER_WORKER, "L5": WORKER}


def test_work__report_only_with_no_capabilities__200_and_nothing_leased(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/work", {"results": [result_body("L1")], "want": 0}, token="no-kind")
    assert response.status_code == 200
    assert response.json() == {
        "outcomes": [{"lease_id": "L1", "status": 200, "detail": "result recorded"}],
        "leases": [],
    }
    assert not any(c[0] == "lease_many" for c in api.dispatcher.calls)


def test_work__bad_token__401_and_nothing_recorded(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/work", {"results": [result_body("L1")]}, token="stolen")
    assert response.status_code == 401
    assert api.dispatcher.held == {"L1": WORKER}


def test_heartbeat__lease_held__new_expiry(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/heartbeat", {"progress": 0.5})
    assert response.status_code == 200
    assert response.json() == {"expires_at": 1_234.5}
    assert api.dispatcher.calls == [("heartbeat", "L1", WORKER, 0.5, None)]  # an old agent's: no fraction


def test_heartbeat__runtime_fraction__passed_to_dispatcher_beside_the_stage(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/heartbeat", {"progress": 0.1, "fraction": 0.375})
    assert response.status_code == 200
    assert api.dispatcher.calls == [("heartbeat", "L1", WORKER, 0.1, 0.375)]


@pytest.mark.parametrize("fraction", [1.01, -0.5, "most", [0.5]])
def test_heartbeat__fraction_out_of_bounds_or_not_a_number__422_and_dispatcher_not_called(api, fraction):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/heartbeat", {"progress": 0.1, "fraction": fraction})
    assert response.status_code == 422
    assert any(error["loc"][-1] == "fraction" for error in response.json()["detail"])
    assert api.dispatcher.calls == []


def test_heartbeat__lease_expired__410_with_reason(api):
    response = api.post("/v1/leases/expired/heartbeat", {"progress": 0.5})
    assert response.status_code == 410
    assert response.json()["detail"] == "lease expired; its slot went back to the queue"


def test_result__lease_held__recorded(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/result", result_body())
    assert response.status_code == 200
    assert response.json() == {"ok": True, "detail": "result recorded"}
    assert api.dispatcher.held == {}


def test_result__lease_of_other_worker__403_and_lease_kept(api):
    api.dispatcher.held["L1"] = OTHER_WORKER
    response = api.post("/v1/leases/L1/result", result_body())
    assert response.status_code == 403
    assert api.dispatcher.held == {"L1": OTHER_WORKER}


def test_failure__lease_held__slot_returned(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/failure", {"reason": "GPU fell off the bus"})
    assert response.status_code == 200
    assert response.json() == {"ok": True, "detail": "slot returned to the queue"}
    assert api.dispatcher.calls == [("fail", "L1", WORKER, "GPU fell off the bus")]


def test_release__unknown_lease__404(api):
    response = api.post("/v1/leases/nope/release")
    assert response.status_code == 404
    assert response.json()["detail"] == "no lease nope"


def test_release__lease_held__released(api):
    api.dispatcher.held["L1"] = WORKER
    response = api.post("/v1/leases/L1/release")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "detail": "lease released"}


# --------------------------------------------------------------------------- committee


def _proposal(job_id: int) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "manifest_cid": "bafymanifest",
        "settlement": {"job_id": job_id, "round": 0},
        "slashes": [[WORKER, 5]],
    }


def test_committee_settlement__member_agrees__its_signature(api):
    response = api.post("/v1/committee/settlement", _proposal(7), token=None)
    assert response.status_code == 200
    assert response.json() == {"signer": ORACLE, "signature": SIGNATURE}
    assert api.committee.asked == [SettlementProposal.model_validate(_proposal(7))]


def test_committee_settlement__member_refuses__409_with_reason(api):
    response = api.post("/v1/committee/settlement", _proposal(8), token=None)
    assert response.status_code == 409
    assert response.json()["detail"] == "job 8: the manifest gives another payout; the proposal differs"


@pytest.mark.parametrize("job_id", [0, -3, 2**63])
def test_committee_settlement__impossible_job_id__409_without_asking(api, job_id):
    response = api.post("/v1/committee/settlement", _proposal(job_id), token=None)
    assert response.status_code == 409
    assert response.json()["detail"] == f"job {job_id} not seen on-chain by this oracle"
    assert api.committee.asked == []


def test_committee_settlement__body_missing_fields__422(api):
    response = api.post("/v1/committee/settlement", {"job_id": 7}, token=None)
    assert response.status_code == 422
    assert api.committee.asked == []


def test_committee_reject__member_agrees__its_signature(api):
    response = api.post("/v1/committee/reject", {"job_id": 7, "reason": 2}, token=None)
    assert response.status_code == 200
    assert response.json() == {"signer": ORACLE, "signature": SIGNATURE}
    assert api.committee.asked == [RejectProposal(job_id=7, reason=2)]


def test_committee_reject__member_refuses__409_with_reason(api):
    response = api.post("/v1/committee/reject", {"job_id": 8, "reason": 2}, token=None)
    assert response.status_code == 409
    assert response.json()["detail"] == "job 8: the spec is valid here; not signing a reject"
