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
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from protocol.errors import GPUHiveError

LOG_TAIL_CHARS = 4_000


class RuntimeFailure(GPUHiveError, RuntimeError):
    """A runtime step failed; ``reason`` is what a worker reports to the oracle."""

    def __init__(self, reason: str, log_tail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.log_tail = log_tail


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 3_600.0
    memory_bytes: int | None = None  # address-space cap (RLIMIT_AS); None = no cap


def run_child(
    module: str, request: Mapping[str, Any], limits: Limits = Limits(), env: Mapping[str, str] | None = None
) -> dict[str, Any]:
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
        [sys.executable, "-m", module],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_limit,
        env=child_env,
    )
    try:
        out, _ = proc.communicate(json.dumps(dict(request)), timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise RuntimeFailure(
            f"{module} exceeded its wall-clock limit of {limits.wall_seconds:g} s", (out or "")[-LOG_TAIL_CHARS:]
        ) from None
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


REPLY_PREFIX = "\x1egpuhive-reply "


def child_serve(handler) -> None:
    """Entry point for a warm child: answer one JSON request per stdin line until stdin closes.

    Replies are single lines starting with ``REPLY_PREFIX`` (the engine may
    print its own chatter on stdout); an exception becomes ``{"error": ...}``
    and the child keeps serving.
    """
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handler(json.loads(line))
        except Exception as exc:  # reported to the parent, which raises RuntimeFailure
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(REPLY_PREFIX + json.dumps(reply), flush=True)


class WarmChild:
    """A long-lived child (``python -m module --serve``) that keeps its engine loaded between requests.

    Starting Python and importing Blender costs about a second per task; a
    spot check re-renders a few small crops, so that fixed cost would
    dominate it. The same limits apply: the memory cap is set once on the
    child, and a request that outlives its wall-clock limit kills the whole
    process group (the next request starts a fresh child). Requests are
    serialised.
    """

    def __init__(self, module: str, limits: Limits = Limits(), env: Mapping[str, str] | None = None) -> None:
        self.module = module
        self.limits = limits
        self.env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._tail: list[str] = []
        self._pending = b""  # output read from the child past the last full line

    def _start(self) -> subprocess.Popen[bytes]:
        limits = self.limits

        def _limit() -> None:
            os.setsid()
            if limits.memory_bytes:
                resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))

        self._pending = b""
        # unbuffered bytes: the reply is read with os.read after select. A buffered readline could pull the
        # reply into Python's buffer together with a log line before it, and select would then wait on an
        # empty pipe until the wall-clock limit (a spot check hung that way for its whole limit)
        return subprocess.Popen(
            [sys.executable, "-m", self.module, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            bufsize=0,
            preexec_fn=_limit,
            env={**os.environ, **(self.env or {})},
        )

    def _readline(self, proc: subprocess.Popen[bytes], deadline: float) -> str | None:
        """The child's next output line; None at the deadline; "" when the child closed its output."""
        assert proc.stdout is not None
        while b"\n" not in self._pending:
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
            chunk = os.read(proc.stdout.fileno(), 65_536)
            if not chunk:
                rest, self._pending = self._pending, b""
                return rest.decode(errors="replace")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode(errors="replace") + "\n"

    def call(self, request: Mapping[str, Any], wall_seconds: float | None = None) -> dict[str, Any]:
        wall = wall_seconds if wall_seconds is not None else self.limits.wall_seconds
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            self._tail = []
            try:
                proc.stdin.write((json.dumps(dict(request)) + "\n").encode())
                proc.stdin.flush()
            except BrokenPipeError:
                self._proc = None
                raise RuntimeFailure(f"{self.module} (warm) exited before the request", "") from None
            deadline = time.monotonic() + wall
            while True:
                line = self._readline(proc, deadline)
                if line is None:
                    self.kill()
                    raise RuntimeFailure(
                        f"{self.module} exceeded its wall-clock limit of {wall:g} s",
                        "\n".join(self._tail)[-LOG_TAIL_CHARS:],
                    )
                if not line:  # the child died (segfault, out of memory, killed)
                    code = proc.wait()
                    self._proc = None
                    raise RuntimeFailure(
                        f"{self.module} (warm) died with status {code}", "\n".join(self._tail)[-LOG_TAIL_CHARS:]
                    )
                if line.startswith(REPLY_PREFIX):
                    reply = json.loads(line[len(REPLY_PREFIX) :])
                    break
                self._tail = (self._tail + [line.rstrip()])[-200:]
        if "error" in reply:
            raise RuntimeFailure(str(reply["error"]), "\n".join(self._tail)[-LOG_TAIL_CHARS:])
        return reply

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()

    def close(self) -> None:
        """End the child: close its stdin so it exits, kill it if it does not."""
        with self._lock:
            proc = self._proc
            if proc is None:
                return
            try:
                if proc.stdin:
                    proc.stdin.close()
                proc.wait(timeout=10)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                self.kill()
            self._proc = None
