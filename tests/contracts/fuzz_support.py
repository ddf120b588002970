"""Shared plumbing of the hypothesis state machines (test_invariants_*.py).

- `fuzz_settings`: hypothesis settings sized for a quick default run;
  ``GPUHIVE_FUZZ_EXAMPLES=<n>`` (and optionally ``GPUHIVE_FUZZ_STEPS=<n>``)
  scale it up for long runs; ``GPUHIVE_FUZZ_NO_SHRINK=1`` reports a failing
  sequence without minimising it.
- `AnchoredMachine`: a RuleBasedStateMachine whose every example runs inside
  one `boa.env.anchor()` over a system deployed once per test module, so an
  example costs no deployment and leaves nothing behind.
- `ModuleRun`: the module's one deployment (under an anchor exited at the
  end of the module) and its `RunStats`: how many examples and steps ran
  and how long, written to benchmarks/results/invariants.json.
- `expect_revert`: a call must revert with the predicted reason and leave
  the observed state as it was.

Plain functions and classes, no pytest fixtures: fixtures and hypothesis
strategies do not mix.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boa
from boa.contracts.base_evm_contract import BoaError
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine

RESULTS_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "invariants.json"


def fuzz_settings(default_examples: int, default_steps: int) -> settings:
    """Settings for a state machine: `default_examples` sequences of up to
    `default_steps` steps, unless GPUHIVE_FUZZ_EXAMPLES / GPUHIVE_FUZZ_STEPS say otherwise."""
    examples = int(os.environ.get("GPUHIVE_FUZZ_EXAMPLES", default_examples))
    steps = int(os.environ.get("GPUHIVE_FUZZ_STEPS", default_steps))
    phases = list(Phase)
    if os.environ.get("GPUHIVE_FUZZ_NO_SHRINK"):
        # report the first failing sequence as found (shrinking one takes minutes)
        phases = [p for p in phases if p not in (Phase.shrink, Phase.explain)]
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        phases=phases,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


@dataclass
class RunStats:
    """Counts of one module's state-machine runs (shrinking included)."""

    examples: int = 0
    steps: int = 0
    started: float = field(default_factory=time.perf_counter)
    # "rule: ok" / "rule: reverted" -> count, to see that valid moves do happen
    outcomes: Counter = field(default_factory=Counter)

    def seconds(self) -> float:
        return time.perf_counter() - self.started


def write_results(module: str, stats: RunStats, extra: dict[str, Any] | None = None) -> None:
    """Merge one module's numbers into benchmarks/results/invariants.json; the
    top-level examples/steps/seconds are the sums over the modules recorded."""
    try:
        data = json.loads(RESULTS_FILE.read_text())
        modules = data.get("modules", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        modules = {}
    entry = {
        "examples": stats.examples,
        "steps": stats.steps,
        "seconds": round(stats.seconds(), 2),
        "outcomes": dict(sorted(stats.outcomes.items())),
    }
    entry.update(extra or {})
    modules[module] = entry
    totals = {
        "examples": sum(m["examples"] for m in modules.values()),
        "steps": sum(m["steps"] for m in modules.values()),
        "seconds": round(sum(m["seconds"] for m in modules.values()), 2),
    }
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps({**totals, "modules": modules}, indent=2, sort_keys=True) + "\n")


def counted(stats: RunStats) -> Callable:
    """Decorator for a rule: counts each execution as one step in `stats`,
    and its outcome: "ok", or "reverted" if the rule called
    `machine.reverted()`, or "skipped" if it called `machine.skipped()`."""

    def decorate(fn: Callable) -> Callable:
        def step(self, *args, **kwargs):
            stats.steps += 1
            self._outcome = "ok"
            result = fn(self, *args, **kwargs)
            stats.outcomes[f"{fn.__name__}: {self._outcome}"] += 1
            return result

        step.__name__ = fn.__name__
        step.__qualname__ = fn.__qualname__
        step.__doc__ = fn.__doc__
        return step

    return decorate


