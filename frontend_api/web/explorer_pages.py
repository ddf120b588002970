"""The explorer's pages: network dashboard ``/``, jobs ``/jobs``, workers ``/workers`` and
``/workers/{address}``, committee ``/committee``, events ``/events`` (live). Server-rendered from the
same index reads as the JSON API (its route functions are called directly, so a page and ``/api/v1`` never
disagree); every list is paged with a bounded limit."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from frontend_api.api.deps import SessionDep
from frontend_api.api.routes import network as network_api
from frontend_api.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, s: SessionDep) -> HTMLResponse:
    net = network_api.network(s)
    return render(request, "explorer/home.html", active="home", net=net)
