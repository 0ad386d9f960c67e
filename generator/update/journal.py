"""What an update is about to change, written before it changes anything: `.git/archkit-update.json`.

A process can be killed at any instruction (SIGKILL, power loss). The journal names the
branch and the commit HEAD was on, the pristine tip before and after, and the files the
merge may create; `archkit update --abort` puts all of that back (HEAD, index, working tree,
archkit/pristine) and removes the temporary files, whatever step the update reached. A
finished update (merged, or stopped with conflicts for the user) removes its journal.

Temporary files live in `.git/archkit-tmp/` only (mode 0700): never in the working tree,
never in the system temp folder; every run clears what a killed one left.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import time
from pathlib import Path

from .. import safefs
from ..errors import UpdateError
from . import gitops as g

NAME = "archkit-update.json"
MERGE_STATE = ("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE")


def read(git_dir: Path) -> dict | None:
    data = safefs.read_file(git_dir, NAME, limit=4 * 1024 * 1024)
    if data is None:
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
    except ValueError:
        doc = None
    return doc if isinstance(doc, dict) else {"unreadable": True}


def begin(root: Path, git_dir: Path, *, branch: str, head: str, pristine_old: str | None, pristine_new: str,
          creates: list[str]) -> None:
    doc = {"format": 1, "command": "update", "pid": os.getpid(), "host": socket.gethostname(),
           "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "branch": branch, "head": head,
           "pristine_old": pristine_old, "pristine_new": pristine_new, "creates": sorted(creates)}
    safefs.write_file(git_dir, NAME, json.dumps(doc, indent=1).encode("utf-8"), mode=0o600)


def end(git_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(git_dir) / NAME)


def refuse_if_pending(root: Path, git_dir: Path) -> None:
    if (Path(git_dir) / NAME).exists() or os.path.islink(Path(git_dir) / NAME):
        raise UpdateError(f"{root}: an earlier `archkit update` was interrupted before it finished "
                          f"(its journal {Path(git_dir) / NAME} is still there)",
                          "run `archkit update --abort` to put HEAD, index, working tree and archkit/pristine "
                          "back as they were before it, then run the update again")


def clean_scratch(root: Path, git_dir: Path) -> bool:
    """Remove what a killed run left in `.git/archkit-tmp/` (and git's record of a preview worktree)."""
    path = Path(git_dir) / g.SCRATCH
    if not os.path.lexists(path):
        return False
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return True
    previews = any(p.name.startswith("preview-") for p in path.iterdir())
    shutil.rmtree(path, ignore_errors=True)  # rmtree never follows links
    if previews:  # git's record of a preview checkout that was killed
        g.run(root, "worktree", "prune", check=False)
    return True


def restore(root: Path, git_dir: Path, doc: dict) -> list[str]:
    """Put back what the journal says the update started from. Returns what was done."""
    done: list[str] = []
    head, branch = doc.get("head"), doc.get("branch")
    if not isinstance(head, str) or not isinstance(branch, str) or not g.rev(root, head):
        raise UpdateError(f"{Path(git_dir) / NAME}: the journal is unreadable or names a commit this repository "
                          "does not have", "restore by hand: `git merge --abort` or `git reset --hard ORIG_HEAD`, "
                          f"then delete {Path(git_dir) / NAME}")
    current = g.run(root, "symbolic-ref", "-q", "HEAD", check=False)
    if g.text(current.stdout).strip() != branch:
        raise UpdateError(f"{root}: the interrupted update ran on {branch.removeprefix('refs/heads/')}, but HEAD is now "
                          f"{g.text(current.stdout).strip().removeprefix('refs/heads/') or 'detached'}",
                          f"`git switch {branch.removeprefix('refs/heads/')}` and run `archkit update --abort` again")
    for name in MERGE_STATE:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(Path(git_dir) / name)
    g.run(root, "reset", "-q", "--hard", head)
    done.append(f"HEAD, index and working tree reset to {head[:12]} ({branch.removeprefix('refs/heads/')})")
    tracked = set(g.text(g.run(root, "ls-files", "-z").stdout).split("\0"))
    removed = 0
    for rel in doc.get("creates") or []:
        if not isinstance(rel, str) or rel in tracked:
            continue
        try:
            if safefs.link_in_path(root, rel) is None and os.path.isfile(root / rel):
                os.unlink(root / rel)
                removed += 1
                parent = (root / rel).parent
                while parent != root and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        except (OSError, ValueError):
            continue
    if removed:
        done.append(f"removed {removed} file(s) the update had added")
    old, new = doc.get("pristine_old"), doc.get("pristine_new")
    if isinstance(new, str) and g.rev(root, g.PRISTINE_REF) == new and old != new:
        if isinstance(old, str) and g.rev(root, old):
            g.run(root, "update-ref", g.PRISTINE_REF, old, new)
            done.append(f"{g.PRISTINE_BRANCH} put back at {old[:12]}")
        else:
            g.run(root, "update-ref", "-d", g.PRISTINE_REF, new)
            done.append(f"{g.PRISTINE_BRANCH} removed (the update had created it)")
    return done
