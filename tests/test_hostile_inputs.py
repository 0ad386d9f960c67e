"""Hostile input, part two (issue 14): kits that would run code, planted caches, values that
would become code, files built to exhaust the machine. Every case goes through the CLI and
checks the exit code, the message, that no traceback was printed, and a snapshot of the
file system: nothing outside the target changes, and on a refusal nothing inside it either.
docs/security.md describes the rules; docs/errors.md lists the messages."""

from __future__ import annotations

import dataclasses
import io
import marshal
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from conftest import missing

runner = CliRunner()
BIG = 64 * 1024 * 1024


def state(root: Path) -> dict:
    """Every entry under root without following links or opening special files."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            rel = os.path.relpath(p, root)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as fh:
                    body = fh.read() if st.st_size < BIG else ("size", st.st_size)
                out[rel] = ("file", st.st_mode & 0o7777, body)
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode), st.st_mode & 0o7777)
    return out


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """A cache folder outside tmp_path, so snapshots of tmp_path see only what a command did."""
    folder = tmp_path_factory.mktemp("cache") / "archkit"
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("ARCHKIT_TRUSTED_KITS", raising=False)
    return folder


def cli(tmp_path: Path, args, *, code: int, needles=(), target: str | None = None):
    """Run archkit in tmp_path; check exit code, messages and no traceback. On a non-zero exit
    nothing under tmp_path may change; on success only ``target`` (a folder in it) may."""
    before = state(tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, [str(a) for a in args])
    finally:
        os.chdir(cwd)
    out = result.output
    assert result.exit_code == code, (result.exit_code, out)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in out and "internal error" not in out, out
    for needle in needles:
        assert needle in out, (needle, out)
    after = state(tmp_path)
    if code != 0 or target is None:
        assert after == before, sorted(set(after.items()) ^ set(before.items()), key=str)[:5]
    else:
        outside = {k: v for k, v in after.items() if k != target and not k.startswith(target + os.sep)}
        assert outside == {k: v for k, v in before.items() if k != target and not k.startswith(target + os.sep)}
    return out


def make_kit(tmp_path: Path, files: dict[str, str | bytes] | None = None, name: str = "kit") -> Path:
    kit = tmp_path / name
    (kit / "overlay").mkdir(parents=True)
    (kit / "kit.yaml").write_text("name: hostile\nversion: 1.0.0\n")
    for rel, body in (files or {}).items():
        p = kit / "overlay" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body if isinstance(body, bytes) else body.encode())
    return kit


def new_args(kit: Path, *extra) -> list:
    return ["new", "chat-basic", "--kit", kit, "--no-input", "--no-git", "-o", "out", *extra]


# --- 1. git metadata in a kit overlay: refused always, --trust or not -----------------------------

GIT_METADATA = {
    "nested .git folder": {"vendor/.git/config": "[core]\n\tfsmonitor = touch /tmp/pwned\n"},
    "leading .git": {".git/hooks/pre-commit": "#!/bin/sh\n"},
    "deep .GIT": {"a/b/.GIT/config": "[core]\n\thooksPath = x\n"},
    ".Git mixed case": {"x/.Git/HEAD": "ref: refs/heads/main\n"},
    ".git file (gitlink)": {"vendor/.git": "gitdir: /tmp/elsewhere\n"},
    ".git. (Windows folds the dot)": {"vendor/.git./config": "[core]\n"},
    "git~1 (Windows short name)": {"vendor/git~1/config": "[core]\n"},
    ".g\u200cit (macOS ignores the joiner)": {"vendor/.g\u200cit/config": "[core]\n"},
    ".gitmodules": {".gitmodules": "[submodule \"x\"]\n\tpath = x\n\turl = ../x\n"},
    "nested .gitmodules": {"lib/.gitmodules": "[submodule \"x\"]\n"},
    "bare repository": {"vendor/repo/HEAD": "ref: refs/heads/main\n", "vendor/repo/config": "[core]\n\tbare = true\n",
                        "vendor/repo/refs/heads/main": "0" * 40 + "\n"},
}


@pytest.mark.parametrize("trust", [False, True], ids=["plain", "trusted"])
@pytest.mark.parametrize("case", list(GIT_METADATA))
def test_git_metadata_in_an_overlay_is_refused_even_with_trust(tmp_path, case, trust):
    kit = make_kit(tmp_path, GIT_METADATA[case])
    extra = ["--trust"] if trust else []
    out = cli(tmp_path, new_args(kit, *extra), code=2, needles=["not even with --trust"])
    assert "overlay" in out


@pytest.mark.parametrize("trust", [False, True], ids=["plain", "trusted"])
def test_an_overlay_name_that_renders_to_git_is_refused(tmp_path, trust):
    kit = make_kit(tmp_path, {"{{ '.g' ~ 'it' }}/config": "[core]\n\tfsmonitor = x\n"})
    cli(tmp_path, new_args(kit, *(["--trust"] if trust else [])), code=2,
        needles=["renders to '.git/config'", "belongs to archkit and git"])


# --- 2. files that run on their own need --trust -------------------------------------------------

AUTO_RUN = {
    ".pre-commit-config.yaml": ("repos:\n- repo: local\n  hooks:\n  - id: x\n    entry: touch /tmp/p\n"
                                "    language: system\n", "pre-commit"),
    ".vscode/tasks.json": ('{"version": "2.0.0", "tasks": [{"label": "x", "command": "id", '
                           '"runOptions": {"runOn": "folderOpen"}}]}', "VS Code"),
    ".VSCode/settings.json": ('{"terminal.integrated.shell.linux": "/tmp/x"}', "VS Code"),
    ".idea/workspace.xml": ("<project/>", "JetBrains"),
    ".devcontainer/devcontainer.json": ('{"postCreateCommand": "id"}', "dev container"),
    ".devcontainer.json": ('{"onCreateCommand": "id"}', "dev container"),
    ".envrc": ("export X=1\n", "direnv"),
    ".env": ("PYTHONSTARTUP=/tmp/x.py\n", "environment"),
    ".env.local": ("NODE_OPTIONS=--require /tmp/x.js\n", "environment"),
    ".githooks/pre-commit": ("#!/bin/sh\nid\n", "git hooks"),
    ".husky/pre-commit": ("id\n", "husky"),
    "lefthook.yml": ("pre-commit:\n  commands:\n    x:\n      run: id\n", "lefthook"),
    "Makefile": ("all:\n\tid\n", "make"),
    "justfile": ("default:\n  id\n", "just"),
    "package.json": ('{"scripts": {"prepare": "id"}}', "npm"),
    ".yarnrc.yml": ("yarnPath: ./x.cjs\n", "yarn"),
    "tools/x.PY": ("print(1)\n", "Python"),
    "scripts/run.Sh": ("id\n", "shell script"),
    "setup.ps1": ("Get-Process\n", "PowerShell"),
    "build.BAT": ("dir\n", "batch"),
    "team.code-workspace": ('{"tasks": {}}', "workspace"),
    ".gitattributes": ("*.tf filter=evil\n", "filter, diff or merge"),
}


@pytest.mark.parametrize("rel", list(AUTO_RUN))
def test_files_that_run_on_their_own_need_trust(tmp_path, rel):
    body, what = AUTO_RUN[rel]
    kit = make_kit(tmp_path, {rel: body})
    cli(tmp_path, new_args(kit), code=2, needles=["contains code", f"overlay/{rel}", what, "--trust"])


def test_an_executable_bit_needs_trust(tmp_path):
    kit = make_kit(tmp_path, {"bin/tool": "#!/bin/sh\nid\n"})
    (kit / "overlay" / "bin" / "tool").chmod(0o755)
    cli(tmp_path, new_args(kit), code=2, needles=["overlay/bin/tool", "executable bit"])


def test_an_executable_bit_from_a_pinned_kit_needs_trust(tmp_path):
    kit = make_kit(tmp_path, {"bin/tool": "#!/bin/sh\nid\n"})
    (kit / "overlay" / "bin" / "tool").chmod(0o755)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "kit"], ["tag", "v1"]):
        subprocess.run(git + args, cwd=kit, check=True, capture_output=True)
    cli(tmp_path, ["new", "chat-basic", "--kit", f"{kit}@v1", "--no-input", "--no-git", "-o", "out"], code=2,
        needles=["overlay/bin/tool", "executable bit"])


def test_gitattributes_that_render_a_driver_need_trust(tmp_path):
    kit = make_kit(tmp_path, {".gitattributes": "*.tf {{ 'fil' ~ 'ter' }}=evil\n"})
    cli(tmp_path, new_args(kit), code=2, needles=["renders to '.gitattributes'", "filter, diff or merge", "needs --trust"])


def test_an_overlay_name_that_renders_to_an_auto_run_file_needs_trust(tmp_path):
    kit = make_kit(tmp_path, {"{{ '.vs' ~ 'code' }}/tasks.json": '{"tasks": []}'})
    cli(tmp_path, new_args(kit), code=2, needles=["renders to '.vscode/tasks.json'", "VS Code", "needs --trust"])


@pytest.mark.parametrize("rel", [".vscode/tasks.json", "Makefile", "tools/x.PY", ".gitattributes"])
def test_with_trust_the_files_are_written_inside_the_target_only(tmp_path, rel):
    body, _what = AUTO_RUN[rel]
    kit = make_kit(tmp_path, {rel: body})
    out = cli(tmp_path, new_args(kit, "--trust"), code=0, target="out")
    assert "is trusted" in out
    assert (tmp_path / "out" / rel).read_text() == body


@pytest.mark.parametrize("rel, body", [
    (".gitattributes", "*.sh text eol=lf\n*.png binary\n"),  # no program is named
    (".github/workflows/ci.yml", "on: push\njobs: {}\n"),  # runs remotely, after review (docs/security.md)
    ("docs/hooks.md", "# Hooks we use\n"),
])
def test_inert_files_need_no_trust(tmp_path, rel, body):
    kit = make_kit(tmp_path, {rel: body})
    cli(tmp_path, new_args(kit), code=0, target="out")
    assert (tmp_path / "out" / rel).read_text() == body


# --- 3. caches: nothing executable from a place another user can write; damage is rebuilt -----------

class _Payload:
    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _catalog_cache():
    from generator.catalog.cache import cache_path
    from generator.paths import catalog_dir

    return cache_path(catalog_dir())


def _plant_catalog(title: str | None = None, payload=None) -> Path:
    """Write a well-formed cache for the shipped catalog, with chat-baseline changed."""
    from generator.catalog import cache, load_catalog
    from generator.paths import catalog_dir

    fresh = load_catalog(use_cache=False)
    entries = dict(fresh.architectures)
    if title is not None:
        entries["chat-baseline"] = dataclasses.replace(entries["chat-baseline"], title=title)
    if payload is not None:
        entries["chat-baseline"] = payload
    fresh.architectures = entries
    path = _catalog_cache()
    cache.write(path, fresh, cache.Snapshot(catalog_dir()))
    return path


def test_a_pickle_with_code_in_the_header_never_runs(tmp_path):
    from generator.catalog.cache import _MAGIC

    marker = tmp_path / "ran"
    path = _catalog_cache()
    path.parent.mkdir(parents=True, exist_ok=True)
    header = pickle.dumps(_Payload(marker))
    path.write_bytes(_MAGIC + len(header).to_bytes(8, "little") + header)
    path.chmod(0o600)
    cli(tmp_path, ["list"], code=0, needles=["chat-baseline"])
    assert not marker.exists()


def test_a_pickle_with_code_in_an_entry_never_runs(tmp_path):
    marker = tmp_path / "ran"
    _plant_catalog(payload=_Payload(marker))
    cli(tmp_path, ["show", "chat-baseline"], code=0, needles=["chat-baseline"])
    assert not marker.exists()


def test_a_private_cache_is_used_which_the_next_tests_rely_on(tmp_path):
    _plant_catalog(title="PLANTED TITLE")
    cli(tmp_path, ["show", "chat-baseline"], code=0, needles=["PLANTED TITLE"])


@pytest.mark.parametrize("how", ["file group-writable", "file world-writable", "folder world-writable",
                                 "folder is a link", "file is a link", "file of another user"])
def test_a_cache_another_user_could_have_written_is_not_read(tmp_path, how, monkeypatch, private_cache):
    path = _plant_catalog(title="PLANTED TITLE")
    if how == "file group-writable":
        path.chmod(0o620)
    elif how == "file world-writable":
        path.chmod(0o606)
    elif how == "folder world-writable":
        private_cache.chmod(0o777)
    elif how == "folder is a link":
        real = private_cache.with_name("real")
        private_cache.rename(real)
        private_cache.symlink_to(real)
    elif how == "file is a link":
        planted = path.with_name("planted")
        path.rename(planted)
        path.symlink_to(planted)
    else:  # chown needs root; the owner check compares with this uid, so say we are someone else
        from generator import cachedir

        monkeypatch.setattr(cachedir, "_uid", lambda: os.getuid() + 1)
    out = cli(tmp_path, ["show", "chat-baseline"], code=0, needles=["chat-baseline"])
    assert "PLANTED" not in out


@pytest.mark.parametrize("damage", ["flip bytes in an entry", "truncate mid-entry", "zero the header"])
def test_a_damaged_cache_is_rebuilt_never_exit_3(tmp_path, damage):
    cli(tmp_path, ["list"], code=0)
    path = _catalog_cache()
    data = bytearray(path.read_bytes())
    if damage == "flip bytes in an entry":
        for i in range(len(data) - 4000, len(data) - 3000):
            data[i] ^= 0x5A
    elif damage == "truncate mid-entry":
        data = data[: len(data) - 1500]
    else:
        data[30:400] = bytes(370)
    path.write_bytes(bytes(data))
    for args in (["list"], ["show", "chat-baseline"], ["show", "rag"]):
        cli(tmp_path, args, code=0)
    assert _catalog_cache().read_bytes() != bytes(data) or damage == "zero the header"


def _jinja_entries(cache_folder: Path) -> list[Path]:
    return sorted((cache_folder / "jinja").glob("*.cache"))


def _new_process(tmp_path: Path, target: str, cache_folder: Path) -> None:
    """`archkit new` in a fresh process: in this one Jinja keeps compiled templates in memory."""
    env = {**os.environ, "ARCHKIT_CACHE_DIR": str(cache_folder),
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    before = state(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "generator", "new", "chat-basic", "--no-input", "--no-git",
                           "-o", target], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    after = state(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith(target)} == before


def test_planted_jinja_bytecode_never_runs(tmp_path, private_cache):
    from jinja2.bccache import Bucket, bc_magic

    _new_process(tmp_path, "first", private_cache)
    marker = tmp_path.parent / f"{tmp_path.name}-ran"
    entries = _jinja_entries(private_cache)
    assert entries
    for entry in entries:
        data = entry.read_bytes()
        body = io.BytesIO(data[32:])
        assert body.read(len(bc_magic)) == bc_magic
        checksum = pickle.load(body)
        evil = bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(
            compile(f"open({str(marker)!r}, 'w').close()", "<planted>", "exec"))
        entry.write_bytes(data[:32] + evil)  # the old signature, a new body
    # the planted body is valid Jinja bytecode: loaded unchecked, it would run
    bucket = Bucket(None, "k", checksum)
    bucket.bytecode_from_string(evil)
    assert bucket.code is not None
    _new_process(tmp_path, "second", private_cache)
    assert not marker.exists()
    assert state(tmp_path / "first") == state(tmp_path / "second")


def test_a_copied_cache_folder_is_recompiled_not_trusted(tmp_path, private_cache):
    _new_process(tmp_path, "a", private_cache)
    restored = private_cache.with_name("restored")
    shutil.copytree(private_cache, restored)  # a CI cache restore: same bytes, new files
    before = {p.name: p.read_bytes() for p in _jinja_entries(restored)}
    assert before
    _new_process(tmp_path, "b", restored)
    after = {p.name: p.read_bytes() for p in _jinja_entries(restored)}
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)
    assert state(tmp_path / "a") == state(tmp_path / "b")


# --- 10. values reach Bicep and Terraform as literals, proven by parsing ------------------------------

HOSTILE_VALUES = [
    "O'Brien", 'say "hi"', "back\\slash", "trailing\\", "two\nlines", "crlf\r\nend", "tab\there",
    "${subscription().subscriptionId}", "$${already}", "%{ if true }x%{ endif }", "%%{x}", "\\${x}",
    "'${x}'", "unicode ☃ é 😀 \u2028", "ctrl\x01\x1b", "{{ 7*7 }}", "*/ /* // # <!--", "$", "%",
]
HOSTILE_NAMES = ["O'Neil", 'dq"name', "sp ace", "${k}", "a{b}c", "ünï"]


def _tag_args() -> list[str]:
    args = []
    for i, value in enumerate(HOSTILE_VALUES):
        args += ["--set", f"tags.t{i}={value}"]
    for name in HOSTILE_NAMES:
        args += ["--set", f"tags.{name}=v"]
    return args


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    """One repository per flavour holding every hostile value and name, validated by archkit."""
    base = tmp_path_factory.mktemp("tagged")
    os.environ.setdefault("ARCHKIT_CACHE_DIR", str(base / "cache"))
    out = {}
    for iac in ("bicep", "terraform"):
        target = base / iac
        result = runner.invoke(app, ["new", "chat-basic", "--iac", iac, "--no-input", "--no-git", "-o", str(target),
                                     *_tag_args()])
        assert result.exit_code == 0, result.output
        check = runner.invoke(app, ["validate", str(target)])
        # (pycep-parser, one of validate's two Bicep parsers, misreads a value ending in a backslash
        # and says so as a warning; tree-sitter-bicep and the checks below read it right)
        assert check.exit_code == 0 and "\n0 error(s)" in check.output, check.output
        out[iac] = target
    return out


_BICEP_ESCAPES = {"\\\\": "\\", "\\'": "'", "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\$": "$"}


def _bicep_decode(raw: str) -> str:
    """A Bicep single-quoted string body as the language defines it (escapes, no interpolation)."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\":
            if raw[i + 1] == "u":
                end = raw.index("}", i)
                out.append(chr(int(raw[i + 3:end], 16)))
                i = end + 1
            else:
                out.append(_BICEP_ESCAPES[raw[i:i + 2]])
                i += 2
            continue
        assert not raw.startswith("${", i), f"live interpolation in {raw!r}"
        out.append(raw[i])
        i += 1
    return "".join(out)


