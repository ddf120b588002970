"""Names, roles, codes and parameters of the GPUHive contracts, shared by every deployer.

The contracts' numeric codes are mirrored here once, as Python enums (``JobStatus``, ``Role``,
``Capability``, ``SentryFlag``); no other Python module writes them as bare numbers. A test
(tests/protocol/test_contract_enums.py) reads the values from the Vyper sources, so the two cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from pathlib import Path

# Where contracts/ (the Vyper sources), .build/ (Ape's compiled manifest) and node_modules/ live: the
# source tree this package was installed from (``pip install -e .``), or the folder GPUHIVE_HOME names.
REPO_ROOT = Path(os.environ.get("GPUHIVE_HOME") or Path(__file__).resolve().parent.parent)
CONTRACTS_DIR = REPO_ROOT / "contracts"

CONTRACT_NAMES = (
    "HiveToken",
    "WorkerRegistry",
    "OracleCommittee",
    "SentryAttestations",
    "JobEscrow",
    "GovernanceTimelock",
    "ProofRegistry",
    "DenseClassifierVerifier",  # the zk catalogue's verifiers (protocol.zk.catalogue; contracts/zk/)
)
# The contracts whose owner is the GovernanceTimelock once deployed.
TIMELOCKED = ("WorkerRegistry", "OracleCommittee", "SentryAttestations")


class Role(IntEnum):
    """WorkerRegistry node roles (WorkerRegistry.vy ROLE_*)."""

    WORKER = 1
    SENTRY = 2
    LABELER = 3


class JobStatus(IntEnum):
    """JobEscrow job status codes (JobEscrow.vy STATUS_*); NONE: no such job."""

    NONE = 0
    OPEN = 1
    SETTLED = 2
    DISPUTED = 3
    REJECTED = 4
    RECLAIMED = 5

    @property
    def label(self) -> str:
        """The lower-case name users see ("open", "settled", ...)."""
        return self.name.lower()


class SentryFlag(IntEnum):
    """Flags of a sentry attestation leaf (SentryAttestations.vy FLAG_*); bits, combined with ``|`` into an int."""

    OFFLINE = 1


TOKEN = 10**18
DAY = 86_400


@dataclass
class DeployParams:
    """Everything a deployment is built from. Defaults suit a test network."""

    oracle_signers: list[str] = field(default_factory=list)
    threshold: int = 1
    token_name: str = "Hive Token"
    token_symbol: str = "HIVE"
    initial_supply: int = 1_000_000_000 * TOKEN
    # Use an existing ERC-20 as payment token instead of deploying HiveToken.
    payment_token: str | None = None
    treasury: str | None = None  # defaults to the deployer
    min_worker_stake: int = 100 * TOKEN
    min_sentry_stake: int = 100 * TOKEN
    min_labeler_stake: int = 5 * TOKEN  # a labeler's batch is worth far less than a GPU task
    unbonding_period: int = 7 * DAY
    epoch_length: int = 3_600
    sentry_quorum: int = 2
    # Least summed stake of the sentries that jail (SentryAttestations: quorum by stake), and how many
    # epochs an observation stays usable for a jail.
    sentry_stake_quorum: int = 200 * TOKEN
    sentry_evidence_epochs: int = 3
    jail_duration: int = DAY
    dispute_window: int = DAY
    resolve_timeout: int = 3 * DAY
    settle_grace: int = DAY
    claim_expiry: int = 180 * DAY
    dispute_bond: int = 10 * TOKEN
    # Every owner action waits this long in the GovernanceTimelock; longer than
    # the unbonding period, so a worker can leave before a change applies.
    governance_delay: int = 8 * DAY
    # Slashers besides JobEscrow and SentryAttestations, set before the timelock owns the registry (test
    # networks use one to jail a worker; afterwards adding one waits governance_delay like any owner action).
    extra_slashers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class Capability(IntEnum):
    """WorkerRegistry capability bits (a node's ``capabilities`` bitmask), combined with ``|`` into an int.

    An ``IntEnum``, not an ``IntFlag``: since Python 3.11 a flag value is iterable (over its bits), and web3's
    and Ape's argument normalizers walk iterables, so ``Capability.RENDER | Capability.GPU`` passed to a
    contract call would fail to encode.
    """

    RENDER = 1 << 0
    TRAIN = 1 << 1
    COMPUTE = 1 << 2
    # A human labeler (issue 21): the oracles give a Role.LABELER node this bit alone (oracles.chain_reads), whatever
    # it registered, and take it from a Role.WORKER node: label batches go to labelers only.
    LABEL = 1 << 3
    ZK = 1 << 4  # proven inference (issue 20): the zk runtime, snarkjs or a native/GPU prover
    GPU = 1 << 8


# The capability a worker needs for each job kind.
KIND_CAPABILITY = {
    "render": Capability.RENDER,
    "train": Capability.TRAIN,
    "compute": Capability.COMPUTE,
    "label": Capability.LABEL,
    "zk": Capability.ZK,
}
