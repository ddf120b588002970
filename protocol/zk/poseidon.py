"""Poseidon over BN254 exactly as circomlib's `Poseidon(16)` template computes it, and the
`PoseidonChain` commitment the zk catalogue circuits use (zk/circuits/).

The circuits commit to weights, inputs and outputs with Poseidon so a commitment is cheap inside the
proof; the requester, the worker and the oracles compute the same commitments here, in Python, from the
same data. The round constants are circomlib 2.0.5's (`poseidon_constants.circom`, width t = 17),
copied once into `poseidon_t17.json` by `scripts/zk_setup.py constants`; the rounds below mirror
`PoseidonEx` line by line (the optimised form with the sparse S and P matrices).
`tests/protocol/test_zk_circuit.py` checks these hashes against the circuit's own witness.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

# The BN254 scalar field: every circuit signal is an element of it.
FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617
WIDTH = 17  # state width: 16 inputs + the initial state
RATE = 15  # words absorbed per call in chain_hash (one state word carries the chain)
N_ROUNDS_F = 8
N_ROUNDS_P = 68  # circomlib's N_ROUNDS_P[t - 2] for t = 17
CONSTANTS_FILE = Path(__file__).with_name("poseidon_t17.json")


@cache
def _constants() -> tuple[list[int], list[int], list[list[int]], list[list[int]]]:
    raw = json.loads(CONSTANTS_FILE.read_text())
    c = [int(x, 16) for x in raw["C"]]
    s = [int(x, 16) for x in raw["S"]]
    m = [[int(x, 16) for x in raw["M"][i * WIDTH : (i + 1) * WIDTH]] for i in range(WIDTH)]
    p = [[int(x, 16) for x in raw["P"][i * WIDTH : (i + 1) * WIDTH]] for i in range(WIDTH)]
    if len(c) != WIDTH * N_ROUNDS_F + N_ROUNDS_P or len(s) != N_ROUNDS_P * (2 * WIDTH - 1):
        raise ValueError(f"{CONSTANTS_FILE}: wrong constant counts; rerun scripts/zk_setup.py constants")
    return c, s, m, p


def _mix(state: list[int], matrix: list[list[int]]) -> list[int]:
    q = FIELD_MODULUS
    return [sum(matrix[j][i] * state[j] for j in range(WIDTH)) % q for i in range(WIDTH)]


def _sbox_all(state: list[int]) -> list[int]:
    q = FIELD_MODULUS
    return [pow(x, 5, q) for x in state]


def _ark(state: list[int], c: list[int], offset: int) -> list[int]:
    q = FIELD_MODULUS
    return [(x + c[offset + i]) % q for i, x in enumerate(state)]


def poseidon16(inputs: Sequence[int]) -> int:
    """circomlib `Poseidon(16)`: 16 field elements in, one out."""
    if len(inputs) != WIDTH - 1:
        raise ValueError(f"poseidon16 takes {WIDTH - 1} inputs, got {len(inputs)}")
    q = FIELD_MODULUS
    if any(not 0 <= x < q for x in inputs):
        raise ValueError("poseidon16: every input must be a field element (0 <= x < the BN254 scalar modulus)")
    c, s, m, p = _constants()
    t, half = WIDTH, N_ROUNDS_F // 2
    state = _ark([0, *inputs], c, 0)
    for r in range(half - 1):
        state = _mix(_ark(_sbox_all(state), c, (r + 1) * t), m)
    state = _mix(_ark(_sbox_all(state), c, half * t), p)
    for r in range(N_ROUNDS_P):
        first = (pow(state[0], 5, q) + c[(half + 1) * t + r]) % q
        row = (2 * t - 1) * r
        head = (s[row] * first + sum(s[row + i] * state[i] for i in range(1, t))) % q
        state = [head] + [(state[i] + first * s[row + t + i - 1]) % q for i in range(1, t)]
    for r in range(half - 1):
        state = _mix(_ark(_sbox_all(state), c, (half + 1) * t + N_ROUNDS_P + r * t), m)
    state = _sbox_all(state)
    return sum(m[j][0] * state[j] for j in range(t)) % q


def chain_hash(words: Sequence[int]) -> int:
    """The circuits' `PoseidonChain(n)`: state = n, then state = Poseidon16(state, next 15 words),
    the last chunk zero padded. The length in the first state keeps different lengths apart."""
    if not words:
        raise ValueError("chain_hash needs at least one word")
    state = len(words)
    for start in range(0, len(words), RATE):
        chunk = list(words[start : start + RATE])
        chunk += [0] * (RATE - len(chunk))
        state = poseidon16([state, *chunk])
    return state
