"""Platform-team kits: an organisation's standard applied on top of every starter repository.

A kit is a folder (or `PATH@REF`, a local git repository pinned to a ref) holding
`kit.yaml` and an optional `overlay/` folder; see catalog/schema/kit.schema.json and
`archkit kit init`. Kit content is data: hooks, Python files and Jinja extensions are
refused unless the user passes --trust or lists the kit in ARCHKIT_TRUSTED_KITS, and
even then archkit does not run or load them.

For `archkit new` (generator/cli/new_cmd.py): `load_kit(spec, trust=...)`.
For `archkit check` / `archkit update`: `load_recorded_kit(info)` reloads the kit recorded
in .archkit/answers.yml (`kit:`), and `kit_status(info, kit)` says whether it changed.
"""

from __future__ import annotations

import copy
import re

from ..errors import KitError
from .model import Kit

__all__ = ["Kit", "load_kit", "load_recorded_kit", "kit_status", "compare_versions", "check_kit"]


def _catalog(catalog):
    if catalog is not None:
        return catalog
    from ..catalog import load_catalog

    return load_catalog()


def load_kit(spec: str, *, trust: bool = False, catalog=None, warn: bool = True, base=None) -> Kit:
    """Load and validate a kit; raise KitError (exit 2) on any problem or untrusted code.

    ``base``: the folder a relative kit folder is relative to (a repository root for a
    recorded source; the working folder by default).
    """
    from . import source
    from .loader import display_path, read_kit
    from .source import is_trusted, materialise, parse_spec

    s = parse_spec(spec, base)
    catalog = _catalog(catalog)
    trusted = trust or is_trusted(s)
    shared = source.shared_kits()
    key = (s.url, s.ref, trusted) if (s.remote and shared is not None) else None
    if key in (shared or {}):
        return copy.copy(shared[key])
    display = s.display if s.remote else display_path(s.path) + (f"@{s.ref}" if s.ref else "")
    with materialise(s) as (root, commit):
        kit, problems, executables = read_kit(root, display, catalog, source=s.given if s.remote else str(s.path),
                                              ref=s.ref, commit=commit)
    if problems:
        if kit is None and len(problems) == 1 and problems[0].message.startswith("not found"):
            raise KitError(f"{s.display} holds no kit.yaml", "pass the kit folder (or PATH@REF); "
                           "`archkit kit init DIR` writes a starter kit")
        raise KitError("\n".join(str(p) for p in problems),
                       "fix the kit lines shown; `archkit kit validate DIR` re-checks the whole kit")
    if executables and not trusted:
        listing = "\n  - ".join(executables)
        raise KitError(f"kit {kit.name} {kit.version} ({display}) contains code, and a kit is data; "
                       f"these would run:\n  - {listing}",
                       f"review those files; if you trust the kit, pass --trust or add {s.given} to "
                       "ARCHKIT_TRUSTED_KITS (archkit still never runs kit hooks or loads kit extensions; "
                       "overlay files are then written, and may run when you open, commit or build the repository)")
    if executables and warn:
        from .. import console

        console.warn(f"kit {kit.name} is trusted; archkit does not run its hooks or load its extensions: "
                     + "; ".join(executables))
    kit.trusted = trusted
    kit.spec = s
    if key is not None:
        shared[key] = copy.copy(kit)
    return kit


def load_recorded_kit(info: dict, *, trust: bool = False, pinned: bool = False, catalog=None,
                      root=None, ref: str | None = None) -> Kit:
    """Reload the kit recorded in .archkit/answers.yml (`kit:` = Kit.info()).

    By default the recorded source is read again: a folder as it is now, or `source@ref`
    with the ref resolved again (a branch may have moved, so a newer version shows up).
    ``pinned=True`` reads `source@commit`, exactly what the repository was rendered from;
    ``ref`` moves to another ref of the same source (`archkit update --kit-ref`). A relative
    folder source is relative to the repository ``root``.
    """
    if not isinstance(info, dict) or not info.get("source") or not info.get("name"):
        raise KitError("the answers file records a kit without name and source",
                       "restore .archkit/answers.yml from git history, or pass --kit PATH")
    source, commit = str(info["source"]), info.get("commit")
    ref = ref or info.get("ref")
    at = commit if (pinned and commit) else ref
    try:
        kit = load_kit(f"{source}@{at}" if at else source, trust=trust, catalog=catalog, base=root)
    except KitError as exc:
        raise KitError(f"kit {info['name']} recorded in .archkit/answers.yml cannot be loaded from {source}"
                       f"{'@' + at if at else ''}:\n{exc.message}",
                       exc.hint or "pass --kit SOURCE[@REF] to say where the kit lives now") from None
    if kit.name != info["name"]:
        raise KitError(f"{source} now holds kit {kit.name!r}, but this repository was rendered with kit {info['name']!r}",
                       "pass --kit PATH[@REF] to say where the kit lives now")
    if pinned and commit:
        kit.ref = ref
    if root is not None:
        kit.relocate(root)
    return kit


def _version_key(v: str):
    main, _, pre = str(v).partition("-")
    main = main.split("+", 1)[0]
    nums = tuple(int(x) for x in re.findall(r"\d+", main))
    return nums + (0,) * (3 - len(nums)), (pre == "", pre)


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as kit version a is older than, equal to or newer than b."""
    ka, kb = _version_key(a), _version_key(b)
    return (ka > kb) - (ka < kb)


def kit_status(info: dict, kit: Kit) -> dict:
    """How the kit available now differs from the one recorded (for `archkit check`)."""
    recorded = str(info.get("version", ""))
    order = compare_versions(kit.version, recorded) if recorded else 1
    return {
        "name": kit.name, "recorded_version": recorded, "version": kit.version,
        "newer": order > 0, "older": order < 0,
        "changed": order != 0 or (bool(info.get("digest")) and info.get("digest") != kit.digest),
        "recorded_commit": info.get("commit"), "commit": kit.commit,
    }


def check_kit(spec: str, catalog=None):
    """`archkit kit validate`: (kit or None, problems, notes). Never raises for kit content."""
    from .check import check_kit as run

    return run(spec, _catalog(catalog))
