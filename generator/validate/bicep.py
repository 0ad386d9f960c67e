"""Bicep: parse every file (bicep-syntax) and check module and parameter references.

pycep-parser gives a JSON-like view with line numbers for top-level declarations only,
so property-level lines are found again in the text (``key_line``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .bicep_rewrite import SPREAD_KEY, TypeRef, for_pycep, rewrite
from .bicep_tree import PARTIAL
from .findings import Finding, error, warning
from .sources import infra_files, parse_error_line, parse_error_text, read_source, rel

# Keys Bicep accepts in a resource body that are not ARM properties; pycep adds depends_on
# itself for nested child resources.
BICEP_KEYWORDS = {"parent", "scope", "dependsOn", "depends_on"}


@dataclass
class BicepFile:
    path: Path
    rel: str
    text: str
    data: dict | None = None  # None when neither grammar could parse the file; shared and read-only
    lines: list[str] = field(default_factory=list)
    refs: tuple[TypeRef, ...] = ()  # resourceInput<...> / resourceOutput<...> types in the file
    via: str = "pycep-parser"  # which grammar built ``data`` (pycep-parser or tree-sitter-bicep)

    def __post_init__(self):
        self.lines = self.text.splitlines()


@functools.lru_cache(maxsize=1)
def _parser():
    from pycep import BicepParser

    return BicepParser(add_line_numbers=True)


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str) -> dict:
    """pycep's view of one text. The same text (claims re-reading a module, the modules a
    matrix of repositories shares) is parsed once per process, so the result is shared:
    callers read it and never change it (a parse error is not cached: it raises again)."""
    return _parser().parse(text=text)


def _tree_sitter_model(text: str, partial: bool = False) -> dict | None:
    """pycep's view built from tree-sitter-bicep; None when it is missing (or, unless
    ``partial``, rejects the text)."""
    from .bicep_tree import model

    return model(text, partial)


def partial_model(bf: BicepFile) -> dict | None:
    """The declarations of a file with a syntax error that tree-sitter-bicep still reads."""
    try:
        return _tree_sitter_model(rewrite(bf.text).text, partial=True)
    except RecursionError:
        return None


def parse_file(root: Path, path: Path) -> tuple[BicepFile | None, list[Finding]]:
    """One file read by whichever grammar reads it: pycep-parser first, tree-sitter-bicep next.

    Both read the text through ``bicep_rewrite`` (constructs newer than either grammar,
    rewritten with every line kept in place); ``BicepFile.refs`` keeps the resource-derived
    types that rewrite found, for the Azure type checks.
    """
    text, problem = read_source(root, path)
    if problem:
        return None, [problem]
    bf = BicepFile(path, rel(root, path), text)
    if not text.strip():
        bf.data = {}
        return bf, []
    rewritten = rewrite(text)
    bf.refs = rewritten.refs
    try:
        bf.data = _parse_text(for_pycep(rewritten.text))
    except RecursionError:
        return bf, [error(bf.rel, 1, "bicep-syntax", "file is nested too deeply to parse")]
    except Exception as exc:  # pycep raises lark errors, ValueError, VisitError...: all are findings
        line, why = parse_error_line(exc), parse_error_text(exc)
        try:
            bf.data = _tree_sitter_model(rewritten.text)
        except RecursionError:
            bf.data = None
        if bf.data is not None:
            # pycep lags the Bicep language; tree-sitter-bicep read the file, so every check
            # runs on its tree instead and nothing is reported
            bf.via = "tree-sitter-bicep"
            return bf, []
        # both grammars reject it: a syntax error; the declarations around it are still checked
        bf.data = partial_model(bf)
        return bf, [error(bf.rel, line, "bicep-syntax", why)]
    if _lost_nested(text, bf.data):
        # pycep-parser silently drops a nested child that has children of its own when it has
        # siblings; tree-sitter-bicep's tree has them all
        better = _tree_sitter_model(rewritten.text)
        if better is not None:
            bf.data, bf.via = better, "tree-sitter-bicep"
    return bf, []


_NESTED = re.compile(r"(?m)^[ \t]+resource\s")
_RESOURCE = re.compile(r"(?m)^[ \t]*resource\s+[A-Za-z_]\w*\s")


def _lost_nested(text: str, data: dict) -> bool:
    """Whether pycep returned fewer resources than the file declares (only nesting loses any)."""
    if not _NESTED.search(text):
        return False
    return len(_RESOURCE.findall(code_only(text))) > len((data or {}).get("resources") or {})


def load(root: Path) -> tuple[dict[Path, BicepFile], list[Finding]]:
    files: dict[Path, BicepFile] = {}
    findings: list[Finding] = []
    for path in infra_files(root, (".bicep",)):
        bf, problems = parse_file(root, path)
        findings += problems
        if bf is not None:
            files[path.resolve()] = bf
    return files, findings


# --- views over pycep output -------------------------------------------------------------

def unwrap(config):
    """The object body of a resource or module, whatever `if (...)` / `[for ...]` wrapped it."""
    while isinstance(config, dict) and "config" in config and ("loop_type" in config or "condition" in config):
        config = config["config"]
    return config


def is_expression(value) -> bool:
    """pycep writes function calls and operators as {'function': {...}} / {'operator': {...}}."""
    return (isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("function", "operator")
            and isinstance(next(iter(value.values())), dict))


def full_type(written: str, api_version: str) -> tuple[str, str]:
    """(type, API version) of a resource as pycep writes it.

    A nested child is written as its parent's type, `/`, then the child's own text, which may
    carry its own version: `service/apis@2024-05-01/operations@2024-05-01` is the type
    `service/apis/operations` at the innermost version given.
    """
    if "@" not in written:
        return written, api_version
    versions = re.findall(r"@([^/]*)", written)
    return re.sub(r"@[^/]*", "", written), versions[-1] or api_version


def resources(bf: BicepFile):
    """(symbol, type, api_version, existing, body, start_line, end_line) per resource."""
    for name, res in ((bf.data or {}).get("resources") or {}).items():
        arm_type, version = full_type(res.get("type") or "", res.get("api_version") or "")
        yield (name, arm_type, version, bool(res.get("existing")),
               unwrap(res.get("config")), res.get("__start_line__") or 1, res.get("__end_line__") or len(bf.lines))


def key_line(bf: BicepFile, start: int, end: int, path: list[str]) -> int:
    """The line of the last key in ``path`` inside lines start..end, searched in order."""
    line = start
    for key in path:
        pat = re.compile(r"(^|[{,])\s*'?" + re.escape(key) + r"'?\s*:")
        for n in range(line, min(end, len(bf.lines)) + 1):
            if pat.search(bf.lines[n - 1]):
                line = n
                break
        else:
            return line
    return line


def declaration_line(bf: BicepFile, keyword: str, name: str, fallback: int) -> int:
    pat = re.compile(rf"^\s*{keyword}\s+{re.escape(name)}\b")
    for n, text in enumerate(bf.lines, 1):
        if pat.search(text):
            return n
    return fallback


@functools.lru_cache(maxsize=256)
def code_only(text: str) -> str:
    """The text with comments and literal string content blanked; `${...}` becomes `(...)`.

    Lengths and newlines are preserved, so offsets still map to the same lines.
    """
    out = list(text)
    i, n = 0, len(text)
    stack: list[list] = []  # ['str'] or ['interp', brace_depth]

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = text[i]
        in_str = bool(stack) and stack[-1][0] == "str"
        if in_str:
            if ch == "\\":
                blank(i, i + 2); i += 2; continue
            if ch == "'":
                blank(i, i + 1); stack.pop(); i += 1; continue
            if text.startswith("${", i):
                # keep the interpolation as a parenthesised expression so `'${x}': v` reads as a use of x
                blank(i, i + 1); out[i + 1] = "("; stack.append(["interp", 0]); i += 2; continue
            blank(i, i + 1); i += 1; continue
        if text.startswith("//", i):
            j = text.find("\n", i); j = n if j < 0 else j
            blank(i, j); i = j; continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            blank(i, j); i = j; continue
        if text.startswith("'''", i):
            j = text.find("'''", i + 3); j = n if j < 0 else j + 3
            blank(i, j); i = j; continue
        if ch == "'":
            blank(i, i + 1); stack.append(["str"]); i += 1; continue
        if stack and ch == "{":
            stack[-1][1] += 1
        elif stack and ch == "}":
            if stack[-1][1] == 0:
                out[i] = ")"; stack.pop(); i += 1; continue
            stack[-1][1] -= 1
        i += 1
    return "".join(out)


# --- reference checks --------------------------------------------------------------------

def _nullable(bf: BicepFile, name: str) -> bool:
    """pycep drops the `?` of `param x string?`; read it from the declaration itself."""
    pat = re.compile(rf"^\s*param\s+{re.escape(name)}\s+[^=\n]*\?\s*(=|$|//)")
    return any(pat.search(t) for t in bf.lines)


def _params(bf: BicepFile) -> dict:
    return (bf.data or {}).get("parameters") or {}


def check_modules(files: dict[Path, BicepFile]) -> list[Finding]:
    findings: list[Finding] = []
    for bf in files.values():
        for sym, mod in ((bf.data or {}).get("modules") or {}).items():
            start = mod.get("__start_line__") or 1
            end = mod.get("__end_line__") or start
            if mod.get("type") != "local":
                continue  # registry (br:) and template-spec (ts:) modules cannot be read offline
            target_rel = ((mod.get("detail") or {}).get("path")) or ""
            target = (bf.path.parent / target_rel).resolve()
            if not target.is_file():
                findings.append(error(bf.rel, start, "bicep-module-path", f"module {sym}: file '{target_rel}' does not exist"))
                continue
            target_file = files.get(target)
            if target_file is None and target.suffix == ".bicep":  # a module outside infra/
                target_file, _ = parse_file(bf.path.parent, target)
            if target_file is None or target_file.data is None:
                continue  # unreadable or unparsable: already reported against that file
            complete = not target_file.data.get(PARTIAL)  # a broken file may declare more than we read
            declared = _params(target_file)
            body = unwrap(mod.get("config"))
            passed = body.get("params") if isinstance(body, dict) else None
            if passed is None:
                passed = {}
            if not isinstance(passed, dict):
                continue  # params built by an expression: cannot know the keys
            for key in passed:
                name = key.strip("'")
                if name not in declared and name != SPREAD_KEY and complete:
                    findings.append(error(bf.rel, key_line(bf, start, end, ["params", name]), "bicep-module-param-unknown",
                                          f"module {sym} passes '{name}', which {target_file.rel} does not declare"))
            names = {k.strip("'") for k in passed}
            spread = SPREAD_KEY in names  # `...common` may pass any parameter
            for name, p in declared.items():
                if p.get("default") is None and name not in names and not spread and not _nullable(target_file, name):
                    findings.append(error(bf.rel, start, "bicep-module-param-missing",
                                          f"module {sym} does not pass required parameter '{name}' of {target_file.rel}"))
    return findings


_DECLARATION = re.compile(r"\b(param|output|var|resource|module|type|func|metadata)\s+$")


def check_unused_params(files: dict[Path, BicepFile]) -> list[Finding]:
    findings: list[Finding] = []
    for bf in files.values():
        params = _params(bf)
        if not params or (bf.data or {}).get(PARTIAL):
            continue  # around a syntax error, "never used" would be a guess
        code = code_only(rewrite(bf.text).text)  # `...tags` read as the use of tags it is
        for name, p in params.items():
            line = declaration_line(bf, "param", name, p.get("__start_line__") or 1)
            if line > 1 and "no-unused-params" in bf.lines[line - 2]:
                continue  # `#disable-next-line no-unused-params` is the Bicep linter's own opt-out
            if not _referenced(code, name):
                findings.append(warning(bf.rel, line, "bicep-param-unused",
                                        f"parameter '{name}' is declared but never used"))
    return findings


def _referenced(code: str, name: str) -> bool:
    for m in re.finditer(rf"(?<![\w.$@]){re.escape(name)}\b", code):
        before = code[: m.start()]
        if _DECLARATION.search(before[-20:]):
            continue  # the declaration itself (or an output/var of the same name)
        after = code[m.end(): m.end() + 40]
        line_before = before[before.rfind("\n") + 1:]
        if re.match(r"\s*:", after) and re.fullmatch(r".*[{,]\s*|\s*", line_before):
            continue  # an object key, not a use
        return True
    return False
