"""Finding and reading the IaC files of a repository, safely.

Every read goes through ``read_source`` so a binary, huge or mis-encoded file becomes a
finding instead of an exception deep inside a parser. Only regular files are read (never a
FIFO, device or socket: a FIFO would hang, /dev/zero never ends), with a bounded read of
the descriptor that was checked, and a symbolic link is followed only to a file inside the
repository. ``hazards`` reports what tools that read infra/ by themselves (terraform fmt
-recursive, tfparse) must not meet, so those run on the listed files only, or not at all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..safeio import FileTooLarge, NotRegularFile, kind_of, read_regular
from .findings import Finding, error

MAX_BYTES = 5 * 1024 * 1024  # generated files are tiny; anything this big was not written by hand
RULE = "file-unreadable"


def infra_files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under root/infra with one of the suffixes; hidden dirs (.terraform) are skipped."""
    infra = root / "infra"
    found: list[Path] = []
    if not infra.is_dir():
        return found
    # os.walk does not follow directory symlinks, so a link loop cannot hang us; an
    # unreadable folder is skipped here and reported by ``hazards``.
    for dirpath, dirnames, filenames in os.walk(infra, onerror=lambda exc: None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / f for f in sorted(filenames) if f.endswith(suffixes)]
    return found


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


IAC_SUFFIXES = (".bicep", ".bicepparam", ".tf", ".tfvars")


def _link_target(root: Path, path: Path) -> tuple[Path | None, str | None]:
    """(the real file, or None and why it is not read): a link, or a path through a linked
    folder, is followed only while it stays inside the repository."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, "a symbolic link that leads nowhere (or loops); not read"
    if not target.is_relative_to(Path(root).resolve()):
        if path.is_symlink():
            return None, f"a symbolic link to {os.readlink(path)}, outside the repository; validate does not follow it"
        return None, "reached through a linked folder that leads outside the repository; not read"
    return target, None


def read_source(root: Path, path: Path) -> tuple[str | None, Finding | None]:
    """The file's text, or None and a finding that says why it cannot be read."""
    name = rel(root, path)
    target, why = _link_target(root, path)
    if why:
        return None, error(name, 1, RULE, why)
    try:
        data = read_regular(target, MAX_BYTES, follow=False)
    except FileTooLarge as exc:
        return None, error(name, 1, RULE, f"file is {exc.size / 1048576:.1f} MB; validate reads IaC files up to 5 MB")
    except NotRegularFile as exc:
        return None, error(name, 1, RULE, f"{exc.kind}, not a regular file; validate reads regular files only")
    except OSError as exc:
        return None, error(name, 1, RULE, f"cannot read file: {exc.strerror or exc}")
    if b"\0" in data[:8192]:
        return None, error(name, 1, RULE, "file is binary, not source text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, error(name, line, RULE, f"file is not UTF-8 (byte {exc.start}); save it as UTF-8")


def hazards(root: Path) -> list[Finding]:
    """Folders under infra/ that cannot be read, and entries that are not regular files or
    folders inside the repository (IaC files among them are read_source's to report)."""
    infra = root / "infra"
    found: list[Finding] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else infra
        found.append(error(rel(root, where), 1, RULE, f"cannot read folder: {exc.strerror or exc}"))

    if not infra.is_dir():
        return found
    if infra.is_symlink():
        _target, why = _link_target(root, infra)
        if why:
            return [error("infra", 1, RULE, why)]
    for dirpath, dirnames, filenames in os.walk(infra, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if name in filenames and name.endswith(IAC_SUFFIXES):
                continue
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    target, why = _link_target(root, path)
                    if why:
                        found.append(error(rel(root, path), 1, RULE, why))
                        continue
                    st = os.stat(target)
            except OSError as exc:
                found.append(error(rel(root, path), 1, RULE, f"cannot read: {exc.strerror or exc}"))
                continue
            if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                found.append(error(rel(root, path), 1, RULE,
                                   f"{kind_of(st.st_mode)}, not a regular file; validate reads regular files only"))
    return found


def parse_error_line(exc: Exception) -> int:
    """The line a parser exception points at (lark exceptions carry it; others may say it)."""
    import re

    line = getattr(exc, "line", None)
    if isinstance(line, int) and line > 0:
        return line
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else 1


def parse_error_text(exc: Exception) -> str:
    """A one-line description of a lark parse error, without the token-class dump."""
    kind = type(exc).__name__
    token = getattr(exc, "token", None)
    if kind == "UnexpectedToken" and token is not None:
        if getattr(token, "type", "") == "$END":
            return "unexpected end of file"
        shown = (str(token).strip().splitlines() or [""])[0][:40]  # lark tokens may run on for lines
        return f"unexpected {shown!r} at column {getattr(exc, 'column', '?')}"
    if kind == "UnexpectedCharacters":
        return f"unexpected character {getattr(exc, 'char', '?')!r} at column {getattr(exc, 'column', '?')}"
    if kind == "UnexpectedEOF":
        return "unexpected end of file"
    first = (str(exc).strip().splitlines() or [kind])[0]
    return f"{kind}: {first[:200]}"
