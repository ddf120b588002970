"""What a requester does: submit a job, follow it, fetch and check its results, cancel, dispute, reclaim.

Used by `gpuhive job submit|status|results|cancel|dispute|reclaim` and by
the demo. Money moves only through JobEscrow; errors say what to do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from protocol import eip712
from protocol.chain import ChainClient, ChainError, receipt_events
from protocol.contracts import JobStatus
from protocol.errors import GPUHiveError
from protocol.jobspec import AnySpec, canonical_bytes, load_spec, spec_hash
from protocol.jobspec.zk import ZkSpec
from protocol.result_manifest import ResultManifest
from protocol.storage import Store
from protocol.storage.folder_manifest import get_manifest
from protocol.zk.dense_classifier import MAX_NPZ_BYTES, ZkDataError
from protocol.zk.job import zk_terms

PERMIT_SECONDS = 3_600


class RequesterError(GPUHiveError):
    """Something the requester can act on; the message says what."""


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Progress:
    job_id: int
    status: str
    num_tasks: int
    leased: int
    done: int
    verified: int
    failed: int
    oracle_state: str | None
    manifest_cid: str | None


@dataclass(frozen=True, order=True)
class ZkProofLine:
    """One task's proof on record in the ProofRegistry."""

    task_index: int
    output_hash: str
    submitter: str
    tx_hash: str


