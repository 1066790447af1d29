"""Tasks as pixi runs them: depends-on order and failure, args with defaults and filters, cwd,
env priority, inputs/outputs caching, environment choice and ambiguity, `task list --json`."""

from __future__ import annotations

import json

import tomllib
from workflow_world import manifest

TASKS = """
[activation]
scripts = ["setup.sh"]
env = { FROM_ACTIVATION = "activation", BOTH = "activation", SCRIPT_AND_ENV = "env" }

[tasks]
first = "echo first >> order.txt"
second = { cmd = "echo second >> order.txt", depends-on = ["first"] }
third = { cmd = "echo third >> order.txt", depends-on = ["second", "first"] }
fail = { cmd = "exit 7", depends-on = ["first"] }
after-fail = { cmd = "echo never >> order.txt", depends-on = ["fail"] }
greet = { cmd = "echo 'Hello {{ name | title }}' from {{ place }}", args = ["place", { arg = "name", default = "world" }] }
where = { cmd = "pwd", cwd = "sub" }
vars = { cmd = "echo $BOTH $FROM_ACTIVATION $FROM_SCRIPT $SCRIPT_AND_ENV $EPSILON_ACTIVE", env = { BOTH = "task" } }
build = { cmd = "cat in.txt > out.txt && echo built >> log.txt", inputs = ["in.txt"], outputs = ["out.txt"], description = "copy" }
unmatched = { cmd = "echo ran >> unmatched.txt", inputs = ["nothing/*.txt"] }
echo-words = "echo words:"
alias = { depends-on = ["first", "second"] }
"""


def _ws(make_workspace, channel, extra: str = ""):
    ws = make_workspace(manifest(channel.url, 'epsilon = "*"\n' + TASKS + extra))
    (ws.root / "setup.sh").write_text(
        "export FROM_SCRIPT=script\nexport SCRIPT_AND_ENV=script\nexport BOTH=script\n"
    )
    (ws.root / "sub").mkdir()
    return ws


def _order(ws) -> list[str]:
    return (ws.root / "order.txt").read_text().split()


