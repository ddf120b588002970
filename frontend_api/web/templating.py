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


AMOUNT_ARGS = frozenset(
    ("amount", "refund", "total_payout", "oracle_fee", "budget", "bond", "staked", "unbonding", "slashed")
    + ("unclaimed_payout", "requested")
)
TIME_ARGS = frozenset(
    ("deadline", "window_end", "jailed_until", "unbond_ready_at", "ready_at", "resolve_by", "join_end", "until")
)
HIDDEN_ARGS = frozenset(("job_id",))  # shown as a link beside the arguments
MAX_ARG_TEXT = 70


def event_fields(args: dict[str, Any]) -> list[tuple[str, str]]:
    """An event's arguments as (name, text) a person reads: amounts in HIVE, times in UTC, hashes and
    addresses shortened, other text cut at ``MAX_ARG_TEXT`` characters (``static/js/events_live.js`` does
    the same for live events)."""
    fields = []
    for key, value in args.items():
        if key in HIDDEN_ARGS:
            continue
        text = value if isinstance(value, str) else str(value)
        if key in AMOUNT_ARGS and text.isdigit():
            text = f"{tokens(text)} HIVE"
        elif key in TIME_ARGS and text.isdigit() and 10**9 <= int(text) < 10**10:
            text = when(int(text))
        elif text.startswith("0x") and len(text) in (42, 66):
            text = short(text, 6 if len(text) == 42 else 10)
        elif len(text) > MAX_ARG_TEXT:
            text = text[:MAX_ARG_TEXT] + "…"
        fields.append((key, text))
    return fields


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
    env.filters.update(tokens=tokens, short=short, when=when, count=count, event_fields=event_fields)
    env.globals.update(static_exists=static_exists, static=static_url)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, /, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template ``name`` rendered with ``context`` (``request`` and ``status_code`` are added; ``name`` is
    positional-only, so a context variable may be called ``name`` too)."""
    return templates.TemplateResponse(request, name, {**context, "status_code": status_code}, status_code=status_code)
