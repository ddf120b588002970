"""A whole zk job on anvil with real proofs, through three real oracle services (in this process, k = 2) and
the worker's own runtime (the suite's one real zk job: 2 snarkjs proofs of ~5-8 s).

The requester creates the job with ``Requester.submit`` (``create_zk_job`` with the terms computed from
the spec's files); every oracle checks the registration at intake; a worker registered with
``Capability.ZK`` leases the tasks over the HTTP API and proves them with ``run_lease`` (the zk runtime);
its first submission carries a tampered output, which the leader refuses off-chain (the run is leased
again and the worker sends its true proof); the leader posts each proof to the ProofRegistry once, the
members countersign a settlement that pays proven tasks only. A worker without the zk bit gets no zk
lease, and a job registered with another model's weights than its spec's is rejected by the committee.
While the job is open, with the first real proof, the forgeries the issue lists are tried off-chain (the
oracle's check) and on-chain (the registry): a tampered output, a proof for another task, another job,
another model's weights; after the settlement, a replay; and a settlement paying more than is proven. The
dApp's indexer, run over the chain afterwards, holds each posted proof (frontend_api.indexer.zk_proofs).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from eth_account import Account
from sqlalchemy import select
from web3 import Web3

from frontend_api.indexer import Indexer, open_index
from frontend_api.indexer.zk_proofs import proofs_of
from frontend_api.requester import Requester
from oracles.models import Slot
from oracles.verify.zk_post import ZkPoster
from protocol import eip712
from protocol.chain import ChainClient, ChainError
from protocol.contracts import REPO_ROOT, Capability, JobStatus
from protocol.digests import bytes_digest
from protocol.jobspec import load_spec, load_spec_file
from protocol.settlement import plan_settlement
from protocol.storage.cid import cid_of_bytes
from protocol.storage.folder_manifest import put_manifest
from protocol.zk import dense_classifier as dc
from protocol.zk.groth16 import parse_proof
from protocol.zk.job import zk_terms
from tests.support.oracle_network import SimWorker, build_network, job_manifest
from worker_node.config import LimitsSection
from worker_node.execute import run_lease
from worker_node.heartbeat import Heartbeat, Heartbeats
from worker_node.inputs import InputFetcher
from worker_node.oracle_client import OracleClient

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

EXAMPLE = REPO_ROOT / "examples" / "zk.yaml"
refusals: dict[str, str] = {}


@dataclass
class ZkWorker(SimWorker):
    """SimWorker's loop (lease over HTTP from each oracle, run, submit) with the real zk runtime: ``run_lease``
    proves the task. Its first submission carries a tampered output; ``hook`` (the forgeries) runs once, with
    that task's true proof. Like the agent, it heartbeats the lease while it proves and forges (the agent's own
    ``Heartbeats``): a proof alone took over a minute at load average 30, so a proof and the forgeries can outlast
    any fixed lease term, and an expired lease's result is refused and its task leased again only a term later."""

    work: Path = Path()
    hook: Callable[[int, int, bytes, bytes], None] = lambda job, task, proof, public: None
    proven: dict[tuple[int, int], dict[str, bytes]] = field(default_factory=dict)
    submitted: list[tuple[int, int, bool]] = field(default_factory=list)  # (job, task, tampered)
    beats: dict[str, Heartbeats] = field(default_factory=dict)  # a heartbeat thread per oracle

    def stop(self) -> None:
        super().stop()
        for beats in self.beats.values():
            beats.close()

    def run(self, client: OracleClient, lease) -> None:
        beats = self.beats.setdefault(client.url, Heartbeats(client))
        beat = beats.add(lease, lease.heartbeat_s)
        try:
            self._prove_and_submit(client, lease, beat)
        finally:
            beat.stop()

    def _prove_and_submit(self, client: OracleClient, lease, beat: Heartbeat) -> None:
        spec = load_spec(self.store.get_bytes(lease.spec_cid))
        key = (lease.job_id, lease.task_index)
        if key not in self.proven:
            out = self.work / f"{lease.job_id}-{lease.task_index}-{lease.replica}"
            outputs = run_lease(lease, spec, InputFetcher(self.store, self.work / "cache"), out, LimitsSection())
            self.proven[key] = {name: path.read_bytes() for name, path in outputs.files.items()}
        files = dict(self.proven[key])
        tampered = not self.submitted
        if tampered:
            self.hook(lease.job_id, lease.task_index, files["proof.json"], files["public.json"])
            public = json.loads(files["public.json"])
            public[2] = str(int(public[2]) + 1)  # the output commitment: another answer
            files["public.json"] = json.dumps(public).encode()
        names = lease.task["outputs"]
        cid = put_manifest(self.store, {name: self.store.put_bytes(files[name]) for name in names})
        beat.stop()  # before submitting: the oracle refuses beats of a finished lease
        client.submit(lease, bytes_digest(files[name] for name in names), cid)
        self.submitted.append((lease.job_id, lease.task_index, tampered))


