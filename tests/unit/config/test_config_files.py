"""pixi's config files: their order, what is kept or set aside when read, how layers merge,
and edits that keep the rest of a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyxi.config.edit import add_to_list, set_key
from pyxi.config.load import config_paths, load_config
from pyxi.config.model import Config, merged
from pyxi.config.paths import global_config_paths, global_write_path
from pyxi.config.read import ConfigFileError, parse_layer
from pyxi.config.schema import kind_of, parse_value
from pyxi.diagnostics import PyxiError


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PIXI_HOME", str(tmp_path / "pixi-home"))
    for name in ("PIXI_CONFIG_FILE", "PIXI_NO_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_files_in_pixis_order(home: Path) -> None:
    assert global_config_paths() == [
        home / "home/.config/pixi/config.toml", home / "xdg/pixi/config.toml",
        home / "home/.pixi/config.toml", home / "pixi-home/config.toml"]
    root = home / "ws"
    assert config_paths(root)[0] == Path("/etc/pixi/config.toml")
    assert config_paths(root)[-1] == root / ".pixi/config.toml"
    assert config_paths(root, no_config=True) == [root / ".pixi/config.toml"]
    assert config_paths(None, config_file=home / "c.toml") == [home / "c.toml"]
    assert global_write_path() == home / "pixi-home/config.toml"
    (home / "xdg/pixi").mkdir(parents=True)
    (home / "xdg/pixi/config.toml").write_text("")
    assert global_write_path() == home / "xdg/pixi/config.toml"  # an existing one first


def test_later_files_win_key_by_key(home: Path) -> None:
    (home / "xdg/pixi").mkdir(parents=True)
    (home / "xdg/pixi/config.toml").write_text(
        'default-channels = ["a"]\n[shell]\nchange-ps1 = false\nforce-activate = true\n')
    (home / "pixi-home").mkdir()
    (home / "pixi-home/config.toml").write_text("[shell]\nchange-ps1 = true\n")
    (home / "ws/.pixi").mkdir(parents=True)
    (home / "ws/.pixi/config.toml").write_text('default-channels = []\noffline = true\n')
    config = load_config(home / "ws", overrides={"concurrency": {"solves": 3}})
    assert config.data == {"default-channels": ["a"], "offline": True, "concurrency": {"solves": 3},
                           "shell": {"change-ps1": True, "force-activate": True}}
    assert (config.offline, config.change_ps1, config.concurrent_solves) == (True, True, 3)
    assert config.loaded_from[-1] == home / "ws/.pixi/config.toml"
    assert load_config(home / "ws", no_config=True).default_channels == ["conda-forge"]


def test_reading_keeps_known_keys_and_old_spellings() -> None:
    layer = parse_layer('change_ps1 = false\nodd = 1\n[mirrors]\n"https://a/" = ["https://b/"]\n'
                        '[repodata-config."https://prefix.dev/"]\ndisable-sharded = true\n'
                        "[repodata-config.https]\nbogus = 1\n", Path("c.toml"))
    assert layer.data == {"shell": {"change-ps1": False}, "mirrors": {"https://a/": ["https://b/"]},
                          "repodata-config": {"https://prefix.dev/": {"disable-sharded": True},
                                              "https": {}}}
    assert layer.ignored == ["odd", "repodata-config.https.bogus"]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("offline = true\ninvalid", "TOML parse error", 2),
    ("[concurrency]\nsolves = '2'\n", "`concurrency.solves`", 2),
    ("pinning-strategy = 'sometimes'\n", "expected one of: semver", 1),
])
def test_bad_files_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(ConfigFileError) as caught:
        parse_layer(text, Path("c.toml"))
    assert message in caught.value.message and caught.value.location is not None
    assert caught.value.location.line == line


def test_values_typed_on_the_command_line() -> None:
    assert parse_value("default-channels", '["a", "b"]') == ["a", "b"]
    assert parse_value("detached-environments", "true") is True
    assert parse_value("detached-environments", "/x") == "/x"
    assert parse_value("concurrency.downloads", "8") == 8
    for key, text in (("tls-no-verify", "yes"), ("default-channels", "a"),
                      ("concurrency.solves", "-1"), ("run-post-link-scripts", "maybe")):
        with pytest.raises(ValueError):
            parse_value(key, text)
    assert kind_of(("s3-options", "bucket", "region")) is not None
    assert kind_of(("s3-options", "bucket", "nope")) is None


def test_edits_keep_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\nauthentication-override-file = '/a'  # keep\n")
    set_key(path, "shell.change-ps1", "false")
    add_to_list(path, "pypi-config.extra-index-urls", "https://x/simple", first=False)
    add_to_list(path, "pypi-config.extra-index-urls", "https://w/simple", first=True)
    text = path.read_text()
    assert text.startswith("# mine\nauthentication-override-file = '/a'  # keep\n")
    assert parse_layer(text, path).data["pypi-config"] == {
        "extra-index-urls": ["https://w/simple", "https://x/simple"]}
    set_key(path, "shell.change-ps1", None)
    assert "shell" not in parse_layer(path.read_text(), path).data
    with pytest.raises(PyxiError, match="Unknown key"):
        set_key(path, "shell.colour", "x")
    path.write_text("broken = \n")
    with pytest.raises(ConfigFileError):
        set_key(path, "offline", "true")
    assert path.read_text() == "broken = \n"


def test_merge_replaces_lists_and_merges_tables() -> None:
    assert merged({"a": [1], "t": {"x": 1, "y": 2}}, {"a": [2], "t": {"y": 3}}) == {
        "a": [2], "t": {"x": 1, "y": 3}}
    config = Config({"detached-environments": True, "run-post-link-scripts": "insecure"})
    assert config.detached_environments_dir(Path("/cache")) == Path("/cache/envs")
    assert config.run_post_link_scripts and Config().concurrent_downloads == 50
