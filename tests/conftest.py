"""Shared fixtures: the shipped catalog, the shipped oracle index, and the render matrix.

Everything here comes from the checkout itself. Only tests marked ``reference`` read the
reference folder ``../shared`` (through ``require_shared``): they prove that the data the
project carries (the oracle index, tests/data/reference-facts.json) matches it.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.oracles import SHIPPED, Oracles

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FACTS = Path(__file__).parent / "data" / "reference-facts.json"

# The suite sees what a user without settings sees: the shipped oracle index, never a
# developer's $ARCHKIT_ORACLES or an index `archkit oracles update` wrote into their cache.
os.environ.pop("ARCHKIT_ORACLES", None)
os.environ["ARCHKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="archkit-tests-cache-")
atexit.register(shutil.rmtree, os.environ["ARCHKIT_CACHE_DIR"], True)


def missing(what: str, how: str) -> None:
    """A prerequisite `make test` provides is absent: a failure in CI, a skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; {how}")
    pytest.skip(f"{what} is not available on this machine (CI requires it; {how})")


def isolate_git(mp: pytest.MonkeyPatch, folder: Path) -> None:
    """No dependence on the machine's git config (conflict style, signing, hooks) or archkit cache."""
    cfg = folder / "gitconfig"
    cfg.write_text("[user]\n\tname = Test User\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n")
    mp.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    mp.setenv("ARCHKIT_CACHE_DIR", str(folder / "cache"))


def git(root: Path, *args: str, check: bool = True) -> str:
    """A git command's output in ``root``; it must succeed unless ``check`` is false."""
    import subprocess

    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.stdout


def require_shared(path: Path) -> Path:
    """A file of the reference folder ../shared, for tests marked ``reference`` only."""
    if not path.exists():
        missing(str(path), "CI must provide the reference folder ../shared beside the checkout")
    return path


# --- the `reference` marker: one summary line of what ran --------------------------------

_reference: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}


def pytest_runtest_logreport(report):
    if "reference" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        why = report.longrepr[2] if report.skipped and isinstance(report.longrepr, tuple) else report.nodeid
        _reference[report.outcome].append(str(why))


def pytest_terminal_summary(terminalreporter):
    ran = len(_reference["passed"]) + len(_reference["failed"])
    skipped = _reference["skipped"]
    if not ran and not skipped:
        return
    line = f"reference tests (against {SHARED}): {ran} ran ({len(_reference['failed'])} failed)"
    if skipped:
        why = skipped[0].split("Skipped: ", 1)[-1]
        line += f", {len(skipped)} skipped: {why}"
    terminalreporter.write_line(line)


# --- editing a copied repository in tests ---------------------------------------------------


VALIDATE_FIXTURES = Path(__file__).parent / "fixtures" / "validate"


def copy_validate_fixture(tmp_path: Path, flavour: str) -> Path:
    """A private copy of the validator's small fixture repository of one flavour."""
    import shutil

    dest = tmp_path / flavour
    shutil.copytree(VALIDATE_FIXTURES / flavour, dest)
    return dest


def mutate(root: Path, file: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``file``; the test breaks loudly if it drifted."""
    path = root / file
    text = path.read_text()
    assert text.count(old) == 1, f"drifted: {old!r} is not unique in {file}"
    path.write_text(text.replace(old, new))


def line_of(root: Path, file: str, needle: str) -> int:
    lines = [n for n, t in enumerate((root / file).read_text().splitlines(), 1) if needle in t]
    assert len(lines) == 1, f"{needle!r} should be on exactly one line of {file}: {lines}"
    return lines[0]


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(use_cache=False)


@pytest.fixture(scope="session")
def oracle_root() -> Path:
    """The oracle index archkit ships (not $ARCHKIT_ORACLES or a user-updated one)."""
    return SHIPPED


@pytest.fixture(scope="session")
def arm(oracle_root):
    """Every ARM type of the index, keyed by lower-case name."""
    index = Oracles(oracle_root)
    return {k.lower(): v for ns in index.arm_namespaces for k, v in index.arm_namespace(ns).items()}


@pytest.fixture(scope="session")
def azurerm(oracle_root):
    return Oracles(oracle_root).azurerm_index()["resources"]


@pytest.fixture(scope="session")
def facts() -> dict:
    """Naming rules, region names and recommendation ids carried from the reference folder."""
    return json.loads(FACTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def naming_rules(facts):
    return facts["naming_rules"]


def matrix(cat=None):
    cat = cat or load_catalog()
    return [(a.id, iac, mode) for a in cat.architectures.values()
            for iac in ("bicep", "terraform") for mode in a.network_supported]


def options_matrix(cat=None):
    """(entry, flavour, mode, "options=all") for every entry with optional components."""
    cat = cat or load_catalog()
    return [(a.id, iac, mode, "options=all") for a in cat.architectures.values() if a.options
            for iac in ("bicep", "terraform") for mode in a.network_supported]


def _render_to(base, catalog, combo):
    from generator.validate.scan_matrix import render_combo

    arch_id, iac, mode, *_ = combo
    return render_combo(catalog, base, {"architecture": arch_id, "iac": iac, "network": mode}, combo)


@pytest.fixture(scope="session")
def rendered(catalog, tmp_path_factory):
    """Every entry x flavour x network mode, rendered once to disk with --no-input defaults."""
    base = tmp_path_factory.mktemp("matrix")
    return {combo: _render_to(base, catalog, combo) for combo in matrix(catalog)}


@pytest.fixture(scope="session")
def rendered_options(catalog, tmp_path_factory):
    """The same with every optional component chosen (`--set options=all`), keyed by 4-tuples."""
    base = tmp_path_factory.mktemp("matrix-options")
    return {combo: _render_to(base, catalog, combo) for combo in options_matrix(catalog)}
