"""protocol/eip712.py's DigestSigner: the worker's per-result signing path signs exactly as ``sign_digest``."""

from __future__ import annotations

import pytest
from eth_account import Account
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import eip712

keys = st.integers(1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140).map(
    lambda k: k.to_bytes(32, "big")
)


@settings(max_examples=30, deadline=None)
@given(key=keys, message_digest=st.binary(min_size=32, max_size=32))
def test_digest_signer__any_key_and_digest__same_signature_as_sign_digest(key, message_digest):
    signer = eip712.DigestSigner(key)
    signature = signer.sign(message_digest)
    assert signature == eip712.sign_digest(key, message_digest)
    assert eip712.recover_digest(message_digest, signature) == Account.from_key(key).address


def test_digest_signer__hex_key__same_as_bytes_key():
    key = bytes(range(1, 33))
    digest = bytes(32)
    assert eip712.DigestSigner("0x" + key.hex()).sign(digest) == eip712.DigestSigner(key).sign(digest)


task_results = st.builds(
    eip712.TaskResult,
    st.integers(0, 2**256 - 1),
    st.integers(0, 2**32 - 1),
    st.integers(0, 255),
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=32, max_size=32),
)
domains = st.builds(
    eip712.Domain, st.integers(1, 2**64), st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())
)


@settings(max_examples=40, deadline=None)
@given(domain=domains, result=task_results)
def test_task_result_digest__any_result__equals_eth_account_typed_data(domain, result):
    assert eip712.task_result_digest(eip712.domain_separator(domain), result) == eip712.digest(domain, result)


def test_task_result_digest__field_out_of_range__raises():
    separator = eip712.domain_separator(eip712.Domain(1, "0x" + "11" * 20))
    for bad in (
        eip712.TaskResult(1, 2**32, 0, bytes(32), bytes(32)),
        eip712.TaskResult(1, 0, 256, bytes(32), bytes(32)),
        eip712.TaskResult(-1, 0, 0, bytes(32), bytes(32)),
        eip712.TaskResult(1, 0, 0, bytes(33), bytes(32)),
    ):
        with pytest.raises(ValueError):
            eip712.task_result_digest(separator, bad)


@settings(max_examples=40, deadline=None)
@given(key=keys, other=keys, message_digest=st.binary(min_size=32, max_size=32))
def test_signed_by__any_key__agrees_with_recover_digest(key, other, message_digest):
    signature = eip712.DigestSigner(key).sign(message_digest)
    signer = Account.from_key(key).address
    assert eip712.signed_by(message_digest, signature, signer)
    assert eip712.signed_by(message_digest, signature, signer.lower())
    assert eip712.signed_by(message_digest, signature, Account.from_key(other).address) == (key == other)


@settings(max_examples=60, deadline=None)
@given(
    signature=st.one_of(
        st.binary(min_size=65, max_size=65),
        st.binary(min_size=64, max_size=64).map(lambda b: b + bytes([27])),
        st.binary(min_size=0, max_size=70),
    ),
    message_digest=st.binary(min_size=32, max_size=32),
)
def test_signed_by__arbitrary_signature_bytes__refused_when_recover_digest_refuses_or_v_is_not_27_28(
    signature, message_digest
):
    try:
        expected = eip712.recover_digest(message_digest, signature)
    except Exception:
        expected = None
    if expected is None or signature[64] not in (0, 1, 27, 28):  # (eth-account also takes EIP-155 v >= 35)
        with pytest.raises(ValueError):
            eip712.signed_by(message_digest, signature, "0x" + "11" * 20)
        return
    assert eip712.signed_by(message_digest, signature, expected)


def test_keccak__c_implementation__equals_eth_utils_keccak():
    from eth_utils import keccak

    from protocol.eip712 import _keccak

    for data in (b"", b"\x19\x01", bytes(range(256)) * 3):
        assert _keccak(data) == keccak(data)
