"""The process network's wait: a role process that exits while the network waits on it fails the wait at once."""

from __future__ import annotations

import os
import sys
import time

import pytest

from gpuhive.demo.processes import Child, DemoError, _wait


def _child(tmp_path, name: str, code: str) -> Child:
    return Child(name, [sys.executable, "-c", code], dict(os.environ), tmp_path / f"{name}.log").start()


def test_wait__one_of_several_children_exits__fails_at_once_with_its_log(tmp_path):
    alive = _child(tmp_path, "worker1", "import time; time.sleep(30)")
    dead = _child(tmp_path, "worker2", "print('OSError: [Errno 98] Address already in use'); raise SystemExit(1)")
    try:
        started = time.monotonic()
        with pytest.raises(
            DemoError, match=r"(?s)worker2 exited \(1\) while waiting for the probe endpoints.*Errno 98"
        ):
            _wait(lambda: False, 60, "the probe endpoints", [alive, dead])
        assert time.monotonic() - started < 30  # long before the 60 s timeout
    finally:
        alive.terminate()


def test_wait__children_alive__times_out_naming_their_logs(tmp_path):
    alive = _child(tmp_path, "worker1", "import time; time.sleep(30)")
    try:
        with pytest.raises(DemoError, match=r"timed out after 0.5s waiting for x; see .*worker1.log"):
            _wait(lambda: False, 0.5, "x", [alive])
    finally:
        alive.terminate()
