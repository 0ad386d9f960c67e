"""`archkit new`: render a starter repository."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import app, complete_architecture_ids, handle_errors


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("new")
@handle_errors
def new_cmd(
    arch_id: Optional[str] = typer.Argument(None, metavar="ID", help="Architecture id (see `archkit list`).",
                                            autocompletion=complete_architecture_ids),
    iac: Optional[str] = typer.Option(None, "--iac", help="bicep or terraform"),
    name: Optional[str] = typer.Option(None, "--name", help="Short workload name used in resource names."),
    location: Optional[str] = typer.Option(None, "--location", help="Azure region, e.g. swedencentral"),
    environment: Optional[str] = typer.Option(
        None, "--environment",
        help="Default environment (dev, test or prod) for parameter defaults and the deploy workflow; every environment stays deployable."),
    network: Optional[str] = typer.Option(None, "--network", help="private, public or landing-zone"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Target folder (default: ./NAME)."),
    set_: List[str] = typer.Option([], "--set", help="KEY=VALUE answer (repeatable); tags.NAME=VALUE adds a tag; options=ID,ID (or all) adds optional components."),
    answers_file: Optional[Path] = typer.Option(None, "--answers-file", help="YAML file of answers."),
    kit: Optional[str] = typer.Option(None, "--kit", help="Platform-team kit: a folder, PATH@REF, a git URL or gh:ORG/REPO, with optional @REF."),
    trust: bool = typer.Option(False, "--trust", help="Allow the kit to run code (hooks, extensions)."),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt; use defaults."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the file tree and answers; write nothing."),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty folder (only archkit's files)."),
    no_git: bool = typer.Option(False, "--no-git", help="Do not create a git repository."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without the confirmation step after the questions."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable summary (archkit/new/v1)."),
):
    """Render a starter repository for one architecture.

    At a terminal, missing answers are asked for and each is checked as it is typed; a summary
    and a confirmation come before anything is written (--yes skips the confirmation).
    """
    from .. import console
    from ..catalog import load_catalog
    from ..render import new_repository
    from ..render.answers import load_answers_file, parse_set_pairs, resolve

    catalog = load_catalog()
    interactive = not no_input and _interactive()
    kit_obj = None
    if kit:
        from ..kits import load_kit

        kit_obj = load_kit(kit, trust=trust)
    if arch_id is None:
        if not interactive:
            from ..errors import UsageError

            raise UsageError("no architecture id given",
                             "pass one (see `archkit list`), or run `archkit recommend` to find the right one")
        from .recommend_cmd import ask_for_architecture

        arch_id = ask_for_architecture(catalog)
    given: dict = {}
    if answers_file:
        given.update(load_answers_file(answers_file))
    given.update(parse_set_pairs(set_))
    options = {"architecture": arch_id, "iac": iac, "name": name, "location": location,
               "environment": environment, "network": network}
    given.update({k: v for k, v in options.items() if v is not None})

    prompt = None
    if interactive:
        from .prompts import ask as prompt

    answers = resolve(catalog, given=given, kit=kit_obj, prompt=prompt)
    target = output or Path(answers.name)
    if kit_obj is not None:
        kit_obj.relocate(target)  # answers.yml records a folder kit relative to the repository
        if not kit_obj.spec.remote and kit_obj.source.startswith("../../"):
            console.warn(f"kit {kit_obj.name} is recorded as {kit_obj.source} (relative to the repository); a clone "
                         "elsewhere will not find it: publish the kit as a git repository and pass its URL "
                         "(e.g. --kit gh:ORG/KIT@v1.0.0)")
    confirm = None
    if interactive and not yes and not dry_run:
        from .prompts import confirm as ask_yes_no

        def confirm(files):
            print_summary(answers, kit_obj, target, len(files))
            return ask_yes_no(f"Write {len(files)} files to {target}/?")

    result = new_repository(catalog, answers, target, kit=kit_obj, force=force, make_git=not no_git,
                            dry_run=dry_run, confirm=confirm)
    written = not result.dry_run
    if as_json:
        console.emit_json({"target": str(result.target), "written": written, "dry_run": dry_run,
                           "answers": answers.as_dict(), "kit": kit_obj.info() if kit_obj else None,
                           "files": result.files}, "archkit/new/v1")
        return 0 if written or dry_run else 1
    if dry_run:
        console.out(f"Would write {len(result.files)} files to {target}/ (dry run; nothing written):")
        for f in result.files:
            console.out(f"  {f}")
        console.out("Answers:")
        for k, v in answers.as_dict().items():
            console.out(f"  {k}: {v}")
        return 0
    if not written:
        console.err("not confirmed; nothing was written")
        return 1
    console.out(f"Wrote {len(result.files)} files to {result.target}/ ({answers.architecture}, {answers.iac}, {answers.network})")
    console.out(f"  start with {result.target}/README.md, then docs/checklists/ and infra/")
    return 0


def print_summary(answers, kit, target: Path, count: int) -> None:
    from .. import console

    console.err("")
    console.err(console.style("Summary", "bold"))
    for key, value in answers.as_dict().items():
        if key == "tags":
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "(none)"
        elif key == "options":
            value = ", ".join(value)
        console.err(f"  {key:<12} {value}")
    if kit is not None:
        console.err(f"  {'kit':<12} {kit.label}")
    console.err(f"  {'output':<12} {target}/ ({count} files)")
