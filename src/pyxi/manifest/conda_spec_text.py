"""A conda package spec as typed on the command line → `PackageSpec`, keeping what the user
wrote (a channel stays `conda-forge` or the URL given, not a normalised form).

Forms: `numpy`, `numpy>=2`, `numpy 2.1.*`, `numpy=2.1` (→ `2.1.*`), `numpy==1.2=py_0`,
`numpy 2.1 py312_0`, `CHANNEL::numpy` (a name or URL), MatchSpec brackets
(`numpy[build=py311*]`, `pkg==0.1[channel=URL,build_number=0]`), and a local
`.conda`/`.tar.bz2` file (a path, or a `file://` URL).
"""

from __future__ import annotations

import re
from pathlib import Path

from pyxi.diagnostics import PyxiError
from pyxi.manifest.edit_spec import CONDA_EXTRA_KEYS, PackageSpec

_CONDA = re.compile(
    r"^\s*(?:(?P<channel>\S+?)::)?(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*(?P<rest>.*?)\s*$"
)
_BRACKETS = re.compile(r"^(?P<head>[^\[]*)\[(?P<body>.*)\]\s*$")
_ARCHIVES = (".conda", ".tar.bz2")
_HELP = (
    'write it as `name`, `"name>=1.2"`, `"name 1.2.*"`, `channel::name`, '
    '`"name[build=py311*]"` or the path of a `.conda` file'
)


def parse_conda_text(text: str) -> PackageSpec:
    archive = _archive(text)
    if archive is not None:
        return archive
    head, brackets = _split_brackets(text)
    match = _CONDA.match(head)
    if not match:
        raise PyxiError(f"cannot read the package spec `{text}`", help=_HELP)
    version, build = _version_and_build(match["rest"])
    spec = PackageSpec(match["name"], False, version, build, match["channel"])
    for key, value in brackets.items():
        _apply_bracket(spec, key, value, text)
    return spec


def _archive(text: str) -> PackageSpec | None:
    """A local package file: `./pkgs/foo-1.0-h0.conda` or `file:///…/foo-1.0-h0.conda`."""
    stripped = text.strip()
    if not stripped.endswith(_ARCHIVES):
        return None
    if "://" in stripped:
        name = _archive_name(stripped.rsplit("/", 1)[-1], text)
        return PackageSpec(name, False, fields={"url": stripped})
    path = Path(stripped).expanduser()
    if not path.is_absolute() and "/" not in stripped and not stripped.startswith("."):
        return None  # `foo.conda` alone is a (strange) package name, as in pixi
    return PackageSpec(_archive_name(path.name, text), False, path=str(path.resolve()))


def _archive_name(file_name: str, text: str) -> str:
    stem = file_name.removesuffix(".conda").removesuffix(".tar.bz2")
    parts = stem.rsplit("-", 2)
    if len(parts) != 3 or not parts[0]:
        raise PyxiError(
            f"cannot read the package name from `{text}`",
            help="a conda package file is named NAME-VERSION-BUILD.conda (or .tar.bz2)",
        )
    return parts[0]


def _split_brackets(text: str) -> tuple[str, dict[str, str]]:
    match = _BRACKETS.match(text)
    if not match:
        if "[" in text or "]" in text:
            raise PyxiError(f"cannot read the package spec `{text}`", help=_HELP)
        return text, {}
    pairs: dict[str, str] = {}
    for item in _split_commas(match["body"]):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise PyxiError(
                f"cannot read `{item.strip()}` in the package spec `{text}`",
                help="brackets hold KEY=VALUE pairs, e.g. `numpy[build=py311*,channel=conda-forge]`",
            )
        pairs[key.strip()] = value.strip().strip("'\"")
    return match["head"], pairs


def _split_commas(body: str) -> list[str]:
    """`a=1,b='x,y'` → [`a=1`, `b='x,y'`]: commas inside quotes stay."""
    items, current, quote = [], "", ""
    for char in body:
        if char in "'\"" and (not quote or quote == char):
            quote = "" if quote else char
        if char == "," and not quote:
            items.append(current)
            current = ""
        else:
            current += char
    return [item for item in [*items, current] if item.strip()]


def _version_and_build(rest: str) -> tuple[str | None, str | None]:
    """`=1.2` (fuzzy) · `=1.2=b` · `==1.2=b` · `1.2 b` · `>=1,<2` → (version, build)."""
    if not rest:
        return None, None
    if rest.startswith("==") and "=" in rest[2:]:
        exact, _, exact_build = rest[2:].partition("=")
        return _clean(f"=={exact}"), _clean(exact_build)
    if rest.startswith("=") and not rest.startswith("=="):
        version, _, fuzzy_build = rest[1:].partition("=")
        return _clean(_fuzzy(version.strip())), _clean(fuzzy_build)
    words = rest.split()
    build: str | None = None
    if len(words) > 1 and not words[-2].endswith(",") and not re.match(r"[<>=!~|,]", words[-1]):
        build = words.pop()
    return _clean("".join(words)), build


def _clean(text: str) -> str | None:
    return text.strip() or None


def _fuzzy(version: str) -> str:
    """conda's `name=1.2` means any 1.2 release: `1.2.*` (`name==1.2` is the exact one)."""
    if not version or any(c in version for c in "*<>!=~|,"):
        return version
    return f"{version}.*"


def _apply_bracket(spec: PackageSpec, key: str, value: str, text: str) -> None:
    if key == "version":
        spec.version = value
    elif key == "build":
        spec.build = value
    elif key == "channel":
        spec.channel = value
    elif key in CONDA_EXTRA_KEYS:
        spec.fields[CONDA_EXTRA_KEYS[key]] = _exact(value) if key == "build_number" else value
    else:
        raise PyxiError(
            f"unknown key `{key}` in the package spec `{text}`",
            help="use one of: version, build, channel, " + ", ".join(sorted(CONDA_EXTRA_KEYS)),
        )


def _exact(value: str) -> str:
    """A build number as pixi writes it: `0` → `==0` (a comparison stays as written)."""
    return value if value[:1] in "<>=!" else f"=={value}"
