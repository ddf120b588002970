"""The EIP-712 boundary between protocol/eip712.py (what oracles sign with
eth-account) and JobEscrow + OracleCommittee (what the chain accepts):
digests agree byte for byte, and every kind of wrong signature is refused."""

import boa
import pytest
from boa_system import keyed_account
from escrow_helpers import (
    ZERO32,
    address_of,
    deploy_escrow,
    high_s,
    make_split,
    reject,
    settle,
    sorted_sigs,
    standard_split,
)
from eth_account import Account

from protocol import eip712
from protocol.contracts import JobStatus

SETTLEMENTS = [
    eip712.Settlement(1, b"\x11" * 32, 500, 20, 480, b"\x22" * 32, b"\x33" * 32, 0),
    eip712.Settlement(7, b"\xff" * 32, 2**128 - 1, 0, 0, ZERO32, ZERO32, 1),
    eip712.Settlement(2**256 - 1, ZERO32, 0, 2**255, 1, b"\x01" * 32, b"\xfe" * 32, 2**256 - 1),
]


def _settled_job_sigs(system, requester, workers, budget):
    """An open job, its standard split, and k valid committee signatures over it."""
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    return split, system.oracle_sigs(split.settlement)


def _signer_keys(system, n: int) -> list[bytes]:
    return system.oracle_keys[:n]


# ---- digests ------------------------------------------------------------


@pytest.mark.parametrize("settlement", SETTLEMENTS)
def test_settlement_digest__protocol_digest__equal(system, settlement):
    assert system.escrow.settlement_digest(settlement.as_tuple()) == eip712.digest(system.domain, settlement)


@pytest.mark.parametrize(
    "job_id, reason",
    [(1, eip712.REJECT_INVALID_SPEC), (3, eip712.REJECT_INPUTS_UNREACHABLE), (2**256 - 1, 255), (0, 0)],
)
def test_reject_digest__protocol_digest__equal(system, job_id, reason):
    payload = eip712.Reject(job_id, reason)
    assert system.escrow.reject_digest(job_id, reason) == eip712.digest(system.domain, payload)


def test_settlement_digest__any_field_changed__differs(system):
    base = SETTLEMENTS[0]
    digests = {system.escrow.settlement_digest(base.as_tuple())}
    for i in range(8):
        fields = list(base.as_tuple())
        fields[i] = fields[i] + 1 if isinstance(fields[i], int) else bytes([fields[i][0] ^ 1]) + fields[i][1:]
        digests.add(system.escrow.settlement_digest(tuple(fields)))
    assert len(digests) == 9


def test_eip712_domain__escrow__is_gpuhive_v1_this_chain_this_contract(system):
    fields, name, version, chain_id, verifying_contract, salt, extensions = system.escrow.eip712Domain()
    assert fields == b"\x0f"
    assert (name, version) == (eip712.DOMAIN_NAME, eip712.DOMAIN_VERSION) == ("GPUHive", "1")
    assert chain_id == boa.env.evm.patch.chain_id
    assert verifying_contract == system.escrow.address
    assert (salt, extensions) == (ZERO32, [])


# ---- accepted -----------------------------------------------------------


def test_settle__eth_account_signatures__accepted(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    signers = [Account._recover_hash(eip712.digest(system.domain, split.settlement), signature=s) for s in sigs]
    assert signers == sorted(signers, key=lambda a: int(a, 16))
    assert set(signers) <= set(system.params.oracle_signers)

    settle(system, split, sigs=sigs)

    assert system.escrow.get_job(split.settlement.job_id).status == JobStatus.SETTLED


def test_settle__any_k_of_n_signers__accepted(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)

    settle(system, split, sigs=system.oracle_sigs(split.settlement, system.oracle_keys[2:5]))

    assert system.escrow.get_job(job_id).status == JobStatus.SETTLED


def test_settle__committee_verify__returns_signers_in_order(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    digest = system.escrow.settlement_digest(split.settlement.as_tuple())
    expected = sorted((address_of(k) for k in _signer_keys(system, 3)), key=lambda a: int(a, 16))
    assert system.committee.verify(digest, sigs) == expected


def test_settle__chain_id_changes_after_deploy__domain_follows_chain(system, requester, workers, budget):
    # After a fork the contract must rebuild its domain separator with the
    # new chain id: signatures for the old chain stop working.
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    old_chain_sigs = system.oracle_sigs(split.settlement)
    boa.env.evm.patch.chain_id = 31_337

    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=old_chain_sigs)
    settle(system, split, sigs=system.oracle_sigs(split.settlement))  # system.domain reads the new chain id

    assert system.escrow.eip712Domain()[3] == 31_337
    assert system.escrow.get_job(job_id).status == JobStatus.SETTLED


# ---- refused: signed something else -------------------------------------


def test_settle__signature_for_another_job__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    other_job = standard_split(job_id + 1, workers, budget)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=system.oracle_sigs(other_job.settlement))


