"""`gpuhive worker ...`: probe the hardware, manage the stake, run the agent, claim payouts.

Every chain command reads ``--config worker.toml`` for the RPC URL, the
deployment manifest and the key source (an Ape keystore alias, or an
environment variable named by ``key_env``); no command takes a key.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from protocol.config import ConfigError
from worker_node.config import WorkerConfig, load_config

app = typer.Typer(
    help="Run a worker node: probe, register and stake, lease and run tasks, claim payouts.", no_args_is_help=True
)
console = Console()

CONFIG_OPTION = typer.Option(Path("worker.toml"), "--config", "-c", help="Worker config file (TOML).")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(f"error: {message}", fg="red", err=True)
    return typer.Exit(code)


def _config(path: Path) -> WorkerConfig:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _chain(cfg: WorkerConfig) -> Any:
    from worker_node.staking import connect

    try:
        return connect(cfg, cfg.signer_key())
    except (ConfigError, ValueError) as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # ChainError (wrong chain, stale manifest) and transport errors
        raise _fail(f"cannot reach the chain: {exc}") from None


def _amount(chain: Any, text: str) -> int:
    from worker_node.staking import token_units

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _fail(f"{text!r} is not an amount; give whole tokens, e.g. 100 or 12.5") from None
    return token_units(chain, value)


def _gib(n: int | None) -> str:
    return "?" if n is None else f"{n / 2**30:.1f} GiB"


@app.command()
def probe(as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Report GPUs (NVML), CPU, RAM and the capabilities this node can register with."""
    from worker_node.probe import probe as run_probe

    report = run_probe()
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
        return
    if report.gpus:
        gpus = Table(title=f"GPUs: {report.gpu_status}" + (f" (driver {report.driver})" if report.driver else ""))
        for col in ("#", "name", "VRAM", "used", "util", "temp"):
            gpus.add_column(col)
        for g in report.gpus:
            gpus.add_row(
                str(g.index),
                g.name,
                _gib(g.memory_total),
                _gib(g.memory_used),
                "?" if g.utilisation_pct is None else f"{g.utilisation_pct} %",
                "?" if g.temperature_c is None else f"{g.temperature_c} °C",
            )
        console.print(gpus)
    else:
        console.print(f"[yellow]{report.gpu_status}[/yellow]")
    host = Table(title="Host")
    host.add_column("what")
    host.add_column("value")
    host.add_row("CPU", f"{report.cpu_model} × {report.cpu_count}")
    host.add_row("RAM", f"{_gib(report.ram_total)} (available {_gib(report.ram_available)})")
    for kind, why_not in report.kinds.items():
        host.add_row(f"kind {kind}", "offered" if why_not is None else f"not offered: {why_not}")
    host.add_row("capabilities", f"{report.capabilities:#x}" + (" (GPU)" if report.has_gpu else " (CPU only)"))
    console.print(host)


@app.command()
def register(
    config: Path = CONFIG_OPTION,
    capabilities: str = typer.Option(None, help="Capability bitmask (e.g. 0x105); default: what `probe` finds."),
    metadata_cid: str = typer.Option("", help="CID of a self-description of the node (optional)."),
) -> None:
    """Register this key as a worker (or update its capabilities)."""
    from worker_node.probe import probe as run_probe
    from worker_node.staking import StakingError
    from worker_node.staking import register as do_register

    cfg = _config(config)
    chain = _chain(cfg)
    caps = int(capabilities, 0) if capabilities else run_probe().capabilities
    try:
        done = do_register(chain, caps, metadata_cid)
    except StakingError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"{done.detail}" + "".join(f"\n  tx {tx}" for tx in done.tx_hashes))


@app.command()
def stake(
    amount: str = typer.Argument(..., help="Whole tokens to stake, e.g. 100."), config: Path = CONFIG_OPTION
) -> None:
    """Stake tokens (approves the registry first when needed)."""
    from worker_node.staking import StakingError
    from worker_node.staking import stake as do_stake

    cfg = _config(config)
    chain = _chain(cfg)
    try:
        done = do_stake(chain, _amount(chain, amount))
    except StakingError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"{done.detail}" + "".join(f"\n  tx {tx}" for tx in done.tx_hashes))


