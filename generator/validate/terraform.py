"""Terraform: parse every file (tf-syntax) and check variable and module references.

python-hcl2 8.x accepts ``with_meta`` but does not emit line numbers, so we walk its
rule tree ourselves: blocks and attributes keep the line lark recorded for them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .findings import NOT_CHECKED, Finding, error, warning
from .sources import infra_files, parse_error_line, parse_error_text, read_source, rel

MODULE_META = {"source", "version", "count", "for_each", "depends_on", "providers"}
_VAR = re.compile(r"\bvar\.([A-Za-z_][A-Za-z0-9_-]*)")


@dataclass
class Attr:
    name: str
    value: object
    line: int


@dataclass
class Block:
    type: str
    labels: list[str]
    line: int
    end_line: int
    file: str = ""
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list["Block"] = field(default_factory=list)

    def children(self, type_: str) -> list["Block"]:
        return [b for b in self.blocks if b.type == type_]


@dataclass
class Module:
    """One Terraform module: a directory and the top-level blocks of its .tf files."""

    dir: Path
    rel: str
    blocks: list[Block] = field(default_factory=list)
    root: bool = True  # no other module in the repository calls it
    unparsed: list[str] = field(default_factory=list)  # its .tf files no parser could read
    lines: dict[str, list[str]] = field(default_factory=dict)  # file -> text lines, to locate keys

    def of(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]

    def variables(self) -> dict[str, Block]:
        return {b.labels[0]: b for b in self.of("variable") if b.labels}


def _options():
    from hcl2.utils import SerializationOptions

    return SerializationOptions(with_comments=False, strip_string_quotes=True)


def _convert(body, opts, file: str, problems: list[Finding]) -> tuple[dict[str, Attr], list[Block]]:
    from hcl2.rules.base import AttributeRule, BlockRule

    attrs: dict[str, Attr] = {}
    blocks: list[Block] = []
    for child in body.children:
        meta = getattr(child, "_meta", None)
        line = getattr(meta, "line", 1) or 1
        if isinstance(child, AttributeRule):
            name = str(child.identifier.serialize(opts))
            if name in attrs:  # Terraform rejects this; python-hcl2 silently keeps the last one
                problems.append(error(file, line, "tf-syntax",
                                      f"attribute '{name}' is defined twice (first at line {attrs[name].line})"))
            attrs[name] = Attr(name, child.expression.serialize(opts), line)
        elif isinstance(child, BlockRule):
            labels = [str(lb.serialize(opts)) for lb in child.labels]
            a, b = _convert(child.body, opts, file, problems)
            blocks.append(Block(labels[0], labels[1:], line, getattr(meta, "end_line", line) or line, file, a, b))
    return attrs, blocks


def parse_text(text: str, file: str) -> tuple[list[Block] | None, list[Finding]]:
    """Blocks and syntax findings of one file's text; ``file`` is the name findings carry.

    A (text, file) pair seen before in this process is not parsed again: `claims.check`
    re-reads the modules `load` parsed, and a matrix of repositories repeats modules.
    The blocks are shared between callers, so they are read-only: do not change a
    block's attrs, labels or child blocks (the returned lists themselves are fresh).
    """
    blocks, problems = _parse_text_cached(text, file)
    return (None if blocks is None else list(blocks)), list(problems)


@functools.lru_cache(maxsize=1024)
def _parse_text_cached(text: str, file: str) -> tuple[tuple[Block, ...] | None, tuple[Finding, ...]]:
    blocks, problems = _parse_text(text, file)
    return (None if blocks is None else tuple(blocks)), tuple(problems)


def _parse_text(text: str, file: str) -> tuple[list[Block] | None, list[Finding]]:
    text = _trim_heredoc_ends(text)
    blocks, problems = _parse_hcl2(text, file)
    if blocks is None:
        return _recover(text, file, problems)
    heads = _headers(text)
    if heads and not {line for line, _t, _l in heads} <= {b.line for b in blocks}:
        # a top-level block header python-hcl2 did not return: a heredoc or string it misread
        # swallowed it (or the header sits inside a heredoc): HashiCorp's parser decides
        go = _go_headers(text)
        if go is not None and go != _labelled(blocks):
            return _recover(text, file, [])
    return blocks, problems


def _parse_hcl2(text: str, file: str) -> tuple[list[Block] | None, list[Finding]]:
    import hcl2

    try:
        tree = hcl2.parses(text)
        problems: list[Finding] = []
        attrs, blocks = _convert(tree.body, _options(), file, problems)
    except RecursionError:
        return None, [error(file, 1, "tf-syntax", "file is nested too deeply to parse")]
    except Exception as exc:  # lark errors and python-hcl2 transformer errors alike become findings
        return None, [error(file, parse_error_line(exc), "tf-syntax", parse_error_text(exc))]
    # top-level attributes only make sense in .tfvars; keep them as a pseudo-block
    if attrs:
        blocks.insert(0, Block("__attributes__", [], 1, 1, file, attrs, []))
    return blocks, problems


# --- reading what python-hcl2 cannot (a documented workaround) ----------------------------
# python-hcl2 8.1.4 ends a heredoc only at a marker line without trailing blanks; Terraform
# accepts `EOT  `. Trailing blanks after such a marker are dropped (lines stay in place).
_HEREDOC = re.compile(r"<<-?([A-Za-z_][\w-]*)")
# a top-level block header as `terraform fmt` writes it: at column 0, labels, then `{`
_HEADER = re.compile(r'(?m)^([A-Za-z_][\w-]*)((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]*\{')
_DEFAULT = re.compile(r"(?m)^[ \t]+default[ \t]*=")
LABELS = {"resource": 2, "data": 2, "ephemeral": 2, "variable": 1, "output": 1, "module": 1, "provider": 1, "check": 1}


def _trim_heredoc_ends(text: str) -> str:
    markers = set(_HEREDOC.findall(text))
    if not markers:
        return text
    end = re.compile(r"(?m)^([ \t]*(?:" + "|".join(map(re.escape, sorted(markers))) + r"))[ \t]+$")
    return end.sub(r"\1", text)


def _headers(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, type, labels) of every column-0 block header in the text."""
    out = []
    for m in _HEADER.finditer(text):
        labels = tuple(x.strip('"') for x in re.findall(r'"[^"\n]*"|[A-Za-z_][\w-]*', m[2]))
        out.append((text.count("\n", 0, m.start()) + 1, m[1], labels))
    return out


