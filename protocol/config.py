"""The config shell every role shares: TOML files read into pydantic models, one error style.

Each role (``oracle.toml``, ``worker.toml``, later ``sentry.toml``) defines its
own model on ``ConfigSection`` and reads it with ``load_toml_config``, which
turns every problem (a missing file, bad TOML, a wrong field) into a
``ConfigError`` naming the file and what to change. The sections that more
than one role reads live here too: ``[storage]`` and the committee's
settlement ``[policy]`` (also recorded in every result manifest).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from protocol.contracts import TOKEN
from protocol.errors import GPUHiveError
from protocol.storage.store import DEFAULT_MAX_DOWNLOAD_BYTES

if TYPE_CHECKING:
    from protocol.storage import Store

_BPS = 10_000  # basis points, as protocol.jobspec.types.BPS


class ConfigError(GPUHiveError, ValueError):
    """A config file is missing or wrong; the message names the file and says what to change."""


class ConfigSection(BaseModel):
    """A config table: unknown keys are errors (a typo must not silently fall back to a default)."""

    model_config = ConfigDict(extra="forbid")


class CommitteePolicy(ConfigSection):
    """Numbers that go into a settlement. Members with a different policy compute a different
    settlement and refuse to sign the leader's, so all operators of a committee use the same."""

    fee_bps: int = Field(500, ge=0, le=10_000, description="Oracle fee as a share of the payouts, basis points.")
    slash_amount: int = Field(
        10 * TOKEN, ge=0, description="Least stake slashed per caught fault (a wrong result), whatever the reward."
    )
    slash_reward_multiple: int = Field(
        3,
        ge=0,
        le=1_000,
        description="A caught fault is slashed this many rewards divided by the job's check share "
        "(``slash_per_fault``), so the expected slash of one cheated task is this many times the detection "
        "rate times its reward: more than the reward (the most a cheat can save) whenever detection is above 1/3.",
    )
    max_rounds: int = Field(3, ge=1, le=10, description="Attempts per task after failed checks before it fails.")

    def slash_per_fault(self, reward_per_task: int, check_bps: int, num_tasks: int | None = None) -> int:
        """Stake slashed for one caught fault in a job of ``num_tasks`` tasks paying ``reward_per_task`` and
        checking ``check_bps``: ``max(slash_amount, ceil(slash_reward_multiple × reward / c))``.

        ``c`` is the chance a given task is checked: ``p + (1 − p)^M / M`` with ``p = check_bps / 10 000``
        (a job none of whose ``M`` tasks is drawn checks one of them, picked uniformly); ``p`` alone when
        ``num_tasks`` is not given or above ``FALLBACK_EXACT_TASKS`` (a larger slash); 1 when ``check_bps``
        is 0 (hash replicas only: every task compared). A cheated task is caught with chance ``c ×
        detection``, so its expected slash is ``slash_reward_multiple × detection × reward`` whatever the
        share (``protocol.cheating_economics``). Integer arithmetic: every member computes the same number.
        """
        if reward_per_task < 0 or not 0 <= check_bps <= _BPS or (num_tasks is not None and num_tasks < 1):
            raise ValueError("reward_per_task must be >= 0, check_bps within 0..10000 and num_tasks >= 1")
        stake = self.slash_reward_multiple * reward_per_task
        if check_bps == 0:
            return max(self.slash_amount, stake)
        if num_tasks is None or num_tasks > FALLBACK_EXACT_TASKS:
            return max(self.slash_amount, -(-stake * _BPS // check_bps))
        # c = (bps·BPS^(M−1)·M + (BPS − bps)^M) / (BPS^M·M)
        m = num_tasks
        numerator = check_bps * _BPS ** (m - 1) * m + (_BPS - check_bps) ** m
        return max(self.slash_amount, -(-stake * _BPS**m * m // numerator))


FALLBACK_EXACT_TASKS = 4_096  # jobs up to this many tasks count the fallback check in the slash's check share


class StorageConfig(ConfigSection):
    """``[storage]``: a local content-addressed directory or an IPFS node's RPC API."""

    kind: Literal["local", "ipfs"] = "local"
    path: str = "gpuhive-data/store"
    api_url: str = "http://127.0.0.1:5001"
    max_download_bytes: int = Field(
        DEFAULT_MAX_DOWNLOAD_BYTES,
        ge=1,
        description="Most bytes one download may bring (a scene, a dataset, an output); a node that sends more "
        "is cut off. Downloads are also stopped at the size the content's DAG declares.",
    )

    def open(self) -> Store:
        """The store this section names: a local directory or an IPFS node's RPC API."""
        if self.kind == "ipfs":
            from protocol.storage.ipfs_store import IpfsStore

            return IpfsStore(self.api_url, max_download_bytes=self.max_download_bytes)
        from protocol.storage import LocalStore

        return LocalStore(self.path, max_download_bytes=self.max_download_bytes)


def toml_text(data: dict[str, Any]) -> str:
    """TOML text for a config dump: scalars, lists of scalars, tables and arrays of tables; None left out.

    Hand-written because the maintained TOML writers (tomli-w, tomlkit) would be one more dependency for
    these few lines, and ``tomllib`` (standard library) only reads.
    """

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    def is_tables(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def table(body: dict[str, Any], prefix: str) -> list[str]:
        lines = [
            f"{k} = {value(v)}"
            for k, v in body.items()
            if v is not None and not isinstance(v, dict) and not is_tables(v)
        ]
        for k, v in body.items():
            name = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                lines += ["", f"[{name}]", *table(v, name)]
            elif is_tables(v):
                for item in v:
                    lines += ["", f"[[{name}]]", *table(item, name)]
        return lines

    return "\n".join(table(data, "")).lstrip("\n") + "\n"


M = TypeVar("M", bound=BaseModel)


def load_toml_config(path: str | Path, model: type[M], *, what: str, hint: str) -> M:
    """Read the TOML file ``path`` into ``model``; every problem is a ``ConfigError`` naming the file.

    ``what`` names the file's role in messages ("worker config"); ``hint`` says where to start when it is
    missing ("see the README's 'Worker node' section").
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"no {what} at {path}; {hint}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {exc}") from None
