"""The app on top: the root CLI runs from any directory, and the import layers hold (and are enforced)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from protocol.contracts import REPO_ROOT

PACKAGES = ("gpuhive", "oracles", "worker_node", "frontend_api", "protocol")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "lint-imports"
    return subprocess.run(
        [str(exe), "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
    )


def _copy_tree(dest: Path) -> None:
    for name in PACKAGES:
        shutil.copytree(REPO_ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.blend"))
    shutil.copy(REPO_ROOT / "pyproject.toml", dest / "pyproject.toml")


def test_gpuhive_help__from_another_directory__lists_every_role(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gpuhive.cli", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "deploy", "job", "store", "oracle", "worker"):
        assert command in result.stdout
    assert not list(tmp_path.iterdir())  # nothing written where the user stood


def test_job_validate__relative_path_from_another_directory__reads_the_users_file(tmp_path):
    shutil.copy(REPO_ROOT / "examples" / "compute.yaml", tmp_path / "mine.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "gpuhive.cli", "job", "validate", "mine.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "spec_hash" in result.stdout


@pytest.mark.slow
def test_layers_contract__protocol_imports_oracles__is_broken(tmp_path):
    _copy_tree(tmp_path)
    assert _lint_imports(tmp_path).returncode == 0  # the copy as it is keeps the contract
    init = tmp_path / "protocol" / "__init__.py"
    init.write_text(init.read_text() + "\nimport oracles.config  # noqa: F401\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "protocol -> oracles.config" in result.stdout


@pytest.mark.slow
def test_layers_contract__worker_node_imports_oracles__is_broken(tmp_path):
    _copy_tree(tmp_path)
    target = tmp_path / "worker_node" / "rewards.py"
    target.write_text(target.read_text() + "\nimport oracles.models  # noqa: F401\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "worker_node.rewards -> oracles.models" in result.stdout


def test_demo_amounts__below_a_cent__shown_by_their_first_digits_not_as_zero():
    from gpuhive.cli import _tokens
    from protocol.contracts import TOKEN

    assert _tokens(TOKEN // 1_000) == "0.001"  # the zk demo's reward per proven task (was "0.00")
    assert [_tokens(0), _tokens(12 * TOKEN), _tokens(TOKEN // 20)] == ["0.00", "12.00", "0.05"]
