"""Errors of the verification engines.

A verifier returns a *failing verdict* when the submitted result is wrong:
that is the worker's fault and leads to a slash. When the *reference* it
compares against (a checker's re-rendered crop, the oracle's own replayed
checkpoint) is itself unusable, nothing can be concluded about the worker,
so the verifier raises ``BadReference`` instead: the caller should obtain a
new reference (another checker, another replay) rather than slash anyone.
"""

from __future__ import annotations

from protocol.errors import GPUHiveError


class BadReference(GPUHiveError, ValueError):
    """The reference result is malformed; get a new one, and do not judge the submission on it."""
