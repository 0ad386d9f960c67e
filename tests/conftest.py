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


def require_shared(path: Path) -> Path:
    """Oracles and reference data live in ../shared: absent in CI is a failure, not a skip."""
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing; CI must provide ../shared (set ARCHKIT_ORACLES for the oracles)")
    pytest.skip(f"{path} not available on this machine (CI requires it)")


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
