"""conda environment files (pack/envyaml.py): read back as written."""

from __future__ import annotations

import pytest
import yaml

from pyxi.pack.envyaml import EnvironmentYaml, scalar


@pytest.mark.parametrize("value", [
    "python >=3.12,<4", "conda-forge::numpy ==2.1", "--index-url https://x/simple",
    "a @ git+https://h/r@v1#subdirectory=p", "fast: yes", "# not a comment", "true", "null",
    "- dash", "", "'quoted'", "x: y #z", "{brace}",
])
def test_scalars_read_back_as_the_same_string(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


def test_pip_is_added_once_before_the_pip_section() -> None:
    text = EnvironmentYaml("e", ["c"], ["python", "pip >=23"], ["rich"], {"A": "1"}).render()
    document = yaml.safe_load(text)
    assert document == {"name": "e", "channels": ["c"],
                        "dependencies": ["python", "pip >=23", {"pip": ["rich"]}],
                        "variables": {"A": "1"}}
    assert yaml.safe_load(EnvironmentYaml(dependencies=["python"], pip=["rich"]).render())[
        "dependencies"] == ["python", "pip", {"pip": ["rich"]}]
