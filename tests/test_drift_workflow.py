"""The rendered archkit-drift workflow: its run steps, executed here against a local bare origin.

Nothing reaches the network: pip is a recording stand-in, the kit and the origin are bare git
repositories on this machine, and the pull-request step (an action) is checked for shape only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import isolate_git, missing
from generator.cli import app
from test_kit_sources import published_kit

runner = CliRunner()
WORKFLOW = ".github/workflows/archkit-drift.yml"
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def new(target: Path, *extra: str):
    result = runner.invoke(app, ["new", "chat-basic", "--iac", "terraform", "--name", "drift", "--location",
                                 "swedencentral", "--no-input", "-o", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target


def pip_shim(folder: Path) -> Path:
    """A `python` that records `python -m pip ...` (no network) and runs anything else for real."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "pip-args.txt"
    (folder / "python").write_text(f"#!/bin/sh\nif [ \"$1\" = -m ] && [ \"$2\" = pip ]; then shift 2; "
                                   f"echo \"$*\" >> {log}; exit 0; fi\nexec {sys.executable} \"$@\"\n")
    (folder / "python").chmod(0o755)
    return log


def run_step(step: dict, job: dict, cwd: Path, tmp: Path) -> dict:
    """One `run:` step as a runner runs it (bash -e, job and step env); returns its outputs."""
    out_file = tmp / f"out-{step.get('id') or abs(hash(step['run']))}"
    out_file.write_text("")
    env = {**os.environ, **{k: str(v) for k, v in (job.get("env") or {}).items()},
           "RUNNER_TEMP": str(tmp), "GITHUB_OUTPUT": str(out_file),
           "PATH": f"{tmp / 'shim'}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.update({k: v for k, v in (step.get("env") or {}).items() if "${{" not in str(v)})
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"step {step.get('name')} failed:\n{proc.stdout}\n{proc.stderr}"
    return dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)


def run_job(workflow: dict, checkout: Path, tmp: Path) -> dict:
    """Run the job's `run:` steps in order, honouring their `if:`; returns each step's outputs."""
    job = next(iter(workflow["jobs"].values()))
    log = pip_shim(tmp / "shim")
    outputs: dict[str, dict] = {}
    for step in job["steps"]:
        cond = step.get("if")
        if cond:
            m = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) == '(\w+)'", cond.strip())
            assert m, f"unexpected condition {cond!r}"
            if outputs.get(m.group(1), {}).get(m.group(2)) != m.group(3):
                continue
        if "run" in step:
            outputs[step.get("id", step.get("name"))] = run_step(step, job, checkout, tmp)
    outputs["_pip"] = log.read_text().splitlines() if log.exists() else []
    return outputs


def test_the_workflow_is_valid_and_hardened(tmp_path):
    repo = new(tmp_path / "repo")
    path = repo / WORKFLOW
    for tool in ("zizmor", "check-jsonschema"):
        if not (BIN / tool).exists():
            missing(tool, "make test installs the test extra")
    schema = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "plain", str(path)], capture_output=True,
                           text=True)
    assert audit.returncode == 0 and "No findings" in audit.stdout, audit.stdout + audit.stderr
    wf = yaml.safe_load(path.read_text())
    assert wf["permissions"] == {}
    job = wf["jobs"]["update"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert any(u.startswith("actions/github-script@") for u in uses)  # opens or refreshes the pull request
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_run_steps_produce_the_update_branch_from_a_newer_kit_tag(tmp_path):
    _, url = published_kit(tmp_path)
    repo = new(tmp_path / "repo", "--kit", f"{url}@v0.1.0", "--set", "tags.costCenter=cc-1")
    readme = repo / "README.md"
    readme.write_text(readme.read_text() + "\nTeam runbook: see the wiki.\n")
    git(repo, "commit", "-q", "-am", "team edit")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))

    runner_checkout = tmp_path / "runner"
    git(tmp_path, "clone", "-q", str(origin), str(runner_checkout))
    workflow = yaml.safe_load((runner_checkout / WORKFLOW).read_text())
    outputs = run_job(workflow, runner_checkout, tmp_path / "job")

    assert outputs["_pip"] == ["install --disable-pip-version-check archkit==0.1.0"]  # the recorded version
    assert outputs["update"]["changed"] == "true"
    branches = git(origin, "branch", "--list", "--format=%(refname:short)").split()
    assert "archkit/update" in branches and "archkit/pristine" in branches
    answers = yaml.safe_load(git(origin, "show", "archkit/update:.archkit/answers.yml"))
    assert answers["kit"]["ref"] == "v0.2.0" and answers["kit"]["version"] == "0.2.0"
    assert "Team runbook: see the wiki." in git(origin, "show", "archkit/update:README.md")
    assert git(origin, "show", "archkit/update:CODEOWNERS") == "* @contoso/platform-v2"
    assert git(origin, "rev-parse", "main") == git(repo, "rev-parse", "HEAD")  # main is untouched
    body = Path(outputs["update"]["body"]).read_text()
    assert "CODEOWNERS" in body and "### Checklist changes" in body

    # a second scheduled run refreshes the same branch instead of opening another
    again = tmp_path / "runner2"
    git(tmp_path, "clone", "-q", str(origin), str(again))
    outputs = run_job(workflow, again, tmp_path / "job2")
    assert outputs["update"]["changed"] == "true"
    assert git(origin, "branch", "--list", "archkit/*", "--format=%(refname:short)").split() == \
        ["archkit/pristine", "archkit/update"]


