"""The on-disk cache of a parsed catalog, so `list`/`show`/`new` skip YAML and schema work.

Layout: magic, header length, a pickled header, then one pickle per architecture entry.
The header holds everything but the entries, the names in ``architectures/`` when the
catalog was built, and per entry its offset and length in the file and the size and mtime
of its YAML file.

Freshness is checked in three steps, so a catalog of a thousand entries costs `show` one
stat rather than a thousand:

* the cache file is named by the sizes and mtimes of the shared files (components,
  regions, recommend.yaml, design areas, claims, schemas) - any change there misses;
* reading it lists ``architectures/`` and compares the names - an added, removed or
  renamed entry misses;
* an entry's own size and mtime are compared when the entry is first used. An entry is
  validated against its own file and the shared files only (its id is its file name), so
  an edited entry is never served stale; using one rebuilds the whole catalog, which
  reports errors exactly as a cold load does.

Safety (docs/security.md): the file is read only from a private folder, through
``generator.cachedir`` (owner, mode, no links), and unpickled by ``_DataOnly``, which
resolves archkit's catalog classes and nothing else, so a planted file cannot run code.
A file or entry that fails to read, check or unpickle is ignored and the catalog rebuilt.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import cachedir
from . import models as m

# Bump when the models or the layout change.
_VERSION = "9"
_MAGIC = b"archkit-catalog-6\n"
ENTRY_DIR = "architectures"
_SHARED_DIRS = ("", "design-areas", "claims", "schema")
_DATA_SUFFIXES = (".yaml", ".json")
_HAVE_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_MISSING = -1  # size recorded for an entry file that could not be stat'ed: always stale


cache_dir = cachedir.cache_dir
_ALLOWED: dict[tuple[str, str], type] = {}


class _DataOnly(pickle.Unpickler):
    """Unpickles catalog data only: a global other than archkit's catalog classes (and
    pathlib paths) is an error, so no callable an attacker chose is ever reached."""

    def find_class(self, module: str, name: str):
        if not _ALLOWED:
            import pathlib

            _ALLOWED.update({(m.__name__, n): c for n, c in vars(m).items()
                             if isinstance(c, type) and issubclass(c, m._Value)})
            _ALLOWED.update({("pathlib", c.__name__): c for c in (pathlib.Path, pathlib.PosixPath,
                                                                  pathlib.WindowsPath, pathlib.PurePosixPath)})
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not archkit catalog data") from None


def _loads(data) -> object:
    return _DataOnly(io.BytesIO(data)).load()


def cache_path(root: Path) -> Path:
    """The cache file for ``root`` as its shared files are now.

    One listing per folder and one stat per file (relative to the folder's descriptor where
    the OS allows it), and a CRC rather than a cryptographic hash: it only names a file.
    """
    root_s = os.path.abspath(root)
    parts = [_VERSION, root_s, *_code_stamps()]
    for sub in _SHARED_DIRS:
        try:
            parts += _folder_stats(os.path.join(root_s, sub) if sub else root_s, sub)
        except OSError:
            parts.append(f"-{sub}")
    data = "\n".join(parts).encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xFFFFFFFF:08x}"
    return Path(cache_dir()) / f"catalog-{name}.pickle"


def _code_stamps() -> list[str]:
    """The loader and models as they are now: a checkout whose code changed without a
    _VERSION bump must not read entries its code would build differently (two stats)."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for name in ("loader.py", "models.py"):
        try:
            st = os.stat(os.path.join(here, name))
            out.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            out.append(f"{name}:-")
    return out


def _folder_stats(folder: str, sub: str) -> list[str]:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _HAVE_DIR_FD else None
    try:
        names = os.listdir(folder if fd is None else fd)
        out = [f"/{sub}"]
        for n in sorted(n for n in names if n.endswith(_DATA_SUFFIXES) and not n.startswith(".")):
            try:
                st = os.stat(os.path.join(folder, n)) if fd is None else os.stat(n, dir_fd=fd)
            except OSError:  # vanished since the listing
                continue
            out.append(f"{n}:{st.st_size}:{st.st_mtime_ns}")
        return out
    finally:
        if fd is not None:
            os.close(fd)


def _listing(root: Path) -> frozenset[str] | None:
    # Every name, not only *.yaml: an unrelated file appearing costs a rebuild, never a stale entry.
    try:
        return frozenset(os.listdir(os.path.join(os.path.abspath(root), ENTRY_DIR)))
    except OSError:
        return None


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return _MISSING, _MISSING
    return st.st_size, st.st_mtime_ns


class Snapshot:
    """The entry folder's names and each entry file's size and mtime, taken *before* a build
    reads them, so an edit made while building is seen as stale on the next use."""

    def __init__(self, root: Path):
        self.listing = _listing(root)
        folder = os.path.join(os.path.abspath(root), ENTRY_DIR)
        self.stamps = {n[:-5]: _stamp(os.path.join(folder, n))
                       for n in self.listing or () if n.endswith(".yaml") and not n.startswith(".")}


