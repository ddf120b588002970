"""`gpuhive`: the one command-line entry point of GPUHive."""

from __future__ import annotations

import importlib
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from protocol.contracts import REPO_ROOT, TOKEN

# ape-vyper's settings model has a field pydantic-settings cannot resolve when Ape loads its plugins: a warning
# about Ape's internals on every start, nothing a user can act on.
warnings.filterwarnings("ignore", message="Field 'import_remapping'")

HELP = "GPUHive: decentralized GPU compute with on-chain escrow."
# The root commands (demo, deploy) are defined on `_root` below; the role groups are mounted on it only when the
# whole app is asked for (`app`, `gpuhive --help`, `gpuhive job ...`). A service process (`gpuhive oracle run`,
# `worker run`, `sentry run`, `store ...`) imports its own group alone: importing every role (the requester's
# estimates load scikit-learn, the indexer, the web app) cost each started process about 4 s of CPU.
_root = typer.Typer(help=HELP, no_args_is_help=True)
_mounted = False
# group -> (module, attribute): the groups a process can run without the rest of the app
_SERVICE_GROUPS = {
    "oracle": ("oracles.cli", "app"),
    "worker": ("worker_node.cli", "app"),
    "sentry": ("oracles.sentry.cli", "app"),
    "store": ("protocol.storage.cli", "store_app"),
}
console = Console()


def _group(name: str) -> typer.Typer:
    module, attribute = _SERVICE_GROUPS[name]
    return getattr(importlib.import_module(module), attribute)


def _full_app() -> typer.Typer:
    """The root app with every group mounted (once)."""
    global _mounted
    if not _mounted:
        from frontend_api.estimates import register as register_estimate_command
        from frontend_api.requester_cli import register as register_requester_commands
        from frontend_api.web_cli import web as web_command
        from protocol.jobspec.cli import app as job_app

        register_requester_commands(job_app)
        register_estimate_command(job_app)
        _root.add_typer(job_app, name="job")
        for name in _SERVICE_GROUPS:
            _root.add_typer(_group(name), name=name)
        _root.command(name="web")(web_command)
        _mounted = True
    return _root


def __getattr__(name: str) -> Any:
    """``gpuhive.cli.app``: the whole app (tests and embedders import it; PEP 562 keeps the import lazy)."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The `gpuhive` entry point: a service group alone when the command names one, else the whole app."""
    group = sys.argv[1] if len(sys.argv) > 1 else ""
    if group in _SERVICE_GROUPS:
        only = typer.Typer(help=HELP, no_args_is_help=True)
        only.add_typer(_group(group), name=group)
        only(args=sys.argv[1:], prog_name="gpuhive")
    else:
        _full_app()(prog_name="gpuhive")


EMBEDDED = "ethereum:local:test"


def _prepare_ape() -> None:
    """Ape must find the project's anvil (node_modules) wherever it is started from.

    The working directory stays the user's: the contracts are found through ``protocol.contracts.REPO_ROOT``
    (the source tree, or ``GPUHIVE_HOME``), relative paths on the command line keep their meaning."""
    extra = [str(REPO_ROOT / ".venv" / "bin"), str(REPO_ROOT / "node_modules" / ".bin")]
    os.environ["PATH"] = os.pathsep.join([*extra, os.environ.get("PATH", "")])


def _tokens(amount: int) -> str:
    """Two decimals, or the first significant ones below 0.01 (a zk demo pays 0.001 per task: not "0.00")."""
    value = amount / TOKEN
    return f"{value:,.2f}" if value == 0 or abs(value) >= 0.01 else f"{value:.2g}"