class ModuleRun:
    """One deployment per test module, and the module's run statistics.

    The test module sets ``setup_module = RUN.setup_module`` and
    ``teardown_module = RUN.teardown_module``. The world (`build()`'s
    result) is built in setup, outside any example: titanoboa's pytest
    plugin wraps every hypothesis example in an anchor of its own, which
    would undo a deployment made lazily inside the first example. It lives
    under an anchor that teardown exits, so nothing the module deployed
    outlives it; teardown also writes the numbers to RESULTS_FILE.
    """

    def __init__(self, name: str, build: Callable[[], Any], settings_: settings) -> None:
        self.name = name
        self.build = build
        self.settings = settings_
        self.stats = RunStats()
        self.step = counted(self.stats)
        self._world: Any = None
        self._anchor: Any = None

    def world(self) -> Any:
        """The module's world; built on first use when run outside pytest."""
        if self._world is None:
            self._world = self.build()
        return self._world

    def setup_module(self) -> None:
        self.stats.__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.world()

    def teardown_module(self) -> None:
        try:
            write_results(
                self.name,
                self.stats,
                {"max_examples": self.settings.max_examples, "stateful_step_count": self.settings.stateful_step_count},
            )
        finally:
            self._world = None
            if self._anchor is not None:
                self._anchor.__exit__(None, None, None)
                self._anchor = None


class AnchoredMachine(RuleBasedStateMachine):
    """A state machine whose example runs inside `boa.env.anchor()`.

    Hypothesis builds a new machine per example and always calls its
    `teardown()` (in a `finally`), so the anchor entered in `__init__` is
    exited there and every example starts from the module's deployment.
    Subclasses build their ghost state in `__init__` and call
    `super().__init__()` last (it enters the anchor, so a constructor that
    fails earlier leaves none open), and implement `finish()`: drive the
    example to its end state and check it. `finish()` runs from
    `teardown()` only when the steps themselves passed, so it never masks
    the original failure.
    """

    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()

    def finish(self) -> None:  # pragma: no cover - overridden
        pass

    def reverted(self) -> None:
        """Marks the current step's outcome as an expected revert."""
        self._outcome = "reverted"

    def skipped(self) -> None:
        """Marks the current step as one that found nothing to do."""
        self._outcome = "skipped"

    def teardown(self) -> None:
        try:
            error = sys.exc_info()[1]
            if error is None:
                try:
                    self.finish()
                except BaseException as finish_error:
                    self._add_trace(finish_error)
                    raise
            else:
                self._add_trace(error)
        finally:
            self._anchor.__exit__(None, None, None)

    def _add_trace(self, error: BaseException) -> None:
        """Attach the machine's own readable log of moves (`self.trace`, if
        any) to a failure, next to hypothesis's step listing."""
        trace = getattr(self, "trace", None)
        if trace and hasattr(error, "add_note"):
            error.add_note(f"{type(self).__name__} trace:\n  " + "\n  ".join(trace))


def revert_reason(error: BoaError) -> str:
    """The revert string of the innermost failing frame (bubbled up by Vyper)."""
    frame = error.stack_trace.last_frame
    if isinstance(frame, str):
        return frame
    try:
        return str(frame.pretty_vm_reason)
    except Exception:  # noqa: BLE001 - a frame without a decodable reason
        return repr(frame)


def expect_revert(
    call: Callable[[], Any],
    reasons: str | Iterable[str],
    observe: Callable[[], Any] | None = None,
    prefix: bool = False,
) -> str:
    """Run `call`, which must revert with one of `reasons` (or a reason
    starting with one of them if `prefix`), and must leave `observe()`
    unchanged. Returns the reason."""
    wanted = (reasons,) if isinstance(reasons, str) else tuple(reasons)
    before = observe() if observe else None
    try:
        result = call()
    except BoaError as error:
        reason = revert_reason(error)
    else:
        raise AssertionError(f"expected a revert with {wanted}, but the call succeeded and returned {result!r}")
    ok = any(reason.startswith(w) for w in wanted) if prefix else reason in wanted
    assert ok, f"expected a revert with {wanted}, got {reason!r}"
    if observe:
        after = observe()
        assert after == before, f"a reverted call changed state:\n before {before}\n after  {after}"
    return reason


def now() -> int:
    """The timestamp the next transaction sees."""
    return boa.env.evm.patch.timestamp


def travel_to(timestamp: int) -> None:
    """Move the chain clock forward to `timestamp` (never backwards)."""
    delta = timestamp - now()
    if delta > 0:
        boa.env.time_travel(seconds=delta)


__all__ = [
    "AnchoredMachine",
    "ModuleRun",
    "RunStats",
    "counted",
    "expect_revert",
    "fuzz_settings",
    "now",
    "revert_reason",
    "travel_to",
    "write_results",
]
