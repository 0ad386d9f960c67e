"""Read a kit folder: kit.yaml against kit.schema.json, then meaning checks, then overlay/.

Every problem reads ``file:line: field: problem``. Nothing here runs kit code: executable
content is only listed, so `load_kit` can refuse it (or, trusted, accept it unrun).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from ..errors import Problem
from ..render.answers import TAG_NAME_HINT, tag_name_problem
from ..yamlio import Located, YamlProblem, load_file
from . import autorun
from . import overlay as ov
from .model import STANDARD_TAGS, Kit, Policy, Tag
from .naming import DEFAULT_PATTERN, Convention, pattern_problems

KIT_FILE = "kit.yaml"
SCHEMA = "kit.schema.json"


def _ecma(pattern: str) -> str:
    """A JSON Schema (ECMA-262) pattern for Python's re: ``$`` ends the input. In Python it
    also matches before a final newline, so ``name: "kit\\n"`` passed ``^[a-z]+$`` and broke
    the generated code it was written into."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator, ValidationError, validators

    from ..paths import schema_dir

    def pattern(validator, value, instance, schema):
        if validator.is_type(instance, "string") and not re.search(_ecma(value), instance):
            yield ValidationError(f"{instance!r} does not match {value!r}")

    schema = json.loads((schema_dir() / SCHEMA).read_text(encoding="utf-8"))
    return validators.extend(Draft202012Validator, {"pattern": pattern})(schema)


def display_path(path: Path) -> str:
    try:
        rel = Path(os.path.relpath(path))
        return rel.as_posix() if not rel.as_posix().startswith("../../") else path.as_posix()
    except ValueError:
        return path.as_posix()


class _Reader:
    def __init__(self, doc: Located):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path, message: str) -> None:
        path = list(path)
        self.problems.append(Problem(self.doc.file, self.doc.line_of(path), ".".join(map(str, path)), message))

    def line(self, *path) -> int | None:
        return self.doc.line_of(list(path))


def find_executables(root: Path, display: str, doc: Located | None) -> list[str]:
    """Everything in the kit that would run code, each with what it is."""
    found: dict[str, str] = {}
    for hooks in (root / "hooks", root / ov.OVERLAY / "hooks"):
        if hooks.is_dir():
            for p in sorted(hooks.rglob("*")):
                if p.is_file() or p.is_symlink():
                    found[p.relative_to(root).as_posix()] = "a cookiecutter hook"
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.suffix.lower() in (".py", ".pyw", ".pyc", ".pth") and not rel.startswith(".git/") and not p.is_dir():
            found.setdefault(rel, "Jinja extension code" if p.name.lower() == "local_extensions.py" else "a Python file")
    out = [f"{display}/{rel} ({what})" for rel, what in found.items()]
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    for key in ("_extensions", "extensions"):
        value = data.get(key)
        if value:
            for i, ext in enumerate(value if isinstance(value, list) else [value]):
                out.append(f"{doc.file}:{doc.line_of([key, i])}: {key}: {ext} (a Jinja extension: Python code)")
    return out


def digest(root: Path, files) -> str:
    h = hashlib.sha256()
    h.update((root / KIT_FILE).read_bytes())
    for f in sorted(files, key=lambda f: f.path):
        h.update(f"\0{f.path}\0".encode())
        h.update(f.data)
    return "sha256:" + h.hexdigest()


