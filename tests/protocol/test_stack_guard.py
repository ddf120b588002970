"""The recursion limit of service processes (``protocol.stack_guard``), each case in a fresh interpreter:
the limit is process state, and what an import does to it shows only in a process that has not made
that import yet. The real ``gpuhive oracle run`` and ``gpuhive worker run`` processes are checked in
``tests/oracles/test_hostile_traffic.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

from protocol.stack_guard import SERVICE_RECURSION_LIMIT


def _in_fresh_process(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_service_modules__imported__recursion_limit_untouched_and_no_py_ecc():
    seen = _in_fresh_process(
        "import json, sys\n"
        "import oracles.service, oracles.cli, worker_node.agent, worker_node.cli, gpuhive.cli\n"
        "print(json.dumps({'limit': sys.getrecursionlimit(), 'py_ecc': 'py_ecc' in sys.modules}))"
    )
    assert seen == {"limit": 1_000, "py_ecc": False}


def test_bound_recursion_limit__after_py_ecc_raised_it__lowered_to_the_service_limit():
    seen = _in_fresh_process(
        "import json, sys\n"
        "import py_ecc\n"
        "raised = sys.getrecursionlimit()\n"
        "from protocol.stack_guard import bound_recursion_limit\n"
        "now = bound_recursion_limit()\n"
        "print(json.dumps({'raised': raised, 'now': now, 'limit': sys.getrecursionlimit()}))"
    )
    assert seen == {"raised": 100_000, "now": SERVICE_RECURSION_LIMIT, "limit": SERVICE_RECURSION_LIMIT}


def test_bound_recursion_limit__already_lower__left_as_it_is():
    seen = _in_fresh_process(
        "import json, sys\n"
        "sys.setrecursionlimit(500)\n"
        "from protocol.stack_guard import bound_recursion_limit\n"
        "print(json.dumps({'now': bound_recursion_limit()}))"
    )
    assert seen == {"now": 500}


def test_service_limit__deepest_c_recursion_in_a_thread__recursion_error_not_a_crash():
    """At the service limit, JSON, repr and pickle of a too-deep value raise RecursionError in a thread
    with the default stack (the API runs in one) instead of overflowing it."""
    seen = _in_fresh_process(
        "import json, pickle, sys, threading\n"
        "from protocol.stack_guard import SERVICE_RECURSION_LIMIT\n"
        "sys.setrecursionlimit(SERVICE_RECURSION_LIMIT)\n"
        "out = {}\n"
        "def run():\n"
        "    deep = []\n"
        "    for _ in range(SERVICE_RECURSION_LIMIT + 10):\n"
        "        deep = [deep]\n"
        "    text = '[' * (SERVICE_RECURSION_LIMIT + 10) + ']' * (SERVICE_RECURSION_LIMIT + 10)\n"
        "    for name, op in [('loads', lambda: json.loads(text)), ('dumps', lambda: json.dumps(deep)),\n"
        "                     ('repr', lambda: repr(deep)), ('pickle', lambda: pickle.dumps(deep))]:\n"
        "        try:\n"
        "            op()\n"
        "            out[name] = 'ok'\n"
        "        except RecursionError:\n"
        "            out[name] = 'RecursionError'\n"
        "t = threading.Thread(target=run)\n"
        "t.start(); t.join()\n"
        "print(json.dumps(out))"
    )
    assert seen == dict.fromkeys(["loads", "dumps", "repr", "pickle"], "RecursionError")
