"""Task templates through the real CLI: MiniJinja in `cmd`, `env`, `inputs`/`outputs` and
`depends-on` args, pixi's `pixi` object, located template errors, and `run --templated`."""

from __future__ import annotations

from workflow_world import manifest

TASKS = """
[tasks]
branch = "echo {% if pixi.is_win %}windows{% else %}unix-{{ pixi.is_linux }}{% endif %}"
loop = { cmd = "{% for n in names | split(',') %}echo hi-{{ n }};{% endfor %}", args = [{ arg = "names", default = "a,b" }] }
math = { cmd = "echo {{ a + b }} {{ (n | int) * 2 }}", args = ["a", { arg = "b", default = "!" }, { arg = "n", default = "21" }] }
where = "echo {{ pixi.platform }} {{ pixi.environment.name }} {{ pixi.manifest_path }} {{ pixi.is_linux }}"
envs = { cmd = "echo $GREETING $MODE", env = { GREETING = "hello-{{ who | upper }}", MODE = "{{ pixi.environment.name }}" }, args = [{ arg = "who", default = "all" }] }
make = { cmd = "mkdir -p out && echo {{ name }} > out/{{ name }}.txt && echo ran-{{ name }} >> log.txt", inputs = ["in/{{ name }}.txt"], outputs = ["out/{{ name }}.txt"], args = ["name"] }
base = { cmd = "echo base {{ a1 }} {{ a2 }} {{ a3 }} >> deps.txt", args = ["a1", { arg = "a2", default = "d2" }, { arg = "a3", default = "d3" }] }
named = [{ task = "base", args = [{ a2 = "n2" }, { a1 = "n1" }] }]
positional = { cmd = "echo done-{{ v }} >> deps.txt", depends-on = [{ task = "base", args = ["p1", { a3 = "{{ v }}-3" }] }], args = [{ arg = "v", default = "pv" }] }
unknown-arg = { depends-on = [{ task = "base", args = ["x", { nope = "1" }] }] }
chain = "echo ran >> chain.txt"
undefined = { cmd = "echo {{ nothing }}", depends-on = ["chain"] }
broken = "echo {% if pixi.is_linux %}yes"
plain = "echo plain {{"
"""


def _ws(make_workspace, channel):
    return make_workspace(manifest(channel.url, TASKS))


def _line(ws, start: str) -> int:
    lines = (ws.root / "pixi.toml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def test_control_flow_filters_arithmetic_and_the_pixi_object(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    assert ws.pyxi("run", "branch").stdout == "unix-True\n"
    assert ws.pyxi("run", "loop").stdout == "hi-a\nhi-b\n"
    assert ws.pyxi("run", "loop", "x,y,z").stdout == "hi-x\nhi-y\nhi-z\n"
    assert ws.pyxi("run", "math", "ab").stdout == "ab! 42\n"
    assert ws.pyxi("run", "math", "a", "b", "5").stdout == "ab 10\n"
    manifest_path = ws.root / "pixi.toml"
    assert ws.pyxi("run", "where").stdout == f"linux-64 default {manifest_path} True\n"
    assert ws.pyxi("run", "envs").stdout == "hello-ALL default\n"
    assert ws.pyxi("run", "envs", "bo").stdout == "hello-BO default\n"


def test_templated_inputs_and_outputs_cache_per_argument(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    (ws.root / "in").mkdir()
    for name in ("a", "b"):
        (ws.root / "in" / f"{name}.txt").write_text(name)
    ws.pyxi("run", "make", "a")
    assert "cache hit" in ws.pyxi("run", "make", "a").stderr
    ws.pyxi("run", "make", "b")
    assert "cache hit" in ws.pyxi("run", "make", "a").stderr  # b did not evict a
    assert (ws.root / "out" / "b.txt").read_text() == "b\n"
    (ws.root / "in" / "a.txt").write_text("changed")
    ws.pyxi("run", "make", "a")
    assert (ws.root / "log.txt").read_text().split() == ["ran-a", "ran-b", "ran-a"]


def test_named_and_positional_depends_on_args(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    ws.pyxi("run", "named")
    ws.pyxi("run", "positional")
    ws.pyxi("run", "positional", "cli")
    assert (ws.root / "deps.txt").read_text().splitlines() == [
        "base n1 n2 d3",
        "base p1 d2 pv-3",
        "done-pv",
        "base p1 d2 cli-3",
        "done-cli",
    ]
    bad = ws.pyxi("run", "unknown-arg", expect=1)
    assert "error: argument 'nope' does not exist: task `base` (in the `depends-on` of task `unknown-arg`) has no such argument" in bad.stderr
    assert f"pixi.toml:{_line(ws, 'unknown-arg')}" in bad.stderr
    assert "its arguments are: a1, a2, a3" in bad.stderr


def test_template_errors_name_task_file_and_line(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    broken = ws.pyxi("run", "broken", expect=1)
    assert (
        "error: cannot render the `cmd` of task `broken`: syntax error: unexpected end of input, "
        "expected end of block"
    ) in broken.stderr
    assert f"pixi.toml:{_line(ws, 'broken')}" in broken.stderr
    assert "echo {% if pixi.is_linux %}yes" in broken.stderr
    undefined = ws.pyxi("run", "undefined", expect=1)
    assert "undefined value: `nothing` is undefined" in undefined.stderr
    assert not (ws.root / "chain.txt").exists()  # rendered before anything ran
    plain = ws.pyxi("run", "plain", expect=1)  # `{{` alone is a template too, as in pixi
    assert "cannot render the `cmd` of task `plain`" in plain.stderr
    for result in (broken, undefined, plain):
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert ws.pyxi("run", "branch").stdout == "unix-True\n"  # the rest of the workspace works


def test_run_templated_renders_an_ad_hoc_command(make_workspace, wf_channel):
    ws = _ws(make_workspace, wf_channel)
    assert ws.pyxi("run", "echo", "{{ pixi.platform }}").stdout == "{{ pixi.platform }}\n"
    rendered = ws.pyxi("run", "--templated", "echo", "{{ pixi.platform }}", "{{ pixi.is_linux }}")
    assert rendered.stdout == "linux-64 True\n"
    shell = ws.pyxi("run", "--templated", "echo {{ pixi.environment.name | upper }} && echo two")
    assert shell.stdout == "DEFAULT\ntwo\n"
    failed = ws.pyxi("run", "--templated", "echo", "{{ hello }}", expect=1)
    assert "cannot render the command: undefined value: `hello` is undefined" in failed.stderr
