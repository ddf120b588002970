"""EIP-712 typed data that GPUHive contracts check and oracles and workers sign.

The domain is always name ``GPUHive``, version ``1``, the chain id and the
contract that checks the signature (``verifyingContract``), so a signature
for one chain or one deployment is worthless on another. Encoding and
signing are eth-account's; this module only fixes the types and the
signature order OracleCommittee expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import coincurve
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import SignableMessage, _hash_eip191_message, encode_typed_data
from eth_utils import keccak, to_checksum_address

DOMAIN_NAME = "GPUHive"
DOMAIN_VERSION = "1"

EIP712_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}

SETTLEMENT_TYPES = {
    "Settlement": [
        {"name": "jobId", "type": "uint256"},
        {"name": "payoutRoot", "type": "bytes32"},
        {"name": "totalPayout", "type": "uint256"},
        {"name": "oracleFee", "type": "uint256"},
        {"name": "refund", "type": "uint256"},
        {"name": "slashesHash", "type": "bytes32"},
        {"name": "resultHash", "type": "bytes32"},
        {"name": "round", "type": "uint256"},
    ]
}
REJECT_TYPES = {"Reject": [{"name": "jobId", "type": "uint256"}, {"name": "reason", "type": "uint8"}]}
TASK_RESULT_TYPES = {
    "TaskResult": [
        {"name": "jobId", "type": "uint256"},
        {"name": "taskIndex", "type": "uint32"},
        {"name": "replica", "type": "uint8"},
        {"name": "digest", "type": "bytes32"},
        {"name": "outputCidHash", "type": "bytes32"},
    ]
}
LOGIN_TYPES = {
    "Login": [
        {"name": "worker", "type": "address"},
        {"name": "oracle", "type": "address"},
        {"name": "nonce", "type": "bytes32"},
        {"name": "expires", "type": "uint64"},
    ]
}

ANSWERS_READ_TYPES = {
    "AnswersRead": [
        {"name": "member", "type": "address"},
        {"name": "oracle", "type": "address"},
        {"name": "jobId", "type": "uint256"},
        {"name": "after", "type": "uint256"},
        {"name": "expires", "type": "uint64"},
    ]
}

# Reject reason codes (JobEscrow.reject's `reason`).
REJECT_INVALID_SPEC = 1
REJECT_SPEC_UNREACHABLE = 2
REJECT_SPEC_HASH_MISMATCH = 3
REJECT_INPUTS_UNREACHABLE = 4


@dataclass(frozen=True)
class Domain:
    chain_id: int
    verifying_contract: str

    def as_dict(self) -> dict:
        return {
            "name": DOMAIN_NAME,
            "version": DOMAIN_VERSION,
            "chainId": self.chain_id,
            "verifyingContract": to_checksum_address(self.verifying_contract),
        }


@dataclass(frozen=True)
class Settlement:
    """How a job's budget is split; JobEscrow checks payout + fee + refund == budget."""

    job_id: int
    payout_root: bytes
    total_payout: int
    oracle_fee: int
    refund: int
    slashes_hash: bytes
    result_hash: bytes
    round: int = 0

    def message(self) -> dict:
        return {
            "jobId": self.job_id,
            "payoutRoot": self.payout_root,
            "totalPayout": self.total_payout,
            "oracleFee": self.oracle_fee,
            "refund": self.refund,
            "slashesHash": self.slashes_hash,
            "resultHash": self.result_hash,
            "round": self.round,
        }

    def as_tuple(self) -> tuple:
        """The order of JobEscrow's ``Settlement`` struct, for contract calls."""
        return (
            self.job_id,
            self.payout_root,
            self.total_payout,
            self.oracle_fee,
            self.refund,
            self.slashes_hash,
            self.result_hash,
            self.round,
        )


@dataclass(frozen=True)
class Reject:
    job_id: int
    reason: int

    def message(self) -> dict:
        return {"jobId": self.job_id, "reason": self.reason}


@dataclass(frozen=True)
class TaskResult:
    """A worker's signed claim that task ``task_index`` (replica ``replica``) produced ``digest``."""

    job_id: int
    task_index: int
    replica: int
    digest: bytes
    output_cid_hash: bytes

    def message(self) -> dict:
        return {
            "jobId": self.job_id,
            "taskIndex": self.task_index,
            "replica": self.replica,
            "digest": self.digest,
            "outputCidHash": self.output_cid_hash,
        }


