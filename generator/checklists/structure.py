"""Structural claims: shapes of the rendered code that no single property value shows.

* ``nsg-on-subnets``      every subnet except the platform ones has an NSG association;
* ``egress-to-firewall``  every subnet except the platform ones is associated with a route
                          table whose 0.0.0.0/0 route goes to a virtual appliance (the firewall);
* ``diagnostics TYPE``    a diagnostic setting on the TYPE resource of the file sends to a
                          Log Analytics workspace;
* ``role NAME``           the workload identity (or a compute's own) is granted the built-in role NAME (by its
                          role definition id) on a resource of the file.

Each check reads one file's text (Bicep through pycep, Terraform through python-hcl2) and
returns ``None`` when the shape is there, else one sentence naming what is missing.
"""

from __future__ import annotations

import re

from ..catalog.loader import COMPUTE_IDENTITY

# Subnets Azure reserves for platform services: they take no NSG (or Azure manages it) and
# must not be routed to the firewall they host. Application Gateway v2 subnets accept an NSG
# but not a 0.0.0.0/0 route to a virtual appliance, so they are exempt from the egress check;
# so is a DNS Private Resolver endpoint subnet, which only answers queries: a default route
# would send its replies to on-premises clients through the firewall, which drops them.
PLATFORM_SUBNETS = {"azurefirewallsubnet", "azurefirewallmanagementsubnet", "azurebastionsubnet",
                    "gatewaysubnet", "routeserversubnet"}
CHECKS = ("nsg-on-subnets", "egress-to-firewall", "diagnostics", "role")
# The workload identity's principal parameter, and each compute's own (one identity per function).
WORKLOAD_PRINCIPAL = ("workload_principal_id", "workloadPrincipalId",
                      *(c.replace("-", "_") + "_principal_id" for c in COMPUTE_IDENTITY),
                      *(c.split("-")[0] + "".join(p.capitalize() for p in c.split("-")[1:]) + "PrincipalId"
                        for c in COMPUTE_IDENTITY))


def _egress_exempt(name: str) -> bool:
    flat = name.lower().replace("-", "")
    return name.lower() in PLATFORM_SUBNETS or "appgateway" in flat or "dnsresolver" in flat


def run(check: str, arg: str, text: str, file: str, role_ids: dict[str, str] | None = None) -> str | None:
    """The problem with structural claim ``check`` (argument ``arg``) on ``text``, or None."""
    if check not in CHECKS:
        return f"unknown check {check!r} (known: {', '.join(CHECKS)})"
    bicep = file.endswith(".bicep")
    view = _BicepView(text, file) if bicep else _TerraformView(text, file)
    if view.error:
        return view.error
    if check == "nsg-on-subnets":
        subnets = view.subnets()
        if not subnets:
            return "declares no subnet"
        bare = sorted(s for s, info in subnets.items() if s.lower() not in PLATFORM_SUBNETS and not info["nsg"])
        return f"subnet(s) {', '.join(bare)} have no NSG association" if bare else None
    if check == "egress-to-firewall":
        subnets = view.subnets()
        if not subnets:
            return "declares no subnet"
        tables = view.default_routes()
        bad = []
        for name, info in sorted(subnets.items()):
            if _egress_exempt(name):
                continue
            if not info["route_table"]:
                bad.append(f"{name} has no route table")
            elif info["route_table"] not in tables:
                bad.append(f"{name}'s route table {info['route_table']} sends 0.0.0.0/0 to no virtual appliance")
        return "; ".join(bad) if bad else None
    if check == "diagnostics":
        return view.diagnostics(arg)
    role_id = (role_ids or {}).get(arg)
    if role_id is None:
        return f"unknown built-in role {arg!r}"
    return view.role(arg, role_id)


