"""A failed render check is confirmed by a second checker before anyone is slashed (issue 17).

One Blender process renders the bank once per module (the checked frame of a small real scene with
five seeds, at the job's samples and at a quarter of them); crops are cut from it as the checkers'
re-renders (``tests/oracles/test_render_cheats.py`` shows they behave like the runtime's own). Then:

- the engine (``oracles.verify.confirmation``): an honest worker failed by a lazy checker (one crop
  copied from the worker's tile) or a careless one (a quarter of the samples) is not faulted, the checker
  is; a cheating worker checked by two honest checkers is faulted; honest checkers agree; a malicious
  *second* checker makes the case ambiguous, never the honest worker's fault;
- the oracle's real path (SQLite, dispatcher, advancer, store, signed results, ``build_manifest``,
  ``audit_manifest``, ``plan_from_manifest``): the confirmation is leased only to a third worker, its
  verdict slashes the lazy checker and pays the honest worker, or slashes the cheater and runs the task
  again; the dispatcher bars whom the verdict faults.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from eth_account import Account
from eth_utils import keccak
from PIL import Image
from sqlalchemy import insert, select

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher, ResultItem, Submitted
from oracles.jobcache import JobCache
from oracles.manifest_audit import audit_manifest, build_manifest
from oracles.models import Job, JobState, Slot, SlotState, TaskRow
from oracles.verify import check_crops, compare_references, confirm_render
from protocol import eip712
from protocol.config import CommitteePolicy, StorageConfig
from protocol.digests import bytes_digest
from protocol.jobspec import canonical_bytes, spec_hash
from protocol.jobspec.models import RenderSpec, RenderSplit
from protocol.jobspec.policies import RenderPolicy
from protocol.jobspec.seeds import Crop, crop_file_name, render_check
from protocol.jobspec.slicing import Task, slice_tasks
from protocol.result_manifest import manifest_blocks, plan_from_manifest
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from tests.oracles.test_advancer_spot_checks import Head
from tests.support.render_cheats import Variant, render_variants, tile_region
from worker_node.runtimes.scenes import make_test_scene

WIDTH, HEIGHT, SAMPLES, FRAME = 128, 96, 32, 2
POLICY = RenderPolicy(crops=4, crop_size_bps=5_000)
HONEST = [Variant(seed=s) for s in range(5)]
CHEAT = Variant(sample_divisor=4)  # the cheating worker: a quarter of the samples, its own seed 0
CARELESS = [Variant(sample_divisor=4, seed=s) for s in (7, 8)]  # a checker rendering a quarter of the samples
DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)
KEYS = [bytes([i + 1]) * 32 for i in range(4)]
WORKER, FIRST, SECOND, OTHER = (Account.from_key(k).address for k in KEYS)
CREATED = "0x" + "00" * 32


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> dict[Variant, np.ndarray]:
    work = tmp_path_factory.mktemp("confirm")
    scene = make_test_scene(work / "scene.blend", frames=4)
    return render_variants(
        scene, FRAME, [*HONEST, CHEAT, *CARELESS], resolution=(WIDTH, HEIGHT), samples=SAMPLES, out_dir=work / "bank"
    )


def _tile() -> dict[str, int]:
    return {"x": 0, "y": 0, "min_x": 0, "max_x": WIDTH // 2, "min_y": 0, "max_y": HEIGHT // 2}


def _crops_of(image: np.ndarray, crops: tuple[Crop, ...]) -> list[np.ndarray]:
    return [tile_region(image, {"min_x": c.min_x, "max_x": c.max_x, "min_y": c.min_y, "max_y": c.max_y}) for c in crops]


def _references(bank, crops, a: Variant | np.ndarray, b: Variant | np.ndarray) -> list:
    """Each crop with a checker's two renders, cut from whole frames (a Variant of the bank, or an image)."""
    first = _crops_of(a if isinstance(a, np.ndarray) else bank[a], crops)
    second = _crops_of(b if isinstance(b, np.ndarray) else bank[b], crops)
    return [(crop, x, y) for crop, x, y in zip(crops, first, second)]


def _check(n: int = 0):
    task = Task(n, "render", {"frames": [FRAME], "tile": _tile()}, ("frame.png",))
    return task, render_check(keccak(b"confirm %d" % n), task, POLICY)


# --------------------------------------------------------------------------- the engine


