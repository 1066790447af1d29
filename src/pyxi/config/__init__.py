"""pixi's configuration files (`config.toml`): where they are, what they may say, the merged
result, and edits (`pyxi config`).

One layer between `workspace` and `lockfile`: the layers above read the merged settings as
plain values (`active()`), the command line makes them (`load_config` + its flags on top).
Standard library plus tomli for reading; tomlkit only for `pyxi config set` and friends.
"""