@functools.lru_cache(maxsize=1)
def _go():
    """pygohcl (HashiCorp's own HCL parser), or None when it is not installed."""
    try:
        import pygohcl
    except (ImportError, OSError):
        return None
    return pygohcl


def go_available() -> bool:
    return _go() is not None


GO_MISSING_NOTE = ("pygohcl not installed: a file python-hcl2 cannot read is reported as a syntax error "
                   "without asking HashiCorp's HCL parser (install archkit[validate])")


def _go_verdict(text: str) -> tuple[bool, str] | None:
    """(accepted, why) from HashiCorp's HCL parser; None when pygohcl is not installed."""
    go = _go()
    if go is None:
        return None
    try:
        go.loads(text)
    except Exception as exc:  # noqa: BLE001 - HCLParseError and friends: the text is not HCL
        return False, str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return True, ""


def _go_headers(text: str) -> set[tuple[str, tuple[str, ...]]] | None:
    """(type, labels) of the labelled top-level blocks HashiCorp's parser reads; None if it cannot."""
    go = _go()
    if go is None:
        return None
    try:
        data = go.loads(text)
    except Exception:  # noqa: BLE001
        return None
    out: set = set()

    def walk(kind, value, labels, depth):
        if depth == 0:
            out.add((kind, tuple(labels)))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(kind, v, labels + [k], depth - 1)
        elif isinstance(value, list):
            for v in value:
                walk(kind, v, labels, depth)

    for kind, depth in LABELS.items():
        if kind in data:
            walk(kind, data[kind], [], depth)
    return out


