"""protocol/eip712.py's DigestSigner: the worker's per-result signing path signs exactly as ``sign_digest``."""

from __future__ import annotations

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
