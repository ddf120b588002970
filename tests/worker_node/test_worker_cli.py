"""`gpuhive worker register / stake / unbond / withdraw / claim` against contracts on anvil.

The key comes from the environment variable named by ``key_env`` in worker.toml (never the command
line); errors tell the user what to do: approve is done for them, a stake below the minimum says
how much is needed, a withdrawal before the end of unbonding says when it will be possible.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gpuhive.cli import app
from protocol.contracts import DAY, TOKEN, Capability, DeployParams, Role
from tests.support.agent_network import to_toml
from worker_node.config import WorkerConfig

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

KEY_ENV = "GPUHIVE_TEST_CLI_WORKER_KEY"
runner = CliRunner()


@pytest.fixture
def system(accounts, anvil_uri, chain_snapshot, tmp_path):
    from protocol.deployment import deploy

    manifest, contracts = deploy(accounts[0], DeployParams(oracle_signers=[accounts[1].address], threshold=1))
    deployment = manifest.save(tmp_path / "deployment.json")
    config = WorkerConfig(
        rpc_url=anvil_uri,
        deployment=str(deployment),
        key_env=KEY_ENV,
        oracles=["http://127.0.0.1:9"],
        storage={"kind": "local", "path": str(tmp_path / "store")},
        work_dir=str(tmp_path / "worker"),
    )
    path = tmp_path / "worker.toml"
    path.write_text(to_toml(config))
    return contracts, path


def gpuhive(worker, config_path, *args: str):
    key = str(worker.private_key)
    result = runner.invoke(app, ["worker", *args, "--config", str(config_path)], env={KEY_ENV: key, "COLUMNS": "200"})
    return result.exit_code, result.output


def test_worker_cli__register_stake_unbond_withdraw__each_step_with_advice(system, accounts):
    from ape import chain

    contracts, config = system
    token, registry = contracts["HiveToken"], contracts["WorkerRegistry"]
    worker = accounts[6]
    token.transfer(worker, 150 * TOKEN, sender=accounts[0])

    code, out = gpuhive(worker, config, "stake", "100")
    assert code == 1 and "not registered: run `gpuhive worker register` first" in out

    code, out = gpuhive(worker, config, "register")
    assert code == 0, out
    node = registry.nodes(worker)
    assert node.role == Role.WORKER and node.capabilities == (
        Capability.RENDER | Capability.TRAIN | Capability.COMPUTE | Capability.ZK
    )  # what probe finds here (snarkjs from npm install: zk)
    code, out = gpuhive(worker, config, "register")
    assert code == 0 and "nothing to do" in out

    code, out = gpuhive(worker, config, "stake", "40")
    assert code == 1 and "stake below minimum: stake at least 100 HIVE" in out

    assert token.allowance(worker, registry) == 0
    code, out = gpuhive(worker, config, "stake", "100")
    assert code == 0, out
    assert out.count("tx 0x") == 2  # approve, then stake
    assert registry.nodes(worker).staked == 100 * TOKEN and registry.is_eligible(worker, 1)

    code, out = gpuhive(worker, config, "withdraw")
    assert code == 1 and "nothing unbonding" in out
    code, out = gpuhive(worker, config, "unbond", "30")
    assert code == 0 and "withdraw after" in out, out
    code, out = gpuhive(worker, config, "withdraw")
    assert code == 1 and "unbonding not finished until " in out and "UTC" in out

    chain.pending_timestamp += 7 * DAY + 1
    chain.mine()
    before = token.balanceOf(worker)
    code, out = gpuhive(worker, config, "withdraw")
    assert code == 0, out
    assert token.balanceOf(worker) - before == 30 * TOKEN

    code, out = gpuhive(worker, config, "claim")
    assert code == 0 and "nothing to claim yet" in out


def test_worker_cli__no_key_in_environment__clear_error(system, accounts):
    _, config = system
    result = runner.invoke(app, ["worker", "register", "--config", str(config)], env={KEY_ENV: ""})
    assert result.exit_code == 2
    assert f"environment variable {KEY_ENV} is not set" in result.output


def test_worker_cli__missing_config__says_where(tmp_path):
    result = runner.invoke(app, ["worker", "run", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "no worker config at" in result.output


def test_worker_cli__run_unregistered_key__refuses_with_advice(system, accounts):
    code, out = gpuhive(accounts[7], system[1], "run")
    assert code == 2 and "is not registered as a worker: run `gpuhive worker register`" in out
