"""Finding and reading the IaC files of a repository, safely.

Every read goes through ``read_source`` so a binary, huge or mis-encoded file becomes a
finding instead of an exception deep inside a parser.
"""

from __future__ import annotations

import os
from pathlib import Path

from .findings import Finding, error

MAX_BYTES = 5 * 1024 * 1024  # generated files are tiny; anything this big was not written by hand
RULE = "file-unreadable"


def infra_files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under root/infra with one of the suffixes; hidden dirs (.terraform) are skipped."""
    infra = root / "infra"
    found: list[Path] = []
    if not infra.is_dir():
        return found
    # os.walk does not follow directory symlinks, so a link loop cannot hang us.
    for dirpath, dirnames, filenames in os.walk(infra):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / f for f in sorted(filenames) if f.endswith(suffixes)]
    return found


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_source(root: Path, path: Path) -> tuple[str | None, Finding | None]:
    """The file's text, or None and a finding that says why it cannot be read."""
    name = rel(root, path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, error(name, 1, RULE, f"file is {size / 1048576:.1f} MB; validate reads IaC files up to 5 MB")
        data = path.read_bytes()
    except OSError as exc:
        return None, error(name, 1, RULE, f"cannot read file: {exc.strerror or exc}")
    if b"\0" in data[:8192]:
        return None, error(name, 1, RULE, "file is binary, not source text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, error(name, line, RULE, f"file is not UTF-8 (byte {exc.start}); save it as UTF-8")


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
