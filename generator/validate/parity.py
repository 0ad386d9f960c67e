"""Parity: a Bicep rendering and a Terraform rendering declare the same Azure types.

A rendered repository holds one flavour, so parity compares two directories. One azurerm
type may express several ARM types (a private endpoint carries its DNS zone group), so
the comparison is by overlap: an ARM type is covered when some Terraform resource maps to
it, and a Terraform resource is covered when one of its ARM types is declared in Bicep.
"""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, error, warning

RULE = "parity"


def bicep_types(root: Path) -> dict[str, tuple[str, int, str]]:
    """Lower-cased ARM type -> (file, line, spelling) of its first non-existing declaration."""
    from .bicep import load, resources

    files, _ = load(root)
    found: dict[str, tuple[str, int, str]] = {}
    for bf in files.values():
        for _sym, rtype, _v, existing, _body, start, _end in resources(bf):
            if rtype and not existing:
                found.setdefault(rtype.lower(), (bf.rel, start, rtype))
    return found


def terraform_types(root: Path) -> list[tuple[str, str, int]]:
    """(resource type, file, line) per Terraform resource; azapi types as `azapi:<ARM type>`."""
    from .terraform import load

    modules, _, _ = load(root)
    found = []
    for m in modules.values():
        for block in m.of("resource"):
            if not block.labels:
                continue
            name = block.labels[0]
            if name == "azapi_resource":
                t = block.attrs.get("type")
                if t is not None and isinstance(t.value, str) and "@" in t.value:
                    name = "azapi:" + t.value.rsplit("@", 1)[0]
            found.append((name, block.file, block.line))
    return found


def parity(bicep_root: Path, terraform_root: Path, catalog=None) -> list[Finding]:
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    mapping = {tf: {a.lower() for a in arms} for tf, arms in catalog.azurerm_to_arm().items()}
    arm = bicep_types(Path(bicep_root))
    tf = terraform_types(Path(terraform_root))
    findings: list[Finding] = []
    covered: set[str] = set()
    seen_tf: set[str] = set()
    for name, file, line in tf:
        if name in seen_tf:
            continue
        seen_tf.add(name)
        arms = {name[6:].lower()} if name.startswith("azapi:") else mapping.get(name)
        if arms is None:
            if name.startswith("azurerm_"):
                findings.append(warning(file, line, RULE,
                                        f"{name} has no ARM type in the catalog, so parity cannot place it"))
            continue  # random_*, time_*, null_*: helpers with no Azure resource behind them
        covered |= arms
        if not arms & set(arm):
            findings.append(error(file, line, RULE,
                                  f"{name} ({', '.join(sorted(arms))}) has no counterpart in the Bicep rendering"))
    for key, (file, line, spelling) in sorted(arm.items()):
        if key not in covered:
            findings.append(error(file, line, RULE,
                                  f"{spelling} is declared in Bicep but no Terraform resource expresses it"))
    return findings
