"""Azure resource types against the offline Bicep type index (Bicep resources, azapi bodies).

The index lists every type@apiVersion but property trees only for the newest stable (and a
newer preview); other versions are checked against the newest tree, and property findings
then become warnings because the pinned version may genuinely differ.
"""

from __future__ import annotations

import difflib
from functools import cached_property
from typing import Callable

from .bicep import BICEP_KEYWORDS, is_expression, key_line, resources
from .bicep_rewrite import SPREAD_KEY
from .findings import Finding, error, warning

OLD_AFTER_MONTHS = 24
# ARM's resource envelope carries these on every resource; on a type that has none, the
# resource provider ignores them (Bicep warns, BCP037) rather than failing the deployment
ENVELOPE = {"location", "tags"}
MAX_DEPTH = 12  # the index stops at level 6; this only guards against odd bodies


class ArmIndex:
    def __init__(self, oracles):
        self.oracles = oracles

    @cached_property
    def namespaces(self) -> set[str]:
        """Namespaces the index covers; types elsewhere are not 'unknown', just unchecked."""
        return set(self.oracles.arm_namespaces)

    def covers(self, arm_type: str) -> bool:
        return arm_type.split("/")[0].lower() in self.namespaces

    def similar(self, arm_type: str) -> list[str]:
        names = list(self.oracles.arm_type_names(arm_type.split("/")[0]))
        return difflib.get_close_matches(arm_type.lower(), names, n=2, cutoff=0.75)


def _months(version: str) -> int | None:
    try:
        y, m = int(version[0:4]), int(version[5:7])
    except ValueError:
        return None
    return y * 12 + m


def check_type(index: ArmIndex, file: str, line: int, arm_type: str, version: str,
               existing: bool, body, locate: Callable[[list[str]], int]) -> tuple[list[Finding], str | None]:
    """Findings for one resource; also a note when its namespace is outside the index."""
    if not arm_type or "${" in arm_type or "${" in version:
        return [], None  # interpolated types cannot be resolved offline
    t = index.oracles.arm_type(arm_type)
    if t is None:
        if not index.covers(arm_type):
            return [], f"{arm_type.split('/')[0]} is not in the Azure type index: its resources were not checked"
        near = index.similar(arm_type)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return [error(file, line, "arm-type-unknown", f"resource type {arm_type} does not exist{hint}")], None
    versions = {v.lower(): v for v in t.get("api_versions", [])}
    stable = t.get("latest_stable")
    if version.lower() not in versions:
        newest = stable or t.get("latest")
        return [error(file, line, "arm-api-version-unknown",
                      f"{arm_type} has no API version {version} (newest stable: {newest})")], None
    version = versions[version.lower()]
    findings: list[Finding] = []
    if stable and _months(stable) and _months(version) and _months(stable) - _months(version) > OLD_AFTER_MONTHS:
        findings.append(warning(file, line, "arm-api-version-old",
                                f"{arm_type}@{version} is more than {OLD_AFTER_MONTHS} months older than {stable}"))
    if not existing and (t.get("scopes", {}).get(version) or {}).get("existing_only"):
        findings.append(error(file, line, "arm-type-existing-only",
                              f"{arm_type} can only be referenced with `existing`, not deployed"))
    if existing or not isinstance(body, dict):
        return findings, None
    exact = (t.get("properties") or {}).get(version)
    tree = exact or index.oracles.arm_properties(arm_type, version)
    if not tree:
        return findings, None
    approx = None if exact else next((v for v, p in t["properties"].items() if p is tree), None)
    for path, problem in _walk(body, tree, [], top=True):
        dotted = ".".join(path)
        if problem == "readonly":
            msg, rule = f"{arm_type}: '{dotted}' is read-only (set by the service)", "arm-property-readonly"
        else:
            msg, rule = f"{arm_type}@{version} has no property '{dotted}'", "arm-property-unknown"
        make = error
        if len(path) == 1 and path[0] in ENVELOPE and problem == "unknown":
            msg += "; ARM ignores it on this type, so it can go"
            make = warning
        if approx:
            msg += f" (checked against {approx}: the index has no property list for {version})"
            make = warning
        findings.append(make(file, locate(path), rule, msg))
    return findings, None


def _clean(key) -> str:
    return str(key).strip("'\"")


def _lookup(tree: dict, key: str):
    if key in tree:
        return tree[key]
    low = key.lower()  # ARM property names are case-insensitive
    return next((d for k, d in tree.items() if k.lower() == low), None)


def _with_variants(d: dict, body: dict, base: dict) -> dict:
    """Members of a discriminated object: base plus the chosen variant (all if unknown)."""
    variants = d.get("variants") or {}
    disc = d.get("discriminator") or d.get("name")
    chosen = next((_clean(v) for k, v in body.items() if _clean(k) == disc), None)
    tree = dict(base)
    if isinstance(chosen, str) and chosen in variants:
        tree.update(variants[chosen] or {})
    else:
        for v in variants.values():
            tree.update(v or {})
    return tree