@_root.command()
def demo(
    kind: str = typer.Option(
        "render", help="Job kind: render (a Blender scene), train (a PyTorch model) or zk (proven inference)."
    ),
    workdir: Path = typer.Option(
        None, help="Where the chain-side data, stores, configs, logs and outputs go (default ./gpuhive-demo/<time>)."
    ),
    chain: str = typer.Option(
        "embedded",
        help="embedded: everything in this process on py-evm; anvil: start "
        "anvil and run every oracle and worker as its own OS process.",
    ),
    rpc: str = typer.Option(
        None,
        help="Join a running network at this JSON-RPC URL instead (needs --deployment; only the requester runs here).",
    ),
    deployment: Path = typer.Option(
        None, envvar="GPUHIVE_DEPLOYMENT", help="With --rpc: the network's deployment manifest."
    ),
    oracles: str = typer.Option(
        "http://127.0.0.1:8700", envvar="GPUHIVE_ORACLES", help="With --rpc: comma-separated oracle API URLs."
    ),
    account: str = typer.Option(
        None,
        envvar="GPUHIVE_ACCOUNT",
        help="With --rpc: the requester's Ape keystore alias (passphrase in GPUHIVE_KEYSTORE_PASSPHRASE).",
    ),
    key_env: str = typer.Option(None, help="With --rpc: an environment variable holding the requester's key."),
    store: Path = typer.Option(
        None, envvar="GPUHIVE_STORE", help="With --rpc: the local store the network reads (default <workdir>/store)."
    ),
    ipfs_api: str = typer.Option(
        None, envvar="GPUHIVE_IPFS_API", help="With --rpc: the network's IPFS (Kubo) RPC API instead of a local store."
    ),
    lifecycle: bool = typer.Option(False, help="Only the contracts: one job's on-chain life, no services."),
    network: str = typer.Option(
        EMBEDDED, help="With --lifecycle: the Ape network choice (ethereum:local:foundry starts anvil)."
    ),
    web: bool = typer.Option(
        False, "--web", help="After the job, keep the network (--chain anvil) running and serve the dApp on it."
    ),
) -> None:
    """Run the whole network in one process on the embedded chain: contracts, 3 oracles (k=2),
    3 staked workers and a requester; one real job from submission to claims, then a report.
    `--chain anvil` runs each role as its own process; `--rpc URL --deployment FILE` joins a network."""
    if kind not in ("render", "train", "zk"):
        console.print(f"[red]error:[/red] --kind must be render, train or zk, not {kind!r}")
        raise typer.Exit(2)
    if chain not in ("embedded", "anvil"):
        console.print(f"[red]error:[/red] --chain must be embedded or anvil, not {chain!r}")
        raise typer.Exit(2)
    if rpc and deployment is None:
        console.print("[red]error:[/red] --rpc needs --deployment FILE (the manifest `gpuhive deploy` wrote)")
        raise typer.Exit(2)
    work = (workdir or Path("gpuhive-demo") / time.strftime("%Y%m%d-%H%M%S")).resolve()
    manifest_path = deployment.resolve() if deployment else None
    store_path = store.resolve() if store else None
    _prepare_ape()
    from ape import networks
    from ape.logging import logger

    logger.set_level("WARNING")  # Ape logs a "Confirmed 0x..." line per transaction: not what the demo shows
    if lifecycle:
        _lifecycle_demo(network)
        return
    if kind == "zk":  # gpuhive/demo/zk.py: one process, on the embedded chain or anvil
        _zk_demo("ethereum:local:foundry" if chain == "anvil" else EMBEDDED, work)
        return
    if rpc and manifest_path is not None:
        report = _joined_demo(kind, work, rpc, manifest_path, oracles, account, key_env, store_path, ipfs_api)
        _print_network_report(report, joined=True)
        if not all(t.verdict == "accepted" for t in report.tasks):
            raise typer.Exit(1)
        return
    if chain == "anvil" or web:
        report = _process_demo(kind, work, web=web)
        if web:
            return  # the report was printed before the dApp was served
    else:
        from gpuhive.demo.network import run_network_demo

        with networks.parse_network_choice(EMBEDDED), console.status("starting") as status:
            report = run_network_demo(kind, work, progress=lambda m: status.update(m))
    _print_network_report(report)
    _write_report(report, work)
    ok = report.escrow_balance_after == 0 and all(t.verdict == "accepted" for t in report.tasks)
    if not ok:
        raise typer.Exit(1)


