"""The going rate counts a settled job's compute span, not its settlement: the end of its last task's work is read
from its result manifest (the latest ``reveal_block`` of its tasks), the manifest found through the oracles and
kept only when its CID hashes to the ``result_hash`` the index's settlement holds. Each test builds a real index
(SQLite) and a real store holding the spec and the manifests; the oracles' ``/v1/jobs/{id}`` is a stub."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import sessionmaker

from frontend_api.estimates import MAX_ORACLE_REPLY_BYTES, ComputeEnds, bounded_get, index_history, jobs_from_index
from frontend_api.indexer import open_index
from protocol.aicore.advice import going_rate
from protocol.jobspec import canonical_bytes, load_spec_file
from protocol.result_manifest import ResultManifest, TaskRecord
from protocol.storage import LocalStore
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

COMPUTE_S = 3_600  # every job's tasks take an hour


def _manifest(job_id: int, spec_cid: str, last_block: int) -> ResultManifest:
    tasks = [
        TaskRecord(
            index=i,
            status="accepted",
            accepted_output_cid=None,
            accepted_digest=None,
            selected_for_check=False,
            reveal_block=block,
            slots=[],
            paid=[],
            slashed=[],
        )
        for i, block in enumerate((CREATED_BLOCK + 5, last_block, CREATED_BLOCK + 20))
    ]
    return manifest_of(job_id, spec_cid, tasks)


def index_with_tails(tmp_path: Path, tails_s: list[int], *, forged: set[int] = frozenset()) -> tuple:  # type: ignore[assignment]
    """An index of settled render jobs, each computing ``COMPUTE_S`` seconds (its last task's result in at the block
    ``COMPUTE_S / BLOCK_S`` after its creation), then settled ``tails_s[i]`` seconds later; each job's manifest in
    the store and served by the stub oracle (``forged``: jobs whose served CID is not the one the chain settled)."""
    store = LocalStore(tmp_path / "store")
    spec_cid = store.put_bytes(canonical_bytes(load_spec_file(RENDER)))
    _engine, sessions = open_index(f"sqlite:///{tmp_path / 'index.db'}")
    served: dict[int, str] = {}
    last_block = CREATED_BLOCK + COMPUTE_S // BLOCK_S
    with sessions.begin() as s:
        s.add(registered_worker("0x" + "01" * 20))
        for job_id, tail in enumerate(tails_s, start=1):
            wall = COMPUTE_S + tail
            settled_block = CREATED_BLOCK + wall // BLOCK_S
            cid = store.put_bytes(_manifest(job_id, spec_cid, last_block).canonical_bytes())
            other = store.put_bytes(_manifest(job_id, spec_cid, CREATED_BLOCK + 1).canonical_bytes())
            served[job_id] = other if job_id in forged else cid
            s.add_all(
                settled_job(
                    job_id,
                    spec_cid,
                    cid,
                    num_tasks=1,
                    settled_block=settled_block,
                    settled_time=CREATED_TIME + wall,
                )
            )
    return sessions, store, served


def _rate(sessions: sessionmaker, store: LocalStore, ends: ComputeEnds | None) -> float:
    _, settled = jobs_from_index(sessions, spec_of(store), None if ends is None else ends.for_refit())
    rate = going_rate("render", settled)
    assert rate.jobs == len(settled)
    return rate.tokens_per_second


def test_going_rate__jobs_with_long_settlement_tails__not_diluted_by_the_tail(tmp_path):
    prompt, store, served = index_with_tails(tmp_path / "prompt", [BLOCK_S] * 4)  # settled a block after the work
    tailed, tailed_store, tailed_served = index_with_tails(
        tmp_path / "tailed", [BLOCK_S, 10 * 3_600, 10 * 3_600, 20 * 3_600]
    )

    reference = _rate(prompt, store, ComputeEnds([ORACLE], store, http_get=stub_oracle(served)))
    with_spans = _rate(tailed, tailed_store, ComputeEnds([ORACLE], tailed_store, http_get=stub_oracle(tailed_served)))
    walls = _rate(tailed, tailed_store, None)  # what the going rate was before: the whole wall time

    assert abs(with_spans - reference) <= 1e-9 * reference  # every job computed an hour: the same rate
    assert walls < 0.2 * reference  # the tails of 10-20 hours took the wall-time rate down more than 5-fold


def test_compute_ends__manifest_not_the_settled_one__job_counted_at_its_wall_time(tmp_path):
    sessions, store, served = index_with_tails(tmp_path, [10 * 3_600] * 3, forged={2})
    end = ComputeEnds([ORACLE], store, http_get=stub_oracle(served)).for_refit()
    _, settled = jobs_from_index(sessions, spec_of(store), end)
    honest, forged, _ = (job.task_seconds for job in settled[::-1])  # newest job first in the index's order
    assert forged > 10 * honest  # the forged manifest's early block is ignored: the 11-hour wall time counts


def test_compute_ends__chain_block_times_and_cache__used_instead_of_interpolation_and_asked_once(tmp_path):
    sessions, store, served = index_with_tails(tmp_path, [10 * 3_600] * 3)
    asked: list[int] = []
    ends = ComputeEnds(
        [ORACLE], store, block_time=lambda number: CREATED_TIME + 60, http_get=stub_oracle(served, asked)
    )
    history = index_history(sessions, store, ends)
    _, first = history()
    _, second = history()
    _, walls = jobs_from_index(sessions, spec_of(store))
    assert sorted(asked) == [1, 2, 3]  # the second refit read the cache
    assert [j.task_seconds for j in first] == [j.task_seconds for j in second]
    # the chain said the last result was in a minute after creation: 60 s against an 11-hour wall
    assert all(
        abs(w.task_seconds / f.task_seconds - (COMPUTE_S + 10 * 3_600) / 60) < 1e-6 for f, w in zip(first, walls)
    )


def test_compute_ends__oracle_down__wall_time_and_no_oracle_asked_again_in_the_refit(tmp_path):
    sessions, store, _ = index_with_tails(tmp_path, [10 * 3_600] * 3)
    calls: list[str] = []

    def down(url: str, timeout: float) -> httpx.Response:
        calls.append(url)
        raise httpx.ConnectError("refused")

    _, settled = jobs_from_index(sessions, spec_of(store), ComputeEnds([ORACLE], store, http_get=down).for_refit())
    _, walls = jobs_from_index(sessions, spec_of(store))
    assert [j.task_seconds for j in settled] == [j.task_seconds for j in walls]
    assert len(calls) == 1


def test_bounded_get__oracle_answer_too_long__refused_before_parsing_short_one_read():
    bodies = {"/short": b'{"manifest_cid": "bafk"}', "/long": b'{"x": "' + b"a" * (MAX_ORACLE_REPLY_BYTES + 10) + b'"}'}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = bodies[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert bounded_get(f"{base}/short", timeout=5).json() == {"manifest_cid": "bafk"}
        with pytest.raises(httpx.HTTPError, match="larger than"):
            bounded_get(f"{base}/long", timeout=5)
    finally:
        server.shutdown()
