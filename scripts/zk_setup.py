"""Build the zk catalogue's artifacts from the project's own files: compile each circuit, run a
deterministic DEVELOPMENT trusted setup, export the verification key and generate the Vyper verifier.

    .venv/bin/python scripts/zk_setup.py build        # everything below, then the checksums
    .venv/bin/python scripts/zk_setup.py constants    # protocol/zk/poseidon_t17.json from circomlib
    .venv/bin/python scripts/zk_setup.py check        # the committed artifacts match SHA256SUMS
    .venv/bin/python scripts/zk_setup.py ceremony     # how to run a real multi-party phase 2
    .venv/bin/python scripts/zk_setup.py fixtures     # the proofs the contract tests replay

The dev setup is deterministic: `snarkjs powersoftau new` (tau = 1), one `powersoftau beacon` whose
hash is derived from a fixed project string, `prepare phase2`, `groth16 setup` and one `zkey beacon`
from the circuit's source hash. Nothing is downloaded and nothing random is used, so the same sources
give byte-identical artifacts. It is NOT a trusted setup: anyone can recompute the toxic waste from
the beacons and forge proofs. Production needs a multi-party phase-2 ceremony (`ceremony` prints the
commands) on top of a public multi-party powers of tau.

Artifacts (committed, so CI and the tests never rerun the ~10 minute setup): zk/build/<circuit>/
circuit.wasm, circuit_final.zkey, verification_key.json, SHA256SUMS, and contracts/zk/<Name>Verifier.vy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from protocol.zk.catalogue import CATALOGUE, ZkCircuit  # noqa: E402
from protocol.zk.poseidon import CONSTANTS_FILE, WIDTH  # noqa: E402
from protocol.zk.verifier_gen import render_verifier  # noqa: E402

NODE_BIN = REPO / "node_modules" / ".bin"
CIRCOMLIB_CONSTANTS = REPO / "node_modules" / "circomlib" / "circuits" / "poseidon_constants.circom"
DEV_WARNING = (
    "WARNING: development trusted setup. The powers of tau and the phase-2 contribution are public "
    "beacons, so anyone can forge proofs for these keys. Production needs a multi-party phase-2 "
    "ceremony: run `python scripts/zk_setup.py ceremony` for the commands."
)
PTAU_BEACON_LABEL = b"GPUHive development powers of tau -- NOT A TRUSTED SETUP"
BEACON_ITERATIONS_EXP = "10"


def _run(*args: str | Path, cwd: Path = REPO) -> None:
    cmd = [str(a) for a in args]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_constants() -> None:
    """Copy circomlib's Poseidon constants for width 17 into protocol/zk/poseidon_t17.json."""
    text = CIRCOMLIB_CONSTANTS.read_text()
    out: dict[str, list[str]] = {}
    for name in ("C", "S", "M", "P"):
        body = text.split(f"function POSEIDON_{name}(t)", 1)[1].split("\nfunction ", 1)[0]
        block = re.split(rf"if \(t=={WIDTH}\)", body, maxsplit=1)[1]
        block = re.split(r"\}\s*else", block, maxsplit=1)[0]
        out[name] = [f"0x{int(h, 16):x}" for h in re.findall(r"0x[0-9a-fA-F]+", block)]
    CONSTANTS_FILE.write_text(json.dumps(out, indent=0) + "\n")
    print(f"wrote {CONSTANTS_FILE.relative_to(REPO)}: " + ", ".join(f"{k} {len(v)}" for k, v in out.items()))


