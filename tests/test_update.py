"""`archkit update`, `check` and `diff`: template improvements reach edited repositories, no edit is lost.

Template changes are made on a copy of templates/ that ARCHKIT_TEMPLATES points at. One
repository is rendered per module and copied (with its .git) into each test. The
property-based test drives the same merge machinery on small synthetic repositories.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import git, isolate_git
from generator.cli import app
from generator.update import check, merge, update
from generator.update import checklists as cl

REPO = Path(__file__).resolve().parents[1]
PROJECT = "starter/{{cookiecutter.project_slug}}"
CHECKLIST_J2 = "starter/templates/docs/checklist.md.j2"
runner = CliRunner()


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module", autouse=True)
def isolated_git(tmp_path_factory):
    """Tests must not depend on the machine's git config (conflict style, signing, hooks)."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp, tmp_path_factory.mktemp("gitcfg"))
        yield


def repo_state(root: Path) -> tuple:
    """Everything an update must leave alone when it refuses: status, HEAD, refs, files."""
    files = sorted((str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*")
                   if p.is_file() and ".git" not in p.relative_to(root).parts)
    return (git(root, "status", "--porcelain", "--untracked-files=all"), git(root, "rev-parse", "HEAD", check=False),
            git(root, "for-each-ref"), git(root, "symbolic-ref", "-q", "HEAD", check=False), files)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def commit_all(root: Path, message: str = "my edits") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """A private copy of the templates (others may be editing the checkout) and one render of it."""
    base = tmp_path_factory.mktemp("originals")
    templates = base / "templates"
    shutil.copytree(REPO / "templates", templates)
    repo = base / "repo"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARCHKIT_TEMPLATES", str(templates))
        result = cli("new", "chat-basic", "--iac", "bicep", "--no-input", "-o", str(repo))
    assert result.exit_code == 0, result.output
    return templates, repo


@pytest.fixture
def env(originals, tmp_path, monkeypatch):
    """A fresh copy of the rendered repository, and a way to change the templates it updates from."""
    templates, repo = originals

    class Env:
        root = tmp_path / "repo"

        @staticmethod
        def templates(name: str = "tpl") -> Path:
            dest = tmp_path / name
            shutil.copytree(templates, dest)
            monkeypatch.setenv("ARCHKIT_TEMPLATES", str(dest))
            return dest

    shutil.copytree(repo, Env.root, symlinks=True)
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(templates))
    return Env


def unticked_item(root: Path, area: str = "governance") -> str:
    for line in (root / f"docs/checklists/{area}.md").read_text().splitlines():
        if line.startswith("- [ ] **"):
            return cl.item_id(line)
    raise AssertionError("no unticked item")


def item_line(root: Path, item: str, area: str = "governance") -> str:
    lines = [ln for ln in (root / f"docs/checklists/{area}.md").read_text().splitlines() if cl.item_id(ln) == item]
    assert len(lines) == 1, lines
    return lines[0]


# ---------------------------------------------------------------- the main flow

