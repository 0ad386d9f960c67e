"""`archkit kit validate`: everything `archkit new --kit` would trip over, found up front.

Schema and meaning of kit.yaml, names for every resource type in the catalog (shortest
and a long workload name, every environment), real regions, well-formed policy ids,
and overlay templates rendered against every entry in both flavours.
"""

from __future__ import annotations

import dataclasses
import re

from ..errors import ArchkitError, KitError, Problem

SHORT_WORKLOAD = "ab"
LONG_WORKLOAD = "longname"  # 8 characters, as long as archkit's default names such as chat-app
SUFFIX = "ab12"  # the length archkit derives


def check_kit(spec: str, catalog):
    """(kit or None, problems, notes)."""
    from .loader import display_path, read_kit
    from .source import materialise, parse_spec

    notes: list[str] = []
    try:
        s = parse_spec(spec)
        display = s.display if s.remote else display_path(s.path) + (f"@{s.ref}" if s.ref else "")
        with materialise(s) as (root, commit):
            kit, problems, executables = read_kit(root, display, catalog, source=s.given if s.remote else str(s.path),
                                                  ref=s.ref, commit=commit)
    except KitError as exc:
        return None, [Problem(str(spec), None, "", exc.message)], notes
    for e in executables:
        notes.append(f"{e}: refused by `archkit new` without --trust (and never run by archkit)")
    if kit is None:
        return None, problems, notes
    problems += _naming(kit, catalog, notes)
    problems += _overlay(kit, catalog, notes)
    return kit, problems, notes


def _naming(kit, catalog, notes: list[str]) -> list[Problem]:
    from ..render import naming

    if kit.convention is None:
        return []
    file, line = kit.file, int(kit.where("naming").rsplit(":", 1)[1])
    problems, budget, tightest = [], None, None
    for c in catalog.components.values():
        if c.naming.style == "fixed":
            continue
        abbr = naming.abbreviation(c, kit.convention)
        reported = False
        for workload in (SHORT_WORKLOAD, LONG_WORKLOAD):
            for env_code in sorted(set(naming.ENV_CODES.values())):
                name = naming.resolve(c.naming.style, abbr, workload, env_code, SUFFIX, kit.convention)
                rule = c.naming
                why = None
                if not rule.min <= len(name) <= rule.max:
                    why = f"is {len(name)} characters; {c.arm_type} allows {rule.min}-{rule.max}"
                elif not re.fullmatch(rule.pattern, name):
                    why = f"breaks the rule for {c.arm_type} (pattern {rule.pattern})"
                if why and not reported:
                    what = "the shortest workload name" if workload == SHORT_WORKLOAD else \
                        f"a workload name of {len(workload)} characters"
                    problems.append(Problem(file, line, "naming", f"{c.title} name {name!r} ({what}) {why}"))
                    reported = True
        room = kit.workload_budget([c], "dev", SUFFIX)
        if room is not None and (budget is None or room < budget):
            budget, tightest = room, c.title
    if budget is not None and not problems:
        notes.append(f"naming: workload names (--name) may have up to {budget} characters with this kit "
                     f"({tightest} is the tightest rule)")
    return problems


def _overlay(kit, catalog, notes: list[str]) -> list[Problem]:
    from ..render import cookiecutter_context
    from ..render.answers import resolve
    from ..render.context import build_context
    from .overlay import OverlayError

    if not kit.overlay:
        return []
    # sample values for the tags the user would supply; their patterns are not the point here
    tags = {t.name: "example" for t in kit.tags_ if t.value is None}
    sample = dataclasses.replace(kit, tags_=tuple(dataclasses.replace(t, pattern=None) for t in kit.tags_))
    problems: dict[tuple, Problem] = {}
    skipped, rendered = {}, 0
    for arch in catalog.architectures.values():
        for iac in ("bicep", "terraform"):
            try:
                answers = resolve(catalog, given={"architecture": arch.id, "iac": iac, "name": SHORT_WORKLOAD,
                                                  "tags": dict(tags)}, kit=sample)
                ak = build_context(catalog, answers, sample)
            except ArchkitError as exc:
                skipped[arch.id] = exc.message.split("\n", 1)[0]
                break  # the kit's regions, network modes or names do not fit this entry
            try:
                sample.render_overlay(cookiecutter_context(answers), ak)
                rendered += 1
            except OverlayError as exc:
                key = (exc.problem.file, exc.problem.line)
                problems.setdefault(key, Problem(exc.problem.file, exc.problem.line, "overlay",
                                                 f"{exc.problem.message} (rendering {arch.id}, {iac})"))
                if exc.exhausting:  # another entry would spend the same budget again
                    return list(problems.values())
    by_reason: dict[str, list[str]] = {}
    for arch_id, why in sorted(skipped.items()):
        by_reason.setdefault(why.rstrip(":"), []).append(arch_id)
    for why, arch_ids in by_reason.items():
        notes.append(f"overlay: not rendered for {', '.join(arch_ids)} ({why})")
    if not rendered and not problems:
        notes.append("overlay: no catalog entry can be rendered with this kit")
    return list(problems.values())
