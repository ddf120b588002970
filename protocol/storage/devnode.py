"""A throwaway offline IPFS node for tests, benchmarks and local development.

Starts js-ipfs (`ipfs@0.66.1` from the project's node_modules, installed by
`make setup`) with its own repository in a temporary directory, an empty
bootstrap list, discovery off, `--offline`, and every listener on 127.0.0.1
with a port the OS picks. Its Kubo-compatible RPC API is what `IpfsStore`
talks to. Use it as a context manager; the node is stopped on exit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from protocol.contracts import REPO_ROOT
from protocol.storage.errors import IpfsError

_API_LINE = re.compile(r"HTTP API listening on /ip4/127\.0\.0\.1/tcp/(\d+)/http")


def find_jsipfs() -> str:
    """Path of the `jsipfs` executable (node_modules/.bin first), or raise IpfsError saying how to install it."""
    local = REPO_ROOT / "node_modules" / ".bin" / "jsipfs"
    if local.exists():
        return str(local)
    found = shutil.which("jsipfs")
    if found is None:
        raise IpfsError("jsipfs not found: run `make setup` (npm installs the `ipfs` package from package.json)")
    return found


class JsIpfsNode:
    """An offline js-ipfs daemon in a temporary repository; `api_url` once started."""

    def __init__(self, *, start_timeout: float = 90.0) -> None:
        self.start_timeout = start_timeout
        self.api_url = ""
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None

    def start(self) -> JsIpfsNode:
        jsipfs = find_jsipfs()
        self._tmp = tempfile.TemporaryDirectory(prefix="gpuhive-jsipfs-")
        repo = Path(self._tmp.name) / "repo"
        env = {**os.environ, "IPFS_PATH": str(repo)}
        init = subprocess.run([jsipfs, "init", "--empty-repo"], env=env, capture_output=True, timeout=120)
        if init.returncode != 0:
            raise IpfsError(f"jsipfs init failed: {init.stderr.decode(errors='replace')[-2000:]}")
        _configure_offline(repo / "config")
        self._log = Path(self._tmp.name) / "daemon.log"
        with open(self._log, "wb") as log:
            self._proc = subprocess.Popen(
                [jsipfs, "daemon", "--offline", "--enable-preload=false"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() ends exactly what it started
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            text = self._log.read_text(errors="replace")
            match = _API_LINE.search(text)
            if match and "Daemon is ready" in text:
                self.api_url = f"http://127.0.0.1:{match.group(1)}"
                return self
            if self._proc.poll() is not None:
                break
            time.sleep(0.2)
        log_text = self._log.read_text(errors="replace")[-2000:]
        self.stop()
        raise IpfsError(f"js-ipfs daemon did not become ready within {self.start_timeout:g}s:\n{log_text}")

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait(timeout=15)
            except ProcessLookupError:
                pass
        self._proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> JsIpfsNode:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _configure_offline(config_path: Path) -> None:
    """Loopback-only listeners on OS-chosen ports, no bootstrap peers, no discovery, no fsync per block."""
    config = json.loads(config_path.read_text())
    addresses = config.setdefault("Addresses", {})
    addresses.update(
        {
            "Swarm": ["/ip4/127.0.0.1/tcp/0"],
            "API": "/ip4/127.0.0.1/tcp/0",
            "Gateway": "/ip4/127.0.0.1/tcp/0",
            "RPC": "/ip4/127.0.0.1/tcp/0",
            "Delegates": [],
            "Announce": [],
        }
    )
    config["Bootstrap"] = []
    discovery = config.setdefault("Discovery", {})
    discovery["MDNS"] = {"Enabled": False, "Interval": 10}
    discovery["webRTCStar"] = {"Enabled": False}
    for mount in config.get("Datastore", {}).get("Spec", {}).get("mounts", []):
        child = mount.get("child", {})
        if child.get("type") == "flatfs":
            child["sync"] = False  # a throwaway repo: no fsync per block
    config_path.write_text(json.dumps(config, indent=2))
