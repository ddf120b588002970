"""Names, roles and parameters of the GPUHive contracts, shared by every deployer."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Where contracts/ (the Vyper sources), .build/ (Ape's compiled manifest) and node_modules/ live: the
# source tree this package was installed from (``pip install -e .``), or the folder GPUHIVE_HOME names.
REPO_ROOT = Path(os.environ.get("GPUHIVE_HOME") or Path(__file__).resolve().parent.parent)
CONTRACTS_DIR = REPO_ROOT / "contracts"

CONTRACT_NAMES = ("HiveToken", "WorkerRegistry", "OracleCommittee", "SentryAttestations", "JobEscrow")

ROLE_WORKER = 1
ROLE_SENTRY = 2

# JobEscrow job status codes (JobEscrow.vy STATUS_*).
STATUS_NONE = 0
STATUS_OPEN = 1
STATUS_SETTLED = 2
STATUS_DISPUTED = 3
STATUS_REJECTED = 4
STATUS_RECLAIMED = 5

SENTRY_FLAG_OFFLINE = 1

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
    unbonding_period: int = 7 * DAY
    epoch_length: int = 3_600
    sentry_quorum: int = 2
    jail_duration: int = DAY
    dispute_window: int = DAY
    resolve_timeout: int = 3 * DAY
    settle_grace: int = DAY
    claim_expiry: int = 180 * DAY
    dispute_bond: int = 10 * TOKEN

    def as_dict(self) -> dict:
        return asdict(self)

# WorkerRegistry capability bits (a node's `capabilities` bitmask).
CAP_RENDER = 1 << 0
CAP_TRAIN = 1 << 1
CAP_COMPUTE = 1 << 2
CAP_GPU = 1 << 8
KIND_CAPABILITY = {"render": CAP_RENDER, "train": CAP_TRAIN, "compute": CAP_COMPUTE}
