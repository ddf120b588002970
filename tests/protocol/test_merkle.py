"""protocol/merkle.py: OpenZeppelin StandardMerkleTree rules, checked on
their own and against @openzeppelin/merkle-tree itself (node, from
node_modules/) for payout and sentry-attestation leaves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from protocol.merkle import (
    ATTESTATION_LEAF_TYPES,
    MAX_PAYEES,
    PAYOUT_LEAF_TYPES,
    MerkleError,
    StandardMerkleTree,
    hash_pair,
    leaf_hash,
    payout_tree,
    process_proof,
    verify,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
OZ_SCRIPT = REPO_ROOT / "tests" / "protocol" / "oz_merkle.mjs"
JOB_ID = 7


def address(i: int) -> str:
    return to_checksum_address(keccak(text=f"gpuhive-test:merkle-worker-{i}")[:20])


def payouts(n: int) -> dict[str, int]:
    return {address(i): (i + 1) * 10**15 + i for i in range(n)}


def attestation_values(n: int) -> list[tuple]:
    return [(address(i), 10_000 + i, (i * 37) % 10_001, (i * 7_919) % 2**32, i % 2) for i in range(n)]


def oz_trees(trees: list[tuple[tuple[str, ...], list[tuple]]]) -> list[dict]:
    """Roots and proofs from @openzeppelin/merkle-tree, one node run for all trees."""
    node = shutil.which("node")
    assert node, "node (v20) must be on PATH: the cross-check runs OpenZeppelin's JS implementation"
    assert (REPO_ROOT / "node_modules" / "@openzeppelin" / "merkle-tree").is_dir(), "run `make setup` (npm install)"
    request = [
        {"types": list(types), "values": [[str(v) if isinstance(v, int) else v for v in row] for row in values]}
        for types, values in trees
    ]
    done = subprocess.run(
        [node, str(OZ_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def hexes(items: list[bytes]) -> list[str]:
    return ["0x" + b.hex() for b in items]


# ------------------------------------------------------------------ proofs


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10_000])
def test_payout_tree__every_proof__verifies(n):
    tree = payout_tree(JOB_ID, payouts(n))
    assert len(tree.values) == n
    for i, (job_id, worker, amount) in enumerate(tree.values):
        leaf = leaf_hash(PAYOUT_LEAF_TYPES, (job_id, worker, amount))
        assert tree.leaf(i) == leaf
        proof = tree.proof(i)
        assert verify(tree.root, leaf, proof)
        assert tree.verify(i)
        if i % max(1, n // 20) == 0:  # index_of is a linear scan: a sample is enough
            assert tree.index_of((job_id, worker, amount)) == i
        # a complete binary tree over n leaves: proofs are floor/ceil(log2 n) long
        assert (n - 1).bit_length() - 1 <= len(proof) <= (n - 1).bit_length()


def test_tree_of_one_leaf__root_is_the_leaf__proof_is_empty():
    tree = payout_tree(JOB_ID, payouts(1))
    ((job_id, worker, amount),) = tree.values
    assert tree.root == keccak(keccak(abi_encode(["uint256", "address", "uint256"], [job_id, worker, amount])))
    assert tree.proof(0) == []


def test_tree_of_two_leaves__root_is_the_sorted_pair_hash():
    tree = payout_tree(JOB_ID, payouts(2))
    a, b = tree.leaf(0), tree.leaf(1)
    assert tree.root == keccak(min(a, b) + max(a, b)) == hash_pair(a, b) == hash_pair(b, a)
    assert tree.proof(0) == [b] and tree.proof(1) == [a]


def test_leaf_hash__is_double_keccak_of_abi_encoding():
    values = (2**256 - 1, address(1), 0)
    assert leaf_hash(PAYOUT_LEAF_TYPES, values) == keccak(keccak(abi_encode(list(PAYOUT_LEAF_TYPES), list(values))))


@pytest.mark.parametrize("n", [2, 3, 7, 100])
def test_verify__wrong_leaf__fails(n):
    tree = payout_tree(JOB_ID, payouts(n))
    for i, (job_id, worker, amount) in enumerate(tree.values):
        proof = tree.proof(i)
        for wrong in [
            (job_id, worker, amount + 1),
            (job_id, worker, amount - 1),
            (job_id + 1, worker, amount),
            (job_id, address(10_000 + i), amount),
        ]:
            assert not verify(tree.root, leaf_hash(PAYOUT_LEAF_TYPES, wrong), proof), wrong
        # another leaf of the same tree with this leaf's proof
        other = tree.leaf((i + 1) % n)
        assert not verify(tree.root, other, proof)
        # a tampered or truncated proof
        if proof:
            assert not verify(tree.root, tree.leaf(i), proof[:-1])
            assert not verify(tree.root, tree.leaf(i), [keccak(proof[0]), *proof[1:]])


def test_verify__inner_node_as_leaf__needs_the_double_hash():
    """A 64-byte inner node is not a leaf: leaves are hashed twice, so an
    inner node hash cannot pass as a leaf value (second-preimage guard)."""
    tree = payout_tree(JOB_ID, payouts(4))
    inner = tree.nodes[1]
    assert process_proof(inner, [tree.nodes[2]]) == tree.root  # inner nodes do chain up...
    assert inner not in {tree.leaf(i) for i in range(4)}  # ...but are not leaves


def test_proof_order_follows_the_callers_values_not_the_sorted_leaves():
    values = [(JOB_ID, address(i), 1) for i in range(5)]
    tree = StandardMerkleTree.of(values, PAYOUT_LEAF_TYPES)
    for i, v in enumerate(values):
        assert tree.leaf(i) == leaf_hash(PAYOUT_LEAF_TYPES, v)
        assert tree.verify(i)


# ------------------------------------------------------------------ errors


def test_payout_tree__duplicate_worker__rejected():
    worker = address(1)
    with pytest.raises(MerkleError, match="appears twice"):
        payout_tree(JOB_ID, {worker: 5, worker.lower(): 6, address(2): 1})


@pytest.mark.parametrize("amount", [0, -1])
def test_payout_tree__non_positive_amount__rejected(amount):
    with pytest.raises(MerkleError, match="must be positive"):
        payout_tree(JOB_ID, {address(1): 5, address(2): amount})


def test_payout_tree__more_payees_than_a_proof_can_prove__rejected():
    many = {to_checksum_address(i.to_bytes(20, "big")): 1 for i in range(1, MAX_PAYEES + 2)}
    with pytest.raises(MerkleError, match="at most"):
        payout_tree(JOB_ID, many)


def test_empty_tree__error():
    with pytest.raises(MerkleError, match="at least one leaf"):
        StandardMerkleTree.of([], PAYOUT_LEAF_TYPES)
    with pytest.raises(MerkleError, match="at least one leaf"):
        payout_tree(JOB_ID, {})


def test_proof__index_out_of_range__error():
    tree = payout_tree(JOB_ID, payouts(3))
    for index in (-1, 3):
        with pytest.raises(MerkleError, match="no value at index"):
            tree.proof(index)


def test_index_of__value_not_in_tree__error():
    tree = payout_tree(JOB_ID, payouts(3))
    with pytest.raises(MerkleError, match="not in the tree"):
        tree.index_of((JOB_ID, address(99), 1))


def test_payout_tree__checksums_and_orders_workers():
    lower = {address(i).lower(): i + 1 for i in range(4)}
    tree = payout_tree(JOB_ID, lower)
    workers = [w for _, w, _ in tree.values]
    assert workers == sorted(address(i) for i in range(4))
    assert payout_tree(JOB_ID, {address(i): i + 1 for i in reversed(range(4))}).root == tree.root


# -------------------------------------------- cross-check with OpenZeppelin JS


CROSS_CHECK_SIZES = [1, 2, 3, 4, 5, 7, 8, 33, 1_000]


def test_roots_and_proofs__equal_openzeppelin_merkle_tree():
    trees: list[tuple[tuple[str, ...], list[tuple]]] = []
    ours: list[StandardMerkleTree] = []
    for n in CROSS_CHECK_SIZES:
        payout = payout_tree(JOB_ID + n, payouts(n))
        trees.append((PAYOUT_LEAF_TYPES, list(payout.values)))
        ours.append(payout)
        attestations = attestation_values(n)
        trees.append((ATTESTATION_LEAF_TYPES, attestations))
        ours.append(StandardMerkleTree.of(attestations, ATTESTATION_LEAF_TYPES))
    # extremes of every field: uint256 beyond 2**53 and 2**128, uint64/16/32/8 maxima
    extreme_payouts = [(2**256 - 1, address(1), 2**128 - 1), (0, address(2), 1), (2**53 + 1, address(3), 2**255)]
    trees.append((PAYOUT_LEAF_TYPES, extreme_payouts))
    ours.append(StandardMerkleTree.of(extreme_payouts, PAYOUT_LEAF_TYPES))
    extreme_attestations = [(address(4), 2**64 - 1, 2**16 - 1, 2**32 - 1, 255), (address(5), 0, 0, 0, 0)]
    trees.append((ATTESTATION_LEAF_TYPES, extreme_attestations))
    ours.append(StandardMerkleTree.of(extreme_attestations, ATTESTATION_LEAF_TYPES))

    theirs = oz_trees(trees)

    assert len(theirs) == len(ours)
    for (types, values), mine, oz in zip(trees, ours, theirs):
        assert oz["root"] == "0x" + mine.root.hex(), (types, len(values))
        assert oz["proofs"] == [hexes(mine.proof(i)) for i in range(len(values))], (types, len(values))


def test_openzeppelin_proofs__verify_with_our_verifier():
    values = list(payout_tree(JOB_ID, payouts(6)).values)
    (oz,) = oz_trees([(PAYOUT_LEAF_TYPES, values)])
    root = bytes.fromhex(oz["root"][2:])
    for value, proof in zip(values, oz["proofs"]):
        assert verify(root, leaf_hash(PAYOUT_LEAF_TYPES, value), [bytes.fromhex(p[2:]) for p in proof])