class LazyEntries(Mapping):
    """The architecture entries of a cached catalog, checked and unpickled one at a time on first use.

    Holds an open descriptor of the cache file (so a concurrent rewrite cannot move the
    bytes under it). `show` and `new` stat and unpickle one entry of N; `list` stats all and
    reads them in one read. Iteration order, ``in`` and ``len`` need neither. An entry whose
    file changed calls ``rebuild`` (which raises ``CatalogError`` for a broken catalog) and
    from then on serves the rebuilt entries.
    """

    def __init__(self, root: Path, fd: int, base: int, keys: tuple[str, ...], table: memoryview,
                 rebuild: Callable[[], m.Catalog]):
        self._root, self._rebuild = root, rebuild
        self._fd, self._base, self._keys, self._table = fd, base, keys, table
        self._pos = dict(zip(keys, range(len(keys))))
        self._done: dict[str, m.Architecture] = {}

    def _row(self, key: str) -> tuple[int, int, int, int]:
        i = self._pos[key] * 4  # KeyError for an unknown id, as a dict would
        t = self._table
        return t[i], t[i + 1], t[i + 2], t[i + 3]

    def _stale(self, keys) -> bool:
        folder = os.path.join(os.path.abspath(self._root), ENTRY_DIR)
        for k in keys:
            _, _, size, mtime = self._row(k)
            if size == _MISSING or _stamp(os.path.join(folder, k + ".yaml")) != (size, mtime):
                return True
        return False

    def _refresh(self) -> None:
        fresh = dict(self._rebuild().architectures)
        self._close()
        self._keys, self._done = tuple(fresh), fresh
        self._pos = dict(zip(self._keys, range(len(self._keys))))

    def _read(self, offset: int, length: int) -> bytes:
        pos = self._base + offset
        if hasattr(os, "pread"):
            data = os.pread(self._fd, length, pos)
        else:  # Windows
            os.lseek(self._fd, pos, os.SEEK_SET)
            data = os.read(self._fd, length)
        if len(data) != length:
            raise OSError(f"archkit catalog cache: short read ({len(data)} of {length} bytes)")
        return data

    def __getitem__(self, key: str) -> m.Architecture:
        try:
            return self._done[key]
        except KeyError:
            pass
        offset, length, _, _ = self._row(key)
        if self._stale((key,)):
            self._refresh()
            return self._done[key]
        try:
            value = _loads(self._read(offset, length))
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: rebuild, never fail
            self._refresh()
            return self._done[key]
        self._done[key] = value
        if len(self._done) == len(self._keys):
            self._close()
        return value

    def _load_all(self) -> None:
        missing = [k for k in self._keys if k not in self._done]
        if not missing:
            return
        if self._stale(missing):
            self._refresh()
            return
        rows = {k: self._row(k) for k in missing}
        first = min(r[0] for r in rows.values())
        end = max(r[0] + r[1] for r in rows.values())
        try:
            blob = memoryview(self._read(first, end - first))
        except OSError:
            self._refresh()
            return
        # Thousands of new, long-lived objects: without this the cyclic GC runs over and
        # over during the loop (twice the time for a 1,000-entry catalog) and finds nothing.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            loaded = {k: _loads(blob[offset - first:offset - first + length])
                      for k, (offset, length, _, _) in rows.items()}
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: rebuild, never fail
            loaded = None
        finally:
            if gc_was_on:
                gc.enable()
        if loaded is None:
            self._refresh()
            return
        self._done.update(loaded)
        self._close()

    def values(self):
        self._load_all()
        return super().values()

    def items(self):
        self._load_all()
        return super().items()

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key) -> bool:
        return key in self._pos

    def __repr__(self) -> str:
        return f"<{len(self._keys)} architecture entries, {len(self._done)} loaded>"

    def __reduce__(self):  # pickling, copy and deepcopy see a plain dict
        return (dict, (dict(self.items()),))

    def _close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass

    def __del__(self):
        self._close()


def read(path: Path, root: Path, rebuild: Callable[[], m.Catalog]) -> m.Catalog | None:
    """The cached catalog, or None when the file is missing, stale, truncated or foreign."""
    fd = cachedir.open_private(str(path))
    if fd is None:  # missing, a link, not a regular file, another user's, or in a folder others can write
        return None
    try:
        start = len(_MAGIC) + 8
        head = os.read(fd, start)
        if len(head) != start or not head.startswith(_MAGIC):
            raise ValueError("not an archkit catalog cache")
        header_len = int.from_bytes(head[len(_MAGIC):], "little")
        size = os.fstat(fd).st_size
        if start + header_len > size:
            raise ValueError("truncated archkit catalog cache")
        header = os.read(fd, header_len)
        if len(header) != header_len:
            raise ValueError("truncated archkit catalog cache")
        catalog, listing, keys, table, blobs_len = _loads(header)
        if not (isinstance(catalog, m.Catalog) and isinstance(keys, tuple) and isinstance(table, bytes)
                and all(type(k) is str for k in keys)):
            raise ValueError("not an archkit catalog cache")
        base = start + header_len
        if size != base + blobs_len or len(table) != 4 * 8 * len(keys):
            raise ValueError("truncated archkit catalog cache")
        if listing != _listing(root):
            raise ValueError("entries added, removed or renamed")
        rows = memoryview(table).cast("q")
    except Exception:  # a stale, truncated or foreign cache is simply rebuilt
        os.close(fd)
        return None
    catalog.architectures = LazyEntries(root, fd, base, keys, rows, rebuild)
    return catalog


def write(path: Path, catalog: m.Catalog, snap: Snapshot) -> None:
    """Write atomically (temp file + rename): readers see the old file or the new one."""
    from array import array

    keys = tuple(catalog.architectures)
    table, blobs, offset = array("q"), [], 0
    for key in keys:
        blob = pickle.dumps(catalog.architectures[key], protocol=pickle.HIGHEST_PROTOCOL)
        table.extend((offset, len(blob), *snap.stamps.get(key, (_MISSING, _MISSING))))
        blobs.append(blob)
        offset += len(blob)
    head = m.Catalog(**{**vars(catalog), "architectures": {}})
    header = pickle.dumps((head, snap.listing, keys, table.tobytes(), offset), protocol=pickle.HIGHEST_PROTOCOL)
    # private (0600, in a 0700 folder this user owns), atomic: readers see the old file or the new one
    cachedir.write_private(str(path), [_MAGIC, len(header).to_bytes(8, "little"), header, *blobs])