def _labelled(blocks: list[Block]) -> set[tuple[str, tuple[str, ...]]]:
    return {(b.type, tuple(b.labels)) for b in blocks if b.type in LABELS}


def _recover(text: str, file: str, problems: list[Finding]) -> tuple[list[Block] | None, list[Finding]]:
    """python-hcl2 rejected (or misread) the file: read it one top-level block at a time.

    Blocks it reads are checked as usual. A block it cannot read is a warning naming the
    block and line when HashiCorp's parser accepts the file (the code is valid, only our
    reader is not), and the syntax error it was otherwise. Either way a `variable` block keeps
    its name (and whether it has a default), so the rest of the module is not flooded with
    false "undeclared" findings.
    """
    heads = _headers(text)
    if not heads:
        return None, problems
    verdict = _go_verdict(text)
    valid = verdict is not None and verdict[0]
    lines = text.split("\n")
    blocks: list[Block] = []
    findings: list[Finding] = [] if valid else list(problems)
    for i, (line, kind, labels) in enumerate(heads):
        end = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(lines)
        piece = "\n" * (line - 1) + "\n".join(lines[line - 1:end])
        got, trouble = _parse_hcl2(piece, file)
        if got is not None and [(b.type, b.line) for b in got] == [(kind, line)]:
            blocks += got
            findings += trouble
            continue
        name = " ".join([kind, *(f'"{x}"' for x in labels)])
        if valid:
            findings.append(warning(file, line, NOT_CHECKED,
                                    f"python-hcl2 cannot read the block `{name}` (HashiCorp's HCL parser accepts the file): "
                                    "its arguments and references were not checked"))
        elif not problems:
            why = trouble[0].message if trouble else "cannot parse this block"
            findings.append(error(file, trouble[0].line if trouble else line, "tf-syntax", why))
        if kind == "variable" and labels:
            body = "\n".join(lines[line - 1:end])
            attrs = {"default": Attr("default", None, line)} if _DEFAULT.search(body) else {}
            blocks.append(Block(kind, list(labels[:1]), line, end, file, attrs, []))
    return blocks, findings


def load(root: Path) -> tuple[dict[Path, Module], dict[str, list[Block]], list[Finding]]:
    """Modules by directory, .tfvars contents by file, and syntax findings."""
    modules: dict[Path, Module] = {}
    tfvars: dict[str, list[Block]] = {}
    findings: list[Finding] = []
    for path in infra_files(root, (".tf", ".tfvars")):
        text, problem = read_source(root, path)
        if path.suffix == ".tf":
            d = path.parent.resolve()
            modules.setdefault(d, Module(d, rel(root, path.parent)))
        if problem:
            findings.append(problem)
            continue
        blocks, problems = parse_text(text, rel(root, path))
        findings += problems
        if blocks is None:
            if path.suffix == ".tf":
                modules[path.parent.resolve()].unparsed.append(rel(root, path))
            continue
        findings += _misplaced(blocks, path.suffix, rel(root, path))
        if path.suffix == ".tf":
            modules[path.parent.resolve()].blocks += blocks
            modules[path.parent.resolve()].lines[rel(root, path)] = text.splitlines()
        else:
            tfvars[rel(root, path)] = blocks
    for m in modules.values():
        for call in m.of("module"):
            target = _local_source(m, call)
            if target is not None and target in modules and target != m.dir:
                modules[target].root = False
    return modules, tfvars, findings