class Requester:
    def __init__(self, chain: ChainClient, store: Store, oracle_urls: list[str]) -> None:
        if chain.account is None:
            raise RequesterError("a requester needs a key: give an Ape account alias (--account)")
        self.chain = chain
        self.store = store
        self.oracle_urls = oracle_urls
        self.address = chain.account.address
        self.last_gas = 0

    # ------------------------------------------------------------------ submit

    def prepare(self, spec: AnySpec) -> tuple[str, bytes]:
        """Upload the spec's canonical bytes; return (spec CID, spec_hash). Inputs must be in storage."""
        for cid in _inputs(spec):
            if not self.store.has(cid):
                raise RequesterError(
                    f"input {cid} is not in {self.store.where}; upload it first "
                    "(gpuhive store put <path>) or pass --scene/--dataset"
                )
        cid = self.store.put_bytes(canonical_bytes(spec))
        self.store.pin(cid)
        return cid, spec_hash(spec)

    def submit(self, spec: AnySpec, *, deadline: int | None = None) -> int:
        """Create the job with an EIP-2612 permit (one transaction); returns its id."""
        cid, h = self.prepare(spec)
        deadline = deadline or spec.deadline
        now = self.chain.head().timestamp
        if deadline <= now:
            raise RequesterError(
                f"the deadline {_when(deadline)} has passed (chain time {_when(now)}); set a later deadline in the spec"
            )
        balance = self.chain.token.functions.balanceOf(self.address).call()
        if balance < spec.budget:
            raise RequesterError(
                f"{self.address} holds {balance} tokens but the budget is {spec.budget}; fund the account first"
            )
        if isinstance(spec, ZkSpec):
            return self._submit_zk(spec, cid, h, deadline)
        key = self.chain.account.key  # type: ignore[union-attr]
        nonce = self.chain.token.functions.nonces(self.address).call()
        permit_deadline = now + PERMIT_SECONDS
        v, r, s = eip712.sign_permit(
            key,
            token_name=self.chain.token.functions.name().call(),
            token_address=self.chain.token.address,
            chain_id=self.chain.chain_id,
            spender=self.chain.escrow.address,
            value=spec.budget,
            nonce=nonce,
            deadline=permit_deadline,
        )
        receipt = self.chain.transact(
            self.chain.escrow.functions.create_job_with_permit(
                cid, h, spec.num_tasks, spec.budget, deadline, permit_deadline, v, r, s
            )
        )
        self.last_gas = int(receipt["gasUsed"])
        events = receipt_events(self.chain.escrow.events.JobCreated, receipt)
        return int(events[0]["args"]["job_id"])

    def _submit_zk(self, spec: ZkSpec, cid: str, h: bytes, deadline: int) -> int:
        """A zk job: approve, then ``JobEscrow.create_zk_job`` with the terms computed from the spec's files
        (``protocol.zk.job.zk_terms``: the circuit's verifier, the weights commitment, the inputs root), which
        the oracles recompute and compare before they work on it. Two transactions (create_zk_job takes no
        permit)."""
        try:
            model = self.store.get_bytes(spec.model.cid, max_bytes=MAX_NPZ_BYTES)
            inputs = self.store.get_bytes(spec.inputs.cid, max_bytes=MAX_NPZ_BYTES)
            terms = zk_terms(spec, model, inputs)
        except ZkDataError as exc:
            raise RequesterError(f"the zk job's files do not fit circuit {spec.circuit}: {exc}") from None
        name = terms.circuit.contract_name
        if name not in self.chain.contracts or "ProofRegistry" not in self.chain.contracts:
            raise RequesterError(
                f"this deployment has no {name} or ProofRegistry: zk jobs need a deployment with the zk verifiers"
            )
        self._send(self.chain.token.functions.approve(self.chain.escrow.address, spec.budget), "approve")
        receipt = self._send(
            self.chain.escrow.functions.create_zk_job(
                cid,
                h,
                spec.num_tasks,
                spec.budget,
                deadline,
                self.chain.contracts[name].address,
                terms.weights_hash,
                terms.inputs_root,
            ),
            "create_zk_job",
        )
        self.last_gas = int(receipt["gasUsed"])
        events = receipt_events(self.chain.escrow.events.JobCreated, receipt)
        return int(events[0]["args"]["job_id"])

    # ------------------------------------------------------------------ follow

    def zk_proofs(self, job_id: int) -> list[ZkProofLine] | None:
        """Each proven task of a zk job as the ProofRegistry records it (``ProofVerified``: the output
        commitment, who posted it, in which transaction); None when the job is not a zk job."""
        if "ProofRegistry" not in self.chain.contracts or not self.chain.escrow.functions.is_zk_job(job_id).call():
            return None
        logs = self.chain.contracts["ProofRegistry"].events.ProofVerified.get_logs(
            from_block=self.chain.deployment.start_block, argument_filters={"job_id": job_id}
        )
        return sorted(
            ZkProofLine(
                int(e["args"]["task_index"]),
                str(e["args"]["output_hash"]),
                e["args"]["submitter"],
                "0x" + bytes(e["transactionHash"]).hex(),
            )
            for e in logs
        )

    def _oracle_status(self, job_id: int) -> dict[str, Any] | None:
        """The status of the oracle that leads the job (the one with the most progress)."""
        best: dict[str, Any] | None = None
        for url in self.oracle_urls:
            try:
                response = httpx.get(f"{url}/v1/jobs/{job_id}", timeout=5)
            except httpx.HTTPError:
                continue
            if response.status_code == 200:
                data = response.json()
                score = (data.get("manifest_cid") is not None, data.get("slots_done", 0) + data.get("slots_leased", 0))
                if best is None or score > (
                    best.get("manifest_cid") is not None,
                    best.get("slots_done", 0) + best.get("slots_leased", 0),
                ):
                    best = data
        return best

    def status(self, job_id: int) -> Progress:
        job = self.chain.get_job(job_id)
        if job.status == JobStatus.NONE:
            raise RequesterError(f"no job {job_id} on chain {self.chain.chain_id}")
        oracle = self._oracle_status(job_id) or {}
        return Progress(
            job_id,
            job.status.label,
            oracle.get("num_tasks", 0),
            oracle.get("slots_leased", 0),
            oracle.get("slots_done", 0),
            oracle.get("tasks_accepted", 0),
            oracle.get("tasks_failed", 0),
            oracle.get("state"),
            oracle.get("manifest_cid"),
        )

    def follow(
        self,
        job_id: int,
        on_progress: Callable[[Progress], None],
        *,
        timeout: float = 24 * 3_600,
        interval: float = 0.5,
    ) -> Progress:
        """Poll until the job leaves `open` on-chain (settled, rejected, reclaimed)."""
        deadline = time.monotonic() + timeout
        while True:
            progress = self.status(job_id)
            on_progress(progress)
            if progress.status != "open":
                return progress
            if time.monotonic() > deadline:
                raise RequesterError(f"job {job_id} still open after {timeout:.0f} s")
            time.sleep(interval)

    # ------------------------------------------------------------------ results

    def manifest(self, job_id: int) -> tuple[ResultManifest, str]:
        """The settled job's result manifest, checked against the result hash settled on-chain."""
        job = self.chain.get_job(job_id)
        if job.status not in (JobStatus.SETTLED, JobStatus.DISPUTED):
            raise RequesterError(f"job {job_id} is {job.status.label}, not settled: no results")
        progress = self._oracle_status(job_id) or {}
        cid = progress.get("manifest_cid")
        if not cid:
            raise RequesterError(f"no oracle in {self.oracle_urls} reports the manifest of job {job_id}")
        settled = [
            e
            for e in self.chain.escrow.events.JobSettled().get_logs(
                from_block=self.chain.deployment.start_block, argument_filters={"job_id": job_id}
            )
        ]
        if not settled or bytes(settled[-1]["args"]["result_hash"]) != eip712.cid_hash(cid):
            raise RequesterError(f"manifest {cid} does not match the result hash settled on-chain for job {job_id}")
        return ResultManifest.model_validate_json(self.store.get_bytes(cid)), cid

    def results(self, job_id: int, dest: Path) -> list[Path]:
        """Download every accepted output (verified against its CID) to ``dest/task_<index>/``."""
        manifest, _ = self.manifest(job_id)
        files: list[Path] = []
        for task in manifest.tasks:
            if task.status != "accepted" or not task.accepted_output_cid:
                continue
            outputs = get_manifest(self.store, task.accepted_output_cid)
            for name, cid in sorted(outputs.items()):
                path = dest / f"task_{task.index:05d}" / name
                self.store.get(cid, path)
                files.append(path)
        return files

    # ------------------------------------------------------------------ the rest

    def _send(self, call: Any, what: str) -> Any:
        try:
            return self.chain.transact(call)
        except ChainError as exc:
            raise RequesterError(f"{what} refused: {exc.reason or exc}") from None

    def cancel(self, job_id: int) -> None:
        self._send(self.chain.escrow.functions.request_cancel(job_id), "cancel")

    def dispute(self, job_id: int) -> int:
        bond = self.chain.escrow.functions.dispute_bond().call()
        job = self.chain.get_job(job_id)
        if job.status == JobStatus.SETTLED and self.chain.head().timestamp >= job.window_end:
            raise RequesterError(f"the dispute window of job {job_id} closed at {_when(job.window_end)}")
        self._send(self.chain.token.functions.approve(self.chain.escrow.address, bond), "approve of the bond")
        self._send(self.chain.escrow.functions.dispute(job_id), "dispute")
        return bond

    def reclaim(self, job_id: int) -> None:
        job = self.chain.get_job(job_id)
        if job.status == JobStatus.OPEN:
            grace = self.chain.escrow.functions.settle_grace().call()
            if self.chain.head().timestamp <= job.deadline + grace:
                raise RequesterError(
                    f"job {job_id} can be reclaimed after deadline + grace: {_when(job.deadline + grace)}"
                )
        self._send(self.chain.escrow.functions.reclaim(job_id), "reclaim")

    def claim_refund(self, job_id: int) -> None:
        self._send(self.chain.escrow.functions.claim_refund(job_id), "refund claim")


def _inputs(spec: AnySpec) -> list[str]:
    if spec.kind == "render":
        return [spec.scene_cid]
    if spec.kind == "train":
        return [spec.dataset.cid]
    if spec.kind == "zk":
        return [spec.model.cid, spec.inputs.cid]
    return []


def load_with_inputs(path: Path, store: Store, scene: Path | None = None, dataset: Path | None = None) -> AnySpec:
    """Load a spec file; ``scene``/``dataset`` files are uploaded and their CIDs put into the spec."""
    import yaml

    from protocol.jobspec import load_document

    text = path.read_text()
    doc = load_document(text)
    if scene is not None:
        doc["scene_cid"] = store.put_file(scene)
    if dataset is not None:
        doc.setdefault("dataset", {})["cid"] = store.put_file(dataset)
    return load_spec(yaml.safe_dump(doc))
