"""Everything a template needs, computed once from the catalog and the answers.

Templates see it as `ak` (`{%- set ak = archkit(cookiecutter) %}`); the same
function serves archkit's renderer and the template's cookiecutter extension.
"""

from __future__ import annotations

import json
import re

from .. import __version__
from ..catalog import models as m
from ..catalog.queries import applicable_items
from . import address_plan, naming
from . import naming
from .literals import bicep_string, hcl_string


PRIVATE_ONLY = ("private-dns", "firewall", "monitor-private-link", "dns-resolver")
# People's and pipelines' machines inside the workload network (its private mode or a landing zone).
PRIVATE_MODES_ONLY = ("jump-box", "build-agents")


def _camel(s: str) -> str:
    head, *rest = s.split("-")
    return head + "".join(p.capitalize() for p in rest)


def _snake(s: str) -> str:
    return s.replace("-", "_")


def _literal(value, flavour: str) -> str:
    """A sizing value as Bicep, Terraform or JSON source."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if flavour == "bicep":
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return json.dumps(value)


def _sizing(component_symbol: str, component_tf: str, settings, environment: str) -> list[dict]:
    """Per-environment settings of one component, with their parameter / variable names and
    literal values in every flavour (the defaults follow the recorded environment answer)."""
    out = []
    for s in settings:
        values = dict(zip(m.ENVIRONMENTS, s.values))
        param = _camel(s.setting.replace("_", "-"))
        out.append({
            "setting": s.setting, "type": s.type, "description": s.description,
            "by_env": values, "default": s.value(environment),
            "bicep": component_symbol + param[0].upper() + param[1:],
            "bicep_param": param,
            "bicep_type": {"int": "int", "bool": "bool", "string": "string"}[s.type],
            "tf": f"{component_tf}_{s.setting}", "tf_type": {"int": "number", "bool": "bool", "string": "string"}[s.type],
            "bicep_values": {e: _literal(v, "bicep") for e, v in values.items()},
            "tf_values": {e: _literal(v, "terraform") for e, v in values.items()},
            "json_values": {e: json.dumps(v) for e, v in values.items()},
            "summary": ", ".join(f"{e} {_literal(v, 'terraform').strip(chr(34))}" for e, v in values.items()),
        })
    return out


def _diagram(arch, by_id: dict) -> dict | None:
    """Nodes and edges of the entry's request and data flow, for the components this render deploys."""
    from ..catalog.loader import FLOW_NODES

    if not arch.flow:
        return None

    def node(ref):
        if ref in FLOW_NODES:
            return {"id": ref.replace("-", "_"), "label": FLOW_NODES[ref]}
        c = by_id.get(ref)
        return {"id": c["tf_name"], "label": c["title"]} if c and c["deployed"] else None

    nodes, edges = {}, []
    for e in arch.flow:
        a, b = node(e["from"]), node(e["to"])
        if a and b:
            nodes.setdefault(a["id"], a)
            nodes.setdefault(b["id"], b)
            edges.append({"from": a["id"], "to": b["id"], "label": e.get("label", "")})
    return {"nodes": list(nodes.values()), "edges": edges}


def _workload_principals(arch, abbr: str) -> list[dict]:
    """The user-assigned identities main creates, in catalog order, with the names templates use.

    The workload identity (no `compute`) keeps the managed-identity module's names; an identity
    that one compute component runs as (one identity per function) is named after it.
    """
    out = []
    for ident in arch.identities:
        if ident.type != "user-assigned" or ident.module:
            continue
        if not ident.compute:
            out.append({"name": ident.name, "compute": "", "symbol": "managedIdentity", "tf_name": "managed_identity",
                        "prefix": "", "tf_prefix": "", "bicep_param": "workloadPrincipalId",
                        "tf_var": "workload_principal_id", "tf_resource": "workload", "label": "the workload identity"})
            continue
        cam, snake = _camel(ident.compute), _snake(ident.compute)
        out.append({"name": ident.name, "compute": ident.compute, "symbol": cam + "Identity",
                    "tf_name": snake + "_identity", "prefix": cam, "tf_prefix": snake + "_",
                    "bicep_param": cam + "PrincipalId", "tf_var": snake + "_principal_id", "tf_resource": snake,
                    "label": f"the {ident.compute} identity",
                    # named after the compute, as the gateway's own identity is ({abbr}-{name})
                    "bicep_name": f"'{abbr}-${{names.{cam}}}'", "tf_name_expr": f'"{abbr}-${{local.names.{snake}}}"'})
    return out


def _search_connection_roles(catalog, arch) -> list[dict]:
    ids = set(arch.components)
    if not {"ai-foundry", "ai-search"} <= ids or "agent-service" in ids:
        return []
    out = []
    for ident in arch.identities:
        if ident.type != "system-assigned":
            continue
        for g in ident.roles:
            role = catalog.roles[g.role]
            if g.scope == "ai-search" and {"name": role.name, "id": role.id} not in out:
                out.append({"name": role.name, "id": role.id})
    return out


