"""The one base of GPUHive's own exceptions.

Every error the project raises on purpose derives from ``GPUHiveError``, so an
entry point can catch "anything GPUHive refused, with a message for the user"
in one clause and leave real bugs to the traceback. Messages say what to set
or do next (``"no worker config at worker.toml; see the README's 'Worker
node' section"``). Classes that also behave like a builtin (``ValueError`` for
bad input, ``KeyError`` for a missing CID) keep that base as well.
"""

from __future__ import annotations


class GPUHiveError(Exception):
    """Base of every exception GPUHive raises on purpose."""


class NotYet(GPUHiveError):
    """A step that must wait, not a failure: the caller retries later (a settlement waiting for a label job's gold
    file, or for a zk job's proofs to be posted); its message says what it waits for and until when."""
