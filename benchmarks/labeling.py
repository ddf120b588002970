"""Label jobs: Dawid–Skene against majority vote as the share of spammers grows, and who is paid.

    .venv/bin/python benchmarks/labeling.py      (writes benchmarks/results/labeling.json; seconds)

Simulated labelers (``tests/support/labelers.py``): a pool of ``POOL`` labelers, of which a share are
spammers — two in three answer at random, one in three always answers the first class — and the rest
honest, half good (90 % right) and half mediocre (75 % right), errors spread over the other classes.
Each job: ``ITEMS`` items of ``len(CLASSES)`` classes drawn uniformly, ``GOLD`` of them gold, batches of
``BATCH`` items, each batch labeled by ``REPLICATION`` labelers drawn from the pool; every batch is signed
and checked like a real one (``oracles.labeling.batches``). Accuracy is measured on the non-gold items
against the truth, for Dawid–Skene with the revealed gold (what the oracles pay by), Dawid–Skene without
gold (a requester who never reveals), and majority vote (crowd-kit's, ties to the first class). Pay is the
default ``LabelPolicy``: gold accuracy shown below 70 % at 1 % significance (an exact binomial test) goes
unpaid; a spammer score below 25 % with 20+ answers is slashed. Every row is ``SEEDS`` jobs with fixed seeds.

``false_gold``: a requester who commits wrong answers for half its gold items (to refund itself the labelers'
pay), at 20 % spammers: how many falsified and true gold items the crowd's consensus disputes
(``oracles.labeling.job.disputed_gold``) and who is still paid.

``false_gold_text``: the same for free-text (transcription) jobs (``tests/support/transcribers.py``: two good
typists with 5 % word errors, two noisy with 20 %, a junk typist and a constant copier; 120 clips, 40 gold,
batches of 10, three typists each): true gold, random sentences for half or all of the gold items, every
gold transcription with 30 % of its words changed (below the dispute line), and the same garbage on half the
gold without the dispute check; then a pool of eight, half of them junk, blank and two copiers of one text.
How many falsified and true gold items ``oracles.labeling.text.disputed_transcriptions`` leaves out, and
who is paid and slashed (``--text`` runs this section alone and updates it in place).
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from oracles.labeling.aggregate import dawid_skene, majority_vote  # noqa: E402
from oracles.labeling.batches import check_batch  # noqa: E402
from oracles.labeling.job import judge_label_job  # noqa: E402
from oracles.labeling.text import judge_transcription  # noqa: E402
from protocol.jobspec.label import parse_gold  # noqa: E402
from tests.support.labelers import CLASSES, DOMAIN, JOB_ID, LabelJob, SimLabeler, run_job  # noqa: E402
from tests.support.transcribers import VOCABULARY, SimTranscriber, TextJob, transcribers  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "labeling.json"
POOL = 10
ITEMS, GOLD, BATCH, REPLICATION = 600, 60, 20, 3
SHARES = (0.0, 0.2, 0.4, 0.5, 0.6)
SEEDS = (0, 1, 2)


def pool_for(share: float, seed: int) -> list[SimLabeler]:
    spammers = round(share * POOL)
    constant = spammers // 3
    honest = POOL - spammers
    good = (honest + 1) // 2
    pool = [SimLabeler(f"good{i}", "good", 0.9, seed=seed) for i in range(good)]
    pool += [SimLabeler(f"mediocre{i}", "mediocre", 0.75, seed=seed) for i in range(honest - good)]
    pool += [SimLabeler(f"spammer{i}", "spammer", seed=seed) for i in range(spammers - constant)]
    pool += [SimLabeler(f"constant{i}", "constant", seed=seed) for i in range(constant)]
    return pool


def one_job(share: float, seed: int, falsify: float = 0.0) -> dict:
    job = LabelJob(items=ITEMS, gold_items=GOLD, batch_size=BATCH, replication=REPLICATION, seed=seed)
    pool = pool_for(share, seed)
    answers = [check_batch(job.spec, DOMAIN, JOB_ID, b) for b in run_job(job, pool, seed=seed)]
    gold = parse_gold(job.gold_file, job.spec)
    falsified = set(random.Random(seed).sample(sorted(gold), round(falsify * len(gold))))
    gold = {i: (next(c for c in CLASSES if c != a) if i in falsified else a) for i, a in gold.items()}
    started = time.process_time()
    verdict = judge_label_job(job.spec, job.item_cids, answers, gold)
    judge_s = time.process_time() - started
    items = [i for i in range(ITEMS) if i not in gold]

    def accuracy(labels: dict[int, str]) -> float:
        return sum(labels[i] == job.truth[i] for i in items) / len(items)

    kind = {labeler.address: labeler.kind for labeler in pool}
    paid: Counter[str] = Counter()
    slashed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for worker, v in verdict.labelers.items():
        total[kind[worker]] += 1
        paid[kind[worker]] += v.paid
        slashed[kind[worker]] += v.slashed
    return {
        "ds": accuracy(verdict.aggregation.labels),
        "ds_no_gold": accuracy(dawid_skene(answers).labels),
        "mv": accuracy(majority_vote(answers).labels),
        "judge_s": judge_s,
        "disputed_falsified": len(falsified & set(verdict.disputed_gold)),
        "disputed_true": len(set(verdict.disputed_gold) - falsified),
        "falsified": len(falsified),
        "total": total,
        "paid": paid,
        "slashed": slashed,
    }


TEXT_SEEDS = (0, 1, 2, 3, 4, 5)


def _text_pool(mixed: bool, seed: int) -> list[SimTranscriber]:
    if not mixed:
        return transcribers(seed=seed)
    thanks = "Thank you for watching."
    return transcribers(seed=seed)[:4] + [
        SimTranscriber("junk", "junk", seed=seed),
        SimTranscriber("blank", "constant", constant="", seed=seed),
        SimTranscriber("copier0", "constant", constant=thanks, seed=seed),
        SimTranscriber("copier1", "constant", constant=thanks, seed=seed),
    ]


def text_job(seed: int, falsify: float, how: str, mixed: bool = False, dispute: bool = True) -> dict:
    """One transcription job whose requester replaces ``falsify`` of its gold: ``garbage`` (random sentences)
    or ``subtle`` (30 % of the words changed)."""
    job = TextJob(items=120, gold_items=40, batch_size=10, seed=seed)
    pool = _text_pool(mixed, seed)
    answers = [check_batch(job.spec, DOMAIN, JOB_ID, b) for b in run_job(job, pool, seed=seed)]
    rng = random.Random(f"false gold {seed}")
    falsified = set(rng.sample(sorted(job.gold), round(falsify * len(job.gold))))

    def false(text: str) -> str:
        if how == "garbage":
            return " ".join(rng.choices(VOCABULARY, k=rng.randint(6, 14)))
        words = text.split()
        for k in rng.sample(range(len(words)), round(0.3 * len(words))):
            words[k] = rng.choice([w for w in VOCABULARY if w != words[k]])
        return " ".join(words)

    gold = {i: false(t) if i in falsified else t for i, t in job.gold.items()}
    if dispute:
        verdict = judge_label_job(job.spec, job.item_cids, answers, gold)
        labelers, disputed = verdict.labelers, set(verdict.disputed_gold)
    else:
        labelers, disputed = judge_transcription(job.spec, answers, gold)[1], set()
    kind = {t.address: "copier" if t.kind == "constant" and t.constant else t.kind for t in pool}
    kind.update({t.address: "blank" for t in pool if t.kind == "constant" and not t.constant})
    out = {"falsified": len(falsified), "disputed_falsified": len(disputed & falsified)}
    out["disputed_true"] = len(disputed - falsified)
    for worker, v in labelers.items():
        for what, flag in (("total", True), ("paid", v.paid), ("slashed", v.slashed)):
            out.setdefault(what, Counter())[kind[worker]] += flag
    return out


def false_gold_text() -> dict:
    cases = {
        "true_gold": dict(falsify=0.0, how="garbage"),
        "garbage_half": dict(falsify=0.5, how="garbage"),
        "garbage_all": dict(falsify=1.0, how="garbage"),
        "subtle_all_30pct_words": dict(falsify=1.0, how="subtle"),
        "garbage_half_no_dispute_check": dict(falsify=0.5, how="garbage", dispute=False),
        "mixed_pool_true_gold": dict(falsify=0.0, how="garbage", mixed=True),
        "mixed_pool_garbage_half": dict(falsify=0.5, how="garbage", mixed=True),
    }
    section: dict = {
        "setting": "transcribers(): 2 good (5 % word errors), 2 noisy (20 %), 1 junk, 1 constant copier; mixed "
        "pool: the 4 honest + junk, blank, 2 copiers of one text; 120 clips, 40 gold, batches of 10, 3 typists "
        f"each; seeds {list(TEXT_SEEDS)}; pay floor 40 % gold WER, slash at 90 %",
    }
    for name, case in cases.items():
        runs = [text_job(seed, **case) for seed in TEXT_SEEDS]
        kinds = sorted({k for r in runs for k in r["total"]})
        total = {k: sum(r["total"][k] for r in runs) for k in kinds}
        section[name] = {
            "falsified": sum(r["falsified"] for r in runs),
            "disputed_falsified": sum(r["disputed_falsified"] for r in runs),
            "disputed_true": sum(r["disputed_true"] for r in runs),
            "paid": {k: f"{sum(r['paid'][k] for r in runs)}/{total[k]}" for k in kinds},
            "slashed": {k: f"{sum(r['slashed'][k] for r in runs)}/{total[k]}" for k in kinds},
        }
        print(name, json.dumps(section[name]), flush=True)
    return section


def main() -> None:
    if "--text" in sys.argv:
        result = json.loads(RESULTS.read_text())
        result["false_gold_text"] = false_gold_text()
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        print(f"updated false_gold_text in {RESULTS.relative_to(REPO)}")
        return
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = []
    for share in SHARES:
        runs = [one_job(share, seed) for seed in SEEDS]
        kinds = sorted({k for r in runs for k in r["total"]})
        rows.append(
            {
                "spammer_share": share,
                "labelers": dict(Counter(k for r in runs[:1] for k in r["total"].elements())),
                "accuracy_dawid_skene": round(statistics.mean(r["ds"] for r in runs), 4),
                "accuracy_dawid_skene_no_gold": round(statistics.mean(r["ds_no_gold"] for r in runs), 4),
                "accuracy_majority_vote": round(statistics.mean(r["mv"] for r in runs), 4),
                "ds_minus_mv_min": round(min(r["ds"] - r["mv"] for r in runs), 4),
                "paid": {k: f"{sum(r['paid'][k] for r in runs)}/{sum(r['total'][k] for r in runs)}" for k in kinds},
                "slashed": {
                    k: f"{sum(r['slashed'][k] for r in runs)}/{sum(r['total'][k] for r in runs)}" for k in kinds
                },
                "judge_cpu_s_median": round(statistics.median(r["judge_s"] for r in runs), 3),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    runs = [one_job(0.2, seed, falsify=0.5) for seed in SEEDS]
    kinds = sorted({k for r in runs for k in r["total"]})
    false_gold = {
        "spammer_share": 0.2,
        "falsified_share_of_gold": 0.5,
        "falsified": sum(r["falsified"] for r in runs),
        "disputed_falsified": sum(r["disputed_falsified"] for r in runs),
        "disputed_true": sum(r["disputed_true"] for r in runs),
        "paid": {k: f"{sum(r['paid'][k] for r in runs)}/{sum(r['total'][k] for r in runs)}" for k in kinds},
        "accuracy_dawid_skene": round(statistics.mean(r["ds"] for r in runs), 4),
    }
    print(json.dumps(false_gold), flush=True)
    result = {
        "setting": {
            "pool": POOL,
            "items": ITEMS,
            "gold_items": GOLD,
            "classes": len(CLASSES),
            "batch_size": BATCH,
            "replication": REPLICATION,
            "seeds": list(SEEDS),
            "labelers": "good 90 % right, mediocre 75 %, spammer uniform random, constant always the first class; "
            "spammers are two random to one constant",
            "accuracy": "share of the non-gold items whose aggregated label is the truth, mean over the seeds",
            "pay": "default LabelPolicy: unpaid when gold answers show accuracy below 70 % (exact binomial, 1 %); "
            "slashed when the spammer score is below 25 % with 20+ answers",
            "judge_cpu_s": "CPU seconds of oracles.labeling.job.judge_label_job (Dawid-Skene with gold + verdicts) "
            "for one job of 1,800 answers",
        },
        "rows": rows,
        "false_gold": false_gold,
        "false_gold_text": false_gold_text(),
        "crowd_kit": _version("crowd-kit"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu_started, 1),
        "load_average": round(os.getloadavg()[0], 1),  # the machine is shared: wall time depends on it
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(REPO)} in {result['seconds']} s")


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
