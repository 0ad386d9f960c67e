"""The starter template's Jinja extension and answer check, for plain cookiecutter, pytest-cookies
and any tool that drives cookiecutter's functions itself.

The template names this module in `_extensions` (`generator.cookiecutter_ext.ArchkitContext`)
rather than a `local_extensions.py` beside cookiecutter.json: cookiecutter puts the template
folder on sys.path only around some of its own calls, so a module there is not found when a
caller (pytest-cookies' `bake`, which builds the context itself first) creates the Jinja
environment. The extension needs archkit's library anyway, so an environment that renders the
template has this module. It gives templates the same `archkit(cookiecutter)` context that
archkit's own renderer provides; `network: default` means the entry's default posture and an
empty `name_suffix` is derived.
"""

from __future__ import annotations

import logging

from jinja2.ext import Extension

_KEYS = ("architecture", "iac", "name", "location", "environment")


def given_answers(cookiecutter) -> dict:
    """archkit's answers from a cookiecutter context (only the keys the template declares)."""
    cc = dict(cookiecutter)
    given = {k: str(cc[k]) for k in _KEYS if k in cc}
    if cc.get("network") not in (None, "", "default"):
        given["network"] = str(cc["network"])
    if cc.get("name_suffix"):
        given["name_suffix"] = str(cc["name_suffix"])
    return given


def check_answers(cookiecutter) -> int:
    """The pre-generation hook: archkit's rules and wording; 0 when valid, else 1 after saying why."""
    from . import console
    from .catalog import load_catalog
    from .errors import ArchkitError
    from .render.answers import resolve, reworded

    try:
        resolve(load_catalog(), given=given_answers(cookiecutter))
    except ArchkitError as exc:
        message, hint = reworded(exc)
        console.error(message, hint)
        return 1
    return 0


class _NoHookTraceback(logging.Filter):
    """cookiecutter logs a failed hook with the traceback of its own call stack; the pre-generation
    hook has already said what is wrong in archkit's words, so the user sees no Python internals."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and type(record.exc_info[1]).__name__ == "FailedHookException":
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_hook_failures() -> None:
    log = logging.getLogger("cookiecutter.hooks")
    if not any(isinstance(f, _NoHookTraceback) for f in log.filters):
        log.addFilter(_NoHookTraceback())


class ArchkitContext(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        _quiet_hook_failures()
        cache: dict = {}

        def archkit(cookiecutter):
            given = given_answers(cookiecutter)
            key = tuple(sorted(given.items()))
            if key not in cache:
                from .catalog import load_catalog
                from .render.answers import resolve
                from .render.context import build_context

                catalog = load_catalog()
                ak = build_context(catalog, resolve(catalog, given=given))
                # as archkit's render_files: structural checklist claims are proven on a first render
                from .checklists.plan import settle
                from .paths import templates_dir
                from .render.engine import render_tree

                settle(ak, render_tree(templates_dir() / "starter", dict(cookiecutter), ak),
                       {r.name: r.id for r in catalog.roles.values()})
                cache[key] = ak
            return cache[key]

        environment.globals["archkit"] = archkit

