"""The requester's gold reveal client (``frontend_api.label_gold``) against fake oracles (httpx MockTransport):
nothing is sent while no oracle reports the job settling; then the settling oracle gets it first and every
other oracle after it (one down does not stop the rest); when no oracle keeps it, the error says why. The
same against three real oracles on anvil, through `gpuhive job reveal-gold`, is in
tests/oracles/test_label_job_anvil.py."""

from __future__ import annotations

import httpx
import pytest

from frontend_api.label_gold import MAX_GOLD_BYTES, GoldRevealError, read_gold_file, reveal_gold

URLS = ["http://o0", "http://o1", "http://o2"]


def _oracles(states: dict[str, str | None], refuse: set[str] = frozenset()) -> tuple[httpx.Client, list[str]]:
    posted: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        base = f"{request.url.scheme}://{request.url.host}"
        if states.get(base) is None:
            raise httpx.ConnectError("down", request=request)
        if request.method == "GET":
            return httpx.Response(200, json={"job_id": 4, "state": states[base]})
        posted.append(base)
        if base in refuse:
            return httpx.Response(422, json={"detail": "the gold file does not match the spec's gold.commitment"})
        kept_as = "leader" if states[base] == "settling" else "follower"
        return httpx.Response(200, json={"gold_cid": "bafkgold", "kept_as": kept_as})

    return httpx.Client(transport=httpx.MockTransport(handle)), posted


def test_reveal_gold__still_labeling__nothing_sent():
    client, posted = _oracles({URLS[0]: "following", URLS[1]: "running", URLS[2]: None})
    with pytest.raises(GoldRevealError, match="not settling at any oracle.*Nothing was sent"):
        reveal_gold(URLS, 4, b"{}", client=client)
    assert posted == []


def test_reveal_gold__settling__leader_first_then_every_follower_one_down():
    client, posted = _oracles({URLS[0]: "following", URLS[1]: "settling", URLS[2]: None})
    deliveries = reveal_gold(URLS, 4, b"{}", client=client)
    assert posted == [URLS[1], URLS[0]]
    assert [(d.url, d.kept_as) for d in deliveries] == [(URLS[1], "leader"), (URLS[0], "follower"), (URLS[2], None)]
    assert deliveries[2].detail.startswith("no answer")


def test_reveal_gold__forged_everywhere__error_says_why():
    client, _ = _oracles({u: "settling" for u in URLS}, refuse=set(URLS))
    with pytest.raises(GoldRevealError, match="no oracle kept the gold file.*422 the gold file does not match"):
        reveal_gold(URLS, 4, b"{}", client=client)


def test_read_gold_file__missing_or_too_big__refused_before_reading(tmp_path):
    with pytest.raises(GoldRevealError, match="cannot read"):
        read_gold_file(tmp_path / "none.json")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_GOLD_BYTES + 1))
    with pytest.raises(GoldRevealError, match="at most"):
        read_gold_file(big)
