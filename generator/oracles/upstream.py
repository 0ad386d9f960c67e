"""Index entries from the upstream formats: bicep-types-az ``types.json`` files and the
output of ``terraform providers schema -json``. The result has the shape ``build.py`` writes
(the same trimmed fields as the shipped index).

bicep-types ``types.json``: a JSON array of typed nodes (``"$type"``) that point at each other
with ``{"$ref": "#/<index>"}``. Object property flags: 1 required, 2 read-only; a resource
whose flags have bit 1, or whose ``writableScopes`` is 0, can only be referenced.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence, TypeVar

MAX_DEPTH = 6  # property names are listed down to this level, like the reference index
_STABLE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REF = re.compile(r"^#/(\d+)$")
K = TypeVar("K")


# --- ARM: bicep-types-az ---------------------------------------------------------------


class _Types:
    def __init__(self, nodes: list):
        self.nodes = nodes

    def get(self, ref) -> dict:
        m = _REF.match(str((ref or {}).get("$ref", ""))) if isinstance(ref, dict) else None
        if not m or int(m.group(1)) >= len(self.nodes) or not isinstance(self.nodes[int(m.group(1))], dict):
            return {"$type": "AnyType"}  # a dangling or cross-file reference: nothing to check below it
        return self.nodes[int(m.group(1))]

    def tree(self, props: dict, depth: int) -> dict:
        out = {}
        for name, p in (props or {}).items():
            if not isinstance(p, dict):
                continue
            d = self.describe(p.get("type"), depth)
            flags = p.get("flags") or 0
            if flags & 1:
                d["required"] = True
            if flags & 2:
                d["readonly"] = True
            out[name] = d
        return out

    def describe(self, ref, depth: int) -> dict:
        t = self.get(ref)
        kind = t.get("$type")
        if kind in ("StringType", "StringLiteralType", "UnionType") and self._is_string(t):
            literals = self._literals(t)
            d = {"type": "string"}
            if literals:
                d["enum"] = literals
                if kind == "UnionType" and any(self.get(e).get("$type") == "StringType" for e in t.get("elements") or []):
                    d["enum_open"] = True
            return d
        simple = {"IntegerType": "int", "BooleanType": "bool", "AnyType": "any", "NullType": "null"}
        if kind in simple:
            return {"type": simple[kind]}
        if kind == "ObjectType":
            name = t.get("name") or "object"
            if not t.get("properties") and t.get("additionalProperties"):
                value = self.describe(t["additionalProperties"], depth + 1)
                d = {"type": f"map<{value['type']}>"}
                if "properties" in value:
                    d["values"] = value["properties"]
                return d
            d = {"type": f"object:{name}"}
            if depth < MAX_DEPTH:
                d["properties"] = self.tree(t.get("properties") or {}, depth + 1)
            return d
        if kind == "DiscriminatedObjectType":
            d = {"type": f"discriminated:{t.get('name') or 'object'}", "discriminator": t.get("discriminator")}
            if depth < MAX_DEPTH:
                d["properties"] = self.tree(t.get("baseProperties") or {}, depth + 1)
                d["variants"] = {k: self.tree(self.get(r).get("properties") or {}, depth + 1)
                                 for k, r in (t.get("elements") or {}).items()}
            return d
        if kind == "ArrayType":
            item = self.describe(t.get("itemType"), depth)
            d = {"type": f"array<{item['type']}>"}
            if "variants" in item:
                d["items_discriminator"] = item.get("discriminator")
                d["items"] = item.get("properties") or {}
                d["items_variants"] = item["variants"]
            elif "properties" in item:
                d["items"] = item["properties"]
            return d
        if kind == "UnionType":
            return {"type": "union<" + ",".join(self.describe(e, MAX_DEPTH)["type"] for e in t.get("elements") or []) + ">"}
        return {"type": "any"}

    def _is_string(self, t: dict) -> bool:
        if t.get("$type") != "UnionType":
            return True
        return all(self.get(e).get("$type") in ("StringType", "StringLiteralType") for e in t.get("elements") or [])

    def _literals(self, t: dict) -> list[str]:
        if t.get("$type") == "StringLiteralType":
            return [str(t.get("value"))]
        if t.get("$type") == "UnionType":
            return [str(self.get(e).get("value")) for e in t.get("elements") or []
                    if self.get(e).get("$type") == "StringLiteralType"]
        return []

    def body(self, ref) -> dict:
        t = self.get(ref)
        if t.get("$type") == "DiscriminatedObjectType":
            tree = self.tree(t.get("baseProperties") or {}, 1)
            tree["__discriminator__"] = {"name": t.get("discriminator"), "variants": {
                k: self.tree(self.get(r).get("properties") or {}, 1) for k, r in (t.get("elements") or {}).items()}}
            return tree
        return self.tree(t.get("properties") or {}, 1)


def _date(version: str) -> str:
    return version[:10]


def _resources(nodes, casing: dict[str, str]):
    """(index of node, name, version) of the wanted resource types in one types.json."""
    if not isinstance(nodes, list):
        return
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or node.get("$type") != "ResourceType" or "@" not in str(node.get("name")):
            continue
        name, version = str(node["name"]).rsplit("@", 1)
        if "/" in name and name.split("/")[0].lower() in casing:
            yield i, name, version


def arm_from_types_files(files: Sequence[K], read: Callable[[K], list], namespaces: Iterable[str]) -> dict[str, dict]:
    """ARM index entries by namespace from bicep-types ``types.json`` files.

    ``read(f)`` parses file ``f``. Two passes, one file in memory at a time: the first lists
    every type@version and its flags, the second reads only the files of the versions whose
    property trees the index keeps (the newest stable, and a newer preview). Only resource
    types of ``namespaces`` (case-insensitive) are kept; every namespace asked for is in the
    result, empty when no file had it.
    """
    casing = {ns.lower(): ns for ns in namespaces}
    found: dict[str, dict[str, tuple]] = {}  # lower type -> version -> (file, node index, spelled, existing only)
    for f in files:
        nodes = read(f)
        for i, name, version in _resources(nodes, casing):
            node = nodes[i]
            only = bool((node.get("flags") or 0) & 1 or node.get("writableScopes") == 0)
            found.setdefault(name.lower(), {})[version] = (f, i, name, only)
    wanted: dict = {}  # file -> [(lower type, version)]
    plan = {}
    for lower, versions in found.items():
        ordered = sorted(versions, key=lambda v: (_date(v), v != _date(v), v))
        stable = [v for v in ordered if _STABLE.match(v)]
        latest_stable = stable[-1] if stable else None
        latest = ordered[-1]
        described = [latest_stable] if latest_stable else []
        if latest != latest_stable and (not latest_stable or _date(latest) > _date(latest_stable)):
            described.append(latest)
        plan[lower] = (ordered, latest_stable, latest, described)
        for v in described:
            wanted.setdefault(versions[v][0], []).append((lower, v))
    trees: dict[tuple[str, str], dict] = {}
    for f in files:
        if f not in wanted:
            continue
        nodes = read(f)
        types = _Types(nodes)
        for lower, v in wanted[f]:
            trees[(lower, v)] = types.body(nodes[found[lower][v][1]].get("body"))
    out: dict[str, dict] = {ns: {} for ns in casing.values()}
    for lower, (ordered, latest_stable, latest, described) in plan.items():
        versions = found[lower]
        entry = {"api_versions": ordered, "latest_stable": latest_stable, "latest": latest,
                 "properties": {v: trees[(lower, v)] for v in described}}
        scopes = {v: {"existing_only": True} for v in ordered if versions[v][3]}
        if scopes:
            entry["scopes"] = scopes
        spelled = versions[described[-1]][2]
        ns = casing[lower.split("/")[0]]
        out[ns][ns + spelled[len(ns):]] = entry
    return out


# --- azurerm: terraform providers schema -json --------------------------------------------


def hcl_type(t) -> str:
    """A cty type in JSON form (``["list", ["object", {...}]]``) as an HCL type expression."""
    if isinstance(t, str):
        return t
    if not isinstance(t, list) or not t:
        return "dynamic"
    kind = t[0]
    if kind in ("list", "set", "map") and len(t) > 1:
        return f"{kind}({hcl_type(t[1])})"
    if kind == "object" and len(t) > 1 and isinstance(t[1], dict):
        return "object({" + ", ".join(f"{k}={hcl_type(v)}" for k, v in sorted(t[1].items())) + "})"
    if kind == "tuple" and len(t) > 1 and isinstance(t[1], list):
        return "tuple([" + ", ".join(hcl_type(v) for v in t[1]) + "])"
    return "dynamic"


def _nested_type(nested: dict) -> str:
    """Plugin-framework nested attributes, written as the equivalent object type."""
    fields = {k: (hcl_type(a.get("type")) if "type" in a else _nested_type(a.get("nested_type") or {}))
              for k, a in (nested.get("attributes") or {}).items()}
    obj = "object({" + ", ".join(f"{k}={v}" for k, v in sorted(fields.items())) + "})"
    mode = nested.get("nesting_mode") or "single"
    return obj if mode == "single" else f"{mode}({obj})"


def _block(b: dict) -> dict:
    args, exported = {}, []
    for name, a in (b.get("attributes") or {}).items():
        if not isinstance(a, dict):
            continue
        if name == "id" or not (a.get("required") or a.get("optional")):  # the provider always sets `id`
            exported.append(name)
            continue
        spec = {"required": True} if a.get("required") else {"optional": True}
        if a.get("computed"):
            spec["computed"] = True
        spec["type"] = hcl_type(a["type"]) if "type" in a else _nested_type(a.get("nested_type") or {})
        if a.get("deprecated"):
            spec["deprecated"] = True
        args[name] = spec
    blocks = {}
    for name, bt in (b.get("block_types") or {}).items():
        if not isinstance(bt, dict):
            continue
        inner = bt.get("block") or {}
        spec = {"nesting_mode": bt.get("nesting_mode")}
        for k in ("min_items", "max_items"):
            if bt.get(k):
                spec[k] = bt[k]
        spec["required"] = (bt.get("min_items") or 0) >= 1
        if inner.get("deprecated"):
            spec["deprecated"] = True
        sub = _block(inner)
        spec["arguments"], spec["blocks"] = sub["arguments"], sub["blocks"]
        blocks[name] = spec
    return {"arguments": dict(sorted(args.items())), "blocks": dict(sorted(blocks.items())), "attributes": sorted(exported)}


def provider_schema(doc: dict, provider: str = "hashicorp/azurerm") -> dict:
    """The azurerm part of a ``terraform providers schema -json`` document."""
    schemas = doc.get("provider_schemas") if isinstance(doc, dict) else None
    if not isinstance(schemas, dict):
        raise ValueError("no provider_schemas: not the output of `terraform providers schema -json`")
    for key, schema in schemas.items():
        if key == provider or key.endswith("/" + provider):
            return schema
    raise ValueError(f"no {provider} provider in it (found: {', '.join(schemas) or 'none'})")


def azurerm_from_schema(doc: dict, carry: dict | None = None) -> dict:
    """The azurerm index from a provider schema document.

    The schema knows arguments, blocks and deprecation flags; the docs-level facts (which
    resource replaces a deprecated one, what 5.0 removes) come from ``carry``, the azurerm
    index in use, for the resources the new schema still has.
    """
    schema = provider_schema(doc)
    carry = carry or {}
    old = carry.get("resources") or {}
    deprecated_table = carry.get("deprecated_resources") or {}
    resources = {}
    for name, rs in sorted((schema.get("resource_schemas") or {}).items()):
        block = (rs or {}).get("block") or {}
        entry = _block(block)
        if block.get("deprecated") or name in deprecated_table:
            entry["deprecated"] = deprecated_table.get(name) or {"removed_in": None, "replacements": []}
        changes = (old.get(name) or {}).get("v5")
        if changes:
            entry["v5"] = changes
        resources[name] = entry
    return {"resources": resources, "data_sources": sorted(schema.get("data_source_schemas") or {}),
            "deprecated_resources": {n: d for n, d in deprecated_table.items() if n in resources},
            "removed_in_4_0": dict(carry.get("removed_in_4_0") or {}),
            "removed_in_5_0": dict(carry.get("removed_in_5_0") or {})}
