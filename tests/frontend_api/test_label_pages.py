"""The labeling page's server side without a chain: the page renders, only the five labeler calls are
forwarded to an oracle (anything else 404, bodies over the cap 413, an oracle that is down 502), and items
are served from the store by CID as images or text, never as a page; the job page's gold reveal sends
nothing while no oracle reports the job settling, and its form shows for label jobs only."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from frontend_api.indexer import open_index
from frontend_api.label_gold import MAX_GOLD_BYTES
from frontend_api.web import build_web_app
from frontend_api.web.label_pages import MAX_FORWARD_BYTES
from protocol.jobspec import canonical_bytes
from protocol.storage import LocalStore, cid_of_bytes


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("label-pages")
    engine, sessions = open_index(f"sqlite:///{tmp / 'index.db'}")
    app = build_web_app(sessions)
    store = LocalStore(tmp / "store")
    app.state.wallet = SimpleNamespace(store=store, oracle_urls=["http://127.0.0.1:9"])  # nothing listens on 9
    with TestClient(app) as c:
        yield c, store
    engine.dispose()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def test_label_page__renders__with_its_oracle_count_and_shortcuts(client):
    c, _ = client
    page = c.get("/label")
    assert page.status_code == 200
    assert 'data-oracles="1"' in page.text and "<kbd>Enter</kbd> sign" in page.text
    assert "content-security-policy" in page.headers


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "v1/jobs/1"), ("POST", "v1/committee/settlement"), ("GET", "v1/work"), ("GET", "v1/label/leases/zz")],
)
def test_forward__other_oracle_calls__404(client, method, path):
    c, _ = client
    response = c.request(method, f"/label/oracle/0/{path}")
    assert response.status_code == 404 and "forwards only" in response.json()["detail"]


def test_forward__unknown_oracle_or_big_body_or_oracle_down__refused_saying_why(client):
    c, _ = client
    assert c.get("/label/oracle/3/v1/auth/challenge").status_code == 404
    big = c.post("/label/oracle/0/v1/work", content=b"[" + b" " * MAX_FORWARD_BYTES + b"]")
    assert big.status_code == 413
    down = c.post("/label/oracle/0/v1/work", json={"want": 1})
    assert down.status_code == 502 and "does not answer" in down.json()["detail"]


def test_item__image_and_text__served_by_cid_never_as_a_page(client):
    c, store = client
    png, text = _png(), b"<script>alert(1)</script> a sentence to label"
    image = c.get(f"/label/item/{store.put_bytes(png)}?media=image")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png" and image.content == png
    assert "sandbox" in image.headers["content-security-policy"]
    shown = c.get(f"/label/item/{store.put_bytes(text)}?media=text")
    assert shown.headers["content-type"].startswith("text/plain") and shown.content == text
    assert c.get(f"/label/item/{store.put_bytes(text)}?media=image").status_code == 415
    assert c.get(f"/label/item/{cid_of_bytes(b'never stored')}").status_code == 404
    assert c.get("/label/item/not-a-cid").status_code == 400


def test_gold_reveal_route__no_oracle_settling_or_too_big__refused_nothing_sent(client):
    c, _ = client
    early = c.post("/label/jobs/5/gold", content=b'{"version":1}')
    assert early.status_code == 409 and "Nothing was sent" in early.json()["detail"]
    assert "http://127.0.0.1:9: no answer" in early.json()["detail"]
    big = c.post("/label/jobs/5/gold", content=b" " * (MAX_GOLD_BYTES + 1))
    assert big.status_code == 413


def test_label_job__job_page_gold_form__only_for_a_label_spec(client):
    from types import SimpleNamespace as NS

    from frontend_api.web.label_pages import label_job
    from tests.support.transcribers import TextJob

    c, store = client
    spec = TextJob(items=20, gold_items=4, batch_size=5).spec
    request = NS(app=c.app)
    assert label_job(request, store.put_bytes(canonical_bytes(spec))) == {"gold_items": 4, "schema": "text"}
    assert label_job(request, store.put_bytes(b"kind: compute\n")) is None
    assert label_job(request, None) is None
