"""The read API's dependencies as ``Annotated`` aliases: a database session per request, a checked address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy.orm import Session
from web3 import Web3


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def checked_address(value: str) -> str:
    """``value`` checksummed, or 400 saying what an address looks like."""
    if not Web3.is_address(value):
        raise HTTPException(400, f"not an address: {value[:60]!r}; expected 0x followed by 40 hex digits")
    return Web3.to_checksum_address(value)


def _address_path(address: Annotated[str, Path(max_length=64)]) -> str:
    return checked_address(address)


SessionDep = Annotated[Session, Depends(get_session)]
AddressPath = Annotated[str, Depends(_address_path)]
