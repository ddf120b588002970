"""Request bodies bounded before parsing (``oracles.body_limits``) and 422s that never echo the input
(``oracles.api.validation_detail``), on the API built from the route tests' fakes.

The deep bodies here are 1,000 levels (2 KB: within every route's byte cap, so the depth scan is what
refuses them): far past every depth cap, and shallow enough not to crash this test process on the code
before this guard, which parsed them (and answered 422). The 66,000-level body that crashed an oracle
is sent to a real oracle process in ``test_hostile_traffic.py``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from oracles.api import MAX_ERRORS, MAX_TEXT, create_app, validation_detail
from oracles.body_limits import BODY_SECONDS, ROUTE_LIMITS, BodyLimits, nested_deeper_than
from oracles.deps import OracleIdentity
from protocol.leases import MAX_EXCHANGE
from tests.oracles.test_api_routes import (
    CHAIN_ID,
    DIGEST,
    ORACLE,
    SIGNATURE,
    TOKEN,
    WORKER,
    FakeAuth,
    FakeCommittee,
    FakeDispatcher,
    FakeStatus,
    api_on_fakes,
    lease_of,
)

DEEP = 1_000

# every route that takes a JSON body, with a body it would accept
JSON_ROUTES = [
    "/v1/auth/login",
    "/v1/leases",
    "/v1/work",
    "/v1/leases/L1/heartbeat",
    "/v1/leases/L1/result",
    "/v1/leases/L1/failure",
    "/v1/committee/settlement",
    "/v1/committee/reject",
]


@pytest.fixture
def api():
    with api_on_fakes() as built:
        yield built


def _raw(api: Any, path: str, body: bytes, token: str | None = TOKEN, **headers: str) -> Any:
    headers = {"content-type": "application/json", **headers}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return api.client.post(path, content=body, headers=headers)


# --------------------------------------------------------------------------- depth


@pytest.mark.parametrize("token", [TOKEN, None], ids=["token", "anonymous"])
@pytest.mark.parametrize("path", JSON_ROUTES)
def test_json_route__body_nested_1000_deep__400_before_parsing(api, path, token):
    response = _raw(api, path, b"[" * DEEP + b"]" * DEEP, token=token)
    assert response.status_code == 400
    assert "nested deeper than" in response.json()["detail"]
    assert api.dispatcher.calls == [] and api.committee.asked == [] and api.auth.used == set()


def test_work__objects_nested_past_the_cap_inside_a_valid_shape__400(api):
    body = {"results": [], "failures": [], "want": 0, "x": json.loads("[" * 5 + "]" * 5)}
    response = _raw(api, "/v1/work", json.dumps(body).encode())
    assert response.status_code == 400


def test_work__brackets_inside_strings__not_counted_as_nesting(api):
    api.dispatcher.add_work(lease_of("L1"))
    api.post("/v1/leases", {})
    body = {"failures": [{"lease_id": "L1", "reason": '[[[[[[[[{{{{{{ \\" [[[[ ' * 50}], "want": 0}
    response = _raw(api, "/v1/work", json.dumps(body).encode())
    assert response.status_code == 200
    assert response.json()["outcomes"][0]["status"] == 200


@pytest.mark.parametrize(
    ("value", "depth"),
    [
        ({"a": [1, {"b": "[[[["}]}, 3),
        ({"a": '\\"[[[['}, 1),
        ({"a": "\\", "b": ["]]"]}, 2),
        ([[], [[]], {"k": [{}]}], 4),
        ("[[[", 0),
        ([], 1),
    ],
)
def test_nested_deeper_than__json_values__exact_depth_of_the_text(value, depth):
    text = json.dumps(value).encode()
    assert not nested_deeper_than(text, depth)
    assert depth == 0 or nested_deeper_than(text, depth - 1)


def test_nested_deeper_than__more_unpaired_brackets_than_the_cap__refused():
    assert nested_deeper_than(b"]" * 10 + b"[" * 10, 4)
    assert not nested_deeper_than(b"[}]]", 4)  # (not JSON, but not deep: the parser refuses it)


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("path", JSON_ROUTES)
def test_json_route__body_over_its_cap__413_unread(api, path):
    cap = ROUTE_LIMITS[path.replace("/L1/", "/{lease_id}/")].max_bytes
    body = json.dumps({"pad": "x" * cap}).encode()
    response = _raw(api, path, body)
    assert response.status_code == 413
    assert response.json()["detail"] == f"request body over {cap} bytes; this route takes no more"
    assert api.dispatcher.calls == [] and api.committee.asked == []


def test_login__chunked_body_without_length_over_the_cap__413(api):
    def chunks():
        for _ in range(64):
            yield b" " * 1024

    response = api.client.post("/v1/auth/login", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert api.auth.used == set()


def test_get_route__body_over_the_default_cap__413(api):
    response = api.client.request("GET", "/v1/health", content=b"x" * 100_000)
    assert response.status_code == 413


def test_work__largest_legitimate_exchange__recorded(api):
    """32 results with every field at its longest and 32 failures with 2,000-character non-ASCII reasons
    (escaped as \\uXXXX, the longest way to send them): under /v1/work's cap, and accepted."""
    for i in range(2 * MAX_EXCHANGE):
        api.dispatcher.add_work(lease_of(f"{i:064d}", task_index=i))
    assert api.post("/v1/work", {"want": MAX_EXCHANGE}).status_code == 200
    assert api.post("/v1/work", {"want": MAX_EXCHANGE}).status_code == 200
    held = sorted(api.dispatcher.held)
    body = {
        "results": [
            {"lease_id": lease_id, "digest": DIGEST, "output_cid": "b" * 128, "signature": SIGNATURE}
            for lease_id in held[:MAX_EXCHANGE]
        ],
        "failures": [{"lease_id": lease_id, "reason": "é" * 2_000} for lease_id in held[MAX_EXCHANGE:]],
        "want": MAX_EXCHANGE,
        "wait_s": 0,
    }
    raw = json.dumps(body, ensure_ascii=True).encode()
    assert len(raw) > 400_000
    response = _raw(api, "/v1/work", raw)
    assert response.status_code == 200
    assert [o["status"] for o in response.json()["outcomes"]] == [200] * (2 * MAX_EXCHANGE)