def read_kit(root: Path, display: str, catalog, *, source: str, ref: str | None = None,
             commit: str | None = None) -> tuple[Kit | None, list[Problem], list[str]]:
    """(kit or None, problems, executables). ``display`` prefixes every file name in messages."""
    path = root / KIT_FILE
    kit_display = f"{display}/{KIT_FILE}"
    if not os.path.lexists(path):  # anything else there (a FIFO, a device) is load_file's to refuse
        return None, [Problem(kit_display, None, "", "not found: a kit folder holds kit.yaml "
                              "(`archkit kit init DIR` writes a starter kit)")], []
    try:
        doc = load_file(path, kit_display)
    except YamlProblem as exc:
        return None, [exc.problem], find_executables(root, display, None)
    executables = find_executables(root, display, doc)
    r = _Reader(doc)
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else f"a {type(doc.data).__name__}"
        r.problems.append(Problem(kit_display, 1, "", f"expected a mapping (name, version, ...), got {got}"))
        return None, r.problems, executables
    from ..catalog.loader import _describe

    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors[:30]:
        message = _describe(e)
        if e.validator == "type" and e.validator_value == "string" and isinstance(e.instance, (int, float, bool)):
            message += " (quote it: YAML reads 1.0, 2 or yes as a number or boolean)"
        r.add(list(e.absolute_path), message)
    if errors:
        return None, r.problems, executables
    d = doc.data
    convention = _naming(r, d.get("naming"), catalog)
    tags = _tags(r, d.get("tags") or [])
    regions, region_default = _regions(r, d, catalog)
    networks, network_default = _network(r, d)
    policies = _policies(r, d.get("policies") or [])
    items = _items(r, d.get("checklist") or [], catalog)
    defaults = {k: v for k, v in (d.get("defaults") or {}).items() if k not in ("location", "network")}
    raw_globs = list((d.get("overlay") or {}).get("copy_without_render") or [])
    files, problems = ov.collect(root, display, raw_globs)
    r.problems += problems
    listed = {e.split(" (", 1)[0] for e in executables}
    for f in files:
        why = autorun.needs_trust(f.path, f.data, f.executable)
        where = f"{display}/{ov.OVERLAY}/{f.path}"
        if why and where not in listed:
            executables.append(f"{where} ({why})")
    if r.problems:
        return None, r.problems, executables
    kit = Kit(
        name=d["name"], version=str(d["version"]), description=(d.get("description") or "").strip(),
        file=kit_display, lines=dict(doc.lines), source=source, ref=ref, commit=commit,
        digest=digest(root, files), convention=convention, tags_=tuple(tags), regions=tuple(regions),
        region_default=region_default, networks=tuple(networks), network_default=network_default,
        policies_=tuple(policies), items=tuple(items), defaults=defaults, overlay=tuple(files),
        executables=tuple(executables), fleet=dict(d.get("fleet") or {}),
    )
    return kit, r.problems, executables


def _naming(r: _Reader, n: dict | None, catalog) -> Convention | None:
    if not n:
        return None
    pattern = n.get("pattern") or DEFAULT_PATTERN
    for msg in pattern_problems(pattern, n.get("prefix", ""), n.get("postfix", "")):
        r.add(["naming", "pattern" if "pattern" in n else "naming"], msg)
    abbreviations = dict(n.get("abbreviations") or {})
    for cid, abbr in abbreviations.items():
        comp = catalog.components.get(cid)
        if comp is None:
            close = difflib.get_close_matches(cid, list(catalog.components), n=1)
            r.add(["naming", "abbreviations", cid], f"unknown component id {cid!r}" +
                  (f"; did you mean {close[0]}?" if close else "; see `archkit catalog components`"))
        elif comp.naming.style == "fixed":
            r.add(["naming", "abbreviations", cid], f"{cid} has a fixed name (its zone names); it takes no abbreviation")
    lower = n.get("lowercase", True)
    effective: dict[tuple[str, str], str] = {}
    for c in catalog.components.values():
        if c.naming.style == "fixed":
            continue
        abbr = abbreviations.get(c.id, c.abbreviation)
        key = (c.arm_type.lower(), abbr.lower() if lower else abbr)
        if key in effective:
            r.add(["naming", "abbreviations"], f"{c.id} and {effective[key]} would share the abbreviation {abbr!r} "
                  f"and the resource type {c.arm_type}, so their names would collide")
        effective[key] = c.id
    return Convention(pattern=pattern, prefix=n.get("prefix", ""), postfix=n.get("postfix", ""),
                      separator=n.get("separator", "-"), lowercase=lower, abbreviations=abbreviations)


def _tags(r: _Reader, raw: list) -> list[Tag]:
    out, seen = [], {}
    for i, t in enumerate(raw):
        name = t["name"]
        if name.lower() in seen:
            r.add(["tags", i, "name"], f"tag {name!r} is listed twice (tag names are case-insensitive; "
                  f"first at line {seen[name.lower()]})")
            continue
        seen[name.lower()] = r.line("tags", i)
        why = tag_name_problem(name)
        if why:
            r.add(["tags", i, "name"], f"invalid tag name ({why}); {TAG_NAME_HINT}")
        if name.lower() in STANDARD_TAGS:
            r.add(["tags", i, "name"], f"{name!r} is one of archkit's own tags ({', '.join(STANDARD_TAGS)})")
        pattern = t.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                r.add(["tags", i, "pattern"], f"not a valid regular expression: {exc}")
                pattern = None
        if "value" in t:
            if pattern and not re.fullmatch(pattern, t["value"]):
                r.add(["tags", i, "value"], f"{t['value']!r} does not match its own pattern {pattern!r}")
            if "${" in t["value"]:
                r.add(["tags", i, "value"], "'${' is not allowed in tag values")
        out.append(Tag(name, t.get("value"), (t.get("description") or "").strip(), pattern, r.line("tags", i)))
    return out


