"""Terraform azurerm resources against the offline provider schema (the azurerm index in use)."""

from __future__ import annotations

import difflib
import re
from functools import cached_property

from .findings import Finding, error, warning
from .terraform import Block

RESOURCE_META_ARGS = {"count", "for_each", "depends_on", "provider"}
RESOURCE_META_BLOCKS = {"lifecycle", "provisioner", "connection"}
_OBJECT_LIST = re.compile(r"^(list|set)\(object\(")  # "attributes as blocks": block syntax allowed


class AzurermIndex:
    def __init__(self, oracles):
        self.oracles = oracles

    @cached_property
    def meta(self) -> dict:
        tables = self.oracles.azurerm_tables()
        return {"all_resources": self.oracles.azurerm_names(), "all_data_sources": tables.get("data_sources") or [],
                **{k: tables.get(k) or {} for k in ("deprecated_resources", "removed_in_4_0", "removed_in_5_0")}}

    @property
    def version(self) -> str:
        return self.oracles.azurerm_version

    def resource(self, name: str) -> dict | None:
        return self.oracles.azurerm(name)

    def deprecated(self, name: str, schema: dict) -> dict | None:
        return schema.get("deprecated") or (self.meta.get("deprecated_resources") or {}).get(name)

    def removed(self, name: str) -> str | None:
        for table, when in (("removed_in_4_0", "4.0"), ("removed_in_5_0", "5.0")):
            entry = (self.meta.get(table) or {}).get(name)
            if entry is not None:
                repl = ", ".join(entry.get("replacements") or []) if isinstance(entry, dict) else ""
                return f"removed in azurerm {when}" + (f"; use {repl}" if repl else "")
        return None

    def similar(self, name: str, data: bool = False) -> list[str]:
        names = self.meta.get("all_data_sources" if data else "all_resources") or self.oracles.azurerm_names()
        return difflib.get_close_matches(name, names, n=2, cutoff=0.8)


def check_modules(index: AzurermIndex, modules: dict) -> list[Finding]:
    findings: list[Finding] = []
    for m in modules.values():
        for block in m.blocks:
            if block.type == "resource" and block.labels and block.labels[0].startswith("azurerm_"):
                findings += check_resource(index, block)
            elif block.type == "data" and block.labels and block.labels[0].startswith("azurerm_"):
                known = index.meta.get("all_data_sources")
                if known and block.labels[0] not in known:
                    near = index.similar(block.labels[0], data=True)
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    findings.append(error(block.file, block.line, "tf-type-unknown",
                                          f"azurerm has no data source {block.labels[0]}{hint}"))
    return findings


def check_resource(index: AzurermIndex, block: Block) -> list[Finding]:
    name = block.labels[0]
    schema = index.resource(name)
    if schema is None:
        why = index.removed(name)
        near = index.similar(name)
        hint = f" ({why})" if why else (f"; did you mean {', '.join(near)}?" if near else "")
        return [error(block.file, block.line, "tf-type-unknown", f"azurerm {index.version} has no resource {name}{hint}")]
    findings: list[Finding] = []
    dep = index.deprecated(name, schema)
    if dep:
        repl = ", ".join(dep.get("replacements") or []) if isinstance(dep, dict) else ""
        findings.append(warning(block.file, block.line, "tf-type-deprecated",
                                f"{name} is deprecated" + (f" (removed in {dep.get('removed_in')})" if isinstance(dep, dict) and dep.get("removed_in") else "")
                                + (f"; use {repl}" if repl else "")))
    changes = (schema.get("v5") or {}).get("breaking_changes") or []
    findings += _check_body(block, schema, name, [], changes, resource=True, exported=set(schema.get("attributes") or []))
    return findings


def _as_block(child: Block) -> tuple[str, Block | None]:
    """(block name, block holding its arguments): a `dynamic "x"` block stands for the block
    `x`, its arguments in `content {}` (None when it has none), at any depth."""
    if child.type == "dynamic":
        return (child.labels[0] if child.labels else ""), next(iter(child.children("content")), None)
    return child.type, child


def _hint(arg: str, changes: list[str]) -> str:
    note = next((c for c in changes if f"`{arg}`" in c), "")
    return f": {note}" if note else ""


