"""The duration model learns from the attested speeds of the workers who ran each settled job: the workers of its
runs from its verified result manifest (``ComputeEnds``), their speeds from the sentries' attestations in the index
(``AttestedSpeeds``: the newest epoch attested at or before the job's settlement, perf_score over the epoch's
median). Each test builds a real index (SQLite: settled jobs, their settlements, ``AttestationPosted`` events
written by the indexer) and a real store (the spec, the manifests, the sentries' files); the oracle is a stub."""

from __future__ import annotations

import math
import random
import statistics
from pathlib import Path

import pytest

from frontend_api.estimates import AttestedSpeeds, ComputeEnds, history_job, index_history, jobs_from_index
from frontend_api.indexer import Indexer, open_index
from protocol.aicore.estimate import DurationModel, fit_calibrated, in_calibration_fold, shape_of
from protocol.aicore.history import SimJob, wall_time
from protocol.follower import DecodedEvent
from protocol.jobspec import canonical_bytes, load_spec_file
from protocol.result_manifest import ResultManifest, SlotRecord, TaskRecord
from protocol.sentry_file import AttestationFile, WorkerRecord
from protocol.storage import LocalStore
from tests.support.explorer_chain import to_address
from tests.support.settled_index import (
    BLOCK_S,
    CREATED_BLOCK,
    CREATED_TIME,
    ORACLE,
    RENDER,
    manifest_of,
    registered_worker,
    settled_job,
    spec_of,
    stub_oracle,
)

SHAPE = shape_of(load_spec_file(RENDER))
FAST = (to_address(1), to_address(2))  # attested 4,000: 2x the median
MEDIAN_WORKER = to_address(3)  # attested 2,000: the median; runs nothing, checks
SLOW = (to_address(4), to_address(5))  # attested 1,000: 0.5x
WORKERS = (*FAST, MEDIAN_WORKER, *SLOW)
SENTRY, ATTESTATIONS = to_address(100), "0x" + "5" * 40
EPOCH_1_BLOCK, EPOCH_2_BLOCK, LATE_EPOCH_BLOCK = 50, 90, 10_000_000


def _slot(i: int, worker: str, role: str = "run", superseded: bool = False) -> SlotRecord:
    return SlotRecord(
        slot=i,
        replica=0,
        role=role,
        round=0,
        worker=worker,
        digest="0x",
        output_cid="",
        signature="0x",
        superseded=superseded,
    )


def _manifest(job_id: int, spec_cid: str, runners: tuple[str, ...]) -> ResultManifest:
    """Every task run by ``runners`` in turn; task 0 also holds a slow worker's superseded run and a median
    worker's check (neither ran the job's result)."""
    tasks = []
    for i in range(SHAPE.tasks):
        slots = [_slot(10 * i, runners[i % len(runners)])]
        if i == 0:
            slots += [_slot(1, SLOW[0], superseded=True), _slot(2, MEDIAN_WORKER, role="check")]
        tasks.append(
            TaskRecord(
                index=i,
                status="accepted",
                accepted_output_cid=None,
                accepted_digest=None,
                selected_for_check=False,
                slots=slots,
                paid=[],
                slashed=[],
            )
        )
    return manifest_of(job_id, spec_cid, tasks)


def _attestation(store: LocalStore, epoch: int, block: int, scores: dict[str, int]) -> DecodedEvent:
    """The sentry's ``AttestationPosted`` for ``epoch`` at ``block``, its verified file in ``store``."""
    workers = sorted(
        (WorkerRecord(worker=w, uptime_bps=10_000, perf_score=p, flags=0, probes=[]) for w, p in scores.items()),
        key=lambda r: int(r.worker, 16),
    )
    file = AttestationFile(sentry=SENTRY, epoch=epoch, chain_id=31_337, contract=ATTESTATIONS, workers=workers)
    args = {"epoch": epoch, "sentry": SENTRY, "root": file.tree().root, "cid": store.put_bytes(file.to_bytes())}
    tx = "0x" + block.to_bytes(32, "big").hex()
    return DecodedEvent("AttestationPosted", args, ATTESTATIONS, block, block.to_bytes(32, "big"), tx, 0, block)


ATTESTED = {**dict.fromkeys(FAST, 4_000), MEDIAN_WORKER: 2_000, **dict.fromkeys(SLOW, 1_000)}
SWAPPED = {**dict.fromkeys(FAST, 1_000), MEDIAN_WORKER: 2_000, **dict.fromkeys(SLOW, 4_000)}


def build_index(tmp_path: Path, walls: list[tuple[tuple[str, ...], float]], epochs: list[tuple[int, dict]]):  # type: ignore[type-arg]
    """An index of settled render jobs (``walls``: each job's runners and wall time), the five workers registered,
    the sentry's ``epochs`` (block, scores) indexed as epochs 1, 2, ...; returns (sessions, store, served CIDs)."""
    store = LocalStore(tmp_path / "store")
    spec_cid = store.put_bytes(canonical_bytes(load_spec_file(RENDER)))
    _engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    served: dict[int, str] = {}
    with sessions.begin() as s:
        Indexer().write(
            (_attestation(store, epoch, block, scores) for epoch, (block, scores) in enumerate(epochs, start=1)), s
        )
        for worker in WORKERS:
            s.add(registered_worker(worker))
        for job_id, (runners, wall) in enumerate(walls, start=1):
            settled_block = CREATED_BLOCK + int(wall) // BLOCK_S + 1
            served[job_id] = cid = store.put_bytes(_manifest(job_id, spec_cid, runners).canonical_bytes())
            s.add_all(
                settled_job(
                    job_id,
                    spec_cid,
                    cid,
                    num_tasks=SHAPE.tasks,
                    settled_block=settled_block,
                    settled_time=CREATED_TIME + round(wall),
                )
            )
    return sessions, store, served