def test_a_current_repository_gets_no_branch(tmp_path):
    repo = new(tmp_path / "repo")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    checkout = tmp_path / "runner"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    outputs = run_job(yaml.safe_load((checkout / WORKFLOW).read_text()), checkout, tmp_path / "job")
    assert outputs["update"]["changed"] == "false"
    assert "archkit/update" not in git(origin, "branch", "--list", "--format=%(refname:short)").split()


def test_install_source_and_version_come_from_the_kit(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kits" / "contoso", kit)
    with open(kit / "kit.yaml", "a") as f:
        f.write("\nfleet:\n  archkit_index_url: https://pkgs.contoso.example/pypi/simple\n  archkit_version: 0.1.0\n")
    repo = new(tmp_path / "repo", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    wf = yaml.safe_load((repo / WORKFLOW).read_text())
    env = wf["jobs"]["update"]["env"]
    assert env["ARCHKIT_INDEX_URL"] == "https://pkgs.contoso.example/pypi/simple" and env["ARCHKIT_VERSION"] == "0.1.0"
    job = wf["jobs"]["update"]
    install = next(s for s in job["steps"] if s.get("name", "").startswith("Install"))
    log = pip_shim(tmp_path / "job" / "shim")
    run_step(install, job, repo, tmp_path / "job")
    assert log.read_text().split() == ["install", "--disable-pip-version-check", "--index-url",
                                       "https://pkgs.contoso.example/pypi/simple", "archkit==0.1.0"]


@pytest.mark.parametrize("bad", ["https://evil.example/simple\"; curl x", "http://plain.example/simple",
                                 "https://ok.example/$(id)"])
def test_a_kit_cannot_inject_into_the_workflow(tmp_path, bad):
    kit = tmp_path / "kit"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kits" / "contoso", kit)
    with open(kit / "kit.yaml", "a") as f:
        f.write(f"\nfleet:\n  archkit_index_url: {yaml.safe_dump(bad).splitlines()[0]}\n")
    result = runner.invoke(app, ["kit", "validate", str(kit)])
    assert result.exit_code == 1 and "fleet.archkit_index_url" in result.output


def test_opting_out_leaves_no_workflow_and_a_deleted_one_stays_deleted(tmp_path, monkeypatch):
    off = new(tmp_path / "off", "--set", "drift=off")
    assert not (off / WORKFLOW).exists()
    assert yaml.safe_load((off / ".archkit/answers.yml").read_text())["answers"]["drift"] == "off"

    kit = tmp_path / "kit"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kits" / "contoso", kit)
    with open(kit / "kit.yaml", "a") as f:
        f.write("\nfleet:\n  drift_workflow: false\n  backstage: false\n")
    quiet = new(tmp_path / "kitoff", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert not (quiet / WORKFLOW).exists() and not (quiet / "catalog-info.yaml").exists()

    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", templates)
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(templates))
    on = new(tmp_path / "on")
    assert "drift" not in yaml.safe_load((on / ".archkit/answers.yml").read_text())["answers"]  # default not recorded
    git(on, "rm", "-q", WORKFLOW)
    git(on, "commit", "-q", "-m", "we do not want the drift workflow")
    # the next template changes that very file: without the opt-out rule, a modify/delete conflict
    wf = templates / "starter" / "{{cookiecutter.project_slug}}" / WORKFLOW
    wf.write_text(wf.read_text().replace("name: archkit drift\n", "name: archkit drift\n# changed upstream\n", 1))
    result = runner.invoke(app, ["update", str(on)])
    assert result.exit_code == 0, result.output
    assert "left deleted as you chose (1): .github/workflows/archkit-drift.yml" in result.output
    assert not (on / WORKFLOW).exists()
    assert git(on, "status", "--porcelain") == ""
