"""The hardware probe: GPUs through NVML (``import pynvml`` from nvidia-ml-py), CPU and RAM, and the
capability bits (``protocol.contracts.CAP_*``) a node can honestly register with.

No GPU is a normal state, not an error: when NVML is missing (no driver, no
``nvidia-ml-py``) or finds no device, the report says so in ``gpu_status``
and the node offers CPU capabilities only. A job kind is offered when its
engine is installed (render: ``bpy``, train: ``torch``; compute needs only
numpy) — checked with ``importlib.util.find_spec`` so probing never loads
Blender or PyTorch; zk when snarkjs (``node_modules/.bin/snarkjs``, from
``npm install``, or one on PATH) is executable and ``node`` is on PATH, without
starting node.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from protocol.contracts import Capability

ENGINES = {
    "render": ("bpy", "pip install 'gpuhive[render]' (Blender 5.0 as a Python module)"),
    "train": ("torch", "pip install 'gpuhive[train]' (PyTorch)"),
}
KIND_BITS = {
    "render": Capability.RENDER,
    "train": Capability.TRAIN,
    "compute": Capability.COMPUTE,
    "zk": Capability.ZK,
}


@dataclass(frozen=True)
class GpuInfo:
    """One NVIDIA GPU as NVML reports it; a reading NVML does not support is None."""

    index: int
    name: str
    memory_total: int  # bytes
    memory_used: int | None
    utilisation_pct: int | None
    temperature_c: int | None


@dataclass(frozen=True)
class HardwareReport:
    gpus: list[GpuInfo]
    gpu_status: str  # "1 GPU" / "no GPU: <why>"
    driver: str | None
    cpu_count: int
    cpu_model: str
    ram_total: int  # bytes
    ram_available: int | None
    kinds: dict[str, str | None] = field(default_factory=dict)  # kind -> None when offered, else why not

    @property
    def has_gpu(self) -> bool:
        return bool(self.gpus)

    @property
    def offered(self) -> list[str]:
        return [kind for kind, why_not in self.kinds.items() if why_not is None]

    @property
    def capabilities(self) -> int:
        """The bitmask to register with: one bit per offered kind, plus Capability.GPU when a GPU exists."""
        bits = 0
        for kind in self.offered:
            bits |= KIND_BITS[kind]
        return bits | (Capability.GPU if self.gpus else 0)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(has_gpu=self.has_gpu, offered=self.offered, capabilities=self.capabilities)
        return data


def probe(nvml: ModuleType | None = None) -> HardwareReport:
    """Probe this machine. ``nvml`` replaces the ``pynvml`` module (tests pass a stand-in)."""
    gpus, status, driver = probe_gpus(nvml)
    ram_total, ram_available = _memory()
    return HardwareReport(
        gpus=gpus,
        gpu_status=status,
        driver=driver,
        cpu_count=os.cpu_count() or 1,
        cpu_model=_cpu_model(),
        ram_total=ram_total,
        ram_available=ram_available,
        kinds=engine_kinds(),
    )


def engine_kinds() -> dict[str, str | None]:
    """Each job kind → None when this machine can run it, else what to install."""
    kinds: dict[str, str | None] = {}
    for kind, (module, install) in ENGINES.items():
        kinds[kind] = None if importlib.util.find_spec(module) is not None else f"{module} not installed: {install}"
    kinds["compute"] = None
    kinds["zk"] = zk_why_not()
    return kinds


def zk_why_not() -> str | None:
    """None when the zk runtime's prover can run here (snarkjs executable, node on PATH), else what to do."""
    from protocol.zk.prover import ProverError, snarkjs_path

    try:
        path = snarkjs_path()
    except ProverError as exc:
        return str(exc)
    if not os.access(path, os.X_OK):
        return f"{path} is not executable: run `npm install` in the repository"
    if shutil.which("node") is None:
        return "node not found on PATH: install Node.js 20 (snarkjs runs on it)"
    return None


def probe_gpus(nvml: ModuleType | None = None) -> tuple[list[GpuInfo], str, str | None]:
    """``(gpus, status, driver)``; never raises for a machine without a GPU."""
    if nvml is None:
        try:
            import pynvml  # nvidia-ml-py
        except ImportError:
            return [], "no GPU: nvidia-ml-py is not installed (pip install 'gpuhive[gpu]' to detect NVIDIA GPUs)", None
        nvml = pynvml
    try:
        nvml.nvmlInit()
    except nvml.NVMLError as exc:
        return [], f"no GPU: NVML unavailable ({exc}); CPU capabilities only", None
    try:
        driver = _text(_reading(nvml, nvml.nvmlSystemGetDriverVersion))
        gpus = []
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            memory = _reading(nvml, nvml.nvmlDeviceGetMemoryInfo, handle)
            rates = _reading(nvml, nvml.nvmlDeviceGetUtilizationRates, handle)
            temperature = _reading(nvml, nvml.nvmlDeviceGetTemperature, handle, nvml.NVML_TEMPERATURE_GPU)
            gpus.append(
                GpuInfo(
                    index=index,
                    name=_text(nvml.nvmlDeviceGetName(handle)) or f"GPU {index}",
                    memory_total=int(memory.total) if memory is not None else 0,
                    memory_used=int(memory.used) if memory is not None else None,
                    utilisation_pct=int(rates.gpu) if rates is not None else None,
                    temperature_c=int(temperature) if temperature is not None else None,
                )
            )
    except nvml.NVMLError as exc:
        return [], f"no GPU: NVML failed while listing devices ({exc}); CPU capabilities only", None
    finally:
        try:
            nvml.nvmlShutdown()
        except nvml.NVMLError:
            pass
    if not gpus:
        return [], "no GPU: NVML found no NVIDIA device; CPU capabilities only", driver
    return gpus, f"{len(gpus)} GPU{'s' if len(gpus) > 1 else ''}", driver


def gpu_utilisation(nvml: ModuleType | None = None) -> dict[int, int]:
    """Current utilisation (percent) of every GPU that reports it; empty without a GPU."""
    gpus, _, _ = probe_gpus(nvml)
    return {g.index: g.utilisation_pct for g in gpus if g.utilisation_pct is not None}


def _reading(nvml: ModuleType, fn: Any, *args: Any) -> Any:
    """One NVML reading, or None when the device does not support it."""
    try:
        return fn(*args)
    except nvml.NVMLError as exc:
        if isinstance(exc, getattr(nvml, "NVMLError_NotSupported", ())) or "Not Supported" in str(exc):
            return None
        raise


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: arm")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _memory() -> tuple[int, int | None]:
    """``(total, available)`` RAM in bytes, from /proc/meminfo (Linux) or sysconf."""
    try:
        fields = {}
        for line in Path("/proc/meminfo").read_text().splitlines():
            name, _, rest = line.partition(":")
            parts = rest.split()
            if parts:
                fields[name] = int(parts[0]) * 1024
        return fields["MemTotal"], fields.get("MemAvailable")
    except (OSError, KeyError, ValueError):
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return int(total), None
