"""Shared fixtures: the shipped catalog, the offline oracles, and the render matrix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.paths import oracles_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def missing(what: str, how: str) -> None:
    """A prerequisite `make test` provides is absent: a failure in CI, a skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; {how}")
    pytest.skip(f"{what} is not available on this machine (CI requires it; {how})")


def require_shared(path: Path) -> Path:
    """Oracles and reference data live in ../shared."""
    if not path.exists():
        missing(str(path), "CI must provide ../shared (set ARCHKIT_ORACLES for the oracles)")
    return path


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
    root = oracles_dir()
    if root is None:
        require_shared(SHARED / "oracles")
    return root


@pytest.fixture(scope="session")
def arm(oracle_root):
    data = json.loads((oracle_root / "azure-resource-types.json").read_text())
    return {k.lower(): v for k, v in data.items()}


@pytest.fixture(scope="session")
def azurerm(oracle_root):
    return json.loads((oracle_root / "azurerm-schema.json").read_text())


@pytest.fixture(scope="session")
def naming_rules():
    path = require_shared(SHARED / "reference" / "naming" / "resourcetypes.json")
    return json.loads(path.read_text())


def matrix(cat=None):
    cat = cat or load_catalog()
    return [(a.id, iac, mode) for a in cat.architectures.values()
            for iac in ("bicep", "terraform") for mode in a.network_supported]


@pytest.fixture(scope="session")
def rendered(catalog, tmp_path_factory):
    """Every entry x flavour x network mode, rendered once to disk with --no-input defaults."""
    from generator.render import render_files
    from generator.render.answers import resolve

    base = tmp_path_factory.mktemp("matrix")
    out = {}
    for arch_id, iac, mode in matrix(catalog):
        answers = resolve(catalog, given={"architecture": arch_id, "iac": iac, "network": mode})
        files, ak = render_files(catalog, answers)
        root = base / f"{arch_id}-{iac}-{mode}"
        for rel, data in files.items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        out[(arch_id, iac, mode)] = (root, files, ak)
    return out
