"""sandbox.WarmChild.call on a reply that is not a JSON object: a reply line cut short (the child died while
writing it) or a handler's non-dict answer is the runtime's failure (RuntimeFailure, as run_child's cold path
says it), not a JSONDecodeError (which run_lease would misreport as a lease that does not fit its spec) or a
TypeError; the next call starts a fresh child and is answered."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from worker_node.runtimes.sandbox import Limits, RuntimeFailure, WarmChild

BROKEN = """
import os
import sys
from worker_node.runtimes.sandbox import REPLY_PREFIX, child_serve

def handle(request):
    if request["mode"] == "cut":  # dies halfway through writing its reply
        sys.stdout.write(REPLY_PREFIX + '{"echo": ')
        sys.stdout.flush()
        os._exit(0)
    if request["mode"] == "list":
        return [request["n"]]
    return {"echo": request["n"], "pid": os.getpid()}

if __name__ == "__main__" and "--serve" in sys.argv:
    child_serve(handle)
"""


@pytest.fixture
def child(tmp_path: Path):
    (tmp_path / "broken_child.py").write_text(BROKEN)
    paths = [str(tmp_path), *[p for p in sys.path if p]]
    warm = WarmChild("broken_child", Limits(wall_seconds=60.0), env={"PYTHONPATH": os.pathsep.join(paths)})
    yield warm
    warm.kill()


@pytest.mark.parametrize("mode", ["cut", "list"])
def test_warm_child_call__reply_not_a_json_object__runtime_failure_then_a_fresh_child(child, mode):
    first = child.call({"mode": "ok", "n": 1})
    with pytest.raises(RuntimeFailure, match="gave no JSON reply"):
        child.call({"mode": mode, "n": 2})
    second = child.call({"mode": "ok", "n": 3})
    assert second["echo"] == 3
    assert second["pid"] != first["pid"]  # out of step with the child: it was replaced
