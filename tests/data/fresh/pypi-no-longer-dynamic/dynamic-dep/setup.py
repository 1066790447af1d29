from setuptools import setup

setup(version="42.0.0")
