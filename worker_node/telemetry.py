"""The worker's Prometheus metrics, in a registry of its own (several agents can share a process in tests)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest, start_http_server


class WorkerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.tasks_done = Counter(
            "gpuhive_worker_tasks_done",
            "Leases completed and accepted by the oracle",
            ["kind", "role"],
            registry=self.registry,
        )
        self.failures = Counter(
            "gpuhive_worker_task_failures", "Leases reported as failed", ["kind"], registry=self.registry
        )
        self.busy_seconds = Counter(
            "gpuhive_worker_busy_seconds", "Seconds spent working on leases", registry=self.registry
        )
        self.claimed = Counter(
            "gpuhive_worker_claimed_base_units", "Payouts claimed, token base units", registry=self.registry
        )
        self.gpu_utilisation = Gauge(
            "gpuhive_worker_gpu_utilisation_percent", "GPU utilisation from NVML", ["gpu"], registry=self.registry
        )
        self._server: Any = None

    def update_gpus(self, nvml: ModuleType | None = None) -> None:
        from worker_node.probe import gpu_utilisation

        for index, pct in gpu_utilisation(nvml).items():
            self.gpu_utilisation.labels(gpu=str(index)).set(pct)

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        """Expose ``/metrics`` on ``host:port`` (port 0 = off)."""
        if port:
            self._server, _thread = start_http_server(port, addr=host, registry=self.registry)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def text(self) -> str:
        return generate_latest(self.registry).decode()
