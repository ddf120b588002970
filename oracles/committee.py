"""The committee as one oracle sees it: who is a member and who leads a job, signing, and signature collection.

OracleCommittee's signers, in its order, are the leader rotation: job ``n``
is led by ``members[n mod len(members)]``, and if that member stops making
progress on it the next ones in ``rotation`` take it over in turn
(``oracles.failover``). The leader (``oracles.settling``)
asks every reachable member for a signature and submits as soon as it holds
``threshold`` valid ones (``collect``); a member that is down only costs a
timeout. Each member re-derives what it is asked to sign before signing
(``oracles.countersigning``); a refusal is a ``Refused``, sent back as a 409.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
from eth_account import Account
from eth_utils import to_checksum_address
from sqlalchemy.orm import sessionmaker

from oracles.config import OracleConfig, PeerConfig
from oracles.jobcache import JobCache
from protocol import eip712
from protocol.chain import ChainClient
from protocol.deployment import Deployment
from protocol.errors import GPUHiveError
from protocol.leases import RejectProposal, SettlementProposal, SignatureReply
from protocol.result_manifest import ResultManifest
from protocol.storage import Store

log = logging.getLogger(__name__)


class Refused(GPUHiveError):
    """This member will not sign; the message says why (sent back to the leader as a 409)."""


class Committee:
    """OracleCommittee's members and threshold, read from the chain, and whether this oracle leads a job."""

    def __init__(self, chain: ChainClient, address: str) -> None:
        self.chain = chain
        self.address = address

    def members(self) -> list[str]:
        """OracleCommittee's signers, in its order (the leader rotation)."""
        return self.chain.committee_members()

    def threshold(self) -> int:
        return self.chain.committee_threshold()

    def leads(self, job_id: int) -> bool:
        return leader_of(job_id, self.members()).lower() == self.address.lower()


@dataclass(frozen=True)
class Signer:
    key: bytes
    address: str

    @classmethod
    def from_key(cls, key: bytes) -> Signer:
        return cls(key, Account.from_key(key).address)

    def sign(self, domain: eip712.Domain, payload: eip712.Settlement | eip712.Reject) -> bytes:
        return eip712.sign(self.key, domain, payload)


@dataclass(frozen=True)
class MemberContext:
    """What one committee member works from, whether it settles a job it leads (``oracles.settling``) or
    countersigns a peer's proposal (``oracles.countersigning``): its database, config, chain, store and
    parsed specs, its signing key and JobEscrow's EIP-712 domain."""

    sessions: sessionmaker
    config: OracleConfig
    chain: ChainClient
    deployment: Deployment
    store: Store
    jobs: JobCache
    signer: Signer
    domain: eip712.Domain


