"""`archkit checklist status|export|verify`: the design-area checklists of a repository."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app, handle_errors

checklist_app = typer.Typer(help="Design-area checklists: status per environment, export, live verification.",
                            no_args_is_help=True)
app.add_typer(checklist_app, name="checklist")

DIR = typer.Argument(Path("."), metavar="[DIR]", help="Repository made by `archkit new` (default: the current folder).")


@checklist_app.command("status")
@handle_errors
def status_cmd(directory: Path = DIR, as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/checklist-status/v1).")):
    """Done / partly / open per area and severity, for each environment; items whose claims fail."""
    from .. import console
    from ..checklists.status import status

    st = status(directory)
    if as_json:
        console.emit_json(st.as_dict(), "archkit/checklist-status/v1")
        return 0
    summary = st.summary()
    groups: dict[str, list[str]] = {}  # environments with the same counts share one table
    for env in st.environments:
        groups.setdefault(repr(summary[env]), []).append(env)
    for envs in groups.values():
        console.out(f"environment{'s' if len(envs) > 1 else ''} {', '.join(envs)}:")
        rows = [(area, sev, c["done"], c["partly"], c["open"])
                for area, sevs in summary[envs[0]].items() for sev in ("high", "medium", "low") if (c := sevs.get(sev))]
        console.table(["area", "severity", "done", "partly", "open"], rows)
        console.out()
    differ = [i for i in st.items if len(set(i.states.values())) > 1]
    for it in differ:
        console.out(f"{it.id}: " + ", ".join(f"{s} in {e}" for e, s in it.states.items()))
    for it in st.items:
        where: dict[str, list[str]] = {}  # one line per failing claim, with the environments it fails in
        for env, problems in it.problems.items():
            for p in problems:
                where.setdefault(p, []).append(env)
        for p, envs in where.items():
            console.out(f"{it.id} ({', '.join(envs)}): {p}")
    for note in st.notes:
        console.out(f"note: {note}")
    return 0


@checklist_app.command("export")
@handle_errors
def export_cmd(
    directory: Path = DIR,
    fmt: str = typer.Option("review-checklist", "--format", help="review-checklist (JSON), csv or markdown."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of standard output."),
):
    """Write the checklists in the Azure review-checklists JSON format, as CSV, or as Markdown."""
    from .. import console
    from ..catalog import load_catalog
    from ..checklists.export import FORMATS, render
    from ..checklists.status import status
    from ..errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not a format", f"use one of: {', '.join(FORMATS)}")
    text = render(status(directory), fmt, load_catalog())
    if output is None:
        console.out(text.rstrip("\n"))
        return 0
    from ..checklists.export import write_file

    write_file(output, text)
    console.out(f"wrote {output}")
    return 0


@checklist_app.command("verify")
@handle_errors
def verify_cmd(
    directory: Path = DIR,
    subscription: str = typer.Option(..., "--subscription", metavar="ID", help="Subscription id to query."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/checklist-verify/v1)."),
):
    """Run each item's Resource Graph query through `az graph query`; exit 1 if a resource does not comply."""
    from .. import console
    from ..catalog import load_catalog
    from ..checklists.status import status
    from ..checklists.verify import verify

    results = verify(status(directory), load_catalog(), subscription)
    bad = [r for r in results if r.verdict in ("non-compliant", "error")]
    if as_json:
        console.emit_json({"subscription": subscription, "items": [r.as_dict() for r in results]}, "archkit/checklist-verify/v1")
        return 1 if bad else 0
    for r in results:
        line = f"{r.id}: {r.verdict}"
        if r.compliant or r.noncompliant:
            line += f" ({len(r.compliant)} compliant, {len(r.noncompliant)} not)"
        if r.error:
            line += f": {r.error}"
        console.out(line)
        for rid in r.noncompliant:
            console.out(f"  does not comply: {rid}")
    console.out(f"{len(bad)} item(s) with non-compliant resources or errors, "
                f"{sum(r.verdict == 'no query' for r in results)} item(s) without a query")
    return 1 if bad else 0
