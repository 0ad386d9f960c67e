"""`archkit oracles status`: which index validation uses, from where, how old, built from what."""

from __future__ import annotations

import time
from pathlib import Path

from . import ORIGINS, SHIPPED, Oracles, locate, problem, user_dir


def _days_since(stamp: str | None) -> int | None:
    if not stamp:
        return None
    try:
        then = time.mktime(time.strptime(stamp[:10], "%Y-%m-%d"))
    except ValueError:
        return None
    return int((time.time() - then) // 86400)


def _summary(root: Path) -> dict:
    prov = Oracles(root).provenance
    arm, tf = prov.get("arm") or {}, prov.get("azurerm") or {}
    return {
        "path": str(root), "format": prov.get("format"), "built_at": prov.get("built_at"),
        "built_days_ago": _days_since(prov.get("built_at")),
        "arm": {"source_repo": arm.get("source_repo"), "ref": arm.get("ref"), "commit": arm.get("commit"),
                "commit_date": arm.get("commit_date"), "source_days_old": _days_since(arm.get("commit_date") or arm.get("fetched_at")),
                "types": arm.get("types"), "namespaces": len(arm.get("namespaces") or []),
                "namespaces_missing": list(arm.get("namespaces_missing") or []), "licence": arm.get("licence"),
                "via": arm.get("via")},
        "azurerm": {"provider_version": tf.get("provider_version"), "resources": tf.get("resources"),
                    "data_sources": tf.get("data_sources"), "source_repo": tf.get("source_repo"),
                    "licence": tf.get("licence"), "via": tf.get("via")},
    }


def status(explicit=None) -> dict:
    found = locate(explicit)
    user = user_dir()
    user_state = "absent"
    if (user / "PROVENANCE.json").exists():
        why = problem(user)
        user_state = f"ignored: {why}" if why else "present"
    result = {"in_use": None, "origin": None, "origin_label": None, "overrides_shipped": False,
              "user_index": {"path": str(user), "state": user_state}, "shipped": None, "notes": []}
    if problem(SHIPPED) is None:
        result["shipped"] = _summary(SHIPPED)
    if found is None:
        result["notes"].append("no oracle index found: validation cannot check Azure types or azurerm arguments")
        return result
    result.update(in_use=_summary(found.path), origin=found.origin, origin_label=ORIGINS[found.origin],
                  overrides_shipped=found.origin != "shipped", notes=list(found.notes))
    return result
