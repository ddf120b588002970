"""Check a worker's output manifest (output name → CID) against the task's expected outputs.

A task's outputs are fixed by slicing (``Task.outputs``), so a manifest must
name each of them with a valid CID (``protocol.storage.cid.validate_cid``).
Names the task does not expect are problems too, by default: the runtime
knows exactly what to produce, and anything else is either a bug or content
the oracles would otherwise fetch, pin and keep in the result manifest for
nothing. ``allow_extra=True`` ignores them (they are still never fetched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from protocol.storage.cid import validate_cid
from protocol.storage.errors import InvalidCid


def check_output_manifest(
    manifest: Mapping[str, str],
    expected: Sequence[str],
    *,
    allow_extra: bool = False,
) -> list[str]:
    """Problems with ``manifest``, one sentence each; an empty list means it is acceptable.

    Order: missing names and invalid CIDs in the order of ``expected``, then
    unexpected names sorted.
    """
    problems: list[str] = []
    for name in expected:
        if name not in manifest:
            problems.append(f"missing output {name!r}")
            continue
        problem = _cid_problem(manifest[name])
        if problem:
            problems.append(f"output {name!r}: {problem}")
    if not allow_extra:
        wanted = set(expected)
        problems += [f"unexpected output {name!r}" for name in sorted(n for n in manifest if n not in wanted)]
    return problems


def _cid_problem(cid: object) -> str:
    if not isinstance(cid, str):
        return f"CID must be a string, got {type(cid).__name__}"
    try:
        validate_cid(cid)
    except InvalidCid as exc:
        return str(exc)
    return ""
