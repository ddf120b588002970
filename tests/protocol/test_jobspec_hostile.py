"""Hostile job specs: anyone can submit one to every oracle, so each is refused cheaply, with a short
error, before it can cost memory or time.

Found on main: a 424-byte YAML of anchors that refer to anchors expanded to hundreds of millions of
nodes and its error message formatted the whole value; amounts took other scripts' digits
('١٢٣' became 123); slicing the largest allowed spec built a million tasks up front.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest
import yaml
from jobspec_samples import DEADLINE, alias_bomb, compute, nested_yaml, render, train

from protocol.jobspec import SpecError, load_spec, parse_spec, slice_tasks
from protocol.jobspec.canonical import MAX_SPEC_DEPTH
from protocol.jobspec.errors import MAX_ISSUES, MAX_MESSAGE_CHARS
from protocol.jobspec.models import MAX_TASKS

MAX_ERROR_CHARS = (MAX_ISSUES + 1) * (MAX_MESSAGE_CHARS + 140)  # every listed issue with its path


def spec_error(text: str, fmt: str | None = None) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec(text, fmt)  # type: ignore[arg-type]
    return info.value


# --------------------------------------------------------------------------- YAML aliases and tags


def test_load_spec__billion_laughs_yaml__refused_before_expansion():
    bomb = alias_bomb(levels=9)  # 9 ** 9 = 387 million strings once expanded
    assert len(bomb) == 424

    error = spec_error(bomb)

    assert "anchors and aliases" in str(error)
    assert len(str(error)) < 1_000


def test_load_spec__one_alias_in_a_valid_spec__refused():
    text = yaml.safe_dump(compute(name="shared")).replace("name: shared", "name: &n shared") + "tag_again: *n\n"

    error = spec_error(text)

    assert "anchors and aliases" in str(error)


@pytest.mark.parametrize("tag", ["!!binary aGk=", "!!str test", "!custom x", "!!python/object:os.system x"])
def test_load_spec__explicit_yaml_tag__refused(tag):
    text = yaml.safe_dump(compute()).replace("name: test compute", f"name: {tag}")

    error = spec_error(text)

    assert "YAML tags" in str(error)


# --------------------------------------------------------------------------- depth and size


def test_load_spec__yaml_nested_past_depth_cap__refused_with_depth_message():
    error = spec_error(nested_yaml(MAX_SPEC_DEPTH + 1))

    assert f"nests deeper than {MAX_SPEC_DEPTH} levels" in str(error)


@pytest.mark.parametrize("depth", [MAX_SPEC_DEPTH + 1, 32_000])
def test_load_spec__json_nested_past_depth_cap__refused_before_json_parser(depth):
    text = json.dumps(compute())[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"

    error = spec_error(text, "json")

    assert f"nests deeper than {MAX_SPEC_DEPTH} levels" in str(error)


def test_load_spec__brackets_inside_json_strings__not_counted_as_depth():
    spec = load_spec(json.dumps(compute(name='[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{ \\" [[[[')), "json")

    assert spec.name.startswith("[[[[")


def test_spec_error__huge_value_quoted__message_bounded():
    error = spec_error(yaml.safe_dump(compute(kind="x" * 60_000), width=10**6))

    assert "unknown kind 'xxx" in str(error)
    assert len(str(error)) < 1_000


def test_spec_error__thousands_of_problems__issues_listed_capped():
    data = compute(**{f"unknown_{i}": i for i in range(3_000)})

    with pytest.raises(SpecError) as info:
        parse_spec(data)

    assert len(info.value.issues) == MAX_ISSUES + 1
    assert info.value.issues[-1].message == f"... and {3_000 - MAX_ISSUES} more problems"
    assert len(str(info.value)) < MAX_ERROR_CHARS


# --------------------------------------------------------------------------- ASCII numbers

OTHER_DIGITS = {
    "arabic-indic": "١٢٣",
    "extended arabic-indic": "۱۲۳",
    "fullwidth": "１２３",
    "devanagari": "१२३",
    "superscript": "¹²³",
}


@pytest.mark.parametrize("digits", OTHER_DIGITS.values(), ids=OTHER_DIGITS.keys())
def test_amount__other_scripts_digits__refused(digits):
    with pytest.raises(SpecError) as info:
        parse_spec(compute(reward_per_task=digits))

    assert info.value.paths == ["reward_per_task"]
    assert "ASCII digits 0-9" in str(info.value)


@pytest.mark.parametrize("text", ["1__000", "_1000", "1000_", "1 000", "0x10", "+5", "5.0", "9" * 81])
def test_amount__malformed_ascii_text__refused(text):
    with pytest.raises(SpecError) as info:
        parse_spec(compute(reward_per_task=text))

    assert info.value.paths == ["reward_per_task"]


def test_amount__ascii_digits_with_separators__accepted():
    assert parse_spec(compute(reward_per_task="5", budget="1_000_000")).budget == 1_000_000


@pytest.mark.parametrize("digits", OTHER_DIGITS.values(), ids=OTHER_DIGITS.keys())
def test_deadline__other_scripts_digits__refused(digits):
    with pytest.raises(SpecError) as info:
        parse_spec(compute(deadline=digits * 3))

    assert info.value.paths == ["deadline"]


def test_deadline__other_scripts_digits_in_iso_datetime__refused():
    with pytest.raises(SpecError) as info:
        parse_spec(compute(deadline="٢٠٣٠-01-31T12:00:00Z"))

    assert info.value.paths == ["deadline"]


def test_deadline__ascii_seconds_text__accepted():
    assert parse_spec(compute(deadline=str(DEADLINE))).deadline == DEADLINE


@pytest.mark.parametrize("text", ["٠.١", "０.１", "0_1", "0x1", "nan", "1e", True])
def test_float__not_ascii_decimal_notation__refused(text):
    with pytest.raises(SpecError) as info:
        parse_spec(train(optimizer={"name": "sgd", "lr": text}))

    assert info.value.paths == ["optimizer.lr"]


@pytest.mark.parametrize(("text", "value"), [("1e-3", 0.001), ("0.5", 0.5), (".5", 0.5), (1, 1.0)])
def test_float__ascii_decimal_notation__accepted(text, value):
    assert parse_spec(train(optimizer={"name": "sgd", "lr": text})).optimizer.lr == value


# --------------------------------------------------------------------------- slicing at the task bound


def largest_render():
    """A render spec at MAX_TASKS: 15,625 frames of 8 x 8 tiles."""
    frames = MAX_TASKS // 64
    spec = parse_spec(
        render(
            frame_start=0,
            frame_end=frames - 1,
            resolution_x=1024,
            resolution_y=1024,
            split={"tiles_x": 8, "tiles_y": 8},
            budget=10**12,
        )
    )
    assert spec.num_tasks == MAX_TASKS
    return spec


def test_slice_tasks__largest_allowed_spec__no_task_built_up_front():
    spec = largest_render()
    tracemalloc.start()
    try:
        tasks = slice_tasks(spec)
        last = tasks[MAX_TASKS - 1]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(tasks) == MAX_TASKS
    assert peak < 1024 * 1024  # a list of a million tasks held ~700 MiB
    assert last.index == MAX_TASKS - 1
    assert last.params["frames"] == [MAX_TASKS // 64 - 1]
    assert last.outputs == (f"frame_{MAX_TASKS // 64 - 1:07d}_tile_07_07.png",)


def test_slice_tasks__random_access__same_as_walking_in_order():
    spec = parse_spec(
        render(
            frame_start=3,
            frame_end=40,
            frame_step=3,
            split={"frames_per_task": 4, "tiles_x": 2, "tiles_y": 3},
            budget=10**6,
        )
    )
    tasks = slice_tasks(spec)
    walked = [task.to_json() for task in tasks]

    assert [tasks[i].to_json() for i in reversed(range(len(tasks)))] == walked[::-1]
    assert [t.to_json() for t in tasks[2:5]] == walked[2:5]
    assert tasks[-1].to_json() == walked[-1]
    with pytest.raises(IndexError):
        tasks[len(tasks)]
