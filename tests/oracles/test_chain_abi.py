"""The ABIs the oracle's web3 code uses come from Ape's build manifest only while it matches the sources."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from protocol.abi import load_abi, load_bytecode, manifest_contract_types
from protocol.contracts import CONTRACT_NAMES


def _project(tmp_path: Path, recorded: str = "# v1\n") -> tuple[Path, Path]:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    (contracts / "A.vy").write_text("# v1\n")
    manifest = tmp_path / ".build" / "__local__.json"
    manifest.parent.mkdir()
    manifest.write_text(
        json.dumps(
            {
                "contractTypes": {name: {"abi": [{"type": "function", "name": name}]} for name in CONTRACT_NAMES},
                "sources": {"contracts/A.vy": {"content": recorded}},
            }
        )
    )
    return manifest, contracts


def _age(path: Path, seconds: float) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def test_load_abi__every_contract__web3_json_with_events():
    for name in CONTRACT_NAMES:
        abi = load_abi(name)
        assert all("type" in item for item in abi)
    events = {item["name"] for item in load_abi("JobEscrow") if item["type"] == "event"}
    assert {"JobCreated", "JobSettled", "JobRejected"} <= events
    assert load_bytecode("JobEscrow")[:1] and isinstance(load_bytecode("JobEscrow"), bytes)


def test_load_abi__unknown_contract__key_error_lists_names():
    with pytest.raises(KeyError, match="JobEscrow"):
        load_abi("Escrow")


def test_manifest__newer_than_sources__used(tmp_path):
    manifest, contracts = _project(tmp_path)
    _age(contracts / "A.vy", 60)
    assert manifest_contract_types(manifest, contracts)["JobEscrow"]["abi"][0]["name"] == "JobEscrow"


def test_manifest__source_touched_but_unchanged__still_used(tmp_path):
    manifest, contracts = _project(tmp_path)
    _age(manifest, 60)
    assert manifest_contract_types(manifest, contracts) is not None


def test_manifest__source_edited_after_build__stale(tmp_path):
    manifest, contracts = _project(tmp_path)
    _age(manifest, 60)
    (contracts / "A.vy").write_text("# v2\n")
    assert manifest_contract_types(manifest, contracts) is None


def test_manifest__new_source_after_build__stale(tmp_path):
    manifest, contracts = _project(tmp_path)
    _age(manifest, 60)
    (contracts / "B.vy").write_text("# new\n")
    assert manifest_contract_types(manifest, contracts) is None


def test_manifest__missing__none(tmp_path):
    assert manifest_contract_types(tmp_path / "nope.json", tmp_path) is None