@dataclass(frozen=True)
class Login:
    """A worker's answer to an oracle's login challenge, signed with its staking key.

    ``oracle`` is the oracle's signer address, so a login signed for one
    oracle cannot be replayed to another; the domain's verifyingContract is
    the WorkerRegistry that holds the worker's stake.
    """

    worker: str
    oracle: str
    nonce: bytes
    expires: int

    def message(self) -> dict:
        return {
            "worker": to_checksum_address(self.worker),
            "oracle": to_checksum_address(self.oracle),
            "nonce": self.nonce,
            "expires": self.expires,
        }


@dataclass(frozen=True)
class AnswersRead:
    """A committee member's request to read ``oracle``'s recorded label answers of ``job_id`` after slot
    ``after`` until ``expires`` (``oracles.labeling.carry_over``), signed with the member's oracle key under the
    JobEscrow domain: ``oracle`` is the serving oracle's signer, so a request cannot be replayed to another."""

    member: str
    oracle: str
    job_id: int
    after: int
    expires: int

    def message(self) -> dict:
        return {
            "member": to_checksum_address(self.member),
            "oracle": to_checksum_address(self.oracle),
            "jobId": self.job_id,
            "after": self.after,
            "expires": self.expires,
        }


Payload = Settlement | Reject | TaskResult | Login | AnswersRead
_TYPES = {
    Settlement: SETTLEMENT_TYPES,
    Reject: REJECT_TYPES,
    TaskResult: TASK_RESULT_TYPES,
    Login: LOGIN_TYPES,
    AnswersRead: ANSWERS_READ_TYPES,
}


def signable(domain: Domain, payload: Payload) -> SignableMessage:
    types = _TYPES[type(payload)]
    primary = next(iter(types))
    return encode_typed_data(
        full_message={
            "types": {"EIP712Domain": EIP712_DOMAIN_TYPE, **types},
            "primaryType": primary,
            "domain": domain.as_dict(),
            "message": payload.message(),
        }
    )


def digest(domain: Domain, payload: Payload) -> bytes:
    """The 32-byte EIP-712 digest a contract recomputes and ecrecovers against."""
    return bytes(_hash_eip191_message(signable(domain, payload)))


def sign(private_key: bytes | str, domain: Domain, payload: Payload) -> bytes:
    """A 65-byte ``r || s || v`` signature (low s, v in {27, 28})."""
    return bytes(Account.sign_message(signable(domain, payload), private_key).signature)


def recover(domain: Domain, payload: Payload, signature: bytes) -> str:
    """The checksummed address that signed ``payload`` under ``domain``."""
    return Account._recover_hash(digest(domain, payload), signature=signature)


try:  # keccak-256 in C (safe-pysha3, eth-hash's "pysha3" backend): 8 us a call against 60-100 us through
    # eth_utils (eth-hash's pycryptodome backend); three per signed or checked TaskResult
    from _pysha3 import keccak_256 as _keccak_256

    def _keccak(data: bytes) -> bytes:
        return _keccak_256(data).digest()

except ImportError:  # not installed: eth_utils' (the same hash)

    def _keccak(data: bytes) -> bytes:
        return keccak(data)


_TASK_RESULT_TYPEHASH = keccak(
    b"TaskResult(uint256 jobId,uint32 taskIndex,uint8 replica,bytes32 digest,bytes32 outputCidHash)"
)
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")


def domain_separator(domain: Domain) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                _DOMAIN_TYPEHASH,
                keccak(DOMAIN_NAME.encode()),
                keccak(DOMAIN_VERSION.encode()),
                domain.chain_id,
                to_checksum_address(domain.verifying_contract),
            ],
        )
    )


def task_result_digest(separator: bytes, result: TaskResult) -> bytes:
    """``digest(domain, result)`` from a precomputed ``domain_separator``: the oracle's hot path.

    eth-account's generic typed-data encoder costs about a millisecond per
    message; a TaskResult has fixed-size fields only, so its struct hash is
    one ``abi.encode``. A test checks both paths agree.
    """
    struct_hash = _keccak(
        _TASK_RESULT_TYPEHASH
        + _uint(result.job_id, 256)
        + _uint(result.task_index, 32)
        + _uint(result.replica, 8)
        + _bytes32(result.digest)
        + _bytes32(result.output_cid_hash)
    )
    return _keccak(b"\x19\x01" + separator + struct_hash)


# ``abi.encode`` of static types is one 32-byte word each: written here, because eth-abi's generic encoder
# (type parsing, validation objects) was a fifth of the oracle's cost of recording a result.
def _uint(value: int, bits: int) -> bytes:
    if not isinstance(value, int) or not 0 <= value < 1 << bits:
        raise ValueError(f"{value!r} is not a uint{bits}")
    return value.to_bytes(32, "big")


