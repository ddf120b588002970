"""oracles.verify.zk_jobs without a chain: what the settlement and a member's audit do with tasks the
ProofRegistry does not record as proven, and that other kinds pass through every hook untouched. (The real
path, with proofs posted on anvil by the leader, is tests/e2e/test_zk_job_anvil.py.)"""

from __future__ import annotations

from oracles.verify.zk_jobs import NOT_PROVEN_NOTE, ZkJobs
from protocol.config import CommitteePolicy
from protocol.contracts import REPO_ROOT
from protocol.jobspec import load_spec_file
from protocol.result_manifest import ResultManifest, TaskRecord, plan_from_manifest
from protocol.storage import LocalStore

WORKER = "0x" + "ab" * 20
REWARD = 10**15
SPEC = load_spec_file(REPO_ROOT / "examples" / "zk.yaml")


class FakePoster:
    """Stands in for ZkPoster: the registry's proven tasks, and posts that must not happen."""

    def __init__(self, proven: set[int]) -> None:
        self.proven = proven
        self.posted: list[int] = []

    def proven_tasks(self, job_id: int, num_tasks: int) -> set[int]:
        return {t for t in self.proven if t < num_tasks}

    def post(self, *args, **kwargs):  # pragma: no cover - a test failing here is the point
        raise AssertionError("nothing should be posted")


def _jobs(tmp_path, proven: set[int]) -> ZkJobs:
    jobs = ZkJobs(chain=None, store=LocalStore(tmp_path / "store"))  # type: ignore[arg-type]
    jobs._poster = FakePoster(proven)  # type: ignore[assignment]
    return jobs


def _manifest(statuses: list[str]) -> ResultManifest:
    tasks = [
        TaskRecord(
            index=i,
            status=status,
            accepted_output_cid="bafk" if status == "accepted" else None,
            accepted_digest="0x00" if status == "accepted" else None,
            selected_for_check=False,
            slots=[],
            paid=[WORKER] if status == "accepted" else [],
            slashed=[],
        )
        for i, status in enumerate(statuses)
    ]
    return ResultManifest(
        chain_id=31337,
        escrow="0x" + "11" * 20,
        job_id=7,
        spec_cid="bafkspec",
        spec_hash="0x" + "22" * 32,
        budget=str(2 * REWARD),
        created_block_hash="0x" + "33" * 32,
        reveal_block=None,
        reveal_block_hash=None,
        policy=CommitteePolicy(),
        tasks=tasks,
    )


def test_settle_manifest__accepted_task_not_proven__failed_and_unpaid(tmp_path):
    jobs = _jobs(tmp_path, proven={0})
    settled = jobs.settle_manifest(_manifest(["accepted", "accepted"]), SPEC)
    assert [t.status for t in settled.tasks] == ["accepted", "failed"]
    assert settled.tasks[1].paid == [] and settled.tasks[1].note.startswith(NOT_PROVEN_NOTE)
    assert "bafk unreadable" in settled.tasks[1].note  # its output was read again to post it: nothing to post
    plan = plan_from_manifest(settled, REWARD, "bafkmanifest")
    assert plan.settlement.total_payout <= REWARD  # one proven task's reward at most (the fee comes out of it)


def test_settle_manifest__every_task_proven__unchanged(tmp_path):
    manifest = _manifest(["accepted", "accepted"])
    assert _jobs(tmp_path, proven={0, 1}).settle_manifest(manifest, SPEC) == manifest


def test_audit_problems__manifest_pays_unproven_task__refused(tmp_path):
    problems = _jobs(tmp_path, proven={1}).audit_problems(_manifest(["accepted", "accepted"]), SPEC)
    assert problems == [f"task 0: paid ['{WORKER}'] but the ProofRegistry records no proof for it"]
    assert _jobs(tmp_path, proven={0, 1}).audit_problems(_manifest(["accepted", "accepted"]), SPEC) == []


def test_hooks__other_kind__pass_through_without_the_chain(tmp_path):
    from protocol.jobspec import load_spec
    from tests.support.oracle_network import spec_yaml

    compute = load_spec(spec_yaml("compute"))
    jobs = ZkJobs(chain=None, store=LocalStore(tmp_path / "store"))  # type: ignore[arg-type]
    manifest = _manifest(["accepted"])
    assert jobs.intake_problem(1, compute) is None
    assert jobs.output_problems(1, compute, 0, "bafkout") == []
    assert jobs.settle_manifest(manifest, compute) is manifest and jobs.audit_problems(manifest, compute) == []


def test_output_problems__output_folder_missing__refused_before_any_post(tmp_path):
    jobs = _jobs(tmp_path, proven=set())
    problems = jobs.output_problems(7, SPEC, 0, "bafkreib7lycyq2ykuhdkwysc46eqxedjxp5ewudw6ivys64tebpc4t2cne")
    assert len(problems) == 1 and problems[0].startswith("zk output ") and "unreadable" in problems[0]


def test_output_problems__proof_file_missing__refused_before_any_post(tmp_path):
    from protocol.storage.folder_manifest import put_manifest

    jobs = _jobs(tmp_path, proven=set())
    cid = put_manifest(jobs.store, {"public.json": jobs.store.put_bytes(b"[]")})
    assert jobs.output_problems(7, SPEC, 0, cid) == [f"zk output {cid} has no 'proof.json'"]


def _zk_output(jobs: ZkJobs) -> str:
    from protocol.storage.folder_manifest import put_manifest

    for name in ("model.npz", "inputs.npz"):
        jobs.store.put_bytes((REPO_ROOT / "examples" / "zk" / name).read_bytes())
    files = {"proof.json": b"{}", "public.json": b"[]"}
    return put_manifest(jobs.store, {name: jobs.store.put_bytes(data) for name, data in files.items()})


class RefusingPoster(FakePoster):
    def check(self, *args, **kwargs):
        from oracles.verify.zk_check import ZkVerdict

        return ZkVerdict(False, "proof does not verify", None)


def test_output_problems__proof_refused_off_chain__run_refused_nothing_queued(tmp_path):
    jobs = _jobs(tmp_path, proven=set())
    jobs._poster = RefusingPoster(set())  # type: ignore[assignment]
    assert jobs.output_problems(7, SPEC, 0, _zk_output(jobs)) == ["proof refused: proof does not verify"]
    assert len(jobs.queue) == 0
