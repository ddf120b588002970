"""Building a job's settlement: payouts per worker, oracle fee, refund, slashes.

Pure Python: the leader oracle proposes one, every other committee member
rebuilds it from the manifest and signs only if both agree byte for byte.
JobEscrow enforces the same sum (payout + fee + refund == budget).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eth_utils import to_checksum_address

from protocol import eip712
from protocol.errors import GPUHiveError
from protocol.merkle import StandardMerkleTree, payout_tree

ZERO32 = b"\x00" * 32
EMPTY_ROOT = ZERO32


class SettlementError(GPUHiveError, ValueError):
    """The numbers of a proposed settlement do not add up."""


@dataclass(frozen=True)
class SettlementPlan:
    settlement: eip712.Settlement
    tree: StandardMerkleTree | None
    payouts: dict[str, int]
    slashes: tuple[tuple[str, int], ...]

    def proof(self, worker: str) -> tuple[int, list[bytes]]:
        """(amount, proof) of `worker`'s payout leaf."""
        worker = to_checksum_address(worker)
        if self.tree is None or worker not in self.payouts:
            raise SettlementError(f"{worker} has no payout in job {self.settlement.job_id}")
        amount = self.payouts[worker]
        return amount, self.tree.proof(self.tree.index_of((self.settlement.job_id, worker, amount)))

    def slashes_arg(self) -> list[tuple[str, int]]:
        """The `slashes` argument of JobEscrow.settle / resolve."""
        return list(self.slashes)


def plan_settlement(
    job_id: int,
    budget: int,
    payouts: Mapping[str, int],
    oracle_fee: int,
    slashes: Sequence[tuple[str, int]] = (),
    result_hash: bytes = ZERO32,
    round: int = 0,
) -> SettlementPlan:
    """A settlement that pays `payouts`, takes `oracle_fee` and refunds the rest of `budget`.

    For a dispute resolution (round 1) `slashes` are only the *additional*
    slashes: round 0's were applied at settlement and stand, so an upheld
    verdict re-signs with none.
    """
    payouts = {to_checksum_address(w): a for w, a in payouts.items() if a}
    total = sum(payouts.values())
    if oracle_fee < 0 or total < 0:
        raise SettlementError("amounts must not be negative")
    refund = budget - total - oracle_fee
    if refund < 0:
        raise SettlementError(f"payouts {total} + fee {oracle_fee} exceed the budget {budget}")
    tree = payout_tree(job_id, payouts) if payouts else None
    slashes_t = tuple((to_checksum_address(w), a) for w, a in slashes)
    settlement = eip712.Settlement(
        job_id=job_id,
        payout_root=tree.root if tree else EMPTY_ROOT,
        total_payout=total,
        oracle_fee=oracle_fee,
        refund=refund,
        slashes_hash=eip712.slashes_hash(slashes_t),
        result_hash=result_hash,
        round=round,
    )
    return SettlementPlan(settlement, tree, payouts, slashes_t)
