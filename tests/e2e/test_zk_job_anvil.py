"""A whole zk job on anvil with real proofs (the suite's one real zk job: ~2 snarkjs proofs of ~5 s), through
gpuhive.demo.zk: create_zk_job, the zk runtime proves each task, the oracle checks the job's registration
and each proof off-chain and posts it to the ProofRegistry, the committee settles paying proven tasks, the
workers claim and the escrow ends empty. Before the oracle posts, while the job is open, the refusals the
issue lists are tried with those real proofs, off-chain (the oracle's check) and on-chain (the registry):
a tampered output, a proof for another task, for another job, against another model's weights; after it,
a replayed proof; and a settlement paying more than is proven.
"""

from __future__ import annotations

import json

import pytest

from protocol import eip712
from protocol.chain import ChainError
from protocol.settlement import plan_settlement
from protocol.zk import dense_classifier as dc
from protocol.zk.groth16 import parse_proof

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

refusals: dict[str, str] = {}


def _submit(ctx, job_id, task, input_hash, output_hash, proof_bytes, input_proof):
    a, b, c = parse_proof(proof_bytes).call_args()
    fn = ctx.poster.registry.functions.submit_proof(job_id, task, input_hash, output_hash, a, b, c, input_proof)
    with pytest.raises(ChainError) as caught:
        ctx.poster.chain.transact(fn)
    return caught.value.reason


def _new_zk_job(ctx, weights_hash: int) -> int:
    from ape import chain

    c, spec, requester = ctx.contracts, ctx.spec, ctx.requester
    c["HiveToken"].transfer(requester, spec.budget, sender=_deployer())
    c["HiveToken"].approve(c["JobEscrow"], spec.budget, sender=requester)
    tx = c["JobEscrow"].create_zk_job(
        "bafkreizkother",
        b"\x07" * 32,
        spec.num_tasks,
        spec.budget,
        chain.pending_timestamp + 86_400,
        c["DenseClassifierVerifier"],
        weights_hash,
        ctx.terms.inputs_root,
        sender=requester,
    )
    return tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id


def _deployer():
    from ape import accounts

    return accounts.test_accounts[0]


def _refusals(ctx) -> None:
    terms, job = ctx.terms, ctx.job_id
    proof0, public0 = (p.read_bytes() for p in ctx.results[0].files)
    out0 = ctx.results[0].output_hash
    # tampered output: off-chain and on-chain
    tampered = json.loads(public0)
    tampered[2] = str(out0 + 1)
    refusals["tampered_offchain"] = ctx.poster.check(terms, job, 0, proof0, json.dumps(tampered).encode()).reason
    refusals["tampered_onchain"] = _submit(ctx, job, 0, terms.input_hashes[0], out0 + 1, proof0, terms.input_proof(0))
    # task 0's proof presented as task 1's: with task 1's input it does not verify; with task 0's input the leaf is absent
    refusals["other_task_offchain"] = ctx.poster.check(terms, job, 1, proof0, public0).reason
    refusals["other_task_onchain"] = _submit(ctx, job, 1, terms.input_hashes[1], out0, proof0, terms.input_proof(1))
    refusals["other_task_input"] = _submit(ctx, job, 1, terms.input_hashes[0], out0, proof0, terms.input_proof(0))
    # another job with the same weights and inputs: the proof binds the job id
    other_job = _new_zk_job(ctx, terms.weights_hash)
    refusals["other_job_offchain"] = ctx.poster.check(terms, other_job, 0, proof0, public0).reason
    refusals["other_job_onchain"] = _submit(
        ctx, other_job, 0, terms.input_hashes[0], out0, proof0, terms.input_proof(0)
    )
    # a job registered with another model's weights: this model's proof is not a proof for it
    other_weights = dc.weights_hash(dc.demo_model(1))
    other_model_job = _new_zk_job(ctx, other_weights)
    other_terms = type(terms)(terms.circuit, other_weights, terms.input_hashes, terms.tree)
    refusals["other_model_offchain"] = ctx.poster.check(other_terms, other_model_job, 0, proof0, public0).reason
    refusals["other_model_onchain"] = _submit(
        ctx, other_model_job, 0, terms.input_hashes[0], out0, proof0, terms.input_proof(0)
    )
    # a settlement of the other-model job (nothing proven) paying a worker anything is refused
    from ape import chain

    escrow = ctx.contracts["JobEscrow"]
    plan = plan_settlement(other_model_job, ctx.spec.budget, {_deployer().address: 1}, 0)
    sigs = eip712.committee_signatures(
        [o.private_key for o in ctx.oracles[:2]], eip712.Domain(chain.chain_id, escrow.address), plan.settlement
    )
    try:
        escrow.settle(plan.settlement.as_tuple(), plan.slashes_arg(), sigs, sender=ctx.oracles[0])
        refusals["overpaying_settlement"] = "settled"
    except Exception as exc:  # Ape's ContractLogicError carries the revert string
        refusals["overpaying_settlement"] = str(exc)
    # task 0 posted here (as another committee member would), then replayed: refused on-chain, and the demo's
    # own post of it finds it on record and sends nothing
    first = ctx.poster.post(terms, job, 0, proof0, public0)
    assert first.posted and first.gas_used
    refusals["replay_onchain"] = _submit(ctx, job, 0, terms.input_hashes[0], out0, proof0, terms.input_proof(0))
    again = ctx.poster.post(terms, job, 0, proof0, public0)
    refusals["replay_poster"] = f"posted={again.posted} already={again.already_proven}"


def test_zk_job__real_proofs_on_anvil__proven_tasks_paid_and_every_forgery_refused(anvil, chain_snapshot, tmp_path):
    from gpuhive.demo.zk import run_zk_demo

    report = run_zk_demo(tmp_path, before_posting=_refusals)

    assert report.proven == 2 and len(report.tasks) == 2
    assert all(t.backend == "snarkjs-cpu" and "no native or GPU prover" in t.backend_why for t in report.tasks)
    assert report.tasks[0].post_gas == 0  # posted by the hook; the demo's post found it on record
    assert 200_000 < report.tasks[1].post_gas < 400_000
    assert report.payouts == {"worker-0": 10**15, "worker-1": 10**15}
    assert report.escrow_balance_after == 2 * report.budget  # only the two open jobs the refusals created
    assert [t.labels for t in report.tasks] == [
        [int(x) for x in dc.infer(dc.demo_model(0), dc.demo_pixels(t))[1]] for t in range(2)
    ]

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
