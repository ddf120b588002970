"""HTTP client for an oracle's worker API: log in with the staking key, lease, heartbeat, submit.

Used by the worker agent and by the simulated workers of tests and
benchmarks (which exercise the real API, not a shortcut).
"""

from __future__ import annotations

import http.client
import json
import logging
import select
import threading
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from eth_account import Account

from protocol import eip712
from protocol.errors import GPUHiveError
from protocol.leases import Challenge, Lease, LoginReply, WorkReply


class OracleRefused(GPUHiveError):
    """The oracle answered 4xx; ``status`` and ``detail`` say why."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


log = logging.getLogger(__name__)

MAX_REPLY_BYTES = 16 * 1024 * 1024  # a /v1/work reply of MAX_EXCHANGE leases is far below this


class _Response:
    """What the hot calls need of a response: ``status_code``, ``content``, ``text``, ``json()``."""

    def __init__(self, status: int, content: bytes) -> None:
        self.status_code, self.content = status, content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _KeepAlive:
    """Keep-alive HTTP/1.1 connections (``http.client``) to one oracle for the agent's per-task calls,
    ``/v1/work`` and heartbeats: about a third of httpx's CPU per request (0.3 ms against 1.0 here, where
    40 agents share 2 cores with the oracles). One connection per concurrent caller (loop, background
    exchange, long-polls, heartbeats), reused while the oracle keeps it open. Failures raise the httpx
    errors the callers handle (``httpx.TimeoutException``, ``httpx.TransportError``); TLS is verified
    with httpx's default context."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self._context = httpx.create_ssl_context() if self.https else None
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def post(self, path: str, body: dict[str, object], token: str | None) -> _Response:
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        conn = self._take()
        try:
            conn.request("POST", self.prefix + path, data, headers)
            response = conn.getresponse()
            content = response.read(MAX_REPLY_BYTES + 1)  # bounded before it is parsed
            if len(content) > MAX_REPLY_BYTES:
                conn.close()
                raise httpx.RemoteProtocolError(f"{self.host}:{self.port}{path}: reply over {MAX_REPLY_BYTES} bytes")
        except TimeoutError as exc:  # (socket.timeout)
            conn.close()
            raise httpx.ReadTimeout(f"{self.host}:{self.port}{path}: {exc or 'timed out'}") from exc
        except ConnectionRefusedError as exc:
            conn.close()
            raise httpx.ConnectError(f"{self.host}:{self.port}: {exc}") from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise httpx.RemoteProtocolError(f"{self.host}:{self.port}{path}: {exc!r}") from exc
        if response.will_close:
            conn.close()
        else:
            with self._lock:
                self._idle.append(conn)
        return _Response(response.status, content)

    def _take(self) -> http.client.HTTPConnection:
        while True:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                if self.https:
                    return http.client.HTTPSConnection(
                        self.host, self.port, timeout=self.timeout, context=self._context
                    )
                return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            if conn.sock is not None and not select.select([conn.sock], [], [], 0)[0]:
                return conn  # idle and open (a readable idle socket is one the oracle closed)
            conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


