"""Put a rendered tree on disk atomically: temp folder first, then one move.

A failure, Ctrl-C or SIGTERM leaves no partial output; a non-empty target is
refused unless forced, and even then only files archkit produces are written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import TargetError

PRISTINE_BRANCH = "archkit/pristine"


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """SIGTERM takes the same clean-up path as Ctrl-C."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_target(target: Path, force: bool) -> None:
    if target.is_symlink():
        raise TargetError(f"output {target} is a symbolic link", "pass the real folder path instead of a link")
    if target.exists() and not target.is_dir():
        raise TargetError(f"output {target} exists and is not a folder", "choose another --output path")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise TargetError(f"output {target} exists and is not empty",
                          "choose an empty or new folder, or pass --force to write archkit's files into it (nothing else is touched)")
    parent = target.parent if not target.exists() else target
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise TargetError(f"output {target}: folder {parent} is not writable", "choose a folder you can write to")


def is_executable(rel: str) -> bool:
    """Scripts in a rendered repository are executable (on disk and in git)."""
    return rel.endswith(".sh") or rel.startswith(".ci/")


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        if not path.resolve().is_relative_to(root.resolve()):
            raise TargetError(f"refusing to write {rel}: it would land outside the output folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if is_executable(rel):
            path.chmod(0o755)


def git(cwd: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    base_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=base_env)
    if check and proc.returncode != 0:
        raise TargetError(f"git {' '.join(args)} failed in {cwd}: {proc.stderr.strip()}",
                          "check that git is installed and the folder is writable")
    return proc


def git_identity_env(cwd: Path) -> dict:
    """Use the user's identity when configured, a neutral one otherwise."""
    env = {}
    if not git(cwd, "config", "user.name", check=False).stdout.strip():
        env.update(GIT_AUTHOR_NAME="archkit", GIT_COMMITTER_NAME="archkit")
    if not git(cwd, "config", "user.email", check=False).stdout.strip():
        env.update(GIT_AUTHOR_EMAIL="archkit@localhost", GIT_COMMITTER_EMAIL="archkit@localhost")
    return env


def init_repository(root: Path, message: str) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message, env=git_identity_env(root))
    # The pristine render lives on its own branch: the merge base for `archkit update`.
    git(root, "branch", PRISTINE_BRANCH)


def write_new(target: Path, files: dict[str, bytes], *, force: bool, make_git: bool, message: str,
              fail_after: int | None = None) -> list[str]:
    """Write a fresh repository. Returns the written paths."""
    target = Path(os.path.abspath(target))
    check_target(target, force)
    merge_into_existing = target.is_dir() and any(target.iterdir())
    parent = target if merge_into_existing else target.parent
    parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".archkit-tmp-", dir=parent))
    except OSError as exc:
        raise TargetError(f"cannot create a folder in {parent}: {exc.strerror}", "choose a writable --output") from None
    try:
        with _sigterm_as_interrupt():
            try:
                _write_files(tmp, files)
                if fail_after is not None:  # fault injection for tests
                    raise OSError(28, "No space left on device (injected)")
                if make_git and not merge_into_existing:
                    init_repository(tmp, message)
            except OSError as exc:
                raise TargetError(f"writing {target} failed: {exc.strerror or exc}; nothing was written",
                                  "free some space or choose another --output, then run the command again") from None
            if merge_into_existing:
                _merge_into(tmp, target, files)
            else:
                if target.is_dir():
                    target.rmdir()
                os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return sorted(files)


def _merge_into(tmp: Path, target: Path, files: dict[str, bytes]) -> None:
    """--force into a non-empty folder: write archkit's files, leave everything else alone."""
    for rel in files:
        src, dst = tmp / rel, target / rel
        if dst.is_symlink() or (dst.exists() and dst.is_dir()):
            raise TargetError(f"{dst} is a folder or a link where archkit writes a file", "move it away and try again")
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)
