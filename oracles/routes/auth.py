"""Worker login: a challenge to sign, and the signed challenge exchanged for a bearer token.

Both routes are plain ``def``: FastAPI runs them in its thread pool, so the database writes and the
signature check (about 1 ms of ECDSA recovery) never hold the event loop that serves leases. Neither
waits on the chain in the usual case: the challenge starts the worker's eligibility read in the
background and the login takes its answer (``oracles.auth``).
"""

from fastapi import APIRouter, HTTPException

from oracles.deps import AuthDep
from protocol.leases import Challenge, LoginReply, LoginRequest

router = APIRouter(tags=["auth"])


@router.get("/v1/auth/challenge", response_model=Challenge)
def challenge(worker: str, auth: AuthDep) -> Challenge:
    try:
        return auth.challenge(worker)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/v1/auth/login", response_model=LoginReply)
def login(body: LoginRequest, auth: AuthDep) -> LoginReply:
    try:
        return auth.login(body)
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
