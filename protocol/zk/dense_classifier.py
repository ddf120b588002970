"""The `dense_classifier` catalogue circuit's data side: the quantized model, its inputs, plain
inference, the Poseidon commitments and the witness input, all exactly as zk/circuits/
dense_classifier.circom computes them.

Fixed point: pixels are 4-bit (0..15), weights int8, biases int16; logits are exact integers
(|logit| < 2^18), the label is the argmax with ties going to the lowest index. An 8x8 input is a
28x28 grey image padded to 32x32 and averaged over 4x4 blocks (the UCI optical digits' own
reduction), so a task's batch of 4 images is 256 pixels and the circuit stays at ~12k constraints
(a 2^14 powers of tau; a 28x28 input would be 12x the multiplications and range checks).

Models and inputs travel as .npz files (no pickles): a model has `weight` (int8, n_out x n_in) and
`bias` (int16, n_out); an input batch has `pixels` (uint8, batch x n_in, each 0..15).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import numpy as np

from protocol.zk.catalogue import DENSE_CLASSIFIER, ZkCircuit
from protocol.zk.poseidon import FIELD_MODULUS, chain_hash

W_BITS, B_BITS, P_BITS = 8, 16, 4
LOGIT_OFFSET = 1 << 18
LOGIT_BITS = 20
WEIGHTS_PER_WORD, BIASES_PER_WORD, PIXELS_PER_WORD, LOGITS_PER_WORD = 31, 15, 32, 12
MAX_NPZ_BYTES = 1 << 20  # a model of this catalogue entry is < 10 KB; refuse anything far larger


class ZkDataError(ValueError):
    """A model or input file that does not fit the circuit; the message says which field and why."""


@dataclass(frozen=True)
class QuantizedDense:
    weight: np.ndarray  # int8 [n_out, n_in]
    bias: np.ndarray  # int16 [n_out]


def _pack(values: list[int], bits: int, per: int) -> list[int]:
    words = []
    for start in range(0, len(values), per):
        word = 0
        for k, v in enumerate(values[start : start + per]):
            if not 0 <= v < 1 << bits:
                raise ZkDataError(f"value {v} does not fit {bits} bits")
            word |= v << (bits * k)
        words.append(word)
    return words


def check_model(model: QuantizedDense, circuit: ZkCircuit = DENSE_CLASSIFIER) -> None:
    if model.weight.shape != (circuit.n_out, circuit.n_in) or model.weight.dtype != np.int8:
        raise ZkDataError(f"weight must be int8 of shape ({circuit.n_out}, {circuit.n_in})")
    if model.bias.shape != (circuit.n_out,) or model.bias.dtype != np.int16:
        raise ZkDataError(f"bias must be int16 of shape ({circuit.n_out},)")


def check_pixels(pixels: np.ndarray, circuit: ZkCircuit = DENSE_CLASSIFIER) -> None:
    if pixels.shape != (circuit.batch, circuit.n_in) or pixels.dtype != np.uint8:
        raise ZkDataError(f"pixels must be uint8 of shape ({circuit.batch}, {circuit.n_in})")
    if int(pixels.max(initial=0)) >= 1 << P_BITS:
        raise ZkDataError(f"pixels must be {P_BITS}-bit (0..15)")


def weights_hash(model: QuantizedDense) -> int:
    check_model(model)
    w = [int(x) + (1 << (W_BITS - 1)) for x in model.weight.reshape(-1)]
    b = [int(x) + (1 << (B_BITS - 1)) for x in model.bias]
    return chain_hash(_pack(w, W_BITS, WEIGHTS_PER_WORD) + _pack(b, B_BITS, BIASES_PER_WORD))


def input_hash(pixels: np.ndarray) -> int:
    check_pixels(pixels)
    return chain_hash(_pack([int(x) for x in pixels.reshape(-1)], P_BITS, PIXELS_PER_WORD))


def infer(model: QuantizedDense, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Plain integer inference: (logits int64 [batch, n_out], labels int64 [batch])."""
    check_model(model)
    check_pixels(pixels)
    logits = pixels.astype(np.int64) @ model.weight.astype(np.int64).T + model.bias.astype(np.int64)
    return logits, np.argmax(logits, axis=1)  # argmax: the first maximum, as the circuit


def output_hash(logits: np.ndarray, labels: np.ndarray) -> int:
    shifted = [int(x) + LOGIT_OFFSET for x in logits.reshape(-1)]
    return chain_hash(_pack(shifted, LOGIT_BITS, LOGITS_PER_WORD) + _pack([int(x) for x in labels], P_BITS, 60))


def witness_input(model: QuantizedDense, pixels: np.ndarray, job_id: int, task_index: int) -> dict[str, object]:
    """The circuit's input signals as snarkjs reads them (decimal strings; negatives as p - |x|)."""
    check_model(model)
    check_pixels(pixels)
    if not 0 <= job_id < FIELD_MODULUS or not 0 <= task_index < FIELD_MODULUS:
        raise ZkDataError("job_id and task_index must be field elements")

    def felt(x: int) -> str:
        return str(int(x) % FIELD_MODULUS)

    return {
        "weight": [[felt(x) for x in row] for row in model.weight],
        "bias": [felt(x) for x in model.bias],
        "pixel": [[felt(x) for x in row] for row in pixels],
        "job_id": str(job_id),
        "task_index": str(task_index),
    }