def _process_demo(kind: str, work: Path, web: bool = False):
    """--chain anvil: every role its own process; every child stopped on exit, Ctrl-C or SIGTERM. ``web``: after
    the job, print the report, serve the dApp over the running network until Ctrl-C (gpuhive/demo/web.py)."""
    import signal

    from gpuhive.demo.processes import DemoError, ProcessNetwork

    def _interrupt(signum, _frame):
        raise KeyboardInterrupt

    # Ape's own SIGINT handler exits at once; here Ctrl-C and SIGTERM unwind, so every child gets stopped
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with console.status("starting") as status:
            with ProcessNetwork(work, progress=lambda m: status.update(m)) as net:
                report = net.run_demo_job(kind)
                if web:
                    from gpuhive.demo.web import serve_until_interrupted

                    status.stop()
                    _print_network_report(report)
                    _write_report(report, work)
                    try:
                        serve_until_interrupted(net, console.print)
                    except KeyboardInterrupt:
                        console.print("stopping every process")
                        return report
                status.update("stopping the oracle and worker processes")
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted[/yellow]: every process stopped; logs in {work / 'logs'}")
        raise typer.Exit(130) from None
    except DemoError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    console.print(f"configs in {work} (oracle1-3.toml, worker1-3.toml); logs in {work / 'logs'}")
    return report


