"""`gpuhive oracle ...`: run an oracle service from `oracle.toml`."""

from __future__ import annotations

import gc
import signal
import threading
from pathlib import Path

import typer

from oracles.config import load_config
from protocol.logs import setup_logging

app = typer.Typer(
    help="Run an oracle: follow the chain, dispatch tasks, verify, settle with the committee.", no_args_is_help=True
)


@app.command()
def run(
    config: Path = typer.Option(Path("oracle.toml"), "--config", "-c", help="Oracle config file (TOML)."),
    log_level: str = typer.Option("info", help="debug, info, warning or error."),
) -> None:
    """Run the oracle until interrupted (Ctrl-C or SIGTERM)."""
    from oracles.service import OracleService
    from protocol.chain import http_web3
    from protocol.deployment import Deployment
    from protocol.stack_guard import bound_recursion_limit

    setup_logging(log_level)
    try:
        cfg = load_config(config)
        deployment = Deployment.load(cfg.deployment)
        key = cfg.signer_key()
    except (FileNotFoundError, ValueError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None
    if not cfg.rpc_url:
        typer.secho("error: set rpc_url in the config (the chain's JSON-RPC URL)", fg="red", err=True)
        raise typer.Exit(2)
    web3 = http_web3(cfg.rpc_url)
    if not web3.is_connected():
        typer.secho(f"error: no JSON-RPC node answers at {cfg.rpc_url}", fg="red", err=True)
        raise typer.Exit(2)
    service = OracleService(cfg, web3, deployment, key)
    service.chain.check_deployment()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    bound_recursion_limit()  # after every import, before serving (protocol.stack_guard)
    service.start()
    # Everything alive now (imports, web3, the app: about 170,000 objects) lives as long as the process.
    # Out of the cyclic collector's reach, a full collection no longer walks them: it took 100 ms with
    # every thread paused, the API included, every few jobs (benchmarks/e2e.py).
    gc.collect()
    gc.freeze()
    typer.echo(f"oracle {cfg.name} ({service.address}) serving {service.url}; Ctrl-C to stop")
    stop.wait()
    service.stop()
    typer.echo("oracle stopped")
