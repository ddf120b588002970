"""What sentries, workers, oracles and SentryAttestations.vy must agree on byte for byte.

* The attestation leaf ``(address worker, uint64 epoch, uint16 uptime_bps, uint32 perf_score, uint8 flags)``,
  hashed by OpenZeppelin's StandardMerkleTree rules (``protocol.merkle``); one root per sentry per epoch.
* The canonical OFFLINE leaf ``(worker, epoch, 0, 0, OFFLINE)``: a sentry that got no answer from a worker in
  a whole epoch writes exactly this leaf, whatever else it measured, so independent sentries that saw the
  same absence hold the identical leaf, which is the only leaf ``SentryAttestations.jail`` accepts
  (``offline_leaf`` there builds the same hash; tests/contracts/test_sentry_leaf.py compares them).
* The committee's verdict that a jail was wrong, EIP-712 ``WrongfulJail(address worker,uint256 epoch)`` under
  the SentryAttestations domain (``SentryAttestations.lift``).
* The liveness challenge a sentry sends a worker and the worker signs with its staking key, EIP-712
  ``Liveness(address worker,address sentry,bytes32 nonce,uint64 epoch,bytes32 probeHash)`` under the
  WorkerRegistry domain (the contract that holds the key's stake, as for the oracle login): a signed answer
  proves the staked key is online, and ``probeHash`` binds the performance probe's answer to it.
* The performance probe (below): a fresh-seeded ``matmul_blocked`` from the compute catalogue, checked by
  recomputing a few rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eth_account import Account
from eth_account.messages import SignableMessage, _hash_eip191_message, encode_typed_data
from eth_utils import keccak, to_checksum_address

from protocol.contracts import SentryFlag
from protocol.eip712 import EIP712_DOMAIN_TYPE, Domain
from protocol.merkle import ATTESTATION_LEAF_TYPES, MerkleError, StandardMerkleTree, leaf_hash

LEAF_TYPES = ATTESTATION_LEAF_TYPES
MAX_UPTIME_BPS = 10_000
MAX_EPOCH = 2**64 - 1
MAX_PERF_SCORE = 2**32 - 1
MAX_FLAGS = 2**8 - 1
# A flag a sentry sets when a worker's measured throughput is far below what its claimed GPU class should
# give (the flag is informational: only OFFLINE jails).
FLAG_CLASS_MISMATCH = 1 << 1
# A flag for a worker that answered liveness but failed (or timed out on) every performance probe.
FLAG_PERF_FAILED = 1 << 2

WRONGFUL_JAIL_TYPES = {
    "WrongfulJail": [
        {"name": "worker", "type": "address"},
        {"name": "epoch", "type": "uint256"},
    ]
}
LIVENESS_TYPES = {
    "Liveness": [
        {"name": "worker", "type": "address"},
        {"name": "sentry", "type": "address"},
        {"name": "nonce", "type": "bytes32"},
        {"name": "epoch", "type": "uint64"},
        {"name": "probeHash", "type": "bytes32"},
    ]
}


class LeafError(MerkleError):
    """A leaf field is out of its on-chain type's range."""


