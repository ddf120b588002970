"""`gpuhive demo`, the README's first command: the whole network in one process on the embedded
chain, with real Blender (or PyTorch), exits 0 with every task verified and nothing stuck."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from PIL import Image

from protocol.contracts import REPO_ROOT

pytestmark = [pytest.mark.slow]


def _demo(tmp_path, *args: str) -> str:
    proc = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "gpuhive"), "demo", "--workdir", str(tmp_path), *args],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc.stdout


def test_demo__render__frames_rendered_checked_settled_claimed(tmp_path):
    out = _demo(tmp_path)
    assert "nothing stuck" in out
    assert out.count("accepted") == 4 and "re-rendered twice" in out
    assert "settle (k=2 of 3" in out and "claim_refund" in out
    frames = sorted((tmp_path / "output").rglob("frame_*.png"))
    assert [f.name for f in frames] == [f"frame_000000{i}.png" for i in range(1, 5)]
    assert Image.open(frames[0]).size == (96, 72)
    assert "CPU capabilities only" in out  # no GPU here, and the demo says so
    report = json.loads((tmp_path / "report.json").read_text())  # the same report, for scripts
    assert [t["verdict"] for t in report["tasks"]] == ["accepted"] * 4
    assert report["gas_total"] == sum(gas for _, _, gas in report["gas"]) > 0
    assert report["escrow_balance_after"] == 0


def test_demo__train__segments_replayed_settled(tmp_path):
    out = _demo(tmp_path, "--kind", "train")
    assert "nothing stuck" in out and out.count("accepted") == 4
    assert "replay distance 0.0" in out
    assert len(list((tmp_path / "output").rglob("*.safetensors"))) == 8
