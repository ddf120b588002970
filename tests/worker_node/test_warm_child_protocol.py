"""sandbox.WarmChild's pipe protocol, with a plain Python child (no Blender): a reply that reaches the
pipe in the same write as the engine's chatter before it is still read at once."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from worker_node.runtimes.sandbox import Limits, WarmChild

CHATTY = """
import sys
from worker_node.runtimes.sandbox import child_serve

def handle(request):
    # an engine printing its own lines; stdout is a pipe, so these wait in the buffer and reach the
    # parent in one write together with the reply that child_serve flushes
    for i in range(request["lines"]):
        print(f"engine chatter {i}")
    return {"echo": request["n"]}

if __name__ == "__main__" and "--serve" in sys.argv:
    child_serve(handle)
"""


def test_warm_child__chatter_and_reply_in_one_write__reply_read_without_waiting(tmp_path: Path):
    (tmp_path / "chatty_child.py").write_text(CHATTY)
    paths = [str(tmp_path), *[p for p in sys.path if p]]
    child = WarmChild("chatty_child", Limits(wall_seconds=30.0), env={"PYTHONPATH": os.pathsep.join(paths)})
    try:
        for n, lines in enumerate([3, 0, 500, 1]):
            started = time.monotonic()
            assert child.call({"n": n, "lines": lines}) == {"echo": n}
            assert time.monotonic() - started < 10.0  # (with a buffered readline it waited out the 30 s)
    finally:
        child.kill()
