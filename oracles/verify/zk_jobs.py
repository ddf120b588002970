"""A zk job in the running oracle service: its registration checked at intake, each result's proof checked
off-chain and posted on-chain before the task counts, and a settlement that pays proven tasks only.

``ZkJobs.attach(service)`` builds one and wires it into four places of an ``OracleService`` (each a small
hook; the other kinds pass through):

- ``Intake`` (``intake_problem``): every member recomputes the job's terms from its spec's files
  (``protocol.zk.job.zk_terms``) and compares them with JobEscrow's zk flag, the ProofRegistry's record
  and the catalogue verifier of this deployment; a job whose registration is not its spec's is rejected.
- ``Advancer`` (``output_problems``, the leader only): a run's ``proof.json`` and ``public.json`` are read
  (size-bounded) and checked off-chain (``ZkPoster.check``). A refused proof is the run's output problem:
  the run goes back to the queue like any unusable output, and a task whose every attempt was refused fails
  (nobody is paid for it). A valid one is queued for posting (``oracles.verify.zk_queue``: one thread sends
  ``ProofRegistry.submit_proof``, once, so the judging pass never waits for a transaction); when the queue
  is full the pass posts that proof itself.
- ``Settler`` (``settle_manifest``): the settlement waits while any of the job's proofs is queued
  (``ZkProofsPending``; the queue's drain wakes it); an accepted task the registry does not record as
  proven and that is not queued is queued again from its accepted output (a restarted or new leader posts
  what its predecessor had not), and one whose proof the registry refused is turned into a failed task
  paying nobody, so the manifest's payouts are ``zk_payouts`` of the proven tasks.
- ``Countersigner`` (``audit_problems``): a member refuses to sign a manifest that pays a task the registry
  does not record as proven: the other members read the proofs on-chain, they do not re-post them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from oracles.verify.zk_post import ZkPoster
from oracles.verify.zk_queue import ProofQueue, QueuedProof
from protocol.chain import ChainClient, ChainError
from protocol.errors import NotYet
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


class ZkProofsPending(NotYet):
    """A zk job's settlement waits: some of its proofs are still queued for posting (retried when they are)."""


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

    def __init__(
        self,
        chain: ChainClient,
        store: Store,
        verifier_of: dict[str, str] | None = None,
        stop: threading.Event | None = None,
        on_drained: Callable[[int], None] = lambda job_id: None,
    ) -> None:
        """``stop`` ends the posting thread (the service's stop event); ``on_drained(job_id)``: the job has no
        proof queued any more (the settler's ``settle_soon``)."""
        self.chain = chain
        self.store = store
        self.verifier_of = verifier_of or {}  # catalogue contract name -> this deployment's address
        self._poster: ZkPoster | None = None
        self._terms: dict[int, ZkJobTerms] = {}
        self._lock = threading.Lock()
        self._on_drained = on_drained
        self._settling: set[int] = set()  # jobs whose settlement waits for the queue: woken when it drains
        self.queue = ProofQueue(lambda: self.poster, stop or threading.Event(), on_drained=self._drained)

    def _drained(self, job_id: int) -> None:
        with self._lock:
            if job_id not in self._settling:
                return
            self._settling.discard(job_id)
        self._on_drained(job_id)

    @classmethod
    def attach(cls, host: ZkHost) -> ZkJobs:
        """A ``ZkJobs`` for ``host``'s chain, store and catalogue verifiers, its hooks wired into the host's
        intake, countersigner (intake check and audit), advancer (each run's proof) and settler (proven pay)."""
        verifiers = {n: c.address for n, c in host.deployment.contracts.items()}
        zk = cls(host.chain, host.store, verifiers, host.settler.stopping, host.settler.settle_soon)
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

    def _read_result(self, output_cid: str) -> tuple[bytes, bytes]:
        """A run's ``proof.json`` and ``public.json`` (size-bounded); ValueError saying why not."""
        try:
            files = get_manifest(self.store, output_cid)
            proof = self.store.get_bytes(files["proof.json"], max_bytes=MAX_PROOF_FILE_BYTES)
            public = self.store.get_bytes(files["public.json"], max_bytes=MAX_PROOF_FILE_BYTES)
        except (ContentNotFound, StorageError, ManifestError, ValueError) as exc:  # (ContentNotFound is a KeyError)
            raise ValueError(f"zk output {output_cid} unreadable: {exc}") from None
        except KeyError as exc:
            raise ValueError(f"zk output {output_cid} has no {exc}") from None
        return proof, public

    def _queue_or_post(self, job_id: int, spec: ZkSpec, task_index: int, output_cid: str) -> str | None:
        """Check a run's proof off-chain and queue it for posting (post it here when the queue is full);
        None when it is queued or on record, else why it is refused. A node that does not answer raises."""
        try:
            proof, public = self._read_result(output_cid)
        except ValueError as exc:
            return str(exc)
        terms = self.terms(job_id, spec)
        verdict = self.poster.check(terms, job_id, task_index, proof, public)
        if not verdict.ok:
            log.warning("zk result refused off-chain", extra={"job": job_id, "task": task_index, "why": verdict.reason})
            return f"proof refused: {verdict.reason}"
        if self.queue.offer(QueuedProof(job_id, task_index, terms, proof, verdict)):
            return None
        try:  # the queue is full: this pass posts the proof itself, at the chain's pace
            self.poster.send(terms, job_id, task_index, proof, verdict)
        except ChainError as exc:
            if exc.reason is None:  # no revert: the node or the connection; the next pass tries again
                raise
            return f"proof refused on-chain: {exc.reason}"
        return None

    def output_problems(self, job_id: int, spec: Any, task_index: int, output_cid: str) -> list[str]:
        """[] when ``spec`` is not zk or the run's proof is valid (queued for posting, or on record); else why
        the run's output is refused. Chain errors other than a revert propagate: the pass is rolled back and
        retried."""
        if not isinstance(spec, ZkSpec):
            return []
        problem = self._queue_or_post(job_id, spec, task_index, output_cid)
        return [] if problem is None else [problem]

    # ------------------------------------------------------------ settlement

    def _proven(self, manifest: ResultManifest) -> set[int]:
        return self.poster.proven_tasks(manifest.job_id, len(manifest.tasks))

    def settle_manifest(self, manifest: ResultManifest, spec: Any) -> ResultManifest:
        """``manifest`` with every accepted task the registry does not record as proven failed and unpaid;
        raises ZkProofsPending while some of them are still to be posted (queued here, or queued again from
        the task's accepted output after a restart or a failover)."""
        if not isinstance(spec, ZkSpec):
            return manifest
        job_id = manifest.job_id
        with self._lock:  # before reading the queue: a drain from here on wakes the settlement
            self._settling.add(job_id)
        proven = self._proven(manifest)
        queued = self.queue.queued(job_id)
        tasks, waiting = [], []
        for task in manifest.tasks:
            if task.status == "accepted" and task.index not in proven:
                refusal = self.queue.refused(job_id, task.index)
                if refusal is None and task.index not in queued:
                    cid = task.accepted_output_cid
                    refusal = self._queue_or_post(job_id, spec, task.index, cid) if cid else "no accepted output"
                if refusal is None:
                    waiting.append(task.index)
                    continue
                note = f"{NOT_PROVEN_NOTE} ({refusal})"[:500]
                task = task.model_copy(update={"status": "failed", "paid": [], "note": note})
            tasks.append(task)
        if not waiting:
            with self._lock:
                self._settling.discard(job_id)
        else:
            raise ZkProofsPending(f"zk job {job_id}: {len(waiting)} proof(s) still being posted (tasks {waiting[:8]})")
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
