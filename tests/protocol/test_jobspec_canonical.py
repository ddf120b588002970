"""Canonical bytes and spec_hash: the same spec written any way hashes the same."""

from __future__ import annotations

import json

import pytest
import yaml
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st
from jobspec_samples import compute, render, train

from protocol.jobspec import SpecError, canonical_bytes, load_spec, parse_spec, spec_hash, spec_hash_hex
from protocol.jobspec.canonical import MAX_SPEC_BYTES, _number

RENDER_YAML = """
kind: render
name: test render
scene_cid: bafybeigdcs62mrnwbryy6sgavwcfskbcidrugoe4rii7kgsoj5tikulkie
frame_start: 1
frame_end: 10
resolution_x: 640
resolution_y: 480
reward_per_task: 100
budget: 1_400
deadline: 2030-01-01T00:00:00Z
"""


def test_spec_hash__yaml_and_json__same_hash():
    from_yaml = load_spec(RENDER_YAML)
    from_json = load_spec(json.dumps(render()), "json")
    assert spec_hash(from_yaml) == spec_hash(from_json)


def test_spec_hash__key_order__same_hash():
    data = render()
    reordered = dict(reversed(list(data.items())))
    assert spec_hash(parse_spec(data)) == spec_hash(parse_spec(reordered))


def test_spec_hash__defaults_spelled_out__same_hash():
    explicit = render(
        spec_version=1,
        replication=1,
        samples=128,
        engine="CYCLES",
        output_format="PNG",
        frame_step=1,
        split={"frames_per_task": 1, "tiles_x": 1, "tiles_y": 1},
        max_payees=65_536,
        verification={
            "method": "render",
            "spot_check_bps": 1000,
            "crops": 4,
            "crop_size_bps": 2000,
            "max_false_rejection": 0.001,
        },
    )
    assert spec_hash(parse_spec(explicit)) == spec_hash(parse_spec(render()))


def test_spec_hash__float_written_as_int__same_hash():
    a = parse_spec(train(optimizer={"name": "sgd", "lr": 1}))
    b = parse_spec(train(optimizer={"name": "sgd", "lr": 1.0}))
    assert spec_hash(a) == spec_hash(b)
    assert b'"lr":1,' in canonical_bytes(b) or b'"lr":1}' in canonical_bytes(b)


def test_spec_hash__float_in_exponent_form__same_hash():
    a = parse_spec(render(verification={"method": "render", "max_false_rejection": 1e-4}))
    b = parse_spec(render(verification={"method": "render", "max_false_rejection": 0.0001}))
    assert spec_hash(a) == spec_hash(b)


def test_spec_hash__amount_as_string__same_hash():
    assert spec_hash(parse_spec(render(budget="1400"))) == spec_hash(parse_spec(render(budget=1400)))


def test_spec_hash__one_field_changed__different_hash():
    assert spec_hash(parse_spec(render())) != spec_hash(parse_spec(render(samples=129)))


def test_spec_hash__is_keccak_of_canonical_bytes():
    spec = parse_spec(train())
    assert spec_hash(spec) == keccak(canonical_bytes(spec))
    assert spec_hash_hex(spec) == "0x" + keccak(canonical_bytes(spec)).hex()
    assert len(spec_hash(spec)) == 32


def test_canonical__bytes__sorted_compact_with_defaults():
    raw = canonical_bytes(parse_spec(compute()))
    assert b" " not in raw.replace(b"test compute", b"")
    obj = json.loads(raw)
    assert list(obj) == sorted(obj)
    assert obj["verification"] == {"method": "hash", "spot_check_bps": 1000}
    assert obj["spec_version"] == 1


@pytest.mark.parametrize("make", [render, train, compute])
def test_canonical__bytes_reparsed__same_bytes(make):
    spec = parse_spec(make())
    assert canonical_bytes(load_spec(canonical_bytes(spec), "json")) == canonical_bytes(spec)


def test_canonical__small_float__ecmascript_exponent():
    spec = parse_spec(train(optimizer={"name": "adam", "eps": 1e-8, "lr": 3e-4}))
    raw = canonical_bytes(spec)
    assert b'"eps":1e-8' in raw and b'"lr":0.0003' in raw


def test_canonical__yaml_exponent_without_dot__parsed_as_float():
    text = yaml.safe_dump(train()).replace("lr: 0.1", "lr: 1e-3")
    assert load_spec(text).optimizer.lr == 0.001


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number__any_finite_float__round_trips(value):
    text = _number(value)
    assert float(text) == value
    assert "e+0" not in text and "e-0" not in text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.1, "0.1"),
        (1e-7, "1e-7"),
        (1e-6, "0.000001"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (-2.5, "-2.5"),
        (123.456, "123.456"),
        (0.0, "0"),
        (-0.0, "0"),
    ],
)
def test_number__known_values__ecmascript_form(value, text):
    assert _number(value) == text


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("kind: render\nkind: train\n", None),
        ('{"kind": "render", "kind": "train"}', "json"),
    ],
)
def test_load__duplicate_key__rejected(text, fmt):
    with pytest.raises(SpecError, match="duplicate key"):
        load_spec(text, fmt)


def test_load__python_object_tag__never_constructed():
    with pytest.raises(SpecError, match="cannot parse"):
        load_spec("!!python/object/apply:os.system ['echo pwned']\n")


@pytest.mark.parametrize("text", ["- a list\n", "just a string\n", "", "{"])
def test_load__not_a_mapping__error(text):
    with pytest.raises(SpecError):
        load_spec(text)


def test_load__json_nan__rejected():
    with pytest.raises(SpecError, match="NaN"):
        load_spec('{"kind": "render", "budget": NaN}', "json")


def test_load__oversized__rejected():
    with pytest.raises(SpecError, match="at most"):
        load_spec("name: " + "x" * MAX_SPEC_BYTES)
