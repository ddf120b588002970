"""Typed, field-level errors for job specs.

A requester (or an oracle deciding whether to ``reject`` a job on-chain) gets
every problem at once, each as a dotted field path and a message that says
what to change, e.g. ``split.tiles_x: a tile would be 12 px wide; ...``.

Messages are bounded, because they are logged and stored by oracles for
specs anyone may submit: a value is quoted by ``brief`` (a ``reprlib`` repr
that never walks a whole container or string), an issue's message is cut at
``MAX_MESSAGE_CHARS`` and at most ``MAX_ISSUES`` issues are listed, so a
``SpecError`` is a few KiB whatever the spec held.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from protocol.errors import GPUHiveError

# Nested discriminated unions: pydantic puts the tag into an error's location
# (``verification.render.psnr_min_db``); the spec a user wrote has no such key.
_UNION_TAGS = {
    "verification": frozenset({"hash", "render", "train", "label", "zk"}),
    "labels": frozenset({"classes", "text"}),
    "architecture": frozenset({"mlp", "cnn_small", "resnet18_cifar"}),
    "optimizer": frozenset({"sgd", "adam", "adamw"}),
    "kernel": frozenset({"matmul_blocked", "sha256_chain"}),
}
_KINDS = frozenset({"render", "train", "compute", "label", "zk"})

MAX_MESSAGE_CHARS = 300  # one issue's message
MAX_ISSUES = 20  # issues listed in a SpecError; the rest are counted
_REPR = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_REPR.maxlevel = 2
_REPR.maxdict = _REPR.maxlist = _REPR.maxtuple = _REPR.maxset = 4
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 60


def brief(value: Any) -> str:
    """A repr of ``value`` of at most about 100 characters, for error messages (never the whole value)."""
    return _REPR.repr(value)


def _cut(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 20] + f"... ({len(text):,} chars)"


@dataclass(frozen=True)
class SpecIssue:
    """One problem with one field of a spec."""

    path: str  # dotted field path, ``""`` for the spec as a whole
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", _cut(self.path, 120))
        object.__setattr__(self, "message", _cut(self.message))

    def __str__(self) -> str:
        return f"{self.path or '<spec>'}: {self.message}"


class SpecError(GPUHiveError, ValueError):
    """A job spec that cannot be accepted; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[SpecIssue]) -> None:
        shown = tuple(issues[:MAX_ISSUES])
        if len(issues) > MAX_ISSUES:
            shown += (SpecIssue("", f"... and {len(issues) - MAX_ISSUES} more problems"),)
        self.issues: tuple[SpecIssue, ...] = shown
        super().__init__("invalid job spec:\n" + "\n".join(f"  {issue}" for issue in self.issues))

    @property
    def paths(self) -> list[str]:
        return [issue.path for issue in self.issues]

    @classmethod
    def single(cls, path: str, message: str) -> SpecError:
        return cls([SpecIssue(path, message)])

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> SpecError:
        return cls([_issue(e) for e in error.errors(include_url=False)])


def field_error(model: str, problems: Iterable[tuple[tuple[str | int, ...], str, Any]]) -> ValidationError:
    """A ValidationError for cross-field checks, located at the field to change.

    ``problems`` are ``(location, message, offending value)`` triples.
    """
    details = [
        InitErrorDetails(type=PydanticCustomError("spec", message), loc=loc, input=value)
        for loc, message, value in problems
    ]
    return ValidationError.from_exception_data(model, details)


def _path(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for i, item in enumerate(loc):
        if isinstance(item, int):
            parts.append(f"[{item}]")
            continue
        if i == 0 and item in _KINDS:
            continue  # the top-level tag
        if i > 0 and item in _UNION_TAGS.get(str(loc[i - 1]), ()):
            continue  # a nested tag, e.g. verification.<render>.psnr_min_db
        if "[" in item or "," in item:  # pydantic's function-validator labels
            continue
        parts.append(("." if parts else "") + item)
    return "".join(parts)


def _issue(err: Any) -> SpecIssue:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path = _path(loc)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = str(ctx.get("discriminator", "")).strip("'")
        path = f"{path}.{tag}" if path else tag
        if kind == "union_tag_not_found":
            return SpecIssue(path, "required field is missing")
        return SpecIssue(path, f"unknown {tag} {brief(ctx.get('tag'))}; expected one of {ctx.get('expected_tags')}")
    if kind == "missing":
        return SpecIssue(path, "required field is missing")
    if kind == "extra_forbidden":
        return SpecIssue(path, "unknown field (check the spelling; specs accept only documented fields)")
    message = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if kind != "spec" and isinstance(value, int | float | str):
        message = f"{_cut(message)} (got {brief(value)})"
    return SpecIssue(path, message)
