"""Hostile repositories and interruptions for the commands that write (`new`, `update`): issue 14.

Every case checks the exit code, the message, that no traceback is printed, and a file-system
snapshot: nothing outside the target changes, and on a refusal nothing inside it either.
Kill points are reached deterministically: ARCHKIT_TEST_PAUSE_AT=<step> makes a real archkit
process stop at that step (it prints a marker on stderr), and the test then SIGKILLs or
signals it; ARCHKIT_TEST_RESUME names a file whose creation lets it continue.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import git, isolate_git
from generator import safefs
from generator.cli import app

REPO = Path(__file__).resolve().parents[1]
PROJECT = "starter/{{cookiecutter.project_slug}}"
CHECKLIST_J2 = "starter/templates/docs/checklist.md.j2"
ARCHKIT = str(Path(sys.executable).with_name("archkit"))
KIT_FIXTURE = REPO / "tests" / "fixtures" / "kits" / "contoso"
runner = CliRunner()


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module", autouse=True)
def isolated_git(tmp_path_factory):
    """No dependence on the machine's git config; a private system temp folder we can inspect."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp, tmp_path_factory.mktemp("gitcfg"))
        yield


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> list:
    """Every entry under ``root`` (links not followed): kind, mode, and content or link target."""
    out = []
    for folder, dirs, files in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        if any(rel_folder == s or rel_folder.startswith(s + os.sep) for s in skip):
            dirs[:] = []
            continue
        for name in sorted(dirs + files):
            path = Path(folder) / name
            rel = os.path.relpath(path, root)
            if rel in skip:
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out.append((rel, "link", os.readlink(path)))
            elif stat.S_ISDIR(st.st_mode):
                out.append((rel, "dir", stat.S_IMODE(st.st_mode)))
            elif stat.S_ISREG(st.st_mode):
                out.append((rel, "file", stat.S_IMODE(st.st_mode), path.read_bytes()))
            else:  # a FIFO or device: never opened
                out.append((rel, "special", stat.S_IFMT(st.st_mode)))
    return sorted(out, key=lambda e: e[0])


def repo_state(root: Path) -> tuple:
    """What a refused or undone update must leave exactly as it was: HEAD, refs, index, files, .git leftovers."""
    return (git(root, "status", "--porcelain", "--untracked-files=all"), git(root, "rev-parse", "HEAD"),
            git(root, "for-each-ref", "--format=%(refname) %(objectname)"), git(root, "symbolic-ref", "-q", "HEAD"),
            git(root, "ls-files", "-s"), snapshot(root, skip=(".git",)), leftovers(root))


def leftovers(root: Path) -> list[str]:
    git_dir = root / ".git"
    names = ("archkit.lock", "archkit-update.json", "archkit-tmp", "MERGE_HEAD", "worktrees", "index.lock")
    return sorted(n for n in names if os.path.lexists(git_dir / n))


