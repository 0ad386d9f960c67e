"""Conventions a CLI user expects: -h, shell completion, --json with a versioned shape on every
command that reports, colour that honours NO_COLOR / FORCE_COLOR / pipes, tables that fit the
terminal, "did you mean" only for close ids, exit 130 on Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from conftest import missing
from generator.cli import app

REPO = Path(__file__).resolve().parents[1]
ARCHKIT = Path(sys.executable).parent / "archkit"
CONTOSO_KIT = Path(__file__).parent / "fixtures" / "kits" / "contoso"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
runner = CliRunner()


def run(*args: str, env: dict | None = None, tmp: Path | None = None) -> subprocess.CompletedProcess:
    if not ARCHKIT.is_file():
        missing(str(ARCHKIT), "`make venv` installs the archkit console script")
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    if tmp is not None:
        base["ARCHKIT_CACHE_DIR"] = str(tmp / "cache")
    return subprocess.run([str(ARCHKIT), *args], capture_output=True, text=True, env={**base, **(env or {})},
                          timeout=120)


def click_commands():
    """(path, click command) for every leaf command."""
    import typer.main

    root = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, [*path, name])
        else:
            out.append((path, cmd))

    walk(root, [])
    return out


# --- -h and shell completion ------------------------------------------------------------------


@pytest.mark.parametrize("args", [["-h"], ["new", "-h"], ["kit", "validate", "-h"], ["catalog", "-h"]])
def test_dash_h_is_help(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: archkit")


def test_completion_can_be_shown_and_completes_commands_and_ids(tmp_path):
    assert "--install-completion" in runner.invoke(app, ["--help"]).output
    shown = run("--show-completion", "bash", tmp=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "_ARCHKIT_COMPLETE" in shown.stdout and "complete " in shown.stdout
    words = run(env={"_ARCHKIT_COMPLETE": "complete_bash", "COMP_WORDS": "archkit sh", "COMP_CWORD": "1"}, tmp=tmp_path)
    assert words.stdout.split() == ["show"]
    ids = run(env={"_ARCHKIT_COMPLETE": "complete_bash", "COMP_WORDS": "archkit show chat-ba", "COMP_CWORD": "2"},
              tmp=tmp_path)
    assert ids.stdout.split() == ["chat-baseline", "chat-baseline-alz", "chat-basic"]


# --- --json -----------------------------------------------------------------------------------


# commands whose output is itself a document format (a JSON Schema; a review-checklist, CSV or Markdown export)
NO_REPORT = {("kit", "schema"), ("checklist", "export")}


def test_every_command_has_json_and_its_shape_is_documented():
    doc = (REPO / "docs" / "json.md").read_text()
    for path, cmd in click_commands():
        if tuple(path) in NO_REPORT:
            continue
        assert any("--json" in p.opts for p in cmd.params), f"archkit {' '.join(path)} has no --json"
        schema = f"archkit/{'-'.join(path)}/v1"
        assert f"`{schema}`" in doc, f"{schema} is not documented in docs/json.md"
        assert schema in (cmd.help or "") + " ".join(p.help or "" for p in cmd.params), schema


def _json(args, exit_code=0):
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, result.output
    return json.loads(result.stdout)


def test_json_outputs_lead_with_their_schema(tmp_path):
    listed = _json(["list", "--json"])
    assert listed["schema"] == "archkit/list/v1" and len(listed["architectures"]) == 13
    assert _json(["show", "rag", "--json"])["schema"] == "archkit/show/v1"
    components = {c["id"]: c for c in _json(["catalog", "components", "--json"])["components"]}
    assert components["key-vault"]["abbreviation"] == "kv" and components["key-vault"]["naming"]["max"] == 24
    new = _json(["new", "rag", "--no-input", "--dry-run", "--json", "-o", str(tmp_path / "x")])
    assert new["schema"] == "archkit/new/v1" and not new["written"] and "infra/main.bicep" in new["files"]
    assert new["answers"]["architecture"] == "rag" and not (tmp_path / "x").exists()
    repo = tmp_path / "repo"
    made = _json(["new", "chat-basic", "--no-input", "--json", "-o", str(repo)])
    assert made["written"] and (repo / made["files"][0]).is_file()
    diff = _json(["diff", str(repo), "--json"])
    assert diff["schema"] == "archkit/diff/v1" and diff["files"] == [] and diff["exit_code"] == 0
    changed = _json(["diff", str(repo), "--set", "environment=prod", "--json"])
    assert changed["files"] and all(f"+++ b/{f}" in changed["diff"] or f"--- a/{f}" in changed["diff"]
                                    for f in changed["files"])
    assert _json(["check", str(repo), "--json"])["schema"] == "archkit/check/v1"
    kit = _json(["kit", "validate", str(CONTOSO_KIT), "--json"])
    assert kit["schema"] == "archkit/kit-validate/v1" and kit["valid"] and kit["name"] == "contoso"
    assert kit["counts"]["tags"] == 2
    bad = _json(["kit", "validate", str(tmp_path / "nokit"), "--json"], exit_code=1)
    assert not bad["valid"] and bad["problems"][0]["message"]
    init = _json(["kit", "init", str(tmp_path / "k"), "--json"])
    assert init["schema"] == "archkit/kit-init/v1" and "kit.yaml" in init["files"]


# --- colour ------------------------------------------------------------------------------------


@pytest.mark.parametrize("env, coloured", [
    ({}, False),  # a pipe
    ({"FORCE_COLOR": "1"}, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ({"NO_COLOR": ""}, False),
])
def test_colour_follows_no_color_force_color_and_the_stream(tmp_path, env, coloured):
    result = run("show", "nope", env=env, tmp=tmp_path)
    assert result.returncode == 2
    assert bool(ANSI.search(result.stderr)) is coloured, result.stderr
    assert ANSI.sub("", result.stderr).startswith("error: unknown architecture id 'nope'")


def _pty(args, tmp_path, env=None, dimensions=(40, 100)):
    if not ARCHKIT.is_file():
        missing(str(ARCHKIT), "`make venv` installs the archkit console script")
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    child = pexpect.spawn(str(ARCHKIT), args, env={**base, "ARCHKIT_CACHE_DIR": str(tmp_path / "cache"),
                                                    "TERM": "xterm", **(env or {})},
                          encoding="utf-8", timeout=60, dimensions=dimensions, cwd=str(tmp_path))
    return child


def test_a_terminal_gets_colour_unless_no_color(tmp_path):
    for env, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        child = _pty(["show", "nope"], tmp_path, env)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
        assert bool(ANSI.search(child.before)) is coloured, child.before


# --- tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [100, 80])
def test_list_fits_the_terminal(tmp_path, columns, catalog):
    child = _pty(["list"], tmp_path, {"NO_COLOR": "1"}, dimensions=(60, columns))
    child.expect(pexpect.EOF)
    child.close()
    lines = child.before.replace("\r", "").splitlines()
    assert child.exitstatus == 0
    assert max(len(line) for line in lines) <= columns
    first_column = {line.split()[0] for line in lines[1:] if line and not line.startswith(" ")}
    assert first_column == set(catalog.architectures), "ids are never wrapped or cut"
    assert lines[0].split()[:2] == ["ID", "TITLE"]


def test_columns_variable_and_pipes(tmp_path):
    narrow = run("show", "chat-baseline", env={"COLUMNS": "80"}, tmp=tmp_path).stdout.splitlines()
    table = narrow[narrow.index("Components:") + 1:narrow.index("Not generated:") - 1]
    assert table and max(len(line) for line in table) <= 80
    piped = run("list", tmp=tmp_path).stdout.splitlines()
    assert max(len(line) for line in piped) > 100, "a pipe keeps whole rows"


# --- did you mean -------------------------------------------------------------------------------


def test_did_you_mean_only_for_close_ids():
    far = runner.invoke(app, ["show", "nope"])
    assert far.exit_code == 2 and "did you mean" not in far.output and "genaiops" not in far.output
    assert "archkit list" in far.output
    near = runner.invoke(app, ["show", "chat-basline"])
    assert "did you mean chat-baseline" in near.output


# --- interruption ---------------------------------------------------------------------------------


def test_sigterm_at_a_prompt_exits_130_and_writes_nothing(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    child = _pty(["new", "rag", "-o", str(work / "never")], tmp_path, {"NO_COLOR": "1"})
    child.expect(r"name \[rag-app\]: ")
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "interrupted; nothing was written" in child.before
    assert list(work.iterdir()) == []
