"""The oracle service: follow the chain, dispatch tasks to workers, verify results, settle with the committee.

Run by ``gpuhive oracle run --config oracle.toml``. Imports only ``protocol``; see docs/ARCHITECTURE.md
for which module does which step of a job.
"""
