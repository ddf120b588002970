"""Committee countersigning on real oracles (anvil, real HTTP API): a member re-derives a settlement from the
manifest before signing, so a tampered proposal is refused with a 409 naming the problem, and the
leader cannot settle alone.

The job's leader is configured without peers, so it finishes the job and publishes its manifest but
cannot collect a second signature: the job stays open on-chain and the tests replay its proposal —
honest and tampered — to the other members' ``/v1/committee/*`` endpoints.
"""

from __future__ import annotations

import httpx
import pytest

from oracles.committee import collect, settlement_request, settlement_to_dict
from oracles.config import PeerConfig
from protocol import eip712
from protocol.chain import ChainError
from protocol.contracts import TOKEN, JobStatus
from protocol.leases import SettlementProposal
from protocol.result_manifest import ResultManifest, plan_from_manifest
from protocol.storage.cid import cid_of_bytes
from tests.support.oracle_api import (  # noqa: F401  (_function_isolation overrides Ape's fixture)
    _function_isolation,
    api_network,
    key_of,
    leader_index,
    next_job_id,
    wait_for,
)
from tests.support.oracle_network import spec_yaml

pytestmark = [pytest.mark.anvil]

LEADER = 1  # oracle index that leads job 1 (members[1 % 3]); checked in the fixture


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    def lonely_leader(i, config):
        return config.model_copy(update={"peers": []}) if i == LEADER else config

    with api_network(accounts, anvil_uri, tmp_path_factory.mktemp("api_committee"), configure=lonely_leader) as network:
        yield network


@pytest.fixture(scope="module")
def job(net, accounts):
    """A finished compute job (3 tasks x 2 replicas, each spot-checked with a chance of 50 %, at least one)
    whose settlement awaits signatures."""
    assert next_job_id(net) == 1 and leader_index(net, 1) == LEADER
    workers = [net.add_worker(accounts[i], oracle=LEADER).start() for i in (4, 5, 6)]
    job_id = net.create_job(
        spec_yaml(
            "compute",
            kernel={"name": "sha256_chain", "chains": 3, "length": 5, "seed": 9},
            verification={"method": "hash", "spot_check_bps": 5_000},
            budget=str(12 * TOKEN),  # 9 rewards at most: the oracle fee is never 0, whatever the checks drawn
        )
    )
    leader = net.oracle(LEADER)
    status = wait_for(
        lambda: (st := leader.job_status(job_id)) and st.manifest_cid and st, timeout=60, what="the leader's manifest"
    )
    for worker in workers:
        worker.stop()
    wait_for(lambda: "only 1 of 2 signatures" in (leader.job_status(job_id).error or ""), what="a failed collect")
    assert net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.OPEN
    manifest = ResultManifest.model_validate_json(net.store.get_bytes(status.manifest_cid))
    assert all(t.status == "accepted" for t in manifest.tasks)
    assert any(t.selected_for_check for t in manifest.tasks)
    return job_id, manifest, status.manifest_cid


@pytest.fixture(scope="module")
def member(net):
    """A committee member that does not lead the job."""
    return net.oracle(2)


def _proposal(manifest: ResultManifest, cid: str) -> dict:
    plan = plan_from_manifest(manifest, TOKEN, cid)
    return SettlementProposal(
        job_id=manifest.job_id,
        manifest_cid=cid,
        settlement=settlement_to_dict(plan.settlement),
        slashes=plan.slashes_arg(),
    ).model_dump(mode="json")


def _republished(net, manifest: ResultManifest) -> dict:
    """Upload a (tampered) manifest and propose exactly what it implies, so only the audit can object."""
    cid = net.store.put_bytes(manifest.canonical_bytes())
    return _proposal(manifest, cid)


def _post(member, proposal: dict, what: str = "settlement") -> httpx.Response:
    return httpx.post(f"{member.url}/v1/committee/{what}", json=proposal, timeout=30)


def _refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 409, response.text
    assert reason in response.json()["detail"], response.json()["detail"]


def test_countersign__honest_proposal__signed_by_member(net, job, member):
    job_id, manifest, cid = job
    response = _post(member, _proposal(manifest, cid))
    assert response.status_code == 200, response.text
    reply = response.json()
    plan = plan_from_manifest(manifest, TOKEN, cid)
    assert reply["signer"] == member.address
    assert (
        eip712.recover(member.escrow_domain, plan.settlement, bytes.fromhex(reply["signature"][2:])) == member.address
    )


