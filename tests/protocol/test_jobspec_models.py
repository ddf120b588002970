"""Job spec validation: good specs pass, each bad spec gets a field-level error."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobspec_samples import CIDV0, DATASET_CID, DEADLINE, SCENE_CID, compute, render, train

from protocol.jobspec import ComputeSpec, RenderSpec, SpecError, TrainSpec, load_spec_file, parse_spec
from protocol.jobspec.cid import CIDError, validate_cid
from protocol.jobspec.models import MAX_TASKS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def issues_of(data) -> dict[str, str]:
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    return {issue.path: issue.message for issue in info.value.issues}


@pytest.mark.parametrize(
    ("name", "model", "num_tasks", "spot_checks"),
    [
        ("render.yaml", RenderSpec, 120, 22),
        ("train.yaml", TrainSpec, 8, 6),
        ("compute.yaml", ComputeSpec, 8, 0),
    ],
)
def test_examples__shipped_specs__validate(name, model, num_tasks, spot_checks):
    spec = load_spec_file(EXAMPLES / name)
    assert isinstance(spec, model)
    assert (spec.num_tasks, spec.spot_checks) == (num_tasks, spot_checks)
    assert spec.budget_needed == (num_tasks * spec.replication + spot_checks) * spec.reward_per_task
    assert spec.budget >= spec.budget_needed


def test_render__minimal__defaults_filled():
    spec = parse_spec(render())
    assert spec.num_tasks == 10
    assert spec.samples == 128 and spec.output_format == "PNG"
    assert spec.verification.method == "render" and spec.verification.crops == 4
    assert spec.verification.crop_size_bps == 2_000 and spec.verification.max_false_rejection == 1e-3
    # each task drawn with a chance of 10 %: the budget covers mean 1 + 3 sd = 3.85, so 4 checks
    assert spec.spot_checks == 4 and spec.budget_needed == 1_400  # (10 × 1 + 4 spot checks) × 100


def test_kind__unknown__error_on_kind():
    assert "unknown kind 'paint'" in issues_of(render(kind="paint"))["kind"]


def test_kind__missing__error_on_kind():
    data = render()
    del data["kind"]
    assert "missing" in issues_of(data)["kind"]


def test_frames__end_before_start__zero_frames_error():
    assert "zero frames" in issues_of(render(frame_start=5, frame_end=4))["frame_end"]


def test_frames__single_frame__one_task():
    assert parse_spec(render(frame_start=7, frame_end=7)).num_tasks == 1


def test_frames__beyond_scene__error_names_scene_length():
    message = issues_of(render(frame_end=300, scene_frame_count=250))["frame_end"]
    assert "beyond the scene" in message and "250" in message


def test_frames__last_scene_frame__accepted():
    assert (
        parse_spec(render(frame_end=250, scene_frame_count=250, budget=29_000)).num_tasks == 250
    )  # + 40 checks (25 + 3 sd)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("resolution_x", 100_000),
        ("resolution_y", 0),
        ("resolution_x", -1),
        ("resolution_y", 16_385),
        ("resolution_x", 15),
    ],
)
def test_resolution__absurd__error_on_that_axis(field, value):
    assert str(value) in issues_of(render(**{field: value}))[field]


def test_tiles__smaller_than_16px__error_on_tiles():
    assert "at least 16 px" in issues_of(render(split={"tiles_x": 41}))["split.tiles_x"]


@pytest.mark.parametrize("cid", ["", "hello", "bafyfoo", "QmTooShort", SCENE_CID.upper(), "z" + SCENE_CID[1:]])
def test_scene_cid__invalid__error_on_scene_cid(cid):
    assert "scene_cid" in issues_of(render(scene_cid=cid))


def test_scene_cid__missing__required_error():
    data = render()
    del data["scene_cid"]
    assert issues_of(data)["scene_cid"] == "required field is missing"


def test_dataset_cid__invalid__error_on_nested_path():
    data = train(dataset={"cid": "Qm" + "1" * 44, "format": "npz", "examples": 10})
    assert "dataset.cid" in issues_of(data)


@pytest.mark.parametrize("cid", [SCENE_CID, DATASET_CID, CIDV0])
def test_cid__v1_base32_and_v0__accepted(cid):
    assert validate_cid(cid) == cid


def test_cid__non_sha256_multihash__rejected():
    import base64

    raw = bytes([1, 0x55, 0x13, 0x40]) + bytes(64)  # sha2-512
    cid = "b" + base64.b32encode(raw).decode().lower().rstrip("=")
    with pytest.raises(CIDError, match="sha2-256"):
        validate_cid(cid)


def test_budget__short__error_says_by_how_much():
    message = issues_of(render(budget=1_399))["budget"]
    assert "(10 tasks × 1 replicas + 4 spot checks) × 100 reward_per_task = 1400" in message
    assert message.endswith("short by 1")


def test_budget__replicas_counted__short_by_replica_share():
    issues = issues_of(render(replication=2, verification={"method": "hash"}, budget=1_400))
    assert issues.keys() == {"budget"}
    assert "(10 tasks × 2 replicas + 4 spot checks)" in issues["budget"]
    assert issues["budget"].endswith("short by 1000")  # the second replica of each of the 10 tasks


def test_budget__spot_checks_counted__short_by_check_share():
    data = render(verification={"method": "render", "spot_check_bps": 2_500}, budget=1_000)  # pays 10 × 1 replica
    issues = issues_of(data)
    assert issues.keys() == {"budget"}
    # mean 2.5 + 3 sd (sqrt(10 × 0.25 × 0.75) = 1.37) = 6.6: 7 checks
    assert "(10 tasks × 1 replicas + 7 spot checks) × 100 reward_per_task = 1700" in issues["budget"]
    assert issues["budget"].endswith("short by 700")
    assert parse_spec({**data, "budget": 1_700}).spot_checks == 7


def test_budget__decimal_string__accepted_as_int():
    spec = parse_spec(render(reward_per_task="1_000000000000000000", budget="14000000000000000000"))
    assert spec.reward_per_task == 10**18 and spec.budget == 14 * 10**18


@pytest.mark.parametrize("budget", [1.5, True, "12x", 0, 2**128])
def test_budget__not_a_positive_amount__error_on_budget(budget):
    assert "budget" in issues_of(render(budget=budget))


def test_replication__above_five__error():
    assert "replication" in issues_of(render(replication=6))


def test_replication__render_policy_with_replicas__rejected():
    data = render(replication=2, budget=2_400)  # (10 × 2 + 4 spot checks) × 100: the budget is not the problem
    issues = issues_of(data)
    assert issues.keys() == {"replication"}
    assert "replication 2 needs the hash policy" in issues["replication"]
    spec = parse_spec({**data, "verification": {"method": "hash"}})
    assert (spec.replication, spec.verification.method, spec.budget_needed) == (2, "hash", 2_400)


def test_field__typo__unknown_field_error():
    assert "unknown field" in issues_of(render(frame_ends=3))["frame_ends"]


def test_field__bool_as_int__rejected():
    assert "frame_start" in issues_of(render(frame_start=True))


def test_errors__several_problems__all_reported():
    issues = issues_of(render(resolution_x=1, samples=0, scene_cid="nope"))
    assert {"resolution_x", "samples", "scene_cid"} <= issues.keys()


def test_deadline__iso_with_timezone__unix_seconds():
    assert parse_spec(render(deadline="2030-01-01T01:00:00+01:00")).deadline == DEADLINE


@pytest.mark.parametrize("deadline", ["2030-01-01T00:00:00", "next week", 2**40, -5])
def test_deadline__naive_or_bad__error_on_deadline(deadline):
    assert "deadline" in issues_of(render(deadline=deadline))


def test_verification__wrong_method_for_kind__error_on_method():
    assert "unknown method 'train'" in issues_of(render(verification={"method": "train"}))["verification.method"]


def test_verification__false_rejection_out_of_range__nested_path():
    issues = issues_of(render(verification={"method": "render", "max_false_rejection": 0.05}))
    assert "verification.max_false_rejection" in issues


def test_verification__old_psnr_threshold__unknown_field():
    issues = issues_of(render(verification={"method": "render", "psnr_min_db": 30}))
    assert "unknown field" in issues["verification.psnr_min_db"]


def test_render_check__crops_larger_than_their_cells__refused():
    issues = issues_of(render(verification={"method": "render", "crops": 4, "crop_size_bps": 6_000}))
    assert any("2 × 2 grid" in text and "at most 5000" in text for text in issues.values())


def test_render_check__too_few_pixels_to_tell_noise_from_cheating__refused():
    # 640×480 in 8×8 tiles of 80×60: 4 crops of 10 % are 8×6 px, 192 px in all
    spec = render(split={"tiles_x": 8, "tiles_y": 8}, verification={"method": "render", "crop_size_bps": 1_000})
    spec["budget"] = 10**9
    issues = issues_of(spec)
    assert (
        "only 192 px" in issues["verification.crop_size_bps"]
        and "at least 1024" in issues["verification.crop_size_bps"]
    )


def test_render_check__enough_pixels__accepted_and_counted():
    spec = parse_spec(render(split={"tiles_x": 2, "tiles_y": 2}, budget=10**9))
    assert spec.check_crop_box == (64, 48) and spec.check_pixels == 4 * 64 * 48


def test_verification__hash_without_replicas_or_checks__error():
    data = compute(replication=1, verification={"method": "hash", "spot_check_bps": 0}, budget=20)
    assert "nothing would be verified" in issues_of(data)["verification.spot_check_bps"]


def test_train__unknown_architecture__error_lists_catalogue():
    message = issues_of(train(architecture={"name": "my_code.py"}))["architecture.name"]
    assert "'mlp'" in message and "'resnet18_cifar'" in message


def test_train__pooling_does_not_fit__error_on_depth():
    data = train(architecture={"name": "cnn_small", "image_size": 36, "depth": 3})
    assert "multiple of 8" in issues_of(data)["architecture.depth"]


def test_train__pickle_dataset__rejected():
    assert "dataset.format" in issues_of(train(dataset={"cid": DATASET_CID, "format": "pickle", "examples": 9}))


def test_train__segments_not_on_checkpoints__error_on_steps_per_task():
    assert "multiple of" in issues_of(train(steps_per_task=55))["steps_per_task"]


def test_train__batch_larger_than_dataset__error_on_batch_size():
    assert "larger than the dataset" in issues_of(train(batch_size=5_000))["batch_size"]


def test_train__replay_more_segments_than_task_has__error():
    data = train(verification={"method": "train", "replay_segments": 6})
    assert "only 5" in issues_of(data)["verification.replay_segments"]


def test_train__nesterov_without_momentum__error():
    assert "optimizer.nesterov" in issues_of(train(optimizer={"name": "sgd", "nesterov": True}))


def test_train__counts__steps_and_tasks():
    spec = parse_spec(train(epochs=3, batch_size=30, steps_per_task=20, budget=90))  # 33 steps/epoch, 99 steps
    assert (spec.steps_per_epoch, spec.total_steps, spec.num_tasks) == (33, 99, 5)


def test_compute__block_larger_than_matrix__error_on_block():
    assert (
        "larger than the matrix"
        in issues_of(compute(kernel={"name": "matmul_blocked", "n": 8, "block": 16}))["kernel.block"]
    )


def test_compute__unknown_kernel__error_on_name():
    assert "kernel.name" in issues_of(compute(kernel={"name": "bitcoin_miner"}))


def test_compute__too_many_tasks__error():
    data = compute(kernel={"name": "sha256_chain", "chains": MAX_TASKS + 1, "length": 1}, items_per_task=1)
    assert "at most" in issues_of(data)[""]


def test_scene_path__escapes_directory__rejected():
    assert "scene_path" in issues_of(render(scene_path="../../etc/passwd.blend"))


def test_models__frozen__cannot_be_changed():
    spec = parse_spec(render())
    with pytest.raises(ValueError):
        spec.budget = 1  # type: ignore[misc]
