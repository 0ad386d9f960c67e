"""Every "not generated" reason that talks about types agrees with the oracles.

A reason that says a component has "no ARM type", is "not in our oracle set" or has "no azurerm
resource" is a claim about the oracles; so is a reason that names a type. The table below says
which types each such component would need, so the claim can be checked: a missing-type claim holds
only if none of them is in the oracles, and every type a reason names must exist (or, for a
"no azurerm resource" claim, must be absent from azurerm).
"""

from __future__ import annotations

import re

import pytest

NO_ARM = re.compile(r"no ARM type|not in our oracle set|no ARM resource type|not in the Bicep type index", re.I)
NO_AZURERM = re.compile(r"no azurerm resource", re.I)
ARM_NAME = re.compile(r"\bMicrosoft\.[A-Za-z]+(?:/[A-Za-z]+)+")
AZURERM_NAME = re.compile(r"\bazurerm_[a-z0-9_]+")

# (entry, not-generated name) -> the ARM types and azurerm resources the component would need.
NEEDS = {
    ("chat-basic", "Grounding with Bing Search"): {"arm": ["Microsoft.Bing/accounts"]},
    ("chat-baseline", "Grounding with Bing Search"): {"arm": ["Microsoft.Bing/accounts"]},
    ("chat-baseline-alz", "Grounding with Bing Search"): {"arm": ["Microsoft.Bing/accounts"]},
    ("churn-prediction", "Azure Analysis Services"): {
        "arm": ["Microsoft.AnalysisServices/servers"]},
    ("mlops-v2", "Azure Arc-enabled Kubernetes targets"): {"arm": ["Microsoft.Kubernetes/connectedClusters"]},
}


def _claims(catalog):
    for arch in catalog.architectures.values():
        for item in arch.not_generated:
            reason = item["reason"]
            if NO_ARM.search(reason) or NO_AZURERM.search(reason) or ARM_NAME.search(reason) \
                    or AZURERM_NAME.search(reason):
                yield arch.id, item["name"], reason


def test_every_missing_type_claim_is_true(catalog, arm, azurerm):
    checked = 0
    for arch_id, name, reason in _claims(catalog):
        if not (NO_ARM.search(reason) or NO_AZURERM.search(reason)):
            continue
        needs = NEEDS.get((arch_id, name))
        assert needs, (f"{arch_id}: not_generated {name!r} claims a missing type ({reason!r}); "
                       "add the types it needs to NEEDS in this test so the claim is checked")
        if NO_ARM.search(reason):
            present = [t for t in needs.get("arm", []) if t.lower() in arm]
            assert needs.get("arm") and not present, f"{arch_id}: {name!r} says {reason!r}, but the index has {present}"
        if NO_AZURERM.search(reason):
            present = [t for t in needs.get("azurerm", []) if t in azurerm]
            assert needs.get("azurerm") and not present, f"{arch_id}: {name!r} says {reason!r}, but azurerm has {present}"
        checked += 1
    assert checked >= len(NEEDS)


def test_types_named_in_reasons_exist(catalog, arm, azurerm):
    for arch_id, name, reason in _claims(catalog):
        said_missing = NEEDS.get((arch_id, name), {}).get("arm", []) if NO_ARM.search(reason) else []
        for t in ARM_NAME.findall(reason):
            if t in said_missing:
                assert t.lower() not in arm, f"{arch_id}: {name!r} says the index lacks {t}, but it has it"
            else:
                assert t.lower() in arm, f"{arch_id}: {name!r} names {t}, which the ARM index lacks"
        for r in AZURERM_NAME.findall(reason):
            if NO_AZURERM.search(reason):
                assert r not in azurerm, f"{arch_id}: {name!r} says azurerm lacks {r}, but 4.79 has it"
            else:
                assert r in azurerm, f"{arch_id}: {name!r} names {r}, which azurerm 4.79 lacks"


@pytest.mark.parametrize("key", sorted(NEEDS), ids=lambda k: f"{k[0]}:{k[1][:30]}")
def test_table_rows_name_real_not_generated_items(key, catalog):
    """A row for an item that was renamed or is generated now would check nothing."""
    arch_id, name = key
    names = [x["name"] for x in catalog.architecture(arch_id).not_generated]
    assert name in names, f"{arch_id} has no not_generated item {name!r}; update NEEDS"


def test_the_check_catches_a_false_claim(catalog, arm):
    """The AKS inference tier is in the index, so a 'no ARM type' reason for it must fail."""
    assert "microsoft.containerservice/managedclusters" in arm
    assert NO_ARM.search("no ARM type in our oracle set; add it yourself")
    assert not [t for t in ["Microsoft.Bing/accounts"] if t.lower() in arm]
