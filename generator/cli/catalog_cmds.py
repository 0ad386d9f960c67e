"""`archkit list`, `archkit show`, `archkit catalog lint`, `archkit catalog components`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, catalog_app, complete_architecture_ids, handle_errors


@app.command("list")
@handle_errors
def list_cmd(
    category: Optional[str] = typer.Option(None, help="generative or nongenerative"),
    kind: Optional[str] = typer.Option(None, help="architecture or guide"),
    service: Optional[str] = typer.Option(None, help='A component, e.g. "AI Search" or its ARM type'),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/list/v1)."),
):
    """List the catalog's architectures and guides."""
    from .. import console
    from ..catalog.queries import filter_architectures, summary_row

    rows = filter_architectures(category=category, kind=kind, service=service)
    if as_json:
        console.emit_json({"architectures": [summary_row(a) for a in rows]}, "archkit/list/v1")
        return 0
    console.table(["id", "title", "kind", "category", "audience"],
                  [(a.id, a.title, a.kind, a.category, a.audience_label) for a in rows])
    return 0


@app.command("show")
@handle_errors
def show_cmd(
    arch_id: str = typer.Argument(..., metavar="ID", help="Architecture id, e.g. chat-baseline",
                                  autocompletion=complete_architecture_ids),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/show/v1)."),
):
    """Show one architecture: components, network posture, identities, links, checklist counts."""
    from .. import console
    from ..catalog.queries import describe

    data = describe(arch_id)
    if as_json:
        console.emit_json(data, "archkit/show/v1")
        return 0
    from .show_text import print_description

    print_description(data)
    return 0


@catalog_app.command("lint")
@handle_errors
def lint_cmd(
    path: Optional[Path] = typer.Argument(None, help="Catalog folder (default: the shipped catalog)"),
    oracles: Optional[Path] = typer.Option(None, help="Oracle index (default: $ARCHKIT_ORACLES, else the one `archkit oracles update` wrote, else the shipped one)"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/catalog-lint/v1)."),
):
    """Validate a catalog folder: schema, ids, references, links, API versions."""
    from .. import console
    from ..catalog import lint_catalog
    from ..paths import catalog_dir, oracles_dir

    root = path or catalog_dir()
    oracle_root = oracles_dir(oracles)
    problems = lint_catalog(Path(root), oracle_root)
    if as_json:
        console.emit_json({"catalog": str(root), "oracles": str(oracle_root) if oracle_root else None,
                           "problems": [p.as_dict() for p in problems]}, "archkit/catalog-lint/v1")
    else:
        for p in problems:
            console.out(str(p))
        note = "" if oracle_root else " (oracles not found: API versions not checked)"
        console.out(f"{len(problems)} problem(s) in {root}{note}")
    return 1 if problems else 0


@catalog_app.command("components")
@handle_errors
def components_cmd(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/catalog-components/v1)."),
):
    """List the components: the ids kits and answers refer to, abbreviations, ARM types, name limits."""
    from .. import console
    from ..catalog import load_catalog

    comps = sorted(load_catalog().components.values(), key=lambda c: c.id)
    if as_json:
        console.emit_json({"components": [
            {"id": c.id, "title": c.title, "abbreviation": c.abbreviation, "arm_type": c.arm_type,
             "api_version": c.api_version, "azurerm_type": c.azurerm_type, "module": c.module,
             "naming": {"style": c.naming.style, "min": c.naming.min, "max": c.naming.max}} for c in comps]},
            "archkit/catalog-components/v1")
        return 0
    console.table(["id", "abbr", "ARM type", "name length", "title"],
                  [(c.id, c.abbreviation, c.arm_type,
                    "fixed" if c.naming.style == "fixed" else f"{c.naming.min}-{c.naming.max}", c.title) for c in comps])
    return 0
