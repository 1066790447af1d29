"""The `pixi.lock` file format: model, reader, writer, YAML emitter, derived fields, entries from
repodata. The bottom data layer: it imports no engine and nothing of pyxi above it (see
`model.py` for why pyxi reads and writes the format itself)."""
