"""The pages' Jinja2 environment (autoescape on for every template) and ``render``, shared by every page module.

Filters for what the pages show often: ``tokens`` (base units to a decimal token amount), ``short``
(an address or hash shortened for a phone), ``when`` (a block time as UTC), ``count`` (thousands separators).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from protocol.contracts import TOKEN

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"


def tokens(value: int | str | None, places: int = 2) -> str:
    """Base units as a token amount with ``places`` decimals (rounded down), thousands separated; "-" for None."""
    if value is None:
        return "-"
    amount = Decimal(int(value)) / TOKEN
    quantum = Decimal(1).scaleb(-places)
    return f"{amount.quantize(quantum, rounding='ROUND_DOWN'):,}"


def short(value: str | None, keep: int = 6) -> str:
    """``0x1234…cdef``: the first ``keep`` and last 4 characters of a long hex string."""
    if not value:
        return "-"
    return value if len(value) <= keep + 5 else f"{value[:keep]}…{value[-4:]}"


def when(timestamp: int | None) -> str:
    if timestamp is None:
        return "-"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def static_url(path: str) -> str:
    """``/static/<path>``: root-relative, so the pages work behind a proxy that rewrites the host."""
    return f"/static/{path}"


def static_exists(path: str) -> bool:
    """Whether ``/static/<path>`` is a file (a page includes an optional script only once it exists)."""
    target = (STATIC_DIR / path).resolve()
    return target.is_relative_to(STATIC_DIR) and target.is_file()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(tokens=tokens, short=short, when=when, count=count)
    env.globals.update(static_exists=static_exists, static=static_url)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template ``name`` rendered with ``context`` (``request`` is added, as the templates' url_for needs)."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)
