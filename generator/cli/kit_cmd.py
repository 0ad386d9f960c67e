"""`archkit kit init DIR` and `archkit kit validate DIR`."""

from __future__ import annotations

from pathlib import Path

import typer

from . import handle_errors, kit_app


@kit_app.command("init")
@handle_errors
def kit_init_cmd(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder for the new kit (created if missing)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/kit-init/v1)."),
):
    """Write a commented starter kit (kit.yaml, overlay/) that validates as written."""
    from .. import console
    from ..kits.scaffold import init_kit

    written = init_kit(directory)
    files = [path.relative_to(directory).as_posix() for path in written]
    if as_json:
        console.emit_json({"kit": str(directory), "files": files}, "archkit/kit-init/v1")
        return 0
    console.out(f"Wrote a starter kit to {directory}/:")
    for f in files:
        console.out(f"  {f}")
    console.out(f"Edit kit.yaml, then run `archkit kit validate {directory}`.")
    return 0


@kit_app.command("validate")
@handle_errors
def kit_validate_cmd(
    directory: str = typer.Argument(..., metavar="DIR", help="Kit folder, or PATH@REF for a git ref of it."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/kit-validate/v1)."),
):
    """Check a kit: schema, names for every resource type, regions, policy ids, overlay; exit 0 or 1."""
    from .. import console
    from ..kits import check_kit

    kit, problems, notes = check_kit(directory)
    if as_json:
        counts = None
        if kit is not None:
            counts = {"tags": len(kit.tags_), "regions": len(kit.regions), "policies": len(kit.policies_),
                      "checklist_items": len(kit.items), "overlay_files": len(kit.overlay)}
        console.emit_json({"kit": directory, "valid": not problems, "name": kit.name if kit else None,
                           "version": kit.version if kit else None, "counts": counts,
                           "problems": [p.as_dict() for p in problems], "notes": list(notes)},
                          "archkit/kit-validate/v1")
        return 1 if problems else 0
    for p in problems:
        console.out(str(p))
    for n in notes:
        console.out(f"note: {n}")
    if problems:
        console.out(f"{len(problems)} problem(s) in kit {directory}")
        return 1
    console.out(f"kit {kit.name} {kit.version} is valid: {len(kit.tags_)} tag(s), {len(kit.regions) or 'any'} region(s), "
                f"{len(kit.policies_)} policy assignment(s), {len(kit.items)} checklist item(s), "
                f"{len(kit.overlay)} overlay file(s)")
    return 0


@kit_app.command("schema")
@handle_errors
def kit_schema_cmd():
    """Print the JSON Schema of kit.yaml (for editors: `archkit kit schema > kit.schema.json`)."""
    from .. import console
    from ..kits.scaffold import schema_text

    console.out(schema_text().rstrip("\n"))
    return 0
