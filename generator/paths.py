"""Where archkit's data lives: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    shipped = _PACKAGE / "_data"
    if (shipped / "catalog").is_dir():
        return shipped
    return _PACKAGE.parent


def catalog_dir() -> Path:
    return _data_root() / "catalog"


def templates_dir() -> Path:
    override = os.environ.get("ARCHKIT_TEMPLATES")
    return Path(override) if override else _data_root() / "templates"


def schema_dir() -> Path:
    return catalog_dir() / "schema"


def oracles_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The offline oracle folder: explicit, $ARCHKIT_ORACLES, or ../shared/oracles."""
    if explicit:
        return Path(explicit) if (Path(explicit) / "azure-resource-types.json").is_file() else None
    candidates = []
    if os.environ.get("ARCHKIT_ORACLES"):
        candidates.append(Path(os.environ["ARCHKIT_ORACLES"]))
    candidates += [_PACKAGE.parent.parent / "shared" / "oracles", Path.cwd().parent / "shared" / "oracles"]
    for c in candidates:
        if (c / "azure-resource-types.json").is_file():
            return c
    return None
