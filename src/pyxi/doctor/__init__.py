"""`pyxi doctor`: explain why an installation is (or will be) broken, with the fix.

Layout: `finding` (the data), `context` (facts gathered once: workspace, lock, host, probes),
one module per family of checks (`check_sources`, `check_two_step`, `check_cuda`,
`check_wheels`, `check_installed`, `check_lock`), `registry` (the list of checks),
`diagnose` (builds the context and runs them), `report` (text and the JSON schema).
"""
