"""``gpuhive web``: the explorer's indexer, its JSON read API and the dApp's pages in one process.

The indexer follows the deployment's JobEscrow, WorkerRegistry and OracleCommittee from the manifest's
start block into the database (SQLite under ``~/.gpuhive/web/`` unless ``--database-url`` names
another file or a PostgreSQL server) in a background thread, and a second thread prices the indexed
transactions from their receipts (gas spent, ``frontend_api.indexer.gas``); uvicorn serves the API (``/api/v1``,
docs at ``/api/v1/docs``) and the pages (``frontend_api.web``: the explorer at ``/``) from the same
database while it catches up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from frontend_api.indexer import default_database_url

if TYPE_CHECKING:
    from protocol.storage import Store


def web(
    rpc_url: str = typer.Option("http://127.0.0.1:8545", envvar="GPUHIVE_RPC", help="The chain's JSON-RPC URL."),
    deployment: Path = typer.Option(
        ..., envvar="GPUHIVE_DEPLOYMENT", exists=True, dir_okay=False, help="The network's deployment manifest."
    ),
    database_url: str = typer.Option(
        None,
        envvar="GPUHIVE_WEB_DATABASE_URL",
        help="SQLAlchemy URL of the index (default sqlite:///~/.gpuhive/web/index.db; "
        "postgresql+psycopg://... for PostgreSQL).",
    ),
    host: str = typer.Option("127.0.0.1", help="Address to serve on (0.0.0.0 to be reachable from elsewhere)."),
    port: int = typer.Option(8080, help="Port to serve on."),
    confirmations: int = typer.Option(2, min=0, help="Blocks deep an event must be before it is indexed."),
    poll_seconds: float = typer.Option(1.0, min=0.05, help="Seconds between chain polls."),
    oracles: str = typer.Option(
        "", envvar="GPUHIVE_ORACLES", help="Comma-separated oracle API URLs (the wallet pages' job progress)."
    ),
    store: Path = typer.Option(
        None,
        envvar="GPUHIVE_STORE",
        help="The network's local store (uploads, specs, results): enables the wallet pages.",
    ),
    ipfs_api: str = typer.Option(
        None, envvar="GPUHIVE_IPFS_API", help="The network's IPFS (Kubo) RPC API instead of a local store."
    ),
    public_rpc_url: str = typer.Option(
        None, help="The JSON-RPC URL a user's wallet adds (wallet_addEthereumChain), if not --rpc-url."
    ),
) -> None:
    """Index the chain and serve the dApp (explorer at /) and its read API (/api/v1, docs at /api/v1/docs)."""
    import uvicorn

    from frontend_api.indexer import Indexer, IndexerThread, open_index
    from frontend_api.indexer.gas import GasMeter, GasThread
    from frontend_api.web import build_web_app
    from protocol.chain import ChainClient, ChainError, http_web3
    from protocol.deployment import Deployment

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    chain = ChainClient(http_web3(rpc_url, timeout=30), Deployment.load(deployment))
    try:
        if not chain.w3.is_connected():
            raise ChainError(f"no JSON-RPC node answers at {rpc_url}; start one or pass --rpc-url")
        chain.check_deployment()
    except ChainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    url = database_url or default_database_url()
    engine, sessions = open_index(url)
    follower = Indexer().follower(chain, sessions, confirmations=confirmations, poll_interval=poll_seconds)
    thread = IndexerThread(follower).start()
    gas = GasThread(GasMeter(chain.w3, sessions), poll_seconds=poll_seconds).start()  # receipts, behind the indexer
    typer.echo(
        f"indexing {rpc_url} into {url.split('@')[-1]}; explorer on http://{host}:{port}/ "
        f"(API: /api/v1, docs: /api/v1/docs)"
    )
    app = build_web_app(sessions)
    refits = None
    if store is not None or ipfs_api:
        from frontend_api.api.routes.requester_tx import WalletBackend, attach_wallet
        from frontend_api.estimates import ComputeEnds, index_history, start_refits

        urls = [u.strip() for u in oracles.split(",") if u.strip()]
        opened = _open_store(store, ipfs_api)
        attach_wallet(app, WalletBackend(chain, opened, urls, public_rpc_url or rpc_url))
        ends = ComputeEnds(urls, opened, lambda n: b.timestamp if (b := chain.block(n)) else None) if urls else None
        refits = start_refits(app, index_history(sessions, opened, ends))  # the new-job page's estimates, hourly
        typer.echo(f"wallet pages on (/new, /worker): store {ipfs_api or store}, {len(urls)} oracle(s)")
    else:
        typer.echo("wallet pages off: pass --store or --ipfs-api (and --oracles) to serve /new and /worker")
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        if refits is not None:
            refits.shutdown(wait=False)
        gas.stop()
        thread.stop()
        engine.dispose()


def _open_store(store: Path | None, ipfs_api: str | None) -> Store:
    if ipfs_api:
        from protocol.storage.ipfs_store import IpfsStore

        return IpfsStore(ipfs_api)
    if store is None:
        raise ValueError("no store to open: pass --store or --ipfs-api")
    from protocol.storage import LocalStore

    return LocalStore(store)