def _submit(poster, job_id, task, input_hash, output_hash, proof_bytes, input_proof):
    a, b, c = parse_proof(proof_bytes).call_args()
    fn = poster.registry.functions.submit_proof(job_id, task, input_hash, output_hash, a, b, c, input_proof)
    with pytest.raises(ChainError) as caught:
        poster.chain.transact(fn)
    return caught.value.reason


def _zk_job(net, spec, spec_cid: str, weights_hash: int, inputs_root: bytes, spec_hash: bytes = b"\x07" * 32) -> int:
    """A zk job created straight on JobEscrow (not through the requester), e.g. with a wrong registration."""
    from ape import chain

    c, requester = net.contracts, net.requester
    c["HiveToken"].approve(c["JobEscrow"], spec.budget, sender=requester)
    tx = c["JobEscrow"].create_zk_job(
        spec_cid,
        spec_hash,
        spec.num_tasks,
        spec.budget,
        chain.pending_timestamp + 86_400,
        c["DenseClassifierVerifier"],
        weights_hash,
        inputs_root,
        sender=requester,
    )
    return tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id


def test_zk_job__oracle_services_on_anvil__leader_posts_proofs_and_only_proven_tasks_paid(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    from ape import chain

    # the worker heartbeats its lease while it proves (ZkWorker); the term only has to outlast a heartbeat gap of a
    # loaded machine (over 5 s was seen), not a proof (over 60 s at load average 30 on 2 CPUs)
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=60.0)
    try:
        spec = load_spec_file(EXAMPLE)
        model, inputs = ((EXAMPLE.parent / "zk" / name).read_bytes() for name in ("model.npz", "inputs.npz"))
        assert net.store.put_bytes(model) == spec.model.cid and net.store.put_bytes(inputs) == spec.inputs.cid
        terms = zk_terms(spec, model, inputs)
        escrow, registry = net.contracts["JobEscrow"], net.contracts["ProofRegistry"]
        web3 = Web3(Web3.HTTPProvider(anvil_uri))
        poster = ZkPoster(ChainClient(web3, net.manifest, Account.from_key(accounts[5].private_key)))
        unreachable = cid_of_bytes(b"a spec nobody stored")  # stays in intake: jobs only for on-chain refusals
        other_job = _zk_job(net, spec, unreachable, terms.weights_hash, terms.inputs_root)
        other_weights = dc.weights_hash(dc.demo_model(1))
        other_model_job = _zk_job(net, spec, unreachable, other_weights, terms.inputs_root)

        # the requester's CLI path: create_zk_job with the terms of the spec's files
        requester = Requester(
            ChainClient(web3, net.manifest, Account.from_key(net.requester.private_key)),
            net.store,
            [f"http://127.0.0.1:{c.api_port}" for c in net.configs],
        )
        job_id = requester.submit(spec)
        assert escrow.is_zk_job(job_id) and registry.jobs(job_id)[3] == terms.weights_hash
        # the same spec registered with another model's weights: rejected by the committee at intake
        spec_cid, true_hash = requester.prepare(spec)  # (the CID and hash the job above was created with)
        mismatched = _zk_job(net, spec, spec_cid, other_weights, terms.inputs_root, true_hash)

        def forgeries(job: int, task: int, proof: bytes, public: bytes) -> None:
            other = 1 - task
            out = int(json.loads(public)[2])
            tampered = json.loads(public)
            tampered[2] = str(out + 1)
            refusals["tampered_offchain"] = poster.check(terms, job, task, proof, json.dumps(tampered).encode()).reason
            refusals["tampered_onchain"] = _submit(
                poster, job, task, terms.input_hashes[task], out + 1, proof, terms.input_proof(task)
            )
            refusals["other_task_offchain"] = poster.check(terms, job, other, proof, public).reason
            refusals["other_task_onchain"] = _submit(
                poster, job, other, terms.input_hashes[other], out, proof, terms.input_proof(other)
            )
            refusals["other_task_input"] = _submit(
                poster, job, other, terms.input_hashes[task], out, proof, terms.input_proof(task)
            )
            refusals["other_job_offchain"] = poster.check(terms, other_job, task, proof, public).reason
            refusals["other_job_onchain"] = _submit(
                poster, other_job, task, terms.input_hashes[task], out, proof, terms.input_proof(task)
            )
            other_terms = type(terms)(terms.circuit, other_weights, terms.input_hashes, terms.tree)
            refusals["other_model_offchain"] = poster.check(other_terms, other_model_job, task, proof, public).reason
            refusals["other_model_onchain"] = _submit(
                poster, other_model_job, task, terms.input_hashes[task], out, proof, terms.input_proof(task)
            )
            refusals["first"] = json.dumps([task, proof.decode(), public.decode()])

        zk_worker, plain_worker = accounts[6], accounts[7]
        plain = net.add_worker(plain_worker, caps=Capability.COMPUTE).start()  # no zk bit: never leased a zk task
        worker_reg = net.contracts["WorkerRegistry"]
        sim = net.add_worker(zk_worker, caps=Capability.ZK)  # registered and staked; replaced by the real runtime
        worker = ZkWorker(sim.clients, net.store, work=tmp_path / "worker", hook=forgeries)
        net.workers[-1] = worker.start()
        try:
            net.wait_status(mismatched, JobStatus.REJECTED, timeout=400)
            net.wait_status(job_id, JobStatus.SETTLED, timeout=400)
        finally:
            worker.stop()
        assert worker_reg.nodes(zk_worker).capabilities == Capability.ZK

        # the tampered first submission was refused off-chain and the task leased again; each task proven once
        assert [t for _, _, t in worker.submitted].count(True) == 1 and len(worker.submitted) == 3, worker.errors
        assert sorted(worker.proven) == [(job_id, 0), (job_id, 1)]
        refused = []
        for i in range(3):  # only the leader judges results; its slot history keeps why a run was refused
            with net.oracle(i).sessions() as s:
                slots = s.execute(select(Slot).where(Slot.job_id == job_id)).scalars()
                refused += [h["why"] for slot in slots for h in slot.history or []]
        assert refused == ["output unusable: proof refused: proof does not verify"]
        assert plain.done == []  # a worker without Capability.ZK was never handed a zk task
        # the leader posted each proof once (ProofVerified from an oracle signer), the others read them on-chain
        logs = poster.registry.events.ProofVerified.get_logs(from_block=0, argument_filters={"job_id": job_id})
        posted = [(int(e["args"]["task_index"]), e["args"]["submitter"]) for e in logs]
        signers = {a.address for a in accounts[1:4]}
        assert sorted(t for t, _ in posted) == [0, 1] and {s for _, s in posted} <= signers
        assert len({s for _, s in posted}) == 1  # one leader
        assert registry.jobs(job_id)[2] == 2  # proven count
        proofs = requester.zk_proofs(job_id)  # what `gpuhive job status` shows for a zk job
        assert [(p.task_index, p.submitter) for p in proofs] == sorted(posted)
        assert all(p.tx_hash.startswith("0x") and len(p.tx_hash) == 66 for p in proofs)
        # what the dApp shows: its indexer over this chain holds each proof the leader's queue posted
        engine, index = open_index(f"sqlite:///{tmp_path / 'index.db'}")
        Indexer().follower(ChainClient(web3, net.manifest), index, confirmations=0).poll_once()
        with index() as s:
            shown = proofs_of(s, job_id)
        engine.dispose()
        assert shown is not None and (shown.proven, shown.num_tasks) == (2, 2)
        assert [(p.task_index, p.submitter, p.tx_hash) for p in shown.proofs] == [
            (p.task_index, p.submitter, p.tx_hash) for p in proofs
        ]

        manifest, _ = job_manifest(net, job_id)
        assert [t.status for t in manifest.tasks] == ["accepted", "accepted"]
        assert [t.paid for t in manifest.tasks] == [[zk_worker.address], [zk_worker.address]]
        job = escrow.get_job(job_id)
        assert job.unclaimed_payout >= 2 * spec.reward_per_task

        # a dispute re-checks nothing a proof already checks: upheld, payouts unchanged (round 1 resolved)
        net.contracts["HiveToken"].approve(escrow, escrow.dispute_bond(), sender=net.requester)
        escrow.dispute(job_id, sender=net.requester)
        deadline = time.monotonic() + 60
        while escrow.get_job(job_id).status != JobStatus.SETTLED or escrow.get_job(job_id).round != 1:
            assert time.monotonic() < deadline, [svc.job_status(job_id) for svc in net.oracles if svc]
            time.sleep(0.2)
        resolved = escrow.get_job(job_id)
        assert (resolved.payout_root, resolved.unclaimed_payout) == (job.payout_root, job.unclaimed_payout)

        # after the settlement: a replay of a posted proof is refused on-chain, and the poster sends nothing
        task, proof, public = json.loads(refusals["first"])
        proof, public = proof.encode(), public.encode()
        out = int(json.loads(public)[2])
        refusals["replay_onchain"] = _submit(
            poster, job_id, task, terms.input_hashes[task], out, proof, terms.input_proof(task)
        )
        again = poster.post(terms, job_id, task, proof, public)
        refusals["replay_poster"] = f"posted={again.posted} already={again.already_proven}"
        # a settlement paying a worker of a job with nothing proven is refused, whoever signs it
        # (a fresh job: the ones above whose spec nobody stored are rejected once intake gives up, after 120 s)
        nothing_proven = _zk_job(net, spec, unreachable, other_weights, terms.inputs_root)
        plan = plan_settlement(nothing_proven, spec.budget, {zk_worker.address: 1}, 0)
        sigs = eip712.committee_signatures(
            [o.private_key for o in accounts[1:3]], eip712.Domain(chain.chain_id, escrow.address), plan.settlement
        )
        try:
            escrow.settle(plan.settlement.as_tuple(), plan.slashes_arg(), sigs, sender=accounts[1])
            refusals["overpaying_settlement"] = "settled"
        except Exception as exc:  # Ape's ContractLogicError carries the revert string
            refusals["overpaying_settlement"] = str(exc)
    finally:
        net.close()

    assert refusals["tampered_offchain"] == "proof does not verify"
    assert refusals["tampered_onchain"] == "proof_registry: invalid proof"
    assert refusals["other_task_offchain"].startswith("wrong input commitment")
    assert refusals["other_task_onchain"] == "proof_registry: invalid proof"
    assert refusals["other_task_input"] == "proof_registry: input not in the job's inputs"
    assert refusals["other_job_offchain"].startswith("wrong job id")
    assert refusals["other_job_onchain"] == "proof_registry: invalid proof"
    assert refusals["other_model_offchain"].startswith("wrong weights commitment")
    assert refusals["other_model_onchain"] == "proof_registry: invalid proof"
    assert "escrow: payout exceeds proven tasks" in refusals["overpaying_settlement"]
    assert refusals["replay_onchain"] == "proof_registry: task already proven"
    assert refusals["replay_poster"] == "posted=False already=True"
