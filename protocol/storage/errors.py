"""Typed errors of the content-addressed store; each says what to do next."""

from __future__ import annotations

from protocol.errors import GPUHiveError


class StorageError(GPUHiveError):
    """Base of every storage error."""


class InvalidCid(StorageError, ValueError):
    """The string is not a CID this store can name or verify (CIDv1 sha2-256, or CIDv0)."""

    def __init__(self, cid: str, reason: str = "") -> None:
        self.cid = cid
        detail = f": {reason}" if reason else ""
        super().__init__(f"invalid CID {cid!r}{detail}; expected a CIDv1 sha2-256 string such as 'bafkrei...'")


class ContentNotFound(StorageError, KeyError):
    """The store does not hold (or could not fetch in time) the content of a CID."""

    def __init__(self, cid: str, where: str) -> None:
        self.cid = cid
        self.where = where
        super().__init__(f"content {cid} not found in {where}; put it there first or point at a store that has it")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class CorruptContent(StorageError):
    """The bytes a store returned do not hash to the CID that was asked for.

    Raised by every `get`: a corrupted disk or a lying IPFS node must not
    poison a job. Nothing was written to a destination path when this is
    raised; a stream destination has received the bad bytes and must be
    discarded.
    """

    def __init__(self, cid: str, actual: str, where: str) -> None:
        """`actual` is the CID the bytes hash to, or a description of why they could not be read."""
        self.cid = cid
        self.actual = actual
        self.where = where
        super().__init__(
            f"content from {where} does not match its CID: asked for {cid}, got {actual}; "
            "the copy is corrupt or the node is lying - discard it and fetch from another store"
        )


class DownloadTooLarge(StorageError):
    """A download was stopped at the most bytes it may have: what its DAG declares, or the configured ceiling.

    Raised before a byte is written when the declared size is already above
    the ceiling, else as soon as the stream passes the limit. Nothing is left
    at a destination path; a stream destination must be discarded.
    """

    def __init__(self, cid: str, where: str, limit: int, why: str, *, declared: int | None = None) -> None:
        self.cid = cid
        self.where = where
        self.limit = limit
        if declared is not None:
            message = (
                f"content {cid} is larger than {limit:,} bytes ({why}): its DAG declares {declared:,}; "
                "raise [storage] max_download_bytes if this content is meant to be fetched"
            )
        else:
            message = (
                f"content {cid} from {where} is larger than {limit:,} bytes ({why}); the download was stopped "
                "there and discarded - a node that sends more than the DAG declares is lying: fetch from another store"
            )
        super().__init__(message)


class ManifestError(StorageError, ValueError):
    """A directory manifest is malformed or names an unsafe path."""


class IpfsError(StorageError):
    """The IPFS node (Kubo RPC API) failed or is unreachable."""


class SyncIndexError(StorageError, ValueError):
    """The sync index file of a directory is unreadable; delete it to force a full re-sync."""
