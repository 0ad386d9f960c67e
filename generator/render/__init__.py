"""Rendering: answers → context → files → an atomic write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checklists import plan as checklist_plan
from ..paths import templates_dir
from . import answers_file
from .context import build_context
from .engine import render_tree

TEMPLATE = "starter"


def cookiecutter_context(answers) -> dict:
    return {
        "architecture": answers.architecture, "iac": answers.iac, "name": answers.name,
        "location": answers.location, "environment": answers.environment, "network": answers.network,
        "name_suffix": answers.name_suffix, "project_slug": answers.name,
        "tags": dict(answers.tags or {}),
    }


def render_files(catalog, answers, kit=None, template_root: Path | None = None) -> tuple[dict[str, bytes], dict]:
    """The full file set of a repository (answers file included), in memory."""
    ak = build_context(catalog, answers, kit)
    root = Path(template_root) if template_root else templates_dir() / TEMPLATE
    files = render_tree(root, cookiecutter_context(answers), ak)
    if checklist_plan.settle(ak, files, {r.name: r.id for r in catalog.roles.values()}):
        files = render_tree(root, cookiecutter_context(answers), ak)  # checklists with the settled states
    if kit:
        files.update(kit.render_overlay(cookiecutter_context(answers), ak))
    files[answers_file.PATH] = answers_file.dump(answers, files, kit.info() if kit else None)
    return files, ak


@dataclass
class NewResult:
    target: Path
    files: list[str]
    answers: object
    context: dict
    dry_run: bool


def new_repository(catalog, answers, target: Path, *, kit=None, force=False, make_git=True, dry_run=False,
                   fail_after=None, confirm=None) -> NewResult:
    """Render, then write atomically. ``confirm(paths)`` sees the rendered file list before
    anything is written; a false answer writes nothing (the result is marked as a dry run)."""
    from .writer import write_new

    files, ak = render_files(catalog, answers, kit)
    if dry_run or (confirm is not None and not confirm(sorted(files))):
        return NewResult(Path(target), sorted(files), answers, ak, True)
    message = f"Initial starter repository from archkit {ak['version']} ({answers.architecture}, {answers.iac})"
    written = write_new(Path(target), files, force=force, make_git=make_git, message=message, fail_after=fail_after)
    return NewResult(Path(target), written, answers, ak, False)
