"""Deploying and wiring the GPUHive contracts with Ape, and the deployment manifest.

The manifest (JSON: chain id, network, contract addresses and the blocks
they were deployed in, parameters) is what every off-chain role reads to
find the contracts and to know from which block to follow their events.

Governance: the deployer wires the system (slashers) while it still owns
the registry, then hands WorkerRegistry, OracleCommittee and
SentryAttestations to the GovernanceTimelock in the same deployment: the
timelock starts with delay 0 and the deployer as a temporary admin, one
batch accepts the three ownerships and raises the delay to
`governance_delay`, and the deployer renounces the admin role. From then
on the deployer is only the timelock's proposer (and canceller); every
owner action waits `governance_delay` in public, and anyone may execute it
once ready.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from protocol.contracts import CONTRACT_NAMES, REPO_ROOT, TIMELOCKED, DeployParams
from protocol.zk.catalogue import CATALOGUE as ZK_CATALOGUE

MANIFEST_VERSION = 1


@dataclass
class DeployedContract:
    address: str
    block: int
    tx_hash: str
    gas_used: int


@dataclass
class Deployment:
    chain_id: int
    network: str
    deployer: str
    contracts: dict[str, DeployedContract]
    params: dict[str, Any]
    wiring_gas: dict[str, int] = field(default_factory=dict)

    @property
    def start_block(self) -> int:
        """The first block an event follower needs to read."""
        return min(c.block for c in self.contracts.values())

    def address(self, name: str) -> str:
        return self.contracts[name].address

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "chain_id": self.chain_id,
            "network": self.network,
            "deployer": self.deployer,
            "start_block": self.start_block,
            "contracts": {name: vars(c) for name, c in self.contracts.items()},
            "params": self.params,
            "wiring_gas": self.wiring_gas,
        }

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Deployment:
        path = Path(path)
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise FileNotFoundError(f"no deployment manifest at {path}; run `gpuhive deploy` first") from None
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError(f"{path}: unsupported manifest version {data.get('version')!r}")
        missing = [n for n in CONTRACT_NAMES if n not in data.get("contracts", {})]
        if missing:
            raise ValueError(f"{path}: manifest lacks {', '.join(missing)}")
        return cls(
            chain_id=data["chain_id"],
            network=data["network"],
            deployer=data["deployer"],
            contracts={n: DeployedContract(**c) for n, c in data["contracts"].items()},
            params=data["params"],
            wiring_gas=data.get("wiring_gas", {}),
        )


def ape_project():
    """The GPUHive Ape project, wherever the caller's working directory is."""
    from ape import Project

    return Project(REPO_ROOT)


def deploy(deployer, params: DeployParams, project=None) -> tuple[Deployment, dict[str, Any]]:
    """Deploys and wires the contracts from `deployer` (an Ape account)
    on the connected network (with the zk catalogue's verifiers and the
    ProofRegistry wired into JobEscrow), the last being the
    GovernanceTimelock that then owns the timelocked ones. Returns the manifest and the Ape contract
    instances by name."""
    from ape import chain

    project = project or ape_project()
    if not params.oracle_signers:
        raise ValueError("a deployment needs at least one oracle signer")
    treasury = params.treasury or deployer.address
    params.treasury = treasury
    instances: dict[str, Any] = {}
    records: dict[str, DeployedContract] = {}

    def _deploy(name: str, *args):
        instance = deployer.deploy(getattr(project, name), *args)
        receipt = chain.get_receipt(instance.txn_hash)
        instances[name] = instance
        records[name] = DeployedContract(instance.address, receipt.block_number, receipt.txn_hash, receipt.gas_used)
        return instance

    if params.payment_token:
        token = project.HiveToken.at(params.payment_token)
        instances["HiveToken"] = token
        receipt_block = chain.blocks.head.number
        records["HiveToken"] = DeployedContract(token.address, receipt_block, "", 0)
    else:
        token = _deploy("HiveToken", params.token_name, params.token_symbol, params.initial_supply)
    registry = _deploy(
        "WorkerRegistry",
        token,
        params.min_worker_stake,
        params.min_sentry_stake,
        params.min_labeler_stake,
        params.unbonding_period,
        treasury,
    )
    committee = _deploy("OracleCommittee", params.oracle_signers, params.threshold)
    sentry = _deploy(
        "SentryAttestations",
        registry,
        committee,
        params.epoch_length,
        params.sentry_quorum,
        params.sentry_stake_quorum,
        params.jail_duration,
        params.sentry_evidence_epochs,
    )
    escrow = _deploy(
        "JobEscrow",
        token,
        committee,
        registry,
        params.dispute_window,
        params.resolve_timeout,
        params.settle_grace,
        params.claim_expiry,
        params.dispute_bond,
    )
    # zk jobs: the catalogue's verifiers and the ProofRegistry, wired before any job exists
    verifiers = [_deploy(c.contract_name) for c in ZK_CATALOGUE.values()]
    proofs = _deploy("ProofRegistry", escrow, verifiers)
    wiring = {
        "set_proof_registry": escrow.set_proof_registry(proofs, sender=deployer).gas_used,
        "set_slasher(JobEscrow)": registry.set_slasher(escrow, True, sender=deployer).gas_used,
        "set_slasher(SentryAttestations)": registry.set_slasher(sentry, True, sender=deployer).gas_used,
    }
    for slasher in params.extra_slashers:  # (set while the deployer still owns the registry: later, the timelock)
        wiring[f"set_slasher({slasher})"] = registry.set_slasher(slasher, True, sender=deployer).gas_used
    wiring.update(_hand_to_timelock(deployer, params, instances, _deploy))
    network = chain.provider.network_choice
    manifest = Deployment(chain.chain_id, network, deployer.address, records, params.as_dict(), wiring)
    return manifest, instances


