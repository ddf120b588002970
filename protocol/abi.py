"""The contracts' JSON ABIs (and deployment bytecode) for plain web3.py code.

Services that talk to the chain with web3.py (the oracle's chain client and
event follower, later the worker agent) need the ABIs but should not pay for
importing Ape. They read them from Ape's compiled project manifest,
``.build/__local__.json``, when it is up to date with ``contracts/``; only
when it is missing or stale do they compile through Ape (slow, once per
process). Results are cached in-process.

A manifest is up to date when it is newer than every source file, or when
the source texts it recorded equal the files on disk (a ``git checkout``
touches files without changing them).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from protocol.contracts import CONTRACT_NAMES, CONTRACTS_DIR, REPO_ROOT

log = logging.getLogger(__name__)

BUILD_MANIFEST = REPO_ROOT / ".build" / "__local__.json"
SOURCE_SUFFIXES = (".vy", ".vyi")

_lock = threading.Lock()
_cache: dict[str, dict[str, Any]] = {}


def load_abi(name: str) -> list[dict[str, Any]]:
    """The web3-compatible JSON ABI of contract ``name`` (one of CONTRACT_NAMES)."""
    return _contract_types()[_check_name(name)]["abi"]


def load_bytecode(name: str) -> bytes:
    """The deployment (init) bytecode of contract ``name``, without constructor arguments."""
    code = _contract_types()[_check_name(name)]["deploymentBytecode"]
    return bytes.fromhex(code.removeprefix("0x"))


def manifest_contract_types(manifest: Path, contracts_dir: Path) -> dict[str, dict[str, Any]] | None:
    """The ``contractTypes`` of an Ape manifest if it exists and is up to date with
    ``contracts_dir``, else None."""
    if not manifest.is_file():
        return None
    sources = _source_files(contracts_dir)
    newest_source = max((p.stat().st_mtime for p in sources), default=0.0)
    data = json.loads(manifest.read_text())
    if manifest.stat().st_mtime < newest_source and not _recorded_sources_match(data, sources, contracts_dir):
        return None
    types = data.get("contractTypes", {})
    if any(name not in types for name in CONTRACT_NAMES):
        return None
    return types


def clear_cache() -> None:
    """Forget cached ABIs (after recompiling in the same process)."""
    with _lock:
        _cache.clear()


def _check_name(name: str) -> str:
    if name not in CONTRACT_NAMES:
        raise KeyError(f"unknown contract {name!r}; expected one of {', '.join(CONTRACT_NAMES)}")
    return name


def _contract_types() -> dict[str, dict[str, Any]]:
    with _lock:
        if not _cache:
            types = manifest_contract_types(BUILD_MANIFEST, CONTRACTS_DIR)
            if types is None:
                types = _compile_with_ape()
            _cache.update({name: _slim(types[name]) for name in CONTRACT_NAMES})
        return _cache


def _slim(contract_type: dict[str, Any]) -> dict[str, Any]:
    """Keep only what callers use; the manifest also holds ASTs and source maps."""
    bytecode = contract_type.get("deploymentBytecode") or {}
    return {"abi": contract_type["abi"], "deploymentBytecode": bytecode.get("bytecode", "0x")}


def _source_files(contracts_dir: Path) -> list[Path]:
    return sorted(p for p in contracts_dir.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())


def _recorded_sources_match(data: dict[str, Any], sources: list[Path], contracts_dir: Path) -> bool:
    """Whether the manifest's recorded source texts equal the files on disk (by path relative to
    the project root, as Ape records them)."""
    recorded = data.get("sources") or {}
    root = contracts_dir.parent
    for path in sources:
        entry = recorded.get(path.relative_to(root).as_posix())
        if not entry or entry.get("content") != path.read_text():
            return False
    return True


def _compile_with_ape() -> dict[str, dict[str, Any]]:
    """Compile the project through Ape (which also refreshes ``.build/``)."""
    from protocol.deployment import ape_project

    log.info(
        "compiling contracts with Ape: the build manifest is missing or stale", extra={"manifest": str(BUILD_MANIFEST)}
    )
    containers = ape_project().load_contracts()
    return {
        name: containers[name].contract_type.model_dump(mode="json", by_alias=True, exclude_none=True)
        for name in CONTRACT_NAMES
    }
