"""`archkit validate`: check a generated repository offline; exit 0 clean, 1 findings, 2 cannot run."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, handle_errors


@app.command("validate")
@handle_errors
def validate_cmd(
    directory: Path = typer.Argument(Path("."), metavar="[DIR]", help="Repository to check (default: the current folder)."),
    oracles: Optional[Path] = typer.Option(None, help="Oracle index (default: $ARCHKIT_ORACLES, else the one `archkit oracles update` wrote, else the shipped one)"),
    scan: bool = typer.Option(False, "--scan", help="Also run checkov (installed by `make scan`)."),
    compare: Optional[Path] = typer.Option(None, "--compare", metavar="OTHER_DIR",
                                           help="A rendering in the other flavour: check both declare the same Azure types."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/validate/v1)."),
    strict: bool = typer.Option(False, "--strict",
                                help="Fail when any check could not run (missing oracles or tools, unreadable constructs)."),
):
    """Parse the IaC, check references, Azure types and checklist claims; optionally scan."""
    from .. import console
    from ..paths import oracles_dir
    from ..validate import validate_repository

    oracle_root = oracles_dir(oracles)
    report = validate_repository(directory, oracle_root, scan=scan, compare=compare, strict=strict)
    if as_json:
        console.emit_json(report.as_dict(), "archkit/validate/v1")
        return report.exit_code
    for finding in report.findings:
        console.out(str(finding))
    for note in report.tools_skipped:
        if not strict or note in report.not_asked:  # under --strict the others are findings above
            console.out(f"note: {note}")
    console.out(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in {report.root}")
    return report.exit_code
