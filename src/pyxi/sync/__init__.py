"""The one pipeline behind every command that changes something: manifest → lock → prefix.

`install`, `run`, `lock` (and later `add`/`remove`/`update`) all go through `ensure_lock` and
`ensure_installed`; no command grows a private variant.
"""
