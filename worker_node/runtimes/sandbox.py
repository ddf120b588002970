"""Run one runtime step in a child Python process with a wall-clock and a memory limit.

Runtimes (Blender, PyTorch, compute kernels) never run inside the worker
agent's own process: a crash, a leak or a hang of the engine must not take
the agent down, and the agent must be able to give up on a task. The child
is ``python -m <module>``; it reads one JSON request on stdin and writes one
JSON reply as the last line of stdout. Anything else it prints is kept as
the log tail for error messages.

**Progress.** A child whose engine knows how far it is (Blender: frames and
samples; PyTorch: steps) calls ``report_progress(done, total)``, which
prints a line ``PROGRESS_PREFIX + fraction`` (at most every
``PROGRESS_EVERY_S``, and always at the end of a unit the caller marks).
The parent passes ``on_progress`` to ``run_child`` or ``WarmChild.call`` to
read them while the child runs (they are not part of the log tail); it gets
each fraction clamped to 0..1 and never lower than the one before, so a
line the engine printed by chance (an object named like one) can at worst
overstate progress, which is only advisory (the heartbeat's ``fraction``).
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from protocol.errors import GPUHiveError

LOG_TAIL_CHARS = 4_000
PROGRESS_PREFIX = "\x1egpuhive-progress "
READER_JOIN_S = 10.0  # how long the parent waits for a finished child's last output
PROGRESS_EVERY_S = 0.5  # a child prints its progress at most this often (unless it marks the end of a unit)


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


class _Progress:
    """The parent's side of progress lines: each fraction clamped to 0..1, never below the last, to ``report``."""

    def __init__(self, report: Callable[[float], None]) -> None:
        self.report = report
        self.last = 0.0

    def line(self, line: str) -> bool:
        """Whether ``line`` was a progress line (then reported, if it parses)."""
        if not line.startswith(PROGRESS_PREFIX):
            return False
        try:
            value = float(line[len(PROGRESS_PREFIX) :].strip())
        except ValueError:
            return True
        if value == value:  # not NaN
            self.last = max(self.last, min(max(value, 0.0), 1.0))
            self.report(self.last)
        return True


class ProgressReporter:
    """The child's side: ``report_progress``'s throttle (one per child process, the module's ``report_progress``)."""

    def __init__(self, every_s: float = PROGRESS_EVERY_S) -> None:
        self.every_s = every_s
        self._at = float("-inf")

    def __call__(self, done: float, total: float, force: bool = False) -> None:
        """Report ``done / total`` (0 when ``total`` is not positive) now if ``force`` or the last is old enough."""
        now = time.monotonic()
        if not force and now - self._at < self.every_s:
            return
        self._at = now
        fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        print(f"{PROGRESS_PREFIX}{fraction:.6f}", flush=True)


report_progress = ProgressReporter()


def run_child(
    module: str,
    request: Mapping[str, Any],
    limits: Limits = Limits(),
    env: Mapping[str, str] | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    """Run ``python -m module`` with ``request`` as JSON on stdin; return its JSON reply.

    Raises ``RuntimeFailure`` on timeout (the whole process group is killed),
    on a non-zero exit (with the child's error line as the reason) or on a
    reply that is not JSON. ``on_progress`` receives the child's progress
    lines while it runs (see the module docstring).
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
        if on_progress is None:
            out, _ = proc.communicate(json.dumps(dict(request)), timeout=limits.wall_seconds)
        else:
            out = _streamed(proc, json.dumps(dict(request)), limits.wall_seconds, _Progress(on_progress))
    except subprocess.TimeoutExpired as exc:
        if on_progress is None:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        else:  # _streamed killed it and kept its output
            out = str(exc.output or "")
        raise RuntimeFailure(
            f"{module} exceeded its wall-clock limit of {limits.wall_seconds:g} s", (out or "")[-LOG_TAIL_CHARS:]
        ) from None
    lines = [line for line in (out or "").splitlines() if line.strip()]
    tail = "\n".join(lines)[-LOG_TAIL_CHARS:]
    reply = _json_object(lines[-1]) if lines else None
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


def _json_object(text: str) -> dict[str, Any] | None:
    """``text`` parsed when it is one JSON object, else None (a child's reply cut short or not a dict)."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _streamed(proc: subprocess.Popen[str], request: str, wall_seconds: float, progress: _Progress) -> str:
    """``communicate`` for a child that reports progress: its output is read line by line as it comes (a
    thread), progress lines go to ``progress`` and the rest is returned. At the wall-clock limit the process
    group is killed and ``subprocess.TimeoutExpired`` raised with the output read so far."""
    assert proc.stdin is not None and proc.stdout is not None
    stdout = proc.stdout
    kept: list[str] = []

    def _read() -> None:
        for line in stdout:
            if not progress.line(line):
                kept.append(line)

    reader = threading.Thread(target=_read, daemon=True, name="child-output")
    reader.start()
    try:
        proc.stdin.write(request)
        proc.stdin.close()
    except BrokenPipeError:  # the child ended before reading it: its exit status and output say why
        pass
    try:
        proc.wait(timeout=wall_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        reader.join(timeout=READER_JOIN_S)
        raise subprocess.TimeoutExpired(proc.args, wall_seconds, output="".join(kept)) from None
    reader.join(timeout=READER_JOIN_S)  # (bounded: a grandchild could keep the pipe open)
    return "".join(kept)


ChildHandler = Callable[[dict[str, Any]], dict[str, Any]]
"""A child module's request handler: the parent's JSON request in, the JSON reply out."""


def child_main(handler: ChildHandler) -> None:
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


def child_serve(handler: ChildHandler) -> None:
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

    def call(
        self,
        request: Mapping[str, Any],
        wall_seconds: float | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> dict[str, Any]:
        wall = wall_seconds if wall_seconds is not None else self.limits.wall_seconds
        progress = _Progress(on_progress) if on_progress is not None else None
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
                    reply = _json_object(line[len(REPLY_PREFIX) :])
                    if reply is None:  # cut short or not an object: out of step with the child, so replace it
                        self.kill()
                        raise RuntimeFailure(
                            f"{self.module} (warm) gave no JSON reply", "\n".join(self._tail)[-LOG_TAIL_CHARS:]
                        )
                    break
                if line.startswith(PROGRESS_PREFIX):
                    if progress is not None:
                        progress.line(line)
                    continue
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
