"""HTTP client for an oracle's worker API: log in with the staking key, lease, heartbeat, submit.

Used by the worker agent and by the simulated workers of tests and
benchmarks (which exercise the real API, not a shortcut).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class OracleClient:
    url: str
    key: bytes
    timeout: float = 60.0

    def __post_init__(self) -> None:
        self.address = Account.from_key(self.key).address
        self.http = httpx.Client(base_url=self.url, timeout=self.timeout)
        self.token: str | None = None
        self.capabilities = 0
        self._separator: bytes | None = None
        self._signer = eip712.DigestSigner(self.key)

    def close(self) -> None:
        self.http.close()

    def _check(self, response: httpx.Response) -> httpx.Response:
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

    def heartbeat(self, lease: Lease, progress: float) -> float:
        return float(
            self._check(self.http.post(f"/v1/leases/{lease.lease_id}/heartbeat", json={"progress": progress})).json()[
                "expires_at"
            ]
        )

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
        return WorkReply.model_validate(
            self._check(
                self.http.post(
                    "/v1/work", json={"results": results, "failures": failures or [], "want": want, "wait_s": wait_s}
                )
            ).json()
        )

    def fail(self, lease: Lease, reason: str) -> None:
        self._check(self.http.post(f"/v1/leases/{lease.lease_id}/failure", json={"reason": reason}))

    def release(self, lease_id: str) -> None:
        self._check(self.http.post(f"/v1/leases/{lease_id}/release"))