def _ptau(work: Path, power: int) -> Path:
    snarkjs = NODE_BIN / "snarkjs"
    final = work / f"pot{power}_final.ptau"
    if final.exists():  # a kept work dir (--work): the same deterministic file, reused
        print(f"reusing {final}", flush=True)
        return final
    beacon = hashlib.sha256(PTAU_BEACON_LABEL + f" power {power}".encode()).hexdigest()
    _run(snarkjs, "powersoftau", "new", "bn128", str(power), work / "pot_0.ptau")
    _run(
        snarkjs,
        "powersoftau",
        "beacon",
        work / "pot_0.ptau",
        work / "pot_1.ptau",
        beacon,
        BEACON_ITERATIONS_EXP,
        "-n=GPUHive dev beacon",
    )
    _run(snarkjs, "powersoftau", "prepare", "phase2", work / "pot_1.ptau", final)
    return final


def write_build_info(circuit: ZkCircuit, r1cs: Path, seconds: float | None) -> None:
    """build_info.json: the constraint system's size as snarkjs reads it from the r1cs."""
    info = subprocess.run(
        [str(NODE_BIN / "snarkjs"), "r1cs", "info", str(r1cs)], capture_output=True, text=True, check=True
    ).stdout
    fields = {k: int(v) for k, v in re.findall(r"# of (\w[\w ]*?): (\d+)", info)}
    if fields.get("Constraints") != circuit.constraints:
        print(f"NOTE: {circuit.name} has {fields.get('Constraints')} constraints; update protocol/zk/catalogue.py")
    out = {"constraints_snarkjs_r1cs_info": fields, "ptau_power": circuit.ptau_power, "build_seconds": seconds}
    (circuit.build_dir / "build_info.json").write_text(json.dumps(out, indent=1) + "\n")


def build_circuit(circuit: ZkCircuit, work: Path, ptau_cache: dict[int, Path]) -> None:
    snarkjs = NODE_BIN / "snarkjs"
    out = circuit.build_dir
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _run(NODE_BIN / "circom2", circuit.source, "--O2", "--r1cs", "--wasm", "-l", REPO / "node_modules", "-o", work)
    stem = circuit.source.stem
    r1cs = work / f"{stem}.r1cs"
    if circuit.ptau_power not in ptau_cache:
        ptau_cache[circuit.ptau_power] = _ptau(work, circuit.ptau_power)
    ptau = ptau_cache[circuit.ptau_power]
    zkey0 = work / f"{stem}_0.zkey"
    _run(snarkjs, "groth16", "setup", r1cs, ptau, zkey0)
    beacon = hashlib.sha256(b"GPUHive dev phase 2: " + circuit.source.read_bytes()).hexdigest()
    _run(
        snarkjs,
        "zkey",
        "beacon",
        zkey0,
        out / "circuit_final.zkey",
        beacon,
        BEACON_ITERATIONS_EXP,
        "-n=GPUHive dev phase 2 beacon",
    )
    _run(snarkjs, "zkey", "export", "verificationkey", out / "circuit_final.zkey", out / "verification_key.json")
    shutil.copyfile(work / f"{stem}_js" / f"{stem}.wasm", out / "circuit.wasm")
    vkey = json.loads((out / "verification_key.json").read_text())
    circuit.verifier_path.parent.mkdir(parents=True, exist_ok=True)
    circuit.verifier_path.write_text(render_verifier(vkey, circuit.contract_name))
    write_checksums(circuit)
    write_build_info(circuit, r1cs, round(time.monotonic() - started))
    print(f"{circuit.name}: built in {time.monotonic() - started:.0f} s", flush=True)


def write_checksums(circuit: ZkCircuit) -> None:
    lines = [f"{_sha256(p)}  {p.relative_to(REPO)}" for p in circuit.checksummed_files()]
    (circuit.build_dir / "SHA256SUMS").write_text("\n".join(lines) + "\n")


# Proofs the tests check on-chain without running the prover (tests/contracts/test_zk_*.py,
# test_proof_registry*.py): (job_id, task_index, model seed, pixels seed).
FIXTURES = [(1, 0, 0, 0), (1, 1, 0, 1), (1, 1, 1, 1), (2, 0, 0, 0)]


