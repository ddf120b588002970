"""The attestation leaf and the canonical OFFLINE leaf are built the same way by
protocol/sentry_leaf.py (sentries, oracles) and SentryAttestations.vy (jail)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.contracts import SentryFlag
from protocol.merkle import verify
from protocol.sentry_leaf import (
    MAX_UPTIME_BPS,
    Leaf,
    LeafError,
    attestation_tree,
    observed_leaf,
    offline_leaf,
    proof_of,
)

addresses = st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())


@pytest.fixture(scope="module")
def board(_session_system):
    return _session_system.sentry


@settings(max_examples=25, deadline=None)
@given(worker=addresses, epoch=st.integers(0, 2**64 - 1))
def test_offline_leaf__python_and_contract__same_hash(board, worker, epoch):
    leaf = offline_leaf(worker, epoch)
    assert leaf.values()[1:] == (epoch, 0, 0, SentryFlag.OFFLINE)
    assert board.offline_leaf(worker, epoch) == leaf.hash()


@settings(max_examples=25, deadline=None)
@given(
    worker=addresses,
    epoch=st.integers(0, 2**64 - 1),
    uptime=st.integers(0, MAX_UPTIME_BPS),
    perf=st.integers(0, 2**32 - 1),
    flags=st.integers(0, 255),
)
def test_leaf_hash__python_and_contract__same_hash(board, worker, epoch, uptime, perf, flags):
    leaf = Leaf(worker, epoch, uptime, perf, flags)
    assert board.leaf_hash(*leaf.values()) == leaf.hash()


@pytest.mark.parametrize(
    ("answered", "probes", "expected"),
    [(0, 6, (0, 0, SentryFlag.OFFLINE)), (1, 6, (1_666, 500, 0)), (6, 6, (10_000, 500, 0))],
)
def test_observed_leaf__answers__uptime_or_canonical_offline(answered, probes, expected):
    worker = "0x" + "11" * 20
    leaf = observed_leaf(worker, 9, answered, probes, perf_score=500, flags=SentryFlag.OFFLINE)
    assert leaf.values()[2:] == expected
    if answered == 0:
        assert leaf == offline_leaf(worker, 9)


@pytest.mark.parametrize(
    "fields",
    [(-1, 0, 0, 0), (2**64, 0, 0, 0), (0, MAX_UPTIME_BPS + 1, 0, 0), (0, 0, 2**32, 0), (0, 0, 0, 256), (0, True, 0, 0)],
)
def test_leaf__field_out_of_range__refused(fields):
    with pytest.raises(LeafError):
        Leaf("0x" + "11" * 20, *fields)


def test_observed_leaf__no_probes__no_leaf():
    with pytest.raises(LeafError, match="no probes"):
        observed_leaf("0x" + "11" * 20, 1, 0, 0, 0)


def test_attestation_tree__two_leaves_for_one_worker__refused():
    worker = "0x" + "11" * 20
    with pytest.raises(LeafError, match="one leaf per worker"):
        attestation_tree([offline_leaf(worker, 1), Leaf(worker, 1, 10_000, 1)])


def test_attestation_tree__proofs__verify_against_root():
    leaves = [Leaf("0x" + f"{i + 1:040x}", 3, 9_000, i) for i in range(9)] + [offline_leaf("0x" + "ee" * 20, 3)]
    tree = attestation_tree(leaves)
    for leaf in leaves:
        assert verify(tree.root, leaf.hash(), proof_of(tree, leaf))
