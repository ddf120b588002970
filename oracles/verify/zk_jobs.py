"""A zk job in the running oracle service: its registration checked at intake, each result's proof checked
off-chain and posted on-chain before the task counts, and a settlement that pays proven tasks only.

``ZkJobs.attach(service)`` builds one and wires it into four places of an ``OracleService`` (each a small
hook; the other kinds pass through):

- ``Intake`` (``intake_problem``): every member recomputes the job's terms from its spec's files
  (``protocol.zk.job.zk_terms``) and compares them with JobEscrow's zk flag, the ProofRegistry's record
  and the catalogue verifier of this deployment; a job whose registration is not its spec's is rejected.
- ``Advancer`` (``output_problems``, the leader only): a run's ``proof.json`` and ``public.json`` are read
  (size-bounded) and handed to ``ZkPoster.post``, which checks the proof off-chain and only then sends
  ``ProofRegistry.submit_proof`` (once: a task on record is not sent again). A refused proof is the run's
  output problem: the run goes back to the queue like any unusable output, and a task whose every attempt
  was refused fails (nobody is paid for it).
- ``Settler`` (``settle_manifest``): an accepted task the registry does not record as proven is turned into
  a failed one paying nobody, so the manifest's payouts are ``zk_payouts`` of the proven tasks.
- ``Countersigner`` (``audit_problems``): a member refuses to sign a manifest that pays a task the registry
  does not record as proven: the other members read the proofs on-chain, they do not re-post them.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Protocol

from oracles.verify.zk_post import ZkPoster
from protocol.chain import ChainClient, ChainError
from protocol.jobspec.zk import ZkSpec
from protocol.result_manifest import ResultManifest
from protocol.storage import ContentNotFound, StorageError, Store
from protocol.storage.errors import ManifestError
from protocol.storage.folder_manifest import get_manifest
from protocol.zk.dense_classifier import MAX_NPZ_BYTES, ZkDataError
from protocol.zk.job import ZkJobTerms, ZkTermsMismatch, zk_terms

if TYPE_CHECKING:
    from oracles.advancer import Advancer
    from oracles.countersigning import Countersigner
    from oracles.intake import Intake
    from oracles.settling import Settler
    from protocol.deployment import Deployment

log = logging.getLogger(__name__)

MAX_PROOF_FILE_BYTES = 64 * 1024  # snarkjs's proof.json is ~800 bytes and public.json ~400: refuse far larger
NOT_PROVEN_NOTE = "no proof on record in the ProofRegistry: not paid"


class ZkHost(Protocol):
    """The parts of an ``OracleService`` a ``ZkJobs`` hooks into."""

    chain: ChainClient
    store: Store
    deployment: Deployment
    intake: Intake
    countersigner: Countersigner
    advancer: Advancer
    settler: Settler


class ZkJobs:
    """One oracle's zk work, from its ChainClient (its signer pays the posting gas) and store."""

    def __init__(self, chain: ChainClient, store: Store, verifier_of: dict[str, str] | None = None) -> None:
        self.chain = chain
        self.store = store
        self.verifier_of = verifier_of or {}  # catalogue contract name -> this deployment's address
        self._poster: ZkPoster | None = None
        self._terms: dict[int, ZkJobTerms] = {}
        self._lock = threading.Lock()

    @classmethod
    def attach(cls, host: ZkHost) -> ZkJobs:
        """A ``ZkJobs`` for ``host``'s chain, store and catalogue verifiers, its hooks wired into the host's
        intake, countersigner (intake check and audit), advancer (each run's proof) and settler (proven pay)."""
        zk = cls(host.chain, host.store, {n: c.address for n, c in host.deployment.contracts.items()})
        host.intake.extra_checks.append(zk.intake_problem)
        host.countersigner.extra_checks.append(zk.intake_problem)
        host.countersigner.audits.append(zk.audit_problems)
        host.advancer.output_checks.append(zk.output_problems)
        host.settler.manifest_hooks.append(zk.settle_manifest)
        return zk

    @property
    def poster(self) -> ZkPoster:
        if self._poster is None:
            if "ProofRegistry" not in self.chain.contracts:
                raise ZkTermsMismatch("this deployment has no ProofRegistry: zk jobs cannot be served")
            self._poster = ZkPoster(self.chain)
        return self._poster

    def terms(self, job_id: int, spec: ZkSpec) -> ZkJobTerms:
        """The job's terms from its weights and inputs files (read once per job, size-bounded)."""
        with self._lock:
            cached = self._terms.get(job_id)
        if cached is not None:
            return cached
        model = self.store.get_bytes(spec.model.cid, max_bytes=MAX_NPZ_BYTES)
        inputs = self.store.get_bytes(spec.inputs.cid, max_bytes=MAX_NPZ_BYTES)
        terms = zk_terms(spec, model, inputs)
        with self._lock:
            self._terms[job_id] = terms
        return terms

    # ------------------------------------------------------------ intake (every member)

    def intake_problem(self, job_id: int, spec: Any) -> str | None:
        """None when ``spec`` is not zk or its job is registered with exactly its terms; else why not."""
        if not isinstance(spec, ZkSpec):
            return None
        try:
            terms = self.terms(job_id, spec)
            self.poster.check_job(job_id, terms, spec.num_tasks)
        except (ZkTermsMismatch, ZkDataError) as exc:
            return f"zk job {job_id}: {exc}"
        registered = str(self.poster.registry.functions.jobs(job_id).call()[0])
        expected = self.verifier_of.get(terms.circuit.contract_name)
        if expected is None or registered.lower() != expected.lower():
            return (
                f"zk job {job_id}: registered verifier {registered} is not this deployment's "
                f"{terms.circuit.contract_name} ({expected})"
            )
        return None

    # ------------------------------------------------------------ results (the leader)

    def output_problems(self, job_id: int, spec: Any, task_index: int, output_cid: str) -> list[str]:
        """[] when ``spec`` is not zk or the run's proof is valid and on record (posted here if it was not);
        else why the run's output is refused (off-chain, or by the registry's revert). Other chain errors propagate:
        the pass is rolled back and retried."""
        if not isinstance(spec, ZkSpec):
            return []
        try:
            files = get_manifest(self.store, output_cid)
            proof = self.store.get_bytes(files["proof.json"], max_bytes=MAX_PROOF_FILE_BYTES)
            public = self.store.get_bytes(files["public.json"], max_bytes=MAX_PROOF_FILE_BYTES)
        except (ContentNotFound, StorageError, ManifestError, ValueError) as exc:  # (ContentNotFound is a KeyError)
            return [f"zk output {output_cid} unreadable: {exc}"]
        except KeyError as exc:
            return [f"zk output {output_cid} has no {exc}"]
        try:
            outcome = self.poster.post(self.terms(job_id, spec), job_id, task_index, proof, public)
        except ChainError as exc:
            if exc.reason is None:  # no revert: the node or the connection; the next pass tries again
                raise
            return [f"proof refused on-chain: {exc.reason}"]
        if not outcome.verdict.ok:
            return [f"proof refused: {outcome.verdict.reason}"]
        log.info(
            "zk proof on record",
            extra={"job_id": job_id, "task": task_index, "posted": outcome.posted, "gas": outcome.gas_used},
        )
        return []

    # ------------------------------------------------------------ settlement

    def _proven(self, manifest: ResultManifest) -> set[int]:
        return self.poster.proven_tasks(manifest.job_id, len(manifest.tasks))

    def settle_manifest(self, manifest: ResultManifest, spec: Any) -> ResultManifest:
        """``manifest`` with every accepted task the registry does not record as proven failed and unpaid."""
        if not isinstance(spec, ZkSpec):
            return manifest
        proven = self._proven(manifest)
        tasks = []
        for task in manifest.tasks:
            if task.status == "accepted" and task.index not in proven:
                task = task.model_copy(update={"status": "failed", "paid": [], "note": NOT_PROVEN_NOTE})
            tasks.append(task)
        return manifest.model_copy(update={"tasks": tasks})

    def audit_problems(self, manifest: ResultManifest, spec: Any) -> list[str]:
        """A member's check of the leader's manifest: no task is paid without a proof on record."""
        if not isinstance(spec, ZkSpec):
            return []
        proven = self._proven(manifest)
        return [
            f"task {t.index}: paid {t.paid} but the ProofRegistry records no proof for it"
            for t in manifest.tasks
            if t.paid and t.index not in proven
        ]