def test_confirm__honest_worker_lazy_checker_copied_its_pixels__checker_faulted(bank):
    task, check = _check()
    worker = tile_region(bank[HONEST[0]], _tile())
    first = _references(bank, check.crops, bank[HONEST[0]], HONEST[1])  # one "re-render" is the worker's own
    assert not check_crops(worker, _tile(), first, POLICY, salt=1).passed  # one checker alone fails it
    second = _references(bank, check.crops, HONEST[3], HONEST[4])
    confirmation = confirm_render(worker, _tile(), first, second, POLICY, salt=3)
    assert confirmation.worker_passed and not confirmation.checkers_agree
    assert confirmation.verdict == "checker"
    assert "closer" in confirmation.first_vs_second["worst"]["test"] or "submitted" in confirmation.first_vs_second[
        "reason"
    ]  # fmt: skip


def test_confirm__honest_worker_checker_rendered_a_quarter_of_the_samples__checker_faulted(bank):
    task, check = _check(1)
    worker = tile_region(bank[HONEST[0]], _tile())
    first = _references(bank, check.crops, *CARELESS)
    assert not check_crops(worker, _tile(), first, POLICY, salt=1).passed
    confirmation = confirm_render(worker, _tile(), first, _references(bank, check.crops, HONEST[2], HONEST[3]), POLICY)
    assert confirmation.verdict == "checker", confirmation.first_vs_second


def test_confirm__cheating_worker_two_honest_checkers__worker_faulted(bank):
    task, check = _check(2)
    cheat = tile_region(bank[CHEAT], _tile())
    first = _references(bank, check.crops, HONEST[1], HONEST[2])
    assert not check_crops(cheat, _tile(), first, POLICY, salt=1).passed
    confirmation = confirm_render(cheat, _tile(), first, _references(bank, check.crops, HONEST[3], HONEST[4]), POLICY)
    assert not confirmation.worker_passed and confirmation.checkers_agree
    assert confirmation.verdict == "worker"


def test_confirm__malicious_second_checker__ambiguous_never_the_honest_workers_fault(bank):
    task, check = _check(3)
    worker = tile_region(bank[HONEST[0]], _tile())
    first = _references(bank, check.crops, HONEST[1], HONEST[2])
    confirmation = confirm_render(worker, _tile(), first, _references(bank, check.crops, *CARELESS), POLICY)
    assert confirmation.verdict == "ambiguous"


def test_compare_references__honest_checkers__agree_on_every_tile_and_seed_pair(bank):
    """The first checker's null hypothesis holds for honest pairs: no false fault (crops on all four tiles)."""
    for n, (w, a, b, c, d) in enumerate([(0, 1, 2, 3, 4), (1, 2, 3, 4, 0), (2, 3, 4, 0, 1), (3, 4, 0, 1, 2)]):
        for tx in (0, 1):
            for ty in (0, 1):
                w_, h_ = WIDTH // 2, HEIGHT // 2
                tile = {"x": tx, "y": ty, "min_x": tx * w_, "max_x": (tx + 1) * w_, "min_y": ty * h_,
                        "max_y": (ty + 1) * h_}  # fmt: skip
                task = Task(n, "render", {"frames": [FRAME], "tile": tile}, ("frame.png",))
                crops = render_check(keccak(b"pair %d %d %d" % (n, tx, ty)), task, POLICY).crops
                first = _references(bank, crops, HONEST[a], HONEST[b])
                second = _references(bank, crops, HONEST[c], HONEST[d])
                worker = _crops_of(bank[HONEST[w]], crops)
                verdict = compare_references(first, second, worker, POLICY, salt=n)
                assert verdict.agree, f"tile {tx},{ty} seeds {a},{b} vs {c},{d}: {verdict.reason}"


# --------------------------------------------------------------------------- the oracle's path