def test_update_keeps_user_edits_and_brings_template_changes(env):
    root = env.root
    assert cli("check", str(root)).exit_code == 0
    # user edits: a file the template will change, one it will not, and a checklist tick
    (root / ".gitignore").write_text((root / ".gitignore").read_text() + "# user: local scratch\nscratch/\n")
    (root / "azure.yaml").write_text((root / "azure.yaml").read_text() + "# user: azd note\n")
    ticked = unticked_item(root)
    edit(root / "docs/checklists/governance.md", f"- [ ] **{ticked}**", f"- [x] **{ticked}**")
    commit_all(root)
    pristine_before = git(root, "rev-parse", "archkit/pristine").strip()

    tpl = env.templates()
    edit(tpl / PROJECT / ".gitignore", "# Local tooling\n", "# Template: editor folders\n.idea/\n# Local tooling\n")
    # every checklist line changes: git alone would conflict on the ticked line
    edit(tpl / CHECKLIST_J2, "[guidance]({{ item.link }})", "[read the guidance]({{ item.link }})")

    result = cli("check", str(root))
    assert result.exit_code == 1, result.output
    assert ".gitignore" in result.output and "checklists" in result.output

    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert "updated" in result.output and ".gitignore" in result.output
    gitignore = (root / ".gitignore").read_text()
    assert "scratch/" in gitignore and "# user: local scratch" in gitignore  # user edit
    assert ".idea/" in gitignore                                             # template change
    assert "# user: azd note" in (root / "azure.yaml").read_text()
    line = item_line(root, ticked)
    assert line.startswith(f"- [x] **{ticked}**") and "[read the guidance]" in line
    assert "<<<<<<<" not in (root / "docs/checklists/governance.md").read_text()

    assert git(root, "status", "--porcelain") == ""
    parents = git(root, "rev-list", "--parents", "-n", "1", "HEAD").split()
    assert len(parents) == 3  # a merge commit
    pristine_after = git(root, "rev-parse", "archkit/pristine").strip()
    assert git(root, "rev-parse", "archkit/pristine^").strip() == pristine_before
    assert parents[2] == pristine_after
    recorded = yaml.safe_load((root / ".archkit/answers.yml").read_text())
    assert recorded["digests"][".gitignore"] != yaml.safe_load(
        git(root, "show", f"{pristine_before}:.archkit/answers.yml"))["digests"][".gitignore"]

    assert cli("check", str(root)).exit_code == 0
    again = cli("update", str(root))
    assert again.exit_code == 0 and "already current" in again.output


def test_conflict_gives_git_markers_exit_1_and_merge_abort_restores(env):
    root = env.root
    edit(root / ".gitignore", ".venv/\n", ".venv-mine/\n")
    commit_all(root)
    before = repo_state(root)
    tpl = env.templates()
    edit(tpl / PROJECT / ".gitignore", ".venv/\n", ".venv-template/\n")

    result = cli("update", str(root))
    assert result.exit_code == 1, result.output
    assert "git merge --abort" in result.output and "git add" in result.output and "git commit" in result.output
    text = (root / ".gitignore").read_text()
    assert "<<<<<<< HEAD\n.venv-mine/\n=======\n.venv-template/\n>>>>>>> archkit/pristine\n" in text
    assert "UU .gitignore" in git(root, "status", "--porcelain")

    refused = cli("update", str(root))  # a second run while the merge is open is refused
    assert refused.exit_code == 2 and "in progress" in refused.output

    git(root, "merge", "--abort")
    after = repo_state(root)
    assert after[0] == before[0] and after[1] == before[1] and after[4] == before[4]

    # finishing instead: resolve, add, commit; the repository is then current
    assert cli("update", str(root)).exit_code == 1
    (root / ".gitignore").write_text(text.replace("<<<<<<< HEAD\n.venv-mine/\n=======\n.venv-template/\n>>>>>>> archkit/pristine\n",
                                                  ".venv-mine/\n.venv-template/\n"))
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "--no-edit")
    assert cli("check", str(root)).exit_code == 0
    assert "already current" in cli("update", str(root)).output