@pytest.fixture(scope="module")
def bicep_tags(tagged) -> dict:
    try:
        import tree_sitter
        import tree_sitter_bicep
    except ImportError:
        missing("tree-sitter-bicep (archkit[validate])", "`make test` installs it")
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))
    text = (tagged["bicep"] / "infra" / "main.bicep").read_bytes()
    tree = parser.parse(text)
    assert not tree.root_node.has_error
    param = next(n for n in tree.root_node.children
                 if n.type == "parameter_declaration" and n.text.startswith(b"param tags object"))
    obj = next(c for c in param.children if c.type == "object")
    tags = {}
    for prop in (c for c in obj.children if c.type == "object_property"):
        key, value = prop.children[0], prop.children[-1]
        if value.type != "string":
            continue  # workloadName, environmentName
        for s in (key, value):
            assert not any(c.type == "interpolation" for c in s.children), s.text
        tags[_bicep_decode(key.text.decode()[1:-1])] = _bicep_decode(value.text.decode()[1:-1])
    return tags


@pytest.fixture(scope="module")
def terraform_tags(tagged) -> dict:
    try:
        import pygohcl
    except ImportError:
        missing("pygohcl (HashiCorp's HCL parser; a test dependency)", "`make test` installs it")
    text = (tagged["terraform"] / "infra" / "locals.tf").read_text(encoding="utf-8")
    start = text.index("tags = merge({") + len("tags = merge(")
    end = text.index("}, var.tags)", start) + 1
    return pygohcl.loads("t = " + text[start:end] + "\n")["t"]


