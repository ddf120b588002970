"""GPUHive's bottom layer: what on-chain and off-chain code must agree on byte for byte, and what every role shares.

Encodings (``eip712``, ``merkle``, ``settlement``, ``result_manifest``, ``jobspec``), content-addressed
storage (``storage``), chain access (``chain``, ``abi``, ``deployment``, ``contracts``), leases
(``leases``), keys, the config shell (``config``), logging (``logs``) and the exception base
(``errors``). It imports nothing of the packages above it (``oracles``, ``worker_node``,
``frontend_api``, ``gpuhive``); ``lint-imports`` checks that.
"""