def write_fixtures(circuit: ZkCircuit) -> None:
    from protocol.zk import dense_classifier as dc
    from protocol.zk.prover import prove

    out = []
    for job_id, task_index, model_seed, pixels_seed in FIXTURES:
        model, pixels = dc.demo_model(model_seed), dc.demo_pixels(pixels_seed)
        result = prove(circuit, dc.witness_input(model, pixels, job_id, task_index))
        print(
            f"fixture job {job_id} task {task_index} model {model_seed}: proved in {result.seconds:.1f} s", flush=True
        )
        out.append(
            {
                "job_id": job_id,
                "task_index": task_index,
                "model_seed": model_seed,
                "pixels_seed": pixels_seed,
                "proof": json.loads(result.proof_json),
                "public": json.loads(result.public_json),
            }
        )
    (circuit.build_dir / "fixtures.json").write_text(json.dumps(out, indent=1) + "\n")


CEREMONY = """\
A production phase 2 for {name} (snarkjs 0.7; each participant on their own machine, in turn):

  # 0. coordinator: a public multi-party powers of tau of power >= {power} (e.g. a prepared
  #    file from an existing public ceremony that you have verified with `snarkjs powersoftau verify`)
  npx circom2 {source} --O2 --r1cs --wasm -l node_modules -o build/
  npx snarkjs groth16 setup build/{stem}.r1cs pot_final.ptau {stem}_0000.zkey
  # 1..n. each participant i contributes with their own secret entropy and passes the file on
  npx snarkjs zkey contribute {stem}_000(i-1).zkey {stem}_000i.zkey --name="participant i" -v
  # anyone: verify the whole chain of contributions against the circuit and the ptau
  npx snarkjs zkey verify build/{stem}.r1cs pot_final.ptau {stem}_000n.zkey
  # coordinator: seal with a public random beacon (a future block hash), export, regenerate the verifier
  npx snarkjs zkey beacon {stem}_000n.zkey circuit_final.zkey <beacon hex> 10 -n="final beacon"
  npx snarkjs zkey export verificationkey circuit_final.zkey verification_key.json
  # then copy both into {build_dir}/ and run: python scripts/zk_setup.py verifier && python scripts/zk_setup.py sums
The setup is sound if at least one participant destroyed their entropy.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "constants", "check", "ceremony", "verifier", "sums", "fixtures"])
    parser.add_argument("--work", type=Path, help="keep intermediate files (r1cs, ptau) here and reuse them")
    args = parser.parse_args()
    if args.command == "constants":
        extract_constants()
        return 0
    if args.command == "ceremony":
        for circuit in CATALOGUE.values():
            print(
                CEREMONY.format(
                    name=circuit.name,
                    power=circuit.ptau_power,
                    source=circuit.source.relative_to(REPO),
                    stem=circuit.source.stem,
                    build_dir=circuit.build_dir.relative_to(REPO),
                )
            )
        return 0
    if args.command == "check":
        failed = {c.name: bad for c in CATALOGUE.values() if (bad := c.changed_artifacts())}
        for name, bad in failed.items():
            print(f"{name}: differs from SHA256SUMS: {', '.join(bad)}")
        return 1 if failed else 0
    if args.command == "verifier":
        for circuit in CATALOGUE.values():
            vkey = json.loads((circuit.build_dir / "verification_key.json").read_text())
            circuit.verifier_path.write_text(render_verifier(vkey, circuit.contract_name))
        return 0
    if args.command == "fixtures":
        for circuit in CATALOGUE.values():
            write_fixtures(circuit)
        return 0
    if args.command == "sums":
        for circuit in CATALOGUE.values():
            write_checksums(circuit)
        return 0
    print(DEV_WARNING, file=sys.stderr, flush=True)
    ptau_cache: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="gpuhive-zk-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for circuit in CATALOGUE.values():
            build_circuit(circuit, work, ptau_cache)
    print(DEV_WARNING, file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
