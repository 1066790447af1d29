"""Is `pixi.lock` up to date for the manifest? pixi's satisfiability rules, decided from the two
files without solving, answered with typed reasons (`reasons.py`). Sits above conda/ (match
specs) and pypi/ (wheel tags, the conda→PyPI mapping), below sync/, which re-locks what is stale."""
