"""archkit's cache folder, used only while no other user can write to it.

Caches hold the parsed catalog (pickles read by a data-only unpickler: archkit's catalog
classes, nothing else, so a cache file cannot run code) and Jinja bytecode (code by
nature: every entry carries an HMAC keyed by a per-user secret, checked before it is
loaded). On top of that, nothing is read from or written to the folder unless it is a
real folder (not a link) owned by the current user and not writable by group or others,
and every file is opened through the folder's descriptor without following links and
checked the same way. A cache that fails any check is ignored and rebuilt: it only ever
costs time. docs/security.md describes the design.
"""

from __future__ import annotations

import functools
import os
import stat

KEY_FILE = "key"
_POSIX = hasattr(os, "getuid")
_DIR_FD = _POSIX and os.open in os.supports_dir_fd
_O_DIR = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_O_FILE = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def cache_dir() -> str:
    """archkit's cache folder: $ARCHKIT_CACHE_DIR, else $XDG_CACHE_HOME/archkit, else ~/.cache/archkit."""
    return os.environ.get("ARCHKIT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "archkit"
    )


def _uid() -> int:
    return os.getuid()


def private(st: os.stat_result, kind=stat.S_ISREG) -> bool:
    """Of the right kind, owned by this user, and writable by nobody else."""
    if not kind(st.st_mode):
        return False
    if not _POSIX:  # Windows: ACLs, not modes; the user profile is private by default
        return True
    return st.st_uid == _uid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_dir(folder: str) -> int | None:
    try:
        fd = os.open(folder, os.O_RDONLY | _O_DIR)
    except OSError:
        return None
    if not private(os.fstat(fd), stat.S_ISDIR):
        os.close(fd)
        return None
    return fd


def ensure_dir(folder: str) -> bool:
    """Create ``folder`` (0700) if missing; True when it is private and usable."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    if not _DIR_FD:
        return not os.path.islink(folder)
    fd = _open_dir(folder)
    if fd is None:
        return False
    os.close(fd)
    return True


def open_private(path: str) -> int | None:
    """A read-only descriptor of a private regular file in a private folder, or None."""
    if not _DIR_FD:
        try:
            return None if os.path.islink(path) else os.open(path, os.O_RDONLY | _O_FILE)
        except OSError:
            return None
    folder, name = os.path.split(os.fspath(path))
    dfd = _open_dir(folder)
    if dfd is None:
        return None
    try:
        fd = os.open(name, os.O_RDONLY | _O_FILE | getattr(os, "O_NONBLOCK", 0), dir_fd=dfd)
    except OSError:
        return None
    finally:
        os.close(dfd)
    if not private(os.fstat(fd)):
        os.close(fd)
        return None
    return fd


def read_private(path: str, limit: int) -> bytes | None:
    fd = open_private(path)
    if fd is None:
        return None
    try:
        if os.fstat(fd).st_size > limit:
            return None
        chunks, got = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            got += len(chunk)
            if got > limit:
                return None
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_private(path: str, chunks, *, exclusive: bool = False) -> None:
    """Write ``path`` (0600) atomically through a temporary file; OSError when the folder is not private."""
    folder, name = os.path.split(os.fspath(path))
    if not ensure_dir(folder):
        raise PermissionError(f"{folder} is not a private folder of this user")
    tmp = f".{name}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_FILE
    if not _DIR_FD:
        tmp = os.path.join(folder, tmp)
        fd = os.open(tmp, flags, 0o600)
        dfd = None
    else:
        dfd = _open_dir(folder)
        if dfd is None:
            raise PermissionError(f"{folder} is not a private folder of this user")
        fd = os.open(tmp, flags, 0o600, dir_fd=dfd)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            if exclusive:  # a second writer keeps the first one's file (the key must not change)
                if dfd is None:
                    os.link(tmp, path)
                else:
                    os.link(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            elif dfd is None:
                os.replace(tmp, path)
            else:
                os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        finally:
            try:
                os.unlink(tmp, dir_fd=dfd) if dfd is not None else os.unlink(tmp)
            except OSError:
                pass
    finally:
        if dfd is not None:
            os.close(dfd)


@functools.lru_cache(maxsize=4)
def _key_for(folder: str) -> bytes | None:
    path = os.path.join(folder, KEY_FILE)
    for _ in range(2):
        fd = open_private(path)
        if fd is not None:
            try:
                st = os.fstat(fd)
                secret = os.read(fd, 64)
            finally:
                os.close(fd)
            if len(secret) != 32 or (_POSIX and st.st_mode & 0o077):
                return None  # readable by others, or not ours: no signed cache at all
            import hashlib  # here, not at the top: `archkit list` and `show` never sign anything

            # Bound to this very file: a cache copied or restored elsewhere (a CI cache,
            # a shared folder) lands on another inode, fails every check and is rebuilt.
            return hashlib.sha256(secret + f"\0{st.st_dev}\0{st.st_ino}".encode()).digest()
        try:
            write_private(path, [os.urandom(32)], exclusive=True)
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


def secret() -> bytes | None:
    """This user's key for signing cache entries that hold code; None: do not cache code."""
    return _key_for(cache_dir())


def sign(key: bytes, *parts: bytes) -> bytes:
    import hmac

    return hmac.digest(key, b"\0".join(parts), "sha256")


def verify(key: bytes, mac: bytes, *parts: bytes) -> bool:
    import hmac

    return hmac.compare_digest(mac, sign(key, *parts))
