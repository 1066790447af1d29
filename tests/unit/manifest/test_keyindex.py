from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import tomli

from pyxi.manifest.keyindex import KeyIndex

DOC = textwrap.dedent(
    '''\
    # comment with [brackets] and key = 1
    [workspace]
    name = "x"  # trailing
    channels = [
      "a",  # ]
      { channel = "b", priority = 1 },
    ]

    [feature.gpu."odd.key"]
    dotted.key = 1
    text = """
    [not-a-table]
    fake = 1
    """
    lit = \'\'\'
    nope = 2\'\'\'
    deps = { a = "1", b = {
        c = "2",
        d = [1, 2],
    }, }

    [[arr]]
    n = 1
    [[arr]]
    n = 2
    [target."linux-64".dependencies]
    "quoted" = "*"
    '''
)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("workspace",), 2),
        (("workspace", "name"), 3),
        (("workspace", "channels"), 4),
        (("workspace", "channels", "0"), 5),
        (("workspace", "channels", "1", "priority"), 6),
        (("feature", "gpu", "odd.key"), 9),
        (("feature", "gpu", "odd.key", "dotted", "key"), 10),
        (("feature", "gpu", "odd.key", "text"), 11),
        (("feature", "gpu", "odd.key", "lit"), 15),
        (("feature", "gpu", "odd.key", "deps", "a"), 17),
        (("feature", "gpu", "odd.key", "deps", "b", "c"), 18),
        (("feature", "gpu", "odd.key", "deps", "b", "d", "1"), 19),
        (("arr", "0", "n"), 23),
        (("arr", "1", "n"), 25),
        (("target", "linux-64", "dependencies", "quoted"), 27),
    ],
)
def test_own_lines(path: tuple[str, ...], line: int) -> None:
    assert KeyIndex.build(DOC).own_line(path) == line


@pytest.mark.parametrize(
    "path", [("not-a-table",), ("fake",), ("nope",), ("feature", "gpu", "odd.key", "fake")]
)
def test_string_contents_are_not_keys(path: tuple[str, ...]) -> None:
    assert KeyIndex.build(DOC).own_line(path) is None


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("workspace", "missing"), 2),
        (("feature", "gpu", "odd.key", "deps", "b", "zzz"), 17),
        (("nowhere", "at", "all"), None),
    ],
)
def test_missing_paths_fall_back_to_ancestor(path: tuple[str, ...], line: int | None) -> None:
    assert KeyIndex.build(DOC).line(path) == line


def test_escaped_quotes_in_strings() -> None:
    doc = 'a = "x \\" [b] = 1"\nb = 2\nc = """ \\""" """\nd = 4\n'
    index = KeyIndex.build(doc)
    assert (index.own_line(("b",)), index.own_line(("d",))) == (2, 4)


def _key_paths(value: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(value, dict):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return []
    paths = []
    for key, child in items:
        paths += [prefix + (key,), *_key_paths(child, prefix + (key,))]
    return paths


SHARED_TOML = sorted((Path(__file__).resolve().parents[2] / "data").glob("**/*.toml"))


@pytest.mark.parametrize("path", SHARED_TOML, ids=lambda p: p.name)
def test_every_key_of_real_manifests_has_a_line(path: Path) -> None:
    text = path.read_text()
    index = KeyIndex.build(text)
    missing = [p for p in _key_paths(tomli.loads(text)) if index.own_line(p) is None]
    assert missing == []


def test_every_key_of_this_doc_has_a_line() -> None:
    index = KeyIndex.build(DOC)
    assert [p for p in _key_paths(tomli.loads(DOC)) if index.own_line(p) is None] == []
