"""A label job end to end on anvil: three oracles (k = 2), six simulated labelers of known accuracy —
two good (90 %), one mediocre (75 %), two random spammers and one who always answers the same class —
registered in WorkerRegistry's labeler role with its small stake, leasing batches through the real HTTP
API, getting each batch's items from ``/v1/label/leases/{id}``, storing their answers through
``/v1/label/answers``, signing the returned ``TaskResult`` typed data with their key and submitting it
through ``/v1/work``. The requester's gold reveal (``gpuhive job reveal-gold``) sends nothing while labeling is
open; after, a forged file is refused and the real one is kept by the leader and both followers;
the settlement pays by quality through the payout Merkle root (spammers unpaid and slashed on-chain),
the labels file beats majority vote, and the money balances (budget = payouts + fee + refund)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx
import pytest
import typer
from eth_account import Account
from eth_account.messages import encode_typed_data
from typer.testing import CliRunner, Result

from frontend_api.requester_cli import register as register_requester_commands
from oracles.labeling.aggregate import majority_vote
from oracles.labeling.batches import check_batch
from oracles.labeling.manifest import _batch
from protocol import eip712
from protocol.contracts import TOKEN, Capability, JobStatus, Role
from protocol.jobspec import canonical_bytes
from protocol.jobspec.label import LabelSpec
from protocol.leases import Lease
from protocol.result_manifest import plan_from_manifest
from tests.support.labelers import LabelJob, SimLabeler
from tests.support.oracle_api import leader_index
from tests.support.oracle_network import Network, SimWorker, build_network, job_manifest, settle_events
from worker_node.oracle_client import OracleClient

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

REWARD = TOKEN // 10


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def _register_labeler(net: Network, labeler: SimLabeler) -> None:
    from web3 import Web3

    from protocol.chain import ChainClient

    stake = net.manifest.params["min_labeler_stake"]
    net.accounts[0].transfer(labeler.address, 10**18)
    net.contracts["HiveToken"].transfer(labeler.address, stake, sender=net.accounts[0])
    client = ChainClient(Web3(Web3.HTTPProvider(net.anvil_uri)), net.manifest, Account.from_key(labeler.key))
    client.transact(client.token.functions.approve(client.registry.address, stake))
    client.transact(client.registry.functions.register(Role.LABELER, 0, ""))
    client.transact(client.registry.functions.stake(stake))


@dataclass
class SimLabelerWorker(SimWorker):
    """A labeler at its labeling page: a ``SimWorker`` whose run looks at the batch's items, answers, has the
    oracle store the answers file and signs the returned ``TaskResult`` typed data, as a wallet does."""

    job: LabelJob | None = None
    labeler: SimLabeler | None = None

    def run(self, client: OracleClient, lease: Lease) -> None:
        assert self.job is not None and self.labeler is not None
        assert client.capabilities == Capability.LABEL, client.capabilities  # a labeler labels, nothing else
        batch = client._check(client.http.get(f"/v1/label/leases/{lease.lease_id}")).json()
        time.sleep(self.compute_s)  # looking at the items: every labeler at one pace, so each labels a fair share
        labels = self.labeler.answer(self.job, [item["cid"] for item in batch["items"]])
        body = {"lease_id": lease.lease_id, "labels": labels}
        prepared = client._check(client.http.post("/v1/label/answers", json=body)).json()
        signed = Account.sign_message(encode_typed_data(full_message=prepared["typed_data"]), self.labeler.key)
        result = {
            "lease_id": lease.lease_id,
            "digest": prepared["digest"],
            "output_cid": prepared["output_cid"],
            "signature": "0x" + bytes(signed.signature).hex(),
        }
        reply = client._check(client.http.post("/v1/work", json={"results": [result], "want": 0})).json()
        assert reply["outcomes"][0]["status"] == 200, reply
        self.done.append((lease.job_id, lease.task_index, lease.replica, lease.role))


def _labeler(net: Network, job: LabelJob, labeler: SimLabeler) -> SimLabelerWorker:
    clients = [OracleClient(f"http://127.0.0.1:{c.api_port}", labeler.key, timeout=10.0) for c in net.configs]
    worker = SimLabelerWorker(clients, net.store, compute_s=0.3, job=job, labeler=labeler)
    net.workers.append(worker)  # stopped by net.close()
    return worker


def _accuracy(job: LabelJob, labels: dict[int, str]) -> float:
    items = [i for i in range(job.items) if i not in job.gold]
    return sum(labels.get(i) == job.truth[i] for i in items) / len(items)


def _reveal_gold(net: Network, job_id: int, gold_path) -> Result:
    app = typer.Typer()
    register_requester_commands(app)
    oracles = ",".join(f"http://127.0.0.1:{c.api_port}" for c in net.configs)
    return CliRunner().invoke(app, ["reveal-gold", str(job_id), str(gold_path), "--oracles", oracles])


def test_label_job__simulated_labelers_on_anvil__pays_by_quality_and_beats_majority_vote(net, tmp_path):
    pool = [
        SimLabeler("good0", "good", 0.9),
        SimLabeler("good1", "good", 0.9),
        SimLabeler("mediocre0", "mediocre", 0.75),
        SimLabeler("spammer0", "spammer"),
        SimLabeler("spammer1", "spammer"),
        SimLabeler("constant0", "constant"),
    ]
    job = LabelJob(
        items=200,  # 20 batches of 10, 3 labelers each: ~10 batches and ~30 gold answers per labeler, enough for
        gold_items=80,  # the 1 % test to refuse random answers (with ~10 gold answers a spammer escapes it ~1 in 5)
        batch_size=10,
        seed=5,
        spec_overrides={"reward_per_task": str(REWARD), "budget": str(REWARD * 80)},
    )
    assert isinstance(job.spec, LabelSpec) and job.spec.budget_needed < job.spec.budget
    net.store.put_bytes(job.manifest)
    for labeler in pool:
        _register_labeler(net, labeler)
    registry = net.contracts["WorkerRegistry"]
    stakes = {p.address: registry.stake_of(p.address) for p in pool}
    job_id = net.create_job(canonical_bytes(job.spec).decode())
    leader = leader_index(net, job_id)
    gold_url = f"http://127.0.0.1:{net.configs[leader].api_port}/v1/label/jobs/{job_id}/gold"
    gold_path = tmp_path / "gold.json"
    gold_path.write_bytes(job.gold_file)

    early = _reveal_gold(net, job_id, gold_path)  # before any labeler answered: the client sends nothing
    assert early.exit_code == 1 and "Nothing was sent" in early.output, early.output
    assert all(net.oracle(i).app.state.labeling.gold_cid(job_id) is None for i in range(len(net.configs)))

    loops = [_labeler(net, job, labeler).start() for labeler in pool]
    deadline = time.monotonic() + 120
    while net.oracle(leader).job_status(job_id).state != "settling":
        assert time.monotonic() < deadline, (net.oracle(leader).job_status(job_id), [x.errors[-2:] for x in loops])
        time.sleep(0.2)
    shares = {x.labeler.name: len(x.done) for x in loops}
    assert sum(shares.values()) == job.spec.num_tasks * job.spec.replication
    assert min(shares.values()) >= 6, shares  # enough answers to judge each (a labeler of one batch is not)
    wrong = json.loads(job.gold_file)
    wrong["answers"][0][1] = next(c for c in job.classes if c != wrong["answers"][0][1])
    refused = httpx.post(gold_url, content=json.dumps(wrong).encode(), timeout=10)
    assert refused.status_code == 422 and "commitment" in refused.json()["detail"]
    revealed = _reveal_gold(net, job_id, gold_path)  # `gpuhive job reveal-gold`: to every oracle
    assert revealed.exit_code == 0, revealed.output
    assert revealed.output.count("kept as leader") == 1 and revealed.output.count("kept as follower") == 2
    gold_cids = {net.oracle(i).app.state.labeling.gold_cid(job_id) for i in range(len(net.configs))}
    assert len(gold_cids) == 1 and None not in gold_cids  # every member holds it for a takeover
    net.wait_status(job_id, JobStatus.SETTLED, timeout=60)

    manifest, cid = job_manifest(net, job_id)
    assert manifest.labels is not None and manifest.labels.gold_cid in gold_cids
    plan = plan_from_manifest(manifest, REWARD, cid)
    kinds = {p.address: p.kind for p in pool}
    paid = set(plan.payouts)
    assert {w for w, k in kinds.items() if k in ("good", "mediocre")} <= paid
    report = json.loads(net.store.get_bytes(manifest.labels.report_cid))["labelers"]
    junk = {w for w, k in kinds.items() if k in ("spammer", "constant")}
    assert not paid & junk, [(kinds[r["worker"]], r) for r in report if r["worker"] in paid & junk]
    slashed = {w for w, _ in plan.slashes}
    assert slashed and slashed <= {w for w, k in kinds.items() if k in ("spammer", "constant")}
    for worker in slashed:  # on-chain, once per job: three rewards
        assert stakes[worker] - registry.stake_of(worker) == 3 * REWARD
    (event,) = settle_events(net, job_id)
    assert event["total_payout"] == sum(plan.payouts.values())
    assert event["total_payout"] + event["oracle_fee"] + event["refund"] == int(manifest.budget)

    labels_file = json.loads(net.store.get_bytes(manifest.labels.labels_cid))
    assert len(labels_file["labels"]) == job.items and all(0 < row[3] <= 1 for row in labels_file["labels"])
    ours = {row[0]: row[2] for row in labels_file["labels"]}
    domain = eip712.Domain(manifest.chain_id, manifest.escrow)
    answers = [
        check_batch(job.spec, domain, job_id, _batch(t.index, slot, net.store.get_bytes(slot.output_cid)))
        for t in manifest.tasks
        for slot in t.slots
    ]
    voted = majority_vote(answers).labels
    assert _accuracy(job, ours) > _accuracy(job, voted), (_accuracy(job, ours), _accuracy(job, voted))


def wait_state(oracle, job_id: int, state: str, timeout: float, why=lambda: None) -> None:
    deadline = time.monotonic() + timeout
    while (status := oracle.job_status(job_id)) is None or status.state != state:
        assert time.monotonic() < deadline, (status, why())
        time.sleep(0.2)


def test_label_job__leader_stops_after_some_batches__answers_carried_over_and_paid_to_their_labelers(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    """The leader is stopped after a few batches were answered; its followers had mirrored those answers
    (``oracles.labeling.carry_over``), so the member that takes the job over starts with them: they are not
    leased again, and the settlement pays them to the labelers who answered them for the old leader."""
    from sqlalchemy import select

    from oracles.committee import rotation
    from oracles.labeling.models import LabelCarried

    net = build_network(accounts, anvil_uri, tmp_path, leader_takeover_after_s=3.0)
    try:
        pool = [SimLabeler(f"carried{i}", "good", 1.0) for i in range(4)]
        job = LabelJob(
            items=60,  # 6 batches of 10, 3 labelers each
            gold_items=12,
            batch_size=10,
            seed=9,
            spec_overrides={"reward_per_task": str(REWARD), "budget": str(REWARD * 40)},
        )
        net.store.put_bytes(job.manifest)
        for labeler in pool:
            _register_labeler(net, labeler)
        job_id = net.create_job(canonical_bytes(job.spec).decode())
        members = [m.lower() for m in rotation(job_id, net.oracle(0).members())]
        index = {net.oracle(i).address.lower(): i for i in range(len(net.configs))}
        leader, taker = index[members[0]], index[members[1]]

        def carried() -> set[tuple[int, int, str, str]]:
            with net.oracle(taker).sessions() as s:
                rows = s.execute(select(LabelCarried).where(LabelCarried.job_id == job_id)).scalars()
                return {(r.task_index, r.replica, r.worker.lower(), r.output_cid) for r in rows}

        first = [_labeler(net, job, labeler).start() for labeler in pool]
        deadline = time.monotonic() + 60
        while len(carried()) < 6:  # a third of the batches answered for the old leader and mirrored
            assert time.monotonic() < deadline, [x.errors[-2:] for x in first]
            time.sleep(0.2)
        for worker in first:
            worker.stop()
        net.stop_oracle(leader)
        wait_state(net.oracle(taker), job_id, "running", 30)  # taken over after 3 s of silence
        kept = carried()  # (no more mirroring: the job is the taker's now)

        second = [_labeler(net, job, labeler).start() for labeler in pool]
        wait_state(net.oracle(taker), job_id, "settling", 120, lambda: [x.errors[-2:] for x in second])
        relabeled = {(t, r) for x in second for (_, t, r, _) in x.done}
        assert not relabeled & {(t, r) for t, r, _, _ in kept}  # carried batches were not leased again
        assert len(relabeled) == job.spec.num_tasks * job.spec.replication - len(kept)
        gold_url = f"http://127.0.0.1:{net.configs[taker].api_port}/v1/label/jobs/{job_id}/gold"
        assert httpx.post(gold_url, content=job.gold_file, timeout=10).json()["kept_as"] == "leader"
        net.wait_status(job_id, JobStatus.SETTLED, timeout=60)

        manifest, cid = job_manifest(net, job_id)
        slots = {(t.index, x.replica, x.worker.lower(), x.output_cid) for t in manifest.tasks for x in t.slots}
        assert kept <= slots
        paid = {(t.index, w.lower()) for t in manifest.tasks for w in t.paid}
        assert {(t, w) for t, _, w, _ in kept} <= paid
        plan = plan_from_manifest(manifest, REWARD, cid)
        assert {w for _, _, w, _ in kept} <= {a.lower() for a in plan.payouts}
    finally:
        net.close()
