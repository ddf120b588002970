"""Fuzzing the oracle's HTTP API from its own OpenAPI document (schemathesis over real HTTP): no generated
request — schema-valid or not, anonymous or with a worker's bearer token — gets a 5xx.

With a token, half the requests are aimed at live objects (the worker's real lease, a real job id),
so the generated bodies reach the dispatcher and the committee code, not only the 404 paths.
"""

from __future__ import annotations

import pytest
import schemathesis  # noqa: E402  (a test dependency: pyproject [test])
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from tests.support.oracle_api import (  # noqa: F401  (_function_isolation overrides Ape's fixture)
    _function_isolation,
    api_network,
    logged_in,
    new_worker,
    running_job,
    small_compute_spec,
)

pytestmark = [pytest.mark.anvil]

MAX_EXAMPLES = 50  # per operation and mode, with a token (anonymous: half; most answers are 401)


@pytest.fixture(scope="module")
def net(accounts, anvil_uri, tmp_path_factory):
    with api_network(accounts, anvil_uri, tmp_path_factory.mktemp("api_fuzz"), lease_seconds=30.0) as network:
        yield network


@pytest.fixture(scope="module")
def target(net):
    """The oracle leading a running job, a worker logged in there, and the lease it holds."""
    job_id, leader = running_job(net, small_compute_spec(seed=77, tasks=2))
    client = logged_in(leader, new_worker(net))
    lease = client.lease(wait_s=5.0)
    assert lease is not None
    yield leader, client, job_id, lease
    client.close()


def _operations(url: str) -> list:
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    return operations


def _fuzz(operation, mode, send, examples: int = MAX_EXAMPLES) -> list[str]:
    """Run ``send(case, data)`` on up to ``examples`` generated cases; returns the 5xx it met."""
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=examples, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(case, data) -> None:
        response = send(case, data)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {case.as_curl_command()}\n{response.text[:300]}")

    try:
        run()
    except Unsatisfiable:  # negative mode on an operation with no parameters or body: nothing to break
        pass
    return failures


def _bounded(case) -> None:
    """Keep long-polls short: a schema-valid ``wait_s`` may be up to 30 s."""
    body = case.body
    long_polls = ("/v1/leases", "/v1/work")
    if case.path in long_polls and isinstance(body, dict) and isinstance(body.get("wait_s"), int | float):
        if 0 <= body["wait_s"] <= 30:
            body["wait_s"] = min(body["wait_s"], 0.1)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_fuzz__anonymous_requests__never_5xx(target, mode):
    leader = target[0]
    failures = []
    for operation in _operations(leader.url):

        def send(case, _data):
            _bounded(case)
            return case.call(base_url=leader.url, timeout=10)

        failures += _fuzz(operation, schemathesis.GenerationMode(mode), send, MAX_EXAMPLES // 2)
    assert not failures, "\n\n".join(failures[:5])


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_fuzz__worker_with_token__never_5xx(target, mode):
    leader, client, job_id, lease = target
    failures = []
    for operation in _operations(leader.url):

        def send(case, data):
            _bounded(case)
            if data.draw(st.booleans(), label="aim at live objects"):
                if "lease_id" in (case.path_parameters or {}):
                    case.path_parameters["lease_id"] = lease.lease_id
                if "job_id" in (case.path_parameters or {}):
                    case.path_parameters["job_id"] = job_id
                if isinstance(case.body, dict) and "job_id" in case.body:
                    case.body["job_id"] = job_id
            headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            case.headers = headers
            return case.call(base_url=leader.url, headers={"Authorization": f"Bearer {client.token}"}, timeout=10)

        failures += _fuzz(operation, schemathesis.GenerationMode(mode), send)
    assert not failures, "\n\n".join(failures[:5])
    assert leader.job_status(job_id) is not None  # the oracle still serves its job
