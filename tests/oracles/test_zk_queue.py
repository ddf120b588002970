"""The leader's proof posting off the judging pass (oracles.verify.zk_queue, through ZkJobs' hooks), without a
chain: a poster that records what it sends stands in for the ProofRegistry. A judging pass never sends a
transaction while the queue has room; each proof is sent once; the settlement waits for the job's queued
proofs and is woken when they are posted; a node that does not answer keeps the proof queued; a revert is
final and the task is not paid; a restarted leader (empty queue) posts what was missing before it settles.
(The real path, proofs posted on anvil by the queue of a running oracle, is tests/e2e/test_zk_job_anvil.py.)"""

from __future__ import annotations

import threading
import time

import pytest

from oracles.verify.zk_check import ZkVerdict
from oracles.verify.zk_jobs import NOT_PROVEN_NOTE, ZkJobs, ZkProofsPending
from oracles.verify.zk_post import PostOutcome
from protocol.chain import ChainError
from tests.oracles.test_zk_jobs import SPEC, _manifest, _zk_output

JOB = 7


class RecordingPoster:
    """ZkPoster's check/send/proven_tasks: every proof is valid; ``send`` records it (or fails as told)."""

    def __init__(self, *, fail: list[str | None] | None = None, gate: threading.Event | None = None) -> None:
        self.proven: set[int] = set()
        self.sent: list[tuple[int, str]] = []  # (task, thread name)
        self.fail = list(fail or [])  # per send, in order: a revert reason, or None for "node down"
        self.gate = gate  # the queue thread's send blocks until it is set (a slow chain)

    def check(self, terms, job_id, task_index, proof, public) -> ZkVerdict:
        return ZkVerdict(True, "valid", 1_000 + task_index)

    def send(self, terms, job_id, task_index, proof, verdict) -> PostOutcome:
        if self.gate is not None and threading.current_thread().name == "zk-proof-poster":
            assert self.gate.wait(10)
        self.sent.append((task_index, threading.current_thread().name))
        if self.fail:
            reason = self.fail.pop(0)
            raise ChainError("submit_proof failed", reason=reason)
        if task_index in self.proven:
            return PostOutcome(verdict, posted=False, already_proven=True)
        self.proven.add(task_index)
        return PostOutcome(verdict, posted=True, already_proven=False, tx_hash="0x01", gas_used=330_000)

    def proven_tasks(self, job_id: int, num_tasks: int) -> set[int]:
        return {t for t in self.proven if t < num_tasks}


def _jobs(tmp_path, poster: RecordingPoster, drained: list[int] | None = None, stop=None) -> ZkJobs:
    from protocol.storage import LocalStore

    jobs = ZkJobs(
        chain=None,  # type: ignore[arg-type]
        store=LocalStore(tmp_path / "store"),
        stop=stop or threading.Event(),
        on_drained=(drained.append if drained is not None else lambda job: None),
    )
    jobs._poster = poster  # type: ignore[assignment]
    jobs.queue.retry_seconds = 0.05
    return jobs


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_output_problems__slow_chain__judging_pass_returns_at_once_and_the_queue_posts_once(tmp_path):
    gate = threading.Event()  # the chain answers only when the test says so
    poster, drained = RecordingPoster(gate=gate), []
    jobs = _jobs(tmp_path, poster, drained)
    cid = _zk_output(jobs)
    started = time.monotonic()
    assert jobs.output_problems(JOB, SPEC, 0, cid) == [] and jobs.output_problems(JOB, SPEC, 1, cid) == []
    assert jobs.output_problems(JOB, SPEC, 0, cid) == []  # judged again (a re-judged run): queued once
    assert time.monotonic() - started < 5 and poster.sent == []  # nothing waited on the chain
    assert jobs.queue.queued(JOB) == {0, 1}
    with pytest.raises(ZkProofsPending, match="2 proof"):  # the settlement waits for the queued proofs
        jobs.settle_manifest(_manifest(["accepted", "accepted"]), SPEC)
    gate.set()
    _wait(lambda: drained == [JOB])  # the drain wakes the settler
    assert [t for t, _ in poster.sent] == [0, 1]  # each proof sent once
    assert {name for _, name in poster.sent} == {"zk-proof-poster"}  # by the queue's thread, not the pass
    settled = jobs.settle_manifest(_manifest(["accepted", "accepted"]), SPEC)
    assert [t.status for t in settled.tasks] == ["accepted", "accepted"]


def test_output_problems__queue_full__the_pass_posts_itself(tmp_path):
    gate = threading.Event()
    poster = RecordingPoster(gate=gate)  # the queue's thread blocks in its first send
    jobs = _jobs(tmp_path, poster)
    jobs.queue.max_items = 1
    cid = _zk_output(jobs)
    assert jobs.output_problems(JOB, SPEC, 0, cid) == []
    assert jobs.output_problems(JOB, SPEC, 1, cid) == []  # queue full (task 0): sent here
    assert poster.sent[0] == (1, threading.current_thread().name)
    gate.set()
    _wait(lambda: len(poster.sent) == 2)
    assert sorted(poster.proven) == [0, 1]


def test_queue__node_unreachable_then_revert__retried_then_refused_and_unpaid(tmp_path):
    poster, drained = RecordingPoster(fail=[None, None, "proof_registry: invalid proof"]), []
    jobs = _jobs(tmp_path, poster, drained)
    assert jobs.output_problems(JOB, SPEC, 0, _zk_output(jobs)) == []
    _wait(lambda: jobs.queue.refused(JOB, 0) is not None)
    assert drained == []  # no settlement was waiting for it: nothing to wake
    assert len(poster.sent) == 3  # two sends the node did not answer, retried; the third reverted
    assert jobs.queue.refused(JOB, 0) == "proof refused on-chain: proof_registry: invalid proof"
    settled = jobs.settle_manifest(_manifest(["accepted"]), SPEC)  # final: not queued again
    assert settled.tasks[0].status == "failed" and settled.tasks[0].paid == []
    assert settled.tasks[0].note.startswith(NOT_PROVEN_NOTE) and "invalid proof" in settled.tasks[0].note
    assert len(poster.sent) == 3


def test_settle_manifest__restarted_leader_with_empty_queue__posts_what_is_missing_then_pays(tmp_path):
    poster, drained = RecordingPoster(), []
    before = _jobs(tmp_path, poster)
    cid = _zk_output(before)
    manifest = _manifest(["accepted", "accepted"])
    manifest = manifest.model_copy(
        update={"tasks": [t.model_copy(update={"accepted_output_cid": cid}) for t in manifest.tasks]}
    )
    poster.proven = {0}  # task 0 posted before the restart; task 1 was still queued when the leader stopped
    after = _jobs(tmp_path, poster, drained)  # the restarted leader: a new, empty queue
    with pytest.raises(ZkProofsPending, match="1 proof"):
        after.settle_manifest(manifest, SPEC)
    _wait(lambda: drained == [JOB])
    assert [t for t, _ in poster.sent] == [1]  # only the missing one, once
    settled = after.settle_manifest(manifest, SPEC)
    assert [t.status for t in settled.tasks] == ["accepted", "accepted"]


def test_queue__service_stopping__thread_ends(tmp_path):
    stop = threading.Event()
    jobs = _jobs(tmp_path, RecordingPoster(gate=threading.Event()), stop=stop)
    jobs.output_problems(JOB, SPEC, 0, _zk_output(jobs))
    thread = jobs.queue._thread
    assert thread is not None and thread.is_alive()
    stop.set()
    jobs.queue.poster().gate.set()  # type: ignore[attr-defined]
    thread.join(5)
    assert not thread.is_alive()