class _TerraformView:
    def __init__(self, text: str, file: str):
        from ..validate.terraform import parse_text

        blocks, _ = parse_text(text, file)
        self.error = None if blocks is not None else "cannot be parsed"
        self.resources = [b for b in blocks or [] if b.type == "resource" and len(b.labels) == 2]
        self.locals = [b for b in blocks or [] if b.type == "locals"]

    def of(self, type_: str):
        return [b for b in self.resources if b.labels[0] == type_]

    @staticmethod
    def _ref(value, type_: str) -> str | None:
        m = re.search(rf"\b{re.escape(type_)}\.([A-Za-z0-9_-]+)\.id\b", str(value or ""))
        return m.group(1) if m else None

    def subnets(self) -> dict[str, dict]:
        by_label = {}
        for b in self.of("azurerm_subnet"):
            name = b.attrs["name"].value if "name" in b.attrs else b.labels[1]
            by_label[b.labels[1]] = (str(name), {"nsg": False, "route_table": None})
        for a in self.of("azurerm_subnet_network_security_group_association"):
            label = self._ref(a.attrs.get("subnet_id") and a.attrs["subnet_id"].value, "azurerm_subnet")
            if label in by_label:
                by_label[label][1]["nsg"] = True
        for a in self.of("azurerm_subnet_route_table_association"):
            label = self._ref(a.attrs.get("subnet_id") and a.attrs["subnet_id"].value, "azurerm_subnet")
            table = self._ref(a.attrs.get("route_table_id") and a.attrs["route_table_id"].value, "azurerm_route_table")
            if label in by_label:
                by_label[label][1]["route_table"] = table or "(not a route table of this file)"
        return dict(by_label.values())

    def default_routes(self) -> set[str]:
        out = set()
        for t in self.of("azurerm_route_table"):
            for r in t.children("route"):
                v = {k: a.value for k, a in r.attrs.items()}
                if v.get("address_prefix") == "0.0.0.0/0" and v.get("next_hop_type") == "VirtualAppliance" \
                        and v.get("next_hop_in_ip_address"):
                    out.add(t.labels[1])
        for r in self.of("azurerm_route"):  # a route declared as its own resource
            v = {k: a.value for k, a in r.attrs.items()}
            m = re.search(r"\bazurerm_route_table\.([A-Za-z0-9_-]+)\.name\b", str(v.get("route_table_name") or ""))
            if m and v.get("address_prefix") == "0.0.0.0/0" and v.get("next_hop_type") == "VirtualAppliance" \
                    and v.get("next_hop_in_ip_address"):
                out.add(m.group(1))
        return out

    def diagnostics(self, type_: str) -> str | None:
        targets = {b.labels[1] for b in self.of(type_)}
        if not targets:
            return f"declares no {type_}"
        for d in self.of("azurerm_monitor_diagnostic_setting"):
            target = self._ref(d.attrs.get("target_resource_id") and d.attrs["target_resource_id"].value, type_)
            if target in targets and "log_analytics_workspace_id" in d.attrs and d.attrs["log_analytics_workspace_id"].value:
                return None
        return f"no azurerm_monitor_diagnostic_setting sends {type_} logs to a Log Analytics workspace"

    def role(self, name: str, role_id: str) -> str | None:
        from ..validate.terraform import walk_strings

        grants = [b for b in self.of("azurerm_role_assignment")
                  if "principal_id" in b.attrs and any(p in str(b.attrs["principal_id"].value) for p in WORKLOAD_PRINCIPAL)]
        if not grants:
            return "no azurerm_role_assignment grants a role to the workload identity"
        # A grant that loops over a local map holds that map's roles; only those count, so a
        # role left in a map no assignment uses (or another identity's map) does not.
        local_maps = {k: a.value for b in self.locals for k, a in b.attrs.items()}
        seen = []
        for b in grants:
            loop = re.fullmatch(r"\$\{local\.(\w+)\}", str(b.attrs["for_each"].value)) if "for_each" in b.attrs else None
            if loop and loop.group(1) in local_maps:
                seen += [*walk_strings(local_maps[loop.group(1)]), *(local_maps[loop.group(1)] or {})]
            else:
                seen += [s for a in b.attrs.values() for s in walk_strings(a.value)]
                seen += [s for lb in self.locals for a in lb.attrs.values() for s in walk_strings(a.value)]
        if not any(role_id in s or s == name for s in seen):
            return f"the workload identity's role assignments do not include {name} ({role_id})"
        return None


