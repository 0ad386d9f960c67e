"""`archkit adopt`: a plain cookiecutter render (rendered, then edited) becomes a repository that
`check`, `diff` and `update` work on, and a later template change merges without losing an edit.

Template changes are made on a private copy of templates/ that ARCHKIT_TEMPLATES points at (as in
test_update.py); the render itself is made by the cookiecutter command line, not by archkit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app

REPO = Path(__file__).resolve().parents[1]
PROJECT = "starter/{{cookiecutter.project_slug}}"
runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.invalid\n"
                                    "[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(templates))
    return tmp_path, templates


def cookiecutter_render(tmp_path: Path, templates: Path, *answers: str) -> tuple[Path, Path]:
    """Render with the cookiecutter CLI; return the project folder and cookiecutter's replay file."""
    config = tmp_path / "cc-config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n")
    out = tmp_path / "out"
    proc = subprocess.run([str(Path(sys.executable).parent / "cookiecutter"), "--no-input", "--config-file", str(config),
                           "-o", str(out), str(templates / "starter"), *answers],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin",
                                                                "ARCHKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    (project,) = out.iterdir()
    return project, tmp_path / "replay" / "starter.json"


def cli(*args: str):
    return runner.invoke(app, list(args))


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_adopted_cookiecutter_render_updates_and_keeps_the_user_edit(env, monkeypatch):
    tmp_path, templates = env
    root, replay = cookiecutter_render(tmp_path, templates, "architecture=chat-basic", "iac=terraform", "name=cc-app")
    assert not (root / ".archkit").exists() and not (root / ".git").exists()
    # the user edits the rendered repository before archkit knows about it
    (root / ".gitignore").write_text((root / ".gitignore").read_text() + "# user: local scratch\nscratch/\n")

    result = cli("adopt", str(root), "--answers", str(replay))
    assert result.exit_code == 0, result.output
    assert "1 edited" in result.output and ".gitignore" in result.output
    recorded = yaml.safe_load((root / ".archkit" / "answers.yml").read_text())
    assert recorded["answers"]["architecture"] == "chat-basic" and recorded["answers"]["iac"] == "terraform"
    assert recorded["answers"]["name"] == "cc-app"
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "merge-base", "--is-ancestor", "archkit/pristine", "HEAD") == ""
    assert cli("check", str(root)).exit_code == 0, "right after adopt, the repository is current"

    tpl = tmp_path / "templates-v2"
    shutil.copytree(templates, tpl)
    gitignore = tpl / PROJECT / ".gitignore"
    assert gitignore.read_text().count("# Local tooling\n") == 1
    gitignore.write_text(gitignore.read_text().replace("# Local tooling\n", "# Template: editor folders\n.idea/\n"
                                                                            "# Local tooling\n"))
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(tpl))
    assert cli("check", str(root)).exit_code == 1
    diff = cli("diff", str(root))
    assert "+.idea/" in diff.output and "scratch/" not in diff.output.split("+.idea/")[1].split("\n")[0]

    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    text = (root / ".gitignore").read_text()
    assert "# user: local scratch\nscratch/" in text  # the user's edit
    assert ".idea/" in text                            # the template's change
    assert "<<<<<<<" not in text
    assert git(root, "status", "--porcelain") == ""


def test_adopt_in_an_existing_git_repository_keeps_its_history(env):
    tmp_path, templates = env
    root, _ = cookiecutter_render(tmp_path, templates, "architecture=rag", "iac=bicep", "name=rag-app")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    first = git(root, "rev-parse", "HEAD").strip()
    # no --answers: the name comes from the folder, the flavour from infra/
    result = cli("adopt", str(root), "--set", "architecture=rag", "--no-input")
    assert result.exit_code == 0, result.output
    parents = git(root, "rev-list", "--parents", "-n", "1", "HEAD").split()
    assert parents[1] == first and parents[2] == git(root, "rev-parse", "archkit/pristine").strip()
    assert git(root, "status", "--porcelain") == ""
    assert cli("check", str(root)).exit_code == 0


@pytest.mark.parametrize("case", ["wrong-answers", "already-adopted", "dirty", "no-architecture"])
def test_adopt_refuses_and_changes_nothing(env, case):
    tmp_path, templates = env
    root, replay = cookiecutter_render(tmp_path, templates, "architecture=chat-basic", "iac=bicep", "name=cc-app")
    args = ["adopt", str(root), "--answers", str(replay)]
    message = {"wrong-answers": "wrong answers would make every file look edited",
               "already-adopted": "is already managed by archkit",
               "dirty": "uncommitted changes", "no-architecture": "which architecture was it rendered from"}[case]
    if case == "wrong-answers":
        args += ["--set", "architecture=tdsp"]
    elif case == "already-adopted":
        assert cli(*args).exit_code == 0
    elif case == "dirty":
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "start")
        (root / "README.md").write_text("changed, not committed\n")
    elif case == "no-architecture":
        args = ["adopt", str(root), "--no-input"]
    before = sorted((str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    after = sorted((str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    assert after == before
