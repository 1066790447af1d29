"""Quoting a value for each shell pyxi writes code for (`shell-hook`, `shell`, and the bash
that evaluates activation scripts), so that any text (a workspace path with `"$(…)"` or
`$HOME` in it, a project name, a variable's value) arrives as that text, never as code.

- bash, zsh, sh: single quotes, `'` written as `'"'"'` (shlex);
- fish: single quotes; only `\\` and `\\'` are escapes inside them;
- xonsh: a Python string literal (`repr`);
- PowerShell: single quotes; the quote characters (`'` and the typographic ones PowerShell also
  accepts) are doubled;
- cmd.exe: `@SET "NAME=VALUE"`; `%` doubled (batch files), and where a `"` in the value has
  closed the quotes, `^ & | < > ( )` escaped with `^`. A line break cannot be written: such a
  variable is left out, with a `REM` that says so.

Variable names are not quoted but checked: only `[A-Za-z_][A-Za-z0-9_]*` is written (bash's
exported functions, `BASH_FUNC_f%%`, are not variables any other shell can set).
"""

from __future__ import annotations

import re
import shlex

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_POWERSHELL_QUOTES = "'\u2018\u2019\u201a\u201b"
_CMD_SPECIAL = "^&|<>()"


def is_identifier(name: str) -> bool:
    return bool(_IDENTIFIER.match(name))


def posix(value: str) -> str:
    return shlex.quote(value)


def fish(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def xonsh(value: str) -> str:
    return repr(value)


def powershell(value: str) -> str:
    return "'" + "".join(c + c if c in _POWERSHELL_QUOTES else c for c in value) + "'"


def cmd_set(name: str, value: str) -> str:
    """The batch line that sets `name` to `value` in cmd.exe."""
    if "\n" in value or "\r" in value:
        return f"@REM pyxi: {name} is not set here: cmd.exe cannot set a value with a line break"
    quoted, out = True, []  # `@SET "` opened the quotes
    for char in value.replace("%", "%%"):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in _CMD_SPECIAL:
            out.append("^")
        out.append(char)
    return f'@SET "{name}={"".join(out)}"'


def bash_prompt() -> str:
    """PS1 is expanded again each time bash draws it (`$(…)` runs): it names the variable
    instead of holding the (workspace-chosen) text."""
    return "export PS1='${PIXI_PROMPT-}'\"${PS1:-}\""


def zsh_prompt(prompt: str) -> str:
    """zsh expands `$(…)` in PS1 only with PROMPT_SUBST (then: name the variable, its `%`
    doubled); without it `%` is the only syntax, and the text is written with `%` doubled."""
    literal = posix(prompt.replace("%", "%%"))
    return (
        "if [[ -o promptsubst ]]; then PS1='${PIXI_PROMPT//\\%/%%}'\"${PS1:-}\"; "
        f'else PS1={literal}"${{PS1:-}}"; fi; export PS1'
    )


def cmd_prompt(prompt: str) -> str:
    """`$` starts a code in PROMPT (`$P$G`): written as `$$`."""
    return cmd_set("PROMPT", prompt.replace("$", "$$") + "$P$G")
