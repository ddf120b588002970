"""Deploys the whole GPUHive contract system into titanoboa's in-process EVM.

Used by the unit tests (through fixtures in conftest.py) and by the
hypothesis state machines (directly, since fixtures and hypothesis
strategies do not mix).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import boa
from eth_account import Account
from eth_utils import keccak

from protocol import eip712
from protocol.contracts import CONTRACTS_DIR, TOKEN, DeployParams, Role


def keyed_account(label: str) -> tuple[str, bytes]:
    """A deterministic (address, private key) pair named by `label`."""
    key = keccak(text=f"gpuhive-test:{label}")
    return Account.from_key(key).address, key


@dataclass
class System:
    params: DeployParams
    deployer: str
    treasury: str
    token: object
    registry: object
    committee: object
    sentry: object
    escrow: object
    oracle_keys: list[bytes] = field(default_factory=list)

    @property
    def domain(self) -> eip712.Domain:
        return eip712.Domain(boa.env.evm.patch.chain_id, self.escrow.address)

    def oracle_sigs(self, payload, keys: list[bytes] | None = None) -> list[bytes]:
        """Committee signatures (sorted by signer) over `payload` under the escrow's domain."""
        keys = self.oracle_keys[: self.params.threshold] if keys is None else keys
        return eip712.committee_signatures(keys, self.domain, payload)

    def fund(self, who: str, amount: int) -> None:
        self.token.mint(who, amount, sender=self.deployer)

    def fund_and_approve(self, who: str, amount: int, spender: str | None = None) -> None:
        self.fund(who, amount)
        self.token.approve(spender or self.escrow.address, amount, sender=who)

    def add_worker(self, label: str, stake: int | None = None, capabilities: int = 1) -> str:
        worker, _ = keyed_account(label)
        stake = self.params.min_worker_stake if stake is None else stake
        self.registry.register(Role.WORKER, capabilities, f"bafy-{label}", sender=worker)
        if stake:
            self.fund(worker, stake)
            self.token.approve(self.registry.address, stake, sender=worker)
            self.registry.stake(stake, sender=worker)
        return worker

    def create_job(
        self,
        requester: str,
        budget: int,
        deadline_in: int = 3_600,
        num_tasks: int = 10,
        spec_hash: bytes = b"\x01" * 32,
    ) -> int:
        self.fund_and_approve(requester, budget)
        return self.escrow.create_job(
            "bafyspec", spec_hash, num_tasks, budget, boa.env.evm.patch.timestamp + deadline_in, sender=requester
        )


def load(name: str, *args):
    return boa.load(str(CONTRACTS_DIR / f"{name}.vy"), *args)


def deploy_system(params: DeployParams | None = None, n_oracles: int = 5, threshold: int = 3) -> System:
    params = params or DeployParams()
    oracle_keys = [keyed_account(f"oracle-{i}")[1] for i in range(n_oracles)]
    params.oracle_signers = [Account.from_key(k).address for k in oracle_keys]
    params.threshold = threshold
    deployer = boa.env.eoa
    treasury = keyed_account("treasury")[0]
    params.treasury = treasury
    token = load("HiveToken", params.token_name, params.token_symbol, 0)
    registry = load(
        "WorkerRegistry",
        token.address,
        params.min_worker_stake,
        params.min_sentry_stake,
        params.min_labeler_stake,
        params.unbonding_period,
        treasury,
    )
    committee = load("OracleCommittee", params.oracle_signers, threshold)
    sentry = load(
        "SentryAttestations",
        registry.address,
        committee.address,
        params.epoch_length,
        params.sentry_quorum,
        params.sentry_stake_quorum,
        params.jail_duration,
        params.sentry_evidence_epochs,
    )
    escrow = load(
        "JobEscrow",
        token.address,
        committee.address,
        registry.address,
        params.dispute_window,
        params.resolve_timeout,
        params.settle_grace,
        params.claim_expiry,
        params.dispute_bond,
    )
    registry.set_slasher(escrow.address, True)
    registry.set_slasher(sentry.address, True)
    return System(params, deployer, treasury, token, registry, committee, sentry, escrow, oracle_keys)


ZERO_ADDRESS = "0x" + "00" * 20
ZERO32 = b"\x00" * 32
TIMELOCKED = ("registry", "committee", "sentry")


def calldata(contract, name: str, *args) -> bytes:
    """The ABI-encoded call of `contract.name(*args)` (selector included)."""
    return getattr(contract, name).prepare_calldata(*args)


def hand_to_timelock(system: System, delay: int, proposer: str | None = None):
    """Makes a GovernanceTimelock (delay `delay`, `proposer` or the deployer
    proposing, anyone executing) the owner of the registry, the committee and
    the sentry contract, as protocol/deployment.py does. Returns the timelock."""
    deployer = system.deployer
    timelock = load("GovernanceTimelock", 0, [proposer or deployer], [ZERO_ADDRESS], deployer)
    salt = keccak(text="gpuhive:timelock-setup")
    for attr in TIMELOCKED:
        contract = getattr(system, attr)
        contract.transfer_ownership(timelock.address, sender=deployer)
        payload = calldata(contract, "accept_ownership")
        timelock.schedule(contract.address, 0, payload, ZERO32, salt, 0, sender=proposer or deployer)
        timelock.execute(contract.address, 0, payload, ZERO32, salt, sender=deployer)
    payload = calldata(timelock, "update_delay", delay)
    timelock.schedule(timelock.address, 0, payload, ZERO32, salt, 0, sender=proposer or deployer)
    timelock.execute(timelock.address, 0, payload, ZERO32, salt, sender=deployer)
    timelock.renounceRole(ZERO32, deployer, sender=deployer)
    return timelock


__all__ = ["TOKEN", "System", "calldata", "deploy_system", "hand_to_timelock", "keyed_account", "load"]
