"""`archkit adopt`: make a repository rendered without archkit (plain cookiecutter, or rendered and
then edited) one that `check`, `diff` and `update` work on.

It records what archkit needs, as `archkit new` would have: `.archkit/answers.yml`, and the
pristine render of those answers as a commit on ``archkit/pristine`` that the working branch
contains (a merge with the ours strategy: the branch's files stay exactly as they are). Files
that differ from that render are the user's edits, and every later update keeps them.

Nothing is written unless the answers reproduce at least half of the rendered files exactly
(`force`: at least one), since wrong answers would make every file look edited; a failure
removes what was started.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import UpdateError
from ..render import answers_file
from . import gitops as g


@dataclass
class AdoptResult:
    root: Path
    answers: object
    pristine: str
    commit: str
    branch: str
    files: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    initialised: bool = False

    def lines(self) -> list[str]:
        a = self.answers
        out = [f"Adopted {self.root} ({a.architecture}, {a.iac}, {a.network}): wrote {answers_file.PATH} and "
               f"recorded the pristine render on {g.PRISTINE_BRANCH}"]
        if self.initialised:
            out.append(f"  it was not a git repository: initialised one, branch {self.branch}, with every file committed")
        same = len(self.files) - len(self.edited) - len(self.missing)
        out.append(f"  {same} file(s) as rendered, {len(self.edited)} edited, {len(self.missing)} not present")
        for label, paths in (("edited (kept by every update)", self.edited), ("not present", self.missing)):
            if paths:
                shown = ", ".join(paths[:8]) + (f" and {len(paths) - 8} more" if len(paths) > 8 else "")
                out.append(f"  {label}: {shown}")
        out.append(f"Committed as {self.commit[:12]}; `archkit check` and `archkit update` work here from now on.")
        return out

    def as_dict(self) -> dict:
        return {"repository": str(self.root), "answers": self.answers.as_dict(), "pristine": self.pristine,
                "commit": self.commit, "branch": self.branch, "initialised": self.initialised,
                "files": self.files, "edited": self.edited, "missing": self.missing}


def detect_iac(root: Path) -> str | None:
    """The flavour a rendered repository is in, from its root module."""
    bicep, terraform = (root / "infra" / "main.bicep").is_file(), (root / "infra" / "main.tf").is_file()
    return "bicep" if bicep and not terraform else "terraform" if terraform and not bicep else None


def _git_top(root: Path) -> Path | None:
    proc = g.run(root, "rev-parse", "--show-toplevel", check=False)
    return Path(g.text(proc.stdout).strip()) if proc.returncode == 0 else None


def check_adoptable(root: Path) -> bool:
    """Refuse what adopt must not touch; return whether ``root`` is already a git repository."""
    if root.is_symlink() or not root.is_dir():
        raise UpdateError(f"{root} is not a folder", "pass the folder of the rendered repository")
    if (root / answers_file.PATH).exists() or (root / ".archkit").is_symlink():
        raise UpdateError(f"{root} is already managed by archkit ({answers_file.PATH} exists)",
                          "use `archkit check` and `archkit update` there")
    top = _git_top(root)
    if top is None:
        return False
    if top.resolve() != root.resolve():
        raise UpdateError(f"{root} is a subfolder of the git repository at {top}",
                          "archkit manages a repository at the top of its own git repository")
    from . import _repository

    _repository(root, Path(g.out(root, "rev-parse", "--absolute-git-dir")), require_clean=True, require_branch=True)
    if g.rev(root, g.PRISTINE_REF):
        raise UpdateError(f"{root} already has an {g.PRISTINE_BRANCH} branch",
                          "it is managed by archkit already: use `archkit update`")
    return True


def _compare(root: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """(edited, missing) rendered paths; a symbolic link counts as edited and is never followed."""
    edited, missing = [], []
    for rel, data in sorted(files.items()):
        if rel == answers_file.PATH:
            continue
        path = root / rel
        if path.is_symlink():
            edited.append(rel)
        elif not path.is_file():
            missing.append(rel)
        elif path.stat().st_size != len(data) or path.read_bytes() != data:
            edited.append(rel)
    return edited, missing


def adopt(root, catalog, answers, *, kit=None, force: bool = False) -> AdoptResult:
    """Record ``answers`` (already resolved) as what ``root`` was rendered from; see the module docstring."""
    from ..render import render_files
    from . import _tracked_part

    root = Path(root)
    is_git = check_adoptable(root)
    files, _ = render_files(catalog, answers, kit)
    edited, missing = _compare(root, files)
    rendered = [p for p in files if p != answers_file.PATH]
    same = len(rendered) - len(edited) - len(missing)
    if same == 0 or (same * 2 < len(rendered) and not force):
        raise UpdateError(f"{root}: only {same} of the {len(rendered)} files a render of these answers has are in it "
                          f"unchanged ({answers.architecture}, {answers.iac}, name {answers.name}, {answers.location}, "
                          f"{answers.environment}, {answers.network}); wrong answers would make every file look edited",
                          "pass the answers it was rendered with: --answers FILE (cookiecutter's replay file, "
                          "e.g. ~/.cookiecutter_replay/starter.json) or --set KEY=VALUE; --force adopts a heavily "
                          "edited repository anyway (at least one file must match)")
    record = root / answers_file.PATH
    created_dir = not (root / ".archkit").exists()
    try:
        if not is_git:
            g.run(root, "init", "-q", "-b", "main")
        head, git_dir = g.head_and_git_dir(root) if is_git else (None, Path(g.out(root, "rev-parse", "--absolute-git-dir")))
        tracked = _tracked_part(root, files)
        label = f"{answers.architecture} ({answers.iac})"
        # the trailer marks it as archkit's own render, which `update` checks before merging from it
        pristine = g.commit_tree(root, g.write_tree(root, tracked, git_dir), [], answers_file.pristine_message(
            f"archkit {__version__}: pristine render of {label}, recorded by `archkit adopt`"))
        record.parent.mkdir(exist_ok=True)
        record.write_bytes(files[answers_file.PATH])
        if is_git:
            g.run(root, "add", "--", answers_file.PATH)
        else:
            g.run(root, "add", "-A")
        tree = g.out(root, "write-tree")
        message = (f"Adopt this repository into archkit: {label}\n\n"
                   f"Records {answers_file.PATH} and the render of those answers on {g.PRISTINE_BRANCH} "
                   "(`archkit adopt`). Files that differ from it are edits that `archkit update` keeps.\n")
        commit = g.commit_tree(root, tree, [head, pristine] if head else [pristine], message)
        branch = g.out(root, "symbolic-ref", "-q", "--short", "HEAD")
        g.run(root, "branch", g.PRISTINE_BRANCH, pristine)
        g.run(root, "update-ref", "-m", "archkit adopt", "HEAD", commit, *([head] if head else []))  # the last step
    except BaseException:
        _undo(root, is_git, record, created_dir)
        raise
    return AdoptResult(root, answers, pristine, commit, branch, sorted(tracked), edited,
                       [p for p in missing if p in tracked], initialised=not is_git)


def _undo(root: Path, is_git: bool, record: Path, created_dir: bool) -> None:
    """Put the folder back as it was: no answers file, and no git repository adopt created."""
    if is_git:
        g.run(root, "reset", "-q", "--", answers_file.PATH, check=False)
        g.run(root, "branch", "-D", g.PRISTINE_BRANCH, check=False)  # adopt refuses when it existed before
    else:
        shutil.rmtree(root / ".git", ignore_errors=True)
    if record.is_file() and not record.is_symlink():
        record.unlink()
    if created_dir and (root / ".archkit").is_dir() and not any((root / ".archkit").iterdir()):
        (root / ".archkit").rmdir()
