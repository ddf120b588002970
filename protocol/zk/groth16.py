"""Groth16 proofs as snarkjs writes them: bounded parsing, the Vyper verifier's call arguments, and an
off-chain check with py_ecc (what an oracle runs before it posts a proof on-chain).

A proof file comes from a worker, so it is parsed strictly: at most MAX_PROOF_BYTES, exactly the
snarkjs fields, every coordinate a decimal string below the base field modulus, affine points only.
`verify` rejects points off the curve or outside the G2 subgroup, public signals >= r, and a failed
pairing equation, the same answers the on-chain verifier gives (tests/protocol/test_zk_groth16.py).
It takes about 2 s in pure Python.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# BN254 (alt_bn128): the base field's modulus and the group order, as py_ecc and the EVM's precompiles define them
FIELD_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583
CURVE_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617

MAX_PROOF_BYTES = 4_096
MAX_PUBLIC_BYTES = 4_096
_DIGITS = 80  # a BN254 coordinate has at most 77 decimal digits


class ProofFormatError(ValueError):
    """A proof or public-signals file that is not a snarkjs Groth16 BN254 proof."""


@dataclass(frozen=True)
class Groth16Proof:
    a: tuple[int, int]
    b: tuple[tuple[int, int], tuple[int, int]]  # snarkjs order: ((x_real, x_imag), (y_real, y_imag))
    c: tuple[int, int]

    def call_args(self) -> tuple[list[int], list[list[int]], list[int]]:
        """(a, b, c) for `verify_proof`: G2 coordinates in the EVM's order, imaginary part first."""
        (x0, x1), (y0, y1) = self.b
        return [self.a[0], self.a[1]], [[x1, x0], [y1, y0]], [self.c[0], self.c[1]]

    def to_json(self) -> dict[str, Any]:
        return {
            "pi_a": [str(self.a[0]), str(self.a[1]), "1"],
            "pi_b": [[str(v) for v in self.b[0]], [str(v) for v in self.b[1]], ["1", "0"]],
            "pi_c": [str(self.c[0]), str(self.c[1]), "1"],
            "protocol": "groth16",
            "curve": "bn128",
        }


def _int(value: object, bound: int, what: str) -> int:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > _DIGITS:
        raise ProofFormatError(f"{what}: expected a decimal string")
    number = int(value)
    if number >= bound:
        raise ProofFormatError(f"{what}: {number} is not below the field modulus")
    return number


def _g1(raw: object, what: str) -> tuple[int, int]:
    if not isinstance(raw, list) or len(raw) != 3 or raw[2] != "1":
        raise ProofFormatError(f"{what}: expected an affine G1 point [x, y, '1']")
    return _int(raw[0], FIELD_MODULUS, what), _int(raw[1], FIELD_MODULUS, what)


def _load_json(data: bytes, limit: int, what: str) -> Any:
    if len(data) > limit:
        raise ProofFormatError(f"{what} file larger than {limit} bytes")
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProofFormatError(f"{what} is not JSON: {exc}") from exc


def parse_proof(data: bytes) -> Groth16Proof:
    raw = _load_json(data, MAX_PROOF_BYTES, "proof")
    if not isinstance(raw, dict) or set(raw) != {"pi_a", "pi_b", "pi_c", "protocol", "curve"}:
        raise ProofFormatError("proof must hold exactly pi_a, pi_b, pi_c, protocol, curve")
    if raw["protocol"] != "groth16" or raw["curve"] != "bn128":
        raise ProofFormatError("proof must be groth16 on bn128")
    pi_b = raw["pi_b"]
    if (
        not isinstance(pi_b, list)
        or len(pi_b) != 3
        or pi_b[2] != ["1", "0"]
        or not all(isinstance(row, list) and len(row) == 2 for row in pi_b[:2])
    ):
        raise ProofFormatError("pi_b: expected an affine G2 point [[x0, x1], [y0, y1], ['1', '0']]")
    b_point = (
        (_int(pi_b[0][0], FIELD_MODULUS, "pi_b"), _int(pi_b[0][1], FIELD_MODULUS, "pi_b")),
        (_int(pi_b[1][0], FIELD_MODULUS, "pi_b"), _int(pi_b[1][1], FIELD_MODULUS, "pi_b")),
    )
    return Groth16Proof(a=_g1(raw["pi_a"], "pi_a"), b=b_point, c=_g1(raw["pi_c"], "pi_c"))


def parse_public(data: bytes, n_public: int) -> list[int]:
    raw = _load_json(data, MAX_PUBLIC_BYTES, "public signals")
    if not isinstance(raw, list) or len(raw) != n_public:
        raise ProofFormatError(f"public signals must be a list of {n_public} decimal strings")
    return [_int(v, CURVE_ORDER, "public signal") for v in raw]


def _bn128() -> Any:
    """py_ecc's optimized BN254, imported on the first proof check, not with this module: importing py_ecc raises
    the interpreter's recursion limit to 100,000 (see protocol.stack_guard), so every service that imports the zk
    modules would serve with it. The limit in force before the import is put back."""
    limit = sys.getrecursionlimit()
    from py_ecc import optimized_bn128

    if sys.getrecursionlimit() > limit:
        sys.setrecursionlimit(limit)
    return optimized_bn128


def _vk_g1(bn: Any, raw: Sequence[str]) -> tuple[Any, Any, Any]:
    return bn.FQ(int(raw[0])), bn.FQ(int(raw[1])), bn.FQ.one()


def _vk_g2(bn: Any, raw: Sequence[Sequence[str]]) -> tuple[Any, Any, Any]:
    return bn.FQ2([int(raw[0][0]), int(raw[0][1])]), bn.FQ2([int(raw[1][0]), int(raw[1][1])]), bn.FQ2.one()


def verify(vkey: Mapping[str, Any], proof: Groth16Proof, public: Sequence[int]) -> bool:
    """The Groth16 check e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta), with every point checked."""
    if len(public) != int(vkey["nPublic"]) or any(not 0 <= s < CURVE_ORDER for s in public):
        return False
    bn = _bn128()
    fq, fq2 = bn.FQ, bn.FQ2
    a = (fq(proof.a[0]), fq(proof.a[1]), fq.one())
    c = (fq(proof.c[0]), fq(proof.c[1]), fq.one())
    b_pt = (fq2([proof.b[0][0], proof.b[0][1]]), fq2([proof.b[1][0], proof.b[1][1]]), fq2.one())
    if not (bn.is_on_curve(a, bn.b) and bn.is_on_curve(c, bn.b) and bn.is_on_curve(b_pt, bn.b2)):
        return False
    if not bn.is_inf(bn.multiply(b_pt, CURVE_ORDER)):  # G2 has cofactor != 1: B must lie in the subgroup
        return False
    vk_x = _vk_g1(bn, vkey["IC"][0])
    for s, point in zip(public, vkey["IC"][1:], strict=True):
        vk_x = bn.add(vk_x, bn.multiply(_vk_g1(bn, point), s))
    # e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) == 1: four Miller loops, one final exponentiation
    product = (
        bn.pairing(b_pt, bn.neg(a), final_exponentiate=False)
        * bn.pairing(_vk_g2(bn, vkey["vk_beta_2"]), _vk_g1(bn, vkey["vk_alpha_1"]), final_exponentiate=False)
        * bn.pairing(_vk_g2(bn, vkey["vk_gamma_2"]), vk_x, final_exponentiate=False)
        * bn.pairing(_vk_g2(bn, vkey["vk_delta_2"]), c, final_exponentiate=False)
    )
    return bool(bn.final_exponentiate(product) == bn.FQ12.one())