@dataclass(frozen=True)
class Leaf:
    """One sentry's verdict on one worker for one epoch."""

    worker: str
    epoch: int
    uptime_bps: int
    perf_score: int
    flags: int = 0

    def __post_init__(self) -> None:
        for name, value, top in (
            ("epoch", self.epoch, MAX_EPOCH),
            ("uptime_bps", self.uptime_bps, MAX_UPTIME_BPS),
            ("perf_score", self.perf_score, MAX_PERF_SCORE),
            ("flags", self.flags, MAX_FLAGS),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
                raise LeafError(f"leaf {name} must be an integer in 0..{top}, got {value!r}")
        object.__setattr__(self, "worker", to_checksum_address(self.worker))

    @property
    def offline(self) -> bool:
        return bool(self.flags & SentryFlag.OFFLINE)

    def values(self) -> tuple[str, int, int, int, int]:
        """The ABI values in the leaf's order."""
        return (self.worker, self.epoch, self.uptime_bps, self.perf_score, self.flags)

    def hash(self) -> bytes:
        """``keccak256(keccak256(abi.encode(...)))``: SentryAttestations.leaf_hash."""
        return leaf_hash(LEAF_TYPES, self.values())

    def as_dict(self) -> dict:
        return {
            "worker": self.worker,
            "epoch": self.epoch,
            "uptime_bps": self.uptime_bps,
            "perf_score": self.perf_score,
            "flags": self.flags,
        }


def offline_leaf(worker: str, epoch: int) -> Leaf:
    """The canonical OFFLINE leaf: no answer in the whole epoch, nothing else recorded."""
    return Leaf(worker, epoch, 0, 0, int(SentryFlag.OFFLINE))


def observed_leaf(worker: str, epoch: int, answered: int, probes: int, perf_score: int, flags: int = 0) -> Leaf:
    """The leaf of ``answered`` answers out of ``probes`` probes: the canonical OFFLINE leaf when no probe
    was answered (``probes`` > 0), else uptime in basis points (rounded down), the score and flags without
    OFFLINE. No probes at all is no evidence: the caller must not write a leaf for it."""
    if probes <= 0:
        raise LeafError(f"no probes of {worker} in epoch {epoch}: no leaf")
    if not 0 <= answered <= probes:
        raise LeafError(f"{answered} answers out of {probes} probes")
    if answered == 0:
        return offline_leaf(worker, epoch)
    return Leaf(worker, epoch, answered * MAX_UPTIME_BPS // probes, perf_score, flags & ~int(SentryFlag.OFFLINE))


def attestation_tree(leaves: Iterable[Leaf]) -> StandardMerkleTree:
    """The tree whose root a sentry posts; one leaf per worker."""
    values = [leaf.values() for leaf in leaves]
    workers = [v[0] for v in values]
    if len(set(workers)) != len(workers):
        raise LeafError("an attestation holds one leaf per worker")
    return StandardMerkleTree.of(values, LEAF_TYPES)


def proof_of(tree: StandardMerkleTree, leaf: Leaf) -> list[bytes]:
    return tree.proof(tree.index_of(leaf.values()))


# ---------------------------------------------------------------- EIP-712


def _signable(domain: Domain, types: dict, message: dict) -> SignableMessage:
    return encode_typed_data(
        full_message={
            "types": {"EIP712Domain": EIP712_DOMAIN_TYPE, **types},
            "primaryType": next(iter(types)),
            "domain": domain.as_dict(),
            "message": message,
        }
    )


def wrongful_jail_digest(domain: Domain, worker: str, epoch: int) -> bytes:
    """The digest SentryAttestations.lift checks (``domain``: the SentryAttestations contract)."""
    message = {"worker": to_checksum_address(worker), "epoch": epoch}
    return bytes(_hash_eip191_message(_signable(domain, WRONGFUL_JAIL_TYPES, message)))


def wrongful_jail_signatures(
    private_keys: Iterable[bytes | str], domain: Domain, worker: str, epoch: int
) -> list[bytes]:
    """Committee signatures over a WrongfulJail verdict, sorted by signer (OracleCommittee.verify's order)."""
    digest = wrongful_jail_digest(domain, worker, epoch)
    signed = []
    for key in private_keys:
        signature = bytes(Account.unsafe_sign_hash(digest, key).signature)
        signed.append((int(Account.from_key(key).address, 16), signature))
    signed.sort(key=lambda pair: pair[0])
    return [signature for _, signature in signed]


@dataclass(frozen=True)
class Liveness:
    """A worker's answer to a sentry's challenge (``domain``: the WorkerRegistry)."""

    worker: str
    sentry: str
    nonce: bytes
    epoch: int
    probe_hash: bytes

    def message(self) -> dict:
        return {
            "worker": to_checksum_address(self.worker),
            "sentry": to_checksum_address(self.sentry),
            "nonce": self.nonce,
            "epoch": self.epoch,
            "probeHash": self.probe_hash,
        }

    def digest(self, domain: Domain) -> bytes:
        return bytes(_hash_eip191_message(_signable(domain, LIVENESS_TYPES, self.message())))

    def sign(self, private_key: bytes | str, domain: Domain) -> bytes:
        return bytes(Account.unsafe_sign_hash(self.digest(domain), private_key).signature)

    def signer(self, domain: Domain, signature: bytes) -> str:
        return Account._recover_hash(self.digest(domain), signature=signature)


# ---------------------------------------------------------------- the performance probe
#
# The probe is the compute catalogue's ``matmul_blocked`` kernel (worker_node/runtimes/compute_child.py) on
# an n x n problem whose seed comes from the sentry's fresh nonce: C = A.B over int64, wrapping modulo 2**64,
# A and B drawn from the raw PCG64 stream of ``probe_seed(nonce)``. The worker answers with the keccak of
# every row of C (its ``probeHash`` is the keccak of their concatenation, signed in the Liveness answer);
# the sentry then asks for a few rows it picks at random and recomputes just those: O(k n^2) work against
# the worker's O(n^3), so a worker that skipped a fraction f of the rows is caught with chance
# 1 - (1 - f)^k. Integer arithmetic: every honest machine gives the same bytes.

PROBE_MIN_N = 16
PROBE_MAX_N = 1_024
PROBE_MAX_ROWS = 16


def probe_seed(nonce: bytes) -> int:
    """The matmul seed of a challenge: the first 8 bytes of keccak(nonce), big-endian."""
    return int.from_bytes(keccak(nonce)[:8], "big")


def probe_matrix_rows(seed: int, n: int, matrix: int, row_start: int, row_end: int):  # type: ignore[no-untyped-def]
    """Rows of input matrix A (``matrix`` 0) or B (1): the compute catalogue's ``matmul_blocked`` inputs."""
    import numpy as np

    bits = np.random.PCG64(seed)
    bits.advance(matrix * n * n + row_start * n)
    return bits.random_raw((row_end - row_start) * n).view(np.int64).reshape(row_end - row_start, n)


def probe_row_bytes(seed: int, n: int, row: int) -> bytes:
    """Row ``row`` of C = A.B (mod 2**64) as little-endian int64: what the sentry recomputes to check."""
    import numpy as np

    a = probe_matrix_rows(seed, n, 0, row, row + 1)
    b = probe_matrix_rows(seed, n, 1, 0, n)
    return (a @ b).astype(np.dtype("<i8"), copy=False).tobytes()


def probe_digest(row_hashes: Sequence[bytes]) -> bytes:
    """The probe's ``probeHash``: keccak of the concatenated row hashes."""
    return keccak(b"".join(row_hashes))


def sorted_by_address(addresses: Sequence[str]) -> list[str]:
    """Addresses ascending by value: the order SentryAttestations.jail wants its sentries in."""
    return sorted((to_checksum_address(a) for a in addresses), key=lambda a: int(a, 16))


__all__ = [
    "FLAG_CLASS_MISMATCH",
    "FLAG_PERF_FAILED",
    "LEAF_TYPES",
    "LIVENESS_TYPES",
    "WRONGFUL_JAIL_TYPES",
    "Leaf",
    "LeafError",
    "Liveness",
    "attestation_tree",
    "observed_leaf",
    "offline_leaf",
    "probe_digest",
    "probe_row_bytes",
    "probe_seed",
    "proof_of",
    "sorted_by_address",
    "wrongful_jail_digest",
    "wrongful_jail_signatures",
]
