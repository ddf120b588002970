"""`gpuhive sentry register|stake|run`: a sentry node from `sentry.toml`."""

from __future__ import annotations

import signal
from decimal import Decimal, InvalidOperation
from pathlib import Path

import typer

from oracles.sentry.config import SentryConfig, load_config
from protocol.logs import setup_logging

app = typer.Typer(
    help="Run a sentry: probe workers, attest each epoch on-chain, jail the absent.", no_args_is_help=True
)
CONFIG_OPTION = typer.Option(Path("sentry.toml"), "--config", "-c", help="Sentry config file (TOML).")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(f"error: {message}", fg="red", err=True)
    return typer.Exit(code)


def _chain(cfg: SentryConfig):  # type: ignore[no-untyped-def]
    from protocol.chain import ChainClient, http_web3
    from protocol.deployment import Deployment

    try:
        deployment = Deployment.load(cfg.deployment)
        key = cfg.signer_key()
    except (FileNotFoundError, ValueError) as exc:
        raise _fail(str(exc)) from None
    web3 = http_web3(cfg.rpc_url)
    if not web3.is_connected():
        raise _fail(f"no JSON-RPC node answers at {cfg.rpc_url}; check rpc_url")
    chain = ChainClient(web3, deployment, key)
    chain.check_deployment()
    return chain


def _config(path: Path) -> SentryConfig:
    try:
        return load_config(path)
    except (FileNotFoundError, ValueError) as exc:
        raise _fail(str(exc)) from None


@app.command()
def register(
    config: Path = CONFIG_OPTION, metadata_cid: str = typer.Option("", help="CID of a self-description.")
) -> None:
    """Register this key as a sentry."""
    from protocol.chain import ChainError
    from protocol.contracts import Role

    chain = _chain(_config(config))
    if chain.node(chain.account.address).role != 0:
        raise _fail("this key is already registered", 1)
    try:
        receipt = chain.transact(chain.registry.functions.register(Role.SENTRY, 0, metadata_cid))
    except ChainError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"registered {chain.account.address} as a sentry\n  tx {receipt['transactionHash'].to_0x_hex()}")


@app.command()
def stake(
    amount: str = typer.Argument(..., help="Whole tokens to stake, e.g. 100."), config: Path = CONFIG_OPTION
) -> None:
    """Stake tokens as a sentry (approves the registry first when needed). A sentry's stake must reach the
    minimum WORKER stake for its roots to count towards a jail."""
    from protocol.chain import ChainError

    chain = _chain(_config(config))
    try:
        whole = Decimal(amount)
    except InvalidOperation:
        raise _fail(f"{amount!r} is not a number of tokens") from None
    base = int(whole * (Decimal(10) ** int(chain.token.functions.decimals().call())))
    if base <= 0:
        raise _fail("stake a positive amount")
    me, registry = chain.account.address, chain.registry.address
    try:
        if int(chain.token.functions.allowance(me, registry).call()) < base:
            chain.transact(chain.token.functions.approve(registry, base))
        receipt = chain.transact(chain.registry.functions.stake(base))
    except ChainError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"staked {amount}\n  tx {receipt['transactionHash'].to_0x_hex()}")


@app.command()
def run(
    config: Path = CONFIG_OPTION, log_level: str = typer.Option("info", help="debug, info, warning or error.")
) -> None:
    """Run the sentry until interrupted (Ctrl-C or SIGTERM)."""
    from oracles.sentry.service import SentryService, SentrySettings
    from protocol.contracts import Role
    from protocol.sqldb import make_engine

    setup_logging(log_level)
    cfg = _config(config)
    chain = _chain(cfg)
    if not chain.is_eligible(chain.account.address, Role.SENTRY):
        raise _fail("this key is not an eligible sentry: run `gpuhive sentry register` and `gpuhive sentry stake`")
    settings = SentrySettings(
        probes_per_epoch=cfg.probes_per_epoch,
        probe_n=cfg.probe_n,
        probe_timeout=cfg.probe_timeout,
        concurrency=cfg.concurrency,
        gpu_classes=cfg.gpu_classes,
        confirmations=cfg.confirmations,
    )
    service = SentryService(chain, cfg.storage.open(), make_engine(cfg.database_url), settings)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: service.stop())
    typer.echo(f"sentry {service.address} running; Ctrl-C to stop")
    service.run(cfg.poll_interval, cfg.metrics_port)
