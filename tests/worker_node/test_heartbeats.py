"""worker_node/heartbeat.py: one thread per oracle beats every lease held from it, each at its own interval;
a stopped lease is beaten no more; a lease the oracle refuses is marked lost and reported once."""

from __future__ import annotations

import threading
import time
from collections import Counter

from protocol.leases import Lease
from tests.support.agent_network import stub_lease, wait_for
from worker_node.execute import FETCHING, RUNNING, UPLOADING
from worker_node.heartbeat import Heartbeats
from worker_node.oracle_client import OracleRefused


class FakeOracleClient:
    """Stands in for ``OracleClient``: records each beat; refuses the leases named in ``gone`` with 410."""

    url = "http://127.0.0.1:1"
    timeout = 5.0

    def __init__(self) -> None:
        self.beats: Counter[str] = Counter()
        self.threads: set[str] = set()
        self.gone: set[str] = set()
        self.sent: list[tuple[str, float, float | None]] = []  # (lease, progress, fraction) of each beat

    def heartbeat(self, lease: Lease, progress: float, fraction: float | None = None) -> float:
        self.threads.add(threading.current_thread().name)
        if lease.lease_id in self.gone:
            raise OracleRefused(410, "lease expired")
        self.beats[lease.lease_id] += 1
        self.sent.append((lease.lease_id, progress, fraction))
        return time.time() + 60


def test_heartbeats__three_held_leases__one_thread_beats_them_all():
    client = FakeOracleClient()
    beats = Heartbeats(client)  # type: ignore[arg-type]
    threads_before = threading.active_count()
    try:
        held = [beats.add(stub_lease(f"lease-{i}", heartbeat_s=0.05), 0.05) for i in range(3)]
        assert threading.active_count() == threads_before + 1
        wait_for(lambda: all(client.beats[h.lease.lease_id] >= 3 for h in held), 5, "three beats of each lease")
        assert len(client.threads) == 1
    finally:
        beats.close()


def test_heartbeats__lease_stopped__beaten_no_more_while_the_others_are():
    client = FakeOracleClient()
    beats = Heartbeats(client)  # type: ignore[arg-type]
    try:
        stopped, running = (
            beats.add(stub_lease("stopped", heartbeat_s=0.05), 0.05),
            beats.add(stub_lease("running", heartbeat_s=0.05), 0.05),
        )
        wait_for(lambda: client.beats["stopped"] >= 1, 5, "a beat of the lease to stop")
        stopped.stop()
        count = client.beats["stopped"]
        seen = client.beats["running"]
        wait_for(lambda: client.beats["running"] >= seen + 3, 5, "more beats of the running lease")
        assert client.beats["stopped"] == count
        assert beats.held() == [running]
    finally:
        beats.close()


def test_heartbeats__oracle_refuses_a_lease__marked_lost_once_and_others_kept():
    client = FakeOracleClient()
    client.gone.add("taken-back")
    lost: list[str] = []
    beats = Heartbeats(client)  # type: ignore[arg-type]
    try:
        taken = beats.add(stub_lease("taken-back", heartbeat_s=0.05), 0.05, on_lost=lost.append)
        kept = beats.add(stub_lease("kept", heartbeat_s=0.05), 0.05)
        wait_for(lambda: taken.lost is not None, 5, "the refused lease marked lost")
        wait_for(lambda: client.beats["kept"] >= 3, 5, "the other lease still beaten")
        assert lost == ["lease expired"]
        assert beats.held() == [kept]
    finally:
        beats.close()


def test_heartbeat__runtime_reports_fraction__sent_beside_the_stage_only_while_running():
    client = FakeOracleClient()
    beats = Heartbeats(client)  # type: ignore[arg-type]
    try:
        beat = beats.add(stub_lease("lease", heartbeat_s=0.05), 0.05)
        beat.stage(FETCHING)
        beat.report_fraction(0.5)  # before the runtime runs: not its fraction
        wait_for(lambda: len(client.sent) >= 2, 5, "beats while fetching")
        beat.stage(RUNNING)
        beat.report_fraction(0.25)
        wait_for(lambda: any(f == 0.25 for _, _, f in client.sent), 5, "a beat with the runtime's fraction")
        beat.report_fraction(1.5)  # clamped
        wait_for(lambda: any(f == 1.0 for _, _, f in client.sent), 5, "a beat with the clamped fraction")
        beat.stage(UPLOADING)
        seen = len(client.sent)
        wait_for(lambda: len(client.sent) >= seen + 2, 5, "beats while uploading")
    finally:
        beats.close()
    fetching = [s for s in client.sent if s[1] == FETCHING]
    running = [s for s in client.sent if RUNNING <= s[1] < UPLOADING]
    uploading = [s for s in client.sent if s[1] == UPLOADING]
    assert fetching and all(f is None for _, _, f in fetching)
    assert all(f in (None, 0.25, 1.0) for _, _, f in running)  # progress is still the stage, creeping with time
    assert uploading and all(f is None for _, _, f in uploading[1:])
