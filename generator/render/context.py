"""Everything a template needs, computed once from the catalog and the answers.

Templates see it as `ak` (`{%- set ak = archkit(cookiecutter) %}`); the same
function serves archkit's renderer and the template's cookiecutter extension.
"""

from __future__ import annotations

import re

from .. import __version__
from ..catalog import models as m
from ..catalog.queries import applicable_items
from . import naming


PRIVATE_ONLY = ("private-dns", "firewall")


def _camel(s: str) -> str:
    head, *rest = s.split("-")
    return head + "".join(p.capitalize() for p in rest)


def _snake(s: str) -> str:
    return s.replace("-", "_")


def module_file(module: str, iac: str) -> str:
    return f"infra/modules/{module}.bicep" if iac == "bicep" else f"infra/modules/{module}/main.tf"


def build_context(catalog: m.Catalog, answers, kit=None) -> dict:
    arch = catalog.architecture(answers.architecture)
    env_code = naming.ENV_CODES[answers.environment]
    comps = [catalog.components[c] for c in arch.components]
    conv = kit.convention if kit else None  # a platform kit's naming pattern, or the built-in one
    names = naming.names_for(comps, answers.name, answers.environment, answers.name_suffix, convention=conv,
                             network=answers.network, supporting=catalog.supporting_types)
    private = answers.network in ("private", "landing-zone")
    roles_by_scope: dict[str, list] = {}
    for ident in arch.identities:
        if ident.type != "user-assigned":
            continue
        for g in ident.roles:
            role = catalog.roles[g.role]
            entry = {"name": role.name, "id": role.id}
            if entry not in roles_by_scope.setdefault(g.scope, []):
                roles_by_scope[g.scope].append(entry)

    components = []
    for c in comps:
        pe = c.private_endpoint if private else None
        components.append({
            "id": c.id, "title": c.title, "module": c.module, "symbol": _camel(c.id), "tf_name": _snake(c.id),
            "arm_type": c.arm_type, "api_version": c.api_version, "azurerm_type": c.azurerm_type,
            "kind": c.kind, "sku": c.sku, "abbreviation": c.abbreviation,
            "name": names.get(c.id), "name_style": c.naming.style,
            "bicep_name": naming.bicep_expr(c.naming.style, naming.abbreviation(c, conv), conv),
            "tf_name_expr": naming.terraform_expr(c.naming.style, naming.abbreviation(c, conv), conv),
            "private_endpoint": {"group_ids": list(pe.group_ids), "dns_zones": list(pe.dns_zones)} if pe else None,
            # Names the module derives (plan, public IPs, NSGs, private endpoint...), checked above.
            "derived": naming.derived_names(c, names.get(c.id), arch.components, answers.network,
                                            catalog.supporting_types),
            "diagnostics": c.diagnostics,
            "roles": roles_by_scope.get(c.id, []),
            "resources": [{"arm_type": r.arm_type, "api_version": r.api_version, "azurerm": list(r.azurerm),
                           "abbreviation": r.abbreviation} for r in c.resources],
            "file": module_file(c.module, answers.iac),
            # DNS zones and the egress firewall belong to private networking; a landing
            # zone's platform team owns both.
            "deployed": c.id not in PRIVATE_ONLY or (answers.network == "private"),
        })
    by_id = {c["id"]: c for c in components}
    workload_max = naming.workload_budget(comps, answers.name, answers.environment, answers.name_suffix, conv,
                                          answers.network, catalog.supporting_types)
    modules = list(dict.fromkeys(c["module"] for c in components))
    dns_zones = sorted({z for c in components if c["private_endpoint"] for z in c["private_endpoint"]["dns_zones"]})
    api = {mp.arm_type: mp.api_version for mp in catalog.all_type_mappings()}

    tags = {"workload": answers.name, "environment": answers.environment, "architecture": arch.id, "managed-by": "archkit"}
    tags.update(kit.tags(answers.tags or {}) if kit else (answers.tags or {}))  # a kit adds its fixed tags

    # A kit's tags are mandatory: the IaC applies them after every other tag source (see
    # infra/locals.tf, main.bicep), so neither var.tags nor a parameter file can drop them.
    kit_tags = {t.name: tags[t.name] for t in kit.tags_ if t.name in tags} if kit else {}
    from ..kits.values import bicep_string, hcl_string

    checklists, progress = _checklists(catalog, arch, answers, kit, components)
    return {
        "version": __version__,
        "arch": {
            "id": arch.id, "title": arch.title, "summary": arch.summary, "kind": arch.kind, "category": arch.category,
            "audience_label": arch.audience_label,
            "links": {"seed": None, "reference_implementation": None, "related": [], **arch.links}, "data_flow": list(arch.data_flow),
            "decisions": arch.decisions, "not_generated": [dict(x) for x in arch.not_generated],
            "extras": list(arch.extras), "network_notes": arch.network_notes,
            "identities": [{"name": i.name, "type": i.type, "roles": [vars(g) for g in i.roles]} for i in arch.identities],
        },
        "iac": answers.iac, "bicep": answers.iac == "bicep", "terraform": answers.iac == "terraform",
        "network": answers.network, "private": private, "landing_zone": answers.network == "landing-zone",
        "public": answers.network == "public",
        "workload": answers.name, "workload_max": workload_max, "environment": answers.environment, "environment_code": env_code,
        "location": answers.location, "suffix": answers.name_suffix,
        "components": components, "component": by_id, "component_ids": list(by_id), "modules": modules,
        "dns_zones": dns_zones, "api": api,
        # Built-in role definition IDs by name, for modules that grant roles to identities
        # other than the workload's (the Foundry project's, for Agent Service).
        "role_ids": {r.name: r.id for r in catalog.roles.values()},
        "models": [vars(x) for x in arch.models],
        "tags": tags,
        "kit_tags": kit_tags,
        "kit_tags_bicep": [(bicep_string(k), bicep_string(v)) for k, v in kit_tags.items()],
        "kit_tags_hcl": [(hcl_string(k), hcl_string(v)) for k, v in kit_tags.items()],
        "tags_ref": "resourceTags" if kit_tags else "tags",
        "allowed_regions": list(kit.regions) if kit else [],
        # The drift workflow: left out by `--set drift=off` or a kit's `fleet.drift_workflow: false`.
        "drift": answers.drift == "on" and (kit.fleet.get("drift_workflow", True) if kit else True),
        "fleet": dict(kit.fleet) if kit else {},
        "backstage": kit.fleet.get("backstage", True) if kit else True,
        # A Backstage owner must be an entity reference; an e-mail address owner tag is not one.
        "backstage_owner": tags.get("owner") if re.fullmatch(r"[a-z0-9][a-z0-9:/._-]*", tags.get("owner", "")) else None,
        "checklists": checklists, "progress": progress,
        "areas": [{"area": a.area, "title": a.title, "page": a.page} for key in m.AREAS
                  for a in [catalog.areas.get(key)] if a],
        "kit": kit.context() if kit else None,
        "policies": kit.policies() if kit else [],
    }


def _checklists(catalog: m.Catalog, arch: m.Architecture, answers, kit, components: list[dict]):
    from ..checklists import DONE, plan

    states = plan.item_states(catalog, components, answers.network, answers.iac)
    items = applicable_items(catalog, arch, include_retired=False)
    if kit:
        items += kit.checklist_items()
    checklists: dict[str, list] = {a: [] for a in m.AREAS}
    for item in items:
        st = states.get(item.id) or plan.open_state()
        checklists.setdefault(item.area, []).append({
            "id": item.id, "text": item.text, "severity": item.severity, "link": item.link, "iac": item.iac,
            "done": st["state"] == DONE, "state": st["state"], "evidence": st["evidence"],
            "rationale": st["rationale"], "remaining": st["remaining"], "source": item.source,
        })
    progress = {a: {"done": sum(1 for i in v if i["done"]), "partly": sum(1 for i in v if i["state"] == "partly"),
                    "total": len(v)} for a, v in checklists.items()}
    return checklists, progress
