"""`gpuhive job ...`: check a job spec before paying for it."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import typer

from protocol.jobspec.canonical import AnySpec, load_spec_file, spec_hash_hex
from protocol.jobspec.errors import SpecError, SpecIssue
from protocol.jobspec.horizon import run_window
from protocol.jobspec.promise import verification_promise
from protocol.jobspec.slicing import slice_tasks

app = typer.Typer(help="Job specs: validate, hash and slice them.", no_args_is_help=True)


def _fail(issues: tuple[SpecIssue, ...] | list[SpecIssue], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"ok": False, "errors": [{"field": i.path, "message": i.message} for i in issues]}))
    else:
        typer.secho(f"invalid job spec ({len(issues)} problem{'s' if len(issues) != 1 else ''}):", fg="red", err=True)
        for issue in issues:
            typer.echo(f"  {issue}", err=True)
    raise typer.Exit(1)


def spec_warnings(
    spec: AnySpec, now: int, min_worker_stake: int | None = None, window_s: int | None = None
) -> list[str]:
    """What a valid spec may still run into, in words: a slash per fault no worker with the registry's minimum
    stake covers (the dispatcher leases it only to workers staking that much), a deadline beyond the run
    window (``protocol.jobspec.horizon``: the job is wound down there). Defaults: the default deployment's."""
    from protocol.config import CommitteePolicy
    from protocol.contracts import TOKEN, DeployParams

    params = DeployParams()
    minimum = params.min_worker_stake if min_worker_stake is None else min_worker_stake
    window = run_window() if window_s is None else window_s
    warnings = []
    policy = getattr(spec, "verification", None)
    slash = CommitteePolicy().slash_per_fault(
        spec.reward_per_task, policy.spot_check_bps if policy is not None else 0, spec.num_tasks
    )
    if slash > minimum:
        warnings.append(
            f"one caught fault slashes {slash / TOKEN:g} tokens (3 × reward_per_task / the check share), more than "
            f"the registry's minimum worker stake of {minimum / TOKEN:g}: only workers staking at least "
            f"{slash / TOKEN:g} tokens get a run, and with none the job waits for its deadline (lower "
            "reward_per_task or raise spot_check_bps)"
        )
    if spec.deadline - now > window:
        warnings.append(
            f"the deadline is {(spec.deadline - now) / 86_400:.1f} days away, but runs are leased for at most "
            f"{window / 86_400:.2f} days after the job's first lease (so every slash lands before a worker's "
            "unbonding stake can leave); what is not done by then is refunded: split longer work into several jobs"
        )
    return warnings


@app.command()
def validate(
    spec_path: Path = typer.Argument(..., metavar="SPEC", help="Job spec file (.yaml/.yml or .json)."),
    now: int = typer.Option(None, help="Unix time the deadline must be after (default: the current time)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of text."),
) -> None:
    """Validate a job spec; print its kind, task count, spec_hash and the budget it needs.

    Exits 1 with every field-level problem if the spec is not acceptable.
    """
    try:
        spec = load_spec_file(spec_path)
    except SpecError as exc:
        _fail(exc.issues, as_json)
    now = int(time.time()) if now is None else now
    if spec.deadline <= now:
        _fail(
            [
                SpecIssue(
                    "deadline", f"{spec.deadline} is not in the future (now {now}); JobEscrow.create_job would revert"
                )
            ],
            as_json,
        )
    warnings = spec_warnings(spec, now)
    summary = {
        "ok": True,
        "kind": spec.kind,
        "name": spec.name,
        "num_tasks": spec.num_tasks,
        "replication": spec.replication,
        "reward_per_task": str(spec.reward_per_task),
        "budget_needed": str(spec.budget_needed),
        "budget": str(spec.budget),
        "deadline": spec.deadline,
        "spec_hash": spec_hash_hex(spec),
        "verification": verification_promise(spec),
        "warnings": warnings,
    }
    if as_json:
        typer.echo(json.dumps(summary))
        return
    deadline = datetime.fromtimestamp(spec.deadline, UTC).isoformat().replace("+00:00", "Z")
    typer.secho(f"{spec_path}: valid {spec.kind} job spec", fg="green")
    typer.echo(f"  name           {spec.name}")
    typer.echo(f"  num_tasks      {spec.num_tasks}")
    typer.echo(f"  replication    {spec.replication}")
    typer.echo(
        f"  budget needed  {spec.budget_needed} = ({spec.num_tasks} tasks × {spec.replication} replicas "
        f"+ {spec.spot_checks} spot checks) × {spec.reward_per_task}"
    )
    typer.echo(f"  budget         {spec.budget} (up to {spec.budget - spec.budget_needed} refunded)")
    typer.echo(f"  deadline       {spec.deadline} ({deadline})")
    typer.echo(f"  spec_hash      {summary['spec_hash']}")
    typer.echo(f"  verification   {summary['verification']}")
    for warning in warnings:
        typer.secho(f"  warning        {warning}", fg="yellow", err=True)


@app.command()
def tasks(
    spec_path: Path = typer.Argument(..., metavar="SPEC", help="Job spec file (.yaml/.yml or .json)."),
    limit: int = typer.Option(20, min=0, help="Print at most this many tasks (0: all)."),
) -> None:
    """Print the tasks a spec slices into, one JSON object per line."""
    try:
        spec = load_spec_file(spec_path)
    except SpecError as exc:
        _fail(exc.issues, False)
    all_tasks = slice_tasks(spec)
    shown = all_tasks if limit == 0 else all_tasks[:limit]
    for task in shown:
        typer.echo(json.dumps(task.to_json(), separators=(",", ":")))
    if len(shown) < len(all_tasks):
        typer.echo(f"... {len(all_tasks) - len(shown)} more ({len(all_tasks)} tasks)", err=True)
