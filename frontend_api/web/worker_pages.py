"""The worker's page ``/worker``: register, stake, begin unbonding, withdraw; jailed or not and until when;
earnings; every claimable payout and one batched claim.

The page itself is a shell: the wallet's account is known only in the browser, so ``worker.js`` loads
``/worker/panel/{address}``, drawn here from the chain at the latest block (``WorkerRegistry.nodes``, the
token balance, the minimum stake), the index (earnings over time) and the settled manifests (claimable
payouts with their Merkle proofs, ``claims.claims``). The wallet signs every transaction.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import HTMLResponse

from frontend_api.api.deps import AddressPath, SessionDep
from frontend_api.api.routes import claims as claims_api
from frontend_api.api.routes import workers as workers_api
from frontend_api.api.routes.requester_tx import WalletBackend, wallet_config, wallet_of
from frontend_api.web.templating import render
from protocol.contracts import Capability, Role

router = APIRouter(include_in_schema=False)

CAPABILITIES = [(c.name.lower(), int(c)) for c in Capability]


@router.get("/worker", response_class=HTMLResponse)
def worker_page(request: Request) -> HTMLResponse:
    return render(request, "worker_dashboard.html", active="worker", wallet_ready=_wallet(request) is not None)


def _wallet(request: Request) -> WalletBackend | None:
    return wallet_of(request.app)


def _earnings_svg(points: list[Any], width: int = 600, height: int = 160) -> dict[str, Any] | None:
    """Cumulative claimed earnings as an SVG polyline (points in a width × height box, 24 px margin)."""
    if not points:
        return None
    values = [int(p.cumulative) for p in points]
    top = max(values) or 1
    n = len(values)
    xs = [24 + (width - 48) * (i / (n - 1) if n > 1 else 1) for i in range(n)]
    ys = [height - 24 - (height - 48) * v / top for v in values]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True)),
        "dots": list(zip(xs, ys, strict=True)),
        "top": top,
    }


@router.get("/worker/panel/{address}", response_class=HTMLResponse)
def worker_panel(request: Request, s: SessionDep, address: AddressPath) -> HTMLResponse:
    w = _wallet(request)
    if w is None:
        raise HTTPException(503, "this server has no chain connection for the wallet pages")
    c = w.chain
    node = c.node(address)
    now = w.chain_time()
    cfg = wallet_config(w)
    try:
        indexed = workers_api.worker(s, address)
    except HTTPException:
        indexed = None
    claims = claims_api.claims(w, s, address) if node.role else None
    return render(
        request,
        "_worker_panel.html",
        address=address,
        node=node,
        registered=node.role != 0,
        is_worker=node.role == Role.WORKER,
        now=now,
        jailed=node.jailed_until > now,
        balance=int(c.token.functions.balanceOf(address).call()),
        min_stake=int(cfg["registry"]["min_stake"]),
        unbonding_period=int(cfg["registry"]["unbonding_period"]),
        capabilities=CAPABILITIES,
        indexed=indexed,
        chart=_earnings_svg(indexed.earnings) if indexed else None,
        claims=claims,
    )
