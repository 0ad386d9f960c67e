"""Put a rendered tree on disk atomically: temp folder first, then one move.

A failure, Ctrl-C or SIGTERM leaves no partial output; a non-empty target is
refused unless forced, and even then only files archkit produced (and nobody
changed since) are replaced, never through a symbolic link, and only after every
path was checked. The temporary folder is `.archkit-tmp-<pid>-<host>-*` beside the
target, private (0700) while it is filled; one left by a killed run (its process
gone, same host) is removed by the next `archkit new` in that folder. The final
folder gets the mode a plain `mkdir` would give (the umask applies).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from .. import safefs
from ..errors import TargetError
from ..interrupt import pause_point, sigterm_as_interrupt

PRISTINE_BRANCH = "archkit/pristine"
TMP_PREFIX = ".archkit-tmp-"


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


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def clean_stale_temps(folder: Path) -> list[str]:
    """Remove `.archkit-tmp-<pid>-<host>-*` folders of archkit runs on this host whose process is gone."""
    removed = []
    mine = _host_tag()
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TMP_PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        pid, _, rest = entry.name[len(TMP_PREFIX):].partition("-")
        host = rest.partition("-")[0]
        if not pid.isdigit() or host != mine or _pid_alive(int(pid)) or int(pid) == os.getpid():
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)  # never follows links
        else:
            os.unlink(entry.path)
        removed.append(entry.name)
    return removed


def _temp_folder(parent: Path) -> Path:
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-{_host_tag()}-", dir=parent))
        os.chmod(tmp, 0o700)  # private while it is filled, whatever the umask
    except OSError as exc:
        raise TargetError(f"cannot create a folder in {parent}: {exc.strerror}", "choose a writable --output") from None
    return tmp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _recorded_digests(target: Path) -> dict[str, str] | None:
    """The digests of the files archkit wrote here earlier (its answers file), or None."""
    import yaml

    from . import answers_file

    data = safefs.read_file(target, answers_file.PATH, limit=2 * 1024 * 1024)
    if data is None:
        return None
    try:
        doc = yaml.safe_load(data)
    except yaml.YAMLError:
        return None
    if not isinstance(doc, dict) or not doc.get("archkit_version") or not isinstance(doc.get("digests"), dict):
        return None
    return {str(k): str(v) for k, v in doc["digests"].items()}


def check_force(target: Path, files: dict[str, bytes]) -> None:
    """--force into a non-empty folder: every path is checked before anything is written.

    Refused (all listed at once): a symbolic link or a non-folder anywhere on a path archkit
    writes, a folder where it writes a file, and an existing file archkit did not write
    (not in the answers file's digests) or that was changed since (digest differs).
    """
    from . import answers_file

    recorded = _recorded_digests(target)
    problems: dict[str, str] = {}
    cache: dict = {}
    for rel in sorted(files):
        hit = safefs.link_in_path(target, rel, cache=cache)
        if hit:
            problems.setdefault(hit[0], hit[1])
            continue
        if not os.path.lexists(target / rel):
            continue
        if rel == answers_file.PATH:
            if recorded is None:
                problems[rel] = "not an answers file archkit wrote"
            continue
        data = safefs.read_file(target, rel)
        if data is None:
            problems[rel] = "not a regular file"
        elif data == files[rel]:
            continue
        elif recorded is not None and recorded.get(rel) == answers_file.digest(data):
            continue  # archkit wrote it and nobody changed it since
        elif recorded is not None and rel in recorded:
            problems[rel] = "changed since archkit wrote it"
        else:
            problems[rel] = "a file archkit did not write"
    if problems:
        listed = "\n".join(f"  - {rel}: {why}" for rel, why in sorted(problems.items()))
        raise TargetError(f"output {target}: --force refused, nothing was written: archkit would have to overwrite or "
                          f"write through {len(problems)} path(s) it may not touch:\n{listed}",
                          "move or rename them (a link: replace it with a real folder), or render into a new folder; "
                          "--force only replaces files archkit wrote that nobody has changed since")


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
    from .answers_file import pristine_message

    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    # the first commit is itself archkit's pristine render: it carries the trailer update checks
    git(root, "commit", "-q", "--no-verify", "-m", pristine_message(message), env=git_identity_env(root))
    # The pristine render lives on its own branch: the merge base for `archkit update`.
    git(root, "branch", PRISTINE_BRANCH)


def write_new(target: Path, files: dict[str, bytes], *, force: bool, make_git: bool, message: str,
              fail_after: int | None = None) -> list[str]:
    """Write a fresh repository. Returns the written paths."""
    target = Path(os.path.abspath(target))
    check_target(target, force)
    merge_into_existing = target.is_dir() and any(target.iterdir())
    if merge_into_existing:
        check_force(target, files)
    parent = target if merge_into_existing else target.parent
    parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(parent)
    tmp = _temp_folder(parent)
    try:
        with sigterm_as_interrupt():
            pause_point("new-tmp-created")
            try:
                _write_files(tmp, files)
                pause_point("new-files-written")
                if fail_after is not None:  # fault injection for tests
                    raise OSError(28, "No space left on device (injected)")
                if make_git and not merge_into_existing:
                    init_repository(tmp, message)
                    pause_point("new-git-done")
            except OSError as exc:
                raise TargetError(f"writing {target} failed: {exc.strerror or exc}; nothing was written",
                                  "free some space or choose another --output, then run the command again") from None
            if merge_into_existing:
                _merge_into(tmp, target, files)
            else:
                mode = 0o777 & ~_umask()
                if target.is_dir():
                    mode = target.stat().st_mode & 0o7777
                    target.rmdir()
                os.chmod(tmp, mode)
                os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return sorted(files)


def _merge_into(tmp: Path, target: Path, files: dict[str, bytes]) -> None:
    """--force into a non-empty folder (checked by check_force): move archkit's files in, following no link."""
    for rel in files:
        try:
            safefs.move_into(tmp / rel, target, rel)
        except safefs.LinkInPath as exc:  # swapped for a link after the check
            raise TargetError(f"output {target}: {exc.component} is {exc.what}; archkit never writes through a link "
                              f"(stopped before {rel})", "replace the link with a real folder and run again") from None
