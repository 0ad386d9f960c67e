#!/usr/bin/env python3
"""Carry the few facts the tests need from the reference folder (``../shared/reference``)
into the project, with their provenance: naming rules of the resource types our catalog
generates, Azure region names, and the CAF recommendation ids with their links.

    .venv/bin/python tests/data/build_reference_facts.py [--shared ../shared]

Writes tests/data/reference-facts.json. ``tests/test_reference.py`` (marked ``reference``)
rebuilds it wherever the reference folder exists and fails when the committed copy drifted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "reference-facts.json"
RULE_FIELDS = ("resource", "property", "ShortName", "lengthMin", "lengthMax", "regx")
ITEM = re.compile(r"\*\*((?:RES|NET|GOV|MGT|SEC)-\d{2}):.*?\*\*(.*?)(?=\n\d+\. \*\*|\n## |\Z)", re.S)
LINK = re.compile(r"^\s*- Link: (\S+)", re.M)


def build(shared: Path) -> dict:
    sys.path.insert(0, str(REPO))
    from generator.catalog import load_catalog

    catalog = load_catalog(use_cache=False)
    types = {c.arm_type.split(".", 1)[1].lower() for c in catalog.components.values()}
    naming = shared / "reference" / "naming"
    rules = json.loads((naming / "resourcetypes.json").read_text(encoding="utf-8"))
    regions = json.loads((naming / "resourcelocations.json").read_text(encoding="utf-8"))
    readme = (naming / "README.md").read_text(encoding="utf-8")
    recs = (shared / "reference" / "caf-ai" / "RECOMMENDATIONS.md").read_text(encoding="utf-8")
    commit = re.search(r"\b[0-9a-f]{40}\b", readme)
    links = {}
    for m in ITEM.finditer(recs):
        link = LINK.search(m.group(2))
        links[m.group(1)] = link.group(1) if link else None
    return {
        "provenance": {
            "naming_rules": {"source_repo": "https://github.com/mspnp/AzureNamingTool",
                             "commit": commit.group(0) if commit else None,
                             "files": ["src/repository/resourcetypes.json", "src/repository/resourcelocations.json"],
                             "licence": "MIT", "via": "../shared/reference/naming",
                             "kept": "the rules of the resource types in catalog/components.yaml; region names"},
            "recommendations": {"source_repo": "https://github.com/MicrosoftDocs/cloud-adoption-framework",
                                "via": "../shared/reference/caf-ai/RECOMMENDATIONS.md",
                                "kept": "recommendation ids and their learn.microsoft.com links"},
            "builder": "tests/data/build_reference_facts.py",
        },
        "naming_rules": sorted(({k: r.get(k, "") for k in RULE_FIELDS} for r in rules
                                if str(r.get("resource", "")).lower() in types),
                               key=lambda r: (r["resource"].lower(), r["property"])),
        "regions": sorted({r["name"].lower().replace(" ", "") for r in regions}),
        "recommendations": dict(sorted(links.items())),
    }


def render(facts: dict) -> str:
    return json.dumps(facts, indent=1, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = p.parse_args(argv)
    if not (args.shared / "reference").is_dir():
        print(f"error: {args.shared}/reference not found\n  hint: pass --shared <the reference folder>", file=sys.stderr)
        return 2
    OUT.write_text(render(build(args.shared)), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