def _address_plan(arch, network: str, catalog) -> dict | None:
    """The subnets this entry needs in this network mode, with the reference layout's prefixes."""
    ids = set(arch.components)
    if "virtual-network" not in ids:
        return None
    private = network in ("private", "landing-zone")
    fw = "firewall" in ids and network == "private"
    needed = {
        "privateEndpoints": True,
        "firewall": fw,
        "firewallManagement": fw and catalog.components["firewall"].sku == "Basic",
        "appService": bool({"app-service", "function-app"} & ids),
        "appGateway": "app-gateway" in ids,
        "apiManagement": "api-management" in ids and private and not naming.apim_internal(ids),
        "agents": "agent-service" in ids and private,
        "bastion": "jump-box" in ids and network == "private",  # a landing zone's Bastion is the hub's
        "jumpBox": "jump-box" in ids and private,
        # the inference router's internal load balancer needs the subnet in every mode
        "inference": "aks-inference" in ids,
        "apiManagementInternal": naming.apim_internal(ids),
        "databricksHost": "databricks" in ids,  # VNet injection in every mode
        "databricksContainer": "databricks" in ids,
        "dnsResolver": "dns-resolver" in ids and network == "private",  # a landing zone resolves in the hub
        "buildAgents": "build-agents" in ids and private,
    }
    subnets = [s for s in address_plan.SUBNETS if needed.get(s.key)]
    return {
        "virtual_network": None if network == "landing-zone" else address_plan.VIRTUAL_NETWORK,
        "subnets": {s.key: s.prefix for s in subnets},
    }


def _workload_policies(arch, workload: str) -> list[dict]:
    """The entry's own policy assignments, in the shape kit policies have (see kits.model)."""
    from ..kits.values import bicep_string, bicep_value, hcl_string, hcl_value

    params = {"effect": {"value": "Audit"}}
    out = []
    for p in arch.policies:
        definition = f"/providers/Microsoft.Authorization/policyDefinitions/{p['definition']}"
        display = f"{workload}: {p['title']}"
        why = "as the architecture's guidance recommends" if p.get("source") == "guidance" else "as the reference implementation does"
        description = f"Audits the {arch.id} workload's resource group ({p['component']}), {why}."
        out.append({
            "name": p["name"], "display_name": display, "description": description, "definition_id": definition,
            "parameters": {"effect": "Audit"}, "enforce": True, "non_compliance_message": None,
            "symbol": "policy" + "".join(s.capitalize() for s in p["name"].split("-")),
            "tf_name": p["name"].replace("-", "_"),
            "bicep": {"name": bicep_string(p["name"]), "display_name": bicep_string(display),
                      "description": bicep_string(description), "definition_id": bicep_string(definition),
                      "enforcement_mode": bicep_string("Default"), "parameters": bicep_value(params, 4), "message": None},
            "terraform": {"name": hcl_string(p["name"]), "display_name": hcl_string(display),
                          "description": hcl_string(description), "definition_id": hcl_string(definition),
                          "enforce": "true", "parameters": f"jsonencode({hcl_value(params, 2)})", "message": None},
        })
    return out


def module_file(module: str, iac: str) -> str:
    return f"infra/modules/{module}.bicep" if iac == "bicep" else f"infra/modules/{module}/main.tf"


