"""`gpuhive store ...`: put, get and sync content by CID from the command line.

The CID (or folder CID) is the only thing printed on standard output, so
`CID=$(gpuhive store put scene/)` works; progress bars and reports go to
standard error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from protocol.storage.errors import StorageError
from protocol.storage.folder_manifest import get_dir, put_dir
from protocol.storage.ipfs_store import IpfsStore
from protocol.storage.local_store import LocalStore
from protocol.storage.store import Progress as ProgressCallback
from protocol.storage.store import Store
from protocol.storage.sync import sync_dir

#: Files at least this large get a progress bar.
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
DEFAULT_STORE_DIR = Path("~/.gpuhive/store")

store_app = typer.Typer(help="Content-addressed storage: put, get and sync files by CID.", no_args_is_help=True)
err = Console(stderr=True)

StoreDirOption = typer.Option(
    DEFAULT_STORE_DIR,
    "--store-dir",
    envvar="GPUHIVE_STORE_DIR",
    help="Directory of the local store (the default store).",
)
IpfsApiOption = typer.Option(
    None,
    "--ipfs-api",
    envvar="GPUHIVE_IPFS_API",
    help="Kubo RPC API URL of an IPFS node (e.g. http://127.0.0.1:5001); when given, the IPFS node is the store.",
)
TimeoutOption = typer.Option(60.0, "--timeout", help="Seconds an IPFS node may search for content before giving up.")


def _open_store(store_dir: Path, ipfs_api: str | None, *, zstd: bool = False, timeout: float = 60.0) -> Store:
    if ipfs_api:
        if zstd:
            raise typer.BadParameter(
                "--zstd compresses objects of the local store only: an IPFS node names exactly the bytes it stores, "
                "so compressed uploads would get other CIDs",
                param_hint="--zstd",
            )
        return IpfsStore(ipfs_api, fetch_timeout=timeout)
    return LocalStore(store_dir, compress=zstd)


@contextmanager
def _progress() -> Iterator[Progress]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        yield progress


def _bar_for(progress: Progress, label: str, size: int) -> ProgressCallback | None:
    """A progress callback for a file of `size` bytes (-1: unknown), or None for a small file."""
    if 0 <= size < PROGRESS_MIN_BYTES:
        return None
    task = progress.add_task(label, total=size if size >= 0 else None)
    return lambda n: progress.advance(task, n)


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except (StorageError, OSError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc


@store_app.command("put")
def put(
    path: Path = typer.Argument(..., exists=True, help="A file, or a folder (stored with a manifest: one CID)."),
    pin: bool = typer.Option(False, "--pin", help="Also pin the content (keep it from garbage collection)."),
    zstd: bool = typer.Option(False, "--zstd", help="Store zstd-compressed (local store; the CID is unchanged)."),
    store_dir: Path = StoreDirOption,
    ipfs_api: str | None = IpfsApiOption,
) -> None:
    """Store a file or a folder; print its CID."""
    store = _open_store(store_dir, ipfs_api, zstd=zstd)
    with _user_errors(), _progress() as progress:
        if path.is_dir():
            cid, manifest = put_dir(store, path, progress_for=lambda rel, size: _bar_for(progress, rel, size))
            err.print(f"stored {len(manifest)} files of {path} as a folder manifest")
        else:
            cid = store.put_file(path, progress=_bar_for(progress, path.name, path.stat().st_size))
        if pin:
            store.pin(cid)
    typer.echo(cid)


@store_app.command("get")
def get(
    cid: str = typer.Argument(..., help="CID of a file, or of a folder manifest with --dir."),
    dest: Path = typer.Argument(..., help="Where to write the file (or the folder with --dir)."),
    directory: bool = typer.Option(False, "--dir", help="CID is a folder manifest: write every file under DEST."),
    store_dir: Path = StoreDirOption,
    ipfs_api: str | None = IpfsApiOption,
    timeout: float = TimeoutOption,
) -> None:
    """Fetch content by CID, verified against the CID, to DEST."""
    store = _open_store(store_dir, ipfs_api, timeout=timeout)
    with _user_errors(), _progress() as progress:
        if directory:
            manifest = get_dir(store, cid, dest, progress_for=lambda rel, size: _bar_for(progress, rel, size))
            err.print(f"wrote {len(manifest)} files under {dest}")
        else:
            size = store.get(cid, dest, progress=_bar_for(progress, dest.name, -1))
            err.print(f"wrote {size:,} bytes to {dest}")


@store_app.command("sync")
def sync(
    directory: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder to sync."),
    index: Path | None = typer.Option(None, "--index", help="Sync index file (default: DIR/.gpuhive-sync.json)."),
    zstd: bool = typer.Option(False, "--zstd", help="Store zstd-compressed (local store; CIDs are unchanged)."),
    store_dir: Path = StoreDirOption,
    ipfs_api: str | None = IpfsApiOption,
) -> None:
    """Upload only the files of DIR that changed since its last sync; print the folder's CID."""
    store = _open_store(store_dir, ipfs_api, zstd=zstd)
    with _user_errors(), _progress() as progress:
        report = sync_dir(
            store, directory, index_path=index, progress_for=lambda rel, size: _bar_for(progress, rel, size)
        )
    err.print(
        f"uploaded {len(report.uploaded)}, unchanged {len(report.unchanged)}, removed {len(report.removed)}",
        highlight=False,
    )
    for rel in report.uploaded:
        err.print(f"  + {rel}", highlight=False)
    for rel in report.removed:
        err.print(f"  - {rel}", highlight=False)
    typer.echo(report.root_cid)
