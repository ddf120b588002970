"""`ape run deploy`: deploy and wire the GPUHive contracts, write the manifest.

    ape run deploy --network ethereum:local:foundry

Oracle signers come from GPUHIVE_ORACLE_SIGNERS (comma-separated addresses)
and GPUHIVE_THRESHOLD; without them the first three test accounts sign with
threshold 2 (fine for a local chain only). The manifest goes to
GPUHIVE_DEPLOYMENT (default deployments/<chain id>.json).
"""

import os
from pathlib import Path

import click
from ape import accounts, chain
from ape.cli import ConnectedProviderCommand, ape_cli_context

from protocol.contracts import DeployParams
from protocol.deployment import deploy


@click.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@click.option("--account", "account_alias", default=None, help="Ape account alias (default: first test account).")
def cli(cli_ctx, account_alias):
    deployer = accounts.load(account_alias) if account_alias else accounts.test_accounts[0]
    signers = [s for s in os.environ.get("GPUHIVE_ORACLE_SIGNERS", "").split(",") if s]
    if not signers:
        signers = [a.address for a in accounts.test_accounts[1:4]]
    threshold = int(os.environ.get("GPUHIVE_THRESHOLD", "2" if len(signers) >= 2 else "1"))
    manifest, _ = deploy(deployer, DeployParams(oracle_signers=signers, threshold=threshold))
    out = Path(os.environ.get("GPUHIVE_DEPLOYMENT", f"deployments/{chain.chain_id}.json"))
    manifest.save(out)
    for name, c in manifest.contracts.items():
        cli_ctx.logger.success(f"{name:<20} {c.address}  block {c.block}  gas {c.gas_used:,}")
    cli_ctx.logger.success(f"manifest written to {out}")
