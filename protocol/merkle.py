"""Merkle trees by OpenZeppelin's StandardMerkleTree rules.

Leaves are ABI-encoded values, hashed twice:
``leaf = keccak256(keccak256(abi.encode(values)))``; inner nodes hash the
sorted pair, so a proof is just the list of siblings. snekmate's
``merkle_proof_verification`` (used by JobEscrow and SentryAttestations)
checks exactly these proofs, and the tree layout (a complete binary tree in
an array, leaves sorted by hash, filled from the end) is OpenZeppelin's, so
roots match ``@openzeppelin/merkle-tree`` byte for byte (tests check both).

Written here rather than imported because no maintained Python port of
StandardMerkleTree exists on PyPI; the rules are small and fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from protocol.errors import GPUHiveError

# The payout leaf JobEscrow.claim checks.
PAYOUT_LEAF_TYPES = ("uint256", "address", "uint256")
# The sentry attestation leaf SentryAttestations.jail checks.
ATTESTATION_LEAF_TYPES = ("address", "uint64", "uint16", "uint32", "uint8")
# JobEscrow.claim takes proofs of at most 16 hashes (its memory cost grows with
# the bound), so one job pays at most 2**16 distinct payees.
MAX_PAYOUT_PROOF_DEPTH = 16
MAX_PAYEES = 2**MAX_PAYOUT_PROOF_DEPTH


class MerkleError(GPUHiveError, ValueError):
    """A tree cannot be built or a value is not in it."""


def leaf_hash(types: Sequence[str], values: Sequence[Any]) -> bytes:
    """``keccak256(keccak256(abi.encode(values)))``, the StandardMerkleTree leaf."""
    return keccak(keccak(abi_encode(list(types), list(values))))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """Sorted-pair hash of two nodes."""
    return keccak(a + b) if a < b else keccak(b + a)


def process_proof(leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root a proof leads to from a leaf."""
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node


def verify(root: bytes, leaf: bytes, proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` proves ``leaf`` under ``root``."""
    return process_proof(leaf, proof) == root


@dataclass(frozen=True)
class StandardMerkleTree:
    """A tree over ABI-typed values.

    ``values`` keep the caller's order; ``proof(i)`` takes an index into them.
    """

    types: tuple[str, ...]
    values: tuple[tuple[Any, ...], ...]
    nodes: tuple[bytes, ...]
    # values[i] sits at nodes[_tree_index[i]]
    _tree_index: tuple[int, ...]

    @classmethod
    def of(cls, values: Sequence[Sequence[Any]], types: Sequence[str]) -> StandardMerkleTree:
        if not values:
            raise MerkleError("a Merkle tree needs at least one leaf")
        types_t = tuple(types)
        hashed = [(leaf_hash(types_t, v), i) for i, v in enumerate(values)]
        hashed.sort(key=lambda pair: pair[0])
        n = len(hashed)
        nodes: list[bytes] = [b""] * (2 * n - 1)
        tree_index = [0] * n
        for position, (h, value_index) in enumerate(hashed):
            slot = len(nodes) - 1 - position
            nodes[slot] = h
            tree_index[value_index] = slot
        for i in range(len(nodes) - 1 - n, -1, -1):
            nodes[i] = hash_pair(nodes[2 * i + 1], nodes[2 * i + 2])
        return cls(types_t, tuple(tuple(v) for v in values), tuple(nodes), tuple(tree_index))

    @property
    def root(self) -> bytes:
        return self.nodes[0]

    def leaf(self, index: int) -> bytes:
        return self.nodes[self._tree_index[index]]

    def proof(self, index: int) -> list[bytes]:
        """Sibling hashes from leaf ``values[index]`` up to the root."""
        if not 0 <= index < len(self.values):
            raise MerkleError(f"no value at index {index}; the tree has {len(self.values)}")
        i = self._tree_index[index]
        proof: list[bytes] = []
        while i > 0:
            sibling = i - 1 if i % 2 == 0 else i + 1
            proof.append(self.nodes[sibling])
            i = (i - 1) // 2
        return proof

    def index_of(self, value: Sequence[Any]) -> int:
        target = leaf_hash(self.types, value)
        for i in range(len(self.values)):
            if self.leaf(i) == target:
                return i
        raise MerkleError(f"value {tuple(value)!r} is not in the tree")

    def verify(self, index: int, proof: Sequence[bytes] | None = None) -> bool:
        return verify(self.root, self.leaf(index), self.proof(index) if proof is None else proof)


def payout_tree(job_id: int, payouts: dict[str, int]) -> StandardMerkleTree:
    """The payout tree of one job: a leaf ``(job_id, worker, amount)`` per worker.

    JobEscrow pays each (job, worker) leaf once, so payouts must be summed
    per worker before they get here (a dict guarantees it).
    """
    merged: dict[str, int] = {}
    for worker, amount in payouts.items():
        if amount <= 0:
            raise MerkleError(f"payout to {worker} must be positive, got {amount}")
        address = to_checksum_address(worker)
        if address in merged:
            raise MerkleError(f"worker {address} appears twice; sum its payouts first")
        merged[address] = amount
    if len(merged) > MAX_PAYEES:
        raise MerkleError(f"{len(merged)} payees in one job; JobEscrow accepts at most {MAX_PAYEES}")
    values = [(job_id, worker, amount) for worker, amount in sorted(merged.items())]
    return StandardMerkleTree.of(values, PAYOUT_LEAF_TYPES)