def test_dry_run_and_diff_write_nothing(env):
    root = env.root
    edit(root / "azure.yaml", "\n", "\n# user line\n")
    commit_all(root)
    tpl = env.templates()
    edit(tpl / PROJECT / ".gitignore", "# Local tooling\n", "# Local tooling (template)\n")
    before = repo_state(root)
    result = cli("update", str(root), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output and ".gitignore" in result.output
    assert repo_state(root) == before
    result = cli("diff", str(root))
    assert result.exit_code == 0, result.output
    assert "--- a/.gitignore" in result.stdout and "+# Local tooling (template)" in result.stdout
    assert "-# Local tooling\n" in result.stdout
    assert "a/azure.yaml" not in result.stdout  # the user's own edit is not part of what update changes
    assert repo_state(root) == before
    assert len(git(root, "worktree", "list").splitlines()) == 1


def test_file_level_cases_deleted_removed_added(env):
    root = env.root
    (root / ".pre-commit-config.yaml").unlink()       # user deletes; template leaves it alone -> stays deleted
    (root / "azure.yaml").unlink()                    # user deletes; template changes it -> reported
    edit(root / ".checkov.yaml", "\n", "\n# user tuned\n")  # template stops producing it, user edited -> kept
    commit_all(root)
    (root / ".env").write_text("SECRET=mine\n")     # ignored by the repository: not the template's to replace
    tpl = env.templates()
    edit(tpl / PROJECT / "azure.yaml", "# Azure Developer CLI", "# template change\n# Azure Developer CLI")
    for name in (".checkov.yaml", "infra/bicepconfig.json"):  # an empty render means "not produced"
        (tpl / PROJECT / name).write_text("")
    (tpl / PROJECT / "docs" / "NEW.md").write_text("# A new template file\n")
    (tpl / PROJECT / ".env").write_text("FROM_TEMPLATE=1\n")

    result = update(root)
    assert result.exit_code == 1
    assert "docs/NEW.md" in result.added
    assert "infra/bicepconfig.json" in result.removed and not (root / "infra/bicepconfig.json").exists()
    assert not (root / ".pre-commit-config.yaml").exists()
    kinds = {c.path: c.kind for c in result.conflicts}
    assert kinds == {"azure.yaml": "deleted-by-you", ".checkov.yaml": "deleted-by-template"}
    assert "# user tuned" in (root / ".checkov.yaml").read_text()
    assert "# template change" in (root / "azure.yaml").read_text()
    assert (root / ".env").read_text() == "SECRET=mine\n" and ".env" not in result.added
    git(root, "merge", "--abort")
    assert git(root, "status", "--porcelain") == ""


def test_checklist_ticks_new_and_retired_items(env):
    root = env.root
    gov = root / "docs/checklists/governance.md"
    items = [cl.item_id(ln) for ln in gov.read_text().splitlines() if ln.startswith("- [ ] **")]
    ticked, untouched, kept = items[0], items[1], items[2]
    edit(gov, f"- [ ] **{ticked}**", f"- [x] **{ticked}**")
    edit(gov, f"- [ ] **{kept}**", f"- [x] **{kept}**")
    commit_all(root)
    tpl = env.templates()
    # the catalog retires two items (one ticked by the user, one not) and gains one
    edit(tpl / CHECKLIST_J2, "{% for item in items -%}",
         "{% if area == 'governance' %}- [ ] **NEW-01** (low) A brand-new item\n{% endif %}"
         f"{{% for item in items if item.id not in ('{ticked}', '{untouched}') -%}}")
    result = update(root)
    assert result.exit_code == 0, result.lines()
    text = gov.read_text()
    assert "- [ ] **NEW-01** (low) A brand-new item" in text
    assert item_line(root, ticked).startswith(f"- [x] **{ticked}**") and item_line(root, ticked).endswith(cl.RETIRED)
    assert item_line(root, untouched).startswith(f"- [ ] **{untouched}**") and item_line(root, untouched).endswith(cl.RETIRED)
    assert item_line(root, kept).startswith(f"- [x] **{kept}**") and not item_line(root, kept).endswith(cl.RETIRED)
    assert sorted(result.retired) == sorted([ticked, untouched])
    # order is kept: the retired items sit where they were
    ids = [cl.item_id(ln) for ln in text.splitlines() if cl.item_id(ln)]
    assert ids.index(ticked) < ids.index(untouched) < ids.index(kept)
    # a second update leaves the retired lines alone
    tpl2 = env.templates("tpl2")
    shutil.copy(tpl / CHECKLIST_J2, tpl2 / CHECKLIST_J2)
    edit(tpl2 / PROJECT / ".gitignore", "# Local tooling\n", "# Local tooling!\n")
    assert update(root).exit_code == 0
    assert gov.read_text().count(cl.RETIRED.strip()) == 2


# ---------------------------------------------------------------- the base comes from the repository

def test_merge_base_is_the_recorded_pristine_render_after_an_upgrade(env, tmp_path, monkeypatch):
    """Generate with "old" templates, update with "new" ones after the old ones are gone."""
    old = env.templates("old")
    edit(old / PROJECT / ".gitignore", "# Local tooling\n", "# only-in-old-templates\n# Local tooling\n")
    root = tmp_path / "upgraded"
    assert cli("new", "chat-basic", "--iac", "bicep", "--no-input", "-o", str(root)).exit_code == 0
    assert "# only-in-old-templates" in (root / ".gitignore").read_text()
    edit(root / "azure.yaml", "\n", "\n# user line\n")
    commit_all(root)
    recorded_pristine = git(root, "rev-parse", "archkit/pristine").strip()
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    shutil.rmtree(old)  # archkit upgraded: the templates the repository came from are gone

    new = env.templates("new")
    edit(new / PROJECT / "README.md", "Starter repository generated", "New-templates paragraph.\n\nStarter repository generated")
    result = update(root)
    assert result.exit_code == 0, result.lines()
    assert result.base == recorded_pristine and not result.reconstructed
    text = (root / ".gitignore").read_text()
    assert "# only-in-old-templates" not in text  # a base line the new render dropped: not mistaken for a user edit
    assert "New-templates paragraph." in (root / "README.md").read_text()
    assert "# user line" in (root / "azure.yaml").read_text()
    assert git(root, "merge-base", "HEAD^1", "HEAD^2").strip() == recorded_pristine

    # a clone has only origin/archkit/pristine: that is used (and a local branch made from it)
    result = update(clone)
    assert result.exit_code == 0 and result.base == recorded_pristine
    assert any("origin/archkit/pristine" in n for n in result.notes)
    assert git(clone, "rev-parse", "archkit/pristine").strip() == git(clone, "rev-parse", "HEAD^2").strip()

    # contrast: without any recorded pristine render the base must be re-rendered from today's templates,
    # so the old-only line looks like a user edit and is kept (and archkit says so)
    bare = tmp_path / "bare"
    git(tmp_path, "clone", "-q", str(root), str(bare))
    git(bare, "reset", "-q", "--hard", "HEAD^1")
    git(bare, "update-ref", "-d", "refs/remotes/origin/archkit/pristine")
    result = update(bare)
    assert result.reconstructed and any("reconstructed" in n for n in result.notes)
    assert "# only-in-old-templates" in (bare / ".gitignore").read_text()


def test_no_git_render_then_git_init_reconstructs_the_base(tmp_path, monkeypatch, originals):
    templates, _ = originals
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(templates))
    root = tmp_path / "nogit"
    assert cli("new", "chat-basic", "--iac", "bicep", "--no-input", "--no-git", "-o", str(root)).exit_code == 0
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "starter")
    edit(root / ".gitignore", "# Local tooling\n", "# Local tooling, mine\n")
    commit_all(root)
    # no archkit/pristine: the base is re-rendered from the recorded answers, and archkit says so
    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert "reconstructed" in result.output
    assert "# Local tooling, mine" in (root / ".gitignore").read_text()
    assert subprocess.run(["git", "merge-base", "--is-ancestor", "archkit/pristine", "HEAD"], cwd=root).returncode == 0
    # from now on the branch records each render and the normal path is taken
    tpl = tmp_path / "tpl"
    shutil.copytree(templates, tpl)
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(tpl))
    edit(tpl / PROJECT / "azure.yaml", "# Azure Developer CLI", "# template change\n# Azure Developer CLI")
    result = update(root)
    assert result.exit_code == 0 and not result.reconstructed, result.lines()
    assert result.updated == [".archkit/answers.yml", "azure.yaml"]
    assert "# template change" in (root / "azure.yaml").read_text()
    assert "# Local tooling, mine" in (root / ".gitignore").read_text()


