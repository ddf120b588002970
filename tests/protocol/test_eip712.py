"""protocol/eip712.py: digests equal an independent EIP-712 computation
(keccak256(0x1901 || domainSeparator || hashStruct), built here by hand with
eth_abi), signatures round-trip, committee signatures come sorted by signer,
and slashes_hash is keccak256(abi.encode((address,uint256)[]))."""

from __future__ import annotations

from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import eip712

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
SETTLEMENT_TYPEHASH = keccak(
    b"Settlement(uint256 jobId,bytes32 payoutRoot,uint256 totalPayout,uint256 oracleFee,uint256 refund,"
    b"bytes32 slashesHash,bytes32 resultHash,uint256 round)"
)
REJECT_TYPEHASH = keccak(b"Reject(uint256 jobId,uint8 reason)")
TASK_RESULT_TYPEHASH = keccak(
    b"TaskResult(uint256 jobId,uint32 taskIndex,uint8 replica,bytes32 digest,bytes32 outputCidHash)"
)

uint256 = st.integers(0, 2**256 - 1)
bytes32 = st.binary(min_size=32, max_size=32)
addresses = st.binary(min_size=20, max_size=20).map(to_checksum_address)
chain_ids = st.sampled_from([1, 10, 8453, 31337, 2**64 - 1])
domains = st.builds(eip712.Domain, chain_ids, addresses)
settlements = st.builds(eip712.Settlement, uint256, bytes32, uint256, uint256, uint256, bytes32, bytes32, uint256)
rejects = st.builds(eip712.Reject, uint256, st.integers(0, 255))
task_results = st.builds(eip712.TaskResult, uint256, st.integers(0, 2**32 - 1), st.integers(0, 255), bytes32, bytes32)
private_keys = st.integers(1, SECP256K1_N - 1).map(lambda k: k.to_bytes(32, "big"))


def oracle_key(i: int) -> bytes:
    return keccak(text=f"gpuhive-test:eip712-oracle-{i}")


def domain_separator(domain: eip712.Domain) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [DOMAIN_TYPEHASH, keccak(b"GPUHive"), keccak(b"1"), domain.chain_id, domain.verifying_contract],
        )
    )


def struct_hash(payload) -> bytes:
    if isinstance(payload, eip712.Settlement):
        return keccak(
            abi_encode(
                ["bytes32", "uint256", "bytes32", "uint256", "uint256", "uint256", "bytes32", "bytes32", "uint256"],
                [
                    SETTLEMENT_TYPEHASH,
                    payload.job_id,
                    payload.payout_root,
                    payload.total_payout,
                    payload.oracle_fee,
                    payload.refund,
                    payload.slashes_hash,
                    payload.result_hash,
                    payload.round,
                ],
            )
        )
    if isinstance(payload, eip712.Reject):
        return keccak(abi_encode(["bytes32", "uint256", "uint8"], [REJECT_TYPEHASH, payload.job_id, payload.reason]))
    return keccak(
        abi_encode(
            ["bytes32", "uint256", "uint32", "uint8", "bytes32", "bytes32"],
            [
                TASK_RESULT_TYPEHASH,
                payload.job_id,
                payload.task_index,
                payload.replica,
                payload.digest,
                payload.output_cid_hash,
            ],
        )
    )


def by_hand(domain: eip712.Domain, payload) -> bytes:
    return keccak(b"\x19\x01" + domain_separator(domain) + struct_hash(payload))


# ----------------------------------------------------------------- digests


@settings(max_examples=60)
@given(domain=domains, payload=st.one_of(settlements, rejects, task_results))
def test_digest__equals_keccak_of_1901_domain_separator_struct_hash(domain, payload):
    assert eip712.digest(domain, payload) == by_hand(domain, payload)


def test_digest__known_settlement__equals_by_hand():
    domain = eip712.Domain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3")
    settlement = eip712.Settlement(
        job_id=1,
        payout_root=b"\x11" * 32,
        total_payout=900,
        oracle_fee=50,
        refund=50,
        slashes_hash=eip712.slashes_hash([]),
        result_hash=b"\x22" * 32,
        round=0,
    )
    assert eip712.digest(domain, settlement) == by_hand(domain, settlement)
    assert settlement.as_tuple() == (1, b"\x11" * 32, 900, 50, 50, eip712.slashes_hash([]), b"\x22" * 32, 0)


def test_type_strings__match_the_design():
    """The EIP-712 type strings the contracts hash (DESIGN.md, JobEscrow's typehashes)."""

    def type_string(types: dict) -> bytes:
        ((name, fields),) = types.items()
        return f"{name}({','.join(f['type'] + ' ' + f['name'] for f in fields)})".encode()

    assert keccak(type_string(eip712.SETTLEMENT_TYPES)) == SETTLEMENT_TYPEHASH
    assert keccak(type_string(eip712.REJECT_TYPES)) == REJECT_TYPEHASH
    assert keccak(type_string(eip712.TASK_RESULT_TYPES)) == TASK_RESULT_TYPEHASH


