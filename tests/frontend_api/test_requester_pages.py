"""The wallet pages' server side on anvil (the session's deployment) and a local store: the spec check
gives exactly the field-level errors `gpuhive job validate --json` gives; uploads are stored under their
CID, bounded, and a cut-off upload stores nothing; a checked spec is stored as canonical bytes; the job's
actions follow the contract's clock; the pages render; without a backend the routes say what to start."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlparse

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
from frontend_api.indexer import open_index
from frontend_api.web import build_web_app
from protocol.chain import ChainClient
from protocol.contracts import TOKEN
from protocol.jobspec import canonical_bytes, load_spec, spec_hash_hex
from protocol.jobspec.cli import app as jobspec_cli
from protocol.storage import LocalStore, cid_of_bytes
from tests.support.explorer_chain import serve_in_thread

pytestmark = [pytest.mark.anvil]

SCENE = b"BLENDER-v300 not really a scene, but bytes with a CID" * 100


@pytest.fixture(scope="module")
def backend(deployed, anvil_uri, tmp_path_factory) -> WalletBackend:
    from web3 import Web3

    tmp = tmp_path_factory.mktemp("wallet")
    chain = ChainClient(Web3(Web3.HTTPProvider(anvil_uri)), deployed[0])
    return WalletBackend(chain, LocalStore(tmp / "store"), [], anvil_uri, max_upload_bytes=64 * 1024, spool_dir=tmp)


@pytest.fixture(scope="module")
def app(backend, tmp_path_factory):
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('index') / 'index.db'}")
    web = build_web_app(sessions)
    attach_wallet(web, backend)
    yield web
    engine.dispose()


@pytest.fixture(scope="module")
def client(app) -> TestClient:
    return TestClient(app)


def render_doc(backend: WalletBackend, **over) -> dict:
    doc = {
        "kind": "render",
        "name": "wallet test",
        "scene_cid": backend.store.put_bytes(SCENE),
        "frame_start": 1,
        "frame_end": 4,
        "resolution_x": 64,
        "resolution_y": 48,
        "samples": 4,
        "split": {"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
        "verification": {"method": "render", "spot_check_bps": 5000, "crops": 4, "crop_size_bps": 5000},
        "reward_per_task": str(TOKEN),
        "budget": str(20 * TOKEN),
        "deadline": 1_990_000_000,
    }
    doc.update(over)
    return doc


def test_validate__bad_spec__the_field_errors_of_gpuhive_job_validate(client, backend, tmp_path):
    doc = render_doc(backend, frame_end=0, split={"frames_per_task": 1, "tiles_x": 9, "tiles_y": 1}, samples="many")
    doc["colour"] = "red"
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc))
    cli = CliRunner().invoke(jobspec_cli, ["validate", str(path), "--json", "--now", "1"])
    expected = json.loads(cli.stdout)["errors"]

    answer = client.post("/api/v1/specs/validate", content=json.dumps(doc))

    assert answer.status_code == 422
    assert answer.json() == {"ok": False, "errors": expected}
    assert {e["field"] for e in expected} >= {"samples", "colour"}


def test_validate__valid_spec__budget_needed_and_hash(client, backend):
    doc = render_doc(backend)
    body = client.post("/api/v1/specs/validate", content=json.dumps(doc)).json()
    spec = load_spec(json.dumps(doc), "json")
    assert body["ok"] and body["budget_needed"] == str(spec.budget_needed) and body["num_tasks"] == 4
    assert body["spec_hash"] == spec_hash_hex(spec)


def test_validate__input_not_stored_and_deadline_past__errors_at_those_fields(client, backend):
    doc = render_doc(backend, scene_cid=cid_of_bytes(b"never uploaded"), deadline=1_000)
    errors = client.post("/api/v1/specs/validate", content=json.dumps(doc)).json()["errors"]
    by_field = {e["field"]: e["message"] for e in errors}
    assert "not in the store" in by_field["scene_cid"] and "not in the future" in by_field["deadline"]


def test_validate__oversized_or_yaml_bomb__refused_before_parsing(client):
    assert client.post("/api/v1/specs/validate", content=b"[" * 70_000).status_code == 413
    nested = client.post("/api/v1/specs/validate", content=b"[" * 100 + b"]" * 100)
    assert nested.status_code == 422 and "deeper than" in nested.json()["errors"][0]["message"]


def test_store_spec__canonical_bytes_stored_and_pinned(client, backend):
    doc = render_doc(backend, name="stored spec")
    body = client.post("/api/v1/specs", content=json.dumps(doc)).json()
    spec = load_spec(json.dumps(doc), "json")
    assert backend.store.get_bytes(body["spec_cid"]) == canonical_bytes(spec)
    assert body["spec_hash"] == spec_hash_hex(spec) and backend.store.is_pinned(body["spec_cid"])


def test_upload__stored_under_its_cid(client, backend):
    body = client.post("/api/v1/uploads?name=scene.blend", content=SCENE).json()
    assert body == {"cid": cid_of_bytes(SCENE), "size": len(SCENE), "name": "scene.blend"}
    assert backend.store.get_bytes(body["cid"]) == SCENE


def test_upload__too_large_or_empty__refused(client, backend):
    big = client.post("/api/v1/uploads", content=b"x" * (backend.max_upload_bytes + 1))
    assert big.status_code == 413 and "at most 65,536" in big.json()["detail"]
    assert client.post("/api/v1/uploads", content=b"").status_code == 400
    assert not backend.store.has(cid_of_bytes(b"x" * (backend.max_upload_bytes + 1)))


def test_upload__connection_cut_halfway__nothing_stored(app, backend):
    data = b"half a dataset " * 2_000
    with serve_in_thread(app) as url:
        where = urlparse(url)
        with socket.create_connection((where.hostname, where.port)) as sock:
            sock.sendall(
                b"POST /api/v1/uploads?name=d.npz HTTP/1.1\r\nHost: x\r\n"
                + f"Content-Length: {len(data)}\r\n\r\n".encode()
                + data[: len(data) // 2]
            )
            sock.shutdown(socket.SHUT_WR)  # the browser's connection breaks
            reply = sock.recv(4096).decode(errors="replace")
    assert not backend.store.has(cid_of_bytes(data))
    assert not list(backend.spool_dir.glob("gpuhive-upload-*"))  # the spooled half is gone
    assert reply == "" or " 400 " in reply.splitlines()[0]


def test_job_live__open_job__each_action_when_the_contract_allows_it(client, deployed, accounts, chain_snapshot):
    from ape import chain

    _, c, params = deployed
    requester = accounts[9]
    c["HiveToken"].transfer(requester, 10 * TOKEN, sender=accounts[0])
    c["HiveToken"].approve(c["JobEscrow"], 10 * TOKEN, sender=requester)
    deadline = chain.pending_timestamp + 3_600
    tx = c["JobEscrow"].create_job("bafk-live", b"\x01" * 32, 2, 10 * TOKEN, deadline, sender=requester)
    job_id = tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id

    live = client.get(f"/api/v1/jobs/{job_id}/live").json()
    actions = live["actions"]
    assert live["status"] == "open" and live["requester"] == requester.address
    assert actions["cancel"]["enabled"] and not actions["dispute"]["enabled"] and not actions["refund"]["enabled"]
    assert not actions["reclaim"]["enabled"] and actions["reclaim"]["opens_at"] == deadline + params.settle_grace + 1

    chain.pending_timestamp = deadline + params.settle_grace + 1
    chain.mine()
    actions = client.get(f"/api/v1/jobs/{job_id}/live").json()["actions"]
    assert actions["reclaim"]["enabled"]
    c["JobEscrow"].reclaim(job_id, sender=accounts[0])  # what the page enables, the contract accepts
    assert client.get(f"/api/v1/jobs/{job_id}/live").json()["actions"]["reclaim"]["enabled"] is False
    assert client.get("/api/v1/jobs/999999/live").status_code == 404


def test_job_live__oracle_down__named_chain_state_still_served(app, backend, deployed, accounts, chain_snapshot):
    _, c, _ = deployed
    requester = accounts[9]
    c["HiveToken"].transfer(requester, 5 * TOKEN, sender=accounts[0])
    c["HiveToken"].approve(c["JobEscrow"], 5 * TOKEN, sender=requester)
    from ape import chain

    tx = c["JobEscrow"].create_job(
        "bafk-down", b"\x02" * 32, 1, 5 * TOKEN, chain.pending_timestamp + 3_600, sender=requester
    )
    job_id = tx.decode_logs(c["JobEscrow"].JobCreated)[0].job_id
    backend.oracle_urls = ["http://127.0.0.1:9"]  # nothing listens there
    try:
        live = TestClient(app).get(f"/api/v1/jobs/{job_id}/live").json()
        page = TestClient(app).get(f"/jobs/{job_id}").text
    finally:
        backend.oracle_urls = []
    assert live["oracles_down"] == ["http://127.0.0.1:9"] and live["status"] == "open" and live["progress"] is None
    assert "Oracles not answering: http://127.0.0.1:9" in page and 'data-action="cancel"' in page


def test_pages__new_job_worker_and_a_job__render(client, deployed):
    page = client.get("/new")
    assert page.status_code == 200 and 'data-path="split.tiles_x"' in page.text and "<script>" not in page.text
    assert client.get("/worker").status_code == 200
    assert client.get("/jobs/424242").status_code == 404
    config = client.get("/api/v1/wallet/config").json()
    assert config["contracts"]["JobEscrow"]["address"] == deployed[0].address("JobEscrow")
    assert config["token"]["permit"] and config["token"]["eip712"]["version"] == "1"


def test_wallet_routes__no_backend__503_says_what_to_start(tmp_path, monkeypatch):
    for name in ("GPUHIVE_DEPLOYMENT", "GPUHIVE_ORACLES", "GPUHIVE_STORE", "GPUHIVE_IPFS_API"):
        monkeypatch.delenv(name, raising=False)
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    bare = TestClient(build_web_app(sessions))
    answer = bare.get("/api/v1/wallet/config")
    assert answer.status_code == 503 and "GPUHIVE_ORACLES" in answer.json()["detail"]
    assert "without the chain" in bare.get("/new").text
    engine.dispose()


def test_wallet_routes__backend_from_the_requester_environment(deployed, anvil_uri, tmp_path, monkeypatch):
    deployed[0].save(tmp_path / "deployment.json")
    env = {
        "GPUHIVE_RPC": anvil_uri,
        "GPUHIVE_DEPLOYMENT": str(tmp_path / "deployment.json"),
        "GPUHIVE_ORACLES": "http://127.0.0.1:8700, http://127.0.0.1:8701",
        "GPUHIVE_STORE": str(tmp_path / "store"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GPUHIVE_IPFS_API", raising=False)
    engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    web = TestClient(build_web_app(sessions))
    config = web.get("/api/v1/wallet/config").json()
    assert config["contracts"]["JobEscrow"]["address"] == deployed[0].address("JobEscrow")
    assert config["rpc_url"] == anvil_uri and web.app.state.wallet.oracle_urls == env["GPUHIVE_ORACLES"].split(", ")
    assert web.post("/api/v1/uploads", content=b"from the env store").json()["cid"] == cid_of_bytes(
        b"from the env store"
    )
    engine.dispose()


def test_cli_and_page__same_errors_for_a_yaml_example(client, tmp_path):
    doc = yaml.safe_load(open("examples/train.yaml"))
    doc["batch_size"] = 10**9
    path = tmp_path / "train.json"
    path.write_text(json.dumps(doc, default=str))
    expected = json.loads(CliRunner().invoke(jobspec_cli, ["validate", str(path), "--json", "--now", "1"]).stdout)
    got = client.post("/api/v1/specs/validate", content=path.read_bytes()).json()
    assert [e for e in got["errors"] if e["field"] != "dataset.cid"] == expected["errors"]
