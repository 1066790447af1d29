"""Every file, folder and environment-variable name pyxi shares with pixi, in one place."""

PIXI_TOML = "pixi.toml"
PYPROJECT_TOML = "pyproject.toml"
LOCK_FILE = "pixi.lock"
PIXI_DIR = ".pixi"
ENVS_DIR = "envs"
DEFAULT_ENVIRONMENT = "default"
DEFAULT_FEATURE = "default"
CONDA_META = "conda-meta"

DEFAULT_CHANNEL_ALIAS = "https://conda.anaconda.org/"
DEFAULT_PYPI_INDEX = "https://pypi.org/simple"

ENV_LOCKED = "PIXI_LOCKED"
ENV_FROZEN = "PIXI_FROZEN"
ENV_CACHE_DIR = "PIXI_CACHE_DIR"
ENV_RATTLER_CACHE_DIR = "RATTLER_CACHE_DIR"
ENV_PROJECT_MANIFEST = "PIXI_PROJECT_MANIFEST"
ENV_IN_SHELL = "PIXI_IN_SHELL"
ENV_NO_PROGRESS = "PYXI_NO_PROGRESS"

# The pixi release whose behaviour pyxi matches (what `requires-pixi` is checked against).
PIXI_VERSION = "0.77.0"

KNOWN_SUBDIRS = (
    "noarch",
    "linux-32",
    "linux-64",
    "linux-aarch64",
    "linux-armv6l",
    "linux-armv7l",
    "linux-ppc64le",
    "linux-ppc64",
    "linux-s390x",
    "linux-riscv64",
    "osx-64",
    "osx-arm64",
    "win-32",
    "win-64",
    "win-arm64",
    "emscripten-wasm32",
    "wasi-wasm32",
    "zos-z",
)