@pytest.mark.parametrize("field", ["payout_root", "refund", "total_payout", "oracle_fee", "result_hash"])
def test_countersign__settlement_numbers_tampered__409(job, member, field):
    job_id, manifest, cid = job
    proposal = _proposal(manifest, cid)
    s = proposal["settlement"]
    if field in ("payout_root", "result_hash"):
        s[field] = "0x" + "ab" * 32
    elif field == "refund":  # more back to the requester, less to the workers: still adds up to the budget
        s["refund"], s["total_payout"] = str(int(s["refund"]) + TOKEN), str(int(s["total_payout"]) - TOKEN)
    elif field == "total_payout":
        s["total_payout"], s["refund"] = str(int(s["total_payout"]) + TOKEN), str(int(s["refund"]) - TOKEN)
    else:
        s["oracle_fee"], s["refund"] = str(int(s["oracle_fee"]) + 1), str(int(s["refund"]) - 1)
    _refused(_post(member, proposal), "the proposal differs")


def test_countersign__slashes_tampered__409(job, member, accounts):
    job_id, manifest, cid = job
    proposal = _proposal(manifest, cid)
    proposal["slashes"] = [[accounts[5].address, 10 * TOKEN]]
    _refused(_post(member, proposal), "the proposal differs")


@pytest.mark.parametrize(
    "manifest_cid", [cid_of_bytes(b"a manifest nobody uploaded"), "not-a-cid", "../oracle0.db", ""]
)
def test_countersign__manifest_cid_missing_or_invalid__409(job, member, manifest_cid):
    job_id, manifest, cid = job
    proposal = {**_proposal(manifest, cid), "manifest_cid": manifest_cid}
    _refused(_post(member, proposal), "unusable")


def test_countersign__manifest_not_a_manifest__409(net, job, member):
    job_id, manifest, cid = job
    proposal = {**_proposal(manifest, cid), "manifest_cid": net.store.put_bytes(b'{"tasks": "none"}')}
    _refused(_post(member, proposal), "unusable")


def test_countersign__spot_check_selection_changed__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    task = next(t for t in forged.tasks if t.selected_for_check)
    task.selected_for_check = False  # the leader spares a task it was told to check
    _refused(_post(member, _republished(net, forged)), f"task {task.index}: spot-check selection")


def test_countersign__reveal_block_hash_forged__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    number = next(iter(forged.reveal_hashes))
    forged.reveal_hashes[number] = "0x" + "ab" * 32  # a hash that draws what the leader likes
    _refused(_post(member, _republished(net, forged)), f"reveal block {number} hash differs from the chain's")


def test_countersign__task_hash_forged_where_the_fallback_block_is_the_same__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    number = next(iter(forged.reveal_hashes))
    forged.reveal_block, forged.reveal_block_hash = number, forged.reveal_hashes[number]  # the true hash, once
    forged.reveal_hashes[number] = "0x" + "ab" * 32  # and a forged one for the tasks drawn from that block
    _refused(_post(member, _republished(net, forged)), f"reveal block {number} hash differs from the chain's")


def test_countersign__task_moved_to_a_block_without_a_hash__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    task = forged.tasks[0]
    task.reveal_block = max(forged.reveal_hashes) + 7
    _refused(_post(member, _republished(net, forged)), f"task 0: no hash for its reveal block {task.reveal_block}")


def test_countersign__forged_worker_signature__409(net, job, member, accounts):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    slot = forged.tasks[0].slots[0]
    result = eip712.TaskResult(
        job_id, 0, slot.replica, bytes.fromhex(slot.digest[2:]), eip712.cid_hash(slot.output_cid)
    )
    slot.signature = "0x" + eip712.sign(key_of(accounts[7]), member.escrow_domain, result).hex()
    _refused(_post(member, _republished(net, forged)), f"slot {slot.slot}: signature is not {slot.worker}'s")


def test_countersign__payee_swapped__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(deep=True)
    task = forged.tasks[0]
    task.paid = [net.oracle(LEADER).address for _ in task.paid]  # the leader pays itself for the work
    _refused(_post(member, _republished(net, forged)), "task 0: paid")


def test_countersign__manifest_of_other_budget__409(net, job, member):
    job_id, manifest, cid = job
    forged = manifest.model_copy(update={"budget": str(int(manifest.budget) * 2)})
    _refused(_post(member, _republished(net, forged)), "budget: manifest says")


@pytest.mark.parametrize("job_id", [999, -1, 2**63, 2**256])
def test_countersign__unknown_job__409(job, member, job_id):
    _, manifest, cid = job
    for what, body in (
        ("settlement", {**_proposal(manifest, cid), "job_id": job_id}),
        ("reject", {"job_id": job_id, "reason": 1}),
    ):
        _refused(_post(member, body, what), "not seen")


@pytest.mark.parametrize("change", ["empty", "no_refund", "root_not_hex", "payout_not_a_number"])
def test_countersign__malformed_settlement_dict__409(job, member, change):
    job_id, manifest, cid = job
    proposal = _proposal(manifest, cid)
    s = proposal["settlement"]
    if change == "empty":
        proposal["settlement"] = {}
    elif change == "no_refund":
        del s["refund"]
    elif change == "root_not_hex":
        s["payout_root"] = "0xzz"
    else:
        s["total_payout"] = "lots"
    _refused(_post(member, proposal), "settlement")


