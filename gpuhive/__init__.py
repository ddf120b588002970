"""GPUHive, the app on top: the root ``gpuhive`` CLI, the demo and the orchestration of every role as a process.

The one package where all roles meet. Imports point down only: ``gpuhive`` imports ``oracles``,
``worker_node``, ``frontend_api`` and ``protocol``; none of them imports ``gpuhive``.
"""
