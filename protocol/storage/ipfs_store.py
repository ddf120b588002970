"""`IpfsStore`: content on any IPFS node, through the Kubo RPC API over HTTP.

Talks to the documented `/api/v0` endpoints with httpx (the old
`ipfshttpclient` refuses every daemon newer than 0.8): `add` with
`cid-version=1&raw-leaves=true` and the default 256 KiB chunker, `cat` with a
`timeout=`, `pin/add`, `block/stat`. Works with Kubo and with js-ipfs (which
the tests run).

The node is not trusted: `put` hashes the upload locally and refuses a node
that names it with another CID, and `get` re-hashes what `cat` returns and
raises `CorruptContent` on a mismatch, so a lying node cannot poison a job.
Nor can it fill the disk: before `cat`, `get` reads the root block of a DAG
(`block/get`, at most `MAX_BLOCK_BYTES`), checks it against the CID and takes
the file size it declares as the most `cat` may return (`DownloadTooLarge`
past it, or past the configured ceiling).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import BinaryIO

import httpx

from protocol.storage.cid import CODEC_DAG_PB, IO_SIZE, CidHasher, cid_digest, unixfs_file_size, validate_cid
from protocol.storage.errors import ContentNotFound, CorruptContent, IpfsError
from protocol.storage.store import DEFAULT_MAX_DOWNLOAD_BYTES, Progress, Store, read_chunks

DEFAULT_API = "http://127.0.0.1:5001"
#: Largest block a node may send for `block/get` (bitswap refuses blocks above 2 MiB; ours are at most ~8 KiB).
MAX_BLOCK_BYTES = 2 * 1024 * 1024

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
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    ) -> None:
        self.api = api.rstrip("/")
        self.fetch_timeout = fetch_timeout
        self.has_timeout = has_timeout
        self.max_download_bytes = max_download_bytes
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

    def _open(self, cid: str) -> AbstractContextManager[Iterator[bytes]]:
        return self._stream("cat", cid)

    @contextmanager
    def _stream(self, command: str, cid: str) -> Iterator[Iterator[bytes]]:
        """The body of `command` (cat, block/get) for `cid`, as it arrives."""
        params = {"arg": cid, "timeout": f"{self.fetch_timeout:g}s"}
        try:
            with self._client.stream("POST", f"/api/v0/{command}", params=params) as response:
                if response.status_code != 200:
                    response.read()
                    self._raise_for(response, command, cid)
                yield response.iter_bytes(IO_SIZE)
        except httpx.TransportError as exc:
            raise IpfsError(f"{self.where} failed during {command} {cid}: {exc!r}; is the node running?") from exc

    def declared_size(self, cid: str) -> int | None:
        """The file size the DAG's root block declares (the block checked against the CID first).

        None for a raw leaf (bounded by one chunk anyway) and a CIDv0 (bounded by the ceiling).
        """
        parts = cid_digest(cid)
        if parts is None or parts[0] != CODEC_DAG_PB:
            return None
        block = self._root_block(cid)
        actual = hashlib.sha256(block).digest()
        if actual != parts[1]:
            raise CorruptContent(cid, f"a root block with sha2-256 {actual.hex()}", self.where)
        try:
            return unixfs_file_size(block)
        except ValueError as exc:
            raise CorruptContent(cid, f"a root block that is not a UnixFS file ({exc})", self.where) from None

    def _root_block(self, cid: str) -> bytes:
        block = bytearray()
        with self._stream("block/get", cid) as chunks:
            for chunk in chunks:
                block += chunk
                if len(block) > MAX_BLOCK_BYTES:
                    raise CorruptContent(cid, f"a root block over {MAX_BLOCK_BYTES:,} bytes", self.where)
        return bytes(block)

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
