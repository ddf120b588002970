"""The contracts' numeric codes are mirrored once in protocol.contracts; these tests read the Vyper
sources so a changed constant on either side fails here instead of in a money path."""

from __future__ import annotations

import re

import pytest

from protocol.contracts import CONTRACTS_DIR, JobStatus, Role, SentryFlag


def _constants(contract: str, prefix: str) -> dict[str, int]:
    source = (CONTRACTS_DIR / f"{contract}.vy").read_text()
    found = re.findall(rf"^{prefix}(\w+):\s*(?:public\()?constant\(uint\d+\)\)?\s*=\s*(\d+)", source, re.M)
    return {name: int(value) for name, value in found}


def test_job_status__every_escrow_status__mirrored_with_its_value():
    assert _constants("JobEscrow", "STATUS_") == {s.name: s.value for s in JobStatus}


@pytest.mark.parametrize("contract", ["WorkerRegistry", "SentryAttestations"])
def test_role__registry_roles__mirrored_with_their_values(contract):
    roles = _constants(contract, "ROLE_")
    assert roles and all(Role[name] == value for name, value in roles.items())


def test_sentry_flag__offline__mirrored_with_its_value():
    assert _constants("SentryAttestations", "FLAG_") == {f.name: f.value for f in SentryFlag}


def test_job_status__label__is_the_lower_case_name():
    assert JobStatus(2).label == "settled" and JobStatus.NONE.label == "none"
