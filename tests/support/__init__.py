"""Test harnesses shared across test folders, imported as ``from tests.support.oracle_network import ...``.

- ``oracle_network``: three oracle services on the session's anvil with staked workers (``build_network``).
- ``oracle_api``: simulated workers on the real oracle API (login, leases, results) and its fixtures.
- ``agent_network``: real worker agents (``worker_node.agent.Agent``) against that network.
"""
