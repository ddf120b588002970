"""Oracle configuration (``oracle.toml``) and the committee policy every member must share.

The signer key is never in the file or on the command line: it comes from
Ape's account keystore (``keystore_alias``, passphrase from the environment
variable named by ``passphrase_env``) or from an environment variable named
by ``key_env`` (for containers and tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from protocol.config import (
    CommitteePolicy,
    ConfigError,
    ConfigSection,
    StorageConfig,
    load_toml_config,
    toml_text,
)

__all__ = ["OracleConfig", "PeerConfig", "load_config"]


class PeerConfig(ConfigSection):
    address: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    url: str


class OracleConfig(ConfigSection):
    name: str = "oracle"
    rpc_url: str | None = Field(None, description="JSON-RPC of the chain; None when the caller passes a web3.")
    deployment: str = "deployment.json"
    keystore_alias: str | None = None
    passphrase_env: str = "GPUHIVE_KEYSTORE_PASSPHRASE"
    key_env: str | None = None
    database_url: str = "sqlite:///gpuhive-data/oracle.db"
    api_host: str = "127.0.0.1"
    api_port: int = 8700
    peers: list[PeerConfig] = Field(default_factory=list, description="Other committee members' APIs.")
    storage: StorageConfig = StorageConfig()
    policy: CommitteePolicy = CommitteePolicy()
    ws_url: str | None = Field(
        "auto",
        description="WebSocket for newHeads wake-ups: 'auto' derives it from rpc_url, None turns it off. "
        "It only wakes the eth_getLogs poller early; polling never depends on it.",
    )
    poll_interval: float = Field(1.0, gt=0)
    confirmations: int = Field(1, ge=0)
    max_block_range: int = Field(2_000, ge=1)
    reveal_wait_blocks: int = Field(
        1,
        ge=0,
        description="A task's spot check is drawn from the hash of a block mined at least this many "
        "blocks after its result arrived, so no worker can know the draw while it can still change its "
        "result. 0 uses the head as it is: only for dev chains that mine a block per transaction (anvil's "
        "automine, the embedded chain), where waiting for a block would wait for the next transaction.",
    )
    judge_delay_seconds: float = Field(
        0.02,
        ge=0,
        description="After a result arrives, wait this long so results arriving together are judged in one pass.",
    )
    judge_batch_seconds: float = Field(
        0.25,
        ge=0,
        description="While a job's queue still holds several rounds of leases for every active "
        "worker, judge its results at most this often: no result is waited on yet, and a pass costs about the "
        "same for one result or a hundred. 0 judges every job after judge_delay_seconds.",
    )
    dispatch_policy: Literal["aicore", "fifo"] = Field(
        "aicore",
        description="Who leases what: 'aicore' (oracles.dispatch_policy) gives heavier tasks to faster workers, keeps "
        "stragglers off a job's last tasks and makes backup copies of the slowest running tasks near a job's end "
        "(first valid result wins, each replica paid once); 'fifo' leases the oldest slot first, no copies. "
        "In benchmarks/aicore.py (2,000 tasks, 40 workers) 'aicore' cuts the makespan of a mixed pool to about 0.8 "
        "of fifo's, and in issue 14's shape (one speed, 0.1 s tasks of equal work) the leader's dispatcher CPU is "
        "within the 5 % that CPU-bound path allows (median of 9 paired runs 1.02-1.04x fifo's).",
    )
    lease_seconds: float = Field(60.0, gt=0)
    heartbeat_seconds: float = Field(15.0, gt=0)
    max_failures: int = Field(3, ge=1)
    backoff_seconds: float = Field(1.0, ge=0)
    session_seconds: float = Field(3_600.0, gt=0)
    settle_margin_seconds: float = Field(
        600.0, ge=0, description="Settle what is done when the deadline is this close."
    )
    fee_claim_seconds: float = Field(
        60.0,
        gt=0,
        description="How often to join the fee of jobs this oracle signed but was left out of, and to claim "
        "the fee shares owed to it (oracles.fees).",
    )
    eligibility_cache_seconds: float = Field(
        30.0,
        ge=0,
        description="How long a worker's eligibility read from WorkerRegistry is trusted when no "
        "registry event for it (stake, unbond, slash, jail, a new minimum) has been seen, which drops it at once; "
        "from an age between half and nine tenths of this it is re-read in the background, so requests do not "
        "wait on the chain.",
    )
    peer_timeout_seconds: float = Field(30.0, gt=0)
    leader_takeover_after_s: float = Field(
        300.0,
        gt=0,
        description="A job whose leader has not answered its /v1/jobs/{id} for this long, or answered settling "
        "or rejecting with the same report (its transaction does not get through), is taken over by the next "
        "member in the rotation (the one after that waits twice as long, and so on). A leader that answers "
        "'running' is alive however slowly its job moves. Longer than a settlement round (signatures and a "
        "mined transaction) and a restart.",
    )

    @model_validator(mode="after")
    def _one_key_source(self) -> OracleConfig:
        if self.keystore_alias and self.key_env:
            raise ValueError("give keystore_alias or key_env, not both")
        return self

    def signer_key(self) -> bytes:
        """The signer's private key, from the keystore or the environment (never logged)."""
        from protocol.keys import load_key

        if not (self.keystore_alias or self.key_env):
            raise ConfigError("no signer key: set keystore_alias (an `ape accounts` alias) or key_env in the config")
        return load_key(keystore_alias=self.keystore_alias, passphrase_env=self.passphrase_env, key_env=self.key_env)

    def to_toml(self) -> str:
        """The config as ``oracle.toml`` text that ``load_config`` reads back to an equal config.

        Fields left at their defaults are not written; a field set to None is left out (TOML has no
        null), so ``ws_url = None`` comes back as its default "auto".
        """
        return toml_text(self.model_dump(mode="json", exclude_defaults=True))


def load_config(path: str | Path) -> OracleConfig:
    """Read ``oracle.toml``; raises ``ConfigError`` with the file and the problem."""
    return load_toml_config(path, OracleConfig, what="oracle config", hint="see examples/oracle.toml")
