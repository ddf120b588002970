"""GPUHive frontend_api (built in later issues)."""
