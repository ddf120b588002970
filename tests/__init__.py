"""GPUHive's tests. A package only so the shared harnesses import as ``tests.support`` (no sys.path edits)."""
