"""Helpers for the HiveToken, WorkerRegistry, OracleCommittee and
SentryAttestations unit tests: event filtering, raw-digest and permit
signatures, sentry nodes and their attestation trees, gas of one call.

Plain functions rather than fixtures, so hypothesis state machines can use
them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import boa
from eth_account import Account

from protocol import eip712
from protocol.contracts import CONTRACTS_DIR, Role, SentryFlag
from protocol.merkle import ATTESTATION_LEAF_TYPES, StandardMerkleTree

# Order of the secp256k1 group; a signature (r, s) is malleable into (r, n - s).
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
OWNER_REVERT = "ownable: caller is not the owner"
NOT_PENDING_OWNER_REVERT = "ownable_2step: caller is not the new owner"


# ---------------------------------------------------------------- deployment


@cache
def deployer(name: str):
    """boa's deployer of contracts/<name>.vy, compiled once per session
    (`deployer("WorkerRegistry").deploy(...)` for constructor tests)."""
    return boa.load_partial(str(CONTRACTS_DIR / f"{name}.vy"))


# ---------------------------------------------------------------- events


def events(contract, name: str) -> list:
    """Events called `name` that `contract` itself emitted during its last call
    (boa keeps the last computation per contract object; read them right after
    the transaction, before any view call on the same contract)."""
    return [log for log in contract.get_logs() if type(log).__name__ == name and log.address == contract.address]


def child_events(contract, emitter, name: str) -> list:
    """Events called `name` that `emitter` emitted during `contract`'s last call."""
    return [log for log in contract.get_logs() if type(log).__name__ == name and log.address == emitter.address]


def one_event(contract, name: str, emitter=None):
    found = child_events(contract, emitter or contract, name)
    assert len(found) == 1, f"expected one {name}, got {found}"
    return found[0]


def last_gas_used(contract) -> int:
    """Gas the last call to `contract` used (boa's default GasMeter)."""
    return contract._computation.get_gas_used()


# ---------------------------------------------------------------- signatures


def address_of(key: bytes) -> str:
    return Account.from_key(key).address


def sign_hash(key: bytes, digest: bytes) -> bytes:
    """A 65-byte r || s || v (v in {27, 28}, low s) signature of a raw 32-byte digest."""
    return bytes(Account.unsafe_sign_hash(digest, key).signature)


def sorted_signatures(keys: Sequence[bytes], digest: bytes) -> list[bytes]:
    """Signatures of `digest` by `keys`, sorted by signer address (what OracleCommittee.verify wants)."""
    ordered = sorted(keys, key=lambda k: int(address_of(k), 16))
    return [sign_hash(k, digest) for k in ordered]


def high_s(signature: bytes) -> bytes:
    """The malleable twin of a low-s signature: (r, n - s) with v flipped; it
    recovers the same signer."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


def sign_permit(
    token, owner_key: bytes, spender: str, value: int, nonce: int, deadline: int
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit for `token` signed with eth-account: (v, r, s)."""
    return eip712.sign_permit(
        owner_key,
        token_name=token.name(),
        token_address=str(token.address),
        chain_id=boa.env.evm.patch.chain_id,
        spender=spender,
        value=value,
        nonce=nonce,
        deadline=deadline,
    )


# ---------------------------------------------------------------- sentries


def add_sentry(system, label: str, stake: int | None = None) -> str:
    """Registers a sentry node named `label` and stakes `stake` (default: the minimum)."""
    from boa_system import keyed_account

    sentry, _ = keyed_account(label)
    stake = system.params.min_sentry_stake if stake is None else stake
    system.registry.register(Role.SENTRY, 0, f"bafy-{label}", sender=sentry)
    if stake:
        system.fund(sentry, stake)
        system.token.approve(system.registry.address, stake, sender=sentry)
        system.registry.stake(stake, sender=sentry)
    return sentry


def by_address(addresses: Sequence[str]) -> list[str]:
    """Addresses sorted ascending by their numeric value (what jail/verify want)."""
    return sorted(addresses, key=lambda a: int(a, 16))


def observation(worker: str, epoch: int, uptime_bps: int = 10_000, perf_score: int = 1_000, flags: int = 0) -> tuple:
    """One attestation leaf (worker, epoch, uptime_bps, perf_score, flags)."""
    return (worker, epoch, uptime_bps, perf_score, flags)


def offline(worker: str, epoch: int) -> tuple:
    """The leaf of a worker a sentry saw offline for the whole epoch."""
    return observation(worker, epoch, uptime_bps=0, perf_score=0, flags=SentryFlag.OFFLINE)


def attestation_tree(leaves: Sequence[tuple]) -> StandardMerkleTree:
    return StandardMerkleTree.of(leaves, ATTESTATION_LEAF_TYPES)


def proof_for(tree: StandardMerkleTree, leaf: tuple) -> list[bytes]:
    return tree.proof(tree.index_of(leaf))


def epoch_start(system, epoch: int) -> int:
    """The timestamp at which `epoch` of the sentry board begins."""
    return system.sentry.genesis() + epoch * system.sentry.epoch_length()


def travel_to(timestamp: int) -> None:
    """Moves the chain clock forward to `timestamp` (never backwards)."""
    now = boa.env.evm.patch.timestamp
    assert timestamp >= now, f"cannot travel back from {now} to {timestamp}"
    if timestamp > now:
        boa.env.time_travel(seconds=timestamp - now)


# ---------------------------------------------------------------- a token that says no

# An ERC-20 that returns False (instead of reverting) while `fail` is set, as
# some real tokens do: contracts must check the return value.
FALSE_TOKEN_SOURCE = """
# pragma version ~=0.4.3
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
fail: public(bool)


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount


@external
def set_fail(fail: bool):
    self.fail = fail


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    if self.fail:
        return False
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    if self.fail:
        return False
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    return True
"""


@cache
def _false_token_deployer():
    return boa.loads_partial(FALSE_TOKEN_SOURCE, name="FalseToken")


def deploy_false_token():
    return _false_token_deployer().deploy()
