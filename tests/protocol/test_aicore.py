"""protocol/aicore: work units, the quantile duration model (cold start and learned), advice, hardware matching."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
import yaml

from protocol.aicore.advice import MAX_TASK_S, MIN_TASK_S, advise
from protocol.aicore.estimate import COLD_RATES, DurationModel, shape_of
from protocol.aicore.hardware import meets, vram_bytes
from protocol.aicore.history import SPEEDS, samples_of, simulated_jobs, wall_time
from protocol.aicore.work import model_parameters, task_work
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec, load_spec_file, slice_tasks
from protocol.jobspec.catalogue import CnnSmall, Mlp, Resnet18Cifar
from protocol.jobspec.errors import SpecError
from protocol.jobspec.hardware import HardwareRequirements

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


@pytest.mark.parametrize(
    ("architecture", "parameters"),  # each counted by torch on worker_node.runtimes.train_child.build_model
    [
        (CnnSmall(name="cnn_small"), 94_762),
        (CnnSmall(name="cnn_small", width=16, depth=2, num_classes=7, in_channels=1), 5_079),
        (Mlp(name="mlp", input_dim=10, hidden=[32, 16], output_dim=3), 931),
        (Resnet18Cifar(name="resnet18_cifar"), 11_173_962),
        (Resnet18Cifar(name="resnet18_cifar", num_classes=100), 11_220_132),
    ],
)
def test_model_parameters__catalogue_architectures__torch_counts(architecture, parameters):
    assert model_parameters(architecture) == parameters


def test_task_work__render_tiles_and_frames__pixels_times_samples_times_frames():
    doc = yaml.safe_load((EXAMPLES / "render.yaml").read_text())
    doc["split"] = {"frames_per_task": 2, "tiles_x": 2, "tiles_y": 1}
    spec = load_spec(yaml.safe_dump(doc))
    task = slice_tasks(spec)[0]
    tile = task.params["tile"]
    pixels = (tile["max_x"] - tile["min_x"]) * (tile["max_y"] - tile["min_y"])
    assert task_work(spec, task) == pixels * spec.samples * 2
    assert pixels == spec.resolution_x * spec.resolution_y // 2


def test_cold_rates__benchmark_numbers__match_the_results_files():
    worker = json.loads((REPO / "benchmarks" / "results" / "worker.json").read_text())
    render = worker["render"]
    rx, ry = render["resolution"]
    assert COLD_RATES["render"][0] == pytest.approx(render["compute_s_median"] / (rx * ry * render["samples"]))
    train = worker["train"]
    assert COLD_RATES["train"][1] == pytest.approx(train["child_startup_exit_s_median"])
    per_step = train["child_own_s_median"] / (
        train["steps"] * train["batch_size"] * model_parameters(CnnSmall(name="cnn_small"))
    )
    assert COLD_RATES["train"][0] == pytest.approx(per_step)
    aicore = json.loads((REPO / "benchmarks" / "results" / "aicore.json").read_text())
    # (re-measured by each benchmark run, on whatever load the machine has: the same order, not the same digits)
    measured = aicore["cold_rates"]["compute"]["seconds_per_iteration"]
    assert 1 / 3 < COLD_RATES["compute"][0] / measured < 3


def test_estimate__no_history__cold_start_rate_and_says_so():
    spec = load_spec_file(EXAMPLES / "render.yaml")
    shape = shape_of(spec)
    estimate = DurationModel().estimate(shape, [1.0] * 10)
    rate, start, _ = COLD_RATES["render"]
    assert estimate.task_s[1] == pytest.approx(start + shape.work * rate)
    assert estimate.wall_s[0] < estimate.wall_s[1] < estimate.wall_s[2]
    assert estimate.source.startswith("cold start")
    assert estimate.max_cost == spec.budget and 0 < estimate.cost <= spec.budget
    assert any("cold start" in line for line in estimate.lines())


def test_estimate__more_workers__shorter_wall_time_train_sequential_unchanged():
    model = DurationModel()
    render = shape_of(load_spec_file(EXAMPLES / "render.yaml"))
    assert model.estimate(render, [1.0] * 40).wall_s[1] < model.estimate(render, [1.0] * 10).wall_s[1]
    train = shape_of(load_spec_file(EXAMPLES / "train.yaml"))
    assert model.estimate(train, [1.0] * 40).wall_s[1] == pytest.approx(model.estimate(train, [1.0] * 10).wall_s[1])


def test_estimate__no_worker__clear_error():
    with pytest.raises(ValueError, match="no eligible worker"):
        DurationModel().estimate(shape_of(load_spec_file(EXAMPLES / "render.yaml")), [])


def test_duration_model__simulated_history__learned_beats_cold_start_on_held_out_jobs():
    jobs = simulated_jobs("render", 80, seed=5)
    train, held_out = jobs[:60], jobs[60:]
    model = DurationModel().fit(s for i, job in enumerate(train) for s in samples_of(job, i))
    assert model.source("render").startswith("learned from 600")

    def mdape(m: DurationModel) -> float:
        return statistics.median(
            abs(m.estimate(job.shape, SPEEDS).wall_s[1] / wall_time(job, 1_000 + i) - 1)
            for i, job in enumerate(held_out)
        )

    learned, cold = mdape(model), mdape(DurationModel())
    assert learned < 0.35 and learned < cold / 3


def test_advise__render__split_within_task_window_and_reward_from_rate():
    spec = load_spec_file(EXAMPLES / "render.yaml")
    model = DurationModel()
    advice = advise(spec, model, [1.0] * 20, budget=10**9 * TOKEN, tokens_per_second=0.01)
    assert advice.split is not None
    shaped = spec.model_copy(update={"split": spec.split.model_copy(update=advice.split)})
    task_s = float(model.task_seconds(shape_of(shaped), [1.0])[1, 0])
    assert MIN_TASK_S <= task_s <= MAX_TASK_S
    assert advice.reward_per_task == pytest.approx(0.01 * task_s * TOKEN, rel=0.01)
    assert advice.replication == 1


def test_advise__small_stakes__reward_capped_so_the_median_stake_covers_its_slash():
    from protocol.config import CommitteePolicy
    from protocol.result_manifest import job_slash

    spec = load_spec_file(EXAMPLES / "train.yaml")
    stakes = [60 * TOKEN, 60 * TOKEN, 60 * TOKEN]
    advice = advise(spec, DurationModel(), [1.0] * 5, budget=10**9 * TOKEN, tokens_per_second=1.0, stakes=stakes)
    slash = job_slash(CommitteePolicy(), spec.model_copy(update={"reward_per_task": advice.reward_per_task}))
    assert slash <= 60 * TOKEN and "capped" in advice.reward_note and "3 of 3" in advice.reward_note
    tiny = advise(spec, DurationModel(), [1.0] * 5, budget=10**9 * TOKEN, tokens_per_second=1.0, stakes=[1, 1, 1])
    assert "no reward makes its slash per fault fit" in tiny.reward_note and "0 of 3" in tiny.reward_note


def test_advise__small_budget__reward_cut_to_the_budget_and_says_so():
    spec = load_spec_file(EXAMPLES / "compute.yaml")
    advice = advise(spec, DurationModel(), [1.0] * 5, budget=TOKEN, tokens_per_second=1.0)
    assert advice.estimate.cost <= TOKEN and "budget" in advice.reward_note


def test_hardware_spec__unknown_field_or_bad_class__refused():
    doc = yaml.safe_load((EXAMPLES / "render.yaml").read_text())
    for bad in ({"gpu_class": "RTX 4090!"}, {"vram": 8}, {"min_vram_gb": -1}):
        with pytest.raises(SpecError):
            load_spec(yaml.safe_dump({**doc, "hardware": bad}))


GPU = {"gpus": [{"name": "NVIDIA GeForce RTX 4090", "vram_bytes": 24 * 2**30}]}


@pytest.mark.parametrize(
    ("requirements", "perf", "confirmed", "cls", "metadata", "ok"),
    [
        (None, None, True, "cpu", {}, True),  # no requirement: anyone, attested or not
        (HardwareRequirements(), None, True, "consumer", GPU, False),  # unattested: nothing measured
        (HardwareRequirements(min_perf_score=50), 40, True, "consumer", GPU, False),
        (HardwareRequirements(gpu_class="consumer", min_vram_gb=16), 40, True, "consumer", GPU, True),
        (HardwareRequirements(gpu_class="consumer", min_vram_gb=32), 40, True, "consumer", GPU, False),
        (HardwareRequirements(gpu_class="workstation"), 40, True, "consumer", GPU, False),
        (HardwareRequirements(gpu_class="consumer"), 200, True, "datacenter", GPU, True),  # a better class
        (HardwareRequirements(gpu_class="consumer"), 40, False, "consumer", GPU, False),  # sentries flagged it
    ],
)
def test_meets__requirements_against_measurements__only_what_the_sentries_confirm(
    requirements, perf, confirmed, cls, metadata, ok
):
    assert meets(requirements, perf, confirmed, cls, metadata) is ok


def test_vram_bytes__malformed_metadata__zero():
    assert [vram_bytes(m) for m in (None, {"gpus": "x"}, {"gpus": [{"vram_bytes": True}, {"vram_bytes": -5}]})] == [
        0,
        0,
        0,
    ]


def test_duration_text__sub_second_interval__ends_keep_two_significant_digits():
    from protocol.aicore.estimate import _duration

    assert [_duration(s) for s in (0.04, 0.26, 0.35, 2.46)] == ["0.04 s", "0.26 s", "0.35 s", "2.5 s"]
    assert [_duration(s) for s in (42.0, 130.0, 8_000.0)] == ["42 s", "2.2 min", "2.2 h"]