def test_settle__signature_for_another_round__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    round_1 = standard_split(job_id, workers, budget, round=1)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=system.oracle_sigs(round_1.settlement))


def test_settle__signature_for_another_split__reverts(system, requester, workers, budget):
    job_id = system.create_job(requester, budget)
    signed = make_split(job_id, {workers[0]: budget // 2}, 0, budget - budget // 2)
    submitted = make_split(job_id, {workers[0]: budget // 2 + 1}, 0, budget - budget // 2 - 1)
    with boa.reverts("committee: not a signer"):
        settle(system, submitted, sigs=system.oracle_sigs(signed.settlement))


def test_settle__signature_for_another_chain_id__reverts(system, requester, workers, budget):
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    other_chain = eip712.Domain(boa.env.evm.patch.chain_id + 1, system.escrow.address)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=sorted_sigs(_signer_keys(system, 3), other_chain, split.settlement))


def test_settle__signature_for_another_contract__reverts(system, requester, workers, budget):
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    other_contract = eip712.Domain(boa.env.evm.patch.chain_id, system.token.address)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=sorted_sigs(_signer_keys(system, 3), other_contract, split.settlement))


def test_settle__signature_for_another_escrow_deployment__reverts(system, requester, workers, budget):
    # Same code, same committee, same job id on a second deployment:
    # its signatures are worthless here.
    other = deploy_escrow(system)
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    other_domain = eip712.Domain(boa.env.evm.patch.chain_id, other.address)
    assert other.settlement_digest(split.settlement.as_tuple()) != system.escrow.settlement_digest(
        split.settlement.as_tuple()
    )
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=sorted_sigs(_signer_keys(system, 3), other_domain, split.settlement))


def test_settle__reject_signature__reverts(system, requester, workers, budget):
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    reject_sigs = system.oracle_sigs(eip712.Reject(split.settlement.job_id, eip712.REJECT_INVALID_SPEC))
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=reject_sigs)


# ---- refused: malformed or wrong signers --------------------------------


def test_settle__malleable_high_s_signature__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    digest = eip712.digest(system.domain, split.settlement)
    twin = high_s(sigs[1])
    # The twin is a valid ECDSA signature of the same signer...
    assert Account._recover_hash(digest, vrs=(twin[64], twin[:32], twin[32:64])) == Account._recover_hash(
        digest, signature=sigs[1]
    )
    # ...which snekmate refuses.
    with boa.reverts("ecdsa: invalid signature `s` value"):
        settle(system, split, sigs=[sigs[0], twin, sigs[2]])
    settle(system, split, sigs=sigs)  # the low-s originals pass


def test_settle__invalid_v__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    bad_v = sigs[0][:64] + bytes([29])
    with boa.reverts("ecdsa: invalid signature"):
        settle(system, split, sigs=[bad_v, *sigs[1:]])


def test_settle__compact_64_byte_signature__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    r, s, v = sigs[0][:32], int.from_bytes(sigs[0][32:64], "big"), sigs[0][64]
    compact = r + (s | ((v - 27) << 255)).to_bytes(32, "big")  # EIP-2098 form of the same signature
    with boa.reverts("committee: signature must be 65 bytes"):
        settle(system, split, sigs=[compact, *sigs[1:]])


def test_settle__duplicated_signer__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: signers not sorted or repeated"):
        settle(system, split, sigs=[sigs[0], sigs[0], sigs[1]])


def test_settle__same_signer_twice_with_threshold_many__reverts(system, requester, workers, budget):
    # Two distinct-looking signatures (low-s and high-s) of one signer must
    # not count twice either; snekmate stops the high-s one first.
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("ecdsa: invalid signature `s` value"):
        settle(system, split, sigs=[sigs[0], high_s(sigs[0]), sigs[1]])


