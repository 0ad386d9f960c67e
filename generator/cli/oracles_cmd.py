"""`archkit oracles status` and `archkit oracles update`."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import handle_errors, oracles_app


@oracles_app.command("status")
@handle_errors
def oracles_status_cmd(
    oracles: Optional[Path] = typer.Option(None, help="Report on this index instead of the one found by default."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/oracles-status/v1)."),
):
    """Which oracle index `validate` uses, from where, how old, and what it was built from."""
    from .. import console
    from ..oracles.status import status

    info = status(oracles)
    if as_json:
        console.emit_json(info, "archkit/oracles-status/v1")
        return 0
    used = info["in_use"]
    if used is None:
        for note in info["notes"]:
            console.out(f"note: {note}")
        return 1
    arm, tf = used["arm"], used["azurerm"]
    extra = "; overrides the shipped index" if info["overrides_shipped"] else ""
    console.out(f"oracles: {used['path']} ({info['origin_label']}{extra})")
    console.out(f"  built:   {used['built_at']} ({_ago(used['built_days_ago'])})")
    source = arm.get("commit") or arm.get("ref") or "?"
    console.out(f"  ARM:     {arm['types']} types in {arm['namespaces']} namespaces, from {arm['source_repo']} "
                f"{source[:12]}{' (' + arm['commit_date'][:10] + ')' if arm.get('commit_date') else ''} [{arm['licence']}]")
    if arm.get("namespaces_missing"):
        console.out(f"           not at that ref (their types are not checked): {', '.join(arm['namespaces_missing'])}")
    console.out(f"  azurerm: {tf['provider_version']}, {tf['resources']} resources, {tf['data_sources']} data sources, "
                f"from {tf['source_repo']} [{tf['licence']}]")
    shipped = info["shipped"]
    if info["overrides_shipped"] and shipped:
        console.out(f"  shipped: {shipped['path']} (azurerm {shipped['azurerm']['provider_version']}, "
                    f"ARM {(shipped['arm']['commit'] or '?')[:12]}), not used")
    console.out(f"  user index: {info['user_index']['path']} ({info['user_index']['state']})")
    for note in info["notes"]:
        console.out(f"note: {note}")
    return 0


def _ago(days) -> str:
    return "age unknown" if days is None else ("today" if days <= 0 else f"{days} day(s) ago")


@oracles_app.command("update")
@handle_errors
def oracles_update_cmd(
    bicep_types_ref: str = typer.Option("main", "--bicep-types-ref", metavar="REF",
                                        help="Branch, tag or commit of Azure/bicep-types-az."),
    bicep_types_url: Optional[str] = typer.Option(None, "--bicep-types-url", metavar="URL",
                                                  help="Archive base URL; REF is appended (default: $ARCHKIT_BICEP_TYPES_URL, "
                                                       "else GitHub's codeload)."),
    namespace: Optional[List[str]] = typer.Option(None, "--namespace", metavar="Microsoft.X",
                                                  help="Resource provider namespace to index (repeatable; default: the shipped ones and any an earlier update added)."),
    azurerm_version: Optional[str] = typer.Option(None, "--azurerm-version", metavar="X.Y.Z",
                                                  help="azurerm provider version to read the schema of."),
    schema_json: Optional[Path] = typer.Option(None, "--schema-json", metavar="FILE",
                                               help="Output of `terraform providers schema -json` (default: run terraform)."),
    only: Optional[str] = typer.Option(None, "--only", metavar="arm|azurerm",
                                       help="Rebuild one part; keep the other from the index in use."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/oracles-update/v1)."),
):
    """Rebuild the oracle index from bicep-types-az and your Terraform into the user cache."""
    from .. import console
    from ..oracles.update import update

    prov = update(ref=bicep_types_ref, base_url=bicep_types_url, namespaces=namespace or None,
                  azurerm_version=azurerm_version, schema_json=schema_json, only=only)
    if as_json:
        console.emit_json(prov, "archkit/oracles-update/v1")
        return 0
    arm, tf = prov["arm"], prov["azurerm"]
    console.out(f"Wrote the oracle index to {prov['path']}: {arm['types']} ARM types "
                f"(bicep-types-az {(arm.get('commit') or arm.get('ref') or '?')[:12]}), "
                f"azurerm {tf.get('provider_version')} ({tf['resources']} resources).")
    console.out("`archkit validate` uses it from now on; `archkit oracles status` shows it.")
    return 0
