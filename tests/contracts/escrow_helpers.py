"""Helpers for the JobEscrow unit tests: settlements and their signatures,
claims, event filtering, and the solvency check ("the escrow holds exactly
what it still owes").

Plain functions rather than fixtures, so the hypothesis state machines can
use them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import boa
import contract_helpers
from boa.contracts.vyper.vyper_contract import VyperDeployer
from eth_account import Account
from eth_utils import keccak

from protocol import eip712
from protocol.contracts import JobStatus
from protocol.merkle import StandardMerkleTree, payout_tree

ZERO32 = b"\x00" * 32
RESULT_HASH = keccak(b"gpuhive-test:result-manifest")
# Order of the secp256k1 group; a signature (r, s) is malleable into (r, n - s).


@dataclass
class Split:
    """A settlement with what it was built from (payouts, slashes, tree)."""

    settlement: eip712.Settlement
    payouts: dict[str, int]
    slashes: list[tuple[str, int]] = field(default_factory=list)
    tree: StandardMerkleTree | None = None

    def leaf(self, worker: str) -> tuple[int, list[bytes]]:
        """(amount, proof) of `worker`'s payout leaf."""
        assert self.tree is not None, "settlement has no payouts"
        amount = self.payouts[worker]
        index = self.tree.index_of((self.settlement.job_id, worker, amount))
        return amount, self.tree.proof(index)


def make_split(
    job_id: int,
    payouts: dict[str, int],
    oracle_fee: int,
    refund: int,
    slashes: Sequence[tuple[str, int]] = (),
    round: int = 0,
    result_hash: bytes = RESULT_HASH,
) -> Split:
    """A settlement paying `payouts` (worker -> amount) through a payout tree."""
    tree = payout_tree(job_id, payouts) if payouts else None
    settlement = eip712.Settlement(
        job_id=job_id,
        payout_root=tree.root if tree else ZERO32,
        total_payout=sum(payouts.values()),
        oracle_fee=oracle_fee,
        refund=refund,
        slashes_hash=eip712.slashes_hash(list(slashes)),
        result_hash=result_hash,
        round=round,
    )
    return Split(settlement, dict(payouts), list(slashes), tree)


def with_round(split: Split, round: int) -> Split:
    """The same split under another round (what an upheld dispute signs)."""
    s = split.settlement
    settlement = eip712.Settlement(
        s.job_id, s.payout_root, s.total_payout, s.oracle_fee, s.refund, s.slashes_hash, s.result_hash, round
    )
    return Split(settlement, split.payouts, split.slashes, split.tree)


def settle(system, split: Split, sigs: list[bytes] | None = None, sender: str | None = None) -> None:
    sigs = system.oracle_sigs(split.settlement) if sigs is None else sigs
    system.escrow.settle(
        split.settlement.as_tuple(), split.slashes, sigs, sender=sender or system.params.oracle_signers[0]
    )


def resolve(system, split: Split, sigs: list[bytes] | None = None, sender: str | None = None) -> None:
    sigs = system.oracle_sigs(split.settlement) if sigs is None else sigs
    system.escrow.resolve(
        split.settlement.as_tuple(), split.slashes, sigs, sender=sender or system.params.oracle_signers[0]
    )


def reject(
    system,
    job_id: int,
    reason: int = eip712.REJECT_INVALID_SPEC,
    sigs: list[bytes] | None = None,
    sender: str | None = None,
) -> None:
    sigs = system.oracle_sigs(eip712.Reject(job_id, reason)) if sigs is None else sigs
    system.escrow.reject(job_id, reason, sigs, sender=sender or system.params.oracle_signers[0])


def claim(system, worker: str, splits: Sequence[Split], sender: str | None = None) -> int:
    """Claims `worker`'s leaves of all `splits` in one transaction."""
    job_ids, amounts, proofs = [], [], []
    for split in splits:
        amount, proof = split.leaf(worker)
        job_ids.append(split.settlement.job_id)
        amounts.append(amount)
        proofs.append(proof)
    return system.escrow.claim(worker, job_ids, amounts, proofs, sender=sender or worker)


def dispute(system, requester: str, job_id: int) -> None:
    """The requester funds and approves the bond, then disputes."""
    bond = system.params.dispute_bond
    system.fund_and_approve(requester, bond)
    system.escrow.dispute(job_id, sender=requester)


def past_window(system, job_id: int) -> None:
    """Moves time to the job's window end (when it becomes final)."""
    window_end = system.escrow.get_job(job_id).window_end
    if boa.env.evm.patch.timestamp < window_end:
        boa.env.time_travel(seconds=window_end - boa.env.evm.patch.timestamp)


# ---- signatures ---------------------------------------------------------


def sorted_sigs(keys: Sequence[bytes], domain: eip712.Domain, payload) -> list[bytes]:
    return eip712.committee_signatures(keys, domain, payload)


def address_of(key: bytes) -> str:
    return Account.from_key(key).address


high_s = contract_helpers.high_s


