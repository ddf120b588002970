"""Spec text in, model out; model in, canonical bytes and ``spec_hash`` out.

Every oracle must derive the same ``spec_hash`` (the bytes32 that
``JobEscrow.create_job`` stores) from the same spec, however it was written:
YAML or JSON, any key order, defaults omitted or spelled out. So the hash is
taken over *canonical bytes* of the validated model, not over the uploaded
text:

- UTF-8 JSON, object keys sorted, no whitespace, every default filled in;
- integers as exact decimal integers (amounts can exceed 2**53);
- floats in ECMAScript's shortest round-trip form (as RFC 8785 / JCS), so an
  integral float is written as an integer (``30.0`` → ``30``) and ``1e-8``
  as ``1e-8``; NaN and infinities never reach here (the models reject them);
- strings escaped as JSON with non-ASCII characters kept as UTF-8.

Requester input is only ever parsed, never executed: YAML goes through a
``yaml.SafeLoader`` subclass that also rejects duplicate keys (two parsers
could otherwise keep different values and disagree on the hash).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from eth_utils import keccak
from pydantic import TypeAdapter, ValidationError

from protocol.jobspec.errors import SpecError
from protocol.jobspec.models import KINDS, ComputeSpec, JobSpec, RenderSpec, TrainSpec

MAX_SPEC_BYTES = 64 * 1024
Format = Literal["yaml", "json"]
AnySpec = RenderSpec | TrainSpec | ComputeSpec

_ADAPTER: TypeAdapter[AnySpec] = TypeAdapter(JobSpec)


class _StrictSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a spec may use")


def load_document(text: str | bytes, fmt: Format | None = None) -> dict[str, Any]:
    """Parse spec text (YAML by default; JSON if ``fmt == "json"``) into a mapping."""
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError.single("", f"the spec is {len(raw):,} bytes; at most {MAX_SPEC_BYTES:,} are accepted")
    try:
        if fmt == "json":
            data = json.loads(raw, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
        else:
            data = yaml.load(raw, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except (ValueError, yaml.YAMLError, TypeError, RecursionError) as exc:
        raise SpecError.single("", f"cannot parse the spec as {fmt or 'YAML'}: {exc}") from None
    if not isinstance(data, dict):
        raise SpecError.single("", f"a job spec is a mapping of fields (kind, name, ...), not {type(data).__name__}")
    return data


def parse_spec(data: Mapping[str, Any]) -> AnySpec:
    """Validate a mapping into a spec model; raises SpecError with every field-level problem."""
    if "kind" not in data:
        raise SpecError.single("kind", f"required field is missing; one of {', '.join(KINDS)}")
    if data["kind"] not in KINDS:
        raise SpecError.single("kind", f"unknown kind {data['kind']!r}; expected one of {', '.join(KINDS)}")
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        raise SpecError.from_validation_error(exc) from None


def load_spec(text: str | bytes, fmt: Format | None = None) -> AnySpec:
    """Parse and validate spec text."""
    return parse_spec(load_document(text, fmt))


def load_spec_file(path: str | Path) -> AnySpec:
    """Read and validate a spec file; ``.json`` files are read as JSON, anything else as YAML."""
    path = Path(path)
    fmt: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError.single("", f"cannot read {path}: {exc.strerror or exc}") from None
    return load_spec(raw, fmt)


# --------------------------------------------------------------------------- canonical bytes


def _number(value: float) -> str:
    """ECMAScript Number::toString of a finite float (shortest round-trip digits)."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    assert isinstance(exponent, int)
    point = exponent + len("".join(map(str, digit_tuple)))  # position of the decimal point
    k = len(digits)
    if k <= point <= 21:
        text = digits + "0" * (point - k)
    elif 0 < point <= 21:
        text = f"{digits[:point]}.{digits[point:]}"
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        e = point - 1
        mantissa = digits[0] + (f".{digits[1:]}" if k > 1 else "")
        text = f"{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"
    return sign + text


def _encode(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items())
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_encode(v)}" for k, v in items) + "}"
    raise TypeError(f"cannot encode {type(value).__name__} canonically")


def canonical_bytes(spec: AnySpec) -> bytes:
    """The spec's canonical JSON bytes (every default filled in); valid spec JSON themselves."""
    return _encode(spec.model_dump(mode="json")).encode("utf-8")


def spec_hash(spec: AnySpec) -> bytes:
    """keccak256 of the canonical bytes: the ``spec_hash`` stored by ``JobEscrow.create_job``."""
    return keccak(canonical_bytes(spec))


def spec_hash_hex(spec: AnySpec) -> str:
    return "0x" + spec_hash(spec).hex()
