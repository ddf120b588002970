"""Which torch device a runtime runs on, chosen when the task starts.

``torch_device("auto")`` picks CUDA when ``torch.cuda.is_available()`` and
the CPU otherwise, and says which and why in a human description that the
runtime logs and reports (``"cpu (CUDA not available)"``). Asking for
``"cuda"`` on a machine without it is an error rather than a silent CPU run,
so a worker never advertises a GPU speed it does not have.

Import this only where torch may be imported: in a runtime's child process
(see ``worker_node.runtimes.sandbox``) or in the hardware probe.
"""

from __future__ import annotations

import re

_CUDA = re.compile(r"^cuda(?::(\d+))?$")


def torch_device(requested: str = "auto") -> tuple[str, str]:
    """``(device, description)`` for ``requested``: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    ``device`` is a string ``torch.device`` accepts; ``description`` names
    the hardware and, for ``"auto"``, why it was chosen. Raises
    ``ValueError`` for an unknown name or a CUDA device that is not there.
    """
    import torch

    name = requested.strip().lower()
    if name == "cpu":
        return "cpu", "cpu (requested)"
    if name == "auto":
        if torch.cuda.is_available():
            return "cuda:0", f"{_cuda_description(0)} (auto: CUDA available)"
        return "cpu", "cpu (CUDA not available)"
    match = _CUDA.match(name)
    if match is None:
        raise ValueError(f"unknown device {requested!r}: use 'auto', 'cpu', 'cuda' or 'cuda:N'")
    if not torch.cuda.is_available():
        raise ValueError(f"device {requested!r} was asked for but CUDA is not available; use 'auto' or 'cpu'")
    index = int(match.group(1) or 0)
    count = torch.cuda.device_count()
    if index >= count:
        raise ValueError(f"device {requested!r} does not exist: this machine has {count} CUDA device(s)")
    return f"cuda:{index}", f"{_cuda_description(index)} (requested)"


def _cuda_description(index: int) -> str:
    import torch

    props = torch.cuda.get_device_properties(index)
    return f"cuda:{index} {props.name}, {props.total_memory / 2**30:.1f} GiB"
