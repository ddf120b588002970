"""Run one runtime step in a child Python process with a wall-clock and a memory limit.

Runtimes (Blender, PyTorch, compute kernels) never run inside the worker
agent's own process: a crash, a leak or a hang of the engine must not take
the agent down, and the agent must be able to give up on a task. The child
is ``python -m <module>``; it reads one JSON request on stdin and writes one
JSON reply as the last line of stdout. Anything else it prints is kept as
the log tail for error messages.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LOG_TAIL_CHARS = 4_000


class RuntimeFailure(RuntimeError):
    """A runtime step failed; ``reason`` is what a worker reports to the oracle."""

    def __init__(self, reason: str, log_tail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.log_tail = log_tail


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 3_600.0
    memory_bytes: int | None = None  # address-space cap (RLIMIT_AS); None = no cap


def run_child(module: str, request: Mapping[str, Any], limits: Limits = Limits(),
              env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m module`` with ``request`` as JSON on stdin; return its JSON reply.

    Raises ``RuntimeFailure`` on timeout (the whole process group is killed),
    on a non-zero exit (with the child's error line as the reason) or on a
    reply that is not JSON.
    """
    def _limit() -> None:  # runs in the child before exec
        os.setsid()
        if limits.memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))

    child_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, preexec_fn=_limit, env=child_env,
    )
    try:
        out, _ = proc.communicate(json.dumps(dict(request)), timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise RuntimeFailure(f"{module} exceeded its wall-clock limit of {limits.wall_seconds:g} s",
                             (out or "")[-LOG_TAIL_CHARS:]) from None
    lines = [line for line in (out or "").splitlines() if line.strip()]
    tail = "\n".join(lines)[-LOG_TAIL_CHARS:]
    reply: dict[str, Any] | None = None
    if lines:
        try:
            parsed = json.loads(lines[-1])
            reply = parsed if isinstance(parsed, dict) else None
        except json.JSONDecodeError:
            reply = None
    if proc.returncode != 0:
        if proc.returncode < 0 and -proc.returncode == signal.SIGKILL:
            reason = f"{module} was killed (out of memory or by a signal)"
        else:
            reason = (reply or {}).get("error") or f"{module} exited with status {proc.returncode}"
        raise RuntimeFailure(str(reason), tail)
    if reply is None:
        raise RuntimeFailure(f"{module} gave no JSON reply", tail)
    if "error" in reply:
        raise RuntimeFailure(str(reply["error"]), tail)
    return reply


def child_main(handler) -> None:
    """Entry point for a child module: read the request, call ``handler(request) -> dict``, print the reply.

    An exception becomes ``{"error": "..."}`` and exit status 1.
    """
    request = json.loads(sys.stdin.read() or "{}")
    try:
        reply = handler(request)
    except Exception as exc:  # the reason goes back to the parent, which reports it
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
        sys.exit(1)
    print(json.dumps(reply), flush=True)
