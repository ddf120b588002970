"""Field types shared by the job spec models: CIDs, amounts, deadlines, bounded numbers.

Integers are strict (``true`` or ``"7"`` is not a frame number); token amounts
also accept a decimal string, because JavaScript clients cannot hold 10**18 in
a number. Floats must be finite.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, FiniteFloat, Strict

from protocol.jobspec.cid import CIDError, validate_cid

MAX_AMOUNT = 2**128 - 1  # JobEscrow packs amounts in 128 bits
MAX_TIMESTAMP = 2**40 - 1  # JobEscrow's deadline bound
MAX_SEED = 2**32 - 1
BPS = 10_000  # basis points: 10_000 = 100 %

Int = Annotated[int, Strict()]


def _cid(value: str) -> str:
    try:
        return validate_cid(value)
    except CIDError as exc:
        raise ValueError(str(exc)) from None


def _amount(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("an amount is an integer number of token base units, not a boolean")
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if not text.isdigit():
            raise ValueError("an amount is a whole number of token base units (digits only, no decimals)")
        return int(text)
    if isinstance(value, float):
        raise ValueError("an amount is a whole number of token base units, not a float")
    return value


def _deadline(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a deadline is unix seconds or an ISO 8601 datetime with a timezone")
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is neither unix seconds nor an ISO 8601 datetime") from None
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
Probability = Annotated[FiniteFloat, Field(ge=0.0, le=1.0)]
