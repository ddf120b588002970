"""The oracle on PostgreSQL (a real PostgreSQL 16 server from the pgserver wheel): the same
job path as on SQLite, and a restart that continues from the database."""

from __future__ import annotations

import time

import pytest

from protocol.contracts import JobStatus
from tests.support.oracle_network import build_network, job_manifest, spec_yaml
from tests.support.postgres import fresh_database, postgres_server

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    yield from postgres_server(tmp_path_factory)


def test_oracles_on_postgres__job_settles_and_restart_resumes(postgres, accounts, anvil_uri, chain_snapshot, tmp_path):
    urls = [fresh_database(postgres, f"oracle{i}") for i in range(3)]
    net = build_network(accounts, anvil_uri, tmp_path, database_urls=urls)
    try:
        assert net.oracle(0).engine.dialect.name == "postgresql"
        for i in (4, 5, 6):
            net.add_worker(accounts[i]).start()
        job_id = net.create_job(spec_yaml("compute"))
        net.wait_status(job_id, JobStatus.SETTLED)
        manifest, _ = job_manifest(net, job_id)
        assert all(t.status == "accepted" for t in manifest.tasks)
        for i in range(3):  # restart every oracle on its database: each ends with the job settled, once
            net.stop_oracle(i)
            net.start_oracle(i)
            deadline = time.monotonic() + 30  # a member learns of the settlement from its follower's cursor
            while net.oracle(i).job_status(job_id).state != "settled":
                assert time.monotonic() < deadline, net.oracle(i).job_status(job_id)
                time.sleep(0.1)
        assert net.contracts["JobEscrow"].get_job(job_id).status == JobStatus.SETTLED
    finally:
        net.close()
