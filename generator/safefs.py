"""Every file archkit writes into a repository goes through here: no symbolic link is followed.

A repository we update (or a folder `new --force` writes into) is untrusted: a checklist
replaced by a link to `../../victim`, or a `docs/` folder that is a link, must not make
archkit write outside it. So a path is walked one component at a time from an open
folder descriptor with ``O_NOFOLLOW``: a link anywhere on the way is refused, not
followed, and a check-then-write race cannot swap a folder for a link in between. A file
is written to a temporary name in its own folder, flushed to disk and renamed over the
old one: an interruption leaves the old file or the new one, never a half-written one.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
TMP_PREFIX = ".archkit-write-"


class LinkInPath(OSError):
    """A component of a path archkit would write is a symbolic link (or not a folder where one is needed)."""

    def __init__(self, rel: str, component: str, what: str):
        super().__init__(errno.ELOOP, f"{component} is {what}")
        self.rel, self.component, self.what = rel, component, what


def _parts(rel: str) -> list[str]:
    parts = [p for p in str(rel).replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError(f"not a relative path inside the folder: {rel!r}")
    return parts


def _describe(root: Path, rel_prefix: str) -> str:
    try:
        st = os.lstat(Path(root) / rel_prefix)
    except OSError:
        return "not a folder"
    if stat.S_ISLNK(st.st_mode):
        try:
            return f"a symbolic link (to {os.readlink(Path(root) / rel_prefix)})"
        except OSError:
            return "a symbolic link"
    return "not a folder"


def link_in_path(root: Path, rel: str, *, cache: dict | None = None) -> tuple[str, str] | None:
    """(component, what) when writing ``rel`` under ``root`` would meet a link or a non-folder; else None.

    A missing component is fine (it would be created); ``cache`` shares the lstat of common prefixes.
    """
    parts = _parts(rel)
    cache = {} if cache is None else cache
    for n in range(1, len(parts) + 1):
        prefix = "/".join(parts[:n])
        if prefix not in cache:
            try:
                mode = os.lstat(Path(root) / prefix).st_mode
            except FileNotFoundError:
                mode = None
            except NotADirectoryError:
                mode = -1
            cache[prefix] = mode
        mode = cache[prefix]
        if mode is None:
            return None  # nothing further down exists
        last = n == len(parts)
        if mode == -1 or stat.S_ISLNK(mode):
            return prefix, _describe(root, prefix)
        if not last and not stat.S_ISDIR(mode):
            return prefix, "not a folder"
        if last and stat.S_ISDIR(mode):
            return prefix, "a folder"
    return None


def _open_parent(root: Path, parts: list[str], rel: str, create: bool, dir_mode: int) -> int:
    """A descriptor of the folder holding the last component, walked without following links."""
    fd = os.open(root, _DIR_FLAGS)
    try:
        for n, name in enumerate(parts[:-1]):
            try:
                nxt = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(name, dir_mode, dir_fd=fd)
                except FileExistsError:
                    pass
                nxt = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                    raise
                prefix = "/".join(parts[:n + 1])
                raise LinkInPath(rel, prefix, _describe(root, prefix)) from None
            os.close(fd)
            fd = nxt
        return fd
    except BaseException:
        os.close(fd)
        raise


def write_file(root: Path, rel: str, data: bytes, *, mode: int = 0o644, dir_mode: int = 0o777) -> None:
    """Write ``root/rel`` atomically without following a link anywhere below ``root``.

    ``root`` itself is trusted (the caller resolved it). Missing folders are created with
    ``dir_mode`` (the umask applies); the file ends up with ``mode`` (the umask applies too).
    """
    parts = _parts(rel)
    fd = _open_parent(Path(root), parts, rel, True, dir_mode)
    name = parts[-1]
    tmp = f"{TMP_PREFIX}{os.getpid()}-{name}"[:255]
    try:
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None and (stat.S_ISLNK(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            raise LinkInPath(rel, "/".join(parts), _describe(root, "/".join(parts)))
        try:
            os.unlink(tmp, dir_fd=fd)
        except FileNotFoundError:
            pass
        out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                      mode, dir_fd=fd)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(out, view):]
            os.fsync(out)
        finally:
            os.close(out)
        try:
            os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            os.unlink(tmp, dir_fd=fd)
            raise
    finally:
        os.close(fd)


def move_into(src: Path, root: Path, rel: str, *, dir_mode: int = 0o777) -> None:
    """Rename the file ``src`` to ``root/rel`` (same file system), following no link below ``root``."""
    parts = _parts(rel)
    fd = _open_parent(Path(root), parts, rel, True, dir_mode)
    try:
        name = parts[-1]
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None and (stat.S_ISLNK(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            raise LinkInPath(rel, "/".join(parts), _describe(root, "/".join(parts)))
        os.replace(src, name, dst_dir_fd=fd)
    finally:
        os.close(fd)


def read_file(root: Path, rel: str, limit: int = 20 * 1024 * 1024) -> bytes | None:
    """The bytes of a regular file ``root/rel`` read without following links; None when absent or not regular."""
    parts = _parts(rel)
    try:
        fd = _open_parent(Path(root), parts, rel, False, 0o777)
    except (FileNotFoundError, LinkInPath):
        return None
    try:
        try:
            f = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=fd)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(f).st_mode):
                return None
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(f, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks)[:limit]
        finally:
            os.close(f)
    finally:
        os.close(fd)
