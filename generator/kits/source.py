"""Where a kit comes from: a folder, or `PATH@REF` (a local git repository pinned to a ref).

A pinned kit is read from that ref's tree, exported with `git archive` into a temporary
folder, never from the working tree, so uncommitted edits in the kit repository do not
leak into what gets recorded as `ref`/`commit`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError


@dataclass(frozen=True)
class Spec:
    path: Path  # absolute
    ref: str | None = None


def parse_spec(spec: str) -> Spec:
    """`PATH` or `PATH@REF`. A folder whose own name holds '@' is taken as a plain folder."""
    text = str(spec).strip()
    if not text:
        raise KitError("--kit is empty", "pass a kit folder, or PATH@REF for a git repository pinned to a ref")
    plain = Path(text).expanduser()
    if "@" in text and not plain.exists():
        path, ref = text.rsplit("@", 1)
        if not path or not ref:
            raise KitError(f"--kit {text!r}: expected PATH@REF", "e.g. --kit ../platform-kit@v1.2.0")
        if ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref) or ".." in ref:
            raise KitError(f"--kit {text!r}: {ref!r} is not a git ref", "use a tag, branch or commit id")
        return Spec(Path(os.path.abspath(Path(path).expanduser())), ref)
    return Spec(Path(os.path.abspath(plain)), None)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env)
    except FileNotFoundError:
        raise KitError("git is not installed, so PATH@REF kits cannot be read",
                       "install git, or pass the kit folder without @REF") from None


@contextlib.contextmanager
def materialise(spec: Spec):
    """Yield (folder holding kit.yaml, resolved commit or None)."""
    if not spec.path.exists():
        raise KitError(f"kit folder {spec.path} does not exist", "pass the folder that holds kit.yaml (or PATH@REF)")
    if not spec.path.is_dir():
        raise KitError(f"kit {spec.path} is not a folder", "pass the folder that holds kit.yaml")
    if spec.ref is None:
        yield spec.path, None
        return
    top = _git(spec.path, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise KitError(f"--kit {spec.path}@{spec.ref}: {spec.path} is not a git repository",
                       "PATH@REF reads a ref of a local git repository; drop @REF to use the folder as it is")
    prefix = _git(spec.path, "rev-parse", "--show-prefix").stdout.decode().strip().rstrip("/")
    rev = _git(spec.path, "rev-parse", "--verify", "--quiet", f"{spec.ref}^{{commit}}")
    if rev.returncode != 0:
        tags = _git(spec.path, "tag", "--list", "--sort=-creatordate").stdout.decode().split()[:5]
        hint = f"recent tags: {', '.join(tags)}" if tags else "use a tag, branch or commit id of that repository"
        raise KitError(f"--kit {spec.path}@{spec.ref}: no such ref in {top.stdout.decode().strip()}", hint)
    commit = rev.stdout.decode().strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    toplevel = Path(top.stdout.decode().strip())
    archive = _git(toplevel, "archive", "--format=tar", tree)  # from a subfolder git would filter by it
    if archive.returncode != 0:
        raise KitError(f"--kit {spec.path}@{spec.ref}: git archive failed: {archive.stderr.decode().strip()}",
                       f"check that {prefix or 'the repository root'} exists at {spec.ref}")
    tmp = Path(tempfile.mkdtemp(prefix="archkit-kit-"))
    try:
        try:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise KitError(f"--kit {spec.path}@{spec.ref}: cannot unpack the ref's tree: {exc}",
                           "links or paths in the kit point outside it; fix the kit repository") from None
        yield tmp, commit
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def trusted_sources() -> list[Path]:
    """ARCHKIT_TRUSTED_KITS: kit folders (os.pathsep-separated) allowed to carry code."""
    raw = os.environ.get("ARCHKIT_TRUSTED_KITS", "")
    out = []
    for entry in raw.split(os.pathsep):
        entry = entry.strip()
        if entry:
            out.append(Path(os.path.abspath(Path(entry.rsplit("@", 1)[0] if not Path(entry).exists() and "@" in entry
                                                 else entry).expanduser())))
    return out


def is_trusted(spec: Spec) -> bool:
    try:
        here = spec.path.resolve()
    except OSError:
        return False
    for p in trusted_sources():
        try:
            if p.resolve() == here:
                return True
        except OSError:
            continue
    return False
