"""Load a catalog directory into typed models, validating at the boundary.

Every problem is reported as ``file:line: field: problem``. The parsed catalog is cached
on disk (``cache.py``) so `list`/`show` do not pay for YAML parsing and schema validation
on every run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CatalogError, Problem
from . import cache
from . import models as m

if TYPE_CHECKING:  # yaml is imported only when the cache misses
    from ..yamlio import Located


def catalog_files(root: Path) -> list[Path]:
    files = [root / "components.yaml", root / "regions.yaml"]
    files += sorted((root / "architectures").glob("*.yaml"))
    files += sorted((root / "design-areas").glob("*.yaml"))
    files += sorted((root / "claims").glob("*.yaml"))
    if (root / "recommend.yaml").exists():
        files.append(root / "recommend.yaml")
    files += sorted((root / "schema").glob("*.json"))
    return files


def load_catalog(root: Path | None = None, *, use_cache: bool = True) -> m.Catalog:
    from ..paths import catalog_dir

    root = Path(root) if root else catalog_dir()
    if not root.is_dir():
        raise CatalogError([Problem(str(root), None, "", "catalog directory not found")],
                           "pass the path of a folder that holds components.yaml")
    if not use_cache:
        return _fresh_build(root, None)
    path = cache.cache_path(root)
    cached = cache.read(path, root, rebuild=lambda: _fresh_build(root, cache.cache_path(root)))
    return cached if cached is not None else _fresh_build(root, path)


def _fresh_build(root: Path, cache_file: Path | None) -> m.Catalog:
    snap = cache.Snapshot(root) if cache_file else None
    catalog, problems = _build(root)
    if problems:
        raise CatalogError(problems, "fix the listed fields; `archkit catalog lint` re-checks")
    if cache_file:
        try:
            cache.write(cache_file, catalog, snap)
        except OSError:  # an unwritable cache folder costs speed, nothing else
            pass
    return catalog


def lint_catalog(root: Path, oracles: Path | None = None) -> list[Problem]:
    """Every problem in a catalog directory, including oracle checks when available."""
    if not root.is_dir():
        return [Problem(str(root), None, "", "catalog directory not found")]
    catalog, problems = _build(root)
    if catalog is not None and oracles is not None and not problems:
        from .oracle_checks import check_against_oracles

        problems += check_against_oracles(catalog, oracles)
    return problems


# --- building -----------------------------------------------------------------


class _Ctx:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self._validators: dict[str, object] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def load(self, path: Path) -> Located | None:
        from ..yamlio import YamlProblem, load_file

        try:
            return load_file(path, self.rel(path))
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return None

    def validator(self, schema_name: str):
        if schema_name not in self._validators:
            import json

            from jsonschema import Draft202012Validator
            from referencing import Registry, Resource

            schemas = {}
            for p in sorted((self.root / "schema").glob("*.json")):
                schemas[p.name] = json.loads(p.read_text(encoding="utf-8"))
            if schema_name not in schemas:
                from ..paths import schema_dir

                for p in sorted(schema_dir().glob("*.json")):
                    schemas.setdefault(p.name, json.loads(p.read_text(encoding="utf-8")))
            registry = Registry().with_resources(
                [(s["$id"], Resource.from_contents(s)) for s in schemas.values()]
            )
            self._validators[schema_name] = Draft202012Validator(schemas[schema_name], registry=registry)
        return self._validators[schema_name]

    def validate(self, doc: Located, schema_name: str) -> bool:
        if not isinstance(doc.data, dict):
            got = "empty file" if doc.data is None else f"a {type(doc.data).__name__}"
            self.problems.append(Problem(doc.file, 1, "", f"expected a mapping at the top, got {got}"))
            return False
        errors = sorted(self.validator(schema_name).iter_errors(doc.data), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            path = list(e.absolute_path)
            field = ".".join(str(p) for p in path)
            self.problems.append(Problem(doc.file, doc.line_of(path), field, _describe(e)))
        return not errors

    def add(self, doc: Located, path, message: str) -> None:
        path = list(path)
        self.problems.append(Problem(doc.file, doc.line_of(path), ".".join(map(str, path)), message))


def _describe(e) -> str:
    if e.validator == "required":
        return e.message.replace("is a required property", "is required but missing")
    if e.validator == "additionalProperties":
        return e.message + " (remove it or fix its spelling)"
    if e.validator == "pattern" and "learn" in str(e.validator_value):
        return f"{e.instance!r} is not an https learn.microsoft.com or github.com URL"
    if e.validator == "enum" and isinstance(e.instance, bool):
        return f"{e.instance!r} is not one of {', '.join(map(str, e.validator_value))} (quote the value: YAML reads bare yes/no as true/false)"
    if e.validator == "enum":
        return f"{e.instance!r} is not one of {', '.join(map(str, e.validator_value))}"
    return e.message


def _build(root: Path):
    ctx = _Ctx(root)
    comp_doc = ctx.load(root / "components.yaml")
    roles, components, supporting = {}, {}, ()
    if comp_doc and ctx.validate(comp_doc, "components.schema.json"):
        roles, components, supporting = _components(ctx, comp_doc)

    regions = {}
    reg_doc = ctx.load(root / "regions.yaml")
    if reg_doc and ctx.validate(reg_doc, "regions.schema.json"):
        for r in reg_doc.data["regions"]:
            regions[r["name"]] = m.Region(r["name"], r["display_name"], r["geography"])

    areas = {}
    item_ids: dict[str, str] = {}
    for path in sorted((root / "design-areas").glob("*.yaml")):
        doc = ctx.load(path)
        if not doc or not ctx.validate(doc, "design-areas.schema.json"):
            continue
        d = doc.data
        items = []
        for i, raw in enumerate(d["items"]):
            if raw["id"] in item_ids:
                ctx.add(doc, ["items", i, "id"], f"duplicate item id {raw['id']} (also in {item_ids[raw['id']]})")
                continue
            item_ids[raw["id"]] = doc.file
            if not raw["id"].startswith(d["prefix"] + "-"):
                ctx.add(doc, ["items", i, "id"], f"id {raw['id']} does not start with this area's prefix {d['prefix']}-")
            _check_services(ctx, doc, ["items", i, "services"], raw.get("services", ()), components)
            items.append(_item(raw, d["area"]))
        if d["area"] in areas:
            ctx.add(doc, ["area"], f"area {d['area']} is defined twice")
        areas[d["area"]] = m.Area(d["area"], d["title"], d["prefix"], d["page"], tuple(items))

    claims = {}
    coverage: dict[str, dict] = {}
    for path in sorted((root / "claims").glob("*.yaml")):
        doc = ctx.load(path)
        if not doc or not ctx.validate(doc, "claims.schema.json"):
            continue
        out = []
        cover = {k: m.Coverage(k, v["level"], v["rationale"], v.get("remaining", ""))
                 for k, v in (doc.data.get("coverage") or {}).items()}
        for i, c in enumerate(doc.data["claims"]):
            if item_ids and c["item"] not in item_ids:
                ctx.add(doc, ["claims", i, "item"], f"unknown checklist item {c['item']}")
            if c["item"] not in cover:
                ctx.add(doc, ["claims", i, "item"], f"{c['item']} has claims but no coverage entry: add "
                        f"coverage.{c['item']} with level (full|partial) and a one-line rationale")
            b, t = c.get("bicep") or {}, c.get("terraform") or {}
            out.append(m.Claim(c["item"], c["setting"], b.get("resource", ""), b.get("path", ""), b.get("value"),
                               t.get("resource", ""), t.get("path", ""), t.get("value"),
                               tuple(c.get("modes") or m.MODES), c.get("check"), tuple(c.get("unless") or ()),
                               tuple(c.get("requires") or ())))
        for k in cover:
            if not any(c.item == k for c in out):
                ctx.add(doc, ["coverage", k], f"coverage for {k}, but no claim in this file names it")
        claims[doc.data["module"]] = tuple(out)
        coverage[doc.data["module"]] = cover

    architectures = {}
    seen_files: dict[str, str] = {}
    for path in sorted((root / "architectures").glob("*.yaml")):
        doc = ctx.load(path)
        if not doc or not ctx.validate(doc, "architecture.schema.json"):
            continue
        arch = _architecture(ctx, doc, components, roles, item_ids)
        if arch.id in seen_files:
            ctx.add(doc, ["id"], f"duplicate architecture id {arch.id!r} (also in {seen_files[arch.id]})")
            continue
        seen_files[arch.id] = doc.file
        architectures[arch.id] = arch

    recommend = {}
    rec_path = root / "recommend.yaml"
    if rec_path.exists():
        doc = ctx.load(rec_path)
        if doc and ctx.validate(doc, "recommend.schema.json"):
            recommend = doc.data
            for i, rule in enumerate(recommend.get("rules", [])):
                if rule.get("recommend") not in architectures and architectures:
                    ctx.add(doc, ["rules", i, "recommend"], f"unknown architecture id {rule.get('recommend')!r}")

    if not architectures and not ctx.problems:
        ctx.problems.append(Problem(ctx.rel(root / "architectures"), None, "", "no architecture files found"))
    catalog = m.Catalog(root, architectures, components, roles, supporting, areas, regions, claims, recommend, coverage)
    return catalog, ctx.problems


def _components(ctx: _Ctx, doc: Located):
    d = doc.data
    roles = {}
    for i, r in enumerate(d["roles"]):
        if r["name"] in roles:
            ctx.add(doc, ["roles", i, "name"], f"duplicate role {r['name']!r}")
        roles[r["name"]] = m.Role(r["name"], r["id"])
    supporting = tuple(_mapping(x) for x in d["supporting_types"])
    components = {}
    for i, c in enumerate(d["components"]):
        if c["id"] in components:
            ctx.add(doc, ["components", i, "id"], f"duplicate component id {c['id']!r}")
            continue
        for j, role in enumerate(c["roles"]):
            if role not in roles:
                ctx.add(doc, ["components", i, "roles", j], f"unknown role {role!r}; add it to the roles table")
        n = c["naming"]
        if n["min"] > n["max"]:
            ctx.add(doc, ["components", i, "naming"], "min is larger than max")
        pe = c.get("private_endpoint")
        components[c["id"]] = m.Component(
            id=c["id"], title=c["title"], service=c["service"], aliases=tuple(c.get("aliases", ())),
            module=c["module"], arm_type=c["arm_type"], api_version=c["api_version"],
            azurerm_type=c["azurerm_type"], kind=c.get("kind"), sku=c.get("sku"),
            abbreviation=c["abbreviation"], naming=m.Naming(n["style"], n["min"], n["max"], n["pattern"]),
            private_endpoint=m.PrivateEndpoint(tuple(pe["group_ids"]), tuple(pe["dns_zones"])) if pe else None,
            diagnostics=c["diagnostics"], roles=tuple(c["roles"]),
            resources=tuple(_mapping(x) for x in c.get("resources", ())),
            requires_network=c.get("requires_network", False), depends_on=tuple(c.get("depends_on", ())),
            sizing=tuple(_sizing(ctx, doc, ["components", i, "sizing", j], x) for j, x in enumerate(c.get("sizing", ()))),
        )
    for i, c in enumerate(d["components"]):
        for j, dep in enumerate(c.get("depends_on", ())):
            if dep not in components:
                ctx.add(doc, ["components", i, "depends_on", j], f"unknown component {dep!r}")
    return roles, components, supporting


# Compute that can run as its own user-assigned identity (identities' `compute`): the
# main templates pass that identity to these modules instead of the workload identity.
COMPUTE_IDENTITY = ("app-service", "function-app")
# Nodes of a `flow` that are not components: the people and systems outside the workload
# where a data path starts or ends.
FLOW_NODES = {"user": "User", "internet": "Internet", "hub-firewall": "Hub firewall (platform)",
              "client": "Client application", "data-scientist": "Data scientist",
              "data-sources": "Source systems", "on-premises": "On-premises data sources",
              "reports": "Power BI or CRM (reports)"}
_SIZING_TYPES = {"int": int, "bool": bool, "string": str}


def _all_components(d: dict) -> list[str]:
    """An entry's components and its options' components, in catalog order."""
    return list(dict.fromkeys([*d["components"], *(c for o in d.get("options", ()) for c in o["components"])]))


def _sizing_value_ok(kind: str, value) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _SIZING_TYPES[kind])


def _sizing(ctx, doc, path, x) -> m.Sizing:
    for env in m.ENVIRONMENTS:
        if not _sizing_value_ok(x["type"], x[env]):
            ctx.add(doc, [*path, env], f"{x['setting']}: {env} value {x[env]!r} is not of type {x['type']}")
    return m.Sizing(x["setting"], x["type"], x["description"], tuple(x[env] for env in m.ENVIRONMENTS))


def _arch_sizing(ctx, doc, d, components) -> dict:
    """The entry's per-environment settings: the component table's, with the entry's overrides,
    for its components and its options' (an option's component is sized the same when chosen)."""
    overrides = d.get("sizing") or {}
    # Optional components are sized like the default ones: choosing an option must not need more data.
    ids = _all_components(d)
    for cid, settings in overrides.items():
        comp = components.get(cid)
        if cid not in ids or comp is None:
            ctx.add(doc, ["sizing", cid], f"sizing for {cid!r}, which is not a component of this entry")
            continue
        known = {s.setting: s for s in comp.sizing}
        for name, envs in settings.items():
            if name not in known:
                ctx.add(doc, ["sizing", cid, name], f"{cid} has no sizing setting {name!r}; it has {', '.join(known) or 'none'}")
                continue
            for env, value in envs.items():
                if not _sizing_value_ok(known[name].type, value):
                    ctx.add(doc, ["sizing", cid, name, env], f"{value!r} is not of type {known[name].type}")
    out = {}
    for cid in ids:
        comp = components.get(cid)
        if not comp or not comp.sizing:
            continue
        mine = overrides.get(cid) or {}
        out[cid] = tuple(
            m.Sizing(s.setting, s.type, s.description,
                     tuple((mine.get(s.setting) or {}).get(env, s.value(env)) for env in m.ENVIRONMENTS))
            for s in comp.sizing)
    return out


def _mapping(x) -> m.TypeMapping:
    return m.TypeMapping(x["arm_type"], x["api_version"], tuple(x["azurerm"]), x.get("abbreviation"))


def _item(raw: dict, area: str, source: str = "catalog") -> m.Item:
    return m.Item(raw["id"], raw.get("area", area), raw["text"], raw["applies_to"], raw["severity"], raw["link"],
                  raw["iac"], tuple(raw.get("services", ())), bool(raw.get("retired", False)), source)


def _check_services(ctx, doc, path, services, components):
    for j, s in enumerate(services):
        if components and s not in components:
            ctx.add(doc, [*path, j], f"unknown component {s!r}")


def _architecture(ctx: _Ctx, doc: Located, components, roles, item_ids) -> m.Architecture:
    d = doc.data
    stem = Path(doc.file).stem
    if d["id"] != stem:
        ctx.add(doc, ["id"], f"id {d['id']!r} does not match the file name {stem}.yaml")
    for i, cid in enumerate(d["components"]):
        if components and cid not in components:
            ctx.add(doc, ["components", i], f"unknown component {cid!r}; components.yaml defines {', '.join(sorted(components))}")
    have = set(d["components"])
    option_ids: set[str] = set()
    for i, opt in enumerate(d.get("options", ())):
        if opt["id"] in option_ids:
            ctx.add(doc, ["options", i, "id"], f"option {opt['id']!r} is listed twice")
        option_ids.add(opt["id"])
        for j, cid in enumerate(opt["components"]):
            if components and cid not in components:
                ctx.add(doc, ["options", i, "components", j], f"unknown component {cid!r}; components.yaml defines it first")
            elif cid in d["components"]:
                ctx.add(doc, ["options", i, "components", j], f"component {cid!r} is already rendered by default; "
                                                              "remove it from components or from the option")
    base = set(have)
    have = set(_all_components(d))  # identities, flow, policies and sizing may name optional components
    net_modes = set(d["network"]["supported"])
    for i, cid in enumerate(d["components"]):
        comp = components.get(cid)
        if not comp:
            continue
        for dep in comp.depends_on:
            if dep not in base:
                ctx.add(doc, ["components", i], f"component {cid!r} needs {dep!r} in the same entry")
        if comp.requires_network and "virtual-network" not in have and "landing-zone" not in net_modes:
            ctx.add(doc, ["components", i], f"component {cid!r} needs virtual-network in the same entry")
    for i, opt in enumerate(d.get("options", ())):
        own = base | set(opt["components"])
        for cid in opt["components"]:
            for dep in getattr(components.get(cid), "depends_on", ()):
                if dep not in own:
                    ctx.add(doc, ["options", i, "components"], f"component {cid!r} of option {opt['id']!r} needs "
                                                               f"{dep!r} by default or in the same option")
    net = d["network"]
    if net["default"] not in net["supported"]:
        ctx.add(doc, ["network", "default"], f"default mode {net['default']!r} is not in supported")
    if "private" in net["supported"] and not {"virtual-network", "private-dns"} <= have:
        ctx.add(doc, ["network", "supported"], "private mode needs virtual-network and private-dns in components")
    if "landing-zone" in net["supported"] and "virtual-network" not in have:
        ctx.add(doc, ["network", "supported"], "landing-zone mode needs virtual-network (subnets in the existing spoke)")
    identities = []
    for i, ident in enumerate(d["identities"]):
        grants = []
        for j, g in enumerate(ident["roles"]):
            if roles and g["role"] not in roles:
                ctx.add(doc, ["identities", i, "roles", j, "role"], f"unknown role {g['role']!r}; add it to components.yaml roles")
            if g["scope"] not in have and g["scope"] != m.RESOURCE_GROUP_SCOPE:
                ctx.add(doc, ["identities", i, "roles", j, "scope"], f"scope {g['scope']!r} is not a component of this entry")
            grants.append(m.RoleGrant(g["role"], g["scope"]))
        compute = ident.get("compute", "")
        if compute:
            if ident["type"] != "user-assigned" or ident.get("module"):
                ctx.add(doc, ["identities", i, "compute"], "compute applies to a user-assigned identity without module")
            elif compute not in COMPUTE_IDENTITY:
                ctx.add(doc, ["identities", i, "compute"],
                        f"{compute!r} cannot run as its own identity; use one of {', '.join(COMPUTE_IDENTITY)}")
            elif compute not in have:
                ctx.add(doc, ["identities", i, "compute"], f"compute {compute!r} is not a component of this entry")
            elif any(x.compute == compute for x in identities):
                ctx.add(doc, ["identities", i, "compute"], f"{compute!r} already has an identity; one identity per function")
        identities.append(m.Identity(ident["name"], ident["type"], tuple(grants), ident.get("module", ""), compute))
    for i, e in enumerate(d.get("flow", ())):
        for end in ("from", "to"):
            if e[end] not in have and e[end] not in FLOW_NODES:
                ctx.add(doc, ["flow", i, end], f"{e[end]!r} is neither a component of this entry nor one of {', '.join(FLOW_NODES)}")
    for i, p in enumerate(d.get("policies", ())):
        if p["component"] not in have:
            ctx.add(doc, ["policies", i, "component"], f"component {p['component']!r} is not in this entry")
    if d.get("models") and "ai-foundry" not in have:
        ctx.add(doc, ["models"], "models need the ai-foundry component")
    extra_items = []
    for i, raw in enumerate(d.get("checklist_items", ())):
        if "area" not in raw:
            ctx.add(doc, ["checklist_items", i], "area is required on architecture-specific items")
            continue
        if raw["id"] in item_ids:
            ctx.add(doc, ["checklist_items", i, "id"], f"item id {raw['id']} is already used by the design areas")
        extra_items.append(_item(raw, raw["area"], "architecture"))
    return m.Architecture(
        id=d["id"], title=d["title"], summary=d["summary"].strip(), kind=d["kind"], category=d["category"],
        audience=d["audience"], audience_label=d["audience_label"], scenarios=tuple(d.get("scenarios", ())),
        links=dict(d["links"]), components=tuple(d["components"]),
        not_generated=tuple(d.get("not_generated", ())),
        models=tuple(m.Model(**x) for x in d.get("models", ())),
        network_default=net["default"], network_supported=tuple(net["supported"]), network_notes=net.get("notes", ""),
        identities=tuple(identities), data_flow=tuple(d["data_flow"]), decisions=dict(d["decisions"]),
        extras=tuple(d.get("extras", ())), checklist_items=tuple(extra_items), file=doc.file,
        sizing=_arch_sizing(ctx, doc, d, components),
        policies=tuple(dict(p) for p in d.get("policies", ())),
        flow=tuple(dict(e) for e in d.get("flow", ())), differences=tuple(d.get("differences", ())),
        options=tuple(m.Option(o["id"], o["title"], tuple(o["components"]), o["reason"]) for o in d.get("options", ())),
    )
