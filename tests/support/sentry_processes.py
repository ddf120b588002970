"""Sentries as real `gpuhive sentry run` processes on the session's anvil, for the process tests
(tests/oracles/test_sentry_processes.py, tests/e2e/test_e2e_sentry_jail.py).

- ``join``: register a node (sentry or worker) and stake it, through Ape, from a funder's tokens.
- ``sentry_child``: a sentry's config file and its process (``gpuhive.demo.processes.Child``: own session,
  log appended, SIGTERM/SIGKILL by pid); ``sentry_running`` says whether its latest start got to the loop.
- ``block_miner``: a chain that makes blocks (as ``anvil --block-time 1`` or any live chain does), with
  ``oracle_network.BlockMiner``. The contract's clock moves only with blocks, and the session's anvil
  mines only on transactions.
- ``wait_for`` and ``log_tails``: a wait whose timeout message carries the last lines of every sentry log.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from gpuhive.demo.processes import Child
from protocol.config import toml_text
from protocol.contracts import REPO_ROOT, TOKEN
from tests.support.oracle_network import BlockMiner

SENTRY_KEY_ENV = "GPUHIVE_SENTRY_TEST_KEY"


def key_of(account: Any) -> bytes:
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


def join(token: Any, registry: Any, funder: Any, node: Any, role: int, cid: str = "", stake: int = 100 * TOKEN) -> None:
    """``funder`` sends ``node`` its stake in tokens; ``node`` registers with ``role`` and stakes it all."""
    token.transfer(node, stake, sender=funder)
    token.approve(registry, stake, sender=node)
    registry.register(role, 0b100, cid, sender=node)
    registry.stake(stake, sender=node)


def sentry_child(
    workdir: Path, name: str, account: Any, *, rpc_url: str, deployment: Path, store: Path, **options: Any
) -> Child:
    """``<workdir>/<name>.toml`` written (2 probes of n = 256 per worker per epoch, a 0.5 s tick, SQLite in
    the work folder; ``options`` override) and the not yet started ``gpuhive sentry run`` process for it; the
    sentry's key reaches it only through its environment."""
    config = workdir / f"{name}.toml"
    fields = {
        "rpc_url": rpc_url,
        "deployment": str(deployment),
        "key_env": SENTRY_KEY_ENV,
        "database_url": f"sqlite:///{workdir}/{name}.db",
        "storage": {"kind": "local", "path": str(store)},
        "probes_per_epoch": 2,
        "probe_n": 256,
        "poll_interval": 0.5,
        **options,
    }
    config.write_text(toml_text(fields))
    env = {**os.environ, SENTRY_KEY_ENV: key_of(account).hex()}
    argv = [str(REPO_ROOT / ".venv" / "bin" / "gpuhive"), "sentry", "run", "--config", str(config)]
    return Child(name, argv, env, workdir / f"{name}.log")


def sentry_running(child: Child) -> bool:
    """Whether the child's latest start got as far as the sentry loop (its log says "sentry running")."""
    latest = child.log_text().rsplit(f" start {child.name}\n", 1)[-1]
    return child.alive and "sentry running" in latest


@contextlib.contextmanager
def block_miner(rpc_url: str, every: float = 1.0) -> Iterator[BlockMiner]:
    """``oracle_network.BlockMiner`` mining a block every ``every`` seconds while the block runs."""
    miner = BlockMiner(rpc_url, period=every).start()
    try:
        yield miner
    finally:
        miner.stop()


def log_tails(paths: Iterable[Path], lines: int = 40) -> str:
    """The last lines of each log, for a failure message."""
    out = []
    for path in paths:
        text = path.read_text(errors="replace").splitlines() if path.exists() else ["(no log)"]
        out.append(f"--- {path.name} (last {lines} of {len(text)} lines)\n" + "\n".join(text[-lines:]))
    return "\n".join(out)


def wait_for(condition: Callable[[], Any], timeout: float, what: str, logs: Iterable[Path] = ()) -> Any:
    """``condition()``'s first truthy value, polled every 0.5 s (each poll may be several RPC or HTTP calls
    to processes on a loaded machine); on timeout an AssertionError with the last lines of ``logs``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}\n{log_tails(logs)}")
