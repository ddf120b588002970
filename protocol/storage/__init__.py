"""Content-addressed storage: Kubo-identical CIDv1s, a local directory store and
an IPFS store behind one `Store` interface, directory manifests and `sync`."""

from protocol.storage.cid import CHUNK_SIZE, CidHasher, cid_of_bytes, cid_of_file, cid_of_stream, validate_cid
from protocol.storage.errors import (
    ContentNotFound,
    CorruptContent,
    DownloadTooLarge,
    InvalidCid,
    IpfsError,
    ManifestError,
    StorageError,
    SyncIndexError,
)
from protocol.storage.local_store import LocalStore
from protocol.storage.store import DEFAULT_MAX_DOWNLOAD_BYTES, Store

__all__ = [
    "CHUNK_SIZE",
    "CidHasher",
    "ContentNotFound",
    "CorruptContent",
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "DownloadTooLarge",
    "InvalidCid",
    "IpfsError",
    "LocalStore",
    "ManifestError",
    "Store",
    "StorageError",
    "SyncIndexError",
    "cid_of_bytes",
    "cid_of_file",
    "cid_of_stream",
    "validate_cid",
]