def _misplaced(blocks: list[Block], suffix: str, file: str) -> list[Finding]:
    """.tf files hold blocks only; .tfvars files hold attributes only."""
    out = []
    for b in blocks:
        if suffix == ".tf" and b.type == "__attributes__":
            out += [error(file, a.line, "tf-syntax", f"argument '{a.name}' is not expected at the top level of a .tf file")
                    for a in b.attrs.values()]
        elif suffix == ".tfvars" and b.type != "__attributes__":
            out.append(error(file, b.line, "tf-syntax", f"a .tfvars file holds only `name = value` lines, not a '{b.type}' block"))
    return out


def _local_source(m: Module, call: Block) -> Path | None:
    src = call.attrs.get("source")
    if src is None or not isinstance(src.value, str) or not src.value.startswith(("./", "../")):
        return None  # registry or git sources cannot be checked offline
    return (m.dir / src.value).resolve()


# --- reference checks --------------------------------------------------------------------

def walk_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(k)
            yield from walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk_strings(v)


def _var_uses(block: Block):
    for attr in block.attrs.values():
        for s in walk_strings(attr.value):
            if "${" in s or "%{" in s:  # only expressions; a literal "var.x" string is no reference
                for name in _VAR.findall(s):
                    yield name, attr.line
    for child in block.blocks:
        yield from _var_uses(child)


def check_references(modules: dict[Path, Module]) -> list[Finding]:
    findings: list[Finding] = []
    for m in modules.values():
        declared = m.variables()
        if m.unparsed:
            # its variables may be declared in the file no parser read: "undeclared" would be a guess
            findings.append(warning(m.unparsed[0], 1, NOT_CHECKED,
                                    f"variable references in {m.rel}/ were not checked: {', '.join(m.unparsed)} could not be parsed"))
        for block in m.blocks:
            for name, line in _var_uses(block):
                if name not in declared and not m.unparsed:
                    findings.append(error(block.file, line, "tf-var-undeclared",
                                          f"var.{name} is used but no variable \"{name}\" is declared in {m.rel}/"))
        for call in m.of("module"):
            findings += _check_call(m, call, modules)
    return findings


def _check_call(m: Module, call: Block, modules: dict[Path, Module]) -> list[Finding]:
    name = call.labels[0] if call.labels else "?"
    src = call.attrs.get("source")
    if src is None:
        return [error(call.file, call.line, "tf-module-source", f"module \"{name}\" has no source")]
    target = _local_source(m, call)
    if target is None:
        return []
    callee = modules.get(target)
    if callee is None:
        return [error(call.file, src.line, "tf-module-source",
                      f"module \"{name}\": source {src.value!r} is not a directory with .tf files")]
    declared = callee.variables()
    findings = []
    for arg, attr in call.attrs.items():
        if arg not in MODULE_META and arg not in declared and not callee.unparsed:
            findings.append(error(call.file, attr.line, "tf-module-arg-unknown",
                                  f"module \"{name}\" sets '{arg}', which {callee.rel}/ does not declare"))
    for var, block in declared.items():
        if "default" not in block.attrs and var not in call.attrs:
            findings.append(error(call.file, call.line, "tf-module-arg-missing",
                                  f"module \"{name}\" does not set required variable '{var}' of {callee.rel}/"))
    return findings


def check_tfvars(modules: dict[Path, Module], tfvars: dict[str, list[Block]], root: Path) -> list[Finding]:
    """Keys in a .tfvars file that no root module declares (Terraform only warns)."""
    roots = [m for m in modules.values() if m.root]
    findings = []
    for file, blocks in tfvars.items():
        path = (root / file).resolve()
        # the root module the file most plausibly feeds: the nearest enclosing one
        owners = sorted((m for m in roots if path.is_relative_to(m.dir)), key=lambda m: len(m.dir.parts))
        if not owners:
            continue
        declared = owners[-1].variables()
        for block in blocks:
            if block.type != "__attributes__":
                continue
            for key, attr in block.attrs.items():
                if key not in declared:
                    findings.append(warning(file, attr.line, "tf-tfvars-undeclared",
                                            f"'{key}' is not a variable of {owners[-1].rel}/"))
    return findings