def _check_body(block: Block, node: dict, rname: str, path: list[str], changes: list[str],
                resource: bool = False, exported: set[str] = frozenset()) -> list[Finding]:
    args: dict = node.get("arguments") or {}
    blocks: dict = node.get("blocks") or {}
    findings: list[Finding] = []
    where = ".".join([rname, *path])
    for arg, attr in block.attrs.items():
        if resource and arg in RESOURCE_META_ARGS:
            continue
        spec = args.get(arg)
        if spec is not None:
            if spec.get("deprecated"):
                findings.append(warning(block.file, attr.line, "tf-argument-deprecated",
                                        f"{where}: '{arg}' is deprecated{_hint(arg, changes)}"))
            continue
        if arg in blocks:
            msg = f"{where}: '{arg}' is a block; write `{arg} {{ ... }}`, not `{arg} = ...`"
        elif arg in exported:
            msg = f"{where}: '{arg}' is computed by the provider (read-only)"
        else:
            near = difflib.get_close_matches(arg, list(args) + list(blocks), n=1, cutoff=0.7)
            msg = f"{where} has no argument '{arg}'" + (f"; did you mean '{near[0]}'?" if near else "")
        findings.append(error(block.file, attr.line, "tf-argument-unknown", msg))
    present: set[str] = set()
    for child in block.blocks:
        if resource and child.type in RESOURCE_META_BLOCKS:
            continue
        kind, content = _as_block(child)
        present.add(kind)
        spec = blocks.get(kind)
        if spec is not None:
            if spec.get("deprecated"):
                findings.append(warning(block.file, child.line, "tf-argument-deprecated",
                                        f"{where}: block '{kind}' is deprecated{_hint(kind, changes)}"))
            if content is not None:
                findings += _check_body(content, spec, rname, path + [kind], changes)
        elif kind in args and _OBJECT_LIST.match(str(args[kind].get("type", ""))):
            if args[kind].get("deprecated"):
                findings.append(warning(block.file, child.line, "tf-argument-deprecated",
                                        f"{where}: '{kind}' is deprecated{_hint(kind, changes)}"))
            if content is not None:
                findings += _check_object_block(content, str(args[kind]["type"]), ".".join([where, kind]))
        else:
            near = difflib.get_close_matches(kind, list(blocks), n=1, cutoff=0.7)
            findings.append(error(block.file, child.line, "tf-argument-unknown",
                                  f"{where} has no block '{kind}'" + (f"; did you mean '{near[0]}'?" if near else "")))
    for arg, spec in args.items():
        if spec.get("required") and arg not in block.attrs and arg not in present:
            findings.append(error(block.file, block.line, "tf-argument-missing", f"{where}: required argument '{arg}' is not set"))
    for kind, spec in blocks.items():
        if (spec.get("required") or (spec.get("min_items") or 0) >= 1) and kind not in present and kind not in block.attrs:
            findings.append(error(block.file, block.line, "tf-argument-missing", f"{where}: required block '{kind}' is missing"))
    return findings


def object_fields(type_expr: str) -> dict[str, str]:
    """Field name -> type of `list(object({a=string, b=set(string)}))`; {} if not that shape."""
    start = type_expr.find("object({")
    if start < 0:
        return {}
    i, depth, field, fields = start + len("object({"), 0, "", {}
    while i < len(type_expr):
        ch = type_expr[i]
        if ch in "({":
            depth += 1
        elif ch in ")}":
            if depth == 0:
                break
            depth -= 1
        if ch == "," and depth == 0:
            name, _, typ = field.partition("=")
            fields[name.strip()] = typ.strip()
            field = ""
        else:
            field += ch
        i += 1
    if field.strip():
        name, _, typ = field.partition("=")
        fields[name.strip()] = typ.strip()
    return fields


def _check_object_block(block: Block, type_expr: str, where: str) -> list[Finding]:
    """An "attribute as block" (e.g. security_rule): only field names can be checked; every
    field may be omitted (it is then null), so nothing is reported missing."""
    fields = object_fields(type_expr)
    if not fields:
        return []
    findings = []
    for arg, attr in block.attrs.items():
        if arg not in fields:
            near = difflib.get_close_matches(arg, list(fields), n=1, cutoff=0.7)
            findings.append(error(block.file, attr.line, "tf-argument-unknown",
                                  f"{where} has no field '{arg}'" + (f"; did you mean '{near[0]}'?" if near else "")))
    for child in block.blocks:
        kind, content = _as_block(child)
        if kind in fields and _OBJECT_LIST.match(fields[kind]):
            if content is not None:
                findings += _check_object_block(content, fields[kind], f"{where}.{kind}")
        elif kind not in fields:
            near = difflib.get_close_matches(kind, list(fields), n=1, cutoff=0.7)
            findings.append(error(block.file, child.line, "tf-argument-unknown",
                                  f"{where} has no field '{kind}'" + (f"; did you mean '{near[0]}'?" if near else "")))
    return findings
