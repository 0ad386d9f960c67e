"""Our naming table and region list, proven against the naming rules and region names carried in
tests/data/reference-facts.json (from the Azure naming tool; see its provenance)."""

from __future__ import annotations

import re

import pytest

from generator.render import naming

# Where the naming tool's data differs from Microsoft's "Naming rules and restrictions" page,
# the page wins: AI Search has no entry with a regex; the Application Gateway regex caps names
# at 24 characters while the page (and the tool's own lengthMax) allow 80; App Insights' regex
# is a deny-list we mirror loosely.
PAGE_OVERRIDES = {"Microsoft.Search/searchServices", "Microsoft.Insights/components",
                  "Microsoft.Network/applicationGateways"}
# CAF's abbreviation page uses `cosmos` for Cosmos DB accounts; the naming tool says `dbact`.
ABBREVIATION_OVERRIDES = {"cosmos-db": "cosmos"}


def _rule(rules, arm_type, use=None):
    provider_relative = arm_type.split(".", 1)[1]
    for r in rules:
        if r["resource"].lower() == provider_relative.lower() and (use is None or r.get("property") == use):
            return r
    return None


USES = {"app-service": "Web App", "function-app": "Function App", "storage": "", "sql-database": "Azure SQL Database Server"}


def test_component_abbreviations_and_lengths_match_the_naming_rules(catalog, naming_rules):
    for c in catalog.components.values():
        if c.naming.style == "fixed" or c.arm_type in PAGE_OVERRIDES:
            continue
        rule = _rule(naming_rules, c.arm_type, USES.get(c.id)) or _rule(naming_rules, c.arm_type)
        assert rule is not None, c.arm_type
        expected = ABBREVIATION_OVERRIDES.get(c.id, rule["ShortName"])
        if c.module != "ai-services" and c.id != "ai-foundry":  # one account type, several CAF abbreviations
            assert c.abbreviation == expected, (c.id, c.abbreviation, expected)
        assert int(rule["lengthMax"]) >= c.naming.max, c.id


@pytest.mark.parametrize("workload", ["ab", "contoso-chat", "x1-y2", "ml"])
@pytest.mark.parametrize("env", ["dev", "test", "prod"])
def test_every_generated_name_passes_the_shared_regex(catalog, naming_rules, workload, env):
    comps = list(catalog.components.values())
    try:
        names = naming.names_for(comps, workload, env, "ab12")
    except Exception:
        pytest.fail(f"{workload!r} should fit every rule")
    for c in comps:
        if c.id not in names or c.arm_type in PAGE_OVERRIDES:
            continue
        rule = _rule(naming_rules, c.arm_type, USES.get(c.id)) or _rule(naming_rules, c.arm_type)
        assert re.fullmatch(rule["regx"], names[c.id]), (c.id, names[c.id], rule["regx"])


def test_rendering_refuses_names_that_break_a_rule(catalog):
    from generator.errors import InputError

    with pytest.raises(InputError, match="Key Vault"):
        naming.names_for(list(catalog.components.values()), "a-very-long-workload", "prod", "ab12")


def test_regions_are_real_azure_regions(catalog, facts):
    assert set(catalog.regions) <= set(facts["regions"])
    assert {"swedencentral", "westeurope", "eastus2"} <= set(catalog.regions)


def test_bicep_and_terraform_name_expressions_agree_with_python():
    for style in ("hyphen", "compact"):
        expected = naming.resolve(style, "kv", "contoso-chat", "prd", "ab12")
        b = naming.bicep_expr(style, "kv").strip("'")
        b = b.replace("${replace(workloadName, '-', '')}", "contosochat").replace("${workloadName}", "contoso-chat")
        b = b.replace("${environmentCode}", "prd").replace("${nameSuffix}", "ab12")
        t = naming.terraform_expr(style, "kv").strip('"')
        t = t.replace('${replace(var.workload_name, "-", "")}', "contosochat").replace("${var.workload_name}", "contoso-chat")
        t = t.replace("${local.environment_code}", "prd").replace("${var.name_suffix}", "ab12")
        assert b == expected == t
