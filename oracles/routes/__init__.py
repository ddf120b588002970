"""The oracle API's routes, one module per area: ``auth`` (login), ``leases`` (workers' leases and results),
``committee`` (countersigning for the leader), ``status`` (health, job progress, metrics)."""
