"""Each worker's uptime and performance per epoch, as the sentries attested them.

The index holds every ``SentryAttestations.AttestationPosted`` event (epoch, sentry, root, CID). The file a
CID names is fetched from the store, parsed and checked against the posted root (``protocol.sentry_file``):
a file that does not rebuild its root, does not parse or names another sentry or epoch counts as not
posted, and the page says which. Per worker and epoch the explorer shows the median ``uptime_bps`` and
``perf_score`` over the sentries whose verified files hold a leaf for it (the median, so one lying sentry
moves nothing), how many did, and the flags any of them set.

"Online" is the latest attested epoch's view: a worker is online when the median uptime of the sentries
that saw it is above zero (at least one probe answered); "eligible" (staked at least the minimum, not
jailed) comes from the registry and is a different thing: an eligible worker may be offline.

Files are content-addressed, so each verified file's per-worker values are cached by (CID, root) in
memory; at most ``MAX_FILES`` are kept, and only the newest ``MAX_POSTS`` posts are read per request.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from statistics import median_low
from threading import Lock
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontend_api.indexer.models import IndexedEvent
from protocol.contracts import SentryFlag
from protocol.sentry_file import AttestationError, ByteSource, read_verified
from protocol.sentry_leaf import FLAG_CLASS_MISMATCH, FLAG_PERF_FAILED
from protocol.storage import StorageError

log = logging.getLogger(__name__)

EVENT = "AttestationPosted"
MAX_POSTS = 512  # newest posts read per request: e.g. 32 epochs of 16 sentries
MAX_FILES = 256  # verified files kept in memory

FLAG_NAMES = (
    (int(SentryFlag.OFFLINE), "offline"),
    (FLAG_CLASS_MISMATCH, "class mismatch"),  # throughput below the claimed GPU class
    (FLAG_PERF_FAILED, "perf failed"),  # answered liveness, failed every performance probe
)
Values = dict[str, tuple[int, int, int]]  # worker (lower case) -> (uptime_bps, perf_score, flags)


@dataclass(frozen=True)
class Post:
    epoch: int
    sentry: str
    root: str
    cid: str
    block_number: int


@dataclass
class EpochScore:
    epoch: int
    uptime_bps: int
    perf_score: int
    flags: int
    sentries: int  # verified files holding a leaf for the worker
    posted: int  # posts for this epoch (verified or not)

    @property
    def offline(self) -> bool:
        return self.uptime_bps == 0

    @property
    def flag_names(self) -> list[str]:
        return [name for bit, name in FLAG_NAMES if self.flags & bit]


@dataclass
class WorkerScores:
    epochs: list[EpochScore]  # oldest first
    latest_epoch: int | None  # the newest epoch any sentry posted for
    problems: list[str] = field(default_factory=list)

    @property
    def latest(self) -> EpochScore | None:
        last = self.epochs[-1] if self.epochs else None
        return last if last is not None and last.epoch == self.latest_epoch else None

    @property
    def online(self) -> bool | None:
        """True/False from the latest attested epoch; None when no sentry attested this worker then."""
        return None if self.latest is None else not self.latest.offline


class SentryScores:
    """Reads the posts from the index and their files from a store (cached; see the module docstring)."""

    def __init__(self) -> None:
        self._files: OrderedDict[tuple[str, str], Values | str] = OrderedDict()
        self._lock = Lock()

    def posts(self, s: Session, limit: int = MAX_POSTS) -> list[Post]:
        rows = s.execute(
            select(IndexedEvent.args_json, IndexedEvent.block_number)
            .where(IndexedEvent.name == EVENT)  # the name is unique among the indexed contracts
            .order_by(IndexedEvent.id.desc())
            .limit(limit)
        ).all()
        out = []
        for args_json, block in rows:
            args = json.loads(args_json)
            out.append(Post(int(args["epoch"]), str(args["sentry"]), str(args["root"]), str(args["cid"]), block))
        return out

    def file_values(self, store: ByteSource, post: Post) -> Values | str:
        """The worker values of a post's verified file, or why it is unusable."""
        key = (post.cid, post.root.lower())
        with self._lock:
            if key in self._files:
                self._files.move_to_end(key)
                return self._files[key]
        try:
            root = bytes.fromhex(post.root.removeprefix("0x"))
            parsed, _ = read_verified(store, post.cid, root, sentry=post.sentry, epoch=post.epoch)
            value: Values | str = {w.worker.lower(): (w.uptime_bps, w.perf_score, w.flags) for w in parsed.workers}
        except (AttestationError, ValueError) as exc:
            value = f"sentry {post.sentry} epoch {post.epoch}: {exc}"
        except StorageError as exc:  # maybe not yet in this store: not cached, tried again next time
            return f"sentry {post.sentry} epoch {post.epoch}: file {post.cid} unavailable ({exc})"
        with self._lock:
            self._files[key] = value
            while len(self._files) > MAX_FILES:
                self._files.popitem(last=False)
        return value

    def for_workers(self, s: Session, store: ByteSource, epochs: int = 24) -> tuple[dict[str, WorkerScores], list[str]]:
        """Scores of every attested worker over the newest ``epochs`` attested epochs (keys lower case)."""
        posts = self.posts(s)
        if not posts:
            return {}, []
        latest = max(p.epoch for p in posts)
        wanted = sorted({p.epoch for p in posts}, reverse=True)[:epochs]
        per_epoch: dict[int, list[Values]] = {e: [] for e in wanted}
        posted: dict[int, int] = dict.fromkeys(wanted, 0)
        problems = []
        seen: set[tuple[int, str]] = set()
        for post in posts:  # newest first: a sentry's later post for an epoch is the one that counts
            if post.epoch not in per_epoch or (post.epoch, post.sentry.lower()) in seen:
                continue
            seen.add((post.epoch, post.sentry.lower()))
            posted[post.epoch] += 1
            values = self.file_values(store, post)
            if isinstance(values, str):
                problems.append(values)
            else:
                per_epoch[post.epoch].append(values)
        by_worker: dict[str, list[EpochScore]] = {}
        for epoch in sorted(wanted):
            workers = {w for values in per_epoch[epoch] for w in values}
            for worker in workers:
                leaves = [values[worker] for values in per_epoch[epoch] if worker in values]
                flags = 0
                for leaf in leaves:
                    flags |= leaf[2]
                by_worker.setdefault(worker, []).append(
                    EpochScore(
                        epoch=epoch,
                        uptime_bps=median_low(leaf[0] for leaf in leaves),
                        perf_score=median_low(leaf[1] for leaf in leaves),
                        flags=flags,
                        sentries=len(leaves),
                        posted=posted[epoch],
                    )
                )
        return {w: WorkerScores(e, latest, problems) for w, e in by_worker.items()}, problems

    def for_worker(self, s: Session, store: ByteSource, worker: str, epochs: int = 24) -> WorkerScores:
        scores, problems = self.for_workers(s, store, epochs)
        found = scores.get(worker.lower())
        if found is not None:
            return found
        posts = self.posts(s, limit=1)
        return WorkerScores([], posts[0].epoch if posts else None, problems)


def scores_of(app_state: Any) -> SentryScores:
    """The app's one ``SentryScores`` (its cache lives as long as the app)."""
    scores = getattr(app_state, "sentry_scores", None)
    if scores is None:
        scores = app_state.sentry_scores = SentryScores()
    return scores
