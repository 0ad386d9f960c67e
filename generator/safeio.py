"""Reading files that someone else may have put there: regular files only, bounded, never hanging.

A path that names a FIFO, a device or a socket is refused before anything is read (opening
with O_NONBLOCK so a FIFO without a writer cannot block), the descriptor is checked again
with fstat (the path may have been swapped after the first look), and at most ``limit``
bytes are read, whatever size the file claims (a sparse file, /proc, a growing log).
"""

from __future__ import annotations

import os
import stat

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


class NotRegularFile(OSError):
    """The path exists but is not a regular file (``kind`` says what it is)."""

    def __init__(self, kind: str):
        super().__init__(f"it is {kind}, not a regular file")
        self.kind = kind
        self.strerror = str(self)


class FileTooLarge(OSError):
    def __init__(self, size: int, limit: int):
        super().__init__(f"it is larger than {limit} bytes")
        self.size, self.limit = size, limit
        self.strerror = str(self)


def kind_of(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def check_regular(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(kind_of(st.st_mode))


def read_regular(path, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises NotRegularFile, FileTooLarge, or OSError (missing, unreadable; with
    ``follow=False`` a symbolic link is NotRegularFile("a symbolic link")).
    """
    st = os.stat(path) if follow else os.lstat(path)
    check_regular(st)  # before opening: opening a device can itself have effects
    if st.st_size > limit:
        raise FileTooLarge(st.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise NotRegularFile("a symbolic link") from None
        raise exc
    try:
        fst = os.fstat(fd)
        check_regular(fst)
        if (fst.st_dev, fst.st_ino) != (st.st_dev, st.st_ino):
            raise NotRegularFile("a file swapped while being opened")
        chunks, got = [], 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise FileTooLarge(got, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
