"""Registering, staking, unbonding and withdrawing on WorkerRegistry, with errors that say what to do.

Transactions go through ``protocol.chain.ChainClient`` (simulated first, so a
revert becomes a ``ChainError`` with the contract's reason); the checks here
run before that so a user gets advice rather than a revert string: an
allowance that is too low is fixed by sending the ``approve`` first, a stake
below the minimum says how much is needed, a withdrawal before the end of
unbonding says when it will be possible.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from web3 import Web3

from protocol.chain import ChainClient, ChainError, http_web3
from protocol.config import ConfigError
from protocol.contracts import Role
from protocol.deployment import Deployment
from protocol.errors import GPUHiveError
from worker_node.config import WorkerConfig

log = logging.getLogger(__name__)


class StakingError(GPUHiveError):
    """A staking action that cannot succeed as asked; the message says what to do instead."""


@dataclass(frozen=True)
class TxDone:
    action: str
    tx_hashes: list[str]
    detail: str


def connect(config: WorkerConfig, key: bytes, web3: Web3 | None = None) -> ChainClient:
    """A ChainClient for the worker's key on the configured chain and deployment."""
    try:
        deployment = Deployment.load(config.deployment)
    except (FileNotFoundError, ValueError) as exc:
        raise ConfigError(str(exc)) from None
    w3 = web3 or http_web3(config.rpc_url)
    if not w3.is_connected():
        raise ConfigError(f"no JSON-RPC node answers at {config.rpc_url}; check rpc_url")
    client = ChainClient(w3, deployment, key)
    client.check_deployment()
    return client


def token_units(chain: ChainClient, amount: Decimal) -> int:
    """Whole tokens → base units of the payment/stake token."""
    decimals = int(chain.token.functions.decimals().call())
    return int(amount * (Decimal(10) ** decimals))


def format_units(chain: ChainClient, amount: int) -> str:
    decimals = int(chain.token.functions.decimals().call())
    symbol = chain.token.functions.symbol().call()
    return f"{Decimal(amount) / (Decimal(10) ** decimals):f} {symbol}"


def _me(chain: ChainClient) -> str:
    assert chain.account is not None
    return Web3.to_checksum_address(chain.account.address)


def _tx(chain: ChainClient, call) -> str:  # type: ignore[no-untyped-def]
    try:
        receipt = chain.transact(call)
    except ChainError as exc:
        raise StakingError(str(exc)) from None
    return receipt["transactionHash"].to_0x_hex()


def register(chain: ChainClient, capabilities: int, metadata_cid: str = "") -> TxDone:
    """Register as a worker, or update the capability bits of an existing registration."""
    node = chain.node(_me(chain))
    if node.role == 0:
        tx = _tx(chain, chain.registry.functions.register(Role.WORKER, capabilities, metadata_cid))
        return TxDone("register", [tx], f"registered {node.address} as a worker, capabilities {capabilities:#x}")
    if node.role != Role.WORKER:
        raise StakingError(f"{node.address} is registered as a sentry (role {node.role}); use another key for a worker")
    if node.capabilities == capabilities:
        return TxDone("register", [], f"already registered with capabilities {capabilities:#x}; nothing to do")
    tx = _tx(chain, chain.registry.functions.update_node(capabilities, metadata_cid))
    return TxDone("update", [tx], f"capabilities {node.capabilities:#x} -> {capabilities:#x}")


def stake(chain: ChainClient, amount: int) -> TxDone:
    """Stake ``amount`` base units, approving the registry first when the allowance is short."""
    me = _me(chain)
    node = chain.node(me)
    if node.role == 0:
        raise StakingError("not registered: run `gpuhive worker register` first")
    if amount <= 0:
        raise StakingError("stake a positive amount")
    minimum = int(chain.registry.functions.min_stake(Role.WORKER).call())
    if node.staked + amount < minimum:
        raise StakingError(
            f"stake below minimum: stake at least {format_units(chain, minimum - node.staked)} "
            f"(the minimum is {format_units(chain, minimum)}, you have {format_units(chain, node.staked)})"
        )
    balance = int(chain.token.functions.balanceOf(me).call())
    if balance < amount:
        raise StakingError(
            f"balance {format_units(chain, balance)} is less than {format_units(chain, amount)}; get tokens first"
        )
    txs = []
    registry = chain.registry.address
    if int(chain.token.functions.allowance(me, registry).call()) < amount:
        txs.append(_tx(chain, chain.token.functions.approve(registry, amount)))
    txs.append(_tx(chain, chain.registry.functions.stake(amount)))
    return TxDone(
        "stake", txs, f"staked {format_units(chain, amount)}; now {format_units(chain, node.staked + amount)}"
    )


def unbond(chain: ChainClient, amount: int) -> TxDone:
    node = chain.node(_me(chain))
    if amount <= 0:
        raise StakingError("unbond a positive amount")
    if amount > node.staked:
        raise StakingError(f"you have {format_units(chain, node.staked)} staked; unbond at most that")
    tx = _tx(chain, chain.registry.functions.begin_unbond(amount))
    ready = chain.node(node.address).unbond_ready_at
    return TxDone("unbond", [tx], f"unbonding {format_units(chain, amount)}; withdraw after {_date(ready)}")


def withdraw(chain: ChainClient) -> TxDone:
    node = chain.node(_me(chain))
    if node.unbonding == 0:
        raise StakingError("nothing unbonding: run `gpuhive worker unbond AMOUNT` first")
    now = chain.head().timestamp
    if now < node.unbond_ready_at:
        raise StakingError(f"unbonding not finished until {_date(node.unbond_ready_at)}; try again then")
    tx = _tx(chain, chain.registry.functions.withdraw())
    return TxDone("withdraw", [tx], f"withdrew {format_units(chain, node.unbonding)}")


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
