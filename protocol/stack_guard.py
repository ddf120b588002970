"""The interpreter's recursion limit in a service process: bounded, so C recursion raises instead of crashing.

In CPython 3.11 the recursion limit is the only guard on C-level recursion: the JSON parser and
encoder, ``repr``, pickle recurse once per nesting level and stop only at the limit. ``py_ecc``
(loaded by eth-tester and py-evm) raises the limit to 100,000 on import; a thread's stack is 8 MiB
(``ulimit -s`` here), and measured on this interpreter a level costs 126 bytes of C stack in
``json.loads``, 111 in ``json.dumps``, 143 in ``repr``, 175 in ``pickle.dumps``, so a thread
crashed with SIGSEGV between 47,800 (pickle) and 75,000 (``json.dumps``) levels, long before the
limit. That is how one 64 KB request body of ``[`` killed an oracle (issue 15).

``SERVICE_RECURSION_LIMIT`` is 10,000: at the costliest measured level (175 bytes) that is 1.75 MB of
stack, under a quarter of a thread's 8 MiB, and it is ten times CPython's default of 1,000, so deep
pure-Python code (py-evm's nested message calls on the embedded chain) keeps its room. The services'
own code never nests that deep. ``bound_recursion_limit`` lowers the limit to it (never raises it)
and is called by every service entry point (``gpuhive oracle run``, ``gpuhive worker run``) after
its imports, as the last step before serving: whatever an import set, the process serves with a
bounded limit. ``protocol.chain`` no longer imports eth-tester at all, so in those processes the
limit normally stays at the default.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

SERVICE_RECURSION_LIMIT = 10_000


def bound_recursion_limit(limit: int = SERVICE_RECURSION_LIMIT) -> int:
    """Lower the recursion limit to ``limit`` if something raised it above; returns the limit now in force."""
    current = sys.getrecursionlimit()
    if current > limit:
        sys.setrecursionlimit(limit)
        log.info("recursion limit lowered", extra={"was": current, "now": limit})
    return sys.getrecursionlimit()
