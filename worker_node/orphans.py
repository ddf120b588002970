"""Finding and stopping runtime children that outlived the agent that started them (Linux).

Runtime children run in their own session (``sandbox.run_child`` calls
``setsid``), so killing the agent does not kill them: a Blender render or a
long kernel would keep burning the machine after a crash. The CLI agent puts
a marker in its environment (``GPUHIVE_AGENT_ID=<id of its journal>``),
which every child inherits; a restarted agent with the same journal, or an
agent whose lease was taken away, kills the process groups carrying it.
Only processes of the same user are visible in ``/proc/<pid>/environ``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
from pathlib import Path

log = logging.getLogger(__name__)

MARKER = "GPUHIVE_AGENT_ID"
RUNTIME_MODULE = b"worker_node.runtimes"


def agent_id(journal_path: Path) -> str:
    return hashlib.sha256(str(Path(journal_path).resolve()).encode()).hexdigest()[:16]


def marked_processes(marker_value: str, proc: Path = Path("/proc")) -> list[int]:
    """PIDs of runtime children (``python -m worker_node.runtimes.*``) carrying ``MARKER=marker_value``."""
    needle = f"{MARKER}={marker_value}".encode() + b"\0"
    me = os.getpid()
    found = []
    try:
        entries = list(proc.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            environ = (entry / "environ").read_bytes() + b"\0"
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone, or another user's
            continue
        if needle in environ and RUNTIME_MODULE in cmdline:
            found.append(int(entry.name))
    return found


def kill_marked(marker_value: str | None) -> int:
    """SIGKILL the process group of every marked runtime child; returns how many were found."""
    if not marker_value:
        return 0
    pids = marked_processes(marker_value)
    log.debug("runtime children of this agent", extra={"marker": marker_value, "pids": pids})
    own_group = os.getpgrp()
    for pid in pids:
        try:
            group = os.getpgid(pid)
            if group != own_group:
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        log.warning("killed a runtime child left running", extra={"pid": pid})
    return len(pids)
