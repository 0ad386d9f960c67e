"""Read-only questions about the catalog, shaped for the CLI."""

from __future__ import annotations

from ..errors import InputError
from . import load_catalog
from . import models as m


def applicable_items(catalog: m.Catalog, arch: m.Architecture, include_retired: bool = False) -> list[m.Item]:
    """Design-area items that apply to an entry: by category and by the components it deploys."""
    have = set(arch.components)
    items = []
    for item in catalog.items(include_retired=include_retired):
        if item.applies_to not in ("both", arch.category):
            continue
        if item.services and not have.intersection(item.services):
            continue
        items.append(item)
    items.extend(arch.checklist_items)
    return items


def filter_architectures(category=None, kind=None, service=None, catalog=None):
    catalog = catalog or load_catalog()
    if category and category not in ("generative", "nongenerative"):
        raise InputError(f"--category {category!r}: expected generative or nongenerative")
    if kind and kind not in ("architecture", "guide"):
        raise InputError(f"--kind {kind!r}: expected architecture or guide")
    wanted = None
    if service:
        wanted = {c.id for c in catalog.components.values() if c.matches_service(service)}
        if not wanted:
            services = sorted({c.service for c in catalog.components.values()})
            raise InputError(f"--service {service!r} matches no component",
                             f"try one of: {', '.join(services)}")
    out = []
    for a in catalog.architectures.values():
        if category and a.category != category:
            continue
        if kind and a.kind != kind:
            continue
        if wanted is not None and not wanted.intersection(a.components):
            continue
        out.append(a)
    return out


def summary_row(a: m.Architecture) -> dict:
    return {"id": a.id, "title": a.title, "kind": a.kind, "category": a.category,
            "audience": a.audience, "audience_label": a.audience_label, "url": a.links["current"]}


def describe(arch_id: str, catalog=None) -> dict:
    catalog = catalog or load_catalog()
    a = catalog.architecture(arch_id)
    counts = {area: 0 for area in m.AREAS}
    for item in applicable_items(catalog, a):
        counts[item.area] = counts.get(item.area, 0) + 1
    comps = []
    for cid in a.components:
        c = catalog.components[cid]
        comps.append({"id": c.id, "title": c.title, "arm_type": c.arm_type, "api_version": c.api_version,
                      "azurerm_type": c.azurerm_type, "kind": c.kind, "sku": c.sku,
                      "also": [{"arm_type": r.arm_type, "azurerm": list(r.azurerm)} for r in c.resources]})
    return {
        **summary_row(a),
        "summary": a.summary,
        "scenarios": list(a.scenarios),
        "links": a.links,
        "components": comps,
        "not_generated": [dict(x) for x in a.not_generated],
        "options": [{"id": o.id, "title": o.title, "components": list(o.components), "reason": o.reason}
                    for o in a.options],
        "models": [vars(x) for x in a.models],
        "network": {"default": a.network_default, "supported": list(a.network_supported), "notes": a.network_notes},
        "identities": [{"name": i.name, "type": i.type, **({"compute": i.compute} if i.compute else {}),
                        "roles": [{"role": g.role, "scope": g.scope} for g in i.roles]}
                       for i in a.identities],
        "data_flow": list(a.data_flow),
        "decisions": a.decisions,
        "checklist_items": counts,
    }
