"""Resource names from one abbreviation table.

One pattern per naming style is rendered three ways: as a Python string (to check
every name against Azure's rules before anything is written), as a Bicep
interpolation and as a Terraform interpolation. The three cannot drift apart.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import InputError

ENV_CODES = {"dev": "dev", "test": "tst", "prod": "prd"}
WORKLOAD_RE = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
RESERVED = ("microsoft", "azure", "windows", "login", "xbox", "office")


def default_suffix(workload: str, environment: str, location: str) -> str:
    """Four deterministic characters that keep globally unique names unique."""
    digest = hashlib.sha256(f"{workload}|{environment}|{location}".encode()).hexdigest()
    return "".join(c for c in digest if c.isalnum())[:4]


def _parts(style: str, abbr: str, convention=None):
    if convention is not None:  # a platform kit's pattern (generator.kits.naming.Convention)
        return convention.parts(style, abbr)
    if style == "compact":
        return [("lit", abbr), ("workload_compact", None), ("env", None), ("suffix", None)]
    return [("lit", abbr + "-"), ("workload", None), ("lit", "-"), ("env", None), ("lit", "-"), ("suffix", None)]


def resolve(style: str, abbr: str, workload: str, env_code: str, suffix: str, convention=None) -> str:
    values = {"workload": workload, "workload_compact": workload.replace("-", ""), "env": env_code, "suffix": suffix}
    return "".join(v if k == "lit" else values[k] for k, v in _parts(style, abbr, convention))


def bicep_expr(style: str, abbr: str, convention=None) -> str:
    """A Bicep string expression over workloadName, environmentCode and nameSuffix."""
    refs = {"workload": "${workloadName}", "workload_compact": "${replace(workloadName, '-', '')}",
            "env": "${environmentCode}", "suffix": "${nameSuffix}"}
    return "'" + "".join(v if k == "lit" else refs[k] for k, v in _parts(style, abbr, convention)) + "'"


def terraform_expr(style: str, abbr: str, convention=None) -> str:
    refs = {"workload": "${var.workload_name}", "workload_compact": '${replace(var.workload_name, "-", "")}',
            "env": "${local.environment_code}", "suffix": "${var.name_suffix}"}
    return '"' + "".join(v if k == "lit" else refs[k] for k, v in _parts(style, abbr, convention)) + '"'


def check_workload_name(name: str) -> None:
    if not name:
        raise InputError("--name is empty", "give a short workload name such as contoso-chat")
    if any(ord(c) < 32 for c in name) or "/" in name or "\\" in name or ".." in name:
        raise InputError(f"--name {name!r} contains a path separator or control character",
                         "use lowercase letters, digits and single hyphens only")
    if not name.isascii():
        raise InputError(f"--name {name!r} contains non-ASCII characters",
                         "Azure resource names allow ASCII letters and digits only; transliterate it")
    if name != name.lower():
        raise InputError(f"--name {name!r} contains uppercase letters",
                         "storage and search names must be lowercase")
    if "{" in name or "%" in name or "}" in name:
        raise InputError(f"--name {name!r} contains template syntax", "use lowercase letters, digits and hyphens only")
    if not WORKLOAD_RE.match(name) or "--" in name:
        raise InputError(f"--name {name!r} is not a valid workload name",
                         "start with a letter, end with a letter or digit, and use only lowercase letters, digits and single hyphens (at least 2 characters)")
    for word in RESERVED:
        if word in name:
            raise InputError(f"--name {name!r} contains the reserved word {word!r}",
                             "Azure rejects names containing trademarked words for several resource types; choose another name")


def check_suffix(suffix: str) -> None:
    if not re.fullmatch(r"[a-z0-9]{3,6}", suffix or ""):
        raise InputError(f"name_suffix {suffix!r} is not 3-6 lowercase letters or digits",
                         "omit it to derive one, or pass --set name_suffix=abcd")


def abbreviation(component, convention=None) -> str:
    """The component's abbreviation, or a kit's override of it."""
    if convention is not None:
        return convention.abbreviations.get(component.id, component.abbreviation)
    return component.abbreviation


def names_for(components, workload: str, environment: str, suffix: str, convention=None,
              network=None, supporting=()) -> dict[str, str]:
    """The resolved name of every component, checked against its Azure naming rule, and so
    is every name its module derives from it (see `derived_names`)."""
    env_code = ENV_CODES[environment]
    names, problems = {}, []
    for c in components:
        if c.naming.style == "fixed":
            continue
        name = resolve(c.naming.style, abbreviation(c, convention), workload, env_code, suffix, convention)
        rule = c.naming
        if not (rule.min <= len(name) <= rule.max):
            budget = rule.max - (len(name) - len(workload))
            problems.append(f"{c.title} name {name!r} is {len(name)} characters; the rule for {c.arm_type} allows "
                            f"{rule.min}-{rule.max}, so --name may have at most {budget} characters")
        elif not re.fullmatch(rule.pattern, name):
            problems.append(f"{c.title} name {name!r} breaks the rule for {c.arm_type} (pattern {rule.pattern})")
        names[c.id] = name
    ids = [c.id for c in components]
    for c in components:
        for key, d in derived_names(c, names.get(c.id), ids, network, supporting).items():
            problem = _check_derived(f"{c.title} ({key})", d, workload)
            if problem:
                problems.append(problem)
    for prefix in _endpoint_prefixes(ids):
        name = f"{prefix}-{workload}-{env_code}-{suffix}"
        if len(name) > ENDPOINT_MAX or not re.fullmatch(ENDPOINT_PATTERN, name):
            problems.append(f"Machine Learning endpoint name {name!r} is {len(name)} characters; endpoint names are "
                            f"3-{ENDPOINT_MAX} letters, digits and hyphens, so --name may have at most "
                            f"{ENDPOINT_MAX - (len(name) - len(workload))} characters")
    if problems:
        raise InputError("--name " + repr(workload) + " yields invalid resource names:\n  - " + "\n  - ".join(problems),
                         "choose a shorter name made of lowercase letters, digits and single hyphens")
    return names


# Machine Learning endpoints: no CAF abbreviation, unique in the region (a DNS label there), so
# main builds `<prefix>-<workload>-<environment code>-<suffix>` (3-32 characters).
ENDPOINTS = {"aks-inference": ("score",), "ml-endpoints": ("online", "batch")}
ENDPOINT_MAX = 32
ENDPOINT_PATTERN = r"^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$"


def _endpoint_prefixes(component_ids) -> list[str]:
    return [p for cid, prefixes in ENDPOINTS.items() if cid in component_ids for p in prefixes]


# --- Names a module derives from its component's name -------------------------------
#
# Modules name the resources they add next to the main one (plans, public IPs, policies,
# NSGs, private endpoints) from the component's name, with the abbreviation components.yaml
# gives the added type. A shape is rendered three ways like the naming styles above:
# `{name}` is the component's name (Bicep `name`, Terraform `var.name`), `{base}` that name
# after its first hyphen (Bicep `baseName`, Terraform `local.base_name`). Templates take the
# Bicep and Terraform forms from the context (`c.derived[key]`), so the checked names and
# the rendered ones cannot drift apart.

_NET80 = r"^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$"
# Azure's naming rules for the derived types: (min, max, pattern). App Service plans use
# the naming tool's 40 characters, the stricter of the published limits.
DERIVED_RULES = {
    "Microsoft.Web/serverfarms": (1, 40, r"^[a-zA-Z0-9-]{1,40}$"),
    "Microsoft.Network/publicIPAddresses": (1, 80, _NET80),
    "Microsoft.Network/firewallPolicies": (1, 80, _NET80),
    "Microsoft.Network/routeTables": (1, 80, _NET80),
    "Microsoft.Network/ddosProtectionPlans": (1, 80, _NET80),
    "Microsoft.Network/bastionHosts": (1, 80, _NET80),
    "Microsoft.ManagedIdentity/userAssignedIdentities": (3, 128, r"^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$"),
    "Microsoft.Network/networkInterfaces": (1, 80, _NET80),
    "Microsoft.Insights/dataCollectionRules": (3, 44, r"^[a-zA-Z0-9][a-zA-Z0-9_-]{1,42}[a-zA-Z0-9]$"),
    "Microsoft.Network/networkSecurityGroups": (1, 80, _NET80),
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies":
        (1, 128, r"^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,126}[a-zA-Z0-9_])?$"),
    "Microsoft.Insights/autoscalesettings": (1, 260, r"^[^%&\\?/<>#]*[^%&\\?/<>#. ]$"),
    "Microsoft.Network/privateEndpoints": (2, 64, r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$"),
    "Microsoft.Network/natGateways": (1, 80, _NET80),
    "Microsoft.Databricks/accessConnectors": (3, 64, r"^[a-zA-Z0-9_-]{3,64}$"),
    "Microsoft.Sql/servers/databases": (1, 128, r"^(?!.*[.]$)(?!.* $)[^<>*%&:\\/?]{1,128}$"),
}
PRIVATE_ENDPOINT = "Microsoft.Network/privateEndpoints"
PRIVATE_MODES = ("private", "landing-zone")

# component id -> {key the templates use: (derived ARM type, shape)}
DERIVED = {
    "app-service": {"plan": ("Microsoft.Web/serverfarms", "{abbr}-{name}"),
                    "autoscale": ("Microsoft.Insights/autoscalesettings", "{abbr}-{name}")},
    "function-app": {"plan": ("Microsoft.Web/serverfarms", "{abbr}-{name}")},
    "app-gateway": {"waf": ("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies", "{abbr}-{base}"),
                    "pip": ("Microsoft.Network/publicIPAddresses", "{abbr}-{name}"),
                    "identity": ("Microsoft.ManagedIdentity/userAssignedIdentities", "{abbr}-{name}")},
    "jump-box": {"bastion": ("Microsoft.Network/bastionHosts", "{abbr}-{base}"),
                 "pip": ("Microsoft.Network/publicIPAddresses", "{abbr}-bas-{base}"),
                 "nic": ("Microsoft.Network/networkInterfaces", "{abbr}-{name}"),
                 "dcr": ("Microsoft.Insights/dataCollectionRules", "{abbr}-{name}")},
    "build-agents": {"dcr": ("Microsoft.Insights/dataCollectionRules", "{abbr}-{name}")},
    "virtual-network": {"ddos": ("Microsoft.Network/ddosProtectionPlans", "{abbr}-{base}")},
    # The egress route table is declared in the virtual-network module (same base).
    "firewall": {"policy": ("Microsoft.Network/firewallPolicies", "{abbr}-{base}"),
                 "pip": ("Microsoft.Network/publicIPAddresses", "{abbr}-{name}"),
                 "pip-mgmt": ("Microsoft.Network/publicIPAddresses", "{abbr}-{name}-mgmt"),
                 "route-table": ("Microsoft.Network/routeTables", "{abbr}-{base}")},
    "databricks": {"connector": ("Microsoft.Databricks/accessConnectors", "{abbr}-{base}")},
    "sql-database": {"database": ("Microsoft.Sql/servers/databases", "{abbr}-{base}")},
}
# The virtual-network module's NAT gateway (Databricks egress) and its public IP: only with Databricks.
NAT_DERIVED = {"nat": ("Microsoft.Network/natGateways", "{abbr}-{base}"),
               "pip-nat": ("Microsoft.Network/publicIPAddresses", "{abbr}-ng-{base}")}
# The virtual-network module's NSGs, one per workload subnet: subnet symbol -> (components
# that add the subnet, empty for always; network modes it exists in, None for all).
NSG_SUBNETS = {
    "privateEndpoints": ((), None),
    "appService": (("app-service", "function-app"), None),
    "appGateway": (("app-gateway",), None),
    "apiManagement": (("api-management",), PRIVATE_MODES),
    "agents": (("agent-service",), PRIVATE_MODES),
    # The inference router stays on an internal load balancer in every mode (public included).
    "inference": (("aks-inference",), None),
    "bastion": (("jump-box",), ("private",)),
    "jumpBox": (("jump-box",), PRIVATE_MODES),
    "apiManagementInternal": (("api-management",), None),
    "databricksHost": (("databricks",), None),
    "databricksContainer": (("databricks",), None),
    "dnsResolver": (("dns-resolver",), ("private",)),
    "buildAgents": (("build-agents",), PRIVATE_MODES),
}


def apim_internal(component_ids) -> bool:
    """API Management behind Application Gateway is injected into the network in internal mode,
    in every network mode, so the WAF is its only way in (the AML baseline's ingress chain)."""
    return {"api-management", "app-gateway", "virtual-network"} <= set(component_ids)


def _derived_entry(arm_type: str, shape: str, abbr: str, name: str) -> dict:
    parts = []
    for token in re.split(r"(\{name\}|\{base\})", shape.replace("{abbr}", abbr)):
        if token in ("{name}", "{base}"):
            parts.append((token[1:-1], None))
        elif token:
            parts.append(("lit", token))
    values = {"name": name, "base": name.split("-", 1)[-1]}
    bicep = {"name": "${name}", "base": "${baseName}"}
    tf = {"name": "${var.name}", "base": "${local.base_name}"}
    return {
        "arm_type": arm_type,
        "name": "".join(v if k == "lit" else values[k] for k, v in parts),
        "bicep": "'" + "".join(v if k == "lit" else bicep[k] for k, v in parts) + "'",
        "terraform": '"' + "".join(v if k == "lit" else tf[k] for k, v in parts) + '"',
    }


def derived_names(component, name, component_ids, network=None, supporting=()) -> dict[str, dict]:
    """{key: {arm_type, name, bicep, terraform}} for each name the component's module derives.

    ``network`` None means every mode (the most names). Private endpoints count in the
    private modes, the workload firewall's resources in private mode only. ``supporting``
    is the catalog's supporting types (where the private endpoint abbreviation lives).
    """
    if name is None:
        return {}
    abbrs = {r.arm_type: r.abbreviation for r in component.resources if r.abbreviation}
    out: dict[str, dict] = {}
    if component.id != "firewall" or network in (None, "private"):
        for key, (arm_type, shape) in DERIVED.get(component.id, {}).items():
            if key == "pip-mgmt" and component.sku != "Basic":
                continue  # only the Basic tier has a management IP configuration
            if network == "landing-zone" and (key == "ddos" or (component.id == "jump-box" and key in ("bastion", "pip"))):
                continue  # the platform's: DDoS plan and Bastion live in the hub
            out[key] = _derived_entry(arm_type, shape, abbrs[arm_type], name)
    if component.id == "virtual-network" and "databricks" in component_ids:
        for key, (arm_type, shape) in NAT_DERIVED.items():
            out[key] = _derived_entry(arm_type, shape, abbrs[arm_type], name)
    if component.id == "virtual-network":
        nsg = abbrs["Microsoft.Network/networkSecurityGroups"]
        for symbol, (needs, modes) in NSG_SUBNETS.items():
            if (needs and not set(needs) & set(component_ids)) or (modes and network is not None and network not in modes):
                continue
            if symbol.startswith("apiManagement") and apim_internal(component_ids) != (symbol == "apiManagementInternal"):
                continue
            out[f"nsg-{symbol}"] = _derived_entry("Microsoft.Network/networkSecurityGroups",
                                                  "{abbr}-{base}-" + symbol, nsg, name)
    pe_abbr = next((t.abbreviation for t in supporting if t.arm_type == PRIVATE_ENDPOINT and t.abbreviation), None)
    if component.private_endpoint and pe_abbr and (network is None or network in PRIVATE_MODES):
        out["pe"] = _derived_entry(PRIVATE_ENDPOINT, "{abbr}-{name}", pe_abbr, name)
        if len(component.private_endpoint.group_ids) > 1 and component.id == "databricks":
            # Databricks takes one group ID per endpoint: the second one is browser authentication.
            out["pe-auth"] = _derived_entry(PRIVATE_ENDPOINT, "{abbr}-{name}-auth", pe_abbr, name)
    return out


def _check_derived(title: str, d: dict, workload: str) -> str | None:
    lo, hi, pattern = DERIVED_RULES[d["arm_type"]]
    name = d["name"]
    if not (lo <= len(name) <= hi):
        return (f"{title} name {name!r} is {len(name)} characters; the rule for {d['arm_type']} allows "
                f"{lo}-{hi}, so --name may have at most {hi - (len(name) - len(workload))} characters")
    if not re.fullmatch(pattern, name):
        return f"{title} name {name!r} breaks the rule for {d['arm_type']} (pattern {pattern})"
    return None


def workload_budget(components, workload: str, environment: str, suffix: str, convention=None, network=None,
                    supporting=(), default: int = 24) -> int:
    """The longest workload name that keeps every name within its rule: the components'
    own and every name their modules derive.

    Measured with a hyphen-free stand-in of the same length, because compact names drop
    the workload's hyphens: 'contoso-chat' leaves one character of room in a storage
    account name that a 12-letter workload name does not have."""
    probe = "w" * len(workload)
    env_code = ENV_CODES[environment]
    ids = [c.id for c in components]
    budgets = []
    for c in components:
        if c.naming.style == "fixed":
            continue
        name = resolve(c.naming.style, abbreviation(c, convention), probe, env_code, suffix, convention)
        budgets.append(c.naming.max - (len(name) - len(probe)))
        for d in derived_names(c, name, ids, network, supporting).values():
            budgets.append(DERIVED_RULES[d["arm_type"]][1] - (len(d["name"]) - len(probe)))
    for prefix in _endpoint_prefixes(ids):
        budgets.append(ENDPOINT_MAX - len(f"{prefix}--{env_code}-{suffix}"))
    return min(budgets, default=default)
