"""Leases on a real oracle (anvil, real HTTP API): bad results, replays, expiry and failures are clear 4xx
and lose nothing — a slot is never lost, never recorded twice, and a task that keeps failing is
settled as failed and refunded on-chain.
"""

from __future__ import annotations

import itertools
import time

import httpx
import pytest

from protocol import eip712
from protocol.contracts import JobStatus
from protocol.result_manifest import ResultManifest
from tests.support.oracle_api import (  # noqa: F401  (_function_isolation overrides Ape's fixture)
    _function_isolation,
    api_network,
    close_job,
    honest_body,
    logged_in,
    new_worker,
    result_body,
    running_job,
    slot_of_lease,
    slots_of,
    small_compute_spec,
    wait_for,
)

pytestmark = [pytest.mark.anvil]

LEASE_SECONDS = 2.0
CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
MAX_FAILURES = 3


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    with api_network(
        accounts,
        anvil_uri,
        tmp_path_factory.mktemp("api_leases"),
        lease_seconds=LEASE_SECONDS,
        max_failures=MAX_FAILURES,
        backoff_seconds=0.2,
    ) as network:
        yield network


_seeds = itertools.count(100)


@pytest.fixture
def job(net):
    """A fresh one-task compute job (its own seed, so its own spec); closed after the test."""
    job_id, leader = running_job(net, small_compute_spec(seed=next(_seeds)))
    yield job_id, leader
    close_job(leader, job_id)


@pytest.fixture
def holder(net, job):
    client = logged_in(job[1], new_worker(net))
    yield client
    client.close()


@pytest.fixture
def other(net, job):
    client = logged_in(job[1], new_worker(net))
    yield client
    client.close()


def _lease(client, job_id):
    lease = client.lease(wait_s=5.0)
    assert lease is not None and lease.job_id == job_id, "no lease of the test's job"
    return lease


def _post(client, lease_id, what, body=None):
    return client.http.post(f"/v1/leases/{lease_id}/{what}", json=body)


# --------------------------------------------------------------------------- results


def test_result__signature_by_other_key__400_and_slot_stays_leased(net, job, holder, other):
    job_id, leader = job
    lease = _lease(holder, job_id)
    forged = result_body(holder, lease, signature=other.sign_result(lease, b"\x07" * 32, CID))
    response = _post(holder, lease.lease_id, "result", forged)
    assert response.status_code == 400
    assert "not by the lease holder" in response.json()["detail"]
    undecodable = {**result_body(holder, lease), "signature": "0x" + "ff" * 65}
    response = _post(holder, lease.lease_id, "result", undecodable)
    assert response.status_code == 400
    assert "does not decode" in response.json()["detail"]
    slot = slot_of_lease(leader, lease)
    assert (slot.state, slot.worker, slot.lease_id, slot.digest) == ("leased", holder.address, lease.lease_id, None)
    assert _post(holder, lease.lease_id, "result", honest_body(net, holder, lease)).status_code == 200
    assert slot_of_lease(leader, lease).state == "done"


def test_result__signed_for_other_task__400(job, holder):
    job_id, leader = job
    lease = _lease(holder, job_id)
    wrong = eip712.TaskResult(lease.job_id, lease.task_index + 1, lease.replica, b"\x07" * 32, eip712.cid_hash(CID))
    signature = eip712.sign_digest(holder.key, eip712.task_result_digest(holder._separator, wrong))
    response = _post(holder, lease.lease_id, "result", result_body(holder, lease, signature=signature))
    assert response.status_code == 400
    assert slot_of_lease(leader, lease).state == "leased"


def test_result__lease_held_by_other_worker__403(net, job, holder, other):
    job_id, leader = job
    lease = _lease(holder, job_id)
    stolen = result_body(other, lease)  # signed by the intruder itself, so only ownership is wrong
    for what, body in (
        ("result", stolen),
        ("heartbeat", {"progress": 0.5}),
        ("failure", {"reason": "x"}),
        ("release", None),
    ):
        response = _post(other, lease.lease_id, what, body)
        assert response.status_code == 403, what
        assert "belongs to another worker" in response.json()["detail"]
    slot = slot_of_lease(leader, lease)
    assert (slot.state, slot.worker, slot.attempts) == ("leased", holder.address, 0)
    assert _post(holder, lease.lease_id, "result", honest_body(net, holder, lease)).status_code == 200


def test_result__submitted_twice__410_and_recorded_once(net, job, holder):
    job_id, leader = job
    lease = _lease(holder, job_id)
    before = leader.m_results._value.get()
    first = honest_body(net, holder, lease)
    assert _post(holder, lease.lease_id, "result", first).status_code == 200
    replay = _post(holder, lease.lease_id, "result", first)
    assert replay.status_code == 410
    assert "no longer held" in replay.json()["detail"]
    changed = result_body(
        holder, lease, digest=b"\x08" * 32, output_cid=first["output_cid"]
    )  # a second, different answer is refused too
    assert _post(holder, lease.lease_id, "result", changed).status_code == 410
    done = [x for x in slots_of(leader, job_id) if x.role == "run" and x.state == "done"]
    assert len(done) == 1
    assert done[0].digest == first["digest"] and done[0].signature == first["signature"]
    assert leader.m_results._value.get() == before + 1
    assert _post(holder, lease.lease_id, "heartbeat", {"progress": 0.9}).status_code == 410


