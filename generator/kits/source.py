"""Where a kit comes from, and which versions of it exist.

A kit source is one of:
- a local folder (``../platform-kit``), read as it is;
- a local git repository pinned to a ref (``../platform-kit@v1.2.0``);
- a git URL (``https://…``, ``ssh://…``, ``git@host:org/repo``, ``file://…``) or ``gh:org/repo``,
  each with an optional ``@ref`` (tag, branch or commit; the default branch without one).

A pinned or remote kit is read from the ref's tree with ``git archive``, never from a working
tree, so what is recorded as ``ref``/``commit`` is exactly what was rendered. Remote kits are
cloned bare into a private temporary folder with the user's own git credentials; archkit never
sees or stores them (a URL that embeds a password is refused). Only the https, ssh and file
transports are allowed: git's ``ext::`` and plain ``git://`` are not.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import KitError

_SCP = re.compile(r"^(?P<user>[A-Za-z0-9._-]+)@(?P<host>[A-Za-z0-9.-]+):(?P<path>[^/].*)$")
_SCHEMES = ("https://", "ssh://", "file://")
_GH = "gh:"
_HINT = "e.g. --kit ../platform-kit, ../platform-kit@v1.2.0, gh:contoso/platform-kit@v1.2.0 or https://host/org/kit.git@v1.2.0"


@dataclass(frozen=True)
class Spec:
    path: Path | None  # absolute; None for a git URL
    ref: str | None = None
    url: str | None = None  # the git URL to clone (gh: expanded)
    given: str = ""  # the source as the user wrote it, without @ref (what answers.yml records)

    @property
    def remote(self) -> bool:
        return self.url is not None

    @property
    def display(self) -> str:
        base = self.given if self.remote else str(self.path)
        return base + (f"@{self.ref}" if self.ref else "")


def _check_ref(text: str, ref: str) -> str:
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref) or ".." in ref \
            or any(c in ref for c in "~^:?*[\\"):
        raise KitError(f"--kit {text!r}: {ref!r} is not a git ref", "use a tag, branch or commit id")
    return ref


def _split_ref(text: str, path_start: int) -> tuple[str, str | None]:
    """Split ``SOURCE@REF`` where the '@' lies in the path part (not a user@host)."""
    at = text.rfind("@")
    if at > path_start:
        return text[:at], _check_ref(text, text[at + 1:])
    return text, None


def _remote(text: str) -> Spec | None:
    if text.startswith(_GH):
        base, ref = _split_ref(text, len(_GH))
        repo = base[len(_GH):].strip("/")
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
            raise KitError(f"--kit {text!r}: gh: takes ORG/REPO", _HINT)
        return Spec(None, ref, f"https://github.com/{repo.removesuffix('.git')}.git", base)
    if text.startswith(_SCHEMES):
        scheme_end = text.index("://") + 3
        slash = text.find("/", scheme_end)
        base, ref = _split_ref(text, slash if slash >= 0 else len(text))
        parts = urlsplit(base)
        if parts.password:
            raise KitError(f"--kit: the URL for {parts.hostname} embeds a password",
                           "archkit records the kit source in .archkit/answers.yml; use a git credential helper or "
                           "an SSH key instead of credentials in the URL")
        if parts.scheme != "file" and not parts.hostname:
            raise KitError(f"--kit {text!r}: no host in the URL", _HINT)
        return Spec(None, ref, base, base)
    m = _SCP.match(text)
    if m and not Path(text).exists():
        base, ref = _split_ref(text, m.start("path"))
        return Spec(None, ref, base, base)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*::", text) or text.startswith(("git://", "http://")):
        raise KitError(f"--kit {text!r}: that git transport is not allowed",
                       "use https://, ssh://, file:// or gh:ORG/REPO (plain git:// and http:// are unauthenticated)")
    return None


def parse_spec(spec: str, base: Path | None = None) -> Spec:
    """Parse a kit source. A relative folder is taken relative to ``base`` (default: the working folder)."""
    text = str(spec).strip()
    if not text:
        raise KitError("--kit is empty", "pass a kit folder, or PATH@REF for a git repository pinned to a ref")
    if any(ord(c) < 32 for c in text):
        raise KitError(f"--kit {text!r}: contains a control character", _HINT)
    remote = _remote(text)
    if remote is not None:
        return remote

    def absolute(p: str) -> Path:
        path = Path(p).expanduser()
        if base is not None and not path.is_absolute():
            path = Path(base) / path
        return Path(os.path.abspath(path))

    plain = absolute(text)
    if "@" in text and not plain.exists():
        path, ref = text.rsplit("@", 1)
        if not path or not ref:
            raise KitError(f"--kit {text!r}: expected PATH@REF", "e.g. --kit ../platform-kit@v1.2.0")
        _check_ref(text, ref)
        return Spec(absolute(path), ref, None, path)
    return Spec(plain, None, None, text)


def recorded_source(spec: Spec, repo_root: Path) -> str:
    """What .archkit/answers.yml records: a URL as given, a folder relative to the repository."""
    if spec.remote:
        return spec.given
    try:
        return Path(os.path.relpath(spec.path, os.path.abspath(repo_root))).as_posix()
    except ValueError:  # another drive: nothing relative exists
        raise KitError(f"kit folder {spec.path} is on another drive than the repository",
                       "publish the kit as a git repository and pass its URL (e.g. gh:org/kit@v1.0.0)") from None


def _env() -> dict:
    # Never prompt (a CI run would hang); only authenticated transports; no system-wide hooks
    # or config can turn a clone into code execution through the kit's own repository.
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ALLOW_PROTOCOL": "https:ssh:file",
            "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path | None, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", *args],
                              cwd=cwd, capture_output=True, env=_env(), timeout=300)
    except FileNotFoundError:
        raise KitError("git is not installed, so git kit sources cannot be read",
                       "install git, or pass the kit folder without @REF") from None
    except subprocess.TimeoutExpired:
        raise KitError(f"git {args[0]} took longer than 5 minutes", "check the kit URL and your network") from None


def _errtext(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in proc.stderr.decode(errors="replace").splitlines() if ln.strip()]
    return lines[-1].strip() if lines else f"exit {proc.returncode}"


def _resolve(gitdir_cwd: Path, spec: Spec, where: str) -> str:
    rev = _git(gitdir_cwd, "rev-parse", "--verify", "--quiet", f"{spec.ref or 'HEAD'}^{{commit}}")
    if rev.returncode != 0:
        tags = sorted(_git(gitdir_cwd, "tag", "--list").stdout.decode().split(), key=version_key, reverse=True)[:5]
        hint = f"tags there: {', '.join(tags)}" if tags else "use a tag, branch or commit id of that repository"
        raise KitError(f"--kit {spec.display}: no such ref in {where}", hint)
    return rev.stdout.decode().strip()


def _extract(toplevel: Path, tree: str, spec: Spec):
    archive = _git(toplevel, "archive", "--format=tar", tree)
    if archive.returncode != 0:
        raise KitError(f"--kit {spec.display}: git archive failed: {_errtext(archive)}",
                       "check that the kit folder exists at that ref")
    tmp = Path(tempfile.mkdtemp(prefix="archkit-kit-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise KitError(f"--kit {spec.display}: cannot unpack the ref's tree: {exc}",
                       "links or paths in the kit point outside it; fix the kit repository") from None
    return tmp


# Within `shared_fetches()` (archkit status over many repositories), one clone and one tag
# listing per URL serve every repository that records that kit.
_SHARED: dict | None = None


def shared_kits() -> dict | None:
    """Kits already loaded in this `shared_fetches()` run, by (url, ref, trusted); None outside one."""
    if _SHARED is None:
        return None
    return _SHARED.setdefault("kits", {})


@contextlib.contextmanager
def shared_fetches():
    global _SHARED
    if _SHARED is not None:
        yield
        return
    _SHARED = {}
    try:
        yield
    finally:
        for value in list(_SHARED.values()):
            if isinstance(value, Path):
                shutil.rmtree(value.parent, ignore_errors=True)
        _SHARED = None


def _bare_clone(spec: Spec) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="archkit-kit-git-"))
    bare = tmp / "kit.git"
    proc = _git(None, "clone", "--bare", "--quiet", "--", spec.url, str(bare))
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise KitError(f"--kit {spec.display}: cannot clone {spec.given}: {_errtext(proc)}",
                       "check the URL and that your git credentials (credential helper or SSH key) can read it")
    return bare


@contextlib.contextmanager
def _clone(spec: Spec):
    """A private bare clone of a remote kit (removed afterwards, or when shared fetches end)."""
    if _SHARED is not None:
        key = ("clone", spec.url)
        if key not in _SHARED:
            _SHARED[key] = _bare_clone(spec)
        yield _SHARED[key]
        return
    bare = _bare_clone(spec)
    try:
        yield bare
    finally:
        shutil.rmtree(bare.parent, ignore_errors=True)


@contextlib.contextmanager
def materialise(spec: Spec):
    """Yield (folder holding kit.yaml, resolved commit or None)."""
    if spec.remote:
        with _clone(spec) as bare:
            commit = _resolve(bare, spec, spec.given)
            tmp = _extract(bare, commit, spec)
            try:
                yield tmp, commit
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return
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
    toplevel = Path(top.stdout.decode().strip())
    commit = _resolve(spec.path, spec, str(toplevel))
    tmp = _extract(toplevel, f"{commit}:{prefix}" if prefix else commit, spec)  # from a subfolder git would filter
    try:
        yield tmp, commit
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- versions ----------------------------------------------------------------------------------

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def version_key(tag: str):
    """Sort key for semantic-version tags (``v1.2.3``, ``1.2.3-rc.1``); other names sort first."""
    m = _SEMVER.match(tag)
    if not m:
        return (0, (), (0,), tag)
    nums = tuple(int(x) for x in m.group(1, 2, 3))
    pre = m.group(4)
    # a release sorts after its pre-releases; numeric identifiers compare as numbers
    pre_key = (1,) if pre is None else (0, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")))
    return (1, nums, pre_key, tag)


def is_release(tag: str) -> bool:
    m = _SEMVER.match(tag)
    return bool(m) and m.group(4) is None


def is_version(tag: str) -> bool:
    return bool(_SEMVER.match(tag))


def version_tags(spec: Spec) -> list[str]:
    """Semantic-version tags of the kit's repository, oldest first ([] for a plain folder)."""
    if spec.remote:
        key = ("tags", spec.url)
        if _SHARED is not None and key in _SHARED:
            return list(_SHARED[key])
        proc = _git(None, "ls-remote", "--tags", "--refs", "--", spec.url)
        if proc.returncode != 0:
            raise KitError(f"kit {spec.given}: cannot list its tags: {_errtext(proc)}",
                           "check the URL and your git credentials")
        names = [line.split("refs/tags/", 1)[1] for line in proc.stdout.decode().splitlines() if "refs/tags/" in line]
        names = sorted((n for n in names if is_version(n)), key=version_key)
        if _SHARED is not None:
            _SHARED[key] = tuple(names)
        return names
    else:
        if spec.path is None or not spec.path.is_dir():
            return []
        proc = _git(spec.path, "tag", "--list")
        if proc.returncode != 0:
            return []
        names = proc.stdout.decode().split()
    return sorted((n for n in names if is_version(n)), key=version_key)


