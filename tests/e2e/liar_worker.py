"""A real worker agent process that lies: `python tests/e2e/liar_worker.py --config worker.toml`.

Test-only fault injection, outside the worker code: this runs exactly what
`gpuhive worker run` runs, but first wraps ``worker_node.agent.run_lease`` so
that every *run* lease's outputs are spoiled after the honest runtime made
them — rendered frames get their colours inverted, other outputs a flipped
byte — and signed with the digest of the spoiled files (what a cheater who
wants its result accepted would do). Checks it is given are done honestly.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _spoil(files: dict[str, Path], kind: str) -> None:
    for path in files.values():
        if kind == "render" and path.suffix == ".png":
            import numpy as np
            from PIL import Image

            image = np.array(Image.open(path))
            image[..., :3] = 255 - image[..., :3]
            Image.fromarray(image).save(path)
        else:
            data = bytearray(path.read_bytes())
            data[0] ^= 0xFF
            path.write_bytes(bytes(data))


def install() -> None:
    from worker_node import agent, execute

    honest = agent.run_lease

    def lying_run_lease(lease, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
        outputs = honest(lease, spec, *args, **kwargs)
        if lease.role != "run":
            return outputs
        _spoil(outputs.files, spec.kind)
        return execute.Outputs(outputs.files, execute.recompute_digest(lease, outputs.files))

    agent.run_lease = lying_run_lease


if __name__ == "__main__":
    install()
    from gpuhive.cli import app

    app(["worker", "run", *sys.argv[1:]], prog_name="gpuhive")
