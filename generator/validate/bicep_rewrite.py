"""Line-preserving rewrites of Bicep constructs our two grammars predate (a documented workaround).

pycep-parser 0.7.1 and tree-sitter-bicep 1.1.0 were both written before some constructs
Bicep now accepts, and the Azure Verified Modules use them everywhere. Rather than skip such
a file, the text handed to the parsers is rewritten so that every line keeps its number (no
newline is added or removed; only the rewritten line's columns may shift):

* ``resourceInput<'T@v'>.path`` / ``resourceOutput<'T@v'>`` types become ``object``. The
  type reference itself is kept (``TypeRef``) and checked against the Azure type index:
  the type, its API version and the property path must exist.
* a typed variable (``var x bool = false``): the type is blanked; a non-null assertion
  (``x!``) is blanked; a union type opened with a leading pipe (``(\n | 'a'\n | 'b')``)
  loses that first pipe, and a union of numbers (``(-1 | 1 | 2)``) becomes ``int``; names in a multi-line ``import { a\n b } from`` get their commas.
* the spread operator: ``...expr`` inside an object becomes the key ``'...': expr``
  (skipped by every key check, see ``SPREAD_KEY``); inside an array, the dots are blanked.
* for pycep-parser only: decorators inside a body (``@description`` / ``@batchSize`` on a
  nested child resource, ``@description`` on a member of a user-defined type) are blanked;
  they change nothing our checks read.
* for tree-sitter-bicep only: ``extension name`` is written as the older ``import 'name'``,
  and ``param p myType?`` (a nullable user-defined type ending the line) as ``object?``.

Drop a rewrite once the grammar it works around learns the construct.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

SPREAD_KEY = "..."  # the key an object spread is rewritten to; never an ARM property or a parameter

_TYPE_REF = re.compile(r"\b(resourceInput|resourceOutput)\s*<\s*'([^'\n]*)'\s*>((?:\s*\.\s*[A-Za-z_]\w*|\[\s*\*\s*\])*)(\s*\?)?")
_TYPED_VAR = re.compile(r"(?m)^([ \t]*var[ \t]+[A-Za-z_]\w*)([ \t]+[^=\n]*?)[ \t]*=")
_NON_NULL = re.compile(r"(?<=[\w)\]])!(?!=)")
_LEADING_PIPE = re.compile(r"\(\s*(\|)")
_NUMBER_UNION = re.compile(r"\((?:\s*-?\d+\s*\|)+\s*-?\d+\s*\)")
_IMPORT_LIST = re.compile(r"\bimport\s*\{([^{}]*)\}")
_IMPORT_NAME = re.compile(r"\*\s+as\s+[A-Za-z_]\w*|[A-Za-z_]\w*(?:\s+as\s+[A-Za-z_]\w*)?")
_DECORATOR = re.compile(r"@\s*[A-Za-z_][\w.]*\s*\(")
_EXTENSION = re.compile(r"(?m)^(\s*)extension(\s+)([A-Za-z_]\w*\b)?")
# `param p myType?` / `type t = myType?` ending a line: tree-sitter-bicep reads the `?` as the
# start of a ternary that runs into the next declaration
_NULLABLE_NAMED = re.compile(r"(?m)^(\s*(?:param\s+\w+|type\s+\w+\s*=)\s+)([A-Za-z_][\w.]*)\?(?=[ \t]*(?://[^\n]*)?$)")


@dataclass(frozen=True)
class TypeRef:
    """A ``resourceInput<'T@v'>.a.b[*].c`` type: ``path`` is ("a", "b[]", "c")."""

    line: int
    kind: str
    arm_type: str
    version: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class Rewritten:
    text: str
    refs: tuple[TypeRef, ...]


def _code(text: str) -> str:
    from .bicep import code_only

    return code_only(text)


def _blank(text: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in text)


def _path(chain: str) -> tuple[str, ...]:
    out: list[str] = []
    for token in re.findall(r"[A-Za-z_]\w*|\[\s*\*\s*\]", chain):
        if token.startswith("["):
            if out:
                out[-1] += "[]"
        else:
            out.append(token)
    return tuple(out)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _scan(code: str):
    """(offset, kind, opener) for every `...` and decorator, with the innermost open bracket."""
    stack: list[str] = []
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch in "{[(":
            stack.append(ch)
        elif ch in "}])":
            if stack:
                stack.pop()
        elif code.startswith("...", i):
            yield i, "spread", stack[-1] if stack else ""
            i += 3
            continue
        elif ch == "@" and stack:
            yield i, "decorator", stack[-1]
        i += 1


def _matching(code: str, open_at: int) -> int:
    """The offset just past the `)` closing the `(` at ``open_at`` (end of text if none)."""
    depth = 0
    for k in range(open_at, len(code)):
        if code[k] == "(":
            depth += 1
        elif code[k] == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(code)


# what makes a file worth a closer look; most files have none, and are returned as they are
_TRIGGER = re.compile(r"resourceInput|resourceOutput|\.\.\.|[\w)\]]!(?!=)|\(\s*(?:-?\d+\s*)?\||\bimport\s*\{"
                      r"|^[ \t]*var[ \t]+\w+[ \t]+[^=\s]", re.M)


@functools.lru_cache(maxsize=1024)
def rewrite(text: str) -> Rewritten:
    """The text both parsers read, and the resource-derived type references found in it."""
    if not _TRIGGER.search(text):
        return Rewritten(text, ())
    code = _code(text)
    edits: list[tuple[int, int, str]] = []
    refs: list[TypeRef] = []
    if "resourceInput" in text or "resourceOutput" in text:
        for m in _TYPE_REF.finditer(text):
            if code[m.start()] == " ":
                continue  # inside a comment or a string
            arm, _, version = m[2].rpartition("@")
            refs.append(TypeRef(text.count("\n", 0, m.start()) + 1, m[1], arm, version, _path(m[3])))
            new = "object?" if m[4] else "object"  # keep a nullable type nullable
            edits.append((m.start(), m.end(), new + _blank(m[0][len(new):])))
    for m in _TYPED_VAR.finditer(code):
        if m[2].strip():
            edits.append((m.start(2), m.end(2), _blank(m[2])))
    if "!" in code:
        edits += [(m.start(), m.end(), " ") for m in _NON_NULL.finditer(code)]
    if "|" in code:
        edits += [(m.start(1), m.end(1), " ") for m in _LEADING_PIPE.finditer(code)
                  if not text[m.start() + 1:m.start(1)].strip()]  # code blanks strings: look at the text
        # `(-1 | 1 | 2)`: tree-sitter-bicep has no parenthesised number literal types
        edits += [(m.start(), m.end(), _blank(m[0][:-3]) + "int") for m in _NUMBER_UNION.finditer(code)]
    for m in _IMPORT_LIST.finditer(code):
        names = list(_IMPORT_NAME.finditer(code, m.start(1), m.end(1)))
        for a, b in zip(names, names[1:]):
            if "," not in code[a.end():b.start()]:
                edits.append((a.end(), a.end(), ","))
    if "..." in code:
        for at, kind, opener in _scan(code):
            if kind == "spread" and opener == "{":
                edits.append((at, at + 3, f"'{SPREAD_KEY}': "))
            elif kind == "spread" and opener == "[":
                edits.append((at, at + 3, "   "))
    return Rewritten(_apply(text, edits), tuple(refs))


@functools.lru_cache(maxsize=1024)
def for_pycep(text: str) -> str:
    """``text`` (already rewritten) with every decorator inside a body blanked."""
    if not re.search(r"(?m)^[ \t]+@", text):
        return text  # only an indented decorator can sit inside a body
    code = _code(text)
    edits = []
    for at, kind, _opener in _scan(code):
        if kind == "decorator":
            m = _DECORATOR.match(code, at)
            if m:
                end = _matching(code, m.end() - 1)
                edits.append((at, end, _blank(text[at:end])))
    return _apply(text, edits)


def for_tree_sitter(text: str) -> str:
    """``text`` (already rewritten) with `extension x` in the `import 'x'` form tree-sitter-bicep
    knows, and a nullable named type ending a declaration written `object?`."""
    if "?" in text:
        text = _NULLABLE_NAMED.sub(lambda m: f"{m[1]}object?{' ' * max(len(m[2]) - 6, 0)}", text)
    if "extension" not in text:
        return text

    def swap(m: re.Match) -> str:
        name = f"'{m[3]}'" if m[3] else ""
        return f"{m[1]}import{m[2]}{name}"

    return _EXTENSION.sub(swap, text)
