"""`archkit update`, `archkit check`, `archkit diff`: keep a generated repository current."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app, handle_errors

_DIR = typer.Argument(Path("."), metavar="[DIR]", help="The generated repository (default: the current folder).")


@app.command("update")
@handle_errors
def update_cmd(
    directory: Path = _DIR,
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would change (exit 1 if it would conflict); write nothing."),
    set_: List[str] = typer.Option([], "--set", metavar="KEY=VALUE",
                                   help="Answer to change (repeatable); tags.NAME=VALUE adds a tag; options=ID,ID adds optional components (options= removes them)."),
    kit: Optional[str] = typer.Option(None, "--kit", metavar="SOURCE[@REF]", help="Load the kit from here (PATH[@REF]) instead of the recorded source (folder, git URL, gh:ORG/REPO)."),
    kit_ref: Optional[str] = typer.Option(None, "--kit-ref", metavar="REF",
                                          help="Move the recorded kit source to this tag, branch or commit."),
    trust: bool = typer.Option(False, "--trust", help="Allow the kit to run code (hooks, extensions)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable summary (archkit/update/v1)."),
    abort: bool = typer.Option(False, "--abort", help="Undo an interrupted (or conflicted) update: HEAD, index, "
                               "working tree and archkit/pristine go back to where they were; temporary files are removed."),
    rebuild_pristine: bool = typer.Option(False, "--rebuild-pristine", help="Point archkit/pristine back at the render "
                                          "recorded in .archkit/answers.yml (or render it again) when it was moved."),
    allow_downgrade: bool = typer.Option(False, "--allow-downgrade", help="Update even when this archkit, or the kit, "
                                         "is older than the one the repository records."),
):
    """Re-render from the recorded answers and merge into the current branch; your edits are never lost.

    Exit 0: merged (or already current). Exit 1: conflicts left for you; `archkit update --abort`
    (or `git merge --abort`) restores the repository. Exit 2: refused (dirty tree, not a git repository,
    bad answers file, another update running, a downgrade, a link in the way...). Exit 130: interrupted.
    """
    from .. import console
    from ..errors import UsageError
    from ..update import abort as abort_update
    from ..update import rebuild_pristine as rebuild
    from ..update import update

    if abort or rebuild_pristine:
        other = [name for name, on in (("--dry-run", dry_run), ("--set", bool(set_)), ("--kit", bool(kit)),
                                       ("--kit-ref", bool(kit_ref)), ("--allow-downgrade", allow_downgrade),
                                       ("--rebuild-pristine", abort and rebuild_pristine)) if on]
        if other:
            raise UsageError(f"{'--abort' if abort else '--rebuild-pristine'} cannot be combined with {', '.join(other)}",
                             "run it on its own, then run `archkit update` again")
        report = abort_update(directory) if abort else rebuild(directory, trust=trust)
        if as_json:
            console.emit_json(report.as_dict(), "archkit/update/v1")
        else:
            for line in report.lines:
                console.out(line)
        return report.exit_code
    result = update(directory, dry_run=dry_run, set_pairs=set_, kit_source=kit, kit_ref=kit_ref, trust=trust,
                    allow_downgrade=allow_downgrade)
    if as_json:
        console.emit_json(result.as_dict(), "archkit/update/v1")
    else:
        for line in result.lines():
            console.out(line)
    return result.exit_code


@app.command("check")
@handle_errors
def check_cmd(
    directory: Path = _DIR,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output for CI (archkit/check/v1)."),
    kit: Optional[str] = typer.Option(None, "--kit", metavar="SOURCE[@REF]", help="Compare against the kit here (PATH[@REF]) instead of the recorded source (folder, git URL, gh:ORG/REPO)."),
    trust: bool = typer.Option(False, "--trust", help="Allow the kit to run code (hooks, extensions)."),
    pre: bool = typer.Option(False, "--pre", help="Also report kit pre-release tags (v1.3.0-rc.1)."),
):
    """Is an update available? Exit 0 current, 1 update available, 2 error. Meant for CI.

    Reports a newer archkit template, a changed kit, and newer version tags of the kit's source.
    """
    from .. import console
    from ..errors import ArchkitError
    from ..update import check

    try:
        result = check(directory, kit_source=kit, trust=trust, pre=pre)
    except ArchkitError as exc:
        if as_json:
            console.emit_json({"repository": str(directory), "status": "error", "exit_code": exc.exit_code,
                               "error": exc.message, "hint": exc.hint}, "archkit/check/v1")
        raise
    if as_json:
        console.emit_json(result.as_dict(), "archkit/check/v1")
    else:
        for line in result.lines():
            console.out(line)
    return result.exit_code


@app.command("diff")
@handle_errors
def diff_cmd(
    directory: Path = _DIR,
    set_: List[str] = typer.Option([], "--set", metavar="KEY=VALUE", help="Answer to change (repeatable)."),
    kit: Optional[str] = typer.Option(None, "--kit", metavar="SOURCE[@REF]", help="Load the kit from here (PATH[@REF]) instead of the recorded source (folder, git URL, gh:ORG/REPO)."),
    kit_ref: Optional[str] = typer.Option(None, "--kit-ref", metavar="REF",
                                          help="Compare against another tag, branch or commit of the recorded kit source."),
    trust: bool = typer.Option(False, "--trust", help="Allow the kit to run code (hooks, extensions)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/diff/v1)."),
):
    """Show what `archkit update` would change, as a unified diff; nothing is written."""
    from .. import console
    from ..update import diff

    result = diff(directory, set_pairs=set_, kit_source=kit, kit_ref=kit_ref, trust=trust)
    if as_json:
        console.emit_json({"repository": str(result.root), "exit_code": result.exit_code,
                           "files": _diff_paths(result.diff), "diff": result.diff,
                           "conflicts": [{"path": c.path, "kind": c.kind} for c in result.conflicts],
                           "notes": result.notes}, "archkit/diff/v1")
        return result.exit_code
    if result.diff:
        console.out(result.diff.rstrip("\n"))
    for note in result.notes:
        console.err(f"note: {note}")
    return result.exit_code


def _diff_paths(text: str) -> list[str]:
    """The files a unified diff touches, in order (from its `+++`/`---` headers)."""
    paths: list[str] = []
    for line in text.splitlines():
        if line.startswith(("+++ ", "--- ")):
            path = line[4:].split("\t", 1)[0]
            if path != "/dev/null":
                path = path[2:] if path[:2] in ("a/", "b/") else path
                if path not in paths:
                    paths.append(path)
    return paths