def newer_tags(spec: Spec, current: str | None, *, pre: bool = False) -> list[str]:
    """Version tags newer than ``current`` (releases only unless ``pre``), oldest first."""
    if not current or not is_version(current):
        return []
    floor = version_key(current)
    return [t for t in version_tags(spec) if version_key(t) > floor and (pre or is_release(t))]


# --- trust -------------------------------------------------------------------------------------


def trusted_sources() -> list[str]:
    """ARCHKIT_TRUSTED_KITS: kit folders or URLs allowed to carry code.

    Entries are separated by commas, newlines or os.pathsep; a ':' that belongs to ``scheme://``
    or ``gh:`` does not separate (write an scp-like ``git@host:path`` as ``ssh://`` here).
    """
    raw = os.environ.get("ARCHKIT_TRUSTED_KITS", "")
    sep = r"[,\n;]" if os.pathsep != ":" else r"[,\n]|(?<!\bgh):(?!//)"
    return [e.strip() for e in re.split(sep, raw) if e.strip()]


def is_trusted(spec: Spec) -> bool:
    for entry in trusted_sources():
        try:
            other = parse_spec(entry)
        except KitError:
            continue
        if spec.remote or other.remote:
            if spec.remote and other.remote and other.url == spec.url:
                return True
            continue
        try:
            if other.path.resolve() == spec.path.resolve():
                return True
        except OSError:
            continue
    return False