ZERO_ADDRESS = "0x" + "00" * 20
ADMIN_ROLE = b"\x00" * 32


def selector(signature: str) -> bytes:
    """The 4-byte selector of a function signature such as ``accept_ownership()``."""
    return keccak(text=signature)[:4]


def timelock_setup_batch(instances: dict[str, Any], delay: int) -> tuple[list[str], list[int], list[bytes]]:
    """(targets, values, payloads) of the timelock's set-up operation: accept the
    ownership of every timelocked contract, then raise its own delay."""
    timelock = instances["GovernanceTimelock"]
    targets = [instances[name].address for name in TIMELOCKED] + [timelock.address]
    payloads = [selector("accept_ownership()")] * len(TIMELOCKED)
    payloads.append(selector("update_delay(uint256)") + encode(["uint256"], [delay]))
    return targets, [0] * len(targets), payloads


def _hand_to_timelock(deployer, params: DeployParams, instances: dict[str, Any], deploy_one) -> dict[str, int]:
    """Deploys the GovernanceTimelock and makes it the owner of every
    timelocked contract (see the module docstring); returns the gas of each step."""
    if params.governance_delay <= params.unbonding_period:
        raise ValueError(
            f"governance_delay ({params.governance_delay} s) must exceed unbonding_period "
            f"({params.unbonding_period} s), so workers can leave before a change applies"
        )
    timelock = deploy_one("GovernanceTimelock", 0, [deployer.address], [ZERO_ADDRESS], deployer.address)
    gas: dict[str, int] = {}
    for name in TIMELOCKED:
        gas[f"transfer_ownership({name})"] = instances[name].transfer_ownership(timelock, sender=deployer).gas_used
    # One operation per call: snekmate's batch copies 255 x 1,024-byte payloads
    # into memory (~1.6 M gas a call); a single call copies one.
    salt = keccak(text="gpuhive:timelock-setup")
    targets, values, payloads = timelock_setup_batch(instances, params.governance_delay)
    labels = [f"timelock: accept_ownership({name})" for name in TIMELOCKED] + ["timelock: update_delay"]
    for label, target, value, payload in zip(labels, targets, values, payloads, strict=True):
        scheduled = timelock.schedule(target, value, payload, ADMIN_ROLE, salt, 0, sender=deployer)
        executed = timelock.execute(target, value, payload, ADMIN_ROLE, salt, sender=deployer)
        gas[label] = scheduled.gas_used + executed.gas_used
    gas["renounce timelock admin"] = timelock.renounceRole(ADMIN_ROLE, deployer.address, sender=deployer).gas_used
    return gas


def contracts_at(manifest: Deployment, project=None) -> dict[str, Any]:
    """Ape contract instances for every contract of a manifest."""
    project = project or ape_project()
    return {name: getattr(project, name).at(manifest.address(name)) for name in CONTRACT_NAMES}
