"""The dApp's page skeleton on a hand-filled index (FastAPI TestClient): the explorer home renders the
index's numbers, the API's index document moved to /api/v1/, every response carries the security headers
(a CSP without inline or eval'd scripts), static files and htmx are served, templates autoescape."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from frontend_api.indexer import Indexer, open_index
from frontend_api.web import build_web_app
from frontend_api.web.templating import templates
from tests.support.explorer_chain import synthetic_events

JOBS, WORKERS = 40, 12


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    engine, sessions = open_index(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'index.db'}")
    with sessions.begin() as s:
        Indexer().write(synthetic_events(JOBS, WORKERS), s)
    yield TestClient(build_web_app(sessions))
    engine.dispose()


def csp_directives(reply) -> dict[str, str]:
    policy = reply.headers["content-security-policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_home__indexed_history__shows_the_network_numbers(client):
    reply = client.get("/")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    network = client.get("/api/v1/network").json()
    assert f'<div class="value">{network["jobs_total"]}</div>' in reply.text
    assert f'<div class="value">{network["workers_eligible"]}</div>' in reply.text
    assert network["workers_eligible"] == WORKERS - 1  # node 0 is jailed: eligible is not registered


def test_home__nav_and_wallet_slot__present(client):
    html = client.get("/").text
    for href in ("/", "/jobs", "/workers", "/committee", "/events", "/new", "/worker"):
        assert f'href="{href}"' in html
    assert '<div id="wallet-slot"' in html
    assert 'aria-current="page"' in html


@pytest.mark.parametrize("path", ["/", "/api/v1/network", "/static/app.css", "/nonexistent"])
def test_security_headers__every_response__csp_without_inline_scripts(client, path):
    reply = client.get(path)
    directives = csp_directives(reply)
    assert directives["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in reply.headers["content-security-policy"]
    assert "unsafe-eval" not in reply.headers["content-security-policy"]
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_pages__no_inline_script_or_handler(client):
    html = client.get("/").text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html)  # no script bodies
    assert not re.search(r"\son[a-z]+\s*=", html)  # no onclick= and the like


def test_static__htmx_and_css__served(client):
    htmx = client.get("/static/vendor-htmx/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:200]
    assert "javascript" in htmx.headers["content-type"]
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/../web_cli.py").status_code == 404


def test_api_index__moved_to_api_v1(client):
    assert client.get("/api/v1/").json()["docs"] == "/api/v1/docs"


def test_templates__autoescape__user_text_is_text():
    page = templates.env.from_string("<p>{{ spec }}</p><a title='{{ spec }}'>x</a>")
    html = page.render(spec="<script>alert(1)</script>\"'><img src=x onerror=alert(1)>")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert templates.env.autoescape is True
