"""The oracle's verification engines: pure functions from results to verdicts.

- ``hash_vote``: majority vote over replica digests (``hash`` policy);
- ``render_check``: re-rendered crops (two seeds) and the exact rank test of ``rank_test`` (``render`` policy);
- ``train_check``: replayed-checkpoint distance, Proof-of-Learning (``train`` policy);
- ``outputs``: a worker's output manifest against the task's expected outputs;
- ``confirmation``: a failed check judged again with a second checker's references: the worker's fault,
  the first checker's, or neither (``decide``).

A failing verdict is not yet a fault: a second checker's ``confirmation`` decides
whether the worker or the first checker is to blame, or neither; ``BadReference``
means the reference (checker's crop, replay) was unusable and nobody should be
judged on it.
"""

from __future__ import annotations

from oracles.verify.confirmation import Confirmation, compare_references, confirm_render, confirm_train, decide
from oracles.verify.errors import BadReference
from oracles.verify.evidence import json_float
from oracles.verify.hash_vote import Submission, Vote, vote
from oracles.verify.outputs import check_output_manifest
from oracles.verify.rank_test import RankCounts, RankTest, rank_counts, rank_tests
from oracles.verify.render_check import CropVerdict, UnsupportedImage, check_crops, load_image
from oracles.verify.train_check import CheckpointVerdict, compare_checkpoints

__all__ = [
    "BadReference",
    "CheckpointVerdict",
    "Confirmation",
    "CropVerdict",
    "RankCounts",
    "RankTest",
    "Submission",
    "UnsupportedImage",
    "Vote",
    "check_crops",
    "check_output_manifest",
    "compare_checkpoints",
    "compare_references",
    "confirm_render",
    "confirm_train",
    "decide",
    "json_float",
    "load_image",
    "rank_counts",
    "rank_tests",
    "vote",
]
