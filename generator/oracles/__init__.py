"""The offline oracles: ARM types (from the Bicep type files) and the azurerm provider schema.

archkit ships a compact index of both in ``generator/_oracles`` (built by
``python -m generator.oracles.build``); ``archkit oracles update`` writes a newer one into the
user cache. ``locate`` picks one: ``--oracles`` / ``$ARCHKIT_ORACLES``, then the user-updated
index, then the shipped one. Nothing here is imported at start-up: only ``validate``,
``catalog lint`` and ``oracles`` load it, and an index is read one ARM namespace at a time.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import InputError

FORMAT = 1  # bump when the layout or the fields of the index change
MARKER = "PROVENANCE.json"
SHIPPED = Path(__file__).resolve().parent.parent / "_oracles"
MAX_FILE = 64 * 1024 * 1024  # an index file, decompressed; the largest shipped one is ~2 MB

ORIGINS = {"option": "--oracles", "environment": "$ARCHKIT_ORACLES", "user": "user cache (archkit oracles update)",
           "shipped": "shipped with archkit"}


def user_dir() -> Path:
    """Where `archkit oracles update` writes its index."""
    from ..catalog.cache import cache_dir

    return Path(cache_dir()) / "oracles"


def read_json(path: Path, limit: int = MAX_FILE):
    """A JSON (or gzip-compressed JSON) file of an index: bounded, never through a symlink."""
    import gzip
    import io
    import json

    path = Path(path)
    if path.is_symlink():
        raise InputError(f"{path}: is a symbolic link; an oracle index holds plain files only",
                         "rebuild it with `archkit oracles update`")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
        if path.suffix == ".gz":
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
                raw = gz.read(limit + 1)
        if len(raw) > limit:
            raise InputError(f"{path}: larger than {limit // (1024 * 1024)} MB", "this is not an archkit oracle index file")
        return json.loads(raw)
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"{path}: unreadable oracle index file ({exc})",
                         "run `archkit oracles update` again, or delete that folder to use the shipped index") from None


def problem(root: Path) -> str | None:
    """Why ``root`` is not a usable index (None when it is)."""
    root = Path(root)
    marker = root / MARKER
    if not marker.is_file():
        if (root / "azure-resource-types.json").is_file():
            return ("a raw oracle folder, not an archkit index; build one with "
                    f"`python -m generator.oracles.build --source {root} --out DIR`")
        return f"no {MARKER} there"
    try:
        prov = read_json(marker, 1024 * 1024)
    except InputError as exc:
        return exc.message
    if not isinstance(prov, dict) or prov.get("format") != FORMAT:
        got = prov.get("format") if isinstance(prov, dict) else None
        return f"index format {got}, this archkit reads format {FORMAT}; run `archkit oracles update`"
    return None


@dataclass
class Located:
    path: Path
    origin: str  # a key of ORIGINS
    notes: list[str] = field(default_factory=list)  # e.g. a user index that was passed over


def locate(explicit: str | os.PathLike | None = None) -> Located | None:
    """The index to use: explicit, $ARCHKIT_ORACLES, the user-updated one, the shipped one."""
    for origin, value in (("option", explicit), ("environment", os.environ.get("ARCHKIT_ORACLES"))):
        if value:
            why = problem(Path(value))
            if why:
                name = "--oracles" if origin == "option" else "ARCHKIT_ORACLES"
                raise InputError(f"{name} {value}: {why}",
                                 "point it at an index made by `archkit oracles update` or leave it unset for the shipped one")
            return Located(Path(value), origin)
    notes = []
    user = user_dir()
    if (user / MARKER).exists():
        why = problem(user)
        if why is None:
            return Located(user, "user")
        notes.append(f"user oracle index {user} ignored ({why}); using the shipped one")
    if problem(SHIPPED) is None:
        return Located(SHIPPED, "shipped", notes)
    return None


class Oracles:
    """Read access to one index folder; each part is loaded on first use.

    Index files map a name to that entry's JSON text, so opening a file parses one string
    per entry and only the entries a repository uses are decoded (about half the time of
    parsing them all, for azurerm).
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self._raw: dict[str, dict[str, str]] = {}  # file -> name -> JSON text
        self._decoded: dict[tuple[str, str], dict] = {}

    @cached_property
    def provenance(self) -> dict:
        return read_json(self.root / MARKER, 1024 * 1024)

    def _file(self, rel: str) -> Path:
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise InputError(f"{self.root / MARKER}: file {rel!r} lies outside the index", "rebuild it with `archkit oracles update`")
        return self.root / rel

    def _entries(self, rel: str | None, key: str | None = None) -> dict[str, str]:
        """name -> JSON text of one index file (of its ``key`` member when given)."""
        if not rel:
            return {}
        if rel not in self._raw:
            data = read_json(self._file(rel))
            self._raw[rel] = data.get(key) if key and isinstance(data, dict) else data
            if key:
                self._raw[rel + "#tables"] = data
        return self._raw[rel] or {}

    def _entry(self, rel: str, name: str, text: str | None) -> dict | None:
        if text is None:
            return None
        if (rel, name) not in self._decoded:
            import json

            try:
                self._decoded[(rel, name)] = json.loads(text)
            except (TypeError, ValueError):
                raise InputError(f"{self._file(rel)}: entry {name!r} is not valid JSON",
                                 "run `archkit oracles update` again, or delete that folder to use the shipped index") from None
        return self._decoded[(rel, name)]

    # --- ARM ----------------------------------------------------------------------------

    @cached_property
    def arm_namespaces(self) -> dict[str, str]:
        """Lower-case namespace -> its file in the index."""
        files = (self.provenance.get("arm") or {}).get("files") or {}
        return {k.lower(): v for k, v in files.items()}

    @cached_property
    def _arm_names(self) -> dict[str, dict[str, str]]:
        return {}  # namespace -> lower-case type -> type as spelled in the index

    def arm_type_names(self, namespace: str) -> dict[str, str]:
        """Lower-case type name -> its spelling, for one namespace ({} if not covered)."""
        ns = namespace.lower()
        if ns not in self._arm_names:
            self._arm_names[ns] = {k.lower(): k for k in self._entries(self.arm_namespaces.get(ns))}
        return self._arm_names[ns]

    def arm_type(self, name: str) -> dict | None:
        ns = name.split("/")[0].lower()
        spelled = self.arm_type_names(ns).get(name.lower())
        rel = self.arm_namespaces.get(ns)
        return self._entry(rel, spelled, self._entries(rel).get(spelled)) if spelled else None

    def arm_namespace(self, namespace: str) -> dict[str, dict]:
        """Every type of one namespace, decoded, under its own spelling."""
        return {spelled: self.arm_type(spelled) for spelled in self.arm_type_names(namespace).values()}

    def arm_properties(self, name: str, api_version: str) -> dict | None:
        """The property tree for a type@version, falling back to the newest described one."""
        t = self.arm_type(name)
        if not t:
            return None
        props = t.get("properties", {})
        return props.get(api_version) or (props.get(t.get("latest_stable")) if t.get("latest_stable") else None) or (
            next(iter(props.values())) if props else None)

    # --- azurerm ------------------------------------------------------------------------

    @property
    def _tf_file(self) -> str | None:
        return (self.provenance.get("azurerm") or {}).get("file")

    def azurerm(self, name: str) -> dict | None:
        rel = self._tf_file
        return self._entry(rel, name, self._entries(rel, "resources").get(name)) if rel else None

    def azurerm_names(self) -> list[str]:
        return list(self._entries(self._tf_file, "resources"))

    def azurerm_tables(self) -> dict:
        """Data source names and the deprecated/removed resource tables."""
        self._entries(self._tf_file, "resources")
        data = self._raw.get(f"{self._tf_file}#tables") or {}
        return {k: v for k, v in data.items() if k != "resources"}

    def azurerm_index(self) -> dict:
        """The whole azurerm part, decoded (what the builder writes)."""
        return {"resources": {n: self.azurerm(n) for n in self.azurerm_names()}, **self.azurerm_tables()}

    @property
    def azurerm_version(self) -> str:
        return str((self.provenance.get("azurerm") or {}).get("provider_version") or "?")


def load(root: Path) -> Oracles:
    return _load(str(Path(root).resolve()))


@functools.lru_cache(maxsize=4)
def _load(root: str) -> Oracles:
    """One Oracles per folder, so repeated validations in a process parse each file once."""
    return Oracles(Path(root))
