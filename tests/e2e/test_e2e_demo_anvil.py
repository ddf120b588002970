"""`gpuhive demo --chain anvil`: anvil, 3 `gpuhive oracle run` and 3 `gpuhive worker run` processes and the
requester in the demo process — the happy path for render and train, with the same report as the embedded
demo, keys kept out of files and command lines, and nothing left running afterwards (also after Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from gpuhive.demo.processes import MNEMONIC
from protocol.contracts import REPO_ROOT
from worker_node import orphans

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

GPUHIVE = str(REPO_ROOT / ".venv" / "bin" / "gpuhive")
ENV = {**os.environ, "COLUMNS": "200"}


def _demo(work: Path, *args: str) -> str:
    proc = subprocess.run(
        [GPUHIVE, "demo", "--chain", "anvil", "--workdir", str(work), *args],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=600,
        env=ENV,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc.stdout


def _rpc_port(work: Path) -> int:
    return int(tomllib.loads((work / "oracle1.toml").read_text())["rpc_url"].rsplit(":", 1)[1])


def _left_running(work: Path) -> list[str]:
    """Processes started for this demo that still run: roles (their argv names a config in ``work``),
    runtime children (the worker's orphan marker) and anvil (its port still answers)."""
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(work) in argv:
                left.append(f"{entry.name}: {argv}")
    for i in (1, 2, 3):
        left += [
            f"runtime child {pid} of worker{i}"
            for pid in orphans.marked_processes(orphans.agent_id(work / f"worker{i}" / "journal.db"))
        ]
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", _rpc_port(work))) == 0:
            left.append(f"anvil on port {_rpc_port(work)}")
    return left


def _no_keys_written(work: Path) -> None:
    from eth_account import Account

    Account.enable_unaudited_hdwallet_features()
    keys = [
        Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}").key.hex().removeprefix("0x")
        for i in range(10)
    ]
    assert len(set(keys)) == 10
    # anvil.log is left out: anvil's banner lists its own well-known dev accounts
    for path in [*work.glob("*.toml"), *(work / "logs").glob("*.log"), work / "deployment.json"]:
        if path.name == "anvil.log":
            continue
        text = path.read_text(errors="replace").lower()
        assert not any(k in text for k in keys), f"a private key is in {path}"


def test_e2e_demo_anvil__render__every_role_a_process_frames_checked_settled_claimed(tmp_path):
    out = _demo(tmp_path)
    assert "nothing stuck" in out
    assert out.count("accepted") == 4 and "re-rendered twice" in out
    paid = [who for who, amount in json.loads((tmp_path / "report.json").read_text())["payouts"].items() if amount]
    assert len(paid) >= 2  # the frames were spread over worker processes (each prefetches up to max_held_leases)
    assert (
        "settle (k=2 of 3" in out and "claim_refund" in out and out.count("│ claim ") == len(paid)
    )  # every one claims
    frames = sorted((tmp_path / "output").rglob("frame_*.png"))
    assert [f.name for f in frames] == [f"frame_000000{i}.png" for i in range(1, 5)]
    assert Image.open(frames[0]).size == (96, 72)
    logs = tmp_path / "logs"
    for name in ("anvil", "oracle1", "oracle2", "oracle3", "worker1", "worker2", "worker3"):
        assert (logs / f"{name}.log").is_file()
    assert all("oracle stopped" in (logs / f"oracle{i}.log").read_text() for i in (1, 2, 3))
    assert all("worker stopped" in (logs / f"worker{i}.log").read_text() for i in (1, 2, 3))
    workers_leased = sum("leased" in (logs / f"worker{i}.log").read_text() for i in (1, 2, 3))
    assert workers_leased >= 2  # the work really was spread over separate worker processes
    _no_keys_written(tmp_path)
    assert _left_running(tmp_path) == []


def test_e2e_demo_anvil__train__segments_replayed_settled(tmp_path):
    out = _demo(tmp_path, "--kind", "train")
    assert "nothing stuck" in out and out.count("accepted") == 4
    assert "replay distance 0.0" in out
    assert len(list((tmp_path / "output").rglob("*.safetensors"))) == 8
    assert _left_running(tmp_path) == []


def test_e2e_demo_anvil__ctrl_c__every_child_stopped(tmp_path):
    proc = subprocess.Popen(
        [GPUHIVE, "demo", "--chain", "anvil", "--workdir", str(tmp_path)],
        cwd="/",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
    )
    try:
        deadline = time.monotonic() + 120
        while not all((tmp_path / "logs" / f"worker{i}.log").exists() for i in (1, 2, 3)):
            assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.2)
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, output[-3000:]
    assert "interrupted" in output
    assert _left_running(tmp_path) == []
