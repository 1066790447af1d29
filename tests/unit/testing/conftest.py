"""The `worlds` and `package_cache` fixtures live in tests/conftest.py (shared with e2e tests)."""
