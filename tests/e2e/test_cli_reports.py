"""list (regex, -x, --sort-by, --fields, sizes), tree REGEX, info --extended, reinstall,
clean cache / --activation-cache, lock's changes, and one line per installed environment."""

from __future__ import annotations

import json
import os
import pty
import subprocess

from workflow_world import manifest

from pyxi.testing.cli import PYXI

BODY = 'gamma = "*"\nepsilon = "*"\n'


def test_list_selects_sorts_and_shows_fields(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, BODY))
    table = ws.pyxi("list").stdout.splitlines()
    assert table[0].split() == ["Name", "Version", "Build", "Size", "Kind", "Source"]
    assert [line.split()[0] for line in table[1:]] == ["alpha", "epsilon", "gamma"]
    assert "KiB" in table[1] or " B " in table[1]
    assert [line.split()[0] for line in ws.pyxi("list", "^[ag]").stdout.splitlines()[1:]] == [
        "alpha", "gamma"]
    explicit = ws.pyxi("list", "-x", "--fields", "name,requested-spec").stdout.splitlines()
    assert explicit[0].split() == ["Name", "Requested"] and len(explicit) == 4
    assert ws.pyxi("list", "--fields", "name", "--fields", "arch,platform").stdout.splitlines()[1] \
        == "alpha"  # noarch: no arch, no platform
    rows = json.loads(ws.pyxi("list", "--json", "--sort-by", "size").stdout)
    sizes = [row["size_bytes"] for row in rows]
    assert sizes == sorted(sizes) and all(isinstance(s, int) for s in sizes)
    assert {"arch", "platform", "subdir", "is_explicit", "requested_spec"} <= set(rows[0])
    assert "No packages found in 'default' environment" in ws.pyxi("list", "zzz", expect=1).stderr
    assert "Invalid regex" in ws.pyxi("list", "(", expect=1).stderr
    assert "invalid value 'colour'" in ws.pyxi("list", "--fields", "colour", expect=2).stderr


def test_tree_regex_and_invert(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, BODY))
    assert ws.pyxi("tree", "gam").stdout.splitlines() == ["gamma 1.0", "└── alpha 2.5.1"]
    # no direct dependency matches: the matching packages deeper down
    assert ws.pyxi("tree", "^alp").stdout.splitlines() == ["alpha 2.5.1"]
    assert ws.pyxi("tree", "-i", "alpha").stdout.splitlines() == ["alpha 2.5.1", "└── gamma 1.0"]
    assert "No dependencies matched" in ws.pyxi("tree", "zzz", expect=1).stderr
    assert "requires a package name" in ws.pyxi("tree", "--invert", expect=2).stderr


def test_info_extended_reinstall_and_clean(make_workspace, wf_channel, tmp_path):
    ws = make_workspace(manifest(wf_channel.url, BODY + '\n[tasks]\nb = "echo"\na = "echo"\n'))
    ws.pyxi("install")
    plain = json.loads(ws.pyxi("info", "--json").stdout)
    assert plain["cache_size"] is None and plain["environments_info"][0]["tasks"] == ["b", "a"]
    extended = json.loads(ws.pyxi("info", "--extended", "--json").stdout)
    assert extended["cache_size"].endswith("iB") or extended["cache_size"].endswith(" B")
    assert extended["project_info"]["pixi_folder_size"]
    assert extended["environments_info"][0]["environment_size"]
    assert "Environment size:" in ws.pyxi("info", "--extended").stdout

    prefix = ws.root / ".pixi" / "envs" / "default"
    version = prefix / "share" / "gamma" / "VERSION"
    version.unlink()  # (not rewritten: the file may be a hard link into the package cache)
    ws.pyxi("install")
    assert not version.exists()  # the stamp says up to date
    done = ws.pyxi("reinstall", "gamma")
    assert "`gamma` re-installed in environment `default`" in done.stderr
    assert version.read_text() == "1.0"
    (prefix / "share" / "alpha" / "VERSION").unlink()
    ws.pyxi("reinstall")
    assert (prefix / "share" / "alpha" / "VERSION").read_text() == "2.5.1"
    assert "`nope` not in environment" in ws.pyxi("reinstall", "nope", expect=1).stderr

    ws.pyxi("run", "true")  # leaves the activation cache
    assert (prefix / "conda-meta" / "pyxi-activation").is_file()
    ws.pyxi("clean", "--activation-cache")
    assert not (prefix / "conda-meta" / "pyxi-activation").exists() and prefix.is_dir()
    cache = ws.base_env["PIXI_CACHE_DIR"]
    private = {**ws.base_env, "PIXI_CACHE_DIR": str(tmp_path / "own-cache")}
    ws.pyxi("reinstall", env=private)
    removed = ws.pyxi("clean", "cache", "--conda", "--exec", env=private).stderr
    assert f"Removed {tmp_path / 'own-cache' / 'pkgs'}" in removed and "was already clean" in removed
    assert not (tmp_path / "own-cache" / "pkgs").exists() and os.path.isdir(cache)
    asked = ws.pyxi("clean", "cache", env=private, expect=1)
    assert "pass --yes" in asked.stderr and (tmp_path / "own-cache").exists()
    ws.pyxi("clean", "cache", "-y", env=private)
    assert not (tmp_path / "own-cache").exists()


def test_lock_shows_changes_and_check_fails_when_it_had_to_lock(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    dry = ws.pyxi("lock", "--dry-run")
    assert "would be updated" in dry.stderr and "+ alpha 2.5.1" in dry.stderr
    assert not ws.lock.exists()
    checked = ws.pyxi("lock", "--check", expect=1)
    assert "+ alpha 2.5.1" in checked.stderr and ws.lock.exists()
    ws.pyxi("lock", "--check")
    (ws.root / "pixi.toml").write_text(manifest(wf_channel.url, 'beta = "*"\n'))
    changes = json.loads(ws.pyxi("lock", "--json").stdout)
    [row] = changes["environment"]["default"]["linux-64"]  # pixi's shape, as `update --json`
    assert (row["name"], row["type"], row["before"], row["explicit"]) == ("beta", "conda", None, True)
    assert (row["after"]["name"], row["after"]["version"]) == ("beta", "0.3.2")


def test_install_on_a_terminal_reports_each_environment_once(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url, BODY))
    env = {k: v for k, v in ws.base_env.items() if k != "PYXI_NO_PROGRESS"}
    main, child = pty.openpty()  # stderr a terminal: progress bars on
    process = subprocess.Popen([PYXI, "install"], cwd=ws.root, env=env, stdout=subprocess.PIPE,
                               stderr=child)
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(main)
    text = output.decode(errors="replace")
    assert process.returncode == 0, text
    assert text.count("installed") == 1, text
    quiet = ws.pyxi("install", "--no-progress", "--color", "never", env=env)
    assert quiet.stderr.count("\n") == 1
