"""`pyxi init --script FILE.py`: give a Python script a PEP 723 metadata block, as pixi does:

    # /// script
    # requires-python = ">=3.11"
    # dependencies = []
    #
    # [tool.pixi.workspace]      (only with --channel)
    # channels = ["conda-forge"]
    # ///

after the shebang line (followed by a `#` line) if there is one, before the rest of the file,
keeping its line endings. A new file (and its folders) is created; a script that has a block
already, or a path that is not a `.py`/`.pyw` file, is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pyxi.atomic import atomic_write
from pyxi.diagnostics import PyxiError

_OPENING = re.compile(rb"(?:^|[\r\n])(?:\xef\xbb\xbf)?# /// script\r?$", re.MULTILINE)


def initialize_script(path: Path, channels: list[str]) -> Path:
    path = Path(path).absolute()
    if path.suffix.lower() not in (".py", ".pyw"):
        raise PyxiError(f"{path} is not a Python script",
                        help="`--script` takes the path of a `.py` file")
    contents = path.read_bytes() if path.exists() else b""
    if _OPENING.search(contents):
        raise PyxiError(f"{path} is already a PEP 723 script",
                        help="edit its `# /// script` block")
    text = contents.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(bom)
    output = bom
    if text.startswith("#!"):
        shebang, _, text = text.partition("\n")
        output += shebang.rstrip("\r") + newline + "#" + newline
    output += metadata_block(channels, newline)
    if text:
        output += newline + text
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, output.encode("utf-8"))
    return path


def metadata_block(channels: list[str], newline: str = "\n") -> str:
    lines = ['requires-python = ">=3.11"', "dependencies = []"]
    if channels:
        lines += ["", "[tool.pixi.workspace]", f"channels = {json.dumps(channels)}"]
    body = "".join(f"# {line}{newline}" if line else f"#{newline}" for line in lines)
    return f"# /// script{newline}{body}# ///{newline}"