def settlement_from_dict(d: dict) -> eip712.Settlement:
    """The settlement of a proposal; ``Refused`` (not a crash) when a field is missing or malformed."""

    def b(v: str | bytes) -> bytes:
        return v if isinstance(v, bytes) else bytes.fromhex(v.removeprefix("0x"))

    try:
        return eip712.Settlement(
            int(d["job_id"]),
            b(d["payout_root"]),
            int(d["total_payout"]),
            int(d["oracle_fee"]),
            int(d["refund"]),
            b(d["slashes_hash"]),
            b(d["result_hash"]),
            int(d.get("round", 0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Refused(
            f"settlement is malformed ({type(exc).__name__}: {exc}); expected "
            f"{sorted(settlement_to_dict(eip712.Settlement(0, b'', 0, 0, 0, b'', b'', 0)))}"
        ) from None


def settlement_to_dict(s: eip712.Settlement) -> dict:
    return {
        "job_id": s.job_id,
        "payout_root": "0x" + s.payout_root.hex(),
        "total_payout": str(s.total_payout),
        "oracle_fee": str(s.oracle_fee),
        "refund": str(s.refund),
        "slashes_hash": "0x" + s.slashes_hash.hex(),
        "result_hash": "0x" + s.result_hash.hex(),
        "round": s.round,
    }


def collect(
    own: Signer,
    domain: eip712.Domain,
    payload: eip712.Settlement | eip712.Reject,
    peers: Sequence[PeerConfig],
    members: Sequence[str],
    threshold: int,
    request: Callable[[PeerConfig], httpx.Response],
) -> list[bytes]:
    """Own signature plus peers' until ``threshold``; sorted by signer as OracleCommittee requires.

    Raises ``RuntimeError`` listing every refusal when too few members sign.
    """
    members_lc = {m.lower() for m in members}
    signed: dict[str, bytes] = {}
    if own.address.lower() in members_lc:
        signed[own.address.lower()] = own.sign(domain, payload)
    refusals: list[str] = []
    for peer in peers:
        if len(signed) >= threshold:
            break
        if peer.address.lower() not in members_lc or peer.address.lower() in signed:
            continue
        try:
            response = request(peer)
        except httpx.HTTPError as exc:
            refusals.append(f"{peer.address} unreachable: {exc}")
            continue
        if response.status_code != 200:
            refusals.append(f"{peer.address} refused: {response.text[:500]}")
            continue
        reply = SignatureReply.model_validate(response.json())
        signature = bytes.fromhex(reply.signature.removeprefix("0x"))
        if eip712.recover(domain, payload, signature).lower() != peer.address.lower():
            refusals.append(f"{peer.address} sent a signature that is not its own")
            continue
        signed[peer.address.lower()] = signature
    if len(signed) < threshold:
        raise RuntimeError(f"only {len(signed)} of {threshold} signatures: " + "; ".join(refusals))
    ordered = sorted(signed.items(), key=lambda kv: int(kv[0], 16))
    return [sig for _, sig in ordered[:threshold]]


def settlement_request(proposal: SettlementProposal, timeout: float) -> Callable[[PeerConfig], httpx.Response]:
    def send(peer: PeerConfig) -> httpx.Response:
        return httpx.post(f"{peer.url}/v1/committee/settlement", json=proposal.model_dump(mode="json"), timeout=timeout)

    return send


def reject_request(proposal: RejectProposal, timeout: float) -> Callable[[PeerConfig], httpx.Response]:
    def send(peer: PeerConfig) -> httpx.Response:
        return httpx.post(f"{peer.url}/v1/committee/reject", json=proposal.model_dump(mode="json"), timeout=timeout)

    return send


def leader_of(job_id: int, members: Sequence[str]) -> str:
    """The member that leads a job: ``members[job_id mod n]`` in OracleCommittee's order."""
    return rotation(job_id, members)[0]


def rotation(job_id: int, members: Sequence[str]) -> list[str]:
    """Every member in the order it would lead a job: the leader, then who takes over from it, and so on
    (``members[(job_id + rank) mod n]``)."""
    n = len(members)
    return [to_checksum_address(members[(job_id + rank) % n]) for rank in range(n)]


def previous_manifest(
    chain: ChainClient, start_block: int, store: Store, manifest: ResultManifest
) -> ResultManifest | None:
    """Round 1's predecessor, checked against the result hash round 0 settled on-chain (None in round 0).

    The leader builds round 1 on it and every member checks it the same way before countersigning.
    """
    if manifest.round != 1:
        return None
    cid = manifest.previous_manifest_cid
    if not cid:
        raise Refused("a round-1 manifest must name the round-0 manifest")
    settled = chain.escrow.events.JobSettled().get_logs(
        from_block=start_block, argument_filters={"job_id": manifest.job_id, "round": 0}
    )
    if not settled or bytes(settled[0]["args"]["result_hash"]) != eip712.cid_hash(cid):
        raise Refused(f"manifest {cid} is not the one round 0 settled on-chain")
    return ResultManifest.model_validate_json(store.get_bytes(cid))
