"""`archkit adopt DIR`: bring a repository rendered without archkit under archkit's updates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import app, handle_errors


@app.command("adopt")
@handle_errors
def adopt_cmd(
    directory: Path = typer.Argument(Path("."), metavar="[DIR]", help="The rendered repository (default: the current folder)."),
    answers_path: Optional[Path] = typer.Option(None, "--answers", metavar="FILE",
                                                help="Answers it was rendered with: YAML answers, an .archkit/answers.yml, "
                                                     "or cookiecutter's replay file (~/.cookiecutter_replay/starter.json)."),
    set_: List[str] = typer.Option([], "--set", metavar="KEY=VALUE", help="An answer (repeatable); tags.NAME=VALUE adds a tag."),
    kit: Optional[str] = typer.Option(None, "--kit", metavar="PATH[@REF]", help="The kit it was rendered with."),
    trust: bool = typer.Option(False, "--trust", help="Allow the kit to run code (hooks, extensions)."),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt; missing answers take their defaults."),
    force: bool = typer.Option(False, "--force", help="Adopt even if fewer than half of the rendered files are unchanged."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/adopt/v1)."),
):
    """Record the answers and pristine render of a plain cookiecutter render (edited or not), like `cruft link`.

    The name defaults to the folder's name and the IaC flavour to the one in infra/. Files that
    differ from the render of the answers are your edits: `archkit update` keeps them.
    """
    from .. import console
    from ..catalog import load_catalog
    from ..render.answers import Question, load_answers_file, parse_set_pairs, resolve
    from ..update.adopt import adopt, check_adoptable, detect_iac

    check_adoptable(directory)  # refusals first: before any question or render
    catalog = load_catalog()
    interactive = not no_input and sys.stdin.isatty()
    kit_obj = None
    if kit:
        from ..kits import load_kit

        kit_obj = load_kit(kit, trust=trust)
    given: dict = {}
    if answers_path:
        given.update(load_answers_file(answers_path))
    given.update(parse_set_pairs(set_))
    given.setdefault("name", directory.resolve().name)
    if detect_iac(directory):
        given.setdefault("iac", detect_iac(directory))
    prompt = None
    if interactive:
        from .prompts import ask as prompt
    if not given.get("architecture"):
        if prompt is None:
            from ..errors import UsageError

            raise UsageError(f"{directory}: which architecture was it rendered from?",
                             "pass --answers FILE (cookiecutter's replay file holds it) or --set architecture=ID "
                             "(see `archkit list`)")

        def check(value: str) -> str:
            return catalog.architecture(value.strip()).id

        given["architecture"] = prompt(Question("architecture", None, check, help="the catalog id it was rendered from"))
    answers = resolve(catalog, given=given, kit=kit_obj, prompt=prompt)
    result = adopt(directory, catalog, answers, kit=kit_obj, force=force)
    if as_json:
        console.emit_json(result.as_dict(), "archkit/adopt/v1")
    else:
        for line in result.lines():
            console.out(line)
    return 0
