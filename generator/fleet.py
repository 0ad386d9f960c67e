"""`archkit status DIR…`: one row per local clone of a generated repository, for a fleet.

Each row is what `archkit check` and the kit conformance check say about one repository,
read from its files (no git, no network beyond the kit sources it records). Remote kit
sources are cloned and their tags listed once per run, however many repositories record them.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import ArchkitError, InputError

SCHEMA = "archkit/status/v1"
# Below this many repositories a worker pool costs more than it saves.
_POOL_FROM = 24


@dataclass
class Row:
    repository: str
    status: str  # current | update-available | nonconforming | error
    architecture: str | None = None
    iac: str | None = None
    archkit_version: str | None = None
    kit: str | None = None
    kit_newer: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def drift(self) -> str:
        if self.status == "error":
            return f"error: {self.error}"
        parts = []
        if self.status == "update-available":
            parts.append("update available" + (f" (kit {self.kit_newer[-1]})" if self.kit_newer else ""))
        if self.findings:
            parts.append(f"{len(self.findings)} conformance finding{'s' if len(self.findings) != 1 else ''}")
        return ", ".join(parts) or "current"


_LIST_MAX = 4 * 1024 * 1024


def read_list(path: Path) -> list[str]:
    """Repository folders from a file: one per line; blank lines and # comments ignored."""
    import stat

    hint = "pass a text file with one repository folder per line"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the list: {exc.strerror}", hint) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise InputError(f"{path}: not a regular file", hint)
        data = f.read(_LIST_MAX + 1)
    if len(data) > _LIST_MAX:
        raise InputError(f"{path}: larger than 4 MB; not a list of folders", hint)
    out = []
    for raw in data.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    if not out:
        raise InputError(f"{path}: lists no repository folders", "write one folder path per line")
    return out


def _one(path: str) -> Row:
    from .update import check

    row = Row(repository=path, status="error")
    try:
        result = check(Path(path))
    except ArchkitError as exc:
        row.error = exc.message.splitlines()[0]
        return row
    row.architecture, row.archkit_version = result.architecture, result.recorded_version
    row.kit, row.kit_newer, row.reasons = result.kit_recorded, list(result.kit_newer), list(result.reasons)
    row.iac, row.findings, row.status = result.iac, list(result.conformance), result.status
    return row


def _batch(paths: list[str]) -> list[Row]:
    from .kits.source import shared_fetches

    with shared_fetches():
        return [_one(p) for p in paths]


def status(paths: list[str], jobs: int | None = None) -> list[Row]:
    """A row per repository, in the order given. Never raises for one repository's fault."""
    if not paths:
        raise InputError("no repository folders given", "pass folders (archkit status DIR…) or --from-file FILE")
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs <= 1 or len(paths) < _POOL_FROM:
        return _batch(paths)
    # contiguous chunks keep each worker's kit clones shared across its repositories
    size = -(-len(paths) // jobs)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=len(chunks)) as pool:
        return [row for rows in pool.map(_batch, chunks) for row in rows]


def as_json(rows: list[Row]) -> dict:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"schema": SCHEMA, "counts": counts,
            "repositories": [{**asdict(r), "drift": r.drift} for r in rows]}
