"""bicep-syntax-2: a second Bicep grammar (tree-sitter-bicep) over every .bicep and .bicepparam file.

pycep-parser (rule ``bicep-syntax``) lags the Bicep language in places (``[for x in xs: if
(...) {``) and is lenient in others (it accepts an unterminated ``'${name'``); tree-sitter-bicep
is a separate, error-recovering grammar that reports every ERROR / MISSING node with line and
column in well under a millisecond per file. Where the two parsers disagree, the finding says
which one rejected the file and why. tree-sitter-bicep is an optional dependency
(``archkit[validate]``): without it this check is skipped with a note.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from .findings import Finding, error
from .sources import infra_files, read_source, rel

RULE = "bicep-syntax-2"
_LOCK = threading.Lock()  # a tree-sitter Parser must not be used by two threads at once
MAX_PER_FILE = 5  # error recovery can cascade; the first few are the useful ones
MISSING_NOTE = ("tree-sitter-bicep not installed: second Bicep syntax check (bicep-syntax-2) not run "
                "(install archkit[validate])")

# tree-sitter-bicep 1.1.0 has no rule for a .bicepparam assignment (`param name = value`).
# `var` takes the same expression, so the keyword is swapped for `var` padded to the same
# width: lines and columns still point into the original text.
_PARAM_ASSIGNMENT = re.compile(r"(?m)^(\s*)param(\s+[A-Za-z_][A-Za-z0-9_]*\s*=)")


@functools.lru_cache(maxsize=1)
def _parser():
    """The parser, built once; None when tree-sitter or the Bicep grammar is not installed."""
    try:
        import tree_sitter
        import tree_sitter_bicep
    except ImportError:
        return None
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))


def available() -> bool:
    return _parser() is not None


def _as_bicep(text: str, suffix: str) -> str:
    if suffix == ".bicepparam":
        return _PARAM_ASSIGNMENT.sub(lambda m: f"{m[1]}var  {m[2]}", text)
    return text


def syntax_errors(text: str, suffix: str = ".bicep") -> list[tuple[int, int, str]] | None:
    """(line, column, why) for each ERROR / MISSING node, 1-based; None without tree-sitter."""
    parser = _parser()
    if parser is None:
        return None
    data = _as_bicep(text, suffix).encode("utf-8")
    with _LOCK:
        root = parser.parse(data).root_node
    if not root.has_error:
        return []
    lines = data.split(b"\n")
    found: list[tuple[int, int, str]] = []

    def column(point) -> int:  # tree-sitter counts bytes; people count characters
        row, col = point
        line = lines[row] if row < len(lines) else b""
        return len(line[:col].decode("utf-8", "replace")) + 1

    def walk(node) -> None:
        if len(found) >= MAX_PER_FILE:
            return
        if node.is_missing:
            found.append((node.start_point[0] + 1, column(node.start_point), f"missing `{node.type}`"))
            return
        if node.is_error:
            inner = [c for c in node.children if c.is_error or c.is_missing]
            if inner:  # the innermost problem is the precise one
                for child in inner:
                    walk(child)
                return
            found.append((node.start_point[0] + 1, column(node.start_point), _describe(node)))
            return
        if node.has_error:
            for child in node.children:
                walk(child)

    walk(root)
    return found


def _describe(node) -> str:
    text = node.text.decode("utf-8", "replace")
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    shown = first if len(first) <= 40 else first[:37] + "..."
    if node.end_point[0] > node.start_point[0]:
        return f"cannot parse the text from `{shown}` through line {node.end_point[0] + 1} (an unclosed bracket or string?)"
    return f"unexpected `{shown}`"


def check(root: Path, pycep_rejected: set[str]) -> list[Finding]:
    """bicep-syntax-2 findings for every .bicep / .bicepparam under infra/.

    Files pycep-parser already rejected with an error are skipped: both parsers agree the file
    is broken and it is reported once (as ``bicep-syntax``). Unreadable files are reported by
    ``file-unreadable`` already.
    """
    findings: list[Finding] = []
    for path in infra_files(root, (".bicep", ".bicepparam")):
        name = rel(root, path)
        if name in pycep_rejected:
            continue
        text, problem = read_source(root, path)
        if problem:
            continue
        from .bicep_rewrite import for_tree_sitter, rewrite

        errors = syntax_errors(for_tree_sitter(rewrite(text).text), path.suffix) or []
        if path.suffix == ".bicepparam":
            tail = "pycep-parser cannot read .bicepparam files, so this is the only syntax check they get"
        else:
            tail = "pycep-parser accepts the file; `bicep build` will confirm"
        for line, col, why in errors:
            findings.append(error(name, line, RULE, f"tree-sitter-bicep rejects this at column {col}: {why} ({tail})"))
    return findings
