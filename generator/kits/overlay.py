"""The kit's overlay/ folder: extra or replacement files, rendered with the template's context.

Overlay templates see `ak` and `cookiecutter` (and `archkit(cookiecutter)`), like the
starter template, but run in Jinja's immutable sandbox: a kit is data, so a template can
read the context and not reach Python internals or change what archkit renders next.
Every source and rendered path must stay inside the output folder.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePosixPath

from ..errors import KitError, Problem

OVERLAY = "overlay"
MAX_FILES = 500
MAX_BYTES = 20 * 1024 * 1024
RESERVED = (".git", ".archkit")  # archkit's own state, and git's


class OverlayError(KitError):
    """An overlay file that cannot be rendered or written; ``problem`` locates it."""

    def __init__(self, file: str, line: int | None, message: str, hint: str):
        self.problem = Problem(file, line, "overlay", message)
        super().__init__(str(self.problem), hint)


def path_problem(rel: str) -> str | None:
    """Why a (rendered) overlay path cannot be written, or None."""
    if not rel:
        return "empty path"
    if "\\" in rel or ":" in rel or any(ord(c) < 32 for c in rel):
        return "backslash, colon or control character in the path"
    if rel.startswith("/") or PurePosixPath(rel).is_absolute():
        return "absolute path"
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "'..', '.' or an empty part in the path (it must stay inside the repository)"
    if parts[0] in RESERVED:
        return f"{parts[0]}/ belongs to archkit and git; a kit cannot write there"
    return None


def collect(root: Path, display: str, raw_globs: list[str]) -> tuple[list, list[Problem]]:
    """Read overlay/ into memory. Symbolic links may only point at files inside the kit."""
    from .model import OverlayFile

    base = root / OVERLAY
    files, problems = [], []
    if not base.exists():
        return files, problems
    if base.is_symlink() or not base.is_dir():
        return files, [Problem(f"{display}/{OVERLAY}", None, "overlay", "must be a real folder, not a link or a file")]
    kit_root = root.resolve()
    total = 0
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink():
                rel = (here / d).relative_to(base).as_posix()
                problems.append(Problem(f"{display}/{OVERLAY}/{rel}", None, "overlay",
                                        "a symbolic link to a folder; copy the files instead"))
                dirnames.remove(d)
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(base).as_posix()
            where = f"{display}/{OVERLAY}/{rel}"
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(kit_root) or not target.is_file():
                    problems.append(Problem(where, None, "overlay",
                                            f"symbolic link to {os.readlink(path)}, outside the kit folder"))
                    continue
            elif not path.is_file():
                problems.append(Problem(where, None, "overlay", "not a regular file"))
                continue
            why = path_problem(rel)
            if why:
                problems.append(Problem(where, None, "overlay", why))
                continue
            data = path.read_bytes()
            total += len(data)
            if len(files) >= MAX_FILES or total > MAX_BYTES:
                problems.append(Problem(f"{display}/{OVERLAY}", None, "overlay",
                                        f"more than {MAX_FILES} files or {MAX_BYTES // 2**20} MB; a kit overlay is small"))
                return files, problems
            raw = any(fnmatch.fnmatch(rel, g) for g in raw_globs)
            if not raw:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    raw = True  # binary files are copied as they are
            files.append(OverlayFile(rel, data, raw))
    return files, problems


def _environment(kit, ak: dict):
    from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ..paths import templates_dir

    texts = {f.path: f.data.decode("utf-8") for f in kit.overlay if not f.raw}
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([DictLoader(texts), FileSystemLoader(str(templates_dir() / "starter" / "templates"))]),
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False,
    )
    env.globals["archkit"] = lambda _cc: ak
    return env


def _template_line(exc: BaseException) -> int | None:
    """The overlay template line a runtime error came from (Jinja maps frames to template lines)."""
    import traceback

    lines = [fr.lineno for fr in traceback.extract_tb(exc.__traceback__) if fr.filename == "<template>"]
    return lines[-1] if lines else None


def render_overlay(kit, cookiecutter: dict, ak: dict) -> dict[str, bytes]:
    """{output path: bytes}; raises KitError naming the overlay file and line at fault."""
    if not kit.overlay:
        return {}
    env = _environment(kit, ak)
    ctx = {"cookiecutter": cookiecutter, "ak": ak}
    out: dict[str, bytes] = {}
    prefix = f"{kit.file.rsplit('/', 1)[0]}/{OVERLAY}/" if "/" in kit.file else f"{OVERLAY}/"
    for f in kit.overlay:
        where = prefix + f.path
        try:
            rel = env.from_string(f.path).render(ctx) if "{" in f.path else f.path
        except Exception as exc:
            raise OverlayError(where, None, f"the file name does not render: {type(exc).__name__}: {exc}",
                               "fix the Jinja in the overlay file's name") from None
        if not rel.strip():
            continue  # a name that renders empty: the file is left out (like the template's own files)
        why = path_problem(rel)
        if why:
            raise OverlayError(where, None, f"renders to {rel!r}: {why}", "overlay paths must stay inside the repository")
        if f.raw:
            out[rel] = f.data
            continue
        try:
            text = env.get_template(f.path).render(ctx)
        except Exception as exc:
            line = getattr(exc, "lineno", None) or _template_line(exc)
            raise OverlayError(where, line, f"does not render: {type(exc).__name__}: {exc}",
                               "overlay files see `ak` and `cookiecutter` as the starter template does; "
                               "list files with literal {{ }} under overlay.copy_without_render in kit.yaml") from None
        if text.strip():
            out[rel] = text.encode("utf-8")
    return out