@dataclass
class OracleClient:
    url: str
    key: bytes
    timeout: float = 60.0

    def __post_init__(self) -> None:
        self.address = Account.from_key(self.key).address
        self.http = httpx.Client(base_url=self.url, timeout=self.timeout)
        # the per-task calls go through plain keep-alive connections, unless a proxy is configured (httpx
        # honours the proxy environment variables; http.client does not)
        self._fast = None if urllib.request.getproxies() else _KeepAlive(self.url, self.timeout)
        self.token: str | None = None
        self.capabilities = 0
        self._separator: bytes | None = None
        self._signer = eip712.DigestSigner(self.key)
        self._fractions = True  # heartbeats carry the runtime's fraction (until an older oracle refuses one)

    def close(self) -> None:
        self.http.close()
        if self._fast is not None:
            self._fast.close()

    def _post(self, path: str, body: dict[str, object]) -> httpx.Response | _Response:
        """POST a JSON body: through the keep-alive connections, or httpx (a proxy configured)."""
        if self._fast is None:
            return self.http.post(path, json=body)
        return self._fast.post(path, body, self.token)

    def _check(self, response: httpx.Response | _Response) -> httpx.Response | _Response:
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise OracleRefused(response.status_code, str(detail))
        return response

    def login(self) -> LoginReply:
        ch = Challenge.model_validate(
            self._check(self.http.get("/v1/auth/challenge", params={"worker": self.address})).json()
        )
        payload = eip712.Login(self.address, ch.oracle, bytes.fromhex(ch.nonce[2:]), ch.expires)
        signature = eip712.sign(self.key, eip712.Domain(ch.chain_id, ch.registry), payload)
        reply = LoginReply.model_validate(
            self._check(
                self.http.post(
                    "/v1/auth/login",
                    json={
                        "worker": self.address,
                        "nonce": ch.nonce,
                        "expires": ch.expires,
                        "signature": "0x" + signature.hex(),
                    },
                )
            ).json()
        )
        self.token = reply.token
        self.capabilities = reply.capabilities
        self._separator = eip712.domain_separator(eip712.Domain(ch.chain_id, ch.escrow))
        self.http.headers["Authorization"] = f"Bearer {reply.token}"
        return reply

    def lease(self, wait_s: float = 0.0) -> Lease | None:
        response = self._check(self.http.post("/v1/leases", json={"wait_s": wait_s}))
        if response.status_code == 204:
            return None
        return Lease.model_validate(response.json())

    def heartbeat(self, lease: Lease, progress: float, fraction: float | None = None) -> float:
        """Extend ``lease``: ``progress`` is its stage, ``fraction`` (None: none) the runtime's completion fraction.
        A beat whose fraction the oracle refuses (422) is sent again without it; an oracle older than the field
        (an unknown field) gets none from this client again."""
        path = f"/v1/leases/{lease.lease_id}/heartbeat"
        if fraction is None or not self._fractions:
            response = self._post(path, {"progress": progress})
        else:
            response = self._post(path, {"progress": progress, "fraction": fraction})
            if response.status_code == 422 and b"fraction" in response.content:  # the beat must not be lost
                if b"xtra" in response.content:  # pydantic's "Extra inputs are not permitted": an older oracle
                    log.info("the oracle takes no heartbeat fraction; sending none", extra={"oracle": self.url})
                    self._fractions = False
                response = self._post(path, {"progress": progress})
        return float(self._check(response).json()["expires_at"])

    def sign_result(self, lease: Lease, digest: bytes, output_cid: str) -> bytes:
        assert self._separator is not None, "log in first"
        result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(output_cid))
        return self._signer.sign(eip712.task_result_digest(self._separator, result))

    def submit(self, lease: Lease, digest: bytes, output_cid: str, signature: bytes | None = None) -> None:
        signature = signature if signature is not None else self.sign_result(lease, digest, output_cid)
        self._check(
            self.http.post(
                f"/v1/leases/{lease.lease_id}/result",
                json={"digest": "0x" + digest.hex(), "output_cid": output_cid, "signature": "0x" + signature.hex()},
            )
        )

    def result_report(self, lease: Lease, digest: bytes, output_cid: str) -> dict[str, str]:
        """One signed entry of a ``/v1/work`` exchange's ``results``."""
        signature = self.sign_result(lease, digest, output_cid)
        return {
            "lease_id": lease.lease_id,
            "digest": "0x" + digest.hex(),
            "output_cid": output_cid,
            "signature": "0x" + signature.hex(),
        }

    def exchange(
        self,
        results: list[dict[str, str]],
        want: int,
        wait_s: float = 0.0,
        failures: list[dict[str, str]] | None = None,
    ) -> WorkReply:
        """Report results (``result_report`` entries) and failures, and lease up to ``want`` more, in one
        round trip. A refused item is an outcome with its 4xx status, not an exception."""
        return WorkReply.model_validate_json(  # from the bytes: no intermediate dicts
            self._check(
                self._post("/v1/work", {"results": results, "failures": failures or [], "want": want, "wait_s": wait_s})
            ).content
        )

    def fail(self, lease: Lease, reason: str) -> None:
        self._check(self.http.post(f"/v1/leases/{lease.lease_id}/failure", json={"reason": reason}))

    def release(self, lease_id: str) -> None:
        self._check(self.http.post(f"/v1/leases/{lease_id}/release"))
