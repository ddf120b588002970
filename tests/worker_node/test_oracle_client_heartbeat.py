"""``OracleClient.heartbeat``: the runtime's fraction goes beside the stage; an oracle older than the field
(its Heartbeat model forbids unknown fields: 422) still gets every beat, without the fraction from then on."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oracles.api import validation_detail
from protocol.leases import Heartbeat
from tests.support.agent_network import stub_lease
from worker_node.oracle_client import OracleClient

WORKER_KEY = b"\x01" * 32


class OldHeartbeat(BaseModel):
    """The heartbeat body before ``fraction``."""

    model_config = ConfigDict(extra="forbid")
    progress: float = Field(0.0, ge=0.0, le=1.0)


class _Oracle(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    model: type[BaseModel] = Heartbeat
    bodies: list[dict] = []  # accepted
    refused = 0

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        raw = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            type(self).model.model_validate(raw)
            status, body = 200, {"expires_at": 1_234.5}
            type(self).bodies.append(raw)
        except ValidationError as exc:
            status, body = 422, {"detail": validation_detail(exc.errors())}
            type(self).refused += 1
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=[Heartbeat, OldHeartbeat], ids=["oracle", "older_oracle"])
def oracle(request):
    _Oracle.model, _Oracle.bodies, _Oracle.refused = request.param, [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Oracle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = OracleClient(f"http://127.0.0.1:{server.server_address[1]}", WORKER_KEY, timeout=5)
    yield client, request.param
    client.close()
    server.shutdown()
    server.server_close()


def test_heartbeat__with_fraction__every_beat_accepted_fraction_only_where_the_oracle_knows_it(oracle):
    client, model = oracle
    lease = stub_lease("lease")
    assert client.heartbeat(lease, 0.1, 0.25) == 1_234.5
    assert client.heartbeat(lease, 0.1, 0.5) == 1_234.5
    assert client.heartbeat(lease, 0.95) == 1_234.5
    if model is Heartbeat:
        assert _Oracle.bodies == [
            {"progress": 0.1, "fraction": 0.25},
            {"progress": 0.1, "fraction": 0.5},
            {"progress": 0.95},
        ]
        assert _Oracle.refused == 0
    else:  # refused once with the fraction, then never sent one again
        assert _Oracle.bodies == [{"progress": 0.1}, {"progress": 0.1}, {"progress": 0.95}]
        assert _Oracle.refused == 1
