"""role-unlisted: every role the modules assign is one the entry's identity table grants.

A generated repository records its catalog entry in `.archkit/answers.yml`; the entry's
`identities` list which identity holds which role on which component (`archkit show` prints
it, the README repeats it). A module that assigns any other built-in role (an added Owner,
a Contributor "to make it work") is reported, as is a role a module grants on its own
resource that the table grants only on other components.
"""

from __future__ import annotations

import re
from pathlib import Path

from .findings import Finding, error

GUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_MAX = 1_000_000
# The role_assignments macro's list of roles on the module's own resource: the workload
# identity's (roleDefinitionIds / role_definition_ids) or a compute's own identity's
# (functionAppRoleDefinitionIds / function_app_role_definition_ids).
OWN_LIST = re.compile(r"^(?:var (?:(?P<camel>[a-z][A-Za-z]*)R|r)oleDefinitionIds = \[|(?:(?P<snake>[a-z][a-z_]*)_)?role_definition_ids = \{)$")


def _architecture(root: Path) -> tuple[str | None, object]:
    """The recorded entry id and its `options` answer."""
    from ..update import state

    try:
        answers = state.read(root).answers
    except Exception:  # noqa: BLE001 - no or broken answers file: nothing to compare against
        return None, None
    return answers.get("architecture"), answers.get("options")


def _module_files(root: Path):
    modules = root / "infra" / "modules"
    if not modules.is_dir():
        return
    for path in sorted(modules.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".bicep", ".tf") or path.stat().st_size > _MAX:
            continue
        module = path.stem if path.suffix == ".bicep" else path.parent.name
        try:
            yield module, path, path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue


def check(root: Path, catalog=None) -> tuple[list[Finding], str | None]:
    """Findings, and a note when the check could not run."""
    if not (Path(root) / ".archkit" / "answers.yml").exists():
        return [], None  # not a repository archkit rendered: there is no identity table to hold it to
    arch_id, chosen = _architecture(root)
    if not arch_id:
        return [], "role check skipped: no readable .archkit/answers.yml naming the catalog entry"
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    arch = catalog.architectures.get(arch_id)
    if arch is None:
        return [], f"role check skipped: the catalog has no entry {arch_id!r}"
    from ..catalog import options as catalog_options
    from ..errors import ArchkitError

    try:
        arch = catalog_options.effective(arch, catalog_options.parse(arch, chosen))
    except ArchkitError as exc:
        return [], f"role check skipped: .archkit/answers.yml: {exc.message}"
    by_id = {r.id: r.name for r in catalog.roles.values()}
    granted: dict[str, set[str]] = {}  # role name -> modules of the components it is granted on
    for ident in arch.identities:
        for g in ident.roles:
            comp = catalog.components.get(g.scope)
            mods = granted.setdefault(g.role, set())  # a resource-group grant names no module
            if comp:
                mods.add(comp.module)
    # A compute's own identity (one identity per function) has its own list, named after the
    # compute: each role in it must be one that identity holds on this module's component.
    own: dict[str, tuple[str, dict[str, set[str]]]] = {}  # list prefix -> (compute, role -> modules)
    for ident in arch.identities:
        if ident.compute:
            held: dict[str, set[str]] = {}
            for g in ident.roles:
                comp = catalog.components.get(g.scope)
                if comp:
                    held.setdefault(g.role, set()).add(comp.module)
            head, *rest = ident.compute.split("-")
            for prefix in (head + "".join(p.capitalize() for p in rest), ident.compute.replace("-", "_")):
                own[prefix] = (ident.compute, held)
    findings = []
    for module, path, text in _module_files(root):
        rel = path.relative_to(root).as_posix()
        in_own_list = False  # inside the module's list of roles on its own resource (role_assignments macro)
        holder = None  # the compute whose own identity the list is for
        for n, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if (match := OWN_LIST.match(stripped)):
                in_own_list = True
                holder = own.get((match["camel"] or match["snake"] or "").removesuffix("Sql").removesuffix("_sql"))
            elif in_own_list and stripped in ("]", "}"):
                in_own_list, holder = False, None
            for guid in GUID.findall(line):
                name = by_id.get(guid)
                if name is None:
                    if "role" in line.lower() or "Microsoft.Authorization/roleDefinitions" in text:
                        findings.append(error(rel, n, "role-unlisted",
                                              f"role definition {guid} is not a role the catalog knows; {arch_id}'s identity "
                                              "table grants no such role (remove it, or add it to the entry's identities)"))
                    continue
                if name not in granted:
                    findings.append(error(rel, n, "role-unlisted",
                                          f"{name} ({guid}) is assigned here, but no identity of {arch_id} holds it "
                                          "(remove the assignment, or add the grant to the entry's identities)"))
                elif holder and module not in holder[1].get(name, ()):
                    findings.append(error(rel, n, "role-unlisted",
                                          f"{name} is assigned to {holder[0]}'s identity in module {module}, but "
                                          f"{arch_id}'s identity table gives that identity no such role here "
                                          "(remove it, or add the grant to that identity)"))
                elif in_own_list and module not in granted[name]:
                    # the module grants it on its own resource; grants on other scopes (Agent
                    # Service's project roles, API Management's on Foundry) are checked globally
                    findings.append(error(rel, n, "role-unlisted",
                                          f"{name} is assigned in module {module}, but {arch_id}'s identity table grants it "
                                          f"only on {', '.join(sorted(granted[name]))}"))
    return findings, None
