"""The hardware probe: this machine (no NVIDIA GPU), NVML failing, and a stand-in NVML with a GPU.

The stand-in replaces only the ``pynvml`` module boundary (NVML needs an
NVIDIA driver this machine does not have); the probe's own code, the CLI
and the capability bits are the real ones.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from gpuhive.cli import app
from protocol.contracts import Capability
from worker_node.probe import probe

runner = CliRunner()
GIB = 2**30


class FakeNvmlError(Exception):
    pass


class FakeNotSupported(FakeNvmlError):
    def __str__(self) -> str:
        return "Not Supported"


def fake_nvml(devices: list[dict] | None, init_error: str | None = None) -> SimpleNamespace:
    """A module with pynvml's names, answering from ``devices`` (or failing nvmlInit)."""
    calls = {"shutdown": 0}

    def init() -> None:
        if init_error:
            raise FakeNvmlError(init_error)

    def shutdown() -> None:
        calls["shutdown"] += 1

    def reading(name):
        def get(handle, *_):
            value = devices[handle][name]
            if value is None:
                raise FakeNotSupported()
            return value

        return get

    return SimpleNamespace(
        NVMLError=FakeNvmlError,
        NVMLError_NotSupported=FakeNotSupported,
        NVML_TEMPERATURE_GPU=0,
        calls=calls,
        nvmlInit=init,
        nvmlShutdown=shutdown,
        nvmlSystemGetDriverVersion=lambda: "550.54.15",
        nvmlDeviceGetCount=lambda: len(devices or []),
        nvmlDeviceGetHandleByIndex=lambda i: i,
        nvmlDeviceGetName=lambda h: devices[h]["name"],
        nvmlDeviceGetMemoryInfo=reading("memory"),
        nvmlDeviceGetUtilizationRates=reading("rates"),
        nvmlDeviceGetTemperature=reading("temperature"),
    )


RTX = {
    "name": "NVIDIA GeForce RTX 4090",
    "memory": SimpleNamespace(total=24 * GIB, used=2 * GIB),
    "rates": SimpleNamespace(gpu=37, memory=5),
    "temperature": 61,
}


def test_probe__this_machine__no_gpu_reported_and_cpu_capabilities_only():
    report = probe()
    assert report.gpus == [] and not report.has_gpu
    assert report.gpu_status.startswith("no GPU: ")
    assert "CPU capabilities only" in report.gpu_status or "not installed" in report.gpu_status
    assert report.capabilities & Capability.GPU == 0
    assert report.capabilities & Capability.COMPUTE
    assert (
        report.capabilities & Capability.RENDER and report.capabilities & Capability.TRAIN
    )  # bpy and torch are installed here
    assert report.capabilities & Capability.ZK and report.kinds["zk"] is None  # npm install put snarkjs here
    assert report.cpu_count >= 1 and report.ram_total > 256 * 2**20 and report.cpu_model


def test_probe__nvml_raises__normal_no_gpu_state():
    nvml = fake_nvml(None, init_error="NVML Shared Library Not Found")
    report = probe(nvml)
    assert report.gpus == []
    assert report.gpu_status == "no GPU: NVML unavailable (NVML Shared Library Not Found); CPU capabilities only"
    assert report.capabilities == Capability.RENDER | Capability.TRAIN | Capability.COMPUTE | Capability.ZK


def test_probe__nvml_finds_no_device__no_gpu():
    report = probe(fake_nvml([]))
    assert report.gpus == [] and report.driver == "550.54.15"
    assert "found no NVIDIA device" in report.gpu_status


def test_probe__gpu_present__listed_with_readings_and_cap_gpu():
    nvml = fake_nvml([RTX, {**RTX, "name": "NVIDIA A100", "rates": None, "temperature": None}])
    report = probe(nvml)
    assert report.gpu_status == "2 GPUs" and report.driver == "550.54.15"
    first, second = report.gpus
    assert (first.name, first.memory_total, first.utilisation_pct, first.temperature_c) == (
        "NVIDIA GeForce RTX 4090",
        24 * GIB,
        37,
        61,
    )
    assert second.utilisation_pct is None and second.temperature_c is None  # "Not Supported" readings
    assert report.capabilities & Capability.GPU and report.capabilities & Capability.COMPUTE
    assert nvml.calls["shutdown"] == 1


def test_probe__engine_missing__kind_not_offered(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "bpy" else real(name, *a))
    report = probe(fake_nvml(None, init_error="no driver"))
    assert "render" not in report.offered and "bpy not installed" in report.kinds["render"]
    assert report.capabilities & Capability.RENDER == 0


def test_probe__snarkjs_missing__zk_not_offered(monkeypatch):
    from protocol.zk import prover

    def missing():
        raise prover.ProverError("snarkjs not found: run `npm install` in the repository")

    monkeypatch.setattr(prover, "snarkjs_path", missing)
    report = probe(fake_nvml(None, init_error="no driver"))
    assert "zk" not in report.offered and "npm install" in report.kinds["zk"]
    assert report.capabilities & Capability.ZK == 0 and report.capabilities & Capability.COMPUTE


def test_probe__node_missing__zk_not_offered(monkeypatch):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "node" else real(name, *a, **k))
    report = probe(fake_nvml(None, init_error="no driver"))
    assert report.capabilities & Capability.ZK == 0 and "node not found" in report.kinds["zk"]


def test_worker_cli__probe_json__no_gpu_here():
    result = runner.invoke(app, ["worker", "probe", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["has_gpu"] is False and data["gpus"] == []
    assert data["capabilities"] & Capability.GPU == 0 and data["gpu_status"].startswith("no GPU")


def test_worker_cli__probe_table__fake_gpu_listed(monkeypatch):
    monkeypatch.setitem(sys.modules, "pynvml", fake_nvml([RTX]))
    result = runner.invoke(app, ["worker", "probe"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "NVIDIA GeForce RTX 4090" in result.output and "24.0 GiB" in result.output
    assert "37 %" in result.output and "61 °C" in result.output
    caps = Capability.GPU | Capability.RENDER | Capability.TRAIN | Capability.COMPUTE | Capability.ZK
    assert f"{caps:#x} (GPU)" in result.output


def test_worker_cli__probe_table__no_gpu_message():
    result = runner.invoke(app, ["worker", "probe"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "no GPU" in result.output and "(CPU only)" in result.output


@pytest.mark.parametrize("bad", [1.0, 0.5])
def test_worker_config__render_memory_below_2gib__refused(bad):
    from worker_node.config import WorkerConfig

    with pytest.raises(ValueError, match="at least 2"):
        WorkerConfig.model_validate({"limits": {"render": {"memory_gib": bad}}})


def test_worker_metrics__gpu_present__utilisation_gauge_per_gpu():
    from worker_node.telemetry import WorkerMetrics

    metrics = WorkerMetrics()
    metrics.update_gpus(fake_nvml([RTX, {**RTX, "rates": SimpleNamespace(gpu=90, memory=1)}]))
    text = metrics.text()
    assert 'gpuhive_worker_gpu_utilisation_percent{gpu="0"} 37.0' in text
    assert 'gpuhive_worker_gpu_utilisation_percent{gpu="1"} 90.0' in text
    empty = WorkerMetrics()
    empty.update_gpus(fake_nvml(None, init_error="no driver"))
    assert "gpuhive_worker_gpu_utilisation_percent{" not in empty.text()