class Oracle:
    """One oracle's database, store, dispatcher (with the stake cover) and advancer, and a one-task render job
    (the whole 128×96 frame as one tile, every task checked)."""

    def __init__(self, tmp_path: Path) -> None:
        config = OracleConfig(
            name="t",
            database_url=f"sqlite:///{tmp_path}/oracle.db",
            key_env="UNUSED",
            storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
            reveal_wait_blocks=0,
        )
        self.config = config
        self.store = LocalStore(tmp_path / "store")
        self.head = Head()
        jobs = JobCache()
        stake = 10**6 * 10**18
        self.dispatcher = Dispatcher(
            create_all(make_engine(config.database_url)), config, jobs, DOMAIN, stake_of=lambda worker: stake
        )
        self.sessions = self.dispatcher.sessions
        self.advancer = Advancer(self.sessions, config, jobs, self.dispatcher, self.store, head=self.head)
        self.spec = RenderSpec(
            kind="render",
            name="confirmation",
            scene_cid=self.store.put_bytes(b"scene"),
            frame_start=FRAME,
            frame_end=FRAME,
            resolution_x=WIDTH,
            resolution_y=HEIGHT,
            samples=SAMPLES,
            split=RenderSplit(tiles_x=1, tiles_y=1),
            verification=RenderPolicy(spot_check_bps=10_000, crops=4, crop_size_bps=5_000),
            reward_per_task=10**18,
            budget=10 * 10**18,
            deadline=2_000_000_000,
        )
        [self.task] = slice_tasks(self.spec)
        self.spec_cid = self.store.put_bytes(canonical_bytes(self.spec))
        with self.sessions.begin() as s:
            s.add(
                Job(
                    job_id=1,
                    requester="0x" + "22" * 20,
                    spec_cid=self.spec_cid,
                    spec_hash="0x" + spec_hash(self.spec).hex(),
                    num_tasks=1,
                    budget=str(self.spec.budget),
                    deadline=2_000_000_000,
                    created_block=1,
                    created_block_hash=CREATED,
                    tx_hash="0x" + "00" * 32,
                    state="running",
                    leader=True,
                    kind="render",
                    spec_json=canonical_bytes(self.spec).decode(),
                )
            )
            s.execute(insert(TaskRow), [{"job_id": 1, "task_index": 0, "state": "running"}])
            s.execute(insert(Slot), [{"job_id": 1, "task_index": 0, "replica": 1, "role": "run", "state": "pending"}])

    def deliver(self, who: int, lease, files: dict[str, bytes]) -> None:
        digest = bytes_digest([files[name] for name in sorted(files)])
        cid = put_manifest(self.store, {name: self.store.put_bytes(data) for name, data in files.items()})
        result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(cid))
        signature = eip712.sign_digest(KEYS[who], eip712.task_result_digest(self.dispatcher._separator, result))
        [outcome] = self.dispatcher.submit_many(lease_holder(who), [ResultItem(lease.lease_id, digest, cid, signature)])
        assert isinstance(outcome, Submitted)

    def lease(self, who: int):
        return self.dispatcher.lease_many(lease_holder(who), ("render",), 1)

    def slots(self) -> list[Slot]:
        with self.sessions() as s:
            return list(s.execute(select(Slot).where(Slot.job_id == 1).order_by(Slot.id)).scalars())

    def manifest(self):
        with self.sessions() as s:
            job = s.get(Job, 1)
            return build_manifest(
                s, job, self.advancer.jobs.get(job), 31337, DOMAIN.verifying_contract, CommitteePolicy()
            )

    def audit(self, m) -> list[str]:
        with self.sessions() as s:
            entry = self.advancer.jobs.get(s.get(Job, 1))
        expect = {
            "chain_id": 31337,
            "escrow": DOMAIN.verifying_contract,
            "job_id": 1,
            "spec_cid": self.spec_cid,
            "spec_hash": "0x" + spec_hash(self.spec).hex(),
            "budget": str(self.spec.budget),
            "created_block_hash": CREATED,
            "block_hashes": {n: "0x" + keccak(b"block %d" % n).hex() for n in manifest_blocks(m)},
        }
        return audit_manifest(m, entry, self.store, expect, CommitteePolicy())


def lease_holder(who: int) -> str:
    return (WORKER, FIRST, SECOND, OTHER)[who]


def _png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "PNG")
    return buffer.getvalue()


def _crop_files(images: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, bytes]:
    return {crop_file_name(k, j, "png"): _png(pair[j]) for k, pair in enumerate(images) for j in (0, 1)}


def _renders(bank, lease, a, b) -> dict[str, bytes]:
    """A checker's upload for ``lease``: its crops cut from frames ``a`` and ``b`` (Variants or images)."""
    crops = tuple(Crop(*box) for box in lease.check["crops"])
    return _crop_files([(x, y) for _, x, y in _references(bank, crops, a, b)])


def _run_to_first_check(oracle: Oracle, bank, submitted: np.ndarray, first_a, first_b) -> None:
    [run] = oracle.lease(0)
    oracle.deliver(0, run, {oracle.task.outputs[0]: _png(submitted)})
    oracle.advancer.advance(1)
    assert oracle.lease(0) == []  # never a check of its own task
    [check] = oracle.lease(1)
    assert check.role == "check" and check.check.get("confirms") is None
    oracle.deliver(1, check, _renders(bank, check, first_a, first_b))
    oracle.advancer.advance(1)