@pytest.mark.parametrize("i", range(len(HOSTILE_VALUES)), ids=[repr(v)[:30] for v in HOSTILE_VALUES])
def test_tag_values_read_back_exactly_in_bicep_and_terraform(i, bicep_tags, terraform_tags):
    assert bicep_tags[f"t{i}"] == HOSTILE_VALUES[i]
    assert terraform_tags[f"t{i}"] == HOSTILE_VALUES[i]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_tag_names_read_back_exactly_in_bicep_and_terraform(name, bicep_tags, terraform_tags):
    assert bicep_tags[name] == "v" and terraform_tags[name] == "v"


@pytest.mark.parametrize("name", ["bad<name", "a/b", "x&y", "ctl\x01", "pct%"])
def test_tag_names_in_an_answers_file_obey_the_set_rule(tmp_path, name):
    import yaml

    (tmp_path / "answers.yml").write_text(yaml.safe_dump({"name": "contoso", "tags": {"ok": "1", name: "v"}}))
    out = cli(tmp_path, ["new", "chat-basic", "--answers-file", "answers.yml", "--no-input", "-o", "out"], code=2,
              needles=["answers.yml:", "invalid tag name"])
    assert "tags." in out


@pytest.mark.parametrize("line, field", [('name: "kit\\n"', "name"), ('version: "1.0.0\\n"', "version"),
                                         ('name: "kit\\n// injected"', "name")])