def test_work__results_and_next_leases_in_one_round_trip__each_item_judged_alone(net):
    job_id, leader = running_job(net, small_compute_spec(seed=next(_seeds), tasks=3))
    client = logged_in(leader, new_worker(net))
    try:
        first = client.exchange([], want=2, wait_s=5.0)
        assert first.outcomes == [] and first.leases and all(x.job_id == job_id for x in first.leases)
        lease = first.leases[0]
        honest = {**honest_body(net, client, lease), "lease_id": lease.lease_id}
        second = client.exchange([honest], want=2, wait_s=5.0)
        assert [(o.lease_id, o.status) for o in second.outcomes] == [(lease.lease_id, 200)]
        assert slot_of_lease(leader, lease).state == "done"
        held = first.leases[1:] + second.leases
        assert held, "no second lease"
        assert lease.task_index not in {x.task_index for x in held}  # one slot per task per worker
        forged = {**result_body(client, held[0], signature=b"\x01" * 65), "lease_id": held[0].lease_id}
        unknown = {**result_body(client, held[0]), "lease_id": "0" * 32}
        third = client.exchange([forged, unknown, honest], want=0)
        assert [o.status for o in third.outcomes] == [400, 404, 410]
        assert third.leases == []
        assert slot_of_lease(leader, held[0]).state == "leased"  # nothing recorded from the refused item
        assert slot_of_lease(leader, lease).state == "done"
    finally:
        client.close()
        close_job(leader, job_id)


# --------------------------------------------------------------------------- expiry


def test_heartbeat__after_lease_expired__410_and_slot_requeued(net, job, holder, other):
    job_id, leader = job
    lease = _lease(holder, job_id)
    assert _post(holder, lease.lease_id, "heartbeat", {"progress": 0.2}).status_code == 200
    wait_for(
        lambda: slot_of_lease(leader, lease).state == "pending",
        timeout=LEASE_SECONDS + 5,
        what="the expired lease to go back to the queue",
    )
    response = _post(holder, lease.lease_id, "heartbeat", {"progress": 0.3})
    assert response.status_code == 410
    assert "expired" in response.json()["detail"]
    late = _post(holder, lease.lease_id, "result", honest_body(net, holder, lease))
    assert late.status_code == 410
    slot = slot_of_lease(leader, lease)
    assert (slot.state, slot.worker, slot.attempts, slot.digest) == ("pending", None, 1, None)
    assert slot.history[-1]["why"] == "lease expired" and slot.history[-1]["worker"] == holder.address
    again = _lease(other, job_id)
    assert (again.task_index, again.replica) == (lease.task_index, lease.replica)
    assert again.lease_id != lease.lease_id
    # the first holder's lease stays dead after the slot moved on; the new holder's result counts
    assert _post(holder, lease.lease_id, "heartbeat", {"progress": 0.4}).status_code == 410
    assert _post(other, again.lease_id, "result", honest_body(net, other, again)).status_code == 200
    assert slot_of_lease(leader, again).worker == other.address


# --------------------------------------------------------------------------- failures


def test_failure__reported_max_failures_times__task_failed_settled_and_refunded(net, job, holder):
    from ape import chain

    job_id, leader = job
    escrow, token, registry = net.contracts["JobEscrow"], net.contracts["HiveToken"], net.contracts["WorkerRegistry"]
    budget = escrow.get_job(job_id).budget
    stake = registry.stake_of(holder.address)
    for attempt in range(1, MAX_FAILURES + 1):
        lease = _lease(holder, job_id)
        failed_at = time.time()
        response = _post(holder, lease.lease_id, "failure", {"reason": f"GPU fell off the bus ({attempt})"})
        assert response.status_code == 200
        assert _post(holder, lease.lease_id, "failure", {"reason": "again"}).status_code == 410  # replay
        slot = slot_of_lease(leader, lease)
        assert slot.attempts == attempt
        if attempt < MAX_FAILURES:
            assert slot.state == "pending"
            assert slot.not_before >= failed_at + 0.2 * 2 ** (attempt - 1) - 0.05  # exponential backoff
    assert slot.state in ("failed", "void")
    assert "GPU fell off the bus (3)" in (slot.failure or "")
    net.wait_status(job_id, JobStatus.SETTLED, timeout=30)
    cid = leader.job_status(job_id).manifest_cid
    manifest = ResultManifest.model_validate_json(net.store.get_bytes(cid))
    assert [(t.status, t.paid, t.slashed) for t in manifest.tasks] == [("failed", [], [])]
    on_chain = escrow.get_job(job_id)
    assert on_chain.unclaimed_payout == 0 and on_chain.refund == budget
    assert registry.stake_of(holder.address) == stake  # reporting a failure is not a fault
    chain.pending_timestamp += net.manifest.params["dispute_window"] + 1
    chain.mine()
    before = token.balanceOf(net.requester)
    escrow.claim_refund(job_id, sender=net.requester)
    assert token.balanceOf(net.requester) - before == budget


