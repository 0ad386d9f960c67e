"""The git plumbing `archkit update` needs, each call a plain subprocess.

Nothing here touches a working tree: pristine renders are stored as blobs, a tree
and a commit through a temporary index file, so the user's files and index stay
as they were while the new commit is made. merge.py does the merging.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import interrupt
from ..errors import UpdateError
from ..render.writer import PRISTINE_BRANCH

PRISTINE_REF = f"refs/heads/{PRISTINE_BRANCH}"
SCRATCH = "archkit-tmp"  # under the git folder: archkit's only temporary files


def scratch_dir(git_dir: Path) -> Path:
    """`.git/archkit-tmp/`, private to the user (0700 whatever the umask); cleared by every run."""
    path = Path(git_dir) / SCRATCH
    if path.is_symlink():
        path.unlink()
    path.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    return path


class GitFailed(UpdateError):
    """A git command failed where archkit did not expect it to."""


def run(cwd: Path, *args: str, check: bool = True, env: dict | None = None, input: bytes | None = None,
        ) -> subprocess.CompletedProcess:
    """Run git; stdout/stderr are bytes. ``check`` raises GitFailed with git's own message."""
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=full_env, input=input)
    except FileNotFoundError:
        raise UpdateError("git is not installed (or not on PATH)",
                          "archkit update merges through git; install it from https://git-scm.com") from None
    interrupt.check()  # a signal noted while git ran stops us here, between two commands
    if check and proc.returncode != 0:
        raise GitFailed(f"git {' '.join(args[:3])} failed in {cwd}: {text(proc.stderr).strip() or 'no message'}",
                        "nothing was merged; fix the cause and run the command again")
    return proc


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def out(cwd: Path, *args: str, **kw) -> str:
    return text(run(cwd, *args, **kw).stdout).strip()


def rev(cwd: Path, name: str) -> str | None:
    proc = run(cwd, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
    if proc.returncode != 0:
        return None
    return text(proc.stdout).strip() or None


def blob(cwd: Path, commit: str | None, path: str) -> bytes | None:
    if not commit:
        return None
    proc = run(cwd, "cat-file", "blob", f"{commit}:{path}", check=False)
    return proc.stdout if proc.returncode == 0 else None


def merge_bases(cwd: Path, a: str, b: str) -> list[str]:
    proc = run(cwd, "merge-base", "--all", a, b, check=False)
    return text(proc.stdout).split() if proc.returncode == 0 else []


_IDENTITY: dict[str, dict] = {}


def identity_env(cwd: Path) -> dict:
    """The user's identity when configured, a neutral one otherwise (as `archkit new` does)."""
    key = str(Path(cwd).resolve())
    if key not in _IDENTITY:
        _IDENTITY[key] = _identity_env(cwd)
    return dict(_IDENTITY[key])


def _identity_env(cwd: Path) -> dict:
    found = out(cwd, "config", "--get-regexp", r"^user\.(name|email)$", check=False)
    keys = {line.split(" ", 1)[0].lower() for line in found.splitlines() if " " in line}
    env = {}
    if "user.name" not in keys:
        env.update(GIT_AUTHOR_NAME="archkit", GIT_COMMITTER_NAME="archkit")
    if "user.email" not in keys:
        env.update(GIT_AUTHOR_EMAIL="archkit@localhost", GIT_COMMITTER_EMAIL="archkit@localhost")
    return env


def head_and_git_dir(cwd: Path) -> tuple[str, Path]:
    lines = out(cwd, "rev-parse", "--absolute-git-dir", "HEAD").splitlines()
    return lines[1], Path(lines[0])


def batch_blobs(cwd: Path, specs: list[str]) -> dict[str, bytes | None]:
    """Many ``rev:path`` blobs in one `git cat-file --batch` call; None where missing."""
    if not specs:
        return {}
    raw = run(cwd, "cat-file", "--batch", input="".join(f"{s}\n" for s in specs).encode("utf-8")).stdout
    found: dict[str, bytes | None] = {}
    pos = 0
    for spec in specs:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            found[spec] = raw[pos:pos + size] if header[1] == b"blob" else None
            pos += size + 1
        else:  # "<spec> missing" / "ambiguous"
            found[spec] = None
    return found


def file_mode(path: str) -> str:
    from ..render.writer import is_executable

    return "100755" if is_executable(path) else "100644"


def write_tree(cwd: Path, files: dict[str, bytes], scratch: Path | None = None) -> str:
    """Store ``files`` as blobs and a tree, through a temporary index; return the tree id.

    ``scratch`` is where the temporary files go (the repository's git folder: same disk, cleaned up).
    """
    if scratch is None:
        scratch = scratch_dir(head_and_git_dir(cwd)[1])
    with tempfile.TemporaryDirectory(prefix="tree-", dir=scratch) as tmp:
        tmp_path = Path(tmp)
        paths = []
        for i, (rel, data) in enumerate(sorted(files.items())):
            p = tmp_path / f"blob-{i}"
            p.write_bytes(data)
            paths.append(str(p))
        ids = out(cwd, "hash-object", "-w", "--no-filters", "--stdin-paths",
                  input=("\n".join(paths) + "\n").encode() if paths else b"").split()
        entries = b"".join(f"{file_mode(rel)} {oid}\t{rel}".encode("utf-8") + b"\0"
                           for (rel, _), oid in zip(sorted(files.items()), ids))
        env = {"GIT_INDEX_FILE": str(tmp_path / "index")}
        run(cwd, "update-index", "--add", "-z", "--index-info", env=env, input=entries)
        return out(cwd, "write-tree", env=env)


def commit_tree(cwd: Path, tree: str, parents: list[str], message: str) -> str:
    args = ["commit-tree", tree]
    for p in parents:
        args += ["-p", p]
    return out(cwd, *args, "-m", message, env=identity_env(cwd))


def status_porcelain(cwd: Path, untracked: str = "all") -> list[str]:
    raw = run(cwd, "status", "--porcelain=v1", "-z", "--no-renames", f"--untracked-files={untracked}").stdout
    return [text(e) for e in raw.split(b"\0") if e]


def unmerged(cwd: Path) -> dict[str, set[int]]:
    """Unmerged paths and the stages present (1 base, 2 ours, 3 theirs)."""
    raw = run(cwd, "ls-files", "-u", "-z").stdout
    stages: dict[str, set[int]] = {}
    for entry in raw.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        stages.setdefault(text(path), set()).add(int(meta.split()[2]))
    return stages


@contextlib.contextmanager
def temporary_worktree(cwd: Path, commit: str, scratch: Path):
    """A detached checkout of ``commit`` in the scratch folder: previews merge there, never here."""
    tmp = Path(tempfile.mkdtemp(prefix="preview-", dir=scratch))
    wt = tmp / "wt"
    no_hooks = ["-c", f"core.hooksPath={tmp / 'no-hooks'}"]
    try:
        run(cwd, *no_hooks, "worktree", "add", "--detach", "-q", str(wt), commit)
        yield wt
    finally:
        run(cwd, "worktree", "remove", "--force", str(wt), check=False)
        shutil.rmtree(tmp, ignore_errors=True)
        run(cwd, "worktree", "prune", check=False)
