"""The worker agent a GPU owner runs: probe, stake, lease, run render/train/compute tasks, upload, claim.

Run by ``gpuhive worker run --config worker.toml``. Imports only ``protocol``; see docs/ARCHITECTURE.md.
"""
