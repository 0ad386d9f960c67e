"""`archkit status DIR…`: the fleet view, one row per local clone."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app, handle_errors


@app.command("status")
@handle_errors
def status_cmd(
    directories: List[str] = typer.Argument(None, metavar="[DIR]...", help="Local clones of generated repositories."),
    from_file: Optional[Path] = typer.Option(None, "--from-file", metavar="FILE",
                                             help="Read repository folders from FILE, one per line (# comments)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable rows (schema archkit/status/v1) for dashboards."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, max=64, help="Repositories checked in parallel."),
):
    """One row per repository: entry, flavour, archkit and kit versions, drift.

    Exit 0 when every repository is current; 1 when any has an update available, a newer kit
    tag or kit conformance findings, or could not be read (its row says why).
    """
    from .. import console
    from ..fleet import SCHEMA, read_list, status
    from ..fleet import as_json as rows_json

    paths = list(directories or [])
    if from_file is not None:
        paths += read_list(from_file)
    rows = status(paths, jobs=jobs)
    if as_json:
        console.emit_json(rows_json(rows), SCHEMA)
    else:
        console.table(["repository", "entry", "iac", "archkit", "kit", "drift"],
                      [[r.repository, r.architecture or "-", r.iac or "-", r.archkit_version or "-", r.kit or "-",
                        r.drift] for r in rows])
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.status] = counts.get(r.status, 0) + 1
        console.out(f"{len(rows)} repositories: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return 0 if all(r.status == "current" for r in rows) else 1