def _confirmation_leased_to_a_third_worker(oracle: Oracle):
    first = next(x for x in oracle.slots() if x.role == "check")
    assert first.evidence["passed"] is False  # the first check failed, and is no verdict yet
    with oracle.sessions() as s:
        assert s.get(TaskRow, (1, 0)).state == "running"
    assert oracle.lease(0) == [] and oracle.lease(1) == []  # neither the worker nor the first checker
    [confirmation] = oracle.lease(2)
    assert confirmation.check["confirms"] == first.id
    assert confirmation.check["crops"] == first.check["crops"] and confirmation.check["frame"] == first.check["frame"]
    assert not set(confirmation.check["seeds"]) & {0, *first.check["seeds"]}  # seeds of its own
    return confirmation


def test_oracle__honest_worker_lazy_checker__confirmation_by_a_third_worker_slashes_the_checker(bank, tmp_path):
    oracle = Oracle(tmp_path)
    honest = bank[HONEST[0]]
    _run_to_first_check(oracle, bank, honest, honest, HONEST[1])  # the lazy checker copies the worker's pixels
    confirmation = _confirmation_leased_to_a_third_worker(oracle)
    oracle.deliver(2, confirmation, _renders(bank, confirmation, HONEST[3], HONEST[4]))
    oracle.advancer.advance(1)
    with oracle.sessions() as s:
        assert s.get(Job, 1).state == JobState.SETTLING  # accepted on the worker's run: nothing left to do
        done = s.execute(select(Slot).where(Slot.check["confirms"].as_integer().is_not(None))).scalar_one()
    assert done.evidence["verdict"] == "checker" and done.evidence["faulted"] == FIRST
    m = oracle.manifest()
    [task] = m.tasks
    assert task.status == "accepted" and task.slashed == [FIRST]
    assert sorted(task.paid) == sorted([SECOND, WORKER])  # the lazy checker is not paid
    assert oracle.audit(m) == []  # a member re-derives the verdict from the three outputs
    plan = plan_from_manifest(
        m, oracle.spec.reward_per_task, "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
    )
    assert [w for w, _ in plan.slashes] == [FIRST] and WORKER in plan.payouts
    with oracle.sessions() as s:  # the dispatcher bars the faulted checker, not the worker
        now = oracle.dispatcher.clock() + 10
        assert oracle.dispatcher._stake_cover(s, FIRST, now).caught
        assert not oracle.dispatcher._stake_cover(s, WORKER, now).caught


def test_oracle__cheating_worker_honest_checkers__confirmed_slashed_and_run_again(bank, tmp_path):
    oracle = Oracle(tmp_path)
    _run_to_first_check(oracle, bank, bank[CHEAT], HONEST[1], HONEST[2])
    confirmation = _confirmation_leased_to_a_third_worker(oracle)
    with oracle.sessions() as s:  # while it runs, the worker is barred (its first check failed)
        assert oracle.dispatcher._stake_cover(s, WORKER, oracle.dispatcher.clock() + 10).caught
    oracle.deliver(2, confirmation, _renders(bank, confirmation, HONEST[3], HONEST[4]))
    oracle.advancer.advance(1)
    m = oracle.manifest()
    [task] = m.tasks
    assert task.slashed == [WORKER] and WORKER not in task.paid
    assert sorted(task.paid) == sorted([FIRST, SECOND])
    assert oracle.audit(m) == []
    # the task runs again, by someone else
    rerun = [x for x in oracle.slots() if x.role == "run" and x.state == SlotState.PENDING]
    assert len(rerun) == 1 and rerun[0].round == 2
    assert oracle.lease(0) == []
    [lease] = oracle.lease(3)
    assert lease.role == "run"


def test_oracle__ambiguous__nobody_slashed_run_again_and_the_first_run_not_paid(bank, tmp_path):
    oracle = Oracle(tmp_path)
    honest = bank[HONEST[0]]
    _run_to_first_check(oracle, bank, honest, honest, HONEST[1])
    confirmation = _confirmation_leased_to_a_third_worker(oracle)
    # a careless second checker too: the worker fails against it and the checkers disagree
    oracle.deliver(2, confirmation, _renders(bank, confirmation, *CARELESS))
    oracle.advancer.advance(1)
    m = oracle.manifest()
    [task] = m.tasks
    assert task.slashed == [] and WORKER not in task.paid  # the requester pays one run: the re-run
    assert oracle.audit(m) == []
    assert [x.round for x in oracle.slots() if x.role == "run" and x.state == SlotState.PENDING] == [2]
