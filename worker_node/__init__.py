"""GPUHive worker_node (built in later issues)."""
