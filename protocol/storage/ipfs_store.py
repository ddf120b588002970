"""`IpfsStore`: content on any IPFS node, through the Kubo RPC API over HTTP.

Talks to the documented `/api/v0` endpoints with httpx (the old
`ipfshttpclient` refuses every daemon newer than 0.8): `add` with
`cid-version=1&raw-leaves=true` and the default 256 KiB chunker, `cat` with a
`timeout=`, `pin/add`, `block/stat`. Works with Kubo and with js-ipfs (which
the tests run).

The node is not trusted: `put` hashes the upload locally and refuses a node
that names it with another CID, and `get` re-hashes what `cat` returns and
raises `CorruptContent` on a mismatch, so a lying node cannot poison a job.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import httpx

from protocol.storage.cid import IO_SIZE, CidHasher, validate_cid
from protocol.storage.errors import ContentNotFound, IpfsError
from protocol.storage.store import Progress, Store, read_chunks

DEFAULT_API = "http://127.0.0.1:5001"

#: `add` parameters that make the node compute exactly the CIDs `protocol.storage.cid` computes.
ADD_PARAMS = {
    "cid-version": "1",
    "raw-leaves": "true",
    "chunker": "size-262144",
    "hash": "sha2-256",
    "cid-base": "base32",
    "pin": "true",
}

# Words in a node's error message that mean "the node does not have it / could not find it in time".
_NOT_FOUND_HINTS = ("not found", "timeout", "timed out", "deadline exceeded", "aborted", "could not resolve")


class IpfsStore(Store):
    """A store on an IPFS node reached through its Kubo RPC API at `api` (e.g. http://127.0.0.1:5001).

    `fetch_timeout` (seconds) bounds how long the node may search for content
    on `cat`/`pin` before the store reports ContentNotFound. `has_timeout`
    bounds `has`: Kubo answers it at once (`offline=true`), js-ipfs ignores
    that flag and waits the whole timeout before saying "no".
    """

    def __init__(
        self,
        api: str = DEFAULT_API,
        *,
        fetch_timeout: float = 60.0,
        has_timeout: float = 2.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.api = api.rstrip("/")
        self.fetch_timeout = fetch_timeout
        self.has_timeout = has_timeout
        self.where = f"IPFS node {self.api}"
        timeout = httpx.Timeout(connect=10.0, read=fetch_timeout + 30.0, write=300.0, pool=10.0)
        self._client = client or httpx.Client(base_url=self.api, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> IpfsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ put

    def put_stream(self, stream: BinaryIO, *, progress: Progress | None = None) -> str:
        hasher = CidHasher()
        boundary = secrets.token_hex(16)

        def body() -> Iterator[bytes]:
            # A hand-rolled multipart body, so the upload streams (chunked) and is hashed in the same pass.
            yield (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="file"; filename="blob"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            for chunk in read_chunks(stream):
                hasher.update(chunk)
                if progress is not None:
                    progress(len(chunk))
                yield chunk
            yield f"\r\n--{boundary}--\r\n".encode()

        response = self._call(
            "add",
            params=ADD_PARAMS,
            content=body(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
        named = [line for line in lines if "Hash" in line]
        if not named:
            raise IpfsError(f"{self.where} answered add without a CID: {response.text[:200]!r}")
        node_cid = str(named[-1]["Hash"])
        local_cid = hasher.cid()
        if node_cid != local_cid:
            raise IpfsError(
                f"{self.where} named the uploaded content {node_cid}, but its CID is {local_cid}; "
                "the node does not add with cid-version=1, raw-leaves and 256 KiB chunks, or it is lying"
            )
        return local_cid

    # ------------------------------------------------------------------ get

    @contextmanager
    def _open(self, cid: str) -> Iterator[Iterator[bytes]]:
        params = {"arg": cid, "timeout": f"{self.fetch_timeout:g}s"}
        try:
            with self._client.stream("POST", "/api/v0/cat", params=params) as response:
                if response.status_code != 200:
                    response.read()
                    self._raise_for(response, "cat", cid)
                yield response.iter_bytes(IO_SIZE)
        except httpx.TransportError as exc:
            raise IpfsError(f"{self.where} failed during cat {cid}: {exc!r}; is the node running?") from exc

    def has(self, cid: str) -> bool:
        """Whether the node holds the root block of `cid` (the RPC API has no cheap whole-DAG check)."""
        validate_cid(cid)
        try:
            self._call("block/stat", params={"arg": cid, "offline": "true", "timeout": f"{self.has_timeout:g}s"})
        except ContentNotFound:
            return False
        return True

    def pin(self, cid: str) -> None:
        validate_cid(cid)
        response = self._call(
            "pin/add",
            params={"arg": cid, "timeout": f"{self.fetch_timeout:g}s", "cid-base": "base32"},
            cid=cid,
        )
        pins = response.json().get("Pins", [])
        if cid not in pins:
            raise IpfsError(f"{self.where} did not confirm pinning {cid}: {response.text[:200]!r}")

    @property
    def identity(self) -> str:
        return f"ipfs:{self.api}"

    # ------------------------------------------------------------- plumbing

    def _call(
        self,
        command: str,
        *,
        params: dict[str, str],
        cid: str | None = None,
        content: Iterator[bytes] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        try:
            response = self._client.post(f"/api/v0/{command}", params=params, content=content, headers=headers)
        except httpx.TransportError as exc:
            raise IpfsError(
                f"cannot reach {self.where} for {command}: {exc!r}; start the node or pass its API URL (--ipfs-api)"
            ) from exc
        if response.status_code != 200:
            self._raise_for(response, command, cid or params.get("arg", ""))
        return response

    def _raise_for(self, response: httpx.Response, command: str, cid: str) -> None:
        try:
            message = str(response.json().get("Message", response.text))
        except (json.JSONDecodeError, AttributeError):
            message = response.text
        if cid and any(hint in message.lower() for hint in _NOT_FOUND_HINTS):
            raise ContentNotFound(cid, f"{self.where} ({command}: {message[:200]})")
        raise IpfsError(f"{self.where} refused {command} (HTTP {response.status_code}): {message[:300]}")