def build_context(catalog: m.Catalog, answers, kit=None) -> dict:
    from ..catalog import options as catalog_options

    base = catalog.architecture(answers.architecture)
    chosen = getattr(answers, "options", ())
    arch = catalog_options.effective(base, chosen)
    env_code = naming.ENV_CODES[answers.environment]
    comps = [catalog.components[c] for c in arch.components]
    conv = kit.convention if kit else None  # a platform kit's naming pattern, or the built-in one
    names = naming.names_for(comps, answers.name, answers.environment, answers.name_suffix, convention=conv,
                             network=answers.network, supporting=catalog.supporting_types)
    private = answers.network in ("private", "landing-zone")
    roles_by_scope: dict[str, list] = {}
    user_roles_by_scope: dict[str, list] = {}  # people (type user): granted when a principal ID is given
    for ident in arch.identities:
        if ident.type == "user":
            for g in ident.roles:
                role = catalog.roles[g.role]
                entry = {"name": role.name, "id": role.id}
                if entry not in user_roles_by_scope.setdefault(g.scope, []):
                    user_roles_by_scope[g.scope].append(entry)
    principals = _workload_principals(
        arch, naming.abbreviation(catalog.components["managed-identity"], conv) if "managed-identity" in arch.components else "id")
    grants_by_scope: dict[str, list] = {}  # component -> [{principal, roles}], one per identity
    for ident, principal in zip((i for i in arch.identities if i.type == "user-assigned" and not i.module),
                                principals):
        # a module's own identity (module:) is granted there
        for g in ident.roles:
            role = catalog.roles[g.role]
            entry = {"name": role.name, "id": role.id}
            if entry not in roles_by_scope.setdefault(g.scope, []):
                roles_by_scope[g.scope].append(entry)
            grants = grants_by_scope.setdefault(g.scope, [])
            grant = next((x for x in grants if x["principal"] is principal), None)
            if grant is None:
                grant = {"principal": principal, "roles": []}
                grants.append(grant)
            if entry not in grant["roles"]:
                grant["roles"].append(entry)

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
            # A Functions app keeps its host state (queues, tables) in the workload storage: with
            # public access off it needs their private endpoints too (doc-processing's
            # doc-pipeline-data module adds them for its task hub itself).
            "host_endpoints": [{"group": g, "zone": f"privatelink.{g}.core.windows.net"} for g in ("queue", "table")]
            if pe and c.id == "storage" and "function-app" in arch.components
            and "doc-pipeline-data" not in arch.components else [],
            # Names the module derives (plan, public IPs, NSGs, private endpoint...), checked above.
            "derived": naming.derived_names(c, names.get(c.id), arch.components, answers.network,
                                            catalog.supporting_types),
            "diagnostics": c.diagnostics,
            "roles": roles_by_scope.get(c.id, []),  # every user-assigned identity's, for role lists
            "grants": grants_by_scope.get(c.id, []),  # the same roles, per identity that holds them
            "user_roles": user_roles_by_scope.get(c.id, []),
            "sizing": _sizing(_camel(c.id), _snake(c.id), arch.sizing.get(c.id, ()), answers.environment),
            "resources": [{"arm_type": r.arm_type, "api_version": r.api_version, "azurerm": list(r.azurerm),
                           "abbreviation": r.abbreviation} for r in c.resources],
            "file": module_file(c.module, answers.iac),
            # DNS zones and the egress firewall belong to private networking; a landing
            # zone's platform team owns both.
            "deployed": (c.id not in PRIVATE_ONLY or answers.network == "private")
            and (c.id not in PRIVATE_MODES_ONLY or private),
        })
    by_id = {c["id"]: c for c in components}
    diagram = _diagram(arch, by_id)
    workload_max = naming.workload_budget(comps, answers.name, answers.environment, answers.name_suffix, conv,
                                          answers.network, catalog.supporting_types)
    modules = list(dict.fromkeys(c["module"] for c in components))
    dns_zones = sorted({z for c in components if c["private_endpoint"] for z in c["private_endpoint"]["dns_zones"]}
                       | {h["zone"] for c in components for h in c["host_endpoints"]})
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
            "policies": [dict(p) for p in arch.policies],
            "flow": [dict(e) for e in arch.flow], "differences": list(arch.differences),
            "extras": list(arch.extras), "network_notes": arch.network_notes,
            "options": [{"id": o.id, "title": o.title, "components": list(o.components), "reason": o.reason,
                         "chosen": o.id in chosen} for o in base.options],
            "identities": [{"name": i.name, "type": i.type, "module": i.module, "compute": i.compute,
                            "roles": [vars(g) for g in i.roles]}
                           for i in arch.identities],
        },
        "iac": answers.iac, "bicep": answers.iac == "bicep", "terraform": answers.iac == "terraform",
        "network": answers.network, "private": private, "landing_zone": answers.network == "landing-zone",
        "public": answers.network == "public",
        "workload": answers.name, "workload_max": workload_max, "environment": answers.environment, "environment_code": env_code,
        "location": answers.location, "suffix": answers.name_suffix,
        "components": components, "component": by_id, "component_ids": list(by_id), "modules": modules,
        "dns_zones": dns_zones, "api": api,
        "environments": list(m.ENVIRONMENTS),
        "address_plan": _address_plan(arch, answers.network, catalog),
        # API Management fronted by Application Gateway: injected, internal, reached by its private name.
        "apim_internal": naming.apim_internal(arch.components),
        "diagram": diagram,
        # User-assigned identities main creates: the workload's, and one per compute that runs as its own.
        "principals": principals,
        "principal_for": {p["compute"]: p for p in principals if p["compute"]},
        # Roles the Foundry project's own identity holds on AI Search when no Agent Service module
        # wires the project (chat-basic): the ai-search module adds the project connection and them.
        "search_connection_roles": _search_connection_roles(catalog, arch),
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
        # the same tags as finished Bicep and HCL literals: user text never reaches code unescaped
        "tag_literals": [{"name": k, "value": v, "bicep_key": bicep_string(k), "bicep_value": bicep_string(v),
                          "hcl_key": hcl_string(k), "hcl_value": hcl_string(v)} for k, v in tags.items()],
        "checklists": checklists, "progress": progress,
        "areas": [{"area": a.area, "title": a.title, "page": a.page} for key in m.AREAS
                  for a in [catalog.areas.get(key)] if a],
        "kit": kit.context() if kit else None,
        "policies": kit.policies() if kit else [],  # the kit's (templates of earlier versions read this key)
        "workload_policies": _workload_policies(arch, answers.name),
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
