"""The fast lock reader and writer give exactly what PyYAML gives, or step aside for it.

`blockyaml.parse` must build the very node tree PyYAML composes (values, quoting, lines) or
decline; `emit.dump` must write byte for byte what `_yaml.dump` (libyaml) writes. Reading a
lock rattler-style must not import PyYAML at all.
"""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pyxi.lockfile import _yaml, blockyaml, emit
from pyxi.lockfile.nodes import MappingNode, Node, ScalarNode

DATA = Path(__file__).resolve().parents[2] / "data"
LOCKS = sorted(DATA.rglob("*.lock"))


def _tree(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return ("scalar", node.value, node.style or None, node.line)
    if isinstance(node, MappingNode):
        return ("map", node.line, [(_tree(k), _tree(v)) for k, v in node.value])
    return ("seq", node.line, [_tree(item) for item in node.value])


def _same_or_declined(text: str) -> bool:
    """True when the fast reader took `text` (and agreed with PyYAML)."""
    fast = blockyaml.parse(text)
    if fast is None:
        return False
    slow = _yaml.compose(text)
    assert slow is not None and _tree(fast) == _tree(slow)
    return True


def test_the_fast_reader_reads_the_real_locks_as_pyyaml_does() -> None:
    assert len(LOCKS) > 30
    for path in LOCKS:
        text = path.read_text(encoding="utf-8")
        if not _same_or_declined(text):  # only hand-edited ones (with comments) go to PyYAML
            assert any(line.lstrip().startswith("#") for line in text.splitlines()), path


def test_edited_locks_are_read_the_same_or_left_to_pyyaml() -> None:
    """Lines of real locks edited at random: every text the fast reader takes, PyYAML reads
    the same way (and what PyYAML rejects, the fast reader never takes)."""
    rng = random.Random(20)
    edits = ["", "  ", "- ", "#", ": ", " #x", "'", '"', "[a]", "{}", "&a ", "*a", "!t ", "|",
             "\t", "---", "...", "? ", "x:", "- - a", "\\", "%"]
    lines = LOCKS[0].read_text(encoding="utf-8").splitlines()[:60]
    taken = 0
    for _ in range(1500):
        edited = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(edited))
            cut = rng.randrange(len(edited[at]) + 1)
            edited[at] = edited[at][:cut] + rng.choice(edits) + edited[at][cut + rng.randint(0, 2):]
        text = "\n".join(edited) + "\n"
        try:
            taken += _same_or_declined(text)
        except _yaml.YAMLError:
            assert blockyaml.parse(text) is None
    assert taken > 100


@pytest.mark.parametrize("text", [
    "# a comment\nversion: 7\n", "version: 7\n\nother: 1\n", "a: [1]\n", "a: &x 1\n",
    "a: !!str 1\n", "a: |\n  text\n", 'a: "x\\ty"\n', "a:\nb: 1\n", "a: b\n  c\n",
    "a: 1 # note\n", "- - a\n", "a:\n\t- b\n", "'q': 1\n", "",
])
def test_what_the_fast_reader_leaves_to_pyyaml(text: str) -> None:
    assert blockyaml.parse(text) is None


_ALPHABET = " -:#?'\"!&*|>%@`,[]{}.~+=<^;$/()_a1e0x"
_RESOLVED = ["1.0", "007", "0x1F", "+1", "-1", ".5", "1e3", "true", "NULL", "~", ".inf", "1_000",
             "0o7", "12:30", "yes", "", "é", "a\tb", "😀", "a\u2028b", "\ufeffa", "x\x85y"]


def test_the_fast_writer_quotes_every_short_string_as_libyaml_does() -> None:
    strings = ["".join(chars) for n in range(4) for chars in itertools.product(_ALPHABET, repeat=n)]
    rng = random.Random(7)
    strings += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(4, 10))) for _ in range(3000)]
    for text in [*strings, *_RESOLVED]:
        document = {"k": text, "l": [text, {"m": text}]}
        fast = emit.dump(document)
        if fast is None:  # left to libyaml: only for a line break in the string
            assert any(c in text for c in "\n\x85\u2028\u2029"), repr(text)
        else:
            assert fast == _yaml.dump(document), repr(text)


def test_the_fast_writer_steps_aside_for_block_scalars() -> None:
    assert emit.dump({"k": "two\nlines"}) is None
    assert emit.dump({"k": [["nested"]]}) is None
    assert emit.dump({"odd key": 1}) is None
    assert emit.dump({"a": {}, "b": [], "c": None, "d": True, "e": 3}) == \
        _yaml.dump({"a": {}, "b": [], "c": None, "d": True, "e": 3})


def test_reading_a_lock_imports_no_pyyaml() -> None:
    path = next(p for p in LOCKS if "interop" in str(p))
    code = ("import sys; from pathlib import Path; from pyxi.lockfile.read import read_lock; "
            "from pyxi.lockfile.write import dumps_lock; "
            f"dumps_lock(read_lock(Path({str(path)!r}))); print('yaml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_fast_reader_refuses_the_characters_pyyaml_refuses() -> None:
    """ASCII text is checked with a small pattern, other text with the full class: both give
    PyYAML's verdict on every character."""
    import re

    full = re.compile(blockyaml._UNPRINTABLE)
    for code in [*range(0x3000), *range(0xD7F0, 0xE010), 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF]:
        char = chr(code)
        for text in (f"a: {char}\n", f"a: x{char}é\n"):
            assert blockyaml._unprintable(text) == bool(full.search(text)), hex(code)
