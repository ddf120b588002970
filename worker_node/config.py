"""Worker configuration (``worker.toml``).

The staking key is never in the file or on the command line: it comes from
Ape's account keystore (``keystore_alias``, unlocked with the passphrase in
the environment variable named by ``passphrase_env``) or from the
environment variable named by ``key_env`` (containers and tests).

    rpc_url = "http://127.0.0.1:8545"
    deployment = "deployments/31337.json"
    keystore_alias = "worker1"
    oracles = ["http://127.0.0.1:8700", "http://127.0.0.1:8701", "http://127.0.0.1:8702"]
    work_dir = "gpuhive-data/worker"
    claim_threshold = 10          # whole tokens
    max_held_leases = 2           # the running lease and one prefetched
    [storage]
    kind = "local"                # or "ipfs" with api_url
    path = "gpuhive-data/store"
    [limits.render]
    wall_seconds = 3600
    memory_gib = 8
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from protocol.config import ConfigError, ConfigSection, StorageConfig, load_toml_config, toml_text
from worker_node.runtimes.sandbox import Limits

GIB = 1024**3
MIN_RENDER_MEMORY_GIB = 2.0  # bpy segfaults while loading below about this address-space cap


__all__ = ["WorkerConfig", "load_config"]


class KindLimits(ConfigSection):
    """Limits of one runtime child: wall clock and address space (None = no cap)."""

    wall_seconds: float = Field(3_600.0, gt=0)
    memory_gib: float | None = Field(None, gt=0)

    def to_limits(self) -> Limits:
        return Limits(
            wall_seconds=self.wall_seconds, memory_bytes=int(self.memory_gib * GIB) if self.memory_gib else None
        )


class LimitsSection(ConfigSection):
    render: KindLimits = KindLimits(wall_seconds=3_600.0, memory_gib=16.0)
    train: KindLimits = KindLimits(wall_seconds=3_600.0, memory_gib=None)
    compute: KindLimits = KindLimits(wall_seconds=1_800.0, memory_gib=4.0)
    zk: KindLimits = KindLimits(wall_seconds=900.0, memory_gib=None)  # node's WASM reserves large address space

    @field_validator("render")
    @classmethod
    def _render_memory(cls, value: KindLimits) -> KindLimits:
        if value.memory_gib is not None and value.memory_gib < MIN_RENDER_MEMORY_GIB:
            raise ValueError(
                f"limits.render.memory_gib must be at least {MIN_RENDER_MEMORY_GIB:g} "
                f"(Blender crashes below that); got {value.memory_gib:g}"
            )
        return value

    def for_kind(self, kind: str) -> Limits:
        """The limits of ``kind``'s runtime child; ``KeyError`` for a kind the worker runs none for (``label``)."""
        sections = {"render": self.render, "train": self.train, "compute": self.compute, "zk": self.zk}
        if kind not in sections:
            raise KeyError(f"no runtime limits for job kind {kind!r}: the worker runs {', '.join(sections)}")
        return sections[kind].to_limits()


class WorkerConfig(ConfigSection):
    rpc_url: str = Field("http://127.0.0.1:8545", description="JSON-RPC URL of the chain.")
    deployment: str = Field("deployment.json", description="Deployment manifest written by `gpuhive deploy`.")
    keystore_alias: str | None = Field(None, description="`ape accounts` alias of the staking key.")
    passphrase_env: str = "GPUHIVE_KEYSTORE_PASSPHRASE"
    key_env: str | None = Field(None, description="Environment variable holding the key (containers, tests).")
    oracles: list[str] = Field(default_factory=list, description="Worker API URLs of the committee's oracles.")
    storage: StorageConfig = StorageConfig()
    work_dir: str = "gpuhive-data/worker"
    journal: str | None = Field(None, description="Journal of held leases; default <work_dir>/journal.db.")
    device: str = Field("auto", description="Render/train device: auto, cpu, or a backend name.")
    lease_wait_seconds: float = Field(
        10.0, ge=0, le=30, description="Long-poll per lease request (an idle agent polls every oracle at once)."
    )
    max_held_leases: int = Field(
        2,
        ge=1,
        le=32,
        description="Most leases held at once, the running one "
        "included: while one runs, the next is leased (prefetch) in the same round trip "
        "that reports finished results. 1 = lease only when idle. The oracle may grant "
        "fewer; queued leases are heartbeated, and released when the worker stops.",
    )
    heartbeat_seconds: float | None = Field(None, gt=0, description="Heartbeat period; default the oracle's.")
    oracle_timeout_seconds: float = Field(60.0, gt=0)
    limits: LimitsSection = LimitsSection()
    claim_threshold: Decimal = Field(
        Decimal(10), ge=0, description="Claim once matured payouts reach this, in whole tokens."
    )
    claim_interval_seconds: float = Field(600.0, gt=0)
    metrics_port: int = Field(0, ge=0, le=65_535, description="Prometheus endpoint port; 0 = off.")
    metrics_host: str = "127.0.0.1"
    sentry_port: int | Literal["auto"] = Field(
        0,
        description='Sentry probe endpoint port; 0 = off; "auto" = a free port the system picks when the agent starts'
        " (its URL, published in the node metadata, names it: for several agents on one host).",
    )
    sentry_host: str = "127.0.0.1"
    sentry_public_url: str | None = Field(
        None, max_length=200, description="URL sentries reach the probe endpoint at (node metadata); default host:port."
    )

    @field_validator("sentry_port")
    @classmethod
    def _sentry_port_in_range(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not 0 <= value <= 65_535:
            raise ValueError('a port from 1 to 65535, 0 (off) or "auto"')
        return value

    @property
    def sentry_bind_port(self) -> int:
        """The port the sentry endpoint binds: 0 (the system picks one) for ``"auto"``."""
        return 0 if self.sentry_port == "auto" else int(self.sentry_port)

    @model_validator(mode="after")
    def _one_key_source(self) -> WorkerConfig:
        if self.keystore_alias and self.key_env:
            raise ValueError("give keystore_alias or key_env, not both")
        return self

    @property
    def work_path(self) -> Path:
        return Path(self.work_dir)

    @property
    def journal_path(self) -> Path:
        return Path(self.journal) if self.journal else self.work_path / "journal.db"

    def require_oracles(self) -> list[str]:
        if not self.oracles:
            raise ConfigError('no oracles configured: set oracles = ["http://host:port", ...] in the config')
        return [url.rstrip("/") for url in self.oracles]

    def signer_key(self) -> bytes:
        """The staking key, from the environment or the keystore (never logged, never on the command line)."""
        from protocol.keys import KeyError_, load_key

        try:
            return load_key(
                keystore_alias=self.keystore_alias, passphrase_env=self.passphrase_env, key_env=self.key_env
            )
        except KeyError_ as exc:
            raise ConfigError(f"{exc} (set keystore_alias or key_env in the worker config)") from None
        except ValueError:
            raise ConfigError(f"{self.key_env} does not hold a hex private key") from None

    def to_toml(self) -> str:
        """The config as ``worker.toml`` text that ``load_config`` reads back to an equal config (None left out)."""
        data = self.model_dump(mode="json")
        data["claim_threshold"] = float(data["claim_threshold"])
        return toml_text(data)


def load_config(path: str | Path) -> WorkerConfig:
    """Read ``worker.toml``; raises ``ConfigError`` with the file and the problem."""
    return load_toml_config(path, WorkerConfig, what="worker config", hint="see the README's 'Worker node' section")