# ---------------------------------------------------------------- refusals: exit 2, nothing changed

def _dirty(root):
    edit(root / "README.md", "\n", "\nuncommitted\n")


def _untracked(root):
    (root / "notes.txt").write_text("mine\n")


def _missing(root):
    git(root, "rm", "-q", ".archkit/answers.yml")
    git(root, "commit", "-q", "-m", "drop answers")


def _commit_answers(text):
    def mutate(root):
        (root / ".archkit/answers.yml").write_text(text(root))
        commit_all(root, "break answers")
    return mutate


def _answers_with(root, old, new):
    return (root / ".archkit/answers.yml").read_text().replace(old, new)


CASES = {
    "dirty tree": (_dirty, ["uncommitted changes", "README.md"]),
    "untracked file": (_untracked, ["uncommitted changes", "notes.txt"]),
    "missing answers file": (_missing, [".archkit/answers.yml not found"]),
    "bad yaml": (_commit_answers(lambda r: "archkit_version: 0.1.0\nanswers: [unclosed\n"),
                 ["answers.yml:", "not valid YAML"]),
    "answers is a list": (_commit_answers(lambda r: "- architecture: chat-basic\n"), ["answers.yml:1", "not a mapping"]),
    "answer of the wrong type": (_commit_answers(lambda r: _answers_with(r, "  name: chat-app", "  name: [chat, app]")),
                                 ["answers.yml:8: answers.name: expected a string"]),
    "unknown catalog id": (_commit_answers(lambda r: _answers_with(r, "architecture: chat-basic", "architecture: chat-basik")),
                           ["answers.yml:6: answers.architecture", "'chat-basik' is not in the catalog", "chat-basic"]),
    "detached HEAD": (lambda r: git(r, "checkout", "-q", "--detach"), ["HEAD is detached", "git switch"]),
    "on the pristine branch": (lambda r: git(r, "checkout", "-q", "archkit/pristine"), ["archkit/pristine"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refusals_exit_2_and_change_nothing(env, case):
    root = env.root
    mutate, expected = CASES[case]
    mutate(root)
    tpl = env.templates()
    edit(tpl / PROJECT / ".gitignore", "# Local tooling\n", "# Local tooling (new)\n")  # an update is available
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 2, result.output
    assert "error:" in result.output
    for text in expected:
        assert text in result.output, (text, result.output)
    assert "Traceback" not in result.output
    assert repo_state(root) == before


def test_outside_a_git_repository(tmp_path, originals, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    root = tmp_path / "plain"
    assert cli("new", "chat-basic", "--no-input", "--no-git", "-o", str(root)).exit_code == 0
    before = sorted(p.name for p in root.rglob("*"))
    result = cli("update", str(root))
    assert result.exit_code == 2 and "not inside a git repository" in result.output
    assert sorted(p.name for p in root.rglob("*")) == before
    assert cli("check", str(root)).exit_code == 0  # check needs no git


def test_set_override_and_bad_set(env):
    root = env.root
    before = repo_state(root)
    bad = cli("update", str(root), "--set", "environment=staging")
    assert bad.exit_code == 2 and "staging" in bad.output
    assert repo_state(root) == before
    result = cli("update", str(root), "--set", "tags.costCenter=cc-42")
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((root / ".archkit/answers.yml").read_text())
    assert recorded["answers"]["tags"] == {"costCenter": "cc-42"}
    assert cli("check", str(root)).exit_code == 0


def test_check_json_for_ci(env):
    root = env.root
    data = json.loads(cli("check", str(root), "--json").stdout)
    assert data["status"] == "current" and data["exit_code"] == 0 and data["architecture"] == "chat-basic"
    tpl = env.templates()
    edit(tpl / PROJECT / "infra" / "bicepconfig.json", '"analyzers": {', '"_comment": "template change",\n  "analyzers": {')
    result = cli("check", str(root), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "update-available" and data["changed"] == ["infra/bicepconfig.json"]
    assert data["recorded_version"] == data["installed_version"]
    assert check(root).reasons == ["infrastructure, changed: infra/bicepconfig.json"]
    (root / ".archkit/answers.yml").write_text("- nope\n")
    result = cli("check", str(root), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["status"] == "error" and "not a mapping" in data["error"]


def test_kit_version_bump_is_reported_and_applied(tmp_path, originals, monkeypatch):
    fixture = REPO / "tests" / "fixtures" / "kits" / "contoso"
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    kit = tmp_path / "kit"
    shutil.copytree(fixture, kit)
    root = tmp_path / "kitted"
    result = cli("new", "chat-basic", "--kit", str(kit), "--no-input", "--set", "tags.costCenter=cc-1", "-o", str(root))
    assert result.exit_code == 0, result.output
    assert cli("check", str(root)).exit_code == 0
    edit(kit / "kit.yaml", "\nversion: 1.0.0", "\nversion: 1.1.0")
    result = cli("check", str(root), "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["kit"]["recorded"].endswith("1.0.0") and data["kit"]["installed"].endswith("1.1.0")
    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((root / ".archkit/answers.yml").read_text())["kit"]["version"] == "1.1.0"
    assert cli("check", str(root)).exit_code == 0


def test_drift_workflow_runs_check_then_update(env):
    workflow = yaml.safe_load((env.root / ".github/workflows/archkit-drift.yml").read_text())
    assert "schedule" in workflow[True] or "schedule" in workflow.get("on", {})
    runs = "\n".join(str(step.get("run", "")) for step in workflow["jobs"]["update"]["steps"])
    assert "archkit check --json" in runs and "archkit update" in runs  # tests/test_drift_workflow.py runs them


# ---------------------------------------------------------------- the property: no user edit is ever lost

FILES = ("a.txt", "b.txt")
CHECK = "docs/checklists/x.md"
N = 6


def _base() -> dict[str, str]:
    files = {f: "".join(f"base {f} {i}\n" for i in range(N)) for f in FILES}
    files[CHECK] = "# X checklist\n\n" + "".join(
        f"- [{'x' if i % 3 == 0 else ' '}] **IT-{i:02d}** item {i} [guidance](https://example.invalid/{i})\n"
        for i in range(N))
    return files


line_ops = st.lists(st.tuples(st.sampled_from(["mod", "ins", "del"]), st.integers(0, N)), max_size=3)
file_edits = st.fixed_dictionaries({f: st.one_of(st.none(), line_ops) for f in FILES})  # None: delete the file
user_items = st.lists(st.tuples(st.sampled_from(["tick", "untick", "text", "own", "del"]), st.integers(0, N - 1)),
                      max_size=4)
tmpl_items = st.lists(st.tuples(st.sampled_from(["text", "drop", "add", "flip"]), st.integers(0, N - 1)), max_size=4)


def _edit_lines(text: str, ops, who: str, f: str) -> str:
    lines = text.splitlines(keepends=True)
    for k, (op, i) in enumerate(ops):
        if op == "ins":
            lines.insert(min(i, len(lines)), f"{who} {f} {k}\n")
        elif lines:
            i %= len(lines)
            if op == "mod":
                lines[i] = f"{who} {f} {k}\n"
            else:
                del lines[i]
    return "".join(lines)


def _edit_items(text: str, ops, who: str) -> str:
    lines = text.splitlines(keepends=True)
    for k, (op, i) in enumerate(ops):
        target = f"**IT-{i:02d}**"
        at = next((n for n, ln in enumerate(lines) if target in ln), None)
        if op in ("own", "add"):
            new_id = "USR" if who == "user" else "NEW"
            lines.insert(at if at is not None else len(lines), f"- [ ] **{new_id}-{k}** {who} item {k}\n")
        elif at is None:
            continue
        elif op in ("del", "drop"):
            del lines[at]
        elif op in ("tick", "untick"):
            lines[at] = cl.set_tick(lines[at], op == "tick")
        elif op == "flip":
            lines[at] = cl.set_tick(lines[at], lines[at].startswith("- [ ]"))
        elif op == "text":
            lines[at] = lines[at].rstrip("\n") + f" {who}-note-{k}\n"
    return "".join(lines)


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory):
    """One repository reused by every example: each example imports its own commits and resets to them.

    It lives in memory (/dev/shm) where there is one: 200 examples are mostly git start-ups and small writes.
    """
    shm = Path("/dev/shm")
    parent = Path(tempfile.mkdtemp(prefix="archkit-prop-", dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) \
        else tmp_path_factory.mktemp("prop")
    root = parent / "r"
    subprocess.run(["git", "init", "-q", "--template=", "-b", "main", str(root)], check=True)
    yield root
    shutil.rmtree(parent, ignore_errors=True)


def _load(root: Path, base: dict[str, str], ours: dict[str, str], pristine: bool) -> None:
    """base (committed, and the pristine branch) then the user's edits, on main: two git calls."""
    ident = "T <t@example.invalid> 1700000000 +0000"
    stream = []
    for mark, files in ((1, base), (2, ours)):
        stream.append(f"commit refs/heads/main\nmark :{mark}\ncommitter {ident}\ndata 1\nc\n")
        stream.append("from :1\n" if mark == 2 else "from 0000000000000000000000000000000000000000\n")
        stream.append("deleteall\n")
        for path, text in sorted(files.items()):
            stream.append(f"M 100644 inline {path}\ndata {len(text.encode())}\n{text}\n")
    if pristine:
        stream.append("reset refs/heads/archkit/pristine\nfrom :1\n\n")
    elif (root / ".git/refs/heads/archkit/pristine").exists():
        subprocess.run(["git", "update-ref", "-d", "refs/heads/archkit/pristine"], cwd=root, check=True)
    subprocess.run(["git", "fast-import", "--quiet", "--force"], cwd=root, input="".join(stream).encode(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts}
    if present != set(ours):
        subprocess.run(["git", "clean", "-fdxq"], cwd=root, check=True)


def _conflict_blocks(text: str) -> tuple[str, list[str]]:
    """(text outside conflict blocks, lines inside them)."""
    outside, inside, depth = [], [], False
    for line in text.splitlines():
        if line.startswith("<<<<<<< "):
            depth = True
        elif line.startswith(">>>>>>> "):
            depth = False
        elif depth:
            inside.append(line)
        else:
            outside.append(line)
    return "\n".join(outside), inside


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(user=file_edits, tmpl=file_edits, user_cl=user_items, tmpl_cl=tmpl_items,
       user_new=st.booleans(), tmpl_new=st.booleans(), pristine=st.booleans())
def test_property_no_user_edit_is_ever_lost(scratch_repo, user, tmpl, user_cl, tmpl_cl, user_new, tmpl_new, pristine):
    base = _base()
    ours = {f: _edit_lines(base[f], ops, "user", f) for f, ops in user.items() if ops is not None}
    theirs = {f: _edit_lines(base[f], ops, "tmpl", f) for f, ops in tmpl.items() if ops is not None}
    ours[CHECK] = _edit_items(base[CHECK], user_cl, "user")
    theirs[CHECK] = _edit_items(base[CHECK], tmpl_cl, "tmpl")
    if user_new:
        ours["mine.txt"] = "user mine 0\n"
    if tmpl_new:
        theirs["c.txt"] = "tmpl c 0\n"

    root = scratch_repo
    _load(root, base, ours, pristine)
    plan = merge.prepare(root, {k: v.encode() for k, v in theirs.items()}, message="pristine",
                         reconstruct=None if pristine else (lambda: {k: v.encode() for k, v in base.items()}))
    if plan.up_to_date:
        assert theirs == base and pristine
        return
    outcome = merge.merge_in_place(root, plan, "merge", plan.git_dir)  # what `update` commits when clean
    conflicted = {c.path: c.kind for c in outcome.conflicts}
    event("conflicts" if conflicted else "clean merge")
    event(f"checklist: {'conflict' if CHECK in conflicted else 'merged by id'}")
    merged = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*")
              if p.is_file() and ".git" not in p.relative_to(root).parts}

    for f in (*FILES, "mine.txt", "c.txt"):
        if f in ours and f in base and ours[f] == base[f]:   # untouched by the user: the template's version
            assert merged.get(f) == theirs.get(f)
        elif f in ours:
            assert f in merged, f"user's {f} vanished"
            user_lines = [ln for ln in ours[f].splitlines() if ln.startswith("user ")]
            for ln in user_lines:
                assert ln in merged[f].splitlines(), f"user line {ln!r} lost from {f}"
            outside, _ = _conflict_blocks(merged[f])
            for ln in base.get(f, "").splitlines():          # lines the user deleted stay deleted
                if ln not in ours[f].splitlines():
                    assert ln not in outside.splitlines(), f"deleted line {ln!r} came back in {f}"
        elif f in base and f not in ours:                    # the user deleted the file
            assert f not in merged or conflicted.get(f) == "deleted-by-you"
        if f not in conflicted and f in merged:
            assert "<<<<<<<" not in merged[f]
            if f in theirs and f in ours:
                for ln in theirs[f].splitlines():
                    if ln.startswith("tmpl "):
                        assert ln in merged[f].splitlines(), f"template line {ln!r} missing from clean {f}"

    # the checklist: ticks by id, the user's text and own items, retired items kept
    assert CHECK in merged
    text = merged[CHECK]
    assert (CHECK in conflicted) == ("<<<<<<<" in text)
    base_t, ours_t, theirs_t = cl.ticks(base[CHECK]), cl.ticks(ours[CHECK]), cl.ticks(theirs[CHECK])
    merged_lines = text.splitlines()
    for item, ticked in ours_t.items():
        lines = [ln for ln in merged_lines if cl.item_id(ln) == item]
        assert lines, f"{item} lost from the checklist"
        if item in base_t and ticked != base_t[item]:
            assert all(cl.ITEM.match(ln).group("tick") == ("x" if ticked else " ") for ln in lines), (item, lines)
        if item in base_t and item not in theirs_t and CHECK not in conflicted:
            assert all(ln.endswith(cl.RETIRED) for ln in lines), (item, lines)
    for ln in ours[CHECK].splitlines():
        for word in ln.split():
            if word.startswith("user-note-"):
                assert any(word in m for m in merged_lines), f"user note {word} lost"
    if CHECK not in conflicted:
        for item, ticked in theirs_t.items():
            if item in ours_t and not (item in base_t and ours_t[item] != base_t[item]):
                line = next(ln for ln in merged_lines if cl.item_id(ln) == item)
                assert (cl.ITEM.match(line).group("tick") == "x") == (ticked or (item not in base_t and ours_t[item]))


# ---------------------------------------------------------------- per-environment sizing migration

# The last template commit whose renders fixed sizing at render time (`--environment prod` wrote
# prod literals into the modules). Repositories generated from it must update cleanly.
RENDER_TIME_SIZING = "cd5bb1530a900ce4cdd88d96f4bd229bc717e81b"


def test_a_repository_with_render_time_sizing_updates_to_per_environment_values(tmp_path, monkeypatch):
    probe = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{RENDER_TIME_SIZING}^{{commit}}"],
                           capture_output=True)
    if probe.returncode:
        from conftest import missing

        missing(f"commit {RENDER_TIME_SIZING[:12]}", "check out the full history (fetch-depth: 0)")
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", RENDER_TIME_SIZING, "templates"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(old / "templates"))
    root = tmp_path / "repo"
    result = cli("new", "chat-baseline", "--iac", "terraform", "--environment", "prod", "--no-input", "-o", str(root))
    assert result.exit_code == 0, result.output
    assert "replica_count                 = 3" in (root / "infra/modules/ai-search/main.tf").read_text()
    edit(root / "infra/environments/prod.tfvars", "\n", "\n# our prod subscription notes\n")
    commit_all(root)

    new = tmp_path / "new"
    shutil.copytree(REPO / "templates", new / "templates")
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(new / "templates"))
    result = update(root)
    assert result.exit_code == 0, result.lines()
    assert not git(root, "diff", "--name-only", "--diff-filter=U")
    recorded = yaml.safe_load((root / ".archkit/answers.yml").read_text())["answers"]
    assert recorded["environment"] == "prod"  # kept: it now names the default environment
    prod = (root / "infra/environments/prod.tfvars").read_text()
    assert "# our prod subscription notes" in prod and "ai_search_replica_count      = 3" in prod
    assert "ai_search_replica_count      = 1" in (root / "infra/environments/dev.tfvars").read_text()
    assert "replica_count                 = var.replica_count" in (root / "infra/modules/ai-search/main.tf").read_text()
    # Deploying without a -var-file keeps what the repository deployed before the update: prod.
    variables = (root / "infra/variables.tf").read_text()
    assert 'variable "ai_search_replica_count"' in variables
    assert variables.split('variable "ai_search_replica_count"')[1].split("}")[0].rstrip().endswith("default     = 3")