def sign_permit(system, owner_key: bytes, spender: str, value: int, deadline: int) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit for HiveToken, signed by eth-account: (v, r, s)."""
    return contract_helpers.sign_permit(
        system.token, owner_key, spender, value, system.token.nonces(address_of(owner_key)), deadline
    )


# ---- events -------------------------------------------------------------


def events(contract, name: str) -> list:
    """Decoded `name` events `contract` emitted in its last call."""
    return [e for e in contract.get_logs() if type(e).__name__ == name and e.address == contract.address]


def child_events(contract, emitter, name: str) -> list:
    """Decoded `name` events `emitter` emitted during `contract`'s last call."""
    return [e for e in contract.get_logs() if type(e).__name__ == name and e.address == emitter.address]


# ---- money --------------------------------------------------------------


def owed(system) -> int:
    """What the escrow still owes: open budgets, unclaimed payouts, pending
    refunds and bonds of every job, and the oracle fees not yet claimed."""
    escrow = system.escrow
    total = 0
    for job_id in range(1, escrow.job_count() + 1):
        job = escrow.get_job(job_id)
        if job.status == JobStatus.OPEN:
            total += job.budget
        else:
            total += job.unclaimed_payout + job.refund + job.dispute_bond + unpaid_fee(escrow, job_id)
    return total


def fee_shares(fee: int, signers: int) -> dict[int, int]:
    """The contract's split of `fee` by signer bit: equal shares, the
    remainder of the division to the lowest bit."""
    bits = [1 << i for i in range(32) if signers >> i & 1]
    if not bits:
        return {}
    share = fee // len(bits)
    shares = dict.fromkeys(bits, share)
    shares[bits[0]] += fee - share * len(bits)
    return shares


def unpaid_fee(escrow, job_id: int) -> int:
    """The part of a job's oracle fee no signer has claimed yet."""
    state = escrow.fee_state(job_id)
    return sum(amount for bit, amount in fee_shares(state.fee, state.signers).items() if not state.paid & bit)


def assert_solvent(system) -> None:
    """The escrow's token balance is exactly what it owes: nothing missing,
    nothing stuck."""
    balance = system.token.balanceOf(system.escrow.address)
    assert balance == owed(system), f"escrow holds {balance}, owes {owed(system)}"


def fees_owed(system, escrow=None) -> dict[str, int]:
    """What `claim_fees` pays (or will pay) each oracle signer, over every job."""
    escrow = escrow or system.escrow
    jobs = range(1, escrow.job_count() + 1)
    return {s: sum(escrow.fee_share(j, s) for j in jobs) for s in system.params.oracle_signers}


def claim_all_fees(system, signer: str, escrow=None) -> int:
    """`signer` claims its fee share of every job that has one (join windows over)."""
    escrow = escrow or system.escrow
    jobs = [j for j in range(1, escrow.job_count() + 1) if escrow.fee_share(j, signer)]
    if not jobs:
        return 0
    return escrow.claim_fees(signer, jobs, sender=signer)


# ---- common set-ups -----------------------------------------------------


def standard_split(
    job_id: int, workers: Sequence[str], budget: int, round: int = 0, slashes: Sequence[tuple[str, int]] = ()
) -> Split:
    """Half the budget to the first worker, 30% to the second, a 5% oracle
    fee and the remaining 15% back to the requester."""
    payouts = {workers[0]: budget // 2, workers[1]: budget * 3 // 10}
    fee = budget // 20
    return make_split(job_id, payouts, fee, budget - sum(payouts.values()) - fee, slashes=slashes, round=round)


def create_and_settle(system, requester: str, workers: Sequence[str], budget: int) -> Split:
    """A job created by `requester` and settled with `standard_split`."""
    job_id = system.create_job(requester, budget)
    split = standard_split(job_id, workers, budget)
    settle(system, split)
    return split


def escrow_deployer(system) -> VyperDeployer:
    """A deployer of more JobEscrows that reuses the compilation of `system.escrow`."""
    return VyperDeployer(system.escrow.compiler_data, filename=system.escrow.filename)


def deploy_escrow(system, token: str | None = None, **overrides):
    """Another JobEscrow on `system`'s committee and registry, with
    `system.params` timings unless overridden."""
    p = system.params
    args = {
        "dispute_window": p.dispute_window,
        "resolve_timeout": p.resolve_timeout,
        "settle_grace": p.settle_grace,
        "claim_expiry": p.claim_expiry,
        "dispute_bond": p.dispute_bond,
    }
    args.update(overrides)
    return escrow_deployer(system).deploy(
        token or system.token.address,
        system.committee.address,
        system.registry.address,
        args["dispute_window"],
        args["resolve_timeout"],
        args["settle_grace"],
        args["claim_expiry"],
        args["dispute_bond"],
    )


def deploy_false_token_escrow(system):
    """(token, escrow): a JobEscrow whose payment token returns False on
    failure instead of reverting, sharing `system`'s committee and registry."""
    token = contract_helpers.deploy_false_token()
    escrow = deploy_escrow(system, token=token.address)
    system.registry.set_slasher(escrow.address, True, sender=system.deployer)
    return token, escrow
