"""`archkit kit init DIR`: a commented starter kit that validates as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import KitError

KIT_YAML = """\
# yaml-language-server: $schema=./kit.schema.json
# A platform-team kit for archkit: your organisation's standard, applied on top of every
# starter repository by `archkit new ID --kit {dir}` (or --kit PATH@REF for a git tag).
# kit.schema.json beside this file is the schema of the archkit that wrote it, for editor
# completion offline; `archkit kit schema > kit.schema.json` refreshes it. Check this file
# with `archkit kit validate {dir}`. Everything below the first three keys is optional.

name: {name}                 # short id, recorded in .archkit/answers.yml
version: 0.1.0               # bump it when you change the kit; `archkit check` reports it
description: Platform standard for {name} workloads.

# --- Resource names. Every name is still checked against its Azure naming rule. -------
# Tokens: {{prefix}} {{abbr}} {{workload}} {{env}} {{suffix}} (uniqueness) {{postfix}}.
# Each '-' in the pattern becomes `separator`; storage/registry names drop separators.
# naming:
#   prefix: "plt-"
#   pattern: "{{prefix}}{{abbr}}-{{workload}}-{{env}}-{{suffix}}"
#   separator: "-"
#   lowercase: true
#   abbreviations:            # per component id (`archkit catalog components`)
#     key-vault: kv

# --- Tags on every taggable resource: a fixed value, or one the user must give --------
# with `archkit new ... --set tags.costCenter=cc-1234`.
# tags:
#   - name: owner
#     value: platform-team
#   - name: costCenter
#     description: Cost centre that pays for the workload
#     pattern: "^cc-[0-9]{{4}}$"

# --- Where and how workloads may be deployed ---------------------------------------------
# regions:
#   allowed: [swedencentral, westeurope]
#   default: swedencentral
# network:
#   allowed: [private, landing-zone]
#   default: private

# --- Azure Policy assignments rendered into the IaC (resource-group scope) -------------
# Built-in definitions only: /providers/Microsoft.Authorization/policyDefinitions/<guid>.
# policies:
#   - name: allowed-locations
#     display_name: Allowed locations
#     definition_id: /providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c
#     parameters:
#       listOfAllowedLocations: [swedencentral, westeurope]
#     enforce: true

# --- Extra checklist items, shown in docs/checklists/<area>.md as "(platform kit)" -----
# checklist:
#   - id: PLT-GOV-01
#     area: governance        # resource-selection, networking, governance, management, security
#     text: Register the workload in the service catalogue before the first production deployment
#     severity: medium        # high, medium, low
#     link: https://learn.microsoft.com/azure/cloud-adoption-framework/govern/

# --- Default answers (command-line options still win) ----------------------------------
# defaults:
#   iac: terraform
#   environment: dev

# --- overlay/: extra or replacement files ---------------------------------------------
# Every file under overlay/ is written into the repository at the same path, rendered
# with Jinja like the starter template (`ak` and `cookiecutter` are available), e.g.
# overlay/CODEOWNERS or overlay/.github/pull_request_template.md. Files whose {{{{ }}}}
# is not Jinja (GitHub workflows) go verbatim when listed here:
# overlay:
#   copy_without_render: [".github/workflows/*"]
#
# A kit is data: hooks/, *.py files and Jinja extensions are refused unless the user
# passes --trust, and archkit never runs them.
"""

README = """\
# {name}: an archkit platform-team kit

- `kit.yaml`: naming, tags, regions, network modes, policy assignments, checklist items,
  default answers (see the comments in it).
- `overlay/`: files added to (or replacing files in) every generated repository.

Check it with `archkit kit validate .`; use it with `archkit new ID --kit PATH` or, once
this folder is a git repository with tags, `archkit new ID --kit PATH@v0.1.0`.
"""


def kit_name(directory: Path) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", directory.resolve().name.lower()).strip("-")
    if not name or not name[0].isalpha():
        name = "kit-" + name if name else "platform-kit"
    return name[:40].rstrip("-") or "platform-kit"


def schema_text() -> str:
    """The kit.yaml JSON Schema of this archkit (shipped in the wheel)."""
    from ..paths import schema_dir

    return (schema_dir() / "kit.schema.json").read_text(encoding="utf-8")


def _no_links(directory: Path) -> None:
    """Refuse a kit folder that is, or sits below, a symbolic link: init writes only into
    folders it can see, never through a link (a dangling one would create its target)."""
    probe = Path(os.path.abspath(directory))
    if probe.is_symlink():
        raise KitError(f"{directory} is a symbolic link (to {os.readlink(probe)})",
                       "pass the real folder, or a new path that is not a link")
    for name in ("kit.yaml", "kit.schema.json", "README.md", "overlay", "overlay/.gitkeep"):
        if (probe / name).is_symlink():
            raise KitError(f"{directory}/{name} is a symbolic link (to {os.readlink(probe / name)})",
                           "choose an empty or new folder")


def _create(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o644)  # O_EXCL: never through a link, never over a file
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def init_kit(directory: Path) -> list[Path]:
    directory = Path(directory)
    _no_links(directory)
    if (directory / "kit.yaml").exists():
        raise KitError(f"{directory}/kit.yaml already exists", "choose another folder, or edit the existing kit")
    if directory.exists() and not directory.is_dir():
        raise KitError(f"{directory} exists and is not a folder", "choose another path")
    name = kit_name(directory)
    files = {
        directory / "kit.yaml": KIT_YAML.format(name=name, dir=directory.as_posix()),
        directory / "kit.schema.json": schema_text(),
        directory / "README.md": README.format(name=name),
        directory / "overlay" / ".gitkeep": "",
    }
    for path, text in files.items():
        if path.exists():
            raise KitError(f"{path} already exists", "choose an empty or new folder")
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.is_symlink():
                raise KitError(f"{path.parent} is a symbolic link", "choose an empty or new folder")
            _create(path, text)
    except FileExistsError as exc:
        raise KitError(f"{exc.filename} appeared while writing the kit", "choose an empty or new folder") from None
    except OSError as exc:
        raise KitError(f"cannot write {directory}: {exc.strerror}", "choose a folder you can write to") from None
    return list(files)
