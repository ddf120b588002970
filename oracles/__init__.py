"""GPUHive oracles (built in later issues)."""
