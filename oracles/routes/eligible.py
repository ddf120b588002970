"""``POST /v1/eligible``: how many workers a spec's hardware requirements would have, before it is submitted.

The dApp's new-job page asks this (issue 21). The answer comes from this oracle's view of the sentries'
attestations (``oracles.sentry.scores.AttestedScores.selection``: ``WorkerSelection.eligible``) and the workers'
node metadata (their claimed GPUs, believed only where the sentries confirmed the class): ``eligible`` workers
meet ``hardware`` out of ``attested`` workers the sentries let lease now, in the attestations of ``epoch``, and
``speeds`` are theirs (the perf score over the median attested one), so the page's estimate runs on the workers
the spec would really have.

The body is ``{"hardware": HardwareRequirements | null}``, bounded before parsing (``oracles.body_limits``,
1 KiB, depth 2). An oracle built without scores (``app.state.eligibility`` unset) answers 503.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from oracles.worker_selection import WorkerSelection
from protocol.jobspec.hardware import HardwareRequirements

router = APIRouter(tags=["selection"])
MAX_SPEEDS = 256  # speeds in one reply (a sample of them above): the reply stays a few KiB


class EligibleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hardware: HardwareRequirements | None = Field(None, description="The spec's hardware field (null: none).")


class EligibleReply(BaseModel):
    eligible: int = Field(description="Attested workers that meet the requirements.")
    attested: int = Field(description="Workers the sentries attested that may lease now.")
    epoch: int | None = Field(None, description="The sentry epoch the scores are from (null: none read yet).")
    speeds: list[float] = Field(
        default_factory=list,
        description=f"The eligible workers' attested speeds relative to the median attested worker (1.0), fastest "
        f"first; above {MAX_SPEEDS} eligible workers, {MAX_SPEEDS} evenly spaced of them (the estimates' input).",
    )


class Eligibility:
    """What the route counts with: the selection's scores, their epoch, and each worker's node metadata."""

    def __init__(
        self, selection: WorkerSelection, metadata_of: Callable[[str], Any], epoch: Callable[[], int | None]
    ) -> None:
        self.selection = selection
        self.metadata_of = metadata_of
        self.epoch = epoch

    def count(self, hardware: HardwareRequirements | None) -> EligibleReply:
        speeds, attested = self.selection.eligible(hardware, self.metadata_of)
        sample = (
            speeds if len(speeds) <= MAX_SPEEDS else [speeds[i * len(speeds) // MAX_SPEEDS] for i in range(MAX_SPEEDS)]
        )
        return EligibleReply(
            eligible=len(speeds), attested=attested, epoch=self.epoch(), speeds=[round(v, 3) for v in sample]
        )


async def _eligibility(request: Request) -> Eligibility:
    found = getattr(request.app.state, "eligibility", None)
    if found is None:
        raise HTTPException(503, "this oracle reads no sentry attestations; ask another oracle")
    return found


EligibilityDep = Annotated[Eligibility, Depends(_eligibility)]


@router.post("/v1/eligible", response_model=EligibleReply)
def eligible(body: EligibleRequest, eligibility: EligibilityDep) -> EligibleReply:
    return eligibility.count(body.hardware)
