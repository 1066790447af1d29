"""Installed environments: prefixes and their stamps, host checks, activation, run."""
