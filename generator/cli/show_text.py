"""Human-readable rendering of `archkit show`."""

from __future__ import annotations

import textwrap

from .. import console


def print_description(d: dict) -> None:
    out = console.out
    out(f"{d['title']}  ({d['id']})")
    out(f"{d['kind']} · {d['category']} · audience: {d['audience_label']}")
    out("")
    for line in textwrap.wrap(d["summary"], min(96, console.terminal_width() or 96)):
        out(line)
    out("")
    out("Components:")
    console.table(["component", "ARM type", "api", "azurerm"],
                  [(c["id"], c["arm_type"], c["api_version"], c["azurerm_type"]) for c in d["components"]])
    if d.get("options"):
        out("")
        out("Optional components (--set options=ID,ID or options=all):")
        for o in d["options"]:
            console.wrapped(f"{o['id']}: {o['title']} ({', '.join(o['components'])}); off by default: {o['reason']}",
                            "  - ", "    ")
    if d["not_generated"]:
        out("")
        out("Not generated:")
        for x in d["not_generated"]:
            console.wrapped(f"{x['name']}: {x['reason']}", "  - ", "    ")
    net = d["network"]
    out("")
    out(f"Network: default {net['default']}; supported {', '.join(net['supported'])}")
    if net.get("notes"):
        console.wrapped(net["notes"], "  ", "  ")
    out("")
    out("Identities:")
    for i in d["identities"]:
        roles = ", ".join(f"{g['role']} on {g['scope']}" for g in i["roles"]) or "no role assignments"
        runs = f", only {i['compute']} runs as it" if i.get("compute") else ""
        console.wrapped(f"{i['name']} ({i['type']}{runs}): {roles}", "  - ", "    ")
    out("")
    out("Links:")
    links = d["links"]
    for label, key in (("current page", "current"), ("seed page", "seed"), ("reference implementation", "reference_implementation")):
        if links.get(key):
            console.wrapped(links[key], f"  {label + ':':<26}", "    ")
    out("")
    out("Checklist items per design area:")
    for area, n in d["checklist_items"].items():
        out(f"  {area:<20} {n}")
