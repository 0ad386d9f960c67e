"""The shipped catalog: ids, components, links, design areas, and oracle facts."""

from __future__ import annotations

import re

from generator.catalog.models import AREAS, RESOURCE_GROUP_SCOPE

SEED_IDS = {
    "generative": {"chat-baseline-alz", "chat-baseline", "chat-basic", "genaiops", "rag", "ai-gateway"},
    "nongenerative": {"aml-baseline", "doc-processing", "video-analysis", "call-center-analytics",
                      "churn-prediction", "mlops-v2", "tdsp"},
}
URL = re.compile(r"^https://(learn\.microsoft\.com|github\.com)/\S+$")


def test_the_thirteen_seed_entries_with_their_categories(catalog):
    for category, ids in SEED_IDS.items():
        got = {a.id for a in catalog.architectures.values() if a.category == category}
        assert got == ids


def test_every_entry_deploys_components_and_links_to_guidance(catalog):
    for a in catalog.architectures.values():
        assert a.components, a.id
        assert a.links["current"].startswith("https://learn.microsoft.com/"), a.id
        for key in ("current", "seed", "reference_implementation"):
            if a.links.get(key):
                assert URL.match(a.links[key]), (a.id, key)
        assert a.network_default in a.network_supported
        assert a.data_flow and a.identities


def test_landing_zone_mode_only_where_the_catalog_allows_it(catalog):
    with_lz = {a.id for a in catalog.architectures.values() if "landing-zone" in a.network_supported}
    assert with_lz == {"chat-baseline-alz"}


def test_eighty_four_design_area_items_with_stable_ids(catalog):
    items = list(catalog.items())
    ids = [i.id for i in items]
    assert len(ids) == 84 and len(set(ids)) == 84
    prefixes = {"resource-selection": "RES", "networking": "NET", "governance": "GOV",
                "management": "MGT", "security": "SEC"}
    counts = {}
    for item in items:
        assert item.id.startswith(prefixes[item.area] + "-")
        assert item.severity in ("high", "medium", "low")
        assert item.applies_to in ("generative", "nongenerative", "both")
        assert item.iac in ("yes", "partly", "no")
        assert URL.match(item.link) and "#" in item.link, item.id
        counts[item.area] = counts.get(item.area, 0) + 1
    assert set(counts) == set(AREAS)
    assert counts == {"resource-selection": 11, "networking": 9, "governance": 28, "management": 14, "security": 22}


def test_recommendations_match_the_reference_ids_and_links(catalog, facts):
    assert {i.id: i.link for i in catalog.items()} == facts["recommendations"]


def test_component_types_and_api_versions_exist_in_the_oracles(catalog, arm, azurerm):
    for mapping in catalog.all_type_mappings():
        t = arm.get(mapping.arm_type.lower())
        assert t is not None, mapping.arm_type
        assert mapping.api_version in t["api_versions"], (mapping.arm_type, mapping.api_version)
        for tf in mapping.azurerm:
            if tf.startswith("azapi_"):
                continue
            assert tf in azurerm, tf
            assert not azurerm[tf].get("deprecated"), tf


def test_api_versions_are_the_newest_stable_unless_commented(catalog, arm):
    source = (catalog.root / "components.yaml").read_text()
    for mapping in catalog.all_type_mappings():
        newest = arm[mapping.arm_type.lower()]["latest_stable"]
        if mapping.api_version != newest:
            # a pinned older or preview version must say why, next to it
            assert re.search(rf'api_version: "{mapping.api_version}".*#|#.*\n\s*api_version: "{mapping.api_version}"', source), mapping.arm_type


def test_roles_referenced_by_entries_exist(catalog):
    for a in catalog.architectures.values():
        for ident in a.identities:
            for grant in ident.roles:
                assert grant.role in catalog.roles
                assert (grant.scope in a.components + tuple(c for o in a.options for c in o.components)
                        or grant.scope == RESOURCE_GROUP_SCOPE)
