"""Lets plain `cookiecutter` (and pytest-cookies) render this template.

It gives the templates the same `archkit(cookiecutter)` context function that archkit
itself provides, built from the catalog by archkit's own library. `network: default`
means the architecture's default posture; an empty `name_suffix` is derived.
"""

import sys
from pathlib import Path

from jinja2.ext import Extension

_HERE = Path(__file__).resolve().parent


def _import_generator():
    try:
        import generator.render  # noqa: F401  (installed archkit)
    except ImportError:
        sys.path.insert(0, str(_HERE.parents[1]))  # a checkout: templates/starter -> repo root


class ArchkitContext(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        cache = {}

        def archkit(cookiecutter):
            key = tuple(sorted((k, str(v)) for k, v in dict(cookiecutter).items() if not k.startswith("_")))
            if key not in cache:
                _import_generator()
                from generator.catalog import load_catalog
                from generator.render.answers import resolve
                from generator.render.context import build_context

                catalog = load_catalog()
                given = {k: cookiecutter[k] for k in ("architecture", "iac", "name", "location", "environment")}
                if cookiecutter.get("network") not in (None, "", "default"):
                    given["network"] = cookiecutter["network"]
                if cookiecutter.get("name_suffix"):
                    given["name_suffix"] = cookiecutter["name_suffix"]
                answers = resolve(catalog, given=given)
                ak = build_context(catalog, answers)
                # as archkit's render_files: structural checklist claims are proven on a first render
                from generator.checklists.plan import settle
                from generator.render.engine import render_tree

                settle(ak, render_tree(_HERE, dict(cookiecutter), ak), {r.name: r.id for r in catalog.roles.values()})
                cache[key] = ak
            return cache[key]

        environment.globals["archkit"] = archkit
