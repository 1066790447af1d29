"""Test worlds shipped with pyxi: local conda channels and PyPI indexes built on disk."""
