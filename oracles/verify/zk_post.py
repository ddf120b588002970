"""An oracle's part in a zk job: check each task's proof off-chain, post it to the ProofRegistry, and pay
only what is proven on-chain.

Before working on a zk job the oracle recomputes its terms from the spec's files (``protocol.zk.job``)
and compares them with JobEscrow's zk flag and the ProofRegistry's record (``check_job``): a job whose
registration is not its spec's is refused. For each result (``proof.json``, ``public.json``),
``ZkPoster.post`` runs the off-chain check (``oracles.verify.zk_check``: strict parsing, the public
signals must be this job's weights, this task's input, job and task, the pairing under the circuit's
key) and only then sends ``ProofRegistry.submit_proof`` with the task's input Merkle proof; a task some
other member already proved is not sent again (the registry refuses a replay anyway). At settlement,
``zk_payouts`` pays ``reward_per_task`` to the worker of each task the registry records as proven and
nothing for the rest (JobEscrow also caps the total at budget · proven / tasks, whoever settles).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oracles.verify.zk_check import ZkVerdict, check_zk_result
from protocol.chain import ChainClient, ChainError
from protocol.zk.groth16 import parse_proof
from protocol.zk.job import ZkJobTerms, ZkTermsMismatch

log = logging.getLogger(__name__)

ALREADY_PROVEN = "proof_registry: task already proven"


@dataclass(frozen=True)
class PostOutcome:
    verdict: ZkVerdict
    posted: bool  # this call sent the proof and it was recorded
    already_proven: bool  # the registry had the task already (another member posted it)
    tx_hash: str | None = None
    gas_used: int | None = None


class ZkPoster:
    """Off-chain check and on-chain posting of zk results, from one oracle's ChainClient (its signer pays gas)."""

    def __init__(self, chain: ChainClient) -> None:
        self.chain = chain
        self.registry = chain.contracts["ProofRegistry"]
        self._vkeys: dict[str, dict[str, Any]] = {}

    def _vkey(self, terms: ZkJobTerms) -> dict[str, Any]:
        name = terms.circuit.name
        if name not in self._vkeys:
            self._vkeys[name] = json.loads(terms.circuit.vkey.read_text())
        return self._vkeys[name]

    def check_job(self, job_id: int, terms: ZkJobTerms, num_tasks: int) -> None:
        """Raise ZkTermsMismatch unless the job was created as zk with exactly these terms."""
        if not self.chain.escrow.functions.is_zk_job(job_id).call():
            raise ZkTermsMismatch(f"job {job_id} was not created as a zk job (JobEscrow.create_zk_job)")
        terms.check_registered(self.registry.functions.jobs(job_id).call(), num_tasks)

    def check(self, terms: ZkJobTerms, job_id: int, task_index: int, proof: bytes, public: bytes) -> ZkVerdict:
        return check_zk_result(
            terms.circuit,
            self._vkey(terms),
            proof,
            public,
            weights_hash=terms.weights_hash,
            input_hash=terms.input_hashes[task_index],
            job_id=job_id,
            task_index=task_index,
        )

    def post(self, terms: ZkJobTerms, job_id: int, task_index: int, proof: bytes, public: bytes) -> PostOutcome:
        """Check off-chain; if valid and not yet on record, submit the proof on-chain."""
        if not 0 <= task_index < len(terms.input_hashes):
            raise ValueError(f"task {task_index} is outside the job's {len(terms.input_hashes)} tasks")
        verdict = self.check(terms, job_id, task_index, proof, public)
        if not verdict.ok:
            log.warning("zk result refused off-chain", extra={"job": job_id, "task": task_index, "why": verdict.reason})
            return PostOutcome(verdict, posted=False, already_proven=False)
        return self.send(terms, job_id, task_index, proof, verdict)

    def send(self, terms: ZkJobTerms, job_id: int, task_index: int, proof: bytes, verdict: ZkVerdict) -> PostOutcome:
        """Submit a proof ``verdict`` passed off-chain, unless the registry has the task already; a revert other
        than "already proven" raises ChainError (its ``reason`` set), as does a node that does not answer."""
        if self.registry.functions.proven_task(job_id, task_index).call():
            return PostOutcome(verdict, posted=False, already_proven=True)
        a, b, c = parse_proof(proof).call_args()
        fn = self.registry.functions.submit_proof(
            job_id,
            task_index,
            terms.input_hashes[task_index],
            verdict.output_hash,
            a,
            b,
            c,
            terms.input_proof(task_index),
        )
        try:
            receipt = self.chain.transact(fn)
        except ChainError as exc:
            if exc.reason == ALREADY_PROVEN:  # another member's post landed first
                return PostOutcome(verdict, posted=False, already_proven=True)
            raise
        return PostOutcome(
            verdict,
            posted=True,
            already_proven=False,
            tx_hash=receipt["transactionHash"].to_0x_hex(),
            gas_used=receipt["gasUsed"],
        )

    def proven_tasks(self, job_id: int, num_tasks: int) -> set[int]:
        """The tasks the registry records as proven (one call per task; zk jobs are at most 1,024 tasks)."""
        return {t for t in range(num_tasks) if self.registry.functions.proven_task(job_id, t).call()}


def zk_payouts(proven: set[int], worker_of: Mapping[int, str], reward_per_task: int) -> dict[str, int]:
    """``reward_per_task`` to the worker of each proven task; unproven tasks pay nobody. The total is at most
    reward · proven ≤ budget · proven / tasks (the spec's budget covers reward · tasks), so JobEscrow's cap holds."""
    payouts: dict[str, int] = {}
    for task in sorted(proven):
        worker = worker_of[task]
        payouts[worker] = payouts.get(worker, 0) + reward_per_task
    return payouts