def cli(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def commit_all(root: Path, message: str = "my edits") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def replace_with_link(root: Path, rel: str, target: str) -> None:
    """Turn a tracked file or folder into a symbolic link, committed (so the tree is clean)."""
    path = root / rel
    git(root, "rm", "-r", "-q", "--cached", rel)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(target)
    git(root, "add", rel)
    git(root, "commit", "-q", "-m", f"link {rel}")


def spawn(args: list[str], cwd: Path, pause: str | None = None, resume: Path | None = None,
          umask: int | None = None, env_extra: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, **(env_extra or {})}
    env.pop("ARCHKIT_TEST_PAUSE_AT", None)
    if pause:
        env["ARCHKIT_TEST_PAUSE_AT"] = pause
    if resume:
        env["ARCHKIT_TEST_RESUME"] = str(resume)
    pre = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.Popen([ARCHKIT, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=pre)


def wait_for_pause(proc: subprocess.Popen, step: str, timeout: float = 90) -> None:
    """Read stderr until the process says it stopped at ``step`` (it then waits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            out, err = proc.communicate(timeout=5)
            raise AssertionError(f"process ended (rc {proc.returncode}) before pausing at {step}: {out}{err}")
        if line.strip() == f"archkit-test-paused-at: {step}":
            return
    raise AssertionError(f"no pause at {step} within {timeout} s")


def kill_at(args: list[str], cwd: Path, step: str, sig=signal.SIGKILL, **kw) -> tuple[int, str, str]:
    proc = spawn(args, cwd, pause=step, **kw)
    wait_for_pause(proc, step)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)  # reaped: the pid is gone, as after a real kill
    return proc.returncode, out, err


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """Private templates, an edited copy that makes an update available, and one repository rendered."""
    base = tmp_path_factory.mktemp("originals")
    templates = base / "templates"
    shutil.copytree(REPO / "templates", templates)
    changed = base / "templates-changed"
    shutil.copytree(templates, changed)
    edit(changed / PROJECT / ".gitignore", "# Local tooling\n", "# Template: editor folders\n.idea/\n# Local tooling\n")
    edit(changed / CHECKLIST_J2, "[guidance]({{ item.link }})", "[read the guidance]({{ item.link }})")
    (changed / PROJECT / "docs" / "ADDED.md").write_text("# A file the new render adds\n")
    repo = base / "repo"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARCHKIT_TEMPLATES", str(templates))
        result = cli("new", "chat-basic", "--iac", "bicep", "--no-input", "-o", str(repo))
    assert result.exit_code == 0, result.output
    return templates, changed, repo


@pytest.fixture
def area(originals, tmp_path, monkeypatch):
    """tmp_path/repo: a fresh copy with one user edit committed; tmp_path/outside: a victim folder.

    The update uses the changed templates, so every test has an update that wants to write.
    """
    templates, changed, repo = originals
    root = tmp_path / "repo"
    shutil.copytree(repo, root, symlinks=True)
    edit(root / "README.md", "\n", "\nMy own README line.\n")
    commit_all(root, "user: README line")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim").write_text("victim: must never change\n")
    sys_tmp = tmp_path / "systmp"
    sys_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(sys_tmp))
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(changed))
    return root, outside, sys_tmp


# ================================================================= item 4: no write through a link (update)

def _copy_out(root: Path, rel: str, outside: Path) -> Path:
    dest = outside / rel.replace("/", "_")
    src = root / rel
    if src.is_dir():
        shutil.copytree(src, dest)
    else:
        shutil.copy(src, dest)
    return dest


GOV = "docs/checklists/governance.md"
LINKS = {
    # name: (path replaced by a link, how to compute its target from (root, outside))
    "checklist -> ../../victim (relative, escaping)": (GOV, lambda r, o: "../../../outside/victim"),
    "checklist -> absolute victim": (GOV, lambda r, o: str(o / "victim")),
    "checklist -> dangling absolute": (GOV, lambda r, o: str(o / "not-yet" / "created.md")),
    "checklist -> dangling relative escaping": (GOV, lambda r, o: "../../../outside/created-by-archkit.md"),
    "checklist -> itself (loop)": (GOV, lambda r, o: "governance.md"),
    "checklist -> another file inside the repository": (GOV, lambda r, o: "security.md"),
    "README.md -> absolute victim": ("README.md", lambda r, o: str(o / "victim")),
    "answers file -> a copy outside": (".archkit/answers.yml", lambda r, o: str(_copy_out(r, ".archkit/answers.yml", o))),
    ".archkit/ folder -> a copy outside (depth 1)": (".archkit", lambda r, o: str(_copy_out(r, ".archkit", o))),
    "docs/ folder -> a copy outside (depth 1)": ("docs", lambda r, o: str(_copy_out(r, "docs", o))),
    "docs/checklists/ -> a copy outside (depth 2)": ("docs/checklists", lambda r, o: str(_copy_out(r, "docs/checklists", o))),
    "infra/modules/ -> a copy outside (depth 2)": ("infra/modules", lambda r, o: str(_copy_out(r, "infra/modules", o))),
    ".github/workflows/ -> relative copy outside (depth 2)": (
        ".github/workflows", lambda r, o: os.path.relpath(_copy_out(r, ".github/workflows", o), r / ".github")),
    "infra/modules/storage.bicep-like file (depth 3) -> victim": ("infra/modules/ai-search.bicep",
                                                                  lambda r, o: str(o / "victim")),
    "docs/ -> a folder inside the repository": ("docs", lambda r, o: "infra"),
}


@pytest.mark.parametrize("case", list(LINKS))
def test_update_never_writes_through_a_link(area, case):
    root, outside, sys_tmp = area
    rel, target = LINKS[case]
    replace_with_link(root, rel, target(root, outside))
    before_repo, before_outside = repo_state(root), snapshot(outside)
    result = cli("update", str(root))
    assert result.exit_code == 2, result.output
    assert "never writes through a symbolic link" in result.output
    assert f"  - {rel}: " in result.output  # the offending component is named
    assert "nothing was changed" in result.output
    assert repo_state(root) == before_repo
    assert snapshot(outside) == before_outside
    assert list(sys_tmp.iterdir()) == []


@pytest.mark.parametrize("command", [["update", "--dry-run"], ["diff"]])
def test_previews_refuse_links_too(area, command):
    """The preview checkout is a copy of HEAD: an absolute link there points at the same victim."""
    root, outside, sys_tmp = area
    replace_with_link(root, GOV, str(outside / "victim"))
    before_repo, before_outside = repo_state(root), snapshot(outside)
    result = cli(*command, str(root))
    assert result.exit_code == 2, result.output
    assert "docs/checklists/governance.md: a symbolic link" in result.output
    assert repo_state(root) == before_repo and snapshot(outside) == before_outside
    assert list(sys_tmp.iterdir()) == []


def test_several_links_are_all_listed_at_once(area):
    root, outside, _ = area
    replace_with_link(root, GOV, str(outside / "victim"))
    replace_with_link(root, "infra/modules", str(_copy_out(root, "infra/modules", outside)))
    result = cli("update", str(root))
    assert result.exit_code == 2
    assert "  - docs/checklists/governance.md: a symbolic link" in result.output
    assert "  - infra/modules: a symbolic link" in result.output and "path(s) through it" in result.output


def test_merge_itself_refuses_a_link_swapped_in_after_the_check(area, monkeypatch):
    """Defence in depth: the checklist carry-over writes through safefs even if the pre-check was passed."""
    from generator.update import merge

    root, outside, _ = area
    real_post_process = merge.post_process

    def swap_then_post_process(wt, plan, outcome, texts):
        target = Path(wt) / GOV
        target.unlink()
        target.symlink_to(outside / "victim")
        return real_post_process(wt, plan, outcome, texts)

    monkeypatch.setattr(merge, "post_process", swap_then_post_process)
    before_outside = snapshot(outside)
    head = git(root, "rev-parse", "HEAD")
    result = cli("update", str(root))
    assert result.exit_code == 2, result.output
    assert "never writes through a link" in result.output and "undone" in result.output
    assert "governance.md" in result.output
    assert snapshot(outside) == before_outside
    assert git(root, "rev-parse", "HEAD") == head
    assert leftovers(root) == []


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_safe_writer_refuses_a_link_at_any_depth(tmp_path, depth):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    (outside / "a" / "b").mkdir(parents=True)
    (outside / "a" / "b" / "f.txt").write_text("victim")
    parts = ["a", "b", "f.txt"]
    # build root/a/b/ with the component at ``depth`` replaced by a link into ``outside``
    cur = root
    cur.mkdir()
    if depth == 0:
        root_link = tmp_path / "rootlink"
        root_link.symlink_to(outside)
        write_root, rel = tmp_path, "rootlink/a/b/f.txt"
    else:
        for n, name in enumerate(parts, start=1):
            if n == depth:
                (cur / name).symlink_to(outside / "/".join(parts[:n]))
                break
            (cur / name).mkdir()
            cur = cur / name
        write_root, rel = root, "/".join(parts)
    before = snapshot(outside)
    with pytest.raises(safefs.LinkInPath):
        safefs.write_file(write_root, rel, b"attacker")
    assert snapshot(outside) == before
    assert safefs.link_in_path(write_root, rel) is not None


def test_safe_writer_is_atomic_and_leaves_no_temp_file(tmp_path):
    safefs.write_file(tmp_path, "x/y/z.txt", b"one")
    safefs.write_file(tmp_path, "x/y/z.txt", b"two")
    assert (tmp_path / "x/y/z.txt").read_bytes() == b"two"
    assert [p.name for p in (tmp_path / "x/y").iterdir()] == ["z.txt"]


# ================================================================= item 8: new --force

@pytest.fixture
def force_area(tmp_path, originals, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    target = tmp_path / "target"
    target.mkdir()
    (target / "notes.txt").write_text("the user's own file\n")
    outside = tmp_path / "outside"
    (outside / "docs" / "checklists").mkdir(parents=True)
    (outside / "victim").write_text("victim\n")
    (outside / "docs" / "checklists" / "governance.md").write_text("outside checklist\n")
    return target, outside


def _user_file(path: str, body: str = "user content\n"):
    def make(target: Path, outside: Path):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(body)
    return make


def _link(path: str, to):
    def make(target: Path, outside: Path):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).symlink_to(to(outside))
    return make


def _fifo(path: str):
    def make(target: Path, outside: Path):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(target / path)
    return make


def _both(*makers):
    def make(target, outside):
        for m in makers:
            m(target, outside)
    return make


FORCE = {
    "user README.md": (_user_file("README.md"), ["README.md: a file archkit did not write"]),
    "user README.md and infra/main.bicep, both listed": (
        _both(_user_file("README.md"), _user_file("infra/main.bicep")),
        ["README.md: a file archkit did not write", "infra/main.bicep: a file archkit did not write", "2 path(s)"]),
    "docs/ is a link to an outside folder": (_link("docs", lambda o: o / "docs"), ["docs: a symbolic link"]),
    "docs/checklists/ is a link (depth 2)": (_link("docs/checklists", lambda o: o / "docs" / "checklists"),
                                             ["docs/checklists: a symbolic link"]),
    "infra/main.bicep is a link to a victim": (_link("infra/main.bicep", lambda o: o / "victim"),
                                               ["infra/main.bicep: a symbolic link"]),
    "README.md is a dangling link": (_link("README.md", lambda o: o / "nothing-here"), ["README.md: a symbolic link"]),
    "README.md is a folder": (lambda t, o: (t / "README.md").mkdir(), ["README.md: a folder"]),
    "infra is a file": (_user_file("infra", "not a folder\n"), ["infra: not a folder"]),
    "README.md is a FIFO (never read, never blocks)": (_fifo("README.md"), ["README.md: not a regular file"]),
    "a hand-written answers file": (_user_file(".archkit/answers.yml", "archkit_version: [\n"),
                                    [".archkit/answers.yml: not an answers file archkit wrote"]),
}


@pytest.mark.parametrize("case", list(FORCE))
def test_force_checks_everything_before_writing_anything(force_area, case):
    target, outside = force_area
    make, needles = FORCE[case]
    make(target, outside)
    before_target, before_outside = snapshot(target), snapshot(outside)
    result = cli("new", "chat-basic", "--no-input", "--force", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "--force refused, nothing was written" in result.output
    for needle in needles:
        assert needle in result.output, (needle, result.output)
    assert snapshot(target) == before_target
    assert snapshot(outside) == before_outside


def test_force_over_an_unchanged_archkit_render_replaces_only_archkit_files(force_area):
    target, outside = force_area
    assert cli("new", "chat-basic", "--no-input", "--no-git", "--force", "-o", str(target)).exit_code == 0
    assert cli("new", "chat-basic", "--no-input", "--no-git", "--force", "--set", "tags.team=x",
               "-o", str(target)).exit_code == 0
    assert (target / "notes.txt").read_text() == "the user's own file\n"
    assert "team" in yaml.safe_load((target / ".archkit/answers.yml").read_text())["answers"]["tags"]
    # once the user edits an archkit file, --force leaves it alone (refusal names it)
    edit(target / "README.md", "\n", "\nedited by the user\n")
    before = snapshot(target)
    result = cli("new", "chat-basic", "--no-input", "--no-git", "--force", "-o", str(target))
    assert result.exit_code == 2 and "README.md: changed since archkit wrote it" in result.output
    assert snapshot(target) == before


# ================================================================= item 9: temporary folders of `new`

@pytest.mark.parametrize("step", ["new-tmp-created", "new-files-written", "new-git-done"])
def test_sigkill_during_new_leaves_a_private_temp_that_the_next_run_removes(tmp_path, originals, step, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    parent = tmp_path / "parent"
    parent.mkdir()
    (parent / "unrelated.txt").write_text("keep\n")
    rc, _, err = kill_at(["new", "chat-basic", "--no-input", "-o", str(parent / "app")], tmp_path, step, umask=0)
    assert rc == -signal.SIGKILL
    temps = list(parent.glob(".archkit-tmp-*"))
    assert len(temps) == 1 and stat.S_IMODE(temps[0].stat().st_mode) == 0o700  # private even with umask 000
    assert not (parent / "app").exists()
    proc = subprocess.run([ARCHKIT, "new", "chat-basic", "--no-input", "-o", str(parent / "app")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in parent.iterdir()) == ["app", "unrelated.txt"]


def test_a_temp_folder_of_a_live_process_is_not_removed(tmp_path, originals, monkeypatch):
    from generator.render import writer

    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    live = tmp_path / f".archkit-tmp-{os.getpid()}-{writer._host_tag()}-busy"
    other_host = tmp_path / f".archkit-tmp-1-{'0' * 8}-elsewhere"
    live.mkdir()
    other_host.mkdir()
    assert cli("new", "chat-basic", "--no-input", "--no-git", "-o", str(tmp_path / "app")).exit_code == 0
    assert live.is_dir() and other_host.is_dir()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o077, 0o700), (0o002, 0o775)])
def test_new_folder_mode_follows_the_umask(tmp_path, originals, umask, mode, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    proc = spawn(["new", "chat-basic", "--no-input", "-o", str(tmp_path / "app")], tmp_path, umask=umask)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert stat.S_IMODE((tmp_path / "app").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "app" / "infra").stat().st_mode) == mode


# ================================================================= item 6: one update at a time

@pytest.mark.parametrize("second", [["update"], ["update", "--dry-run"], ["diff"], ["update", "--abort"],
                                    ["update", "--rebuild-pristine"]])
def test_a_second_command_refuses_while_an_update_holds_the_lock(area, second):
    root, outside, sys_tmp = area
    resume = root.parent / "resume"
    first = spawn(["update", str(root)], root.parent, pause="update-locked", resume=resume)
    try:
        wait_for_pause(first, "update-locked")
        proc = subprocess.run([ARCHKIT, *second, str(root)], capture_output=True, text=True, cwd=root.parent)
        assert proc.returncode == 2, proc.stderr
        assert "another archkit command holds the repository lock" in proc.stderr
        assert f"pid {first.pid}" in proc.stderr and "Traceback" not in proc.stderr
    finally:
        resume.touch()
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "merged into main" in out
    assert git(root, "status", "--porcelain") == "" and leftovers(root) == []
    assert len(git(root, "rev-list", "--parents", "-n", "1", "HEAD").split()) == 3  # the first run's merge stands


def test_two_updates_started_together_never_undo_each_other(area):
    root, _, sys_tmp = area
    for trial in range(3):
        if trial:
            git(root, "reset", "-q", "--hard", "HEAD^1")
            git(root, "update-ref", "refs/heads/archkit/pristine", "archkit/pristine^1")
        head = git(root, "rev-parse", "HEAD").strip()
        procs = [spawn(["update", str(root)], root.parent) for _ in range(2)]
        results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]
        codes = sorted(r[0] for r in results)
        assert codes in ([0, 0], [0, 2]), results
        for rc, out, err in results:
            assert "Traceback" not in err
            assert rc == 0 or "repository lock" in err, err
        # exactly one merge on top of where we started, clean tree, nothing left behind
        assert git(root, "rev-parse", "HEAD^1").strip() == head
        assert git(root, "status", "--porcelain") == "" and leftovers(root) == []
        assert list(sys_tmp.iterdir()) == []


def test_a_stale_lock_of_a_dead_process_on_this_host_is_taken_over(area):
    root, _, _ = area
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (root / ".git" / "archkit.lock").write_text(json.dumps(
        {"pid": dead.pid, "host": socket.gethostname(), "started": "2020-01-01T00:00:00Z", "command": "update"}))
    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert leftovers(root) == []


@pytest.mark.parametrize("content, needle", [
    (json.dumps({"pid": 1, "host": "another-machine.example", "started": "x", "command": "update"}),
     "pid 1 on another-machine.example"),
    (json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": "x", "command": "diff"}),
     f"pid {os.getpid()} on"),
    ("garbage, not json", "cannot identify"),
])
def test_a_lock_that_cannot_be_proven_stale_is_refused(area, content, needle):
    root, _, _ = area
    (root / ".git" / "archkit.lock").write_text(content)
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 2, result.output
    assert "repository lock" in result.output and needle in result.output and "delete" in result.output
    assert repo_state(root) == before


# ================================================================= item 7: interruptions

KILL_POINTS = ["update-locked", "update-journal", "update-merged", "update-post-process", "update-pristine-moved",
               "update-committed"]


@pytest.mark.parametrize("step", KILL_POINTS)
def test_sigkill_at_any_step_is_undone_by_one_command(area, step):
    root, outside, sys_tmp = area
    before, before_outside = repo_state(root), snapshot(outside)
    rc, _, _ = kill_at(["update", str(root)], root.parent, step)
    assert rc == -signal.SIGKILL
    for path in root.rglob("*"):  # never a half-written file
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            assert path.stat().st_size > 0, path
    if step != "update-locked":  # killed before any change: nothing to refuse
        refused = cli("update", str(root))  # the next run names the way out
        assert refused.exit_code == 2
        assert "was interrupted" in refused.output and "archkit update --abort" in refused.output
    result = cli("update", "--abort", str(root))
    assert result.exit_code == 0, result.output
    assert repo_state(root) == before
    assert snapshot(outside) == before_outside
    assert list(sys_tmp.iterdir()) == []
    again = cli("update", str(root))  # and the update then runs normally
    assert again.exit_code == 0, again.output
    assert "My own README line." in (root / "README.md").read_text()


@pytest.mark.parametrize("step, sig", [("update-merged", signal.SIGTERM), ("update-post-process", signal.SIGTERM),
                                       ("update-pristine-moved", signal.SIGINT)])
def test_sigterm_and_ctrl_c_exit_130_and_undo_the_update(area, step, sig):
    root, _, sys_tmp = area
    before = repo_state(root)
    rc, out, err = kill_at(["update", str(root)], root.parent, step, sig=sig)
    assert rc == 130, (rc, err)
    assert "interrupted; the update was undone" in err and "Traceback" not in err
    assert repo_state(root) == before
    assert list(sys_tmp.iterdir()) == []


def test_sigterm_during_new_exits_130(tmp_path, originals, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    rc, _, err = kill_at(["new", "chat-basic", "--no-input", "-o", str(tmp_path / "app")], tmp_path,
                         "new-files-written", sig=signal.SIGTERM)
    assert rc == 130 and "interrupted; nothing was written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_abort_also_undoes_a_conflicted_update(area):
    root, _, _ = area
    edit(root / ".gitignore", "# Local tooling\n", "# Mine instead\n")
    commit_all(root)
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 1 and "archkit update --abort" in result.output
    result = cli("update", "--abort", str(root))
    assert result.exit_code == 0 and "conflicted update was aborted" in result.output
    state = repo_state(root)
    assert state[0] == before[0] and state[1] == before[1] and state[5] == before[5]


def test_abort_with_nothing_to_abort_changes_nothing(area):
    root, _, _ = area
    (root / ".git" / "archkit-tmp").mkdir()
    (root / ".git" / "archkit-tmp" / "left-by-a-killed-run").write_text("x")
    result = cli("update", "--abort", str(root))
    assert result.exit_code == 0 and "nothing to abort" in result.output
    assert leftovers(root) == []


# ================================================================= item 5: archkit/pristine is verified

def test_a_moved_pristine_branch_is_refused_and_can_be_rebuilt(area):
    root, _, _ = area
    git(root, "branch", "-f", "archkit/pristine", "main")
    before = repo_state(root)
    for command in (["update"], ["diff"], ["update", "--dry-run"]):
        result = cli(*command, str(root))
        assert result.exit_code == 2, result.output
        assert "which archkit did not write" in result.output and "--rebuild-pristine" in result.output
        assert repo_state(root) == before
    result = cli("update", "--rebuild-pristine", str(root))
    assert result.exit_code == 0, result.output
    assert git(root, "rev-parse", "archkit/pristine") == git(root, "rev-list", "--max-parents=0", "HEAD")
    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert "My own README line." in (root / "README.md").read_text()  # the user's edit is kept


def test_after_an_update_the_recorded_commit_is_what_counts(area):
    root, _, _ = area
    assert cli("update", str(root)).exit_code == 0
    recorded = yaml.safe_load((root / ".archkit/answers.yml").read_text())["pristine"]
    assert recorded == git(root, "rev-parse", "archkit/pristine").strip()
    assert "Archkit-Pristine: " in git(root, "log", "-1", "--format=%B", "archkit/pristine")
    # an older archkit commit is still archkit's, but not the render this branch merged
    git(root, "branch", "-f", "archkit/pristine", "archkit/pristine^1")
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 2 and "does not contain the render this branch last merged" in result.output
    assert repo_state(root) == before
    result = cli("update", "--rebuild-pristine", str(root))
    assert result.exit_code == 0 and recorded[:12] in result.output
    assert git(root, "rev-parse", "archkit/pristine").strip() == recorded


def test_an_unrelated_commit_without_the_trailer_is_refused(area):
    root, _, _ = area
    tree = git(root, "rev-parse", "HEAD^{tree}").strip()
    forged = git(root, "commit-tree", tree, "-m", "looks like a render").strip()
    git(root, "branch", "-f", "archkit/pristine", forged)
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 2 and forged[:12] in result.output
    assert repo_state(root) == before


def test_a_recorded_commit_that_is_gone_is_rebuilt_by_rendering(area):
    root, _, _ = area
    edit(root / ".archkit/answers.yml", "archkit_version: 0.1.0\n", "archkit_version: 0.1.0\npristine: " + "ab" * 20 + "\n")
    commit_all(root, "answers point at a commit that does not exist")
    before = repo_state(root)
    result = cli("update", str(root))
    assert result.exit_code == 2 and "does not contain the render" in result.output
    assert repo_state(root) == before
    result = cli("update", "--rebuild-pristine", str(root))
    assert result.exit_code == 0 and "rebuilt" in result.output
    assert "Archkit-Replaces: " + "ab" * 20 in git(root, "log", "-1", "--format=%B", "archkit/pristine")
    result = cli("update", str(root))
    assert result.exit_code == 0, result.output
    assert "My own README line." in (root / "README.md").read_text()


def test_a_tampered_remote_pristine_is_refused_in_a_clone(area, tmp_path):
    root, _, _ = area
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    git(clone, "update-ref", "refs/remotes/origin/archkit/pristine", "HEAD")
    before = repo_state(clone)
    result = cli("update", str(clone))
    assert result.exit_code == 2 and "origin/archkit/pristine" in result.output
    assert repo_state(clone) == before


# ================================================================= item 15: downgrades

def test_a_repository_recorded_by_a_newer_archkit_is_not_downgraded(area):
    root, _, _ = area
    edit(root / ".archkit/answers.yml", "archkit_version: 0.1.0", "archkit_version: 0.2.0")
    commit_all(root, "recorded by a newer archkit")
    before = repo_state(root)
    for command in (["update"], ["update", "--dry-run"]):
        result = cli(*command, str(root))
        assert result.exit_code == 2, result.output
        assert "last rendered by archkit 0.2.0, newer than this archkit 0.1.0" in result.output
        assert "--allow-downgrade" in result.output and "answers.yml:" in result.output
        assert repo_state(root) == before
    result = cli("update", "--allow-downgrade", str(root))
    assert result.exit_code == 0, result.output
    assert "downgrade allowed" in result.output
    assert yaml.safe_load((root / ".archkit/answers.yml").read_text())["archkit_version"] == "0.1.0"


@pytest.mark.parametrize("recorded, installed, refused", [("2.0.0", "1.0.0", True), ("1.2.0", "1.10.0", False),
                                                          ("1.0.0", "1.0.0-rc1", True)])
def test_a_kit_going_to_a_lower_version_is_refused(tmp_path, originals, monkeypatch, recorded, installed, refused):
    monkeypatch.setenv("ARCHKIT_TEMPLATES", str(originals[0]))
    kit = tmp_path / "kit"
    shutil.copytree(KIT_FIXTURE, kit)
    edit(kit / "kit.yaml", "\nversion: 1.0.0", f"\nversion: {recorded}")
    root = tmp_path / "kitted"
    result = cli("new", "chat-basic", "--kit", str(kit), "--no-input", "--set", "tags.costCenter=cc-1", "-o", str(root))
    assert result.exit_code == 0, result.output
    edit(kit / "kit.yaml", f"\nversion: {recorded}", f"\nversion: {installed}")
    before = repo_state(root)
    result = cli("update", str(root))
    if not refused:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert f"kit contoso {recorded}" in result.output and f"older {installed}" in result.output
    assert repo_state(root) == before
    result = cli("update", "--allow-downgrade", str(root))
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((root / ".archkit/answers.yml").read_text())["kit"]["version"] == installed
