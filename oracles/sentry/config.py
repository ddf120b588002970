"""Sentry configuration (``sentry.toml``). The key is never in the file or on the command line: Ape's
keystore (``keystore_alias``, passphrase from the variable ``passphrase_env`` names) or ``key_env``."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from oracles.sentry.gpu_class import DEFAULT_CLASSES, GpuClass
from protocol.config import ConfigError, ConfigSection, StorageConfig, load_toml_config

__all__ = ["SentryConfig", "load_config"]


class SentryConfig(ConfigSection):
    rpc_url: str = Field("http://127.0.0.1:8545", description="JSON-RPC URL of the chain.")
    deployment: str = "deployment.json"
    keystore_alias: str | None = None
    passphrase_env: str = "GPUHIVE_KEYSTORE_PASSPHRASE"
    key_env: str | None = None
    database_url: str = "sqlite:///gpuhive-data/sentry.db"
    storage: StorageConfig = StorageConfig()
    probes_per_epoch: int = Field(4, ge=1, le=64, description="Probes of each worker per epoch, at random times.")
    probe_n: int = Field(256, ge=16, le=1_024, description="Side of the probe's matmul (same for every worker).")
    probe_timeout: float = Field(20.0, gt=0, le=300)
    concurrency: int = Field(8, ge=1, le=256, description="Probes in flight at once.")
    poll_interval: float = Field(1.0, gt=0)
    confirmations: int = Field(2, ge=0, le=1_000, description="Blocks deep before a registry event counts.")
    metrics_port: int = Field(0, ge=0, le=65_535, description="Prometheus endpoint port; 0 = off.")
    gpu_classes: tuple[GpuClass, ...] = Field(
        DEFAULT_CLASSES, max_length=32, description="Claimed GPU classes and their probe-score ranges, in match order."
    )

    @model_validator(mode="after")
    def _one_key_source(self) -> SentryConfig:
        if self.keystore_alias and self.key_env:
            raise ValueError("give keystore_alias or key_env, not both")
        return self

    def signer_key(self) -> bytes:
        from protocol.keys import KeyError_, load_key

        try:
            return load_key(
                keystore_alias=self.keystore_alias, passphrase_env=self.passphrase_env, key_env=self.key_env
            )
        except KeyError_ as exc:
            raise ConfigError(f"{exc} (set keystore_alias or key_env in the sentry config)") from None
        except ValueError:
            raise ConfigError(f"{self.key_env} does not hold a hex private key") from None


def load_config(path: str | Path) -> SentryConfig:
    return load_toml_config(path, SentryConfig, what="sentry config", hint="see examples/sentry.toml")