def _joined_demo(
    kind: str,
    work: Path,
    rpc: str,
    deployment: Path,
    oracles: str,
    account: str | None,
    key_env: str | None,
    store: Path | None,
    ipfs_api: str | None,
):
    """--rpc: only the requester runs here, against oracles and workers someone else runs."""
    from frontend_api.requester import RequesterError
    from frontend_api.requester_cli import Conn
    from gpuhive.demo.processes import DemoError, run_joined_demo
    from protocol.keys import KeyError_

    conn = Conn(rpc, deployment, account, key_env, oracles, store or work / "store", ipfs_api)
    try:
        requester = conn.requester()
        with console.status("starting") as status:
            return run_joined_demo(kind, work, requester, progress=lambda m: status.update(m))
    except (RequesterError, DemoError, KeyError_, ValueError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def _write_report(report, work: Path) -> None:
    """The report as ``<workdir>/report.json`` too (token amounts in wei, as integers), for scripts."""
    import dataclasses
    import json

    data = dataclasses.asdict(report)
    data["gas_total"] = report.gas_total
    path = work / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    console.print(f"report: {path}")


def _print_network_report(report, joined: bool = False) -> None:
    tasks = Table(title=f"Job {report.job_id} ({report.kind}): who ran and who checked each task")
    for col in ("task", "work", "ran by", "checked by", "verdict", "evidence"):
        tasks.add_column(col)
    for t in report.tasks:
        tasks.add_row(str(t.index), t.what, ", ".join(t.ran_by), ", ".join(t.checked_by) or "-", t.verdict, t.evidence)
    console.print(tasks)
    gas = Table(title="Gas of every step")
    for col in ("step", "by"):
        gas.add_column(col)
    gas.add_column("gas", justify="right")
    for name, who, used in report.gas:
        gas.add_row(name, who, f"{used:,}")
    gas.add_row("total", "", f"{report.gas_total:,}", style="bold")
    console.print(gas)
    money = Table(
        title=f"Budget {_tokens(report.budget)} HIVE: where it "
        + ("goes (claimable after the dispute window)" if joined else "went")
    )
    money.add_column("who")
    money.add_column("settled to" if joined else "received", justify="right")
    for who, amount in report.payouts.items():
        money.add_row(who, _tokens(amount))
    money.add_row("oracles (fee)", _tokens(report.oracle_fee))
    money.add_row("requester (refund)", _tokens(report.refund))
    for who, amount in report.slashed.items():
        money.add_row(f"{who} (slashed stake)", "-" + _tokens(amount))
    console.print(money)
    if joined:
        console.print(f"outputs: {len(report.outputs)} files in {report.output_dir}")
        console.print(
            f"job {report.job_id} settled; workers claim {_tokens(report.escrow_balance_after)} HIVE and "
            f"you take the refund (`gpuhive job refund {report.job_id}`) after the dispute window"
        )
        console.print(f"demo finished in {report.seconds:.0f} s")
        return
    ok = report.escrow_balance_after == 0
    console.print(f"devices: {'; '.join(report.devices)}")
    console.print(f"outputs: {len(report.outputs)} files in {report.output_dir}")
    console.print(
        f"escrow balance after everything is claimed: {_tokens(report.escrow_balance_after)} HIVE "
        + ("[green](nothing stuck)[/green]" if ok else "[red](tokens stuck!)[/red]")
    )
    console.print(f"demo finished in {report.seconds:.0f} s")


def _zk_demo(network: str, work: Path) -> None:
    import dataclasses
    import json

    from ape import networks

    from gpuhive.demo.zk import run_zk_demo

    with networks.parse_network_choice(network), console.status("starting") as status:
        report = run_zk_demo(work, progress=lambda m: status.update(m))
    table = Table(title=f"zk job {report.job_id} on chain {report.chain_id}: {report.proven} tasks proven on-chain")
    for column in ("task", "worker", "prover", "prove s", "labels", "post gas"):
        table.add_column(column)
    for t in report.tasks:
        table.add_row(
            str(t.task), t.worker, f"{t.backend} ({t.backend_why})", f"{t.prove_s}", str(t.labels), f"{t.post_gas:,}"
        )
    console.print(table)
    paid = ", ".join(f"{w} {_tokens(a)}" for w, a in report.payouts.items())
    console.print(
        f"paid (proven tasks only): {paid}; refund {_tokens(report.refund)} HIVE; {report.wall_s} s end to end"
    )
    (work / "zk_report.json").write_text(json.dumps(dataclasses.asdict(report), indent=2) + "\n")
    if report.escrow_balance_after != 0:
        console.print("[red]funds left in the escrow[/red]")
        raise typer.Exit(1)
    console.print("[green]nothing stuck[/green]: the escrow is empty")


def _lifecycle_demo(network: str) -> None:
    from ape import networks

    from gpuhive.demo.lifecycle import run_lifecycle

    with networks.parse_network_choice(network), console.status("starting") as status:
        report = run_lifecycle(progress=lambda m: status.update(m))
    table = Table(title=f"Contracts on {report.network} (chain {report.chain_id})")
    table.add_column("contract")
    table.add_column("address")
    for name, address in report.addresses.items():
        table.add_row(name, address)
    console.print(table)

    gas = Table(title=f"Gas of job {report.job_id}'s life")
    gas.add_column("step")
    gas.add_column("by")
    gas.add_column("gas", justify="right")
    for step in report.steps:
        gas.add_row(step.name, step.actor, f"{step.gas:,}")
    gas.add_row("total", "", f"{report.gas_total:,}", style="bold")
    console.print(gas)

    money = Table(title=f"Budget {_tokens(report.budget)} HIVE: where it went")
    money.add_column("who")
    money.add_column("received", justify="right")
    for who, amount in report.payouts.items():
        money.add_row(who, _tokens(amount))
    money.add_row("oracles (fee)", _tokens(report.oracle_fee))
    money.add_row("requester (refund)", _tokens(report.refund))
    console.print(money)
    ok = report.escrow_balance_after == 0
    console.print(
        f"escrow balance after everything is claimed: {_tokens(report.escrow_balance_after)} HIVE "
        + ("[green](nothing stuck)[/green]" if ok else "[red](tokens stuck!)[/red]")
    )
    if not ok:
        raise typer.Exit(1)


@_root.command()
def deploy(
    network: str = typer.Option(EMBEDDED, help="Ape network choice, e.g. ethereum:local:foundry."),
    account: str = typer.Option(
        None,
        help="Ape account alias to deploy from (`ape accounts list`); "
        "local networks default to the first test account.",
    ),
    signers: str = typer.Option(None, help="Comma-separated oracle signer addresses (default: test accounts 1-3)."),
    threshold: int = typer.Option(2, help="How many oracle signatures a verdict needs."),
    out: Path = typer.Option(
        None, help="Where to write the deployment manifest (default ./deployments/<chain id>.json)."
    ),
) -> None:
    """Deploy and wire the five contracts and write the deployment manifest."""
    _prepare_ape()
    from ape import accounts, chain, networks

    from protocol.contracts import DeployParams
    from protocol.deployment import deploy as deploy_contracts

    with networks.parse_network_choice(network):
        deployer = accounts.load(account) if account else accounts.test_accounts[0]
        signer_list = signers.split(",") if signers else [a.address for a in accounts.test_accounts[1:4]]
        manifest, _ = deploy_contracts(deployer, DeployParams(oracle_signers=signer_list, threshold=threshold))
        path = manifest.save(out or Path("deployments") / f"{chain.chain_id}.json")
    table = Table(title=f"Deployed on {manifest.network} (chain {manifest.chain_id})")
    for col in ("contract", "address", "block", "gas"):
        table.add_column(col)
    for name, rec in manifest.contracts.items():
        table.add_row(name, rec.address, str(rec.block), f"{rec.gas_used:,}")
    console.print(table)
    console.print(f"manifest: {path}")


if __name__ == "__main__":
    main()