def _bytes32(value: bytes) -> bytes:
    if not isinstance(value, bytes) or len(value) > 32:
        raise ValueError(f"{value!r} is not a bytes32")
    return value.ljust(32, b"\0")  # (as abi.encode pads a shorter value)


def sign_digest(private_key: bytes | str, message_digest: bytes) -> bytes:
    """A 65-byte ``r || s || v`` signature of a precomputed EIP-712 digest."""
    signed = Account._sign_hash(message_digest, private_key)
    return bytes(signed.signature)


class DigestSigner:
    """``sign_digest`` for one key, many digests: the key is parsed once (eth-account derives the public
    key on every call, 0.25 ms per signature against 0.04 ms here). Same signatures: RFC 6979, low s,
    ``v`` in {27, 28}; a test checks both agree."""

    def __init__(self, private_key: bytes | str) -> None:
        raw = bytes.fromhex(private_key.removeprefix("0x")) if isinstance(private_key, str) else private_key
        self._key = coincurve.PrivateKey(raw)

    def sign(self, message_digest: bytes) -> bytes:
        """A 65-byte ``r || s || v`` signature of a precomputed 32-byte digest."""
        signature = self._key.sign_recoverable(message_digest, hasher=None)
        return signature[:64] + bytes([signature[64] + 27])


def recover_digest(message_digest: bytes, signature: bytes) -> str:
    """The checksummed address that signed a precomputed EIP-712 digest."""
    return Account._recover_hash(message_digest, signature=signature)


def signed_by(message_digest: bytes, signature: bytes, address: str) -> bool:
    """Whether ``signature`` over a precomputed digest is ``address``'s; raises ValueError for signature
    bytes that do not decode (the cases ``recover_digest`` refuses: length, ``v``, ``r``/``s`` range).

    The hot path of recording results and auditing manifests: coincurve directly, and the address compared
    as bytes. ``recover_digest`` (eth-account, then a checksum) cost 3 more keccaks and the objects around
    them per signature; a test checks both agree.
    """
    if len(signature) != 65:
        raise ValueError(f"a signature is 65 bytes, not {len(signature)}")
    v = signature[64] - 27 if signature[64] >= 27 else signature[64]
    if v not in (0, 1):
        raise ValueError(f"signature v must be 27 or 28, not {signature[64]}")
    public = coincurve.PublicKey.from_signature_and_message(signature[:64] + bytes([v]), message_digest, hasher=None)
    return _keccak(public.format(compressed=False)[1:])[-20:] == bytes.fromhex(address.removeprefix("0x"))


def committee_signatures(
    private_keys: Iterable[bytes | str], domain: Domain, payload: Settlement | Reject
) -> list[bytes]:
    """Signatures from several oracle keys in the order OracleCommittee.verify
    requires: sorted by signer address, strictly ascending."""
    signed = []
    for key in private_keys:
        address = Account.from_key(key).address
        signed.append((int(address, 16), sign(key, domain, payload)))
    signed.sort(key=lambda pair: pair[0])
    return [signature for _, signature in signed]


def sign_permit(
    private_key: bytes | str,
    *,
    token_name: str,
    token_address: str,
    chain_id: int,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit (HiveToken's domain: the token's name, version "1")
    letting `spender` take `value` of the key owner's tokens: ``(v, r, s)``,
    as JobEscrow.create_job_with_permit takes them."""
    message = encode_typed_data(
        full_message={
            "types": {"EIP712Domain": EIP712_DOMAIN_TYPE, **PERMIT_TYPES},
            "primaryType": "Permit",
            "domain": {
                "name": token_name,
                "version": "1",
                "chainId": chain_id,
                "verifyingContract": to_checksum_address(token_address),
            },
            "message": {
                "owner": Account.from_key(private_key).address,
                "spender": to_checksum_address(spender),
                "value": value,
                "nonce": nonce,
                "deadline": deadline,
            },
        }
    )
    signed = Account.sign_message(message, private_key)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def slashes_hash(slashes: Sequence[tuple[str, int]]) -> bytes:
    """``keccak256(abi.encode(slashes))`` for a list of ``(worker, amount)``,
    as JobEscrow computes it over its ``DynArray[Slash, N]``."""
    return keccak(abi_encode(["(address,uint256)[]"], [[(to_checksum_address(w), a) for w, a in slashes]]))


def cid_hash(cid: str) -> bytes:
    """``keccak256`` of a CID's string form, as TaskResult.outputCidHash carries it."""
    return _keccak(cid.encode())
