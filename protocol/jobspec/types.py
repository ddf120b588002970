"""Field types shared by the job spec models: CIDs, amounts, deadlines, bounded numbers.

Integers are strict (``true`` or ``"7"`` is not a frame number); token amounts
also accept a decimal string, because JavaScript clients cannot hold 10**18 in
a number. Floats must be finite; as text (YAML 1.1 reads ``1e-3``, without a
dot, as a string) they must be plain ASCII decimal notation. Number text is
ASCII only: ``str.isdigit`` and ``int()`` also take other scripts' digits
(``'١٢٣'`` and ``'１２３'`` are 123), which a requester's tools and a reviewer's
eyes would not read as the same amount; ``_`` is allowed only between digits
(``1_000``), and an amount's text is at most ``MAX_NUMBER_CHARS`` long.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, FiniteFloat, Strict

from protocol.jobspec.cid import CIDError, validate_cid

MAX_AMOUNT = 2**128 - 1  # JobEscrow packs amounts in 128 bits
MAX_TIMESTAMP = 2**40 - 1  # JobEscrow's deadline bound
MAX_SEED = 2**32 - 1
BPS = 10_000  # basis points: 10_000 = 100 %

MAX_NUMBER_CHARS = 80  # 2**128 has 39 digits; room for `_` separators
_ASCII_INT = re.compile(r"[0-9]+(?:_[0-9]+)*")
_ASCII_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

Int = Annotated[int, Strict()]


def ascii_int(text: str) -> int | None:
    """The integer an ASCII decimal string spells (``_`` between digits allowed), else None."""
    if len(text) > MAX_NUMBER_CHARS or not _ASCII_INT.fullmatch(text):
        return None
    return int(text.replace("_", ""))


def _cid(value: str) -> str:
    try:
        return validate_cid(value)
    except CIDError as exc:
        raise ValueError(str(exc)) from None


def _amount(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("an amount is an integer number of token base units, not a boolean")
    if isinstance(value, str):
        number = ascii_int(value.strip(" "))
        if number is None:
            raise ValueError(
                "an amount is a whole number of token base units: ASCII digits 0-9 only (at most "
                f"{MAX_NUMBER_CHARS} characters, `_` between digits allowed), no decimals"
            )
        return number
    if isinstance(value, float):
        raise ValueError("an amount is a whole number of token base units, not a float")
    return value


def _float(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(value, str):
        text = value.strip(" ")
        if len(text) > MAX_NUMBER_CHARS or not _ASCII_FLOAT.fullmatch(text):
            raise ValueError("expected a number in ASCII decimal notation, e.g. 0.001 or 1e-3")
        return float(text)
    return value


def _deadline(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a deadline is unix seconds or an ISO 8601 datetime with a timezone")
    if isinstance(value, str):
        text = value.strip(" ")
        seconds = ascii_int(text)
        if seconds is not None:
            return seconds
        if not text.isascii() or len(text) > MAX_NUMBER_CHARS:
            raise ValueError(
                "a deadline is unix seconds or an ISO 8601 datetime in ASCII digits, e.g. 2030-01-31T12:00:00Z"
            )
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is neither unix seconds nor an ISO 8601 datetime") from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("the datetime has no timezone; write e.g. 2030-01-31T12:00:00Z")
        return int(value.timestamp())
    if isinstance(value, date):
        raise ValueError("a date alone is ambiguous; give a time and timezone, e.g. 2030-01-31T12:00:00Z")
    return value


Cid = Annotated[str, AfterValidator(_cid)]
Amount = Annotated[int, BeforeValidator(_amount), Strict(), Field(ge=1, le=MAX_AMOUNT)]
Deadline = Annotated[int, BeforeValidator(_deadline), Strict(), Field(ge=1, le=MAX_TIMESTAMP)]
Seed = Annotated[int, Strict(), Field(ge=0, le=MAX_SEED)]
Float = Annotated[FiniteFloat, BeforeValidator(_float)]
Probability = Annotated[Float, Field(ge=0.0, le=1.0)]