# --------------------------------------------------------------------------- bad requests


def test_lease_ops__unknown_lease_id__404(job, holder):
    for what, body in (
        ("heartbeat", {"progress": 0.1}),
        ("result", None),
        ("failure", {"reason": "x"}),
        ("release", None),
    ):
        if what == "result":
            body = {
                "digest": "0x" + "11" * 32,
                "output_cid": "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregi",
                "signature": "0x" + "11" * 65,
            }
        response = _post(holder, "0" * 32, what, body)
        assert response.status_code == 404, what
        assert "no lease" in response.json()["detail"]


BAD_BODIES = [
    ("result", {"digest": "0x" + "11" * 31, "output_cid": "bafkreigh2akisca", "signature": "0x" + "11" * 65}),
    ("result", {"digest": "0x" + "11" * 33, "output_cid": "bafkreigh2akisca", "signature": "0x" + "11" * 65}),
    ("result", {"digest": "11" * 32, "output_cid": "bafkreigh2akisca", "signature": "0x" + "11" * 65}),
    ("result", {"digest": "0x" + "11" * 32, "output_cid": "bafkreigh2akisca", "signature": "0x" + "11" * 64}),
    ("result", {"digest": "0x" + "zz" * 32, "output_cid": "bafkreigh2akisca", "signature": "0x" + "11" * 65}),
    ("result", {"digest": "0x" + "11" * 32, "output_cid": "short", "signature": "0x" + "11" * 65}),
    ("result", {"digest": "0x" + "11" * 32, "output_cid": "b" * 129, "signature": "0x" + "11" * 65}),
    (
        "result",
        {
            "digest": "0x" + "11" * 32,
            "output_cid": "bafkreigh2akisca",
            "signature": "0x" + "11" * 65,
            "worker": "0x" + "22" * 20,
        },
    ),
    ("result", {"digest": "0x" + "11" * 32, "signature": "0x" + "11" * 65}),
    ("result", ["0x" + "11" * 32]),
    ("result", None),
    ("heartbeat", {"progress": 1.5}),
    ("heartbeat", {"progress": -0.1}),
    ("heartbeat", {"progress": "half"}),
    ("heartbeat", {"progress": 0.5, "eta": 3}),
    ("heartbeat", {"progress": 0.5, "fraction": 1.5}),
    ("heartbeat", {"progress": 0.5, "fraction": -0.01}),
    ("failure", {"reason": ""}),
    ("failure", {"reason": "x" * 2_001}),
    ("failure", {}),
    ("failure", {"reason": "x", "retry": True}),
]


def test_lease_ops__malformed_bodies__422_and_slot_untouched(net, job, holder):
    job_id, leader = job
    lease = _lease(holder, job_id)
    for what, body in BAD_BODIES:
        response = _post(holder, lease.lease_id, what, body)
        assert response.status_code == 422, (what, body, response.text)
    for what, raw in (("result", b"{not json"), ("heartbeat", b'{"progress": 0.5'), ("failure", b"\xff\xfe")):
        response = holder.http.post(
            f"/v1/leases/{lease.lease_id}/{what}", content=raw, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, (what, raw, response.text)
    slot = slot_of_lease(leader, lease)
    assert (slot.state, slot.worker, slot.attempts, slot.digest) == ("leased", holder.address, 0, None)
    assert _post(holder, lease.lease_id, "result", honest_body(net, holder, lease)).status_code == 200


@pytest.mark.parametrize(
    "raw",
    [
        b'{"wait_s": -1}',
        b'{"wait_s": 30.5}',
        b'{"wait_s": "soon"}',
        b'{"wait": 1}',
        b"[]",
        b'{"wait_s": 1e400}',
        b'{"wait_s": NaN}',
        b"{",
    ],
)
def test_lease__wait_out_of_range_or_malformed__422(job, holder, raw):
    response = holder.http.post("/v1/leases", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert not any(x.state == "leased" for x in slots_of(job[1], job[0]))  # nothing leased by a bad request


@pytest.mark.parametrize("job_id", ["-1", "0", "999999", str(2**63), str(2**256), "abc"])
def test_job_status__unknown_or_malformed_id__404_or_422(net, job_id):
    response = httpx.get(f"{net.oracle(0).url}/v1/jobs/{job_id}")
    assert response.status_code in (404, 422), response.text
    assert response.status_code == (422 if job_id == "abc" else 404)