def test_countersign_reject__valid_spec__409(job, member):
    job_id, _, _ = job
    for reason in (1, 2, 255):
        _refused(_post(member, {"job_id": job_id, "reason": reason}, "reject"), "spec is valid here")


def test_settle__leader_alone__collect_raises_and_single_signature_reverts(net, job):
    """Last in this module: stops and restarts both members."""
    job_id, manifest, cid = job
    leader = net.oracle(LEADER)
    plan = plan_from_manifest(manifest, TOKEN, cid)
    proposal = SettlementProposal(
        job_id=job_id, manifest_cid=cid, settlement=settlement_to_dict(plan.settlement), slashes=plan.slashes_arg()
    )
    members = [i for i in range(3) if i != LEADER]
    peers = [PeerConfig(address=net.accounts[1 + i].address, url=net.oracle(i).url) for i in members]
    for i in members:
        net.stop_oracle(i)
    try:
        with pytest.raises(RuntimeError, match="only 1 of 2 signatures") as refused:
            collect(
                leader.signer,
                leader.escrow_domain,
                plan.settlement,
                peers,
                leader.members(),
                leader.threshold(),
                settlement_request(proposal, timeout=2.0),
            )
        assert str(refused.value).count("unreachable") == 2
        own = leader.signer.sign(leader.escrow_domain, plan.settlement)
        for signatures, reason in (
            ([own], "committee: below threshold"),
            ([own, own], "committee: signers not sorted or repeated"),
        ):
            with pytest.raises(ChainError) as reverted:
                leader.chain.transact(
                    leader.chain.escrow.functions.settle(plan.settlement.as_tuple(), plan.slashes_arg(), signatures)
                )
            assert reverted.value.reason == reason
        assert net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.OPEN
    finally:
        for i in members:
            net.start_oracle(i)
    # with the members back, two signatures make the same settlement acceptable on-chain
    signatures = collect(
        leader.signer,
        leader.escrow_domain,
        plan.settlement,
        peers,
        leader.members(),
        leader.threshold(),
        settlement_request(proposal, timeout=30.0),
    )
    assert len(signatures) == 2
    leader.chain.escrow.functions.settle(plan.settlement.as_tuple(), plan.slashes_arg(), signatures).call(
        {"from": leader.address}
    )


def test_fee__member_signed_but_left_out_of_the_settle__joins_then_claims_its_share(net, job):
    """Last in this module: settles the job on-chain with the leader's and one member's signatures while the
    other member had signed too, then moves the chain past the fee-join window inside a snapshot it reverts."""
    job_id, manifest, cid = job
    leader, included, left_out = net.oracle(LEADER), net.oracle(2), net.oracle(0)
    plan = plan_from_manifest(manifest, TOKEN, cid)
    signatures = {leader.address: leader.signer.sign(leader.escrow_domain, plan.settlement)}
    for member in (included, left_out):
        response = _post(member, _proposal(manifest, cid))
        assert response.status_code == 200, response.text
        signatures[member.address] = bytes.fromhex(response.json()["signature"][2:])
    submitted = [signatures[a] for a in sorted((leader.address, included.address), key=lambda a: int(a, 16))]
    escrow = leader.chain.escrow.functions
    leader.chain.transact(escrow.settle(plan.settlement.as_tuple(), plan.slashes_arg(), submitted))
    assert escrow.fee_share(job_id, left_out.address).call() == 0  # the submitter left it out

    assert left_out.fees.run_once() == 0  # joins while the window is open; nothing to claim yet
    fee = escrow.fee_state(job_id).call()[0]
    shares = {o.address: escrow.fee_share(job_id, o.address).call() for o in (leader, included, left_out)}
    assert sum(shares.values()) == fee and min(shares.values()) >= fee // 3 > 0
    assert left_out.fees.run_once() == 0  # joined once; the claim waits for the window's end

    token = net.contracts["HiveToken"]
    provider = leader.chain.w3.provider
    snapshot = provider.make_request("evm_snapshot", [])["result"]
    try:
        provider.make_request("evm_setNextBlockTimestamp", [escrow.fee_state(job_id).call()[4]])
        provider.make_request("evm_mine", [])
        before = token.balanceOf(left_out.address)
        assert left_out.fees.run_once() == shares[left_out.address]
        assert token.balanceOf(left_out.address) == before + shares[left_out.address]
        assert left_out.fees.run_once() == 0  # paid: nothing is claimed twice
    finally:
        provider.make_request("evm_revert", [snapshot])
