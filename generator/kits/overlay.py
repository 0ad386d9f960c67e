"""The kit's overlay/ folder: extra or replacement files, rendered with the template's context.

Overlay templates see `ak` and `cookiecutter` (and `archkit(cookiecutter)`), like the
starter template, but run in Jinja's immutable sandbox: a kit is data, so a template can
read the context and not reach Python internals or change what archkit renders next.
Every source and rendered path must stay inside the output folder, and pass the rules of
``autorun``: nothing git reads as metadata, ever; nothing that runs on its own without --trust.
Rendering is bounded: seconds for all templates, bytes per rendered file, items per `*`.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import time
from pathlib import Path, PurePosixPath

from ..errors import KitError, Problem
from . import autorun

OVERLAY = "overlay"
MAX_FILES = 500
MAX_BYTES = 20 * 1024 * 1024
RESERVED = (".git", ".archkit")  # archkit's own state, and git's
RENDER_SECONDS = 10.0  # for all overlay files of one render together
MAX_RENDERED_BYTES = 5 * 1024 * 1024  # one rendered file
MAX_SEQUENCE = 1_000_000  # items or characters one `*` in a template may build


class OverlayError(KitError):
    """An overlay file that cannot be rendered or written; ``problem`` locates it."""

    exhausting = False  # the template ran out of time or memory budget

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
    if autorun.normalise(parts[0]) in RESERVED:
        return f"{parts[0]}/ belongs to archkit and git; a kit cannot write there"
    return autorun.forbidden(rel)


def collect(root: Path, display: str, raw_globs: list[str]) -> tuple[list, list[Problem]]:
    """Read overlay/ into memory. Symbolic links may only point at files inside the kit."""
    from ..safeio import read_regular
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
            why = autorun.forbidden(d)
            if why:
                rel = (here / d).relative_to(base).as_posix()
                problems.append(Problem(f"{display}/{OVERLAY}/{rel}", None, "overlay", why))
                dirnames.remove(d)
            elif (here / d).is_symlink():
                rel = (here / d).relative_to(base).as_posix()
                problems.append(Problem(f"{display}/{OVERLAY}/{rel}", None, "overlay",
                                        "a symbolic link to a folder; copy the files instead"))
                dirnames.remove(d)
        dirnames.sort()
        if autorun.looks_like_git_dir(set(dirnames) | set(filenames)):
            problems.append(Problem(f"{display}/{OVERLAY}/{here.relative_to(base).as_posix()}".rstrip("/."), None, "overlay",
                                    "a git repository (HEAD, config, objects/refs): git would run what its "
                                    "config names; a kit can never ship one, not even with --trust"))
            dirnames.clear()
            continue
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(base).as_posix()
            where = f"{display}/{OVERLAY}/{rel}"
            why = path_problem(rel)
            if why:
                problems.append(Problem(where, None, "overlay", why))
                continue
            source = path
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(kit_root) or not target.is_file():
                    problems.append(Problem(where, None, "overlay",
                                            f"symbolic link to {os.readlink(path)}, outside the kit folder"))
                    continue
                source = target
            try:
                st = source.lstat()  # the size before any read: a sparse file claims gigabytes it never stored
            except OSError as exc:
                problems.append(Problem(where, None, "overlay", f"cannot read file: {exc.strerror}"))
                continue
            if not stat.S_ISREG(st.st_mode):
                problems.append(Problem(where, None, "overlay", "not a regular file"))
                continue
            if len(files) >= MAX_FILES or total + st.st_size > MAX_BYTES:
                problems.append(Problem(f"{display}/{OVERLAY}", None, "overlay",
                                        f"more than {MAX_FILES} files or {MAX_BYTES // 2**20} MB; a kit overlay is small"))
                return files, problems
            try:
                data = read_regular(source, MAX_BYTES - total, follow=False)
            except OSError as exc:
                problems.append(Problem(where, None, "overlay", f"cannot read file: {exc.strerror or exc}"))
                continue
            total += len(data)
            raw = any(fnmatch.fnmatch(rel, g) for g in raw_globs)
            if not raw:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    raw = True  # binary files are copied as they are
            files.append(OverlayFile(rel, data, raw, bool(st.st_mode & 0o111)))
    return files, problems


class _Budget(Exception):
    """Raised inside a template that runs out of time or output; OverlayError says which."""


def _environment(kit, ak: dict):
    from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ..paths import templates_dir

    class Bounded(ImmutableSandboxedEnvironment):
        # `'x' * 10**9` or `[0] * 10**9` would allocate before any budget check could run
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise _Budget(f"`** {right}` in a template; exponents above 64 are refused")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SEQUENCE:
                        raise _Budget(f"a template builds a sequence of {len(seq) * n:,} items with `*` "
                                      f"(at most {MAX_SEQUENCE:,})")
            return super().call_binop(context, operator, left, right)

    texts = {f.path: f.data.decode("utf-8") for f in kit.overlay if not f.raw}
    env = Bounded(
        loader=ChoiceLoader([DictLoader(texts), FileSystemLoader(str(templates_dir() / "starter" / "templates"))]),
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False,
    )
    env.globals["archkit"] = lambda _cc: ak
    return env


class _Clock:
    """A wall-clock budget for template code, checked on every line it runs.

    Jinja compiles a template to Python; a trace function on those frames (and only
    those: other frames get no line tracing) stops nested loops that would run for
    minutes. The check costs nothing when no overlay is rendered.
    """

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.lines = 0

    def _line(self, frame, event, arg):
        if event == "line":
            self.lines += 1
            if not self.lines & 0x3FF and time.monotonic() > self.deadline:
                raise _Budget(f"overlay templates ran for more than {self.seconds:g} s")
        return self._line

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename == "<template>" else None

    def __enter__(self):
        import sys
        import threading

        self._previous = sys.gettrace()
        sys.settrace(self._call)
        threading.settrace(self._call)
        return self

    def __exit__(self, *exc):
        import sys
        import threading

        sys.settrace(self._previous)
        threading.settrace(self._previous)
        return False


def _render_bounded(template, ctx: dict) -> str:
    out, size = [], 0
    for chunk in template.generate(ctx):
        size += len(chunk)
        if size > MAX_RENDERED_BYTES:
            raise _Budget(f"renders to more than {MAX_RENDERED_BYTES // 2**20} MB")
        out.append(chunk)
    return "".join(out)


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
    with _Clock(RENDER_SECONDS):
        return _render_all(kit, env, {"cookiecutter": cookiecutter, "ak": ak})


def _render_all(kit, env, ctx: dict) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    prefix = f"{kit.file.rsplit('/', 1)[0]}/{OVERLAY}/" if "/" in kit.file else f"{OVERLAY}/"
    for f in kit.overlay:
        where = prefix + f.path
        try:
            rel = _render_bounded(env.from_string(f.path), ctx) if "{" in f.path else f.path
        except Exception as exc:
            raise OverlayError(where, None, f"the file name does not render: {type(exc).__name__}: {exc}",
                               "fix the Jinja in the overlay file's name") from None
        if not rel.strip():
            continue  # a name that renders empty: the file is left out (like the template's own files)
        why = path_problem(rel)
        if why:
            raise OverlayError(where, None, f"renders to {rel!r}: {why}", "overlay paths must stay inside the repository")
        if f.raw:
            data = f.data
        else:
            try:
                data = _render_bounded(env.get_template(f.path), ctx).encode("utf-8")
            except _Budget as exc:
                error = OverlayError(where, _template_line(exc), f"does not render: {exc}",
                                     "a kit overlay is a few small files: remove the long loops or large values")
                error.exhausting = True  # `kit validate` stops there instead of trying every entry
                raise error from None
            except Exception as exc:
                line = getattr(exc, "lineno", None) or _template_line(exc)
                raise OverlayError(where, line, f"does not render: {type(exc).__name__}: {exc}",
                                   "overlay files see `ak` and `cookiecutter` as the starter template does; "
                                   "list files with literal {{ }} under overlay.copy_without_render in kit.yaml") from None
            if not data.strip():
                continue
        if not kit.trusted:
            # a name or text that only becomes an auto-run file once rendered
            why = autorun.needs_trust(rel, data, f.executable)
            if why and not autorun.needs_trust(f.path, f.data, f.executable):
                raise OverlayError(where, None, f"renders to {rel!r}: {why}; this needs --trust",
                                   "review the overlay; pass --trust if you trust the kit")
        out[rel] = data
    return out
