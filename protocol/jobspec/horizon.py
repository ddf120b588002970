"""How long a job may lease runs so that every slash its runs earn lands before their stake can leave.

Stake a worker starts unbonding stays slashable until it is withdrawn, one
``unbonding_period`` after ``begin_unbond`` (WorkerRegistry). A worker that
cheats and unbonds at once escapes the slash when the job settles later than
that — it did on a job settled more than ``unbonding − dispute − resolve``
after the cheat (``protocol.cheating_economics``; about +10.9 tokens a job
before this rule). So the leader leases a job's runs for at most

    run_window = unbonding_period − settle_grace − dispute_window − resolve_timeout − RUN_WINDOW_SAFETY

after the job's first lease, then winds it down like at its deadline
(``oracles.advancer``, ``oracles.dispatcher``): a run leased at ``L`` (at or
after the first lease) settles by ``first lease + run_window + settle_grace``
(JobEscrow's own allowance for getting a settlement mined), a dispute's
resolve comes at most ``dispute_window + resolve_timeout`` later, and all of
it is before ``L + unbonding_period``, the earliest stake unbonded after the
lease can be withdrawn. With the default deployment (7 days of unbonding,
1 day each of grace and dispute window, 3 days of resolve timeout) that is
two days less an hour. A dispute's round 1 is not limited: its re-checks are
leased after the settlement and resolved within the resolve timeout.

A job that needs longer is cut at the window: its unfinished tasks fail and
are refunded. ``gpuhive job validate`` warns when a spec's deadline lies
beyond the window.
"""

from __future__ import annotations

from typing import Any

DAY = 86_400
RUN_WINDOW_SAFETY = 3_600  # a settlement's signatures and mining, and clocks that differ a little


def run_window(
    unbonding_period: int = 7 * DAY,
    settle_grace: int = DAY,
    dispute_window: int = DAY,
    resolve_timeout: int = 3 * DAY,
    safety: int = RUN_WINDOW_SAFETY,
) -> int:
    """Seconds after a job's first lease during which its runs are leased (the module docstring); the
    defaults are ``protocol.contracts.DeployParams``'s. At least 0."""
    return max(unbonding_period - settle_grace - dispute_window - resolve_timeout - safety, 0)


def slash_horizon(run_window_s: int, settle_grace: int, dispute_window: int, resolve_timeout: int) -> int:
    """Seconds from a job's first lease to the last moment a slash of its runs can land (a dispute's
    resolve): ``run_window + settle_grace + dispute_window + resolve_timeout``."""
    return run_window_s + settle_grace + dispute_window + resolve_timeout


def run_window_of(chain: Any) -> int:
    """``run_window`` of the deployment ``chain`` (a ``protocol.chain.ChainClient``) is on: its registry's
    unbonding period and its escrow's settle grace, dispute window and resolve timeout, read now. The
    escrow's periods are immutable; the registry's owner can change the unbonding period (through the
    governance timelock), and an oracle reads it again when it restarts."""
    escrow, registry = chain.escrow.functions, chain.registry.functions
    return run_window(
        int(registry.unbonding_period().call()),
        int(escrow.settle_grace().call()),
        int(escrow.dispute_window().call()),
        int(escrow.resolve_timeout().call()),
    )