def test_settle__unsorted_signatures__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: signers not sorted or repeated"):
        settle(system, split, sigs=list(reversed(sigs)))


def test_settle__signer_not_in_committee__reverts(system, requester, workers, budget, non_owner):
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    _, outsider_key = keyed_account("non-owner")
    keys = [*_signer_keys(system, 2), outsider_key]
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=sorted_sigs(keys, system.domain, split.settlement))


def test_settle__signer_removed_after_job_created__still_counts_for_that_job(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    removed = address_of(system.oracle_keys[0])
    system.committee.remove_signer(removed, sender=system.deployer)
    boa.env.time_travel(seconds=1)
    # The job keeps the committee it was created under.
    settle(system, split, sigs=sigs)
    assert system.escrow.get_job(split.settlement.job_id).status == JobStatus.SETTLED


def test_settle__signer_removed_before_job_created__reverts(system, requester, workers, budget):
    removed = address_of(system.oracle_keys[0])
    system.committee.remove_signer(removed, sender=system.deployer)
    boa.env.time_travel(seconds=1)
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: not a signer"):
        settle(system, split, sigs=sigs)
    settle(system, split, sigs=system.oracle_sigs(split.settlement, system.oracle_keys[1:4]))
    assert system.escrow.get_job(split.settlement.job_id).status == JobStatus.SETTLED


def test_settle__fewer_than_k_signatures__reverts(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: below threshold"):
        settle(system, split, sigs=sigs[:2])


def test_settle__no_signatures__reverts(system, requester, workers, budget):
    split, _ = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: below threshold"):
        settle(system, split, sigs=[])


def test_settle__threshold_raised_after_job_created__k_signatures_still_enough(system, requester, workers, budget):
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    system.committee.set_threshold(4, sender=system.deployer)
    boa.env.time_travel(seconds=1)
    settle(system, split, sigs=sigs)
    assert system.escrow.get_job(split.settlement.job_id).status == JobStatus.SETTLED


def test_settle__threshold_raised_before_job_created__k_old_signatures_reverts(system, requester, workers, budget):
    system.committee.set_threshold(4, sender=system.deployer)
    boa.env.time_travel(seconds=1)
    split, sigs = _settled_job_sigs(system, requester, workers, budget)
    with boa.reverts("committee: below threshold"):
        settle(system, split, sigs=sigs)
    settle(system, split, sigs=system.oracle_sigs(split.settlement, system.oracle_keys[:4]))
    assert system.escrow.get_job(split.settlement.job_id).status == JobStatus.SETTLED


# ---- reject's signatures ------------------------------------------------


def test_reject__signature_for_another_reason__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    sigs = system.oracle_sigs(eip712.Reject(job_id, eip712.REJECT_SPEC_UNREACHABLE))
    with boa.reverts("committee: not a signer"):
        reject(system, job_id, eip712.REJECT_INVALID_SPEC, sigs=sigs)


def test_reject__signature_for_another_job__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    sigs = system.oracle_sigs(eip712.Reject(job_id + 1, eip712.REJECT_INVALID_SPEC))
    with boa.reverts("committee: not a signer"):
        reject(system, job_id, eip712.REJECT_INVALID_SPEC, sigs=sigs)


def test_reject__fewer_than_k_signatures__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    sigs = system.oracle_sigs(eip712.Reject(job_id, eip712.REJECT_INVALID_SPEC))
    with boa.reverts("committee: below threshold"):
        reject(system, job_id, eip712.REJECT_INVALID_SPEC, sigs=sigs[:2])


def test_reject__unsorted_signatures__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    sigs = system.oracle_sigs(eip712.Reject(job_id, eip712.REJECT_INVALID_SPEC))
    with boa.reverts("committee: signers not sorted or repeated"):
        reject(system, job_id, eip712.REJECT_INVALID_SPEC, sigs=[sigs[1], sigs[0], sigs[2]])


def test_reject__high_s_signature__reverts(system, requester, budget):
    job_id = system.create_job(requester, budget)
    sigs = system.oracle_sigs(eip712.Reject(job_id, eip712.REJECT_INVALID_SPEC))
    with boa.reverts("ecdsa: invalid signature `s` value"):
        reject(system, job_id, eip712.REJECT_INVALID_SPEC, sigs=[high_s(sigs[0]), *sigs[1:]])