def test_digest__depends_on_every_domain_field_and_the_round():
    domain = eip712.Domain(1, "0x" + "ab" * 20)
    settlement = eip712.Settlement(3, b"\x01" * 32, 10, 1, 0, b"\x02" * 32, b"\x03" * 32, 0)
    base = eip712.digest(domain, settlement)
    assert eip712.digest(eip712.Domain(2, domain.verifying_contract), settlement) != base
    assert eip712.digest(eip712.Domain(1, "0x" + "ac" * 20), settlement) != base
    assert eip712.digest(domain, eip712.Settlement(3, b"\x01" * 32, 10, 1, 0, b"\x02" * 32, b"\x03" * 32, 1)) != base
    # a Reject of the same job under the same domain is another message
    assert eip712.digest(domain, eip712.Reject(3, 0)) != base


def test_domain__checksums_the_verifying_contract():
    lower = "0x" + "ab" * 20
    assert eip712.Domain(1, lower).as_dict()["verifyingContract"] == to_checksum_address(lower)
    assert eip712.digest(eip712.Domain(1, lower), eip712.Reject(1, 1)) == eip712.digest(
        eip712.Domain(1, to_checksum_address(lower)), eip712.Reject(1, 1)
    )


# -------------------------------------------------------- sign and recover


@settings(max_examples=25)
@given(key=private_keys, domain=domains, payload=st.one_of(settlements, rejects, task_results))
def test_sign__recover__round_trip(key, domain, payload):
    signature = eip712.sign(key, domain, payload)
    assert len(signature) == 65
    r, s, v = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big"), signature[64]
    assert v in (27, 28)
    assert 0 < r < SECP256K1_N and 0 < s <= SECP256K1_N // 2, "high-s signatures are refused on-chain"
    assert eip712.recover(domain, payload, signature) == Account.from_key(key).address
    # the same signature over the independently computed digest recovers the same signer
    assert Account._recover_hash(by_hand(domain, payload), signature=signature) == Account.from_key(key).address


def test_recover__other_payload_or_domain__gives_another_address():
    key = oracle_key(0)
    signer = Account.from_key(key).address
    domain = eip712.Domain(31337, "0x" + "12" * 20)
    settlement = eip712.Settlement(1, b"\x01" * 32, 100, 0, 0, b"\x00" * 32, b"\x00" * 32, 0)
    signature = eip712.sign(key, domain, settlement)
    tampered = eip712.Settlement(1, b"\x01" * 32, 101, 0, 0, b"\x00" * 32, b"\x00" * 32, 0)
    assert eip712.recover(domain, tampered, signature) != signer
    assert eip712.recover(eip712.Domain(1, domain.verifying_contract), settlement, signature) != signer


# ------------------------------------------------------ committee signatures


@settings(max_examples=20)
@given(
    indices=st.lists(st.integers(0, 30), min_size=1, max_size=8, unique=True), payload=st.one_of(settlements, rejects)
)
def test_committee_signatures__sorted_by_signer_address(indices, payload):
    domain = eip712.Domain(31337, "0x" + "34" * 20)
    keys = [oracle_key(i) for i in indices]
    signatures = eip712.committee_signatures(keys, domain, payload)
    signers = [eip712.recover(domain, payload, sig) for sig in signatures]
    assert [int(a, 16) for a in signers] == sorted(int(a, 16) for a in signers)
    assert len(set(signers)) == len(signers), "strictly ascending"
    assert set(signers) == {Account.from_key(k).address for k in keys}


def test_committee_signatures__key_order_does_not_matter():
    domain = eip712.Domain(1, "0x" + "56" * 20)
    payload = eip712.Reject(9, eip712.REJECT_INVALID_SPEC)
    keys = [oracle_key(i) for i in range(5)]
    assert eip712.committee_signatures(keys, domain, payload) == eip712.committee_signatures(
        list(reversed(keys)), domain, payload
    )


# ------------------------------------------------------------ slashes hash


def encode_slashes_by_hand(slashes: list[tuple[str, int]]) -> bytes:
    """abi.encode((address,uint256)[]) written out: head offset, length, then
    each (address, amount) as two 32-byte words."""
    out = (32).to_bytes(32, "big") + len(slashes).to_bytes(32, "big")
    for worker, amount in slashes:
        out += bytes(12) + bytes.fromhex(worker[2:]) + amount.to_bytes(32, "big")
    return out


def test_slashes_hash__empty_list():
    assert eip712.slashes_hash([]) == keccak((32).to_bytes(32, "big") + bytes(32))


@given(st.lists(st.tuples(addresses, uint256), max_size=6))
def test_slashes_hash__equals_keccak_of_abi_encoded_array(slashes):
    expected = keccak(encode_slashes_by_hand(slashes))
    assert eip712.slashes_hash(slashes) == expected
    assert expected == keccak(abi_encode(["(address,uint256)[]"], [slashes]))
    # lower-case addresses hash the same: the worker is an address, not a string
    assert eip712.slashes_hash([(w.lower(), a) for w, a in slashes]) == expected


def test_slashes_hash__order_matters():
    a, b = ("0x" + "01" * 20, 5), ("0x" + "02" * 20, 7)
    assert eip712.slashes_hash([a, b]) != eip712.slashes_hash([b, a])


def test_cid_hash__is_keccak_of_the_cid_string():
    cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
    assert eip712.cid_hash(cid) == keccak(cid.encode())
