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

Requester input is only ever parsed, never executed, and is bounded before
it is parsed: at most ``MAX_SPEC_BYTES`` (64 KiB; the largest example spec is
under 2 KiB) and ``MAX_SPEC_DEPTH`` levels of nesting (the deepest spec
field is four levels down). YAML goes through a ``yaml.SafeLoader`` subclass
that rejects, before anything is constructed,

- aliases and anchors: a 424-byte spec of anchors that refer to anchors
  expands to hundreds of millions of nodes ("billion laughs"), and a job
  spec has no use for them;
- explicit tags (``!!binary``, ``!foo``): every spec field is a plain value;
- nesting deeper than ``MAX_SPEC_DEPTH`` (the composer recurses per level);
- the same key twice in a mapping (two parsers could otherwise keep
  different values and disagree on the hash).

JSON nesting is counted on the raw bytes before ``json.loads`` sees them, as
the C parser's only guard is the interpreter's recursion limit, which a
dependency (``py_ecc``) raises to 100,000.
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

from protocol.jobspec.errors import SpecError, brief
from protocol.jobspec.models import KINDS, ComputeSpec, JobSpec, LabelSpec, RenderSpec, TrainSpec, ZkSpec

MAX_SPEC_BYTES = 64 * 1024
MAX_SPEC_DEPTH = 16
Format = Literal["yaml", "json"]
AnySpec = RenderSpec | TrainSpec | ComputeSpec | LabelSpec | ZkSpec

_ADAPTER: TypeAdapter[AnySpec] = TypeAdapter(JobSpec)


class _StrictSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases, anchors, explicit tags, deep nesting and duplicate keys.

    The checks run on parser events, before a node is composed or a value
    constructed, so a hostile document costs no more than its bytes.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        where = event.start_mark
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise yaml.composer.ComposerError(
                None,
                None,
                "YAML anchors and aliases (&name, *name) are not accepted in a job spec; write every value out",
                where,
            )
        if event.tag is not None:
            raise yaml.composer.ComposerError(
                None, None, f"YAML tags ({brief(event.tag)}) are not accepted in a job spec; write plain values", where
            )
        if self._depth >= MAX_SPEC_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"the spec nests deeper than {MAX_SPEC_DEPTH} levels; no spec field is that deep", where
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {brief(key)}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {brief(key)}")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a spec may use")


def json_depth(raw: bytes, limit: int) -> int:
    """Deepest nesting of ``[``/``{`` in JSON bytes, counting stops once past ``limit``; strings are skipped.

    Runs before ``json.loads``, so a document of 60,000 ``[`` is refused without recursing once.
    """
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def load_document(text: str | bytes, fmt: Format | None = None) -> dict[str, Any]:
    """Parse spec text (YAML by default; JSON if ``fmt == "json"``) into a mapping.

    Bounded before parsing: at most ``MAX_SPEC_BYTES`` bytes and ``MAX_SPEC_DEPTH`` levels; YAML anchors,
    aliases and tags are refused. Every problem is a ``SpecError`` of bounded length.
    """
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError.single("", f"the spec is {len(raw):,} bytes; at most {MAX_SPEC_BYTES:,} are accepted")
    if fmt == "json" and json_depth(raw, MAX_SPEC_DEPTH) > MAX_SPEC_DEPTH:
        raise SpecError.single("", f"the spec nests deeper than {MAX_SPEC_DEPTH} levels; no spec field is that deep")
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
        raise SpecError.single("kind", f"unknown kind {brief(data['kind'])}; expected one of {', '.join(KINDS)}")
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