def test_dependencies_run_first_each_once_and_failure_stops(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    ws.pyxi("run", "third")
    assert _order(ws) == ["first", "second", "third"]
    (ws.root / "order.txt").unlink()
    failed = ws.pyxi("run", "after-fail", expect=7)
    assert _order(ws) == ["first"]
    assert "fail" in failed.stderr
    (ws.root / "order.txt").unlink()
    ws.pyxi("run", "alias")
    assert _order(ws) == ["first", "second"]


def test_args_defaults_filters_and_extra_words(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    assert ws.pyxi("run", "greet", "Paris").stdout == "Hello World from Paris\n"
    assert ws.pyxi("run", "greet", "Rome", "ada lovelace").stdout == "Hello Ada Lovelace from Rome\n"
    missing = ws.pyxi("run", "greet", expect=1)
    assert "no value provided for argument 'place' of task `greet`" in missing.stderr
    assert ws.pyxi("run", "echo-words", "a b", "c").stdout == "words: a b c\n"


def test_cwd_and_variable_priority(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    assert ws.pyxi("run", "where").stdout.strip() == str(ws.root / "sub")
    # task env > activation.env > activation scripts > package activation scripts
    assert ws.pyxi("run", "vars").stdout.split() == ["task", "activation", "script", "env", "yes"]


def test_inputs_and_outputs_skip_an_unchanged_task(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    (ws.root / "in.txt").write_text("one")
    ws.pyxi("run", "build")
    skipped = ws.pyxi("run", "build")
    assert "cache hit" in skipped.stderr
    assert "✨ pyxi task (build in default): cat in.txt > out.txt" in skipped.stderr  # as pixi
    assert ": (copy)" in skipped.stderr
    assert (ws.root / "log.txt").read_text() == "built\n"
    (ws.root / "in.txt").write_text("two")
    ws.pyxi("run", "build")
    assert (ws.root / "out.txt").read_text() == "two"
    (ws.root / "out.txt").unlink()
    ws.pyxi("run", "build")
    assert (ws.root / "log.txt").read_text() == "built\n" * 3


ENVIRONMENTS = """
[feature.one.tasks]
both = "echo one"
only-one = "echo only-one"
[feature.two.tasks]
both = "echo two"
[environments]
one = ["one"]
two = ["two"]
"""


def test_environment_choice_and_ambiguity(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel, ENVIRONMENTS)
    ambiguous = ws.pyxi("run", "both", expect=1)
    assert "ambiguous" in ambiguous.stderr
    assert "`one`" in ambiguous.stderr and "`two`" in ambiguous.stderr
    assert ws.pyxi("run", "-e", "two", "both").stdout == "two\n"
    assert ws.pyxi("run", "only-one").stdout == "only-one\n"  # defined in one env only
    assert "first" in ws.pyxi("run", "first").stderr  # default feature -> default env
    # Installed and up to date, a task of another environment is still a task, not a command.
    ws.pyxi("run", "true")
    assert ws.pyxi("run", "only-one").stdout == "only-one\n"
    missing = ws.pyxi("run", "no-such-command-xyz", expect=127)
    assert "no-such-command-xyz" in missing.stderr


def test_task_add_remove_and_list_json(make_workspace, wf_channel):
    ws = make_workspace(manifest(wf_channel.url))
    ws.pyxi("task", "add", "hi", "echo", "hi there", "--description", "says hi", "--env", "A=1")
    ws.pyxi("task", "add", "plain", "echo plain", "-f", "extra")
    ws.pyxi("task", "alias", "all", "hi", "plain")
    ws.pyxi("task", "add", "greet", "echo Hello {{ who }}", "--arg", "who",
            "--default-environment", "default")
    ws.pyxi("task", "add", "--depends-on", "hi", "--", "steps", "")  # no command: an alias
    text = (ws.root / "pixi.toml").read_text()
    assert "# the one package I need" in text
    assert ('greet = { cmd = "echo Hello {{ who }}", args = ["who"], '
            'default-environment = "default" }') in text  # spaced as pixi writes it
    assert 'steps = [{ task = "hi" }]' in text
    ws.pyxi("task", "add", "long", "echo long", "--description", "first line\nsecond line")
    rows = ws.pyxi("task", "list").stdout.splitlines()
    assert "  long                 first line second line" in rows  # one row per task
    assert ws.pyxi("run", "greet", "you").stdout == "Hello you\n"
    assert "[feature.extra.tasks]\nplain = \"echo plain\"" in text
    assert tomllib.loads(text)["tasks"]["all"] == [{"task": "hi"}, {"task": "plain"}]  # pixi's form
    data = json.loads(ws.pyxi("task", "list", "--json").stdout)
    tasks = {t["name"]: t for t in data[0]["features"][0]["tasks"]}
    assert data[0]["environment"] == "default"
    assert tasks["hi"] == {
        "name": "hi", "cmd": "echo 'hi there'", "description": "says hi", "depends_on": [],
        "args": None, "cwd": None, "default_environment": None, "env": {"A": "1"},
        "clean_env": False, "inputs": None, "outputs": None,
    }
    assert tasks["all"]["depends_on"] == [  # pixi's `Dependency` objects
        {"task_name": "hi", "args": None, "environment": None},
        {"task_name": "plain", "args": None, "environment": None}]
    ws.pyxi("task", "remove", "all")
    assert "all" not in (ws.root / "pixi.toml").read_text()
    missing = ws.pyxi("task", "remove", "nope")  # pixi: reported and skipped, exit 0
    assert "task `nope` does not exist for the default feature" in missing.stderr


def test_inputs_that_match_nothing_warn_and_never_cache(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    first = ws.pyxi("run", "unmatched")
    assert "No files matched the input globs for task 'unmatched' (`nothing/*.txt`)" in first.stderr
    second = ws.pyxi("run", "unmatched")
    assert "cache hit" not in second.stderr
    assert (ws.root / "unmatched.txt").read_text() == "ran\nran\n"


def test_a_task_runs_without_path(make_workspace, wf_channel):
    """pixi's task shell needs no PATH (an emptied environment, `env -i`); pyxi's neither."""
    import subprocess
    import sys

    ws = _ws(make_workspace, wf_channel)
    ws.pyxi("install")
    bare = {k: v for k, v in ws.base_env.items() if k != "PATH"}
    done = subprocess.run([sys.executable, "-m", "pyxi", "run", "echo-words", "x"], cwd=ws.root,
                          env=bare, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "words: x\n"), done.stderr


def test_run_with_nothing_lists_the_tasks(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    listed = ws.pyxi("run")
    assert "Available tasks:\n\tafter-fail\n\talias\n" in listed.stderr
    assert "platform add" not in listed.stderr
    manifest = ws.root / "pixi.toml"
    manifest.write_text(manifest.read_text().replace('platforms = ["linux-64"]', 'platforms = ["win-64"]'))
    foreign = ws.pyxi("run")
    assert "help: this platform (linux-64) is not supported by the workspace" in foreign.stderr
    assert "`pyxi workspace platform add linux-64`" in foreign.stderr