class _BicepView:
    def __init__(self, text: str, file: str):
        from ..validate.bicep import _parse_text, resources

        try:
            data = _parse_text(text)
        except Exception:  # noqa: BLE001 - pycep raises a variety of parse errors
            data = None
        self.error = None if data else "cannot be parsed"
        # role ids sit in string literals; a commented-out one must not count
        self.code = re.sub(r"/\*.*?\*/", "", re.sub(r"(?m)//[^\n]*$", "", text), flags=re.S)

        class _BF:  # the slice of BicepFile that ``resources`` reads
            pass

        bf = _BF()
        bf.data, bf.lines = data, text.splitlines()
        self.resources = [(sym, t, body) for sym, t, _v, existing, body, _a, _b in (resources(bf) if data else [])
                          if not existing and isinstance(body, dict)]
        self.variables = (data or {}).get("variables") or {}

    @staticmethod
    def _ref(value) -> str | None:
        """The symbol a reference such as ``nsg.id`` names (pycep: a property accessor)."""
        if isinstance(value, dict):
            op = value.get("operator") or {}
            if op.get("type") == "property_accessor":
                return str((op.get("operands") or {}).get("operand_1"))
            for v in value.values():
                got = _BicepView._ref(v)
                if got:
                    return got
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.id)?", value):
            return value.split(".")[0]
        return None

    def of(self, type_: str):
        return [(s, b) for s, t, b in self.resources if t.lower() == type_.lower()]

    def subnets(self) -> dict[str, dict]:
        out = {}

        def add(body):
            props = body.get("properties") or {}
            rt = props.get("routeTable")
            out[str(body.get("name"))] = {
                "nsg": bool(props.get("networkSecurityGroup")),
                "route_table": (self._ref(rt.get("id")) if isinstance(rt, dict) else None) if rt else None}

        for _s, body in self.of("Microsoft.Network/virtualNetworks/subnets"):
            add(body)
        for _s, body in self.of("Microsoft.Network/virtualNetworks"):
            for sub in (body.get("properties") or {}).get("subnets") or []:
                if isinstance(sub, dict):
                    add(sub)
        return out

    def default_routes(self) -> set[str]:
        out = set()
        for sym, body in self.of("Microsoft.Network/routeTables"):
            for r in (body.get("properties") or {}).get("routes") or []:
                p = (r or {}).get("properties") or {}
                if p.get("addressPrefix") == "0.0.0.0/0" and p.get("nextHopType") == "VirtualAppliance" \
                        and p.get("nextHopIpAddress"):
                    out.add(sym)
        for _sym, body in self.of("Microsoft.Network/routeTables/routes"):  # a route as its own resource
            p = (body or {}).get("properties") or {}
            parent = body.get("parent")
            parent = parent if isinstance(parent, str) else self._ref(parent)
            if parent and p.get("addressPrefix") == "0.0.0.0/0" and p.get("nextHopType") == "VirtualAppliance" \
                    and p.get("nextHopIpAddress"):
                out.add(parent)
        return out

    def diagnostics(self, type_: str) -> str | None:
        targets = {s for s, _b in self.of(type_)}
        if not targets:
            return f"declares no {type_}"
        for _s, d in self.of("Microsoft.Insights/diagnosticSettings"):
            if self._ref(d.get("scope")) in targets and (d.get("properties") or {}).get("workspaceId"):
                return None
        return f"no Microsoft.Insights/diagnosticSettings sends {type_} logs to a Log Analytics workspace"

    def role(self, name: str, role_id: str) -> str | None:
        grants = [(s, b) for s, b in self.of("Microsoft.Authorization/roleAssignments")
                  if any(p in str((b.get("properties") or {}).get("principalId")) for p in WORKLOAD_PRINCIPAL)]
        if not grants:
            return "no Microsoft.Authorization/roleAssignments grants a role to the workload identity"
        # A grant that loops over a variable holds that list's roles; only those count, so a role
        # left in a list no assignment uses (or in another identity's list) does not.
        held = []
        for sym, body in grants:
            loop = re.search(rf"^resource {re.escape(sym)} '[^']*' = \[for \w+ in (\w+):", self.code, re.M)
            if loop and loop.group(1) in self.variables:
                held.append(str((self.variables[loop.group(1)] or {}).get("value")))
            else:
                held.append(str(body) if not loop else self.code)
        if not any(role_id in h for h in held):
            return f"the workload identity's role assignments do not include {name} ({role_id})"
        return None