def _region_ok(r: _Reader, path, name: str, catalog) -> bool:
    if name in catalog.regions:
        return True
    close = difflib.get_close_matches(name, list(catalog.regions), n=3)
    r.add(path, f"{name!r} is not an Azure region archkit knows" +
          (f"; did you mean {', '.join(close)}?" if close else "; use an ARM location name such as swedencentral"))
    return False


def _regions(r: _Reader, d: dict, catalog):
    reg = d.get("regions") or {}
    allowed = list(reg.get("allowed") or [])
    for i, name in enumerate(allowed):
        _region_ok(r, ["regions", "allowed", i], name, catalog)
    default = reg.get("default")
    dflt_loc = (d.get("defaults") or {}).get("location")
    if default and dflt_loc and default != dflt_loc:
        r.add(["defaults", "location"], f"differs from regions.default ({default}); set one of them")
    default = default or dflt_loc
    where = ["regions", "default"] if reg.get("default") else ["defaults", "location"]
    if default and _region_ok(r, where, default, catalog) and allowed and default not in allowed:
        r.add(where, f"{default!r} is not in regions.allowed ({', '.join(allowed)})")
    return allowed, default


def _network(r: _Reader, d: dict):
    net = d.get("network") or {}
    allowed = list(net.get("allowed") or [])
    default = net.get("default")
    dflt = (d.get("defaults") or {}).get("network")
    if default and dflt and default != dflt:
        r.add(["defaults", "network"], f"differs from network.default ({default}); set one of them")
    default = default or dflt
    where = ["network", "default"] if net.get("default") else ["defaults", "network"]
    if default and allowed and default not in allowed:
        r.add(where, f"{default!r} is not in network.allowed ({', '.join(allowed)})")
    return allowed, default


def _json_problem(value) -> str | None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return None
    if isinstance(value, list):
        return next((p for p in map(_json_problem, value) if p), None)
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return "object keys must be strings"
        return next((p for p in map(_json_problem, value.values()) if p), None)
    return f"a YAML {type(value).__name__} is not a JSON value (quote it)"


def _policies(r: _Reader, raw: list) -> list[Policy]:
    out, names = [], {}
    for i, p in enumerate(raw):
        symbol = p["name"].replace("-", "")
        if symbol in names:
            r.add(["policies", i, "name"], f"assignment name {p['name']!r} clashes with {names[symbol]!r} "
                  "(names must differ in more than their hyphens)")
            continue
        names[symbol] = p["name"]
        for key, value in (p.get("parameters") or {}).items():
            problem = _json_problem(value)
            if problem:
                r.add(["policies", i, "parameters", key], problem)
        out.append(Policy(p["name"], p["definition_id"], p.get("display_name", ""), (p.get("description") or "").strip(),
                          dict(p.get("parameters") or {}), p.get("enforce", True),
                          (p.get("non_compliance_message") or "").strip(), r.line("policies", i)))
    return out


def _items(r: _Reader, raw: list, catalog) -> list:
    from ..catalog import models as m

    taken = {i.id for i in catalog.items(include_retired=True)}
    taken |= {i.id for a in catalog.architectures.values() for i in a.checklist_items}
    out, seen = [], set()
    for i, it in enumerate(raw):
        if it["id"] in seen:
            r.add(["checklist", i, "id"], f"duplicate item id {it['id']}")
            continue
        if it["id"] in taken:
            r.add(["checklist", i, "id"], f"{it['id']} is already a catalog item id; use the kit's own prefix (e.g. CTO-GOV-01)")
            continue
        seen.add(it["id"])
        out.append(m.Item(it["id"], it["area"], it["text"].strip(), "both", it["severity"], it["link"],
                          it.get("iac", "no"), (), False, "kit"))
    return out
