"""The oracle's access to the chain: contract objects, blocks, reads and signed transactions.

A ``ChainClient`` wraps a ``web3.Web3`` (HTTP to anvil or an L2 node, or the
embedded chain's provider) and a deployment manifest. It sends transactions
signed locally by the oracle's key, one at a time per client, and turns a
revert into a ``ChainError`` that carries the contract's reason string
(``"escrow: job not open"``), found by simulating the call before sending.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from eth_account import Account
from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractFunction
from web3.exceptions import BlockNotFound, ContractLogicError, TimeExhausted, Web3RPCError
from web3.types import TxParams, TxReceipt

from protocol.abi import load_abi
from protocol.contracts import CONTRACT_NAMES, KIND_CAPABILITY, Capability, JobStatus
from protocol.deployment import Deployment
from protocol.errors import GPUHiveError

log = logging.getLogger(__name__)

REVERT_PREFIX = "execution reverted"
# Node answers that mean "this nonce is used": by another sender of the same key, or by our own
# earlier attempt that the node already holds.
NONCE_USED = ("nonce too low", "nonce too high", "replacement transaction underpriced")
ALREADY_KNOWN = ("already known", "known transaction", "already imported")


def _revert_errors() -> tuple[type[Exception], ...]:
    """What a revert raises: ContractLogicError over JSON-RPC, and eth-tester's TransactionFailed when the
    embedded chain (Ape's local provider) is loaded in this process.

    eth-tester is looked up, never imported: importing it loads py-evm and ``py_ecc``, and ``py_ecc``
    raises the interpreter's recursion limit to 100,000 on import. In CPython 3.11 that limit is the only
    guard on C recursion (the JSON parser, ``repr``), and a thread's 8 MiB stack overflows near 60,000
    levels: one ``[`` * 66,000 request body crashed an oracle with SIGSEGV (issue 15). A process that
    raises ``TransactionFailed`` has imported eth-tester already, so nothing is lost.
    """
    failed = sys.modules.get("eth_tester.exceptions")
    if failed is None:
        return (ContractLogicError,)
    return (ContractLogicError, failed.TransactionFailed)


# Answers that never change for one node: web3 asks ``eth_chainId`` before every ``eth_call`` and
# transaction (its validation middleware), which was a third of a worker-eligibility read's requests
# (benchmarks/e2e.py, py-spy on an oracle). web3 caches these only when told to; block and log requests
# stay uncached (the chain can reorganise).
_NEVER_CHANGING = {"eth_chainId", "net_version", "web3_clientVersion"}


def http_web3(url: str, *, timeout: float | None = None) -> Web3:
    """A ``Web3`` over HTTP to ``url`` that asks the node for its chain id once, not before every call."""
    kwargs: dict[str, Any] = {"request_kwargs": {"timeout": timeout}} if timeout else {}
    provider = Web3.HTTPProvider(
        url,
        cache_allowed_requests=True,
        cacheable_requests=cast(Any, _NEVER_CHANGING),
        **kwargs,
    )
    return Web3(provider)


class ChainError(GPUHiveError):
    """A chain call or transaction failed; ``reason`` is the contract's revert string when there is one."""

    def __init__(self, message: str, *, reason: str | None = None, tx_hash: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.tx_hash = tx_hash


class TransactionTimeout(ChainError):
    """A sent transaction was not mined in time; it may still be mined later (same nonce)."""


@dataclass(frozen=True)
class BlockInfo:
    """What the follower needs of a block."""

    number: int
    hash: bytes
    timestamp: int


@dataclass(frozen=True)
class JobInfo:
    """JobEscrow.get_job, decoded."""

    job_id: int
    requester: str
    status: JobStatus
    round: int
    deadline: int
    window_end: int
    budget: int
    spec_hash: bytes
    payout_root: bytes
    unclaimed_payout: int
    refund: int
    dispute_bond: int

    @property
    def exists(self) -> bool:
        return self.status != JobStatus.NONE


@dataclass(frozen=True)
class NodeInfo:
    """WorkerRegistry.nodes, decoded. ``role`` is 0 for an unregistered address."""

    address: str
    role: int
    capabilities: int
    staked: int
    unbonding: int
    unbond_ready_at: int
    jailed_until: int

    def can_run(self, kind: str) -> bool:
        """Whether the node declares the capability bit of job kind ``kind`` (render, train, compute)."""
        return bool(self.capabilities & KIND_CAPABILITY[kind])

    @property
    def has_gpu(self) -> bool:
        return bool(self.capabilities & Capability.GPU)


class ChainClient:
    """Contracts of one deployment on one chain, reads, and transactions signed by ``account``
    (a LocalAccount or a raw private key; None for a read-only client).

    ``transact`` is serialised per client (one nonce sequence); build one client per signer key.
    """

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        account: LocalAccount | bytes | str | None = None,
        *,
        receipt_timeout: float = 120.0,
        poll_latency: float = 0.1,
        gas_margin: float = 1.2,
    ) -> None:
        self.w3 = w3
        self.deployment = deployment
        self.account = Account.from_key(account) if isinstance(account, bytes | str) else account
        self.receipt_timeout = receipt_timeout
        self.poll_latency = poll_latency
        self.gas_margin = gas_margin
        self._tx_lock = threading.Lock()
        self.contracts: dict[str, Contract] = {
            name: w3.eth.contract(address=Web3.to_checksum_address(deployment.address(name)), abi=load_abi(name))
            for name in CONTRACT_NAMES
        }
        self._names = {c.address: name for name, c in self.contracts.items()}

    # -- contracts ---------------------------------------------------------------------------

    @property
    def escrow(self) -> Contract:
        return self.contracts["JobEscrow"]

    @property
    def registry(self) -> Contract:
        return self.contracts["WorkerRegistry"]

    @property
    def committee(self) -> Contract:
        return self.contracts["OracleCommittee"]

    @property
    def token(self) -> Contract:
        return self.contracts["HiveToken"]

    @property
    def sentry(self) -> Contract:
        return self.contracts["SentryAttestations"]

    # -- chain -------------------------------------------------------------------------------

    @cached_property
    def chain_id(self) -> int:
        return int(self.w3.eth.chain_id)

    def check_deployment(self) -> None:
        """Raise ChainError unless the node is on the manifest's chain and the escrow has code there."""
        if self.chain_id != self.deployment.chain_id:
            raise ChainError(
                f"the node is on chain {self.chain_id} but the deployment manifest is for chain "
                f"{self.deployment.chain_id}; point rpc_url at the right node or redeploy"
            )
        if not self.w3.eth.get_code(self.escrow.address):
            raise ChainError(
                f"no contract at JobEscrow address {self.escrow.address} on chain {self.chain_id}; "
                "the manifest is stale (was the node restarted?) — redeploy"
            )

    def head(self) -> BlockInfo:
        """The latest block (number, hash, timestamp), read in one call so the three agree."""
        return _block_info(self.w3.eth.get_block("latest"))

    def head_number(self) -> int:
        """The latest block number (cheaper than ``head()``)."""
        return int(self.w3.eth.block_number)

    def block(self, number: int) -> BlockInfo | None:
        """Block ``number`` of the current canonical chain, or None when the chain is not that long."""
        try:
            b = self.w3.eth.get_block(number)
        except BlockNotFound:
            return None
        return _block_info(b)

    # -- reads -------------------------------------------------------------------------------

    def get_job(self, job_id: int) -> JobInfo:
        """A job's on-chain state (status JobStatus.NONE when there is no such job)."""
        values = _named(self.escrow, "get_job", self.escrow.functions.get_job(job_id).call())
        values["status"] = JobStatus(values["status"])
        return JobInfo(job_id=job_id, **values)

    def node(self, address: str) -> NodeInfo:
        """A node's registry entry: role, capability bits, stakes, jail term."""
        address = Web3.to_checksum_address(address)
        values = self.registry.functions.nodes(address).call()
        return NodeInfo(address=address, **_named(self.registry, "nodes", values))

    def metadata_cid(self, address: str) -> str:
        """The CID of a node's metadata document (its claimed GPUs, its URLs), "" when it has none."""
        return str(self.registry.functions.metadata_cid(Web3.to_checksum_address(address)).call())

    def capabilities(self, address: str) -> int:
        """A node's capability bitmask (protocol.contracts.Capability bits)."""
        return self.node(address).capabilities

    def committee_members(self) -> list[str]:
        """The current oracle signer set (checksummed addresses), in the committee's order."""
        return [Web3.to_checksum_address(a) for a in self.committee.functions.signers().call()]

    def committee_threshold(self) -> int:
        """How many distinct signer signatures a settlement needs."""
        return int(self.committee.functions.threshold().call())

    def is_eligible(self, address: str, role: int) -> bool:
        """Whether ``address`` may act in ``role`` (Role.WORKER / Role.SENTRY) now."""
        return bool(self.registry.functions.is_eligible(Web3.to_checksum_address(address), role).call())

    # -- transactions ------------------------------------------------------------------------

    def transact(
        self, fn_call: ContractFunction, *, gas: int | None = None, value: int = 0, max_attempts: int = 3
    ) -> TxReceipt:
        """Simulate, sign locally, send and wait for ``fn_call`` (e.g. ``client.escrow.functions.settle(...)``).

        Raises ChainError with the revert reason if the simulation or the mined transaction reverts,
        TransactionTimeout if it is not mined within ``receipt_timeout``.
        """
        account = self._require_account()
        label = self._label(fn_call)
        with self._tx_lock:
            self._simulate(fn_call, account.address, value, label)
            for attempt in range(1, max_attempts + 1):
                tx = self._build(fn_call, account.address, gas, value, label)
                signed = account.sign_transaction(tx)
                tx_hash = HexBytes(signed.hash)
                if self._send(signed.raw_transaction, label, tx["nonce"]):
                    break
                log.warning(
                    "nonce already used, rebuilding", extra={"call": label, "nonce": tx["nonce"], "attempt": attempt}
                )
            else:
                raise ChainError(
                    f"{label}: could not get a nonce accepted after {max_attempts} attempts; "
                    "is another process sending from the same key?"
                )
            receipt = self._wait(tx_hash, label)
        if receipt["status"] != 1:
            reason = self._reason_after_failure(fn_call, account.address, value, receipt)
            raise ChainError(
                f"{label} reverted in block {receipt['blockNumber']}: {reason or 'no reason given'}",
                reason=reason,
                tx_hash=tx_hash.to_0x_hex(),
            )
        log.info(
            "transaction mined",
            extra={
                "call": label,
                "tx_hash": tx_hash.to_0x_hex(),
                "block": receipt["blockNumber"],
                "gas_used": receipt["gasUsed"],
            },
        )
        return receipt

    def _label(self, fn_call: ContractFunction) -> str:
        """``JobEscrow.settle`` — for messages and logs."""
        return f"{self._names.get(fn_call.address, fn_call.address)}.{fn_call.fn_name}"

    def _require_account(self) -> LocalAccount:
        if self.account is None:
            raise ChainError("this ChainClient has no signer account; pass the oracle's key to send transactions")
        return self.account

    def _simulate(self, fn_call: ContractFunction, sender: str, value: int, label: str) -> None:
        """eth_call the transaction on the pending state; a revert becomes ChainError with its reason."""
        try:
            fn_call.call(_call_params(sender, value), block_identifier="pending")
        except _revert_errors() as exc:
            reason = revert_reason(exc)
            raise ChainError(f"{label} would revert: {reason}", reason=reason) from exc

    def _build(self, fn_call: ContractFunction, sender: str, gas: int | None, value: int, label: str) -> dict[str, Any]:
        """The complete transaction (pending nonce, gas with a margin, node-suggested fees), unsigned."""
        params = _call_params(sender, value)
        params["chainId"] = self.chain_id
        params["nonce"] = self.w3.eth.get_transaction_count(Web3.to_checksum_address(sender), "pending")
        try:
            if gas is None:
                gas = int(fn_call.estimate_gas(params) * self.gas_margin)
            params["gas"] = gas
            return dict(fn_call.build_transaction(params))
        except _revert_errors() as exc:
            reason = revert_reason(exc)
            raise ChainError(f"{label} would revert: {reason}", reason=reason) from exc

    def _send(self, raw: bytes, label: str, nonce: int) -> bool:
        """Send a signed transaction; False when its nonce is already used by another transaction."""
        try:
            self.w3.eth.send_raw_transaction(raw)
        except Web3RPCError as exc:
            message = str(exc).lower()
            if any(s in message for s in ALREADY_KNOWN):
                return True  # our own earlier attempt: same bytes, same hash
            if any(s in message for s in NONCE_USED):
                return False
            raise ChainError(f"{label}: the node refused the transaction (nonce {nonce}): {exc}") from exc
        return True

    def _wait(self, tx_hash: HexBytes, label: str) -> TxReceipt:
        try:
            return self.w3.eth.wait_for_transaction_receipt(
                tx_hash, timeout=self.receipt_timeout, poll_latency=self.poll_latency
            )
        except TimeExhausted as exc:
            raise TransactionTimeout(
                f"{label}: transaction {tx_hash.to_0x_hex()} not mined within {self.receipt_timeout:.0f}s; it may "
                "still be mined — check it before sending again",
                tx_hash=tx_hash.to_0x_hex(),
            ) from exc

    def _reason_after_failure(
        self, fn_call: ContractFunction, sender: str, value: int, receipt: TxReceipt
    ) -> str | None:
        """Best effort: replay the call on the state of the block that mined the failed transaction."""
        try:
            fn_call.call(_call_params(sender, value), block_identifier=receipt["blockNumber"])
        except _revert_errors() as exc:
            return revert_reason(exc)
        except Web3RPCError:
            return None
        return None


def revert_reason(exc: Exception) -> str:
    """The contract's revert string from a revert error ("escrow: job not open")."""
    message = getattr(exc, "message", None) or str(exc)
    for prefix in (f"{REVERT_PREFIX}: ", f"{REVERT_PREFIX}"):
        if message.startswith(prefix):
            message = message[len(prefix) :]
            break
    return message.strip() or "reverted without a reason"


def receipt_events(event: Any, receipt: TxReceipt) -> list[Any]:
    """The logs of one event in a receipt, decoded; every other log (a token Transfer in the same
    transaction, another contract's event) is left out by its address and first topic before decoding.

    web3's ``process_receipt(receipt, errors=DISCARD)`` tries the event's ABI on every log and warns
    ("MismatchedABI ... It has been discarded") for each one of another event: one line per token
    transfer in every job. ``event`` is a contract event class, e.g. ``client.escrow.events.JobCreated``.
    """
    decoder = event()
    topic = HexBytes(decoder.topic)
    address = str(decoder.address).lower()
    return [
        decoder.process_log(entry)
        for entry in receipt["logs"]
        if entry["topics"] and HexBytes(entry["topics"][0]) == topic and str(entry["address"]).lower() == address
    ]


def _call_params(sender: str, value: int) -> TxParams:
    return cast(TxParams, {"from": sender, "value": value})


def _block_info(block: Any) -> BlockInfo:
    return BlockInfo(int(block["number"]), bytes(block["hash"]), int(block["timestamp"]))


def _named(contract: Contract, fn_name: str, values: tuple[Any, ...]) -> dict[str, Any]:
    """A struct returned by a view function (one tuple output) as a dict keyed by its ABI component names."""
    abi = cast(list[dict[str, Any]], contract.abi)
    fn_abi = next(item for item in abi if item.get("type") == "function" and item.get("name") == fn_name)
    names = [c["name"] for c in fn_abi["outputs"][0]["components"]]
    if len(names) != len(values):
        raise ChainError(f"{fn_name} returned {len(values)} fields, the ABI names {len(names)}; rebuild the contracts")
    return {name: _plain(v) for name, v in zip(names, values, strict=True)}


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, bytes | bytearray) else value