@app.command()
def unbond(amount: str = typer.Argument(..., help="Whole tokens to unbond."), config: Path = CONFIG_OPTION) -> None:
    """Start unbonding stake (withdrawable after the registry's unbonding period)."""
    from worker_node.staking import StakingError
    from worker_node.staking import unbond as do_unbond

    cfg = _config(config)
    chain = _chain(cfg)
    try:
        done = do_unbond(chain, _amount(chain, amount))
    except StakingError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"{done.detail}" + "".join(f"\n  tx {tx}" for tx in done.tx_hashes))


@app.command()
def withdraw(config: Path = CONFIG_OPTION) -> None:
    """Withdraw stake whose unbonding period is over."""
    from worker_node.staking import StakingError
    from worker_node.staking import withdraw as do_withdraw

    cfg = _config(config)
    chain = _chain(cfg)
    try:
        done = do_withdraw(chain)
    except StakingError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(f"{done.detail}" + "".join(f"\n  tx {tx}" for tx in done.tx_hashes))


@app.command()
def claim(
    config: Path = CONFIG_OPTION,
    threshold: str = typer.Option("0", help="Claim only if matured payouts reach this many whole tokens."),
) -> None:
    """Claim every matured payout of the jobs in the journal, in as few transactions as possible."""
    from worker_node.journal import Journal
    from worker_node.rewards import Rewards
    from worker_node.staking import format_units

    cfg = _config(config)
    chain = _chain(cfg)
    journal = Journal(cfg.journal_path)
    try:
        report = Rewards(chain, cfg.storage.open(), journal, cfg.require_oracles()).claim(_amount(chain, threshold))
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    finally:
        journal.close()
    for problem in report.problems:
        typer.secho(f"warning: {problem}", fg="yellow", err=True)
    if report.claimed:
        typer.echo(
            f"claimed {format_units(chain, report.amount)} for jobs {report.claimed}"
            + "".join(f"\n  tx {tx}" for tx in report.tx_hashes)
        )
    elif report.below_threshold:
        typer.echo(f"matured {format_units(chain, report.total_matured)} is below the threshold; nothing claimed")
    else:
        typer.echo(
            "nothing to claim yet"
            + (f" (jobs {report.waiting} are still in their dispute window)" if report.waiting else "")
        )


# not silent: on a network whose sentries attest, a node that answers no probe gets the OFFLINE leaf every epoch
# and is jailed like a dead one (tests/e2e/test_e2e_sentry_jail.py met this). Said once by `worker run`, not by
# the agent itself: the demo's and the tests' agents run where no sentry attests.
SENTRY_OFF = (
    "warning: sentry probe endpoint off (sentry_port = 0): where sentries attest, this node answers no probe, is "
    "attested OFFLINE and can be jailed; set sentry_port (and sentry_public_url) in the config"
)


def start_notes(cfg: WorkerConfig) -> list[str]:
    """What `gpuhive worker run` tells its operator at start about the config (once, before the logs)."""
    return [] if cfg.sentry_port else [SENTRY_OFF]


@app.command()
def run(
    config: Path = CONFIG_OPTION,
    log_level: str = typer.Option("info", help="debug, info, warning or error."),
) -> None:
    """Run the worker agent until interrupted (Ctrl-C or SIGTERM finish the current lease, then stop)."""
    from protocol.logs import setup_logging
    from protocol.stack_guard import bound_recursion_limit
    from worker_node import orphans
    from worker_node.agent import AgentError, load_agent

    cfg = _config(config)
    marker = orphans.agent_id(cfg.journal_path)
    os.environ[orphans.MARKER] = marker  # inherited by every runtime child, so a restart can find leftovers
    try:
        agent = load_agent(cfg, marker=marker)
        agent.check_node()
    except (ConfigError, AgentError) as exc:
        raise _fail(str(exc)) from None

    def _graceful(signum: int, _frame: Any) -> None:
        logging.getLogger(__name__).info("stopping after the current lease (signal %d; again to quit now)", signum)
        agent.request_stop()
        signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _graceful)
    setup_logging(log_level)
    for noisy in ("httpx", "httpcore", "apscheduler"):  # one line per request / scheduler tick otherwise
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    bound_recursion_limit()  # after every import: an oracle's reply is JSON too (protocol.stack_guard)
    for note in start_notes(cfg):
        typer.echo(note, err=True)
    typer.echo(f"worker {agent.address} serving {len(agent.urls)} oracle(s); Ctrl-C to stop")
    agent.run()
    agent.close()
    typer.echo("worker stopped")
