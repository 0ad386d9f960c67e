"""Azure Resource Graph queries from checklist claims, in the review-checklists form:

    resources | where type =~ 'microsoft.x/y' | extend compliant = (...) | project id, compliant

A cited claim names a file, a property path and a value; the catalog claim behind it gives
the ARM type and ARM property path (Terraform repositories are checked on the deployed ARM
resource too). Claims on the same type join into one condition with ``and``; an item whose
claims span several types unions one query per type. What Resource Graph does not hold
(diagnostic settings, child resources such as blob services) gets no query: verify reports
such items as "no query".
"""

from __future__ import annotations

import re

from .structure import PLATFORM_SUBNETS

# ARM arrays the claims fan out through: a claim on an element holds if any element matches
_ARRAYS = {"managedRuleSets", "routes", "subnets", "securityRules", "ipConfigurations"}
_TOP_COLUMNS = {"kind", "sku", "identity", "location", "tags", "name", "properties"}


def module_of(file: str) -> str | None:
    m = re.match(r"^infra/modules/(?P<m>[a-z0-9-]+)(?:\.bicep|/main\.tf)$", file)
    return m["m"] if m else None


def catalog_claims(catalog, cited) -> list:
    """The catalog claims a cited checklist claim stands for (one text may stand for several:
    `identity.type = SystemAssigned` on a Foundry account and on its project)."""
    from ..validate.claims import normalise

    module = module_of(cited.file)
    # structural claims on subnets cite the virtual network file whichever module makes them
    mine = [catalog.claims.get(module, ())] if module and not cited.check else list(catalog.claims.values())
    out = []
    for claims in mine:
        for c in claims:
            if cited.check:
                if c.check == cited.check and c not in out:
                    out.append(c)
            elif c.bicep_resource and any(cited.path == p and normalise(cited.value) == normalise(v) for p, v in
                                          ((c.bicep_path, c.bicep_value), (c.terraform_path, c.terraform_value))):
                if all((o.bicep_resource, o.bicep_path) != (c.bicep_resource, c.bicep_path) for o in out):
                    out.append(c)
    return out


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def condition(path: str, value) -> str:
    """A KQL boolean that is true when ``path`` of a resource row has ``value``."""
    parts = path.split(".")
    for i, part in enumerate(parts[:-1]):
        if part in _ARRAYS:  # any element of the array carries the value
            prefix = ".".join(parts[: i + 1])
            leaf = ".".join(parts[i + 1:])
            if isinstance(value, str):
                needle = f'"{leaf.split(".")[-1]}":"{value}"'
            else:
                needle = f'"{leaf.split(".")[-1]}":{_literal(value)}'
            return f"tostring({prefix}) contains {_literal(needle)}"
    if parts[0] not in _TOP_COLUMNS:
        path = "properties." + path
    if isinstance(value, bool):
        return f"tobool({path}) == {_literal(value)}"
    if isinstance(value, (int, float)):
        return f"todouble({path}) == {_literal(value)}"
    return f"tostring({path}) =~ {_literal(value)}"


def _resource_query(arm_type: str, conditions: list[str]) -> str:
    cond = " and ".join(f"({c})" for c in dict.fromkeys(conditions))
    return f"resources | where type =~ '{arm_type.lower()}' | extend compliant = ({cond}) | project id, compliant"


def structural_query(check: str, arg: str, role_ids: dict[str, str]) -> str | None:
    platform = ", ".join(f"'{s}'" for s in sorted(PLATFORM_SUBNETS))
    if check == "nsg-on-subnets":
        return ("resources | where type =~ 'microsoft.network/virtualnetworks' | mv-expand subnet = properties.subnets"
                f" | where tolower(tostring(subnet.name)) !in ({platform})"
                " | extend compliant = (isnotempty(tostring(subnet.properties.networkSecurityGroup.id)))"
                " | project id = tostring(subnet.id), compliant")
    if check == "egress-to-firewall":
        return ("resources | where type =~ 'microsoft.network/virtualnetworks' | mv-expand subnet = properties.subnets"
                f" | where tolower(tostring(subnet.name)) !in ({platform}) and tolower(tostring(subnet.name)) !contains 'appgateway'"
                " and tolower(tostring(subnet.name)) !contains 'dnsresolver'"
                " | extend compliant = (isnotempty(tostring(subnet.properties.routeTable.id)))"
                " | project id = tostring(subnet.id), compliant")
    if check == "role" and arg in role_ids:
        return ("authorizationresources | where type =~ 'microsoft.authorization/roleassignments'"
                f" | extend compliant = (tostring(properties.roleDefinitionId) endswith '{role_ids[arg]}')"
                " | where compliant | project id, compliant")
    return None  # diagnostic settings are not in Resource Graph


def item_query(catalog, cited_claims) -> tuple[str | None, list[dict]]:
    """(the item's ``graph`` string or None, one record per cited claim: what was queried)."""
    role_ids = {r.name: r.id for r in catalog.roles.values()}
    by_type: dict[str, list[str]] = {}
    extra: list[str] = []
    records = []
    for cited in cited_claims:
        if cited.check:
            q = structural_query(cited.check, cited.value, role_ids)
            if q and q not in extra:
                extra.append(q)
            records.append({"claim": cited.text, "type": None, "path": None, "query": q})
            continue
        matches = catalog_claims(catalog, cited)
        top = [c for c in matches if c.bicep_resource.count("/") == 1]  # child resources are not rows of `resources`
        for c in top:
            by_type.setdefault(c.bicep_resource, []).append(condition(c.bicep_path, c.bicep_value))
        first = (top or matches or [None])[0]
        records.append({"claim": cited.text, "type": first.bicep_resource if first else None,
                        "path": first.bicep_path if first else None, "query": None, "queried": bool(top)})
    queries = [_resource_query(t, conds) for t, conds in sorted(by_type.items())] + extra
    for r in records:
        if r.pop("queried", False) and r["type"] in by_type:
            r["query"] = _resource_query(r["type"], by_type[r["type"]])
    if not queries:
        return None, records
    graph = queries[0] + "".join(f" | union ({q})" for q in queries[1:])
    return graph, records


def balanced(query: str) -> bool:
    """Brackets balance and quotes close (quotes inside a string do not count)."""
    stack, quote, i = [], None, 0
    pairs = {")": "(", "]": "[", "}": "{"}
    while i < len(query):
        ch = query[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        i += 1
    return not stack and quote is None
