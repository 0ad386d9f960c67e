"""Terraform: parse every file (tf-syntax) and check variable and module references.

python-hcl2 8.x accepts ``with_meta`` but does not emit line numbers, so we walk its
rule tree ourselves: blocks and attributes keep the line lark recorded for them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, error, warning
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
        for block in m.blocks:
            for name, line in _var_uses(block):
                if name not in declared:
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
        if arg not in MODULE_META and arg not in declared:
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
