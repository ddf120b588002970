"""`gpuhive job submit|status|results|cancel|dispute|reclaim|refund|reveal-gold`: the requester's commands.

Connection settings come from options or the environment (GPUHIVE_RPC,
GPUHIVE_DEPLOYMENT, GPUHIVE_ACCOUNT, GPUHIVE_ORACLES, GPUHIVE_STORE or
GPUHIVE_IPFS_API); the key from Ape's keystore (passphrase in
GPUHIVE_KEYSTORE_PASSPHRASE) or an environment variable named by --key-env.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from frontend_api.requester import Requester, RequesterError, load_with_inputs
from protocol.keys import KeyError_

console = Console()
DEFAULT_STORE = Path.home() / ".gpuhive" / "store"


@dataclass
class Conn:
    rpc: str
    deployment: Path
    account: str | None
    key_env: str | None
    oracles: str
    store: Path
    ipfs_api: str | None

    def requester(self) -> Requester:
        from eth_account import Account
        from web3 import Web3

        from protocol.chain import ChainClient
        from protocol.deployment import Deployment
        from protocol.keys import load_key

        key = load_key(keystore_alias=self.account, key_env=self.key_env)
        web3 = Web3(Web3.HTTPProvider(self.rpc))
        if not web3.is_connected():
            raise RequesterError(f"no JSON-RPC node answers at {self.rpc}; start one or pass --rpc")
        chain = ChainClient(web3, Deployment.load(self.deployment), Account.from_key(key))
        return Requester(chain, self.store_obj(), [u.strip() for u in self.oracles.split(",") if u.strip()])

    def store_obj(self):
        if self.ipfs_api:
            from protocol.storage.ipfs_store import IpfsStore

            return IpfsStore(self.ipfs_api)
        from protocol.storage import LocalStore

        return LocalStore(self.store)


def _fail(exc: Exception) -> None:
    console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the requester commands to the `job` sub-app."""

    # Typer takes no option groups, so every command lists the connection options (see the module docstring).
    @app.command("submit")
    def submit_cmd(
        spec: Path = typer.Argument(..., help="Job spec (YAML or JSON)."),
        scene: Path | None = typer.Option(None, help="Upload this .blend and use it as scene_cid."),
        dataset: Path | None = typer.Option(None, help="Upload this dataset file and use it as dataset.cid."),
        follow: bool = typer.Option(True, help="Follow progress until the job settles."),
        rpc: str = typer.Option("http://127.0.0.1:8545", envvar="GPUHIVE_RPC"),
        deployment: Path = typer.Option(Path("deployment.json"), envvar="GPUHIVE_DEPLOYMENT"),
        account: str | None = typer.Option(None, envvar="GPUHIVE_ACCOUNT"),
        key_env: str | None = typer.Option(None),
        oracles: str = typer.Option("http://127.0.0.1:8700", envvar="GPUHIVE_ORACLES"),
        store: Path = typer.Option(DEFAULT_STORE, envvar="GPUHIVE_STORE"),
        ipfs_api: str | None = typer.Option(None, envvar="GPUHIVE_IPFS_API"),
    ) -> None:
        """Upload the spec (and inputs), lock the budget with a permit, create the job, follow it."""
        c = Conn(rpc, deployment, account, key_env, oracles, store, ipfs_api)
        try:
            req = c.requester()
            job_spec = load_with_inputs(spec, req.store, scene, dataset)
            job_id = req.submit(job_spec)
            console.print(f"job [bold]{job_id}[/bold] created: {job_spec.num_tasks} tasks, budget {job_spec.budget}")
            if follow:
                final = follow_progress(req, job_id)
                console.print(f"job {job_id}: {final.status}")
        except (RequesterError, KeyError_, ValueError, FileNotFoundError) as exc:
            _fail(exc)

    def _simple(name: str, help_text: str):
        def decorator(fn):
            @app.command(name, help=help_text)
            def command(
                job_id: int = typer.Argument(..., help="The job id."),
                rpc: str = typer.Option("http://127.0.0.1:8545", envvar="GPUHIVE_RPC"),
                deployment: Path = typer.Option(Path("deployment.json"), envvar="GPUHIVE_DEPLOYMENT"),
                account: str | None = typer.Option(None, envvar="GPUHIVE_ACCOUNT"),
                key_env: str | None = typer.Option(None),
                oracles: str = typer.Option("http://127.0.0.1:8700", envvar="GPUHIVE_ORACLES"),
                store: Path = typer.Option(DEFAULT_STORE, envvar="GPUHIVE_STORE"),
                ipfs_api: str | None = typer.Option(None, envvar="GPUHIVE_IPFS_API"),
                dest: Path | None = typer.Option(None, help="results: where to write the outputs."),
            ) -> None:
                c = Conn(rpc, deployment, account, key_env, oracles, store, ipfs_api)
                try:
                    fn(c.requester(), job_id, dest)
                except (RequesterError, KeyError_, ValueError, FileNotFoundError) as exc:
                    _fail(exc)

            return fn

        return decorator

    @_simple("status", "On-chain status and the leading oracle's progress.")
    def _status(req: Requester, job_id: int, _dest: Path | None) -> None:
        p = req.status(job_id)
        console.print(
            f"job {job_id}: {p.status} (oracle: {p.oracle_state}); tasks {p.num_tasks}, "
            f"verified {p.verified}, failed {p.failed}, leased {p.leased}, results {p.done}"
            + (f"; manifest {p.manifest_cid}" if p.manifest_cid else "")
        )
        proofs = req.zk_proofs(job_id)
        if proofs is not None:  # a zk job: each task's proof as the ProofRegistry verified it
            console.print(f"zk: {len(proofs)} of {p.num_tasks} tasks proven on-chain")
            for line in proofs:
                console.print(
                    f"  task {line.task_index}: output {line.output_hash} posted by {line.submitter} in {line.tx_hash}"
                )

    @_simple("results", "Download every accepted output, verified against its CID (--dest DIR).")
    def _results(req: Requester, job_id: int, dest: Path | None) -> None:
        files = req.results(job_id, dest or Path(f"job-{job_id}"))
        console.print(f"{len(files)} files written under {dest or Path(f'job-{job_id}')}")

    @_simple("cancel", "Ask the oracles to settle what is done and refund the rest.")
    def _cancel(req: Requester, job_id: int, _dest: Path | None) -> None:
        req.cancel(job_id)
        console.print(f"cancel requested for job {job_id}")

    @_simple("dispute", "Dispute a settled job's result within the window (locks the dispute bond).")
    def _dispute(req: Requester, job_id: int, _dest: Path | None) -> None:
        bond = req.dispute(job_id)
        console.print(f"job {job_id} disputed; bond {bond} held until the committee resolves it")

    @_simple("reclaim", "Take the whole budget back when nothing was settled by deadline + grace.")
    def _reclaim(req: Requester, job_id: int, _dest: Path | None) -> None:
        req.reclaim(job_id)
        console.print(f"job {job_id} reclaimed: the budget is back")

    @_simple("refund", "Pay out a settled job's refund to the requester after the dispute window.")
    def _refund(req: Requester, job_id: int, _dest: Path | None) -> None:
        req.claim_refund(job_id)
        console.print(f"refund of job {job_id} paid")

    @app.command("reveal-gold")
    def reveal_gold_cmd(
        job_id: int = typer.Argument(..., help="The label job's id."),
        gold_file: Path = typer.Argument(..., help="The gold file whose keccak is the spec's gold.commitment."),
        oracles: str = typer.Option("http://127.0.0.1:8700", envvar="GPUHIVE_ORACLES"),
    ) -> None:
        """Reveal a label job's gold file to every oracle once the job is settling (see frontend_api.label_gold)."""
        from frontend_api.label_gold import GoldRevealError, read_gold_file, reveal_gold

        try:
            urls = [u.strip() for u in oracles.split(",") if u.strip()]
            deliveries = reveal_gold(urls, job_id, read_gold_file(gold_file))
        except GoldRevealError as exc:
            _fail(exc)
        for d in deliveries:
            what = f"kept as {d.kept_as} ({d.gold_cid})" if d.kept else f"not kept: {d.status or '-'} {d.detail}"
            console.print(f"{d.url}: {what}")
        console.print(
            f"gold of job {job_id} revealed to {sum(d.kept for d in deliveries)} of {len(deliveries)} oracles"
        )


def follow_progress(req: Requester, job_id: int):
    """A live progress bar of tasks leased / with results / verified until the job is final."""
    with Progress(
        TextColumn("[bold]job {task.fields[job]}[/bold]"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} verified · {task.fields[detail]}"),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("job", total=None, job=job_id, detail="waiting for the oracles")

        def update(p) -> None:
            bar.update(
                task,
                total=p.num_tasks or None,
                completed=p.verified,
                detail=f"{p.leased} leased, {p.done} results, {p.failed} failed, "
                f"oracle {p.oracle_state or '…'}, chain {p.status}",
            )

        return req.follow(job_id, update)
