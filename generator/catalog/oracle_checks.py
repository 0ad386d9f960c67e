"""Catalog facts proven against the offline oracles (Bicep type index, azurerm schema)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..oracles import load
from . import models as m


def check_against_oracles(catalog: m.Catalog, oracles_path: Path) -> list[Problem]:
    oracles = load(oracles_path)
    problems = []
    src = "catalog/components.yaml"
    for mapping in catalog.all_type_mappings():
        t = oracles.arm_type(mapping.arm_type)
        if t is None:
            problems.append(Problem(src, None, mapping.arm_type, "ARM type not in the Bicep type index"))
            continue
        if mapping.api_version not in t["api_versions"]:
            problems.append(Problem(src, None, mapping.arm_type,
                                    f"API version {mapping.api_version} does not exist (newest stable: {t['latest_stable']})"))
        for tf in mapping.azurerm:
            if tf.startswith("azapi_"):
                continue
            r = oracles.azurerm(tf)
            if r is None:
                problems.append(Problem(src, None, mapping.arm_type, f"azurerm type {tf} not in the azurerm {oracles.azurerm_version} schema"))
            elif r.get("deprecated"):
                problems.append(Problem(src, None, mapping.arm_type, f"azurerm type {tf} is deprecated"))
    return problems
