"""Fixtures for the contract unit tests (titanoboa, in-process EVM)."""

from __future__ import annotations

import boa
import pytest
from boa_system import TOKEN, System, deploy_system, keyed_account


@pytest.fixture(scope="session")
def _session_system() -> System:
    return deploy_system()


@pytest.fixture
def system(_session_system) -> System:
    """A freshly deployed system for each test: one deploy per session, every
    test's changes reverted afterwards by boa's anchor."""
    with boa.env.anchor():
        yield _session_system


@pytest.fixture
def requester(system) -> str:
    return keyed_account("requester")[0]


@pytest.fixture
def workers(system) -> list[str]:
    return [system.add_worker(f"worker-{i}") for i in range(3)]


@pytest.fixture
def non_owner() -> str:
    return keyed_account("non-owner")[0]


@pytest.fixture
def budget() -> int:
    return 1_000 * TOKEN
