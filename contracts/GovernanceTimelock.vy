# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title GovernanceTimelock
@notice Owns WorkerRegistry, OracleCommittee and SentryAttestations, so
        that every owner action (committee signers and threshold, slashers,
        treasury, minimum stakes, unbonding period, sentry quorum and jail
        duration) is first scheduled in public (`CallScheduled`, with the
        exact call) and can run only after `get_minimum_delay` seconds.
        snekmate's `timelock_controller`, unchanged: proposers schedule
        (and may cancel), executors run ready operations (the zero address
        as executor opens execution to anyone), and the delay itself can
        only change through the timelock.
        Trust: what the proposer can do is bounded by the owned contracts,
        and none of it reaches a job already open (JobEscrow judges each
        job by the committee epoch of its creation; its own parameters are
        immutable). The delay is chosen longer than the registry's
        unbonding period, so a worker who dislikes a scheduled change (a
        new slasher, say) can unbond and withdraw before it applies.
"""

from snekmate.auth import access_control
from snekmate.governance import timelock_controller

initializes: access_control
initializes: timelock_controller[access_control := access_control]

exports: timelock_controller.__interface__


@deploy
@payable
def __init__(
    minimum_delay_: uint256,
    proposers_: DynArray[address, 255],
    executors_: DynArray[address, 255],
    admin_: address,
):
    """
    @notice Deploys the timelock.
    @param minimum_delay_ Seconds every operation waits at least.
    @param proposers_ Who may schedule and cancel operations.
    @param executors_ Who may execute ready operations (the zero address: anyone).
    @param admin_ An optional admin for the initial set-up (zero: none);
           it should renounce its role once the set-up is done.
    """
    access_control.__init__()
    timelock_controller.__init__(minimum_delay_, proposers_, executors_, admin_)