def test_body_limits__every_route_with_a_body__has_its_own_limit():
    app = create_app(
        oracle=OracleIdentity(ORACLE, CHAIN_ID),
        auth=FakeAuth(),
        dispatcher=FakeDispatcher(),
        committee=FakeCommittee(),
        status=FakeStatus(),
    )
    with_body = {path for path, ops in app.openapi()["paths"].items() for op in ops.values() if "requestBody" in op}
    assert with_body and with_body <= set(ROUTE_LIMITS)


# --------------------------------------------------------------------------- time


def test_body_limits__body_trickled_past_the_deadline__408_and_app_not_called():
    called: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope)

    async def trickle() -> dict[str, Any]:
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b" ", "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    guard = BodyLimits(app, body_seconds=0.3)
    scope = {"type": "http", "method": "POST", "path": "/v1/work", "headers": []}
    asyncio.run(asyncio.wait_for(guard(scope, trickle, send), 5))
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert called == []
    assert BODY_SECONDS == 10.0


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/auth/login", '{"worker": "\\ud800", "nonce": "0x", "expires": 1, "signature": "0x"}'),
        ("/v1/leases/L1/failure", '{"reason": "disk \\udfff full"}'),
        ("/v1/work", '{"failures": [{"lease_id": "\\ud83d", "reason": "x"}], "want": 0}'),
        ("/v1/work", '{"\\udc00": 1}'),
    ],
)
def test_json_route__lone_surrogate__400_not_500(api, path, body):
    api.dispatcher.add_work(lease_of("L1"))
    api.post("/v1/leases", {})
    response = _raw(api, path, body.encode())
    assert response.status_code == 400
    assert "lone UTF-16 surrogate" in response.json()["detail"]
    assert [c for c in api.dispatcher.calls if c[0] != "lease_many"] == []


def test_work__surrogate_pair__accepted_as_one_character(api):
    api.dispatcher.add_work(lease_of("L1"))
    api.post("/v1/leases", {})
    body = '{"failures": [{"lease_id": "L1", "reason": "GPU on fire \\ud83d\\udd25"}], "want": 0}'
    response = _raw(api, "/v1/work", body.encode())
    assert response.status_code == 200
    assert api.dispatcher.calls[-1] == ("fail", "L1", WORKER, "GPU on fire \U0001f525")


# --------------------------------------------------------------------------- 422s


def test_login__invalid_fields__422_locations_and_messages_only(api):
    secret = "0x" + "ab" * 2_000
    response = _raw(api, "/v1/auth/login", json.dumps({"worker": secret, "nonce": 1}).encode())
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {tuple(e["loc"]) for e in detail} == {
        ("body", "worker"),
        ("body", "nonce"),
        ("body", "expires"),
        ("body", "signature"),
    }
    assert all(set(e) == {"loc", "msg", "type"} for e in detail)
    assert "abab" not in response.text


def test_work__extra_key_long_and_with_surrogate_escapes__422_key_bounded():
    detail = validation_detail(
        [{"loc": ("body", "k" * 10_000 + "\udc80"), "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}]
    )
    assert len(detail[0]["loc"][1]) == MAX_TEXT
    json.dumps(detail, ensure_ascii=False).encode("utf-8")  # encodable: no lone surrogate left


def test_validation_detail__many_errors__first_ten_and_a_count():
    errors = [
        {"loc": ("body", "results", i, "digest"), "msg": "bad", "type": "string_pattern_mismatch", "input": i}
        for i in range(40)
    ]
    detail = validation_detail(errors)
    assert len(detail) == MAX_ERRORS + 1
    assert detail[-1]["msg"] == f"and {40 - MAX_ERRORS} more errors"
    assert all("input" not in e for e in detail)


def test_work__32_bad_results__422_bounded(api):
    bad = {"lease_id": "x", "digest": "0x", "output_cid": "short", "signature": "0x"}
    response = _raw(api, "/v1/work", json.dumps({"results": [bad] * MAX_EXCHANGE}).encode())
    assert response.status_code == 422
    assert len(response.json()["detail"]) == MAX_ERRORS + 1
    assert len(response.content) < 3_000
