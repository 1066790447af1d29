"""Activation of a bare prefix, outside any workspace (`pyxi global`, `pyxi exec`).

What conda's activation of a prefix changes, as rattler's activator does it: `CONDA_PREFIX`
and `CONDA_SHLVL`, the packages' `env_vars.d` and `conda-meta/state` variables, the prefix's
bin folders in front of PATH, then whatever the `etc/conda/activate.d` scripts change. No
`PIXI_PROJECT_*` variables: there is no project. The caller's own conda activation (an
activated shell) is left out of the base, so the result does not depend on where it is run.
"""

from __future__ import annotations

from pathlib import Path

from pyxi.env.activate import (
    Activation,
    bin_dirs,
    package_env_vars,
    package_scripts,
    run_activation_scripts,
)

# Variables of an enclosing conda activation that would leak into the scripts' view.
_ENCLOSING = ("CONDA_PREFIX", "CONDA_SHLVL", "CONDA_DEFAULT_ENV", "CONDA_PROMPT_MODIFIER")
# Variables the shell that sources the scripts sets for itself, not the scripts' doing.
_SHELL_OWN = ("SHLVL", "_", "PWD", "OLDPWD")


def activate_prefix(prefix: Path, base: dict[str, str]) -> Activation:
    """What activating `prefix` changes, computed against `base` (usually `os.environ`)."""
    variables = {"CONDA_PREFIX": str(prefix), "CONDA_SHLVL": "1"}
    variables.update(package_env_vars(prefix))
    activation = Activation(variables, bin_dirs(prefix))
    scripts = package_scripts(prefix)
    if not scripts:
        return activation
    activated = run_activation_scripts(activation, scripts, clean_base(base))
    for name in _SHELL_OWN:
        activated.variables.pop(name, None)
    return activated


def clean_base(base: dict[str, str]) -> dict[str, str]:
    """`base` without the variables of an enclosing conda activation."""
    return {
        name: value
        for name, value in base.items()
        if name not in _ENCLOSING and not name.startswith("CONDA_ENV_SHLVL_")
    }