def test_kit_identifiers_written_into_code_are_single_line(tmp_path, line, field):
    kit = make_kit(tmp_path)
    text = (kit / "kit.yaml").read_text()
    (kit / "kit.yaml").write_text("\n".join(line if x.startswith(field + ":") else x for x in text.splitlines()) + "\n")
    cli(tmp_path, new_args(kit), code=2, needles=[f"kit/kit.yaml:", f"{field}: ", "does not match"])


# --- 11. YAML that would exhaust the machine: refused with file:line ---------------------------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
MERGES = "a0: &a0 {k: v}\n" + "".join(f"a{i + 1}: &a{i + 1} {{<<: [*a{i}, *a{i}]}}\n" for i in range(40))
YAML_BOMBS = {
    "billion laughs": (LAUGHS, "billion laughs"),
    "merge-key doubling": (MERGES, "billion laughs"),
    "recursive alias": ("a: &a [1, *a]\n", "recursive alias"),
    "20,000 deep flow": ("name: x\nx: " + "[" * 20000 + "]" * 20000 + "\n", "nested deeper than 64"),
    "1,000,000 deep flow": ("[" * 1_000_000 + "]" * 1_000_000 + "\n", "nested deeper than 64"),
    "1,500 deep block": ("name: x\nx:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1500)), "nested deeper"),
    "compact sequences": ("- " * 20000 + "x\n", "nested deeper than 64"),
    "200 deep mapping": ("a: " + "{b: " * 200 + "1" + "}" * 200 + "\n", "nested deeper than 64"),
    # not a bomb, but data lost without a word: YAML keeps the last of two equal keys
    "duplicate key": ("name: a\nx: 1\nname: b\n", ":3: (top): duplicate key 'name' (first on line 1)"),
}


@pytest.mark.parametrize("case", list(YAML_BOMBS))
def test_yaml_bombs_in_kit_yaml(tmp_path, case):
    text, needle = YAML_BOMBS[case]
    kit = make_kit(tmp_path)
    (kit / "kit.yaml").write_text(text)
    cli(tmp_path, new_args(kit), code=2, needles=["kit/kit.yaml:", needle])


@pytest.mark.parametrize("case", list(YAML_BOMBS))
def test_yaml_bombs_in_an_answers_file(tmp_path, case):
    text, needle = YAML_BOMBS[case]
    (tmp_path / "answers.yml").write_text(text)
    cli(tmp_path, ["new", "chat-basic", "--answers-file", "answers.yml", "--no-input", "-o", "out"], code=2,
        needles=["answers.yml:", needle])


@pytest.fixture(scope="module")
def rendered_repo(tmp_path_factory):
    base = tmp_path_factory.mktemp("repo")
    os.environ.setdefault("ARCHKIT_CACHE_DIR", str(base / "cache"))
    result = runner.invoke(app, ["new", "chat-basic", "--no-input", "-o", str(base / "repo")])
    assert result.exit_code == 0, result.output
    return base / "repo"


@pytest.mark.parametrize("case", ["billion laughs", "merge-key doubling", "1,000,000 deep flow", "recursive alias"])
def test_yaml_bombs_in_the_recorded_answers(tmp_path, rendered_repo, case):
    text, needle = YAML_BOMBS[case]
    repo = tmp_path / "repo"
    shutil.copytree(rendered_repo, repo, symlinks=True)
    (repo / ".archkit" / "answers.yml").write_text(text)
    cli(tmp_path, ["check", "repo"], code=2, needles=[".archkit/answers.yml:", needle])


@pytest.mark.parametrize("where", ["answers-file", "kit.yaml"])
def test_yaml_from_a_fifo_or_device_is_refused_without_blocking(tmp_path, where):
    if where == "kit.yaml":
        kit = make_kit(tmp_path)
        (kit / "kit.yaml").unlink()
        os.mkfifo(kit / "kit.yaml")
        args = new_args(kit)
    else:
        (tmp_path / "answers.yml").symlink_to("/dev/zero")
        args = ["new", "chat-basic", "--answers-file", "answers.yml", "--no-input", "-o", "out"]
    cli(tmp_path, args, code=2, needles=["not a regular file"])


# --- 12. validate reads regular files inside the repository only ------------------------------------

def _validate(repo: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    """In a child process, so a read that blocks fails the test instead of hanging it."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "generator", "validate", str(repo)], capture_output=True,
                          text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def tf_repo(tmp_path_factory):
    base = tmp_path_factory.mktemp("tf")
    result = runner.invoke(app, ["new", "chat-basic", "--iac", "terraform", "--no-input", "--no-git",
                                 "-o", str(base / "repo")])
    assert result.exit_code == 0, result.output
    return base / "repo"


def _plant(repo: Path, outside: Path, how: str) -> str:
    if how == "FIFO as a .tf file":
        os.mkfifo(repo / "infra" / "x.tf")
        return "infra/x.tf:1: file-unreadable: a FIFO"
    if how == "FIFO as a .tftest.hcl":
        os.mkfifo(repo / "infra" / "t.tftest.hcl")
        return "infra/t.tftest.hcl:1: file-unreadable: a FIFO"
    if how == "FIFO as a checklist":
        os.mkfifo(repo / "docs" / "checklists" / "zz.md")
        return "docs/checklists/zz.md:1: file-unreadable: a FIFO"
    if how == "link to /dev/zero":
        (repo / "infra" / "z.tf").symlink_to("/dev/zero")
        return "infra/z.tf:1: file-unreadable: a symbolic link to /dev/zero, outside the repository"
    if how == "link to a file outside":
        (outside / "secret.tf").write_text('locals {\n  x = "outside"\n}\n')
        (repo / "infra" / "modules" / "s.tf").symlink_to(outside / "secret.tf")
        return "infra/modules/s.tf:1: file-unreadable: a symbolic link to"
    if how == "dangling link":
        (repo / "infra" / "gone.tf").symlink_to(repo / "nowhere.tf")
        return "infra/gone.tf:1: file-unreadable: a symbolic link that leads nowhere"
    if how == "link to a folder outside":
        (repo / "infra" / "ext").symlink_to(outside)
        (outside / "big.tf").write_text("x")
        return "infra/ext:1: file-unreadable: a symbolic link to"
    if how == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(repo / "infra" / "s.sock"))
        sock.close()
        return "infra/s.sock:1: file-unreadable: a socket"
    if how == "infra is a link outside":
        shutil.move(repo / "infra", outside / "infra")
        (repo / "infra").symlink_to(outside / "infra")
        return "infra:1: file-unreadable: a symbolic link to"
    if how == "checklists folder linked outside":
        shutil.move(repo / "docs" / "checklists", outside / "checklists")
        (repo / "docs" / "checklists").symlink_to(outside / "checklists")
        return "file-unreadable: reached through a linked folder that leads outside the repository"
    if how == "20,000-deep HCL":
        (repo / "infra" / "deep.tf").write_text("locals {\n  x = " + "[" * 20000 + "]" * 20000 + "\n}\n")
        return "infra/deep.tf:1: tf-syntax: file is nested too deeply to parse"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["FIFO as a .tf file", "FIFO as a .tftest.hcl", "FIFO as a checklist",
                                 "link to /dev/zero", "link to a file outside", "dangling link",
                                 "link to a folder outside", "socket", "infra is a link outside",
                                 "checklists folder linked outside", "20,000-deep HCL"])
def test_validate_reads_only_regular_files_inside_the_repository(tmp_path, tf_repo, how):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    shutil.copytree(tf_repo, repo, symlinks=True)
    outside.mkdir()
    needle = _plant(repo, outside, how)
    before = state(tmp_path)
    proc = _validate(repo)
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert needle in proc.stdout, proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout and "internal error" not in proc.stderr
    assert state(tmp_path) == before


def test_an_unreadable_folder_is_a_finding(tmp_path, tf_repo, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(tf_repo, repo, symlinks=True)
    locked = sorted(p for p in (repo / "infra" / "modules").iterdir() if p.is_dir())[0]
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads a chmod-000 folder: make listing it fail as it would for anyone else
        real_scandir = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        out = cli(tmp_path, ["validate", "repo"], code=1,
                  needles=[f"infra/modules/{locked.name}:1: file-unreadable: cannot read folder: Permission denied"])
    finally:
        locked.chmod(0o755)
    assert "error(s)" in out


# --- 13. overlay templates: bounded in time and size ------------------------------------------------

@pytest.mark.parametrize("template, needle", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "ran for more than 1 s"),
    ("{{ 'x' * 1000000000 }}", "builds a sequence of 1,000,000,000 items"),
    ("{{ ([0] * 100000000) | length }}", "builds a sequence of 100,000,000 items"),
    ("{{ 2 ** 10000000 }}", "exponents above 64"),
    ("{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}", "renders to more than 5 MB"),
    ("{% if true %}" * 3000 + "x" + "{% endif %}" * 3000, "does not render"),
])
def test_overlay_templates_are_bounded(tmp_path, monkeypatch, template, needle):
    from generator.kits import overlay

    monkeypatch.setattr(overlay, "RENDER_SECONDS", 1.0)
    kit = make_kit(tmp_path, {"big.txt": template})
    cli(tmp_path, new_args(kit), code=2, needles=["kit/overlay/big.txt", needle])


def test_kit_validate_stops_at_the_first_exhausted_budget(tmp_path, monkeypatch):
    from generator.kits import overlay

    calls = []
    real = overlay._render_all
    monkeypatch.setattr(overlay, "RENDER_SECONDS", 0.5)
    monkeypatch.setattr(overlay, "_render_all", lambda *a: calls.append(1) or real(*a))
    kit = make_kit(tmp_path, {"slow.txt": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"})
    cli(tmp_path, ["kit", "validate", kit], code=1, needles=["kit/overlay/slow.txt", "ran for more than 0.5 s"])
    assert len(calls) == 1, "every catalog entry spent the budget again"


def test_a_sparse_huge_overlay_file_is_refused_before_it_is_read(tmp_path):
    kit = make_kit(tmp_path)
    with open(kit / "overlay" / "sparse.bin", "wb") as fh:
        fh.truncate(8 * 1024 ** 3)
    cli(tmp_path, new_args(kit), code=2, needles=["more than 500 files or 20 MB"])


@pytest.mark.parametrize("how", ["fifo", "link to /dev/zero"])
def test_special_overlay_files_are_refused(tmp_path, how):
    kit = make_kit(tmp_path)
    if how == "fifo":
        os.mkfifo(kit / "overlay" / "pipe.txt")
        needle = "not a regular file"
    else:
        (kit / "overlay" / "zero.txt").symlink_to("/dev/zero")
        needle = "outside the kit folder"
    cli(tmp_path, new_args(kit), code=2, needles=[needle])


# --- 14. kit init never writes through a link ----------------------------------------------------------

@pytest.mark.parametrize("how", ["folder is a dangling link", "folder is a link to a folder", "kit.yaml is a dangling link",
                                 "README.md is a link", "overlay is a link"])
def test_kit_init_never_follows_a_link(tmp_path, how):
    victim = tmp_path / "victim"
    kit = tmp_path / "kit"
    if how == "folder is a dangling link":
        kit.symlink_to(victim)
    elif how == "folder is a link to a folder":
        victim.mkdir()
        kit.symlink_to(victim)
    else:
        kit.mkdir()
        name = {"kit.yaml is a dangling link": "kit.yaml", "README.md is a link": "README.md",
                "overlay is a link": "overlay"}[how]
        if name == "overlay":
            victim.mkdir()
        (kit / name).symlink_to(victim)
    cli(tmp_path, ["kit", "init", "kit"], code=2, needles=["is a symbolic link"])
    assert not victim.exists() or not any(victim.iterdir())
