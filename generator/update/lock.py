"""One archkit command at a time per repository: `.git/archkit.lock`.

The lock file is made complete (pid, host, start time, command) under a private name and
then hard-linked to its real name, which fails when it exists: there is never a lock
without an owner in it. A lock whose owner is gone is broken only when that can be known
for sure, i.e. it was taken on this host and its process no longer exists; anything else
is reported and left for the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path

from ..errors import UpdateError

NAME = "archkit.lock"


def _host() -> str:
    return socket.gethostname()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OverflowError:
        return False
    return True


def _holder(path: Path) -> dict | None:
    from .. import safefs

    raw = safefs.read_file(path.parent, path.name, limit=4096)  # no link followed, no FIFO opened for long
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def is_stale(holder: dict | None) -> bool:
    if not holder or holder.get("host") != _host():
        return False
    pid = holder.get("pid")
    return isinstance(pid, int) and pid > 0 and pid != os.getpid() and not _alive(pid)


def _describe(holder: dict | None) -> str:
    if not holder:
        return "by a process archkit cannot identify (the lock file is unreadable)"
    return (f"by archkit {holder.get('command', '?')} (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
            f"since {holder.get('started', '?')})")


def acquire(git_dir: Path, command: str) -> Path:
    path = Path(git_dir) / NAME
    mine = {"pid": os.getpid(), "host": _host(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "command": command}
    tmp = Path(git_dir) / f"{NAME}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        try:
            os.write(fd, json.dumps(mine).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UpdateError(f"cannot take the repository lock {path}: {exc.strerror or exc}",
                          "archkit needs to write in the repository's .git folder; check its permissions and free space"
                          ) from None
    try:
        for attempt in range(2):
            try:
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    raise
                except OSError:  # a file system without hard links: O_EXCL, written at once
                    _create_excl(path, json.dumps(mine).encode("utf-8"))
                return path
            except FileExistsError:
                holder = _holder(path)
                if attempt == 0 and is_stale(holder) and _break(path, holder):
                    continue
                raise UpdateError(
                    f"{git_dir.parent if git_dir.name == '.git' else git_dir}: another archkit command holds the "
                    f"repository lock {path} {_describe(holder)}",
                    "wait for it to finish and run the command again; if no archkit is running (e.g. it was killed "
                    f"on another machine), delete {path}" + ("" if not holder or holder.get("command") != "update"
                                                             else ", then `archkit update --abort`")) from None
        raise AssertionError("unreachable")
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _create_excl(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _break(path: Path, seen: dict) -> bool:
    """Remove a stale lock, unless another process replaced it meanwhile (then it is not stale)."""
    breaker = path.with_name(NAME + ".break")
    try:
        fd = os.open(breaker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        try:  # a breaker killed half-way: older than a few seconds is abandoned
            if time.time() - breaker.lstat().st_mtime > 10:
                breaker.unlink()
        except OSError:
            pass
        return False
    os.close(fd)
    try:
        if _holder(path) != seen:
            return False
        path.unlink()
        return True
    except FileNotFoundError:
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            breaker.unlink()


def release(path: Path) -> None:
    holder = _holder(path)
    if holder and holder.get("pid") == os.getpid() and holder.get("host") == _host():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def held(git_dir: Path, command: str):
    path = acquire(git_dir, command)
    try:
        yield path
    finally:
        release(path)