def _walk(body: dict, tree: dict, path: list[str], top: bool = False):
    if len(path) > MAX_DEPTH:
        return
    if "__discriminator__" in tree:
        tree = _with_variants(tree["__discriminator__"], body, {k: v for k, v in tree.items() if k != "__discriminator__"})
    for raw, value in body.items():
        key = _clean(raw)
        if (top and key in BICEP_KEYWORDS) or key == SPREAD_KEY:
            continue  # `...expr` merges an expression in: only the keys written out are checked
        d = _lookup(tree, key)
        if d is None:
            yield path + [key], "unknown"
            continue
        if not isinstance(d, dict):
            continue
        if d.get("readonly"):
            yield path + [key], "readonly"
            continue
        yield from _descend(value, d, path + [key])


def _descend(value, d: dict, path: list[str]):
    if value is None or is_expression(value) or isinstance(value, (str, bool, int, float)):
        return  # scalars and expressions: only names are checked, not values
    typ = d.get("type", "")
    if isinstance(value, dict) and "loop_type" in value:  # `[for x in y: {...}]`: the item body
        value = [value.get("config")]
    if typ.startswith("array") and isinstance(d.get("items"), dict) and isinstance(value, list):
        shown = path[:-1] + [path[-1] + "[]"]  # callers strip "[]" to find the key in the text
        for item in value:
            if isinstance(item, dict) and not is_expression(item):
                yield from _walk(item, d["items"], shown)
    elif typ.startswith("map") and isinstance(d.get("values"), dict) and isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict) and not is_expression(v):
                yield from _walk(v, d["values"], path + [_clean(k)])
    elif isinstance(d.get("properties"), dict) and isinstance(value, dict):
        tree = d["properties"]
        if "variants" in d:
            tree = _with_variants(d, value, tree)
        yield from _walk(value, tree, path)


# --- drivers -----------------------------------------------------------------------------

def check_bicep(index: ArmIndex, files: dict) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    notes: list[str] = []
    for bf in files.values():
        if bf.data is None:
            continue
        for _sym, rtype, version, existing, body, start, end in resources(bf):
            def locate(path, bf=bf, start=start, end=end):
                return key_line(bf, start, end, [k.removesuffix("[]") for k in path])
            found, note = check_type(index, bf.rel, start, rtype, version, existing, body, locate)
            findings += found
            if note and note not in notes:
                notes.append(note)
        for ref in bf.refs:
            found, note = check_type_ref(index, bf.rel, ref)
            findings += found
            if note and note not in notes:
                notes.append(note)
    return findings, notes


def _path_body(path: tuple[str, ...]):
    """`("properties", "rules[]", "name")` as the body `{"properties": {"rules": [{"name": None}]}}`."""
    if not path:
        return None
    head, rest = path[0], _path_body(path[1:])
    if head.endswith("[]"):
        return {head[:-2]: [rest] if isinstance(rest, dict) else []}
    return {head: rest}


def check_type_ref(index: ArmIndex, file: str, ref) -> tuple[list[Finding], str | None]:
    """`resourceInput<'T@v'>.a.b` / `resourceOutput<...>`: the type, version and path must exist.

    Read-only properties are fine here (an output type names what the service returns), and
    so is a type only `existing` resources may use.
    """
    body = _path_body(ref.path)
    found, note = check_type(index, file, ref.line, ref.arm_type, ref.version, False,
                             body if body is not None else {}, lambda _path: ref.line)
    keep = [f for f in found if f.rule not in ("arm-property-readonly", "arm-type-existing-only")]
    where = f"{ref.kind}<'{ref.arm_type}@{ref.version}'>"
    return [type(f)(f.file, f.line, f.rule, f.severity, f"{where}: {f.message}") for f in keep], note


def check_azapi(index: ArmIndex, modules: dict) -> tuple[list[Finding], list[str]]:
    """azapi_resource: the `type` is ARM's type@apiVersion and `body` is the ARM body."""
    import re

    findings: list[Finding] = []
    notes: list[str] = []
    for m in modules.values():
        for block in m.of("resource"):
            if not block.labels or block.labels[0] not in ("azapi_resource", "azapi_update_resource"):
                continue
            tattr = block.attrs.get("type")
            if tattr is None or not isinstance(tattr.value, str) or "@" not in tattr.value:
                continue
            rtype, version = tattr.value.rsplit("@", 1)
            battr = block.attrs.get("body")
            body = battr.value if battr and isinstance(battr.value, dict) else None
            lines = m.lines.get(block.file, [])

            def locate(path, block=block, battr=battr, lines=lines):
                line = battr.line if battr else block.line
                for key in (k.removesuffix("[]") for k in path):
                    pat = re.compile(r'(^|[{,])\s*"?' + re.escape(key) + r'"?\s*[=:]')
                    line = next((n for n in range(line, block.end_line + 1)
                                 if n <= len(lines) and pat.search(lines[n - 1])), line)
                return line
            found, note = check_type(index, block.file, tattr.line, rtype, version, False, body, locate)
            findings += found
            if note and note not in notes:
                notes.append(note)
    return findings, notes