def public_signals(model: QuantizedDense, pixels: np.ndarray, job_id: int, task_index: int) -> list[int]:
    """The public signals an honest proof carries, in snarkjs order."""
    logits, labels = infer(model, pixels)
    return [weights_hash(model), input_hash(pixels), output_hash(logits, labels), job_id, task_index]


def downsample(image: np.ndarray) -> np.ndarray:
    """A 28x28 grey image (0..255) to 64 4-bit pixels: pad to 32x32, average 4x4 blocks, scale to 0..15."""
    if image.shape != (28, 28):
        raise ZkDataError("downsample takes a 28x28 image")
    padded = np.zeros((32, 32), dtype=np.float64)
    padded[2:30, 2:30] = np.clip(image, 0, 255)
    blocks = padded.reshape(8, 4, 8, 4).mean(axis=(1, 3))
    return np.rint(blocks * 15 / 255).astype(np.uint8).reshape(-1)


def _read_npz(data: bytes, fields: dict[str, tuple[type, tuple[int, ...]]]) -> dict[str, np.ndarray]:
    if len(data) > MAX_NPZ_BYTES:
        raise ZkDataError(f"npz file larger than {MAX_NPZ_BYTES} bytes")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            if set(npz.files) != set(fields):
                raise ZkDataError(f"npz must hold exactly {sorted(fields)}, holds {sorted(npz.files)}")
            out = {name: npz[name] for name in fields}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        if isinstance(exc, ZkDataError):
            raise
        raise ZkDataError(f"not a readable npz file: {exc}") from exc
    for name, (dtype, shape) in fields.items():
        if out[name].dtype != dtype or out[name].shape != shape:
            raise ZkDataError(f"{name} must be {np.dtype(dtype).name} of shape {shape}")
    return out


def load_model(data: bytes, circuit: ZkCircuit = DENSE_CLASSIFIER) -> QuantizedDense:
    arrays = _read_npz(data, {"weight": (np.int8, (circuit.n_out, circuit.n_in)), "bias": (np.int16, (circuit.n_out,))})
    return QuantizedDense(weight=arrays["weight"], bias=arrays["bias"])


def load_pixels(data: bytes, circuit: ZkCircuit = DENSE_CLASSIFIER) -> np.ndarray:
    pixels = _read_npz(data, {"pixels": (np.uint8, (circuit.batch, circuit.n_in))})["pixels"]
    check_pixels(pixels, circuit)
    return pixels


def load_inputs(data: bytes, samples: int, circuit: ZkCircuit = DENSE_CLASSIFIER) -> np.ndarray:
    """A zk job's inputs file: ``pixels`` uint8 [samples, n_in], each 0..15 (the spec says how many samples)."""
    pixels = _read_npz(data, {"pixels": (np.uint8, (samples, circuit.n_in))})["pixels"]
    if int(pixels.max(initial=0)) >= 1 << P_BITS:
        raise ZkDataError(f"pixels must be {P_BITS}-bit (0..15)")
    return pixels


def task_pixels(inputs: np.ndarray, task_index: int, circuit: ZkCircuit = DENSE_CLASSIFIER) -> np.ndarray:
    """The batch of samples task ``task_index`` proves (rows [i*batch, (i+1)*batch) of the inputs)."""
    batch = inputs[task_index * circuit.batch : (task_index + 1) * circuit.batch]
    check_pixels(batch, circuit)
    return batch


def dump_inputs(pixels: np.ndarray) -> bytes:
    """An inputs file of any number of samples (each row 64 4-bit pixels)."""
    if pixels.ndim != 2 or pixels.shape[1] != DENSE_CLASSIFIER.n_in or pixels.dtype != np.uint8:
        raise ZkDataError(f"pixels must be uint8 of shape (samples, {DENSE_CLASSIFIER.n_in})")
    buf = io.BytesIO()
    np.savez(buf, pixels=pixels)
    return buf.getvalue()


def demo_inputs(tasks: int) -> np.ndarray:
    """The demo inputs of a job of ``tasks`` tasks: task t holds demo_pixels(t) (the fixtures' inputs)."""
    return np.concatenate([demo_pixels(t) for t in range(tasks)])


def dump_model(model: QuantizedDense) -> bytes:
    check_model(model)
    buf = io.BytesIO()
    np.savez(buf, weight=model.weight, bias=model.bias)
    return buf.getvalue()


def dump_pixels(pixels: np.ndarray) -> bytes:
    check_pixels(pixels)
    buf = io.BytesIO()
    np.savez(buf, pixels=pixels)
    return buf.getvalue()


def demo_model(seed: int = 0) -> QuantizedDense:
    """A deterministic model for demos and tests (no data set ships with the project)."""
    rng = np.random.default_rng(seed)
    return QuantizedDense(
        weight=rng.integers(-128, 128, size=(DENSE_CLASSIFIER.n_out, DENSE_CLASSIFIER.n_in), dtype=np.int8),
        bias=rng.integers(-2_000, 2_000, size=DENSE_CLASSIFIER.n_out, dtype=np.int16),
    )


def demo_pixels(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 16, size=(DENSE_CLASSIFIER.batch, DENSE_CLASSIFIER.n_in), dtype=np.uint8)
