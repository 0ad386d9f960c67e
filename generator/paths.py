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
    """The oracle index to use: explicit, $ARCHKIT_ORACLES, the user-updated one, the shipped one.

    A bad explicit or $ARCHKIT_ORACLES folder raises InputError (see ``generator.oracles.locate``).
    """
    from .oracles import locate

    found = locate(explicit)
    return found.path if found else None