def _jobs(count: int, seed: int) -> list[tuple[tuple[str, ...], float, float]]:
    """``count`` render jobs of the example spec (job factor lognormal sigma 0.2), alternately run by the two fast
    and the two slow workers: (runners, their true speeds' wall time from the simulated list schedule)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        runners, speed = (FAST, 2.0) if i % 2 else (SLOW, 0.5)
        job = SimJob(SHAPE, rng.lognormvariate(0.0, 0.2))
        out.append((runners, speed, wall_time(job, seed * 100_000 + i, [speed] * len(runners))))
    return out


def _error(model: DurationModel, jobs: list, speeds_of) -> float:  # type: ignore[no-untyped-def,type-arg]
    """Median |log(predicted / actual)| of the model's median wall time over ``jobs``."""
    return statistics.median(
        abs(math.log(model.estimate(SHAPE, speeds_of(runners, speed)).wall_s[1] / actual))
        for runners, speed, actual in jobs
    )


def test_fit__history_run_by_fast_and_slow_workers__attested_speeds_lower_the_estimate_error(tmp_path):
    history = _jobs(120, seed=1)
    later = [(LATE_EPOCH_BLOCK, SWAPPED)]  # attested after every settlement: must not be used for them
    sessions, store, served = build_index(
        tmp_path, [(runners, wall) for runners, _, wall in history], [(EPOCH_1_BLOCK, ATTESTED), *later]
    )
    with_speeds, _ = index_history(sessions, store, ComputeEnds([ORACLE], store, http_get=stub_oracle(served)))()
    without, _ = jobs_from_index(sessions, spec_of(store))  # today's path: five registered workers at 1x

    by_id = {record.job_id: record.job.speeds for record in with_speeds}
    assert by_id[2] == (2.0, 2.0) and by_id[1] == (
        0.5,
        0.5,
    )  # job 2 ran on FAST; the superseded run, the check left out
    assert {record.job.speeds for record in without} == {(1.0,) * len(WORKERS)}
    assert sum(in_calibration_fold(r.job_id) for r in with_speeds) >= 20  # both models are calibrated, learned

    new_jobs = _jobs(60, seed=2)
    error_with = _error(fit_calibrated(with_speeds), new_jobs, lambda runners, speed: [speed] * len(runners))
    error_without = _error(fit_calibrated(without), new_jobs, lambda runners, speed: [1.0] * len(WORKERS))
    # measured 0.14 (the jobs' own factor, sigma 0.2, no feature shows) against 0.71 (log 2: every job off 2-fold)
    assert error_with < 0.5 * error_without


def test_history_job__speeds_given__sample_inverts_the_estimate_on_them():
    record = history_job(7, SHAPE, 3_600.0, pool=5, speeds=(2.0, 0.5, 1.0))
    model = DurationModel().fit(list(record.samples) * 40)
    assert model.estimate(SHAPE, [2.0, 0.5, 1.0]).wall_s[1] == pytest.approx(3_600.0)
    assert record.samples[0].seconds == pytest.approx(3_600.0 / (SHAPE.runs / 3.5 + 1 / 2.0))
    assert record.job.speeds == (2.0, 0.5, 1.0)


def test_history_job__train_runs_at_given_speeds__sample_at_their_harmonic_mean():
    train = shape_of(load_spec_file(RENDER.parent / "train.yaml"))
    runs = (2.0,) * 5 + (0.5,) * 5  # half the runs on a 2x worker, half on a 0.5x one: harmonic mean 0.8
    record = history_job(7, train, 3_600.0, pool=5, speeds=runs)
    assert record.samples[0].seconds == pytest.approx(3_600.0 * 0.8 / (train.tasks + train.spot_checks))
    assert record.job.speeds == (pytest.approx(0.8),)
    model = DurationModel().fit(list(record.samples) * 40)
    assert model.estimate(train, record.job.speeds).wall_s[1] == pytest.approx(3_600.0)


def test_attested_speeds__reorg_drops_the_newest_epoch__job_fitted_on_the_epoch_before(tmp_path):
    equal = dict.fromkeys(WORKERS, 2_000)  # epoch 2: every worker at the median
    sessions, store, served = build_index(
        tmp_path, [(FAST, 20_000.0)], [(EPOCH_1_BLOCK, ATTESTED), (EPOCH_2_BLOCK, equal)]
    )
    history = index_history(sessions, store, ComputeEnds([ORACLE], store, http_get=stub_oracle(served)))
    speeds = AttestedSpeeds(sessions, store)
    (before,), _ = history()
    assert before.job.speeds == (1.0, 1.0)  # epoch 2 (block 90) is the newest attested before the settlement
    assert speeds.for_refit()(EPOCH_2_BLOCK - 1, FAST) == (2.0, 2.0)  # before epoch 2's post: epoch 1

    with sessions.begin() as s:
        Indexer().on_rewind(EPOCH_2_BLOCK, s)  # the fork drops epoch 2's post

    (after,), _ = history()
    assert after.job.speeds == (2.0, 2.0)  # epoch 1 again
    assert speeds.for_refit()(CREATED_BLOCK, FAST) == (2.0, 2.0)
    assert after.samples[0].seconds > 1.5 * before.samples[0].seconds  # the same wall on faster workers

    with sessions.begin() as s:
        Indexer().on_rewind(EPOCH_1_BLOCK, s)  # no attestation left: the runners count as median workers
    (unattested,), _ = history()
    assert unattested.job.speeds == (1.0, 1.0)
    assert speeds.for_refit()(CREATED_BLOCK, FAST) == (1.0, 1.0)
